"""The README's Python blocks, for the tests that run them from a module kept identical to the block."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def assert_readme_shows(heading: str, module: str) -> None:
    """The first Python block after ``heading`` in README.md is the end of ``tests/<module>``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split(heading, 1)[1]
    shown = section.split("```python\n", 1)[1].split("```", 1)[0]
    source = (ROOT / "tests" / module).read_text(encoding="utf-8")
    assert source.endswith(shown), f"README's block under {heading!r} differs from tests/{module}"
