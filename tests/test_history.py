"""st.history: requests, the 19 real pages of GET /history/devices, cursor paging both ways, start/end bounds,
errors, sync and async; end to end against the emulator."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from smartthings_client import AsyncSmartThings, DeviceActivity, DeviceEvent, SmartThings
from smartthings_client.errors import NotFoundError, ScopeError
from smartthings_client.testing import DEFAULT_START, Emulator, FakeClock

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, Harness, load

PAGES: dict[str, dict[str, Any]] = load("core-sdk-more/history/get.json")
LOCATION = "3749dfe2-441e-45e6-a461-1fd3cef3dba6"
DEVICE = "10c6404e-69cf-4456-80f4-b7995f6b3578"
FIRST_OF_WALK = "get_locationId_3749dfe2_deviceId_10c6404e_limit_100"


def url_of(sample: dict[str, Any]) -> str:
    """The URL a sample answered, with its params (as a link or as the client sends it under /v1)."""
    request = sample["request"]
    url = httpx.URL(request["url"])
    return str(url.copy_merge_params(request["params"])) if request.get("params") else str(url)


def query(request: httpx.Request) -> list[tuple[str, str]]:
    return parse_qsl(request.url.query.decode())


def ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


# --- decoding the real pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_real_page_decodes(sync_harness: Harness, name: str) -> None:
    sample = PAGES[name]
    answer = sample["response"]
    sync_harness.server.reply(200, answer)

    events = sync_harness.run(lambda st: st.history.devices(LOCATION, page_size=100).pages().__next__().items)

    assert len(events) == len(answer["items"])
    for event, raw in zip(events, answer["items"], strict=True):
        assert isinstance(event, DeviceActivity)
        assert (event.device_id, event.capability, event.attribute) == (
            raw["deviceId"],
            raw["capability"],
            raw["attribute"],
        )
        assert event.value == raw["value"]
        assert event.unit == raw.get("unit")
        assert (event.epoch, event.hash) == (raw["epoch"], raw["hash"])
        # "+0000" (no colon) becomes an aware datetime; the text time is the epoch cut to the second.
        assert event.time is not None
        assert event.time.utcoffset() == timedelta(0)
        assert (
            timedelta(0)
            <= datetime.fromtimestamp(raw["epoch"] / 1000, timezone.utc) - event.time
            < timedelta(seconds=1)
        )
        assert event.translated_attribute_value == raw.get("translatedAttributeValue")


def test_first_item_fields(sync_harness: Harness) -> None:
    sync_harness.server.reply(200, PAGES["get_locationId_3d1fb8b0_limit_10_oldestFirst_true"]["response"])
    first = sync_harness.run(lambda st: st.history.devices("3d1fb8b0-3d67-4453-bf82-b290034e9be8").first())
    assert first == DeviceActivity(
        device_id="9883434a-d115-4d6a-a3d3-41996c08f0b9",
        device_name="Floor Heater",
        location_id="3d1fb8b0-3d67-4453-bf82-b290034e9be8",
        location_name="Darnell Drive",
        time=datetime(2020, 4, 13, 22, 28, 22, tzinfo=timezone.utc),
        text="power meter of Floor Heater is: 746.7W",
        component="main",
        component_label="Floor Heater",
        capability="powerMeter",
        attribute="power",
        value=746.7,
        unit=None,
        data={},
        translated_attribute_name="power meter",
        translated_attribute_value="746.7",
        epoch=1586816902266,
        hash=2919731507,
    )


def test_values_of_any_json_type_are_kept() -> None:
    values = {type(item["value"]).__name__ for page in PAGES.values() for item in page["response"]["items"]}
    assert {"str", "float", "int"} <= values  # the real pages mix them; DeviceActivity.value is Any


# --- requests -------------------------------------------------------------------------------------------------


def test_request_matches_the_core_sdk_sample(harness: Harness) -> None:
    sample = PAGES["get_locationId_3d1fb8b0_limit_10_oldestFirst_true"]
    harness.server.reply(200, {"items": []})

    location = "3d1fb8b0-3d67-4453-bf82-b290034e9be8"
    harness.collect(lambda st: st.history.devices(location, page_size=10, oldest_first=True))

    request = harness.server.last
    assert (request.method, request.url.path) == ("GET", "/v1/history/devices")
    assert query(request) == [(k, str(v)) for k, v in sample["request"]["params"].items()]


def test_device_filter_and_several_locations_repeat_their_keys(harness: Harness) -> None:
    harness.server.reply(200, {"items": []})
    harness.collect(lambda st: st.history.devices([LOCATION, "other-location"], device_id=[DEVICE, "d2"]))
    assert query(harness.server.last) == [
        ("locationId", LOCATION),
        ("locationId", "other-location"),
        ("deviceId", DEVICE),
        ("deviceId", "d2"),
    ]


def test_end_starts_the_walk_before_it_and_start_after_it(harness: Harness) -> None:
    end = datetime(2020, 4, 13, 22, 0, tzinfo=timezone.utc)
    start = end - timedelta(hours=8)
    harness.server.reply(200, {"items": []}, times=2)
    harness.collect(lambda st: st.history.devices(LOCATION, start=start, end=end))
    harness.collect(lambda st: st.history.devices(LOCATION, start=start, end=end, oldest_first=True))
    newest, oldest = (query(request) for request in harness.server.requests)
    assert newest == [("locationId", LOCATION), ("pagingBeforeEpoch", str(ms(end)))]
    # The "after" cursor is documented as exclusive: one millisecond earlier keeps an event at exactly start.
    assert oldest == [("locationId", LOCATION), ("oldestFirst", "true"), ("pagingAfterEpoch", str(ms(start) - 1))]


# --- paging ---------------------------------------------------------------------------------------------------


def serve_walk(harness: Harness) -> list[str]:
    """Serve the real six-page walk of one device (limit 100) ending at an exhausted cursor; its URLs in order."""
    first = PAGES[FIRST_OF_WALK]
    harness.server.reply(200, first["response"])
    urls = []
    for sample in PAGES.values():
        url = sample["request"]["url"]
        if url.startswith("https://api.smartthings.com/history/devices?pagingBefore") and "limit=100" in url:
            harness.server.route(url, 200, sample["response"])
            urls.append(url)
    return urls


def test_the_real_walk_follows_links_verbatim_until_the_exhausted_cursor(harness: Harness) -> None:
    routed = serve_walk(harness)

    events = harness.collect(lambda st: st.history.devices(LOCATION, device_id=DEVICE, page_size=100))

    assert len(events) == 100 * 5 + 40
    # Links are followed exactly as given (no /v1, cursor first), and the {items: []} page without _links ends it.
    assert harness.server.urls[1:] == sorted(routed, key=lambda url: -int(url.split("=")[1].split("&")[0]))
    assert PAGES[_name_of(harness.server.urls[-1])]["response"] == {"items": []}
    epochs = [event.epoch for event in events]
    assert epochs == sorted(epochs, reverse=True)


def _name_of(url: str) -> str:
    return next(name for name, sample in PAGES.items() if sample["request"]["url"] == url)


def test_start_stops_the_walk_without_fetching_past_it(harness: Harness) -> None:
    serve_walk(harness)
    second_page = PAGES[_name_of(PAGES[FIRST_OF_WALK]["response"]["_links"]["next"]["href"])]
    start_ms = second_page["response"]["items"][50]["epoch"]
    start = datetime.fromtimestamp(start_ms / 1000, timezone.utc)

    events = harness.collect(lambda st: st.history.devices(LOCATION, device_id=DEVICE, page_size=100, start=start))

    assert len(harness.server.requests) == 2  # the third page is never asked for
    assert events
    assert all(event.epoch is not None and event.epoch >= start_ms for event in events)
    assert events[-1].epoch == start_ms


def test_an_empty_page_ends_the_walk_even_with_links(harness: Harness) -> None:
    link = {"next": {"href": "https://api.smartthings.com/history/devices?x=1"}}
    harness.server.reply(200, {"items": [], "_links": link})
    assert harness.collect(lambda st: st.history.devices(LOCATION)) == []
    assert len(harness.server.requests) == 1


def test_a_link_to_another_host_is_refused(harness: Harness) -> None:
    items = PAGES[FIRST_OF_WALK]["response"]["items"][:1]
    page = {"items": items, "_links": {"next": {"href": "https://evil.example/history"}}}
    harness.server.reply(200, page)
    from smartthings_client.errors import PaginationError

    with pytest.raises(PaginationError):
        harness.collect(lambda st: st.history.devices(LOCATION))


# --- errors ---------------------------------------------------------------------------------------------------


def test_403_names_the_operation_and_the_likely_scope(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(ScopeError) as caught:
        harness.collect(lambda st: st.history.devices(LOCATION))
    assert caught.value.operation == "history.devices"
    assert caught.value.required == "r:devices:*"


def test_404_for_an_unknown_location(harness: Harness) -> None:
    harness.server.reply(404, {"requestId": "1", "error": {"code": "NotFoundError", "message": "no location"}})
    with pytest.raises(NotFoundError):
        harness.collect(lambda st: st.history.devices(LOCATION))


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"location_id": []}, ValueError),
        ({"location_id": ""}, ValueError),
        ({"location_id": LOCATION, "page_size": 301}, ValueError),
        ({"location_id": LOCATION, "page_size": 0}, ValueError),
        ({"location_id": LOCATION, "start": datetime(2020, 1, 1)}, ValueError),  # naive
        ({"location_id": LOCATION, "end": 1586816902266}, TypeError),
        (
            {
                "location_id": LOCATION,
                "start": datetime(2020, 1, 2, tzinfo=timezone.utc),
                "end": datetime(2020, 1, 1, tzinfo=timezone.utc),
            },
            ValueError,
        ),
        ({"location_id": LOCATION, "device_id": [""]}, ValueError),
        ({"location_id": LOCATION, "after_hash": 3867841901}, ValueError),
        ({"location_id": LOCATION, "before_hash": 1829332710}, ValueError),
        (
            {"location_id": LOCATION, "after": 1586816914302, "start": datetime(2020, 1, 1, tzinfo=timezone.utc)},
            ValueError,
        ),
        (
            {"location_id": LOCATION, "before": 1586816914302, "end": datetime(2020, 1, 1, tzinfo=timezone.utc)},
            ValueError,
        ),
        ({"location_id": LOCATION, "before": "1586816914302"}, TypeError),
        ({"location_id": LOCATION, "after": True}, TypeError),
    ],
    ids=[
        "no-location",
        "empty",
        "page-301",
        "page-0",
        "naive",
        "epoch-int",
        "start-after-end",
        "empty-device",
        "after-hash-alone",
        "before-hash-alone",
        "after-and-start",
        "before-and-end",
        "cursor-text",
        "cursor-bool",
    ],
)
def test_invalid_arguments_are_refused_before_sending(harness: Harness, kwargs: dict[str, Any], error: type) -> None:
    with pytest.raises(error):
        harness.collect(lambda st: st.history.devices(**kwargs))
    assert harness.server.requests == []


def test_cursors_are_sent_as_smartthings_names_them(harness: Harness) -> None:
    harness.server.reply(200, {"items": []}, times=2)

    harness.collect(lambda st: st.history.devices(LOCATION, before=1586816914302, before_hash=1829332710))
    harness.collect(lambda st: st.history.devices(LOCATION, after=1586816914302, after_hash=3867841901))

    first, second = harness.server.requests
    assert query(first) == [
        ("locationId", LOCATION),
        ("pagingBeforeEpoch", "1586816914302"),
        ("pagingBeforeHash", "1829332710"),
    ]
    assert query(second) == [
        ("locationId", LOCATION),
        ("pagingAfterEpoch", "1586816914302"),
        ("pagingAfterHash", "3867841901"),
    ]


def test_previous_pages_follow_the_previous_links(harness: Harness) -> None:
    page = PAGES["get_locationId_3749dfe2_deviceId_c8fc80fc"]["response"]
    harness.server.reply(200, page)
    harness.server.reply(200, {"items": []})

    def walk_back(st: Any) -> Any:
        pager = st.history.devices(LOCATION)
        if isinstance(st, AsyncSmartThings):

            async def gather() -> list[Any]:
                return [page async for page in pager.pages(previous=True)]

            return gather()
        return list(pager.pages(previous=True))

    pages = harness.run(walk_back)

    assert [len(p.items) for p in pages] == [20, 0]
    assert str(harness.server.requests[1].url) == page["_links"]["previous"]["href"]


# --- against the emulator -------------------------------------------------------------------------------------


@pytest.fixture
def emu() -> Emulator:
    return Emulator(clock=FakeClock(DEFAULT_START))


def make_history(emu: Emulator) -> tuple[str, list[tuple[str, Any]]]:
    """Commands, reported events and a virtual device's events, a minute apart; what each recorded, in order."""
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        light = emu.devices_by_label()["Bathroom spot"]
        recorded: list[tuple[str, Any]] = []
        for level in (10, 20, 30):
            st.devices.command(light, "switchLevel", "setLevel", level)
            recorded += [("level", level), ("switch", "on")]
            emu.clock.advance(60)
        emu.set_attribute(light, "switch", "switch", "off")
        recorded.append(("switch", "off"))
        emu.clock.advance(60)
        virtual = st.virtual_devices.create_standard("Test contact", "VIRTUAL_CONTACT_SENSOR", emu.location_id)
        st.virtual_devices.create_events(
            virtual.device_id, DeviceEvent(capability="contactSensor", attribute="contact", value="open")
        )
        recorded.append(("contact", "open"))
    return light, recorded


def test_emulator_records_every_change_and_pages_both_ways(emu: Emulator) -> None:
    _, recorded = make_history(emu)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        newest = st.history.devices(emu.location_id, page_size=2).to_list()
        oldest = st.history.devices(emu.location_id, page_size=3, oldest_first=True).to_list()
    assert [(e.attribute, e.value) for e in oldest] == recorded
    assert [(e.attribute, e.value) for e in newest] == recorded[::-1]
    assert all(e.time is not None and e.time.tzinfo is not None for e in newest)
    # Cursor links carry epoch and hash, as the real ones do.
    history_urls = [r.url for r in emu.requests if r.path == "/history/devices"]
    assert any("pagingBeforeEpoch=" in url and "pagingBeforeHash=" in url for url in history_urls)
    assert any("pagingAfterEpoch=" in url and "pagingAfterHash=" in url for url in history_urls)


def test_emulator_bounds_by_start_and_end(emu: Emulator) -> None:
    light, _ = make_history(emu)
    start = datetime.fromtimestamp(DEFAULT_START + 60, timezone.utc)
    end = datetime.fromtimestamp(DEFAULT_START + 180, timezone.utc)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        newest = st.history.devices(emu.location_id, device_id=light, start=start, end=end, page_size=1).to_list()
        oldest = st.history.devices(
            emu.location_id, device_id=light, start=start, end=end, oldest_first=True, page_size=1
        ).to_list()
    expected = [("level", 20), ("switch", "on"), ("level", 30), ("switch", "on")]
    assert [(e.attribute, e.value) for e in oldest] == expected
    assert newest == oldest[::-1]


def test_emulator_async_client(emu: Emulator) -> None:
    import asyncio

    _, recorded = make_history(emu)

    async def main() -> list[DeviceActivity]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as ast:
            return [event async for event in ast.history.devices(emu.location_id, page_size=4)]

    assert [(e.attribute, e.value) for e in asyncio.run(main())] == recorded[::-1]


def test_emulator_resumes_at_a_cursor_and_walks_back_to_the_newest(emu: Emulator) -> None:
    """What a script that exports history sees: it resumes after the last event it saved, on the server, and
    walks from an older page back to the newest with the previous links."""
    _, recorded = make_history(emu)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        oldest = st.history.devices(emu.location_id, oldest_first=True).to_list()
        saved = oldest[2]
        sent_before = len(emu.requests)
        rest = st.history.devices(emu.location_id, oldest_first=True, after=saved.epoch, after_hash=saved.hash)
        resumed = rest.to_list()
        older = st.history.devices(emu.location_id, before=saved.epoch, before_hash=saved.hash).to_list()
        middle = oldest[4]
        newer_pages = list(
            st.history.devices(emu.location_id, page_size=2, before=middle.epoch, before_hash=middle.hash).pages(
                previous=True
            )
        )
    assert [(e.attribute, e.value) for e in resumed] == recorded[3:]
    assert [(e.attribute, e.value) for e in older] == recorded[:2][::-1]
    # The first page holds the two events before the cursor; each previous page the next two newer, newest first.
    walked = [[(e.attribute, e.value) for e in page.items] for page in newer_pages]
    assert walked == [recorded[2:4][::-1], recorded[4:6][::-1], recorded[6:][::-1], []]
    # Resumed on the server: the first request already names the cursor.
    resumed_url = emu.requests[sent_before].url
    assert f"pagingAfterEpoch={saved.epoch}" in resumed_url
    assert f"pagingAfterHash={saved.hash}" in resumed_url


def test_emulator_newest_first_from_an_after_cursor_stops_at_it(emu: Emulator) -> None:
    _, recorded = make_history(emu)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        cursor = st.history.devices(emu.location_id, oldest_first=True).to_list()[2]
        pager = st.history.devices(emu.location_id, page_size=2, after=cursor.epoch, after_hash=cursor.hash)
        forward = pager.to_list()
        towards_newest = [event for page in pager.pages(previous=True) for event in page.items]
        before = st.history.devices(
            emu.location_id, oldest_first=True, page_size=2, before=cursor.epoch, before_hash=cursor.hash
        ).to_list()
    # The page nearest the cursor, newest first; the walk does not cross the cursor into what was seen.
    assert [(e.attribute, e.value) for e in forward] == recorded[3:5][::-1]
    assert [(e.attribute, e.value) for e in towards_newest] == (
        recorded[3:5][::-1] + recorded[5:7][::-1] + recorded[7:]
    )
    # Oldest first up to a "before" cursor: the walk ends at it too.
    assert [(e.attribute, e.value) for e in before] == recorded[:2]


def test_emulator_previous_pages_async(emu: Emulator) -> None:
    import asyncio

    _, recorded = make_history(emu)

    async def main() -> list[list[DeviceActivity]]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as ast:
            oldest = await ast.history.devices(emu.location_id, oldest_first=True).to_list()
            cursor = oldest[1]
            pager = ast.history.devices(emu.location_id, page_size=3, before=cursor.epoch, before_hash=cursor.hash)
            return [list(page.items) async for page in pager.pages(previous=True)]

    walked = [[(e.attribute, e.value) for e in page] for page in asyncio.run(main())]
    assert walked == [recorded[:1], recorded[1:4][::-1], recorded[4:7][::-1], recorded[7:], []]


def test_emulator_refuses_tokens_without_device_read(emu: Emulator) -> None:
    make_history(emu)
    with SmartThings(emu.issue_pat(["r:locations:*"]), transport=emu.transport) as st:
        with pytest.raises(ScopeError) as caught:
            st.history.devices(emu.location_id).to_list()
    assert caught.value.operation == "history.devices"


def test_emulator_location_is_required_and_limit_capped(emu: Emulator) -> None:
    [device] = emu.add_devices(1, "switch")
    token = emu.issue_pat()
    with httpx.Client(transport=emu.transport, headers={"Authorization": f"Bearer {token}"}) as http:
        missing = http.get("https://api.smartthings.com/v1/history/devices")
        # Enough events for more than 300: the page stops at 300 whatever the limit says.
        with SmartThings(token, transport=emu.transport) as st:
            for index in range(320):
                st.devices.command(device, "switch", "on" if index % 2 else "off")
        everything: dict[str, str | int] = {"locationId": emu.location_id, "limit": 500}
        capped = http.get("https://api.smartthings.com/v1/history/devices", params=everything)
        unknown = http.get("https://api.smartthings.com/v1/history/devices", params={"locationId": "nope"})
    assert missing.status_code == 400
    assert len(capped.json()["items"]) == 300
    assert "limit=300" in capped.json()["_links"]["next"]["href"]
    assert unknown.status_code == 404


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS[:1], ids=INVALID_ID_NAMES[:1])
def test_an_empty_location_id_is_refused(harness: Harness, bad: object, error: type) -> None:
    with pytest.raises(error):
        harness.collect(lambda st: st.history.devices(bad))
