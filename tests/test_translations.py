"""The Bangla catalogue is complete: nothing untranslated, nothing fuzzy, nothing new in
the code that makemessages would add."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "bn" / "LC_MESSAGES" / "django.po"
# Every app of the project (a folder with Python code), and the site-wide templates.
SOURCES = sorted(
    p.name
    for p in ROOT.iterdir()
    if p.is_dir()
    and p.name not in {"tests", "var", "staticfiles", "media", "docs", "locale"}
    and not p.name.startswith(".")
    and ((p / "__init__.py").exists() or p.name == "templates")
)


def _entries(text: str) -> dict[str, dict]:
    entries = {}
    for block in text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not match:
            continue
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        strs = re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', block, re.M)
        entries[msgid] = {
            "fuzzy": "#, fuzzy" in block,
            "translated": all("".join(re.findall(r'"(.*)"', s)) for s in strs),
            "obsolete": block.lstrip().startswith("#~"),
        }
    entries.pop("", None)
    return entries


def test_every_bangla_message_is_translated_and_not_fuzzy():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert entries
    missing = [msgid for msgid, e in entries.items() if not e["translated"] or e["fuzzy"]]
    assert not missing, f"untranslated or fuzzy in {PO.name}: {missing}"


def test_catalogue_has_every_message_the_code_uses(tmp_path):
    for name in SOURCES:
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copytree(ROOT / "locale", tmp_path / "locale", ignore=shutil.ignore_patterns("*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "bn", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    fresh = _entries((tmp_path / "locale" / "bn" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8"))
    ours = _entries(PO.read_text(encoding="utf-8"))
    new = sorted(set(fresh) - set(ours))
    assert not new, f"run `make translations`: these messages are not in the catalogue yet: {new}"
