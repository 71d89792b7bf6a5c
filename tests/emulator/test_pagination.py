"""Pagination: 200-item pages, opaque absolute next links without /v1, max, filters kept across pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from smartthings_client.testing import Emulator

ClientFactory = Callable[..., httpx.Client]


def follow(api: httpx.Client, first: httpx.Response) -> tuple[list[dict[str, Any]], list[str]]:
    items, hrefs = list(first.json()["items"]), []
    links = first.json()["_links"]
    while links["next"]:
        hrefs.append(links["next"]["href"])
        page = api.get(links["next"]["href"])
        assert page.status_code == 200
        items.extend(page.json()["items"])
        links = page.json()["_links"]
    return items, hrefs


def test_500_devices_page_at_200_with_links_on_the_origin_without_v1(emu: Emulator, api: httpx.Client) -> None:
    emu.add_devices(500, "switch")
    total = len(emu.devices)
    first = api.get("/devices")
    assert len(first.json()["items"]) == 200
    assert first.json()["_links"]["previous"] is None
    items, hrefs = follow(api, first)
    assert len(items) == total == 524
    assert len({d["deviceId"] for d in items}) == total
    assert len(hrefs) == 2
    for href in hrefs:
        parts = urlsplit(href)
        assert (parts.scheme, parts.netloc) == ("https", "api.smartthings.com")
        assert parts.path == "/devices"
        assert parse_qs(parts.query)["max"] == ["200"]
        assert not parse_qs(parts.query)["page"][0].isdigit()  # opaque, follow it verbatim
    last = api.get(hrefs[-1]).json()
    assert last["_links"]["previous"]["href"].startswith("https://api.smartthings.com/devices?")


def test_max_is_honoured_and_filters_survive_paging(emu: Emulator, api: httpx.Client) -> None:
    emu.add_devices(30, ["switch", "switchLevel"], label_prefix="Dimmer")
    first = api.get("/devices", params={"capability": "switchLevel", "max": 7})
    assert len(first.json()["items"]) == 7
    assert "capability=switchLevel" in first.json()["_links"]["next"]["href"]
    items, _ = follow(api, first)
    expected = len(emu.find_devices("switchLevel"))
    assert len(items) == expected
    assert all(any(c["id"] == "switchLevel" for c in d["components"][0]["capabilities"]) for d in items)


def test_page_size_is_configurable() -> None:
    emu = Emulator(page_size=10)
    with httpx.Client(
        transport=emu.transport,
        base_url="https://api.smartthings.com/v1",
        headers={"Authorization": f"Bearer {emu.issue_pat()}"},
    ) as api:
        first = api.get("/devices").json()
        assert len(first["items"]) == 10
        assert first["_links"]["next"]["href"].endswith("max=10")
        assert api.get("/devices", params={"max": 0}).status_code == 400
        assert api.get("/devices", params={"page": "%%%"}).status_code == 400


def test_plain_integer_pages_are_zero_based(emu: Emulator, api: httpx.Client) -> None:
    """The real first page links to page=1 (C5 devices_continued.json), so page 0 is the first page."""
    first = api.get("/devices", params={"max": 5, "page": 0}).json()["items"]
    second = api.get("/devices", params={"max": 5, "page": 1}).json()["items"]
    assert first == api.get("/devices", params={"max": 5}).json()["items"]
    assert {d["deviceId"] for d in first}.isdisjoint(d["deviceId"] for d in second)


def test_other_lists_are_paged_too(emu: Emulator, api: httpx.Client) -> None:
    for index in range(3):
        api.post(f"/locations/{emu.location_id}/rooms", json={"name": f"Extra {index}"})
    first = api.get(f"/locations/{emu.location_id}/rooms", params={"max": 2})
    rooms, hrefs = follow(api, first)
    assert len(rooms) == 7
    assert all(h.startswith(f"https://api.smartthings.com/locations/{emu.location_id}/rooms?") for h in hrefs)
