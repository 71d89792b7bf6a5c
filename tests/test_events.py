"""st.events: the SSE sinks API (create, stream, delete), the typed stream and the managed watch loop."""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, RetryPolicy, SmartAppToken, SmartThings, cli
from smartthings_client.errors import (
    ConflictError,
    EventStreamError,
    MissingScopeError,
    ResponseDecodeError,
    SinkLimitError,
    TokenKindError,
)
from smartthings_client.models.events import (
    ControlEvent,
    DeviceEvent,
    DeviceHealthEvent,
    DeviceLifecycleEvent,
    LocationLifecycleEvent,
    Sink,
    UnknownEvent,
    parse_stream_message,
)
from smartthings_client.resources.events import Backoff, MemorySinkStore, SinkSettings
from smartthings_client.scopes import rule_for
from smartthings_client.testing import Emulator, Installation

from .fixtures import FIXTURES, INSTALLED_APP_ID, LOCATION_ID, MODES, TOKEN, FakeServer, Mode, pysmartthings

APP_TOKEN = SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP_ID, scopes=["sse", "r:devices:*"])


def _raw(relative: str) -> str:
    return (FIXTURES / relative).read_text(encoding="utf-8")


# --- parsing the real payloads ---------------------------------------------------------------------------------


def test_device_events_of_the_real_stream_are_typed() -> None:
    event = parse_stream_message("DEVICE_EVENT", _raw("pysmartthings/event.json"))
    assert isinstance(event, DeviceEvent)
    assert (event.device_id, event.capability, event.attribute, event.value) == (
        "440063de-a200-40b5-8a6b-f3399eaa0370",
        "switch",
        "switch",
        "on",
    )
    assert event.event_time == datetime(2025, 2, 13, 21, 1, 36, 560000, tzinfo=timezone.utc)
    assert event.subscription_name == "My Home Assistant sub"
    assert event.command_id == ""
    assert event.sensitive is False
    assert event.state_change is True


def test_a_device_event_value_may_be_any_json() -> None:
    event = parse_stream_message("DEVICE_EVENT", _raw("ha-issue-captures/sse_device_event_array_value.json"))
    assert isinstance(event, DeviceEvent)
    assert event.value == ["samsungvd.ambient", "samsungvd.ambientContent", "powerConsumptionReport"]
    assert event.value_type == "array"
    assert event.state_change is False


@pytest.mark.parametrize(
    ("name", "lifecycle", "detail"),
    [
        ("new_device_event.json", "CREATE", "create"),
        ("removed_device_event.json", "DELETE", "delete"),
        ("update_device_event.json", "UPDATE", "update"),
        ("room_move_event.json", "ROOM_MOVE", "room_move"),
    ],
)
def test_device_lifecycle_events_are_typed(name: str, lifecycle: str, detail: str) -> None:
    event = parse_stream_message("DEVICE_LIFECYCLE_EVENT", _raw(f"pysmartthings/{name}"))
    assert isinstance(event, DeviceLifecycleEvent)
    assert event.lifecycle == lifecycle
    assert getattr(event, detail) is not None
    assert event.event_time is not None
    assert event.event_time.tzinfo is not None


def test_health_and_location_events_are_typed() -> None:
    health = parse_stream_message("DEVICE_HEALTH_EVENT", _raw("pysmartthings/device_health_event.json"))
    assert isinstance(health, DeviceHealthEvent)
    assert (health.status, health.reason, health.event_source) == ("ONLINE", "NONE", "CLOUD")
    location = parse_stream_message("LOCATION_LIFECYCLE_EVENT", _raw("pysmartthings/location_update.json"))
    assert isinstance(location, LocationLifecycleEvent)
    assert location.lifecycle == "UPDATE"
    assert location.location_id == "88a3a314-f0c8-40b4-bb44-44ba06c9c42f"


@pytest.mark.parametrize(
    ("data", "welcome", "goodbye"), [("welcome", True, False), ("goodbye", False, True), ("goobye", False, True)]
)
def test_control_events_are_bare_words(data: str, welcome: bool, goodbye: bool) -> None:
    event = parse_stream_message("CONTROL_EVENT", data)
    assert isinstance(event, ControlEvent)
    assert (event.is_welcome, event.is_goodbye) == (welcome, goodbye)


def test_unknown_and_unreadable_messages_are_kept_not_raised() -> None:
    new_type = parse_stream_message("SCENE_EVENT", '{"eventTime": 1740765012185, "eventType": "SCENE_EVENT"}')
    assert isinstance(new_type, UnknownEvent)
    assert new_type.event_type == "SCENE_EVENT"
    assert new_type.event_time is not None
    assert new_type.problem is None
    broken = parse_stream_message("DEVICE_EVENT", "{not json")
    assert isinstance(broken, UnknownEvent)
    assert broken.data == "{not json"
    assert broken.problem
    missing = parse_stream_message("DEVICE_EVENT", '{"eventType": "DEVICE_EVENT"}')
    assert isinstance(missing, UnknownEvent)
    assert "deviceEvent" in (missing.problem or "")


# --- the sink calls --------------------------------------------------------------------------------------------


def _run(mode: Mode, server: FakeServer, call: Callable[[Any], Any], token: Any = APP_TOKEN) -> Any:
    if mode == "sync":
        with SmartThings(token, transport=server.transport()) as st:
            return call(st)

    async def main() -> Any:
        async with AsyncSmartThings(token, transport=server.transport()) as st:
            return await call(st)

    return asyncio.run(main())


@pytest.mark.parametrize("mode", MODES)
def test_create_sink_posts_on_the_origin_root_with_the_sse_version(mode: Mode) -> None:
    server = FakeServer()
    server.reply(200, pysmartthings("sse_subscription.json"))
    sink = _run(mode, server, lambda st: st.events.create_sink(LOCATION_ID, event_types=["DEVICE_EVENT"]))
    request = server.last
    assert (request.method, str(request.url)) == ("POST", "https://api.smartthings.com/subscriptions")
    assert request.headers["accept"] == "application/vnd.smartthings+json;v=20250122"
    assert server.body() == {
        "name": "smartthings-client",
        "version": 20250122,
        "clientDeviceId": f"iapp_{INSTALLED_APP_ID}",
        "subscriptionFilters": [{"type": "LOCATIONIDS", "value": [LOCATION_ID], "eventType": ["DEVICE_EVENT"]}],
    }
    assert isinstance(sink, Sink)
    assert sink.id == "f5768ce8-c9e5-4507-9020-912c0c60e0ab"
    assert sink.registration_url.startswith("https://spigot-regional.api.smartthings.com/filters/")
    assert sink.subscription_filters[0].value == ("88a3a314-f0c8-40b4-bb44-44ba06c9c42e",)


@pytest.mark.parametrize("mode", MODES)
def test_delete_sink_and_a_configured_path_and_version(mode: Mode) -> None:
    server = FakeServer()
    server.reply(200, {})

    def call(st: Any) -> Any:
        st.events.settings = SinkSettings(path="/v1/sse/subscriptions", version="20260101")
        return st.events.delete_sink("f5768ce8-c9e5-4507-9020-912c0c60e0ab")

    _run(mode, server, call)
    assert (server.last.method, str(server.last.url)) == (
        "DELETE",
        "https://api.smartthings.com/v1/sse/subscriptions/f5768ce8-c9e5-4507-9020-912c0c60e0ab",
    )
    assert server.last.headers["accept"].endswith("v=20260101")


def test_invalid_sink_ids_and_settings_are_refused_before_sending() -> None:
    server = FakeServer()
    with SmartThings(APP_TOKEN, transport=server.transport()) as st:
        with pytest.raises(ValueError, match="subscription_id"):
            st.events.delete_sink("a/b")
        with pytest.raises(ValueError, match="location"):
            st.events.create_sink([])
    with pytest.raises(ValueError, match="path"):
        SinkSettings(path="subscriptions")
    assert server.requests == []


def test_a_create_answer_without_its_id_is_a_typed_error() -> None:
    server = FakeServer()
    answer = pysmartthings("sse_subscription.json")
    del answer["subscriptionId"]
    server.reply(200, answer)
    with pytest.raises(ResponseDecodeError, match="no subscriptionId"):
        _run("sync", server, lambda st: st.events.create_sink(LOCATION_ID))


def test_the_declarations_say_origin_scope_and_what_to_do() -> None:
    rule = rule_for("events.create_sink")
    assert (rule.method, rule.path, rule.on_origin) == ("POST", "/subscriptions", True)
    assert rule.requirement_text() == "sse"
    assert "account linking" in rule.explain()
    assert rule_for("st.events.open_stream").name == "events.stream"


# --- the stream: host allow-list -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example.com/filters/x/activate",
        "http://spigot-regional.api.smartthings.com/filters/x/activate",
        "https://api.smartthings.com.evil.example/filters/x",
        "https://spigot-regional.api.smartthings.com:8443/filters/x",
        "https://user@spigot-regional.api.smartthings.com/filters/x",
    ],
)
@pytest.mark.parametrize("mode", MODES)
def test_a_stream_url_off_smartthings_is_refused_before_the_token_is_sent(mode: Mode, url: str) -> None:
    server = FakeServer()
    with pytest.raises(EventStreamError, match="refusing"):
        _run(mode, server, lambda st: st.events.open_stream(url))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_the_stream_is_read_from_a_smartthings_host(mode: Mode) -> None:
    body = (
        b": keepalive\n\nevent: CONTROL_EVENT\ndata: welcome\n\n"
        b"event: DEVICE_EVENT\ndata: " + json.dumps(pysmartthings("event.json")).encode() + b"\n\n"
    )
    server = FakeServer()
    server.reply(200, content=body, headers={"content-type": "text/event-stream"})
    url = pysmartthings("sse_subscription.json")["registrationUrl"]

    def call(st: Any) -> Any:
        if mode == "sync":
            with st.events.open_stream(url) as stream:
                return list(stream)

        async def read() -> list[Any]:
            async with await st.events.open_stream(url) as stream:
                return [event async for event in stream]

        return read()

    events = _run(mode, server, call)
    assert [type(e) for e in events] == [ControlEvent, DeviceEvent]
    assert server.last.headers["accept"] == "text/event-stream"
    assert server.last.headers["authorization"] == f"Bearer {TOKEN}"


def test_an_answer_that_is_not_an_event_stream_is_a_typed_error() -> None:
    server = FakeServer()
    server.reply(200, {"not": "a stream"})
    with pytest.raises(EventStreamError, match="not text/event-stream"):
        _run("sync", server, lambda st: st.events.open_stream("https://spigot-regional.api.smartthings.com/f"))


def test_backoff_is_exponential_capped_and_jittered() -> None:
    backoff = Backoff(initial=1.0, maximum=8.0, jitter=lambda: 0.0)
    assert [backoff.delay(n) for n in range(1, 7)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert Backoff(initial=4.0, jitter=lambda: 1.0).delay(1) == 2.0


# --- against the emulator --------------------------------------------------------------------------------------


def _credential(install: Installation) -> SmartAppToken:
    return SmartAppToken(
        install.auth_token,
        installed_app_id=install.installed_app_id,
        location_id=install.location_id,
        scopes=install.payload["installData"]["installedApp"]["permissions"],
    )


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def _when(condition: Callable[[], bool], then: Callable[[], None]) -> threading.Thread:
    """Run ``then`` in a thread once ``condition`` holds (the house acting while the test reads the stream)."""

    def wait_then() -> None:
        deadline = time.monotonic() + 10
        while not condition():
            if time.monotonic() > deadline:
                return
            time.sleep(0.005)
        then()

    thread = threading.Thread(target=wait_then, daemon=True)
    thread.start()
    return thread


def _streaming(emu: Emulator, count: int = 1) -> Callable[[], bool]:
    """Whether ``count`` different sinks have had their stream opened."""

    def check() -> bool:
        opened = [sink for sink in emu.event_sinks if emu.stream_connections(sink)]
        return len(opened) >= 1 and len(_opened_sinks(emu)) >= count

    return check


def _opened_sinks(emu: Emulator) -> list[str]:
    return [r.path.split("/")[2] for r in emu.requests if r.path.startswith("/filters/")]


def _flip(emu: Emulator, device: str, *values: str) -> Callable[[], None]:
    def run() -> None:
        for value in values:
            emu.set_attribute(device, "switch", "switch", value)

    return run


def test_watch_renews_the_sink_after_goodbye_and_deletes_it_at_the_end(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]

    def goodbye_then_more() -> None:
        emu.set_attribute(light, "switch", "switch", "on")
        emu.end_event_streams()
        _when(_streaming(emu, 2), _flip(emu, light, "off"))

    _when(_streaming(emu), goodbye_then_more)
    seen: list[Any] = []
    with SmartThings(_credential(install), transport=emu.transport) as st:
        for event in st.events.watch([install.location_id], include_control=True):
            seen.append(event)
            if sum(isinstance(e, DeviceEvent) for e in seen) == 2:
                break
    device_values = [e.value for e in seen if isinstance(e, DeviceEvent)]
    assert device_values == ["on", "off"]
    assert [e.message for e in seen if isinstance(e, ControlEvent)] == ["welcome", "goodbye", "welcome"]
    calls = [(r.method, r.path.split("/")[1]) for r in emu.requests]
    assert calls == [
        ("POST", "subscriptions"),
        ("GET", "filters"),
        ("DELETE", "subscriptions"),
        ("POST", "subscriptions"),
        ("GET", "filters"),
        ("DELETE", "subscriptions"),
    ]
    assert emu.event_sinks == ()


def test_async_watch_gets_health_and_lifecycle_events(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]

    async def main() -> list[Any]:
        seen: list[Any] = []
        async with AsyncSmartThings(_credential(install), transport=emu.transport) as st:
            watch = st.events.watch(install.location_id)
            try:
                async for event in watch:
                    seen.append(event)
                    if len(seen) == 3:
                        break
            finally:
                await watch.aclose()  # type: ignore[attr-defined]
        return seen

    def act() -> None:
        emu.set_health(light, "OFFLINE")
        emu.add_devices(1)
        emu.set_attribute(light, "switchLevel", "level", 40)

    _when(_streaming(emu), act)
    seen = asyncio.run(main())
    assert [type(e) for e in seen] == [DeviceHealthEvent, DeviceLifecycleEvent, DeviceEvent]
    assert seen[0].status == "OFFLINE"
    assert seen[1].lifecycle == "CREATE"
    assert seen[2].value == 40
    assert emu.event_sinks == ()


def test_a_stream_dropped_mid_way_resumes_on_a_new_sink_over_loopback(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    waits: list[float] = []
    store = MemorySinkStore()

    def drop_then_more() -> None:
        emu.set_attribute(light, "switch", "switch", "on")
        emu.drop_event_streams()
        _when(_streaming(emu, 2), _flip(emu, light, "off"))

    _when(_streaming(emu), drop_then_more)
    values: list[Any] = []
    with (
        emu.serve(port=0) as server,
        SmartThings(_credential(install), base_url=server.base_url, retry=RetryPolicy(sleep=waits.append)) as st,
    ):
        for event in st.events.watch(install.location_id, store=store, backoff=Backoff(jitter=lambda: 0.0)):
            values.append(event.value)  # type: ignore[union-attr]
            if len(values) == 2:
                break
    assert values == ["on", "off"]
    assert waits == [1.0]  # one backoff after the drop, none after the goodbye-free renewal
    first, second = _opened_sinks(emu)
    assert first != second
    assert store.load() is None
    assert emu.event_sinks == ()


def test_watch_deletes_the_sink_a_previous_run_left(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    with SmartThings(_credential(install), transport=emu.transport) as st:
        leftover = st.events.create_sink(install.location_id)
        store = MemorySinkStore(leftover.id)
        _when(_streaming(emu), _flip(emu, light, "on"))
        for _ in st.events.watch(install.location_id, store=store):
            break
    assert leftover.id not in emu.event_sinks
    assert next(r.path for r in emu.requests if r.method == "DELETE") == f"/subscriptions/{leftover.id}"


def test_a_third_sink_is_the_limit_error_with_what_to_do(emu: Emulator) -> None:
    install = emu.install_sse_app()
    with SmartThings(_credential(install), transport=emu.transport) as st:
        st.events.create_sink(install.location_id)
        st.events.create_sink(install.location_id)
        with pytest.raises(SinkLimitError) as caught:
            st.events.create_sink(install.location_id)
    error = caught.value
    assert isinstance(error, ConflictError)
    assert error.status_code == 409
    assert "threshold limit of 2 reached" in str(error)
    assert "delete_sink" in str(error)
    assert "4-6 hours" in str(error)


@pytest.mark.parametrize("mode", MODES)
def test_a_token_without_sse_gets_a_403_that_says_how_to_get_it(emu: Emulator, mode: Mode) -> None:
    app = emu.create_app("plain-app")
    install = emu.install(app)
    credential = _credential(install)

    async def create_async() -> None:
        async with AsyncSmartThings(credential, transport=emu.transport) as st:
            await st.events.create_sink(install.location_id)

    def create() -> None:
        if mode == "async":
            asyncio.run(create_async())
            return
        with SmartThings(credential, transport=emu.transport) as st:
            st.events.create_sink(install.location_id)

    with pytest.raises(MissingScopeError) as caught:
        create()
    message = str(caught.value)
    assert caught.value.status_code == 403
    assert caught.value.missing == ("sse",)
    assert "events.create_sink needs sse" in message
    assert "reserved sse scope" in message
    assert "account linking" in message
    assert "personal access token can never have it" in message
    assert emu.requests[-1].status == 403


def test_watch_raises_a_scope_error_rather_than_retrying(emu: Emulator) -> None:
    install = emu.install(emu.create_app("plain-app"))
    with SmartThings(_credential(install), transport=emu.transport) as st, pytest.raises(MissingScopeError):
        next(iter(st.events.watch(install.location_id)))
    assert len(emu.requests) == 1


def test_a_personal_access_token_is_refused_before_sending(emu: Emulator) -> None:
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st, pytest.raises(TokenKindError) as caught:
        st.events.create_sink(emu.location_id)
    assert caught.value.preflight
    assert "reserved sse scope" in str(caught.value)
    assert emu.requests == []


def test_the_emulator_refuses_a_sink_path_under_v1(emu: Emulator) -> None:
    install = emu.install_sse_app()
    with SmartThings(_credential(install), transport=emu.transport) as st:
        st.events.settings = SinkSettings(path="/v1/subscriptions")
        with pytest.raises(Exception, match="404"):
            st.events.create_sink(install.location_id)


# --- command line ----------------------------------------------------------------------------------------------


def _lines(out: str) -> Iterator[dict[str, Any]]:
    for line in out.splitlines():
        yield json.loads(line)


def test_cli_events_watch_jsonl_prints_one_json_object_per_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["events", "watch", "--emulator", "--jsonl", "--max-events", "2"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    events = list(_lines(captured.out))
    assert len(events) == 2
    assert all(e["eventType"] == "DEVICE_EVENT" and e["capability"] == "switch" for e in events)
    assert {e["value"] for e in events} <= {"on", "off"}


def test_cli_events_watch_stops_at_the_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["events", "watch", "--emulator", "--timeout", "0.3", "--control"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "CONTROL_EVENT  welcome" in captured.out.splitlines()[0]


def test_cli_events_watch_with_a_pat_exits_forbidden(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["events", "watch", "--token", TOKEN, "--location", LOCATION_ID])
    captured = capsys.readouterr()
    assert code == cli.EXIT_CODES["forbidden"]
    assert "sse scope" in captured.err
    assert TOKEN not in captured.err
