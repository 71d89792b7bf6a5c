"""The repository carries every file its tests, benchmarks, docs and demo read: a user's clone is all there is."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
# The folder of reference material that sits beside the maintainers' checkout (and no one else's), as a path.
_OUTSIDE = re.compile(r"""(?<![.\w])\.\./shared\b|["']shared["']\s*/|/\s*["']shared["']""")


def _project_files() -> list[Path]:
    # .ci/run is left out: it names the folder only to check that the copy it tests has none beside it.
    roots = [ROOT / name for name in ("smartthings_client", "tests", "benchmarks", "docs")]
    files = [p for r in roots for p in r.rglob("*") if p.is_file() and p.suffix in {".py", ".yml", ".toml", ".cfg", ""}]
    return [*files, ROOT / "dev.py", ROOT / "mkdocs.yml", ROOT / "pyproject.toml"]


def test_every_data_source_says_where_it_came_from() -> None:
    sources = [p for p in DATA.iterdir() if p.is_dir()]
    assert len(sources) >= 8  # pysmartthings, core-sdk, core-sdk-more, webhook, spec, ...
    for source in sources:
        readme = source / "README.md"
        assert readme.is_file(), f"{source.name} has no provenance README"
        assert re.search(r"commit|Origin|origin|Source|source", readme.read_text(encoding="utf-8")), source.name


def test_no_file_reads_outside_the_checkout() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _project_files()
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if _OUTSIDE.search(line) and "_OUTSIDE" not in line
    ]
    assert offenders == []
