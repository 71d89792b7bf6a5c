"""Lazy paging over ``_links.next.href``, followed verbatim and never off the API origin."""

from __future__ import annotations

import asyncio
import gc
import weakref
from typing import Any

import httpx
import pytest

from smartthings_client import (
    AsyncPager,
    AsyncSmartThings,
    Device,
    NotFoundError,
    PaginationError,
    SmartThings,
    SyncPager,
)

from .fixtures import API, TOKEN, FakeServer, Harness, pysmartthings

FIRST = f"{API}/devices?max=2"
# As SmartThings writes them: absolute, without /v1, with an opaque cursor that must not be re-encoded.
SECOND = "https://api.smartthings.com/devices?max=2&page=1"
THIRD = "https://api.smartthings.com/devices?max=2&page=2&cursor=MA%3D%3D"

REAL_DEVICES: list[dict[str, Any]] = pysmartthings("devices_2.json")["items"]


def page(items: list[dict[str, Any]], next_url: str | None, *, previous: str | None = None) -> dict[str, Any]:
    links: dict[str, Any] = {"next": {"href": next_url} if next_url else None}
    if previous:
        links["previous"] = {"href": previous}
    return {"items": items, "_links": links}


def three_pages(server: FakeServer) -> list[str]:
    server.route(FIRST, json_body=page(REAL_DEVICES[0:2], SECOND))
    server.route(SECOND, json_body=page(REAL_DEVICES[2:4], THIRD, previous=FIRST))
    server.route(THIRD, json_body=page(REAL_DEVICES[4:5], None, previous=SECOND))
    return [item["deviceId"] for item in REAL_DEVICES[0:5]]


def ids(devices: list[Device]) -> list[str]:
    return [device.device_id for device in devices]


def test_three_pages_follow_next_links_verbatim(harness: Harness) -> None:
    expected = three_pages(harness.server)
    devices = harness.collect(lambda st: st.devices.list(page_size=2))
    assert ids(devices) == expected
    assert harness.server.urls == [FIRST, SECOND, THIRD]
    assert harness.server.requests[2].url.raw_path == b"/devices?max=2&page=2&cursor=MA%3D%3D"
    for request in harness.server.requests:
        assert request.headers["authorization"] == f"Bearer {TOKEN}"


def test_each_page_is_freed_once_read_without_waiting_for_the_garbage_collector(harness: Harness) -> None:
    # A long list must not keep its pages' bodies alive until the cyclic collector runs: memory stays flat.
    expected = three_pages(harness.server)
    answered: list[weakref.ref[httpx.Response]] = []
    server_handler = harness.server.handler

    def handler(request: httpx.Request) -> httpx.Response:
        response = server_handler(request)
        answered.append(weakref.ref(response))
        return response

    harness.server.handler = handler  # type: ignore[method-assign]
    gc.disable()
    try:
        devices = harness.collect(lambda st: st.devices.list(page_size=2))
        alive = [ref for ref in answered if ref() is not None]
    finally:
        gc.enable()
    assert ids(devices) == expected
    assert len(answered) == 3
    assert alive == []


def test_sync_iteration_is_lazy_and_first_fetches_one_page() -> None:
    server = FakeServer()
    expected = three_pages(server)
    with SmartThings(TOKEN, transport=server.transport()) as st:
        pager = st.devices.list(page_size=2)
        assert isinstance(pager, SyncPager)
        assert server.requests == []
        first = pager.first()
        assert first is not None
        assert first.device_id == expected[0]
        assert server.urls == [FIRST]
        iterator = iter(pager)
        assert [next(iterator).device_id for _ in range(3)] == expected[:3]
        assert server.urls == [FIRST, FIRST, SECOND]
        # Iterating again fetches again, from the first page.
        assert ids(pager.to_list()) == expected
        assert repr(pager) == "SyncPager(devices.list)"


def test_async_for_is_lazy_and_follows_pages() -> None:
    server = FakeServer()
    expected = three_pages(server)

    async def main() -> None:
        async with AsyncSmartThings(TOKEN, transport=server.transport()) as st:
            pager = st.devices.list(page_size=2)
            assert isinstance(pager, AsyncPager)
            assert server.requests == []
            seen = [device.device_id async for device in pager]
            assert seen == expected
            assert server.urls == [FIRST, SECOND, THIRD]
            first = await pager.first()
            assert first is not None
            assert first.device_id == expected[0]
            assert server.urls == [FIRST, SECOND, THIRD, FIRST]
            assert ids(await pager.to_list()) == expected
            assert repr(pager) == "AsyncPager(devices.list)"

    asyncio.run(main())


def test_pages_yield_whole_pages(harness: Harness) -> None:
    expected = three_pages(harness.server)

    def sizes(st: Any) -> Any:
        if isinstance(st, SmartThings):
            return [(len(p.items), p.next_url) for p in st.devices.list(page_size=2).pages()]

        async def collect() -> list[tuple[int, str | None]]:
            return [(len(p.items), p.next_url) async for p in st.devices.list(page_size=2).pages()]

        return collect()

    assert harness.run(sizes) == [(2, SECOND), (2, THIRD), (1, None)]
    assert len(expected) == 5


@pytest.mark.parametrize(
    "links",
    [None, {}, {"next": None}, {"next": None, "previous": None}, {"next": {}}, {"next": {"href": ""}}, "missing"],
    ids=["links-null", "links-empty", "next-null", "both-null", "next-empty", "href-empty", "no-links"],
)
def test_the_last_page_is_recognised(harness: Harness, links: Any) -> None:
    body: dict[str, Any] = {"items": REAL_DEVICES[:3]}
    if links != "missing":
        body["_links"] = links
    harness.server.reply(json_body=body)
    assert len(harness.collect(lambda st: st.devices.list())) == 3
    assert len(harness.server.requests) == 1


def test_an_empty_list(harness: Harness) -> None:
    harness.server.reply(json_body={"items": [], "_links": None}, times=2)
    assert harness.collect(lambda st: st.devices.list()) == []
    assert harness.run(lambda st: st.devices.list().first()) is None


def test_a_relative_next_link_stays_on_the_api_origin(harness: Harness) -> None:
    harness.server.route(f"{API}/devices", json_body=page(REAL_DEVICES[:1], "/v1/devices?page=2"))
    harness.server.route(f"{API}/devices?page=2", json_body=page(REAL_DEVICES[1:2], None))
    assert len(harness.collect(lambda st: st.devices.list())) == 2
    assert harness.server.urls == [f"{API}/devices", f"{API}/devices?page=2"]


@pytest.mark.parametrize(
    "foreign",
    [
        "https://evil.example.com/devices?page=2",
        "http://api.smartthings.com/devices?page=2",
        "https://api.smartthings.com:8443/devices?page=2",
        "https://api.smartthings.com.evil.example/devices",
        "//evil.example.com/devices",
    ],
    ids=["other-host", "plain-http", "other-port", "suffix-host", "scheme-relative"],
)
def test_a_next_link_to_another_origin_is_never_followed(harness: Harness, foreign: str) -> None:
    harness.server.reply(json_body=page(REAL_DEVICES[:2], foreign))
    seen: list[str] = []

    def consume(st: Any) -> Any:
        pager = st.devices.list()
        if isinstance(st, SmartThings):
            for device in pager:
                seen.append(device.device_id)
            return None

        async def go() -> None:
            async for device in pager:
                seen.append(device.device_id)

        return go()

    with pytest.raises(PaginationError, match="refusing to follow") as caught:
        harness.run(consume)
    assert "the token would be sent there" in str(caught.value)
    # The first page's items were delivered; nothing was ever sent to the other origin.
    assert seen == [item["deviceId"] for item in REAL_DEVICES[:2]]
    assert harness.server.urls == [f"{API}/devices"]


def test_a_next_link_to_itself_raises(harness: Harness) -> None:
    harness.server.route(f"{API}/devices", json_body=page(REAL_DEVICES[:1], SECOND))
    harness.server.route(SECOND, json_body=page(REAL_DEVICES[1:2], SECOND))
    with pytest.raises(PaginationError, match="same page"):
        harness.collect(lambda st: st.devices.list())
    assert harness.server.urls == [f"{API}/devices", SECOND]


def test_a_loop_between_pages_raises(harness: Harness) -> None:
    harness.server.route(f"{API}/devices", json_body=page(REAL_DEVICES[:1], SECOND))
    harness.server.route(SECOND, json_body=page(REAL_DEVICES[1:2], THIRD))
    harness.server.route(THIRD, json_body=page(REAL_DEVICES[2:3], SECOND))
    with pytest.raises(PaginationError):
        harness.collect(lambda st: st.devices.list())
    assert harness.server.urls == [f"{API}/devices", SECOND, THIRD]


@pytest.mark.parametrize("href", [42, ["x"]], ids=["number", "list"])
def test_a_next_link_that_is_not_a_url_raises(harness: Harness, href: Any) -> None:
    harness.server.reply(json_body={"items": [], "_links": {"next": {"href": href}}})
    with pytest.raises(PaginationError, match="not a URL"):
        harness.collect(lambda st: st.devices.list())
    assert len(harness.server.requests) == 1


def test_an_error_on_a_later_page_is_raised(harness: Harness) -> None:
    harness.server.route(f"{API}/devices", json_body=page(REAL_DEVICES[:1], SECOND))
    harness.server.route(SECOND, 404, {"requestId": "r", "error": {"code": "NotFoundError", "message": "cursor gone"}})
    with pytest.raises(NotFoundError) as caught:
        harness.collect(lambda st: st.devices.list())
    assert caught.value.url == SECOND
    assert caught.value.operation == "devices.list"


def test_rooms_and_modes_page_too(harness: Harness) -> None:
    location = "397678e5-9995-4a39-9d9f-ae6ba310236b"
    rooms_url = f"{API}/locations/{location}/rooms"
    harness.server.route(
        rooms_url, json_body=page([{"roomId": "r1"}], f"https://api.smartthings.com/locations/{location}/rooms?page=1")
    )
    harness.server.route(
        f"https://api.smartthings.com/locations/{location}/rooms?page=1", json_body=page([{"roomId": "r2"}], None)
    )
    rooms = harness.collect(lambda st: st.locations.rooms.list(location))
    assert [room.room_id for room in rooms] == ["r1", "r2"]
