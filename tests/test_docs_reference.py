"""The API reference generator (docs/gen_reference.py) covers every group and every operation, without mkdocs."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

from smartthings_client.scopes import OPERATIONS, python_calls

ROOT = Path(__file__).resolve().parent.parent


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_reference", ROOT / "docs" / "gen_reference.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_group_has_a_page_that_gives_each_operation_its_python_call_http_call_scopes_and_token_kinds() -> None:
    pages = _generator().pages()
    groups = {name.split(".", 1)[0] for name in OPERATIONS}
    assert {path for path in pages if path.startswith("reference/")} == {f"reference/{g}.md" for g in groups}
    for name, rule in OPERATIONS.items():
        page = pages[f"reference/{name.split('.', 1)[0]}.md"]
        section = page.split(f"## {name} {{ #{name} }}\n", 1)[1].split("\n## ", 1)[0]
        calls = python_calls(name)
        assert calls, f"{name} has no public method"
        for call in calls:
            assert re.search(rf"^st\.{re.escape(call)}\(", section, re.MULTILINE), f"{name}: no signature of {call}"
        assert f"- **HTTP:** `{rule.method} {rule.path}" in section
        assert "- **Scopes:** " in section
        assert "- **Token kinds:** " in section


def test_the_index_lists_every_operation_with_a_link_to_its_section() -> None:
    index = _generator().pages()["index.md"]
    rows = [line for line in index.splitlines() if line.startswith("| [`")]
    assert len(rows) == len(OPERATIONS)
    for name in OPERATIONS:
        group = name.split(".", 1)[0]
        assert f"| [`{name}`](reference/{group}.md#{name}) |" in index
        assert all(f"`st.{call}()`" in index for call in python_calls(name))


def test_signatures_show_the_public_call_with_what_it_returns() -> None:
    pages = _generator().pages()
    devices = pages["reference/devices.md"]
    assert "st.devices.get(\n    device_id: str,\n    *,\n" in devices
    assert ") -> SyncPager[Device]" in devices  # a list method returns the lazy pager
    assert "st.devices.command(" in devices  # both methods that make devices.execute
    rooms = pages["reference/rooms.md"]
    assert rooms.startswith("# st.locations.rooms\n")
    assert ":class:" not in "".join(pages.values())


def test_operations_with_a_documented_rate_limit_say_it_with_its_source() -> None:
    pages = _generator().pages()
    schedules = pages["reference/schedules.md"]
    create = schedules.split("## schedules.create {", 1)[1].split("\n## ", 1)[0]
    assert (
        "- **Rate limit:** 12 calls per 1 min per installed app (`schedules.create`; source: `https://developer.smartthings.com/"
        in create
    )
    devices = pages["reference/devices.md"]
    get = devices.split("## devices.get {", 1)[1].split("\n## ", 1)[0]
    assert "Rate limit" not in get  # no documented number for reading a device
