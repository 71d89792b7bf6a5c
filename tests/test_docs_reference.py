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


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_site_check_refuses_folder_links_and_pages_that_lack_their_objects(tmp_path: Path) -> None:
    generator = _generator()
    for name, objects in generator.DOCUMENTED.items():
        ids = "".join(f'<h2 id="smartthings_client.x.{obj}"></h2>' for obj in objects)
        _write(tmp_path / name, f'<a href="index.html#top"></a><a href="https://example.com/"></a>{ids}')
    _write(tmp_path / "index.html", '<a href="reference/devices.html#devices.list"></a><script src="js/f.js">')
    _write(tmp_path / "reference" / "devices.html", '<a href="../index.html"></a><link href="../credentials.html">')
    _write(tmp_path / "js" / "f.js", "")
    _write(tmp_path / "404.html", '<a href="/index.html"></a>')  # served at any path: absolute links are right
    assert generator.site_problems(tmp_path) == []

    _write(tmp_path / "models.html", '<a href="reference/devices/"></a><a href="/index.html"></a>')
    (tmp_path / "smartapp.html").write_text('<h1 id="smartthings_client.smartapp.SmartApp"></h1>', encoding="utf-8")
    (tmp_path / "token-stores.html").unlink()
    assert generator.site_problems(tmp_path) == [
        "models.html: link '/index.html' does not name a file of the site",
        "models.html: link 'reference/devices/' does not name a file of the site",
        "token-stores.html: missing",
        "smartapp.html: verify_request is not documented",
    ]


def test_the_site_is_built_for_opening_from_disk_with_every_documented_page_in_the_navigation() -> None:
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["use_directory_urls"] is False
    assert "offline" in config["plugins"]  # the search index as a script: search works from file:// too

    def pages(nav: object) -> list[str]:
        if isinstance(nav, str):
            return [nav]
        if isinstance(nav, list):
            return [page for item in nav for page in pages(item)]
        if isinstance(nav, dict):
            return [page for value in nav.values() for page in pages(value)]
        return []

    in_nav = {page.removesuffix(".md") + ".html" for page in pages(config["nav"])}
    assert set(_generator().DOCUMENTED) <= in_nav


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
