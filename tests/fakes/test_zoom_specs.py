"""The Zoom descriptions kept in the repository are the unchanged public files their README names."""

import hashlib
import re
from pathlib import Path

SPEC_DIR = Path(__file__).resolve().parent / "specs" / "zoom"


def test_each_spec_file_matches_the_sha256_in_its_readme() -> None:
    readme = (SPEC_DIR / "README.md").read_text("utf-8")
    # A table row: | `file` (...) | repo | path | commits | `sha256` |
    listed = dict(re.findall(r"^\| `([^`]+)`.*\| `([0-9a-f]{64})` \|$", readme, flags=re.M))
    assert set(listed) == {"ballerina-zoom-openapi.yaml", "zoom-api-openapi.v2.json"}
    for name, sha256 in listed.items():
        assert hashlib.sha256((SPEC_DIR / name).read_bytes()).hexdigest() == sha256, name
