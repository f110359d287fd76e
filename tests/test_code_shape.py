"""The project's size rules hold: no module over 800 lines, no function over 80 (migrations aside).

A long function is split into named steps, a long module into modules by topic (see the
README's Layout section); this test keeps it so, for code written from now on.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 80
# Generated (migrations) or not the project's (dot-folders such as .venv and .git, build output).
SKIPPED = {"migrations", "var", "staticfiles", "media", "node_modules", "__pycache__"}


def _modules() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):  # os.walk does not follow the .venv symlink
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and d not in SKIPPED)
        found += [Path(folder) / name for name in sorted(files) if name.endswith(".py")]
    return found


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def test_the_walk_sees_the_project() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in _modules()}
    assert {"manage.py", "lms/settings.py", "tests/test_code_shape.py"} <= names
    assert not any(name.startswith(".") or "/migrations/" in name for name in names)


def test_no_module_is_longer_than_800_lines() -> None:
    too_long = []
    for path in _modules():
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{path.relative_to(ROOT)}: {lines} lines")
    assert not too_long, "Split these modules by topic:\n" + "\n".join(too_long)


def test_no_function_is_longer_than_80_lines() -> None:
    too_long = []
    for path in _modules():
        for function in _functions(ast.parse(path.read_text("utf-8"), filename=str(path))):
            # From `def` to the last line of the body: decorators do not count, comments inside do.
            lines = (function.end_lineno or function.lineno) - function.lineno + 1
            if lines > MAX_FUNCTION_LINES:
                too_long.append(f"{path.relative_to(ROOT)}:{function.lineno} {function.name}(): {lines} lines")
    assert not too_long, "Split these functions into named steps:\n" + "\n".join(too_long)
