"""The dependency direction of the README's Layout section, checked over every import.

Layers, from the bottom: `cms` and `lms` (its lib and its platform apps), then `courses`, then
`events` with its sub-apps, then `certificates`. A module may import from its own app, from its
parent app and from any lower layer; never upwards, and a parent never from its own sub-apps.
Two kinds of module sit on top because their job is to read or wire everything: `lms.impact`
(reports over every app's facts) and the project's wiring (`lms/urls.py`, `lms/routing.py`, ...).
An app that must react to one above it connects to a signal the lower app defines.

Module-level imports must form no cycle, and an import inside a function that reaches another app
must say why on the line above (a comment), since that is how cycles used to be dodged.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cms", "lms", "courses", "events", "certificates")
SUB_APPS = {
    "lms": {"people", "notifications", "jobs", "audit", "ops", "forums", "impact"},
    "events": {"room", "workshops", "fairs", "trainers"},
}
LAYER = {"cms": 0, "lms": 0, "courses": 1, "events": 2, "certificates": 3}
TOP = 9  # above everything
PARENT_APPS = {"events"}
ON_TOP = {"lms.impact"}
WIRING = {"lms.urls", "lms.routing", "lms.asgi", "lms.wsgi", "lms.celery", "lms.settings"}


@dataclass(frozen=True)
class Import:
    source: str  # importing module
    target: str  # imported project module
    line: int
    in_function: bool
    explained: bool  # a comment on the line above or at the end of the line
    type_only: bool  # under `if TYPE_CHECKING:`


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            modules[module_name(path)] = path
    return modules


def app_of(module: str) -> str:
    """`events.fairs.services` → `events.fairs`; `courses.catalogue` → `courses`."""
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in SUB_APPS.get(parts[0], ()):
        return ".".join(parts[:2])
    return parts[0]


def layer_of(module: str) -> int:
    app = app_of(module)
    if app in ON_TOP or module in WIRING:
        return TOP
    return LAYER[app.split(".")[0]]


def _resolve(node: ast.ImportFrom | ast.Import, modules: dict[str, Path]) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif node.level == 0 and node.module:
        names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    else:
        return []
    found = []
    for name in names:
        # `from events import services` names the module events.services; `import a.b.c` the longest known prefix
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name not in found:
            found.append(name)
    return found


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    in_function: set[int] = set()
    type_only: set[int] = set()
    for node in ast.walk(tree):
        # AppConfig.ready() is where Django wants an app's imports of models and receivers
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and not (
            node.name == "ready" and path.name == "apps.py"
        ):
            in_function.update(id(n) for n in ast.walk(node))
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(n) for child in node.body for n in ast.walk(child))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        above = lines[node.lineno - 2].strip() if node.lineno > 1 else ""
        explained = above.startswith("#") or "#" in lines[node.lineno - 1]
        for target in _resolve(node, modules):
            if target != module:
                found.append(
                    Import(module, target, node.lineno, id(node) in in_function, explained, id(node) in type_only)
                )
    return found


def all_imports() -> list[Import]:
    modules = project_modules()
    return [imp for module, path in modules.items() for imp in imports_of(module, path, modules)]


def is_upward(imp: Import) -> bool:
    source_app, target_app = app_of(imp.source), app_of(imp.target)
    if source_app == target_app:
        return False
    if layer_of(imp.target) > layer_of(imp.source):
        return True
    # a parent app reaching into its own sub-app (events → events.fairs); lms is a package
    # of side-by-side platform apps, not a parent app, so its modules may use them
    return "." in target_app and target_app.split(".")[0] == source_app and source_app in PARENT_APPS


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return all_imports()


def test_no_module_imports_from_a_layer_above_it(imports):
    upward = [f"{i.source}:{i.line} imports {i.target}" for i in imports if is_upward(i)]
    assert not upward, "Upward imports (react through a signal of the lower app instead):\n" + "\n".join(upward)


def test_module_imports_form_no_cycle(imports):
    graph: dict[str, set[str]] = {}
    for imp in imports:
        if not imp.in_function and not imp.type_only:
            graph.setdefault(imp.source, set()).add(imp.target)
    cycles = _cycles(graph)
    assert not cycles, "Import cycles:\n" + "\n".join(" → ".join(c) for c in cycles)


def test_imports_inside_functions_across_apps_say_why(imports):
    silent = [
        f"{i.source}:{i.line} imports {i.target}"
        for i in imports
        if i.in_function and app_of(i.source) != app_of(i.target) and not i.explained
    ]
    assert not silent, "Function-level imports of another app without a comment saying why:\n" + "\n".join(silent)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in list(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


# The checker itself, on made-up modules: it must see what it is meant to see.


def test_the_checker_sees_an_upward_import_and_a_parent_reaching_into_its_sub_app():
    assert is_upward(Import("courses.services", "events.models", 1, False, False, False))
    assert is_upward(Import("lms.people.privacy", "certificates.models", 1, True, True, False))
    assert is_upward(Import("events.services", "events.fairs.models", 1, False, False, False))
    assert not is_upward(Import("events.fairs.services", "events.models", 1, False, False, False))
    assert not is_upward(Import("certificates.sources", "events.fairs.models", 1, False, False, False))
    assert not is_upward(Import("lms.impact.figures", "certificates.models", 1, False, False, False))
    assert not is_upward(Import("lms.urls", "events.urls", 1, False, False, False))
    assert not is_upward(Import("lms.context_processors", "lms.people.roles", 1, False, False, False))


def test_the_checker_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []
