"""The capability catalogue pages (docs/gen_catalog.py) cover every bundled capability, without mkdocs."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from smartthings_client.catalog._codegen import BUNDLED_NAMESPACES, CATALOG

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_catalog", ROOT / "docs" / "gen_catalog.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _section(page: str, capability_id: str) -> str:
    return page.split(f"\n## {capability_id} {{ #{capability_id} }}\n", 1)[1].split("\n## ", 1)[0]


def test_every_bundled_capability_has_a_section_on_its_namespaces_page() -> None:
    pages = _generator().pages()
    assert set(pages) == {f"catalog/{namespace}.md" for namespace in BUNDLED_NAMESPACES}
    vendored = {
        namespace: sorted(
            path.stem
            for path in (CATALOG if namespace == "standard" else CATALOG / namespace).glob("_definitions/*.json")
        )
        for namespace in BUNDLED_NAMESPACES
    }
    assert sum(len(ids) for ids in vendored.values()) == 585
    for namespace, ids in vendored.items():
        page = pages[f"catalog/{namespace}.md"]
        assert page.startswith(f"# Capability catalogue: {namespace}\n\nThe {len(ids)} capabilities of ")
        for capability_id in ids:
            assert f"\n## {capability_id} {{ #{capability_id} }}\n" in page
            assert f"| [`{capability_id}`](#{capability_id}) |" in page


def test_a_section_gives_attributes_commands_and_their_python_names() -> None:
    pages = _generator().pages()
    switch_level = _section(pages["catalog/standard.md"], "switchLevel")
    assert "Switch Level, version 1 (live). `from smartthings_client.catalog import switch_level`" in switch_level
    assert "| `level` | `switch_level.LEVEL` | integer 0..100 | % | `set_level()` |" in switch_level
    assert "| `setLevel` | `switch_level.set_level()` | level: integer 0..100, rate?: integer 0.. |" in switch_level
    washer = _section(pages["catalog/samsungce.md"], "samsungce.washerCycle")
    assert "`from smartthings_client.catalog.samsungce import washer_cycle`" in washer
    assert (
        "| `setCycleType` | `washer_cycle.set_cycle_type()` "
        "| cycleType: string one of allInOne, washingOnly, dryingOnly, washerCycle?: string |"
    ) in washer
    assert "| `on` | `switch.on()` | none |" in _section(pages["catalog/standard.md"], "switch")


def test_schema_text_is_shown_as_written_not_read_as_markdown() -> None:
    generator = _generator()
    assert generator._text("a | b_c *d* `e` [f] <g>") == (
        "a &#124; b&#95;c &#42;d&#42; &#96;e&#96; &#91;f&#93; &#60;g&#62;"
    )
    for page in generator.pages().values():
        for line in page.splitlines():
            if line.startswith("| `") and not line.startswith("| [`"):
                cells = line.strip("|").split(" | ")
                assert len(cells) in (3, 5), line  # no cell text split a row
