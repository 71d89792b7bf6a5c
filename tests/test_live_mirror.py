"""The device mirror, as a user sees it against the emulator: the state it loads, the changes it reports, a silent
stream healed, a dropped connection recovered with backoff, leftover sinks cleaned up; sync and async."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, SmartAppToken, SmartThings, cli
from smartthings_client._cli import mirror as mirror_cli
from smartthings_client.catalog import switch, switch_level
from smartthings_client.errors import (
    InvalidArgumentError,
    MissingScopeError,
    NotFoundError,
    ReauthorizationRequired,
    SinkLimitError,
    SinkSlotsTakenError,
)
from smartthings_client.live import (
    HEALTH_CAPABILITY,
    AsyncDeviceMirror,
    Change,
    DeviceMirror,
    MirrorSettings,
)
from smartthings_client.live import _plan as plan
from smartthings_client.live._state import MirrorState
from smartthings_client.models.devices import (
    AttributeState,
    Component,
    Device,
    DeviceHealth,
    DeviceStatus,
    HealthState,
)
from smartthings_client.models.events import DeviceEvent, Sink
from smartthings_client.resources.events import Backoff, FileSinkStore, MemorySinkStore
from smartthings_client.testing import Emulator, Installation

from .auth.helpers import make_token
from .fixtures import MODES, Mode


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


def _settings(emu: Emulator, waits: list[float] | None = None, **overrides: Any) -> MirrorSettings:
    """The emulator's clock drives the watchdog; a backoff is recorded (and passed on the emulated clock)."""
    recorded = waits if waits is not None else []

    def sleep(seconds: float) -> None:
        recorded.append(seconds)
        emu.clock.advance(seconds)

    async def async_sleep(seconds: float) -> None:
        sleep(seconds)

    options: dict[str, Any] = {
        "clock": emu.clock.now,
        "sleep": sleep,
        "async_sleep": async_sleep,
        "backoff": Backoff(jitter=lambda: 0.0),
    }
    options.update(overrides)
    return MirrorSettings(**options)


def _when(condition: Callable[[], bool], then: Callable[[], None]) -> threading.Thread:
    """Run ``then`` in a thread once ``condition`` holds (the house acting while the mirror runs)."""

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


def _following(emu: Emulator, cycles: int = 1) -> Callable[[], bool]:
    """Whether the mirror has opened ``cycles`` streams and re-read the devices after the last one."""

    def check() -> bool:
        paths = [r.path for r in emu.requests]
        opened = [i for i, p in enumerate(paths) if p.startswith("/filters/")]
        if len(opened) < cycles:
            return False
        return any(p == "/devices" for p in paths[opened[cycles - 1] :])

    return check


@contextlib.contextmanager
def _bounded(emu: Emulator, seconds: float = 10.0) -> Iterator[None]:
    """A mirror that never gets what a test waits for fails in bounded time: the emulator refuses every new sink
    and ends the streams, so the mirror stops with an error instead of waiting forever."""

    def give_up() -> None:
        emu.sink_limit = 0
        emu.end_event_streams()

    timer = threading.Timer(seconds, give_up)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _take(changes: Iterator[Change], count: int) -> list[Change]:
    taken = []
    for change in changes:
        taken.append(change)
        if len(taken) == count:
            break
    return taken


async def _atake(changes: AsyncIterator[Change], count: int) -> list[Change]:
    taken = []
    try:
        async for change in changes:
            taken.append(change)
            if len(taken) == count:
                break
    finally:
        await changes.aclose()  # type: ignore[attr-defined]
    return taken


def _run_mirror(
    mode: Mode,
    emu: Emulator,
    install: Installation,
    count: int,
    *,
    settings: MirrorSettings,
    store: Any = None,
    setup: Callable[[Any], None] | None = None,
    max_retries: int = 2,
) -> tuple[list[Change], Any]:
    """Run a mirror (sync or async) until it has yielded ``count`` changes; the changes and the mirror."""
    with _bounded(emu):
        if mode == "sync":
            with SmartThings(_credential(install), transport=emu.transport, max_retries=max_retries) as st:
                mirror = DeviceMirror(st, install.location_id, settings=settings, store=store)
                if setup is not None:
                    setup(mirror)
                return _take(mirror.changes(), count), mirror

        async def main() -> tuple[list[Change], Any]:
            async with AsyncSmartThings(
                _credential(install), transport=emu.transport, max_retries=max_retries
            ) as st:
                mirror = AsyncDeviceMirror(st, install.location_id, settings=settings, store=store)
                if setup is not None:
                    setup(mirror)
                return await _atake(mirror.changes(), count), mirror

        return asyncio.run(main())


# --- the state and the changes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_the_mirror_loads_every_device_then_reports_each_change_with_old_and_new(emu: Emulator, mode: Mode) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch", "switchLevel"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    emu.set_attribute(light, "switchLevel", "level", 10)
    called: list[Change] = []

    def act() -> None:
        emu.set_attribute(light, "switch", "switch", "on")
        emu.set_attribute(light, "switch", "switch", "on")  # a re-report is no change
        emu.set_attribute(light, "switchLevel", "level", 55)

    _when(_following(emu), act)
    changes, mirror = _run_mirror(
        mode, emu, install, 2, settings=_settings(emu), setup=lambda m: m.subscribe(called.append, key=switch.SWITCH)
    )
    assert [(c.capability, c.attribute, c.old, c.new, c.source) for c in changes] == [
        ("switch", "switch", "off", "on", "event"),
        ("switchLevel", "level", 10, 55, "event"),
    ]
    assert all(c.device_id == light and c.component == "main" and c.time is not None for c in changes)
    assert changes[0].read(switch.SWITCH) == "on"
    assert changes[0].read(switch_level.LEVEL) is None
    assert called == changes[:1]  # the subscriber asked for switch.switch only
    assert mirror.read(light, switch.SWITCH) == "on"
    assert mirror.read(light, switch_level.LEVEL) == 55
    assert isinstance(mirror.status(light), DeviceStatus)
    assert mirror.status(light).read(switch_level.LEVEL) == 55
    assert mirror.health(light) == "ONLINE"
    assert set(mirror.device_ids) == set(emu.devices)
    assert light in mirror
    assert emu.event_sinks == ()  # stopping deleted the sink
    # one listing call loads everything: no per-device reads
    assert not any(r.path.endswith("/status") for r in emu.requests)


def test_health_changes_and_filters_on_the_iterator(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light, other = emu.find_devices(["switch"])[:2]

    def act() -> None:
        emu.set_attribute(other, "switch", "switch", "on")
        emu.set_health(light, "OFFLINE")

    _when(_following(emu), act)
    with _bounded(emu), SmartThings(_credential(install), transport=emu.transport) as st:
        mirror = DeviceMirror(st, install.location_id, settings=_settings(emu))
        (change,) = _take(mirror.changes(device_id=light), 1)
    wanted = (HEALTH_CAPABILITY, "state", "ONLINE", "OFFLINE")
    assert (change.capability, change.attribute, change.old, change.new) == wanted
    assert mirror.health(light) == "OFFLINE"


def test_load_alone_reads_the_state_without_a_stream(emu: Emulator) -> None:
    emu.set_attribute(emu.find_devices(["switchLevel"])[0], "switchLevel", "level", 33)
    install = emu.install_sse_app()
    with SmartThings(_credential(install), transport=emu.transport) as st:
        mirror = DeviceMirror(st, install.location_id)
        mirror.load()
    level_device = emu.find_devices(["switchLevel"])[0]
    assert mirror.loaded
    assert mirror.read(level_device, switch_level.LEVEL) == 33
    assert emu.event_sinks == ()
    with pytest.raises(KeyError, match="no device"):
        mirror.status("not-a-device")


def test_a_second_iteration_while_running_and_bad_filters_are_refused(emu: Emulator) -> None:
    install = emu.install_sse_app()
    with SmartThings(_credential(install), transport=emu.transport) as st:
        mirror = DeviceMirror(st, install.location_id)
        with pytest.raises(InvalidArgumentError, match="either key or capability"):
            mirror.subscribe(print, key=switch.SWITCH, capability="switch")
        with pytest.raises(InvalidArgumentError, match="at least one location"):
            DeviceMirror(st, [])
        mirror._running = True
        with pytest.raises(InvalidArgumentError, match="already running"):
            mirror.changes()


def test_a_callback_that_raises_is_logged_and_the_mirror_goes_on(
    emu: Emulator, caplog: pytest.LogCaptureFixture
) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")

    def broken(change: Change) -> None:
        raise RuntimeError("boom")

    _when(_following(emu), lambda: emu.set_attribute(light, "switch", "switch", "on"))
    changes, _ = _run_mirror("sync", emu, install, 1, settings=_settings(emu), setup=lambda m: m.subscribe(broken))
    assert changes[0].new == "on"
    assert "a change subscriber raised" in caplog.text


# --- the silent stream ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_silent_stream_is_detected_and_healed_with_every_missed_change(
    emu: Emulator, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch", "switchLevel"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    emu.set_attribute(light, "switchLevel", "level", 10)
    started = emu.clock.now()

    def go_silent() -> None:
        emu.event_streams_silent = True
        emu.set_attribute(light, "switch", "switch", "on")  # lost by the stream
        emu.set_attribute(light, "switchLevel", "level", 70)  # lost too
        emu.clock.advance(301)  # a keepalive comes; no device event for longer than stall_timeout

    _when(_following(emu), go_silent)
    caplog.set_level(logging.WARNING, "smartthings_client")
    changes, mirror = _run_mirror(mode, emu, install, 2, settings=_settings(emu, stall_timeout=300))
    assert sorted((c.attribute, c.old, c.new, c.source) for c in changes) == [
        ("level", 10, 70, "resync"),
        ("switch", "off", "on", "resync"),
    ]
    assert mirror.read(light, switch.SWITCH) == "on"
    assert emu.clock.now() - started <= 300 + 60  # healed within the stall timeout plus one keepalive
    assert "no device event for 301 s" in caplog.text
    opened = {r.path.split("/")[2] for r in emu.requests if r.path.startswith("/filters/")}
    assert len(opened) == 2  # the stream was renewed on a new sink
    assert emu.event_sinks == ()


def test_a_quiet_device_that_changed_unseen_is_reread_and_the_stream_renewed(emu: Emulator) -> None:
    install = emu.install_sse_app()
    sensor = emu.find_devices(["switch"])[0]
    emu.set_attribute(sensor, "switch", "switch", "off")

    seen: list[Change] = []

    def report_then_go_quiet() -> None:
        for value in ("on", "off", "on", "off"):  # a device that reports every 10 s
            emu.clock.advance(10)
            emu.set_attribute(sensor, "switch", "switch", value)
        deadline = time.monotonic() + 10
        while len(seen) < 4 and time.monotonic() < deadline:  # the mirror has applied them
            time.sleep(0.005)
        emu.event_streams_silent = True
        emu.set_attribute(sensor, "switch", "switch", "on")  # missed
        emu.event_streams_silent = False
        emu.clock.advance(61)  # keepalive; the device has been quiet 6 times its usual gap

    settings = _settings(emu, stall_timeout=10_000, quiet_factor=4, quiet_minimum=30, quiet_check_every=30)
    _when(_following(emu), report_then_go_quiet)
    changes, _ = _run_mirror("sync", emu, install, 5, settings=settings, setup=lambda m: m.subscribe(seen.append))
    assert [c.source for c in changes] == ["event"] * 4 + ["resync"]
    assert (changes[-1].old, changes[-1].new) == ("off", "on")
    assert any(r.path == f"/devices/{sensor}/status" for r in emu.requests)


# --- recovery ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_dropped_connection_recovers_with_backoff_and_reports_what_was_missed(
    emu: Emulator, mode: Mode, caplog: pytest.LogCaptureFixture
) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    waits: list[float] = []

    def network_loss() -> None:
        # the network goes: the stream drops, and the next two attempts cannot even connect (DNS, router)
        emu.faults.add("drop", 2, "POST", "/subscriptions", error="connect")
        emu.event_streams_silent = True  # what happens while the connection is down never reaches the stream
        emu.set_attribute(light, "switch", "switch", "on")
        emu.drop_event_streams()
        emu.event_streams_silent = False

    _when(_following(emu), network_loss)
    caplog.set_level(logging.WARNING, "smartthings_client")
    changes, mirror = _run_mirror(mode, emu, install, 1, settings=_settings(emu, waits), max_retries=0)
    assert [(c.old, c.new, c.source) for c in changes] == [("off", "on", "resync")]
    assert waits == [1.0, 2.0, 4.0]  # the drop, then two refused connections: exponential, never a tight loop
    attempts = [r.message for r in caplog.records if "reconnecting in" in r.message]
    assert len(attempts) == 3  # one line per attempt
    assert "attempt 3" in attempts[-1]
    assert mirror.read(light, switch.SWITCH) == "on"
    assert emu.event_sinks == ()


def test_a_stream_that_ends_at_once_backs_off_instead_of_looping() -> None:
    state = MirrorState()
    settings = MirrorSettings(clock=lambda: 0.0, backoff=Backoff(jitter=lambda: 0.0))
    steps = plan.mirror_plan(state, ["loc"], settings, MemorySinkStore())
    sink = Sink(subscription_id="s1", registration_url="https://x.api.smartthings.com/f")
    answers: dict[type, Any] = {
        plan.CreateSink: sink,
        plan.Open: object(),
        plan.ListDevices: [],
        plan.Read: None,
        plan.Close: None,
        plan.DeleteSink: None,
    }
    sleeps = []
    step = next(steps)
    for _ in range(40):
        if isinstance(step, plan.Sleep):
            sleeps.append(step.seconds)
            if len(sleeps) == 3:
                break
        step = steps.send(answers.get(type(step)))
    assert sleeps == [1.0, 2.0, 4.0]


def test_reauthorization_required_stops_the_mirror_with_that_error() -> None:
    steps = plan.mirror_plan(MirrorState(), ["loc"], MirrorSettings(), MemorySinkStore())
    step = next(steps)
    assert isinstance(step, plan.CreateSink)
    refused = ReauthorizationRequired("the refresh token was refused.", how_to_fix="Install the app again.")
    with pytest.raises(ReauthorizationRequired):  # no backoff, no retry: the plan ends with that error
        steps.throw(refused)


def test_a_token_without_sse_stops_the_mirror_at_once(emu: Emulator) -> None:
    install = emu.install(emu.create_app("plain-app"), ["r:devices:*", "r:locations:*"])
    with SmartThings(_credential(install), transport=emu.transport) as st, pytest.raises(MissingScopeError):
        next(iter(DeviceMirror(st, install.location_id).changes()))
    assert [r.method for r in emu.requests] == ["POST"]


def test_a_refreshed_token_is_used_when_the_stream_is_renewed(emu: Emulator) -> None:
    """The token expires mid-stream; the next stream is opened with the refreshed one (the client's auth flow)."""
    scopes = ["r:devices:*", "r:locations:*", "sse"]
    app = emu.create_app("sse-refresh", "API_ONLY", scopes)
    install = emu.install(app, scopes)
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    token = make_token(emu, app, install, expires_in=900)

    def expire_then_drop() -> None:
        emu.clock.advance(900)  # the access token is now (about to be) expired
        emu.drop_event_streams()
        _when(_following(emu, 2), lambda: emu.set_attribute(light, "switch", "switch", "on"))

    _when(_following(emu), expire_then_drop)
    with _bounded(emu), SmartThings(token, transport=emu.transport) as st:
        mirror = DeviceMirror(st, install.location_id, settings=_settings(emu))
        (change,) = _take(mirror.changes(), 1)
    assert change.new == "on"
    paths = [r.path for r in emu.requests]
    refreshed = paths.index("/oauth/token")
    second_stream = [i for i, p in enumerate(paths) if p.startswith("/filters/")][1]
    assert refreshed < second_stream  # the renewed stream was opened with the refreshed token
    assert all(r.status != 401 for r in emu.requests)


# --- sink hygiene -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_a_restart_with_two_leftover_sinks_starts_cleanly(emu: Emulator, mode: Mode, tmp_path: Path) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    store = FileSinkStore(tmp_path / "sinks")
    with SmartThings(_credential(install), transport=emu.transport) as st:  # two earlier runs that crashed
        leftovers = [st.events.create_sink(install.location_id).id for _ in range(2)]
    store.save_all(leftovers)
    _when(_following(emu), lambda: emu.set_attribute(light, "switch", "switch", "on"))
    changes, _ = _run_mirror(mode, emu, install, 1, settings=_settings(emu), store=store)
    assert changes[0].new == "on"
    deleted = [r.path.rsplit("/", 1)[1] for r in emu.requests if r.method == "DELETE"]
    assert deleted[:2] == leftovers  # deleted first, before creating a sink
    creates = [i for i, r in enumerate(emu.requests) if r.method == "POST" and r.status == 200]
    assert len(creates) == 3  # two leftovers, then the mirror's one, created without a 409
    assert not any(r.status == 409 for r in emu.requests)
    assert emu.event_sinks == ()
    assert store.load_all() == []


def test_on_the_limit_the_mirror_deletes_the_sinks_it_owns_and_retries_once(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    with SmartThings(_credential(install), transport=emu.transport) as st:
        mine = st.events.create_sink(install.location_id).id
        st.events.create_sink(install.location_id)  # someone else's
    store = MemorySinkStore()
    # the mirror recorded its sink, but the delete at start failed (network), so the 409 comes first
    emu.faults.add("server_error", 1, "DELETE", f"/subscriptions/{mine}", status=503)
    store.save_all([mine])
    _when(_following(emu), lambda: emu.set_attribute(light, "switch", "switch", "on"))
    changes, _ = _run_mirror("sync", emu, install, 1, settings=_settings(emu), store=store, max_retries=0)
    assert changes[0].new == "on"
    statuses = [(r.method, r.status) for r in emu.requests if r.path.startswith("/subscriptions")][2:]
    assert statuses[:4] == [("DELETE", 503), ("POST", 409), ("DELETE", 200), ("POST", 200)]


def test_when_others_hold_both_slots_the_error_says_what_holds_them_and_how_to_free_them(emu: Emulator) -> None:
    install = emu.install_sse_app()
    with SmartThings(_credential(install), transport=emu.transport) as st:
        st.events.create_sink(install.location_id)
        st.events.create_sink(install.location_id)
        with pytest.raises(SinkSlotsTakenError) as caught:
            next(iter(DeviceMirror(st, install.location_id, settings=_settings(emu)).changes()))
    error = caught.value
    assert isinstance(error, SinkLimitError)
    assert error.status_code == 409
    assert error.deleted == ()
    message = str(error)
    assert "threshold limit of 2 reached" in message
    assert "sinks it does not know" in message
    assert "another program" in message
    assert "FileSinkStore" in message
    assert "st.events.delete_sink" in message
    assert "4-6 hours" in message


def test_the_file_store_keeps_every_id_and_a_one_id_store_still_works(tmp_path: Path) -> None:
    store = FileSinkStore(tmp_path / "sinks")
    store.save_all(["a", "b"])
    assert store.load_all() == ["a", "b"]
    assert store.load() == "b"
    store.save(None)
    assert store.load_all() == []
    assert not (tmp_path / "sinks").exists()
    memory = MemorySinkStore("a", "b")
    assert (memory.load_all(), memory.load(), memory.sink_id) == (["a", "b"], "b", "b")
    memory.sink_id = "c"
    assert memory.load_all() == ["c"]

    class OneId:
        def __init__(self) -> None:
            self.value: str | None = "old"

        def load(self) -> str | None:
            return self.value

        def save(self, sink_id: str | None) -> None:
            self.value = sink_id

    one = OneId()
    ledger = plan.Ledger(one)
    assert ledger.ids == ["old"]
    ledger.add("new")
    assert one.value == "new"
    ledger.discard("new")
    ledger.discard("old")
    assert one.value is None


# --- the emulator's switches ------------------------------------------------------------------------------------------


def test_the_emulator_plays_a_silent_stream_and_a_settable_sink_limit(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.sink_limit = 1
    with SmartThings(_credential(install), transport=emu.transport) as st:
        sink = st.events.create_sink(install.location_id)
        with pytest.raises(SinkLimitError, match="threshold limit of 1 reached"):
            st.events.create_sink(install.location_id)
        emu.event_streams_silent = True
        assert emu.event_streams_silent
        emu.set_attribute(light, "switch", "switch", "on")
        with st.events.open_stream(sink) as stream:
            first = next(stream)
            emu.clock.advance(60)
            second = next(stream)  # the keepalive, not the event: the stream is silent
        assert [getattr(e, "message", None) for e in (first, second)] == ["welcome", "welcome"]
    emu.sink_limit = None
    assert emu.sink_limit is None
    with pytest.raises(ValueError, match="sink_limit"):
        emu.sink_limit = -1


# --- command line ----------------------------------------------------------------------------------------------------


def test_cli_devices_watch_prints_changes_as_json_lines(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["devices", "watch", "--emulator", "--jsonl", "--max-changes", "2", "--timeout", "20"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    changes = [json.loads(line) for line in captured.out.splitlines()]
    assert len(changes) == 2
    assert {(c["capability"], c["attribute"], c["source"]) for c in changes} == {("switch", "switch", "event")}
    assert [(c["old"], c["new"]) for c in changes] in ([("on", "off"), ("off", "on")], [("off", "on"), ("on", "off")])


def test_cli_devices_watch_marks_the_changes_a_resync_found(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    done = threading.Event()

    def silent_house(emulator: Emulator) -> None:
        light = emulator.find_devices(["switch"])[0]

        def run() -> None:
            time.sleep(0.3)
            emulator.event_streams_silent = True
            emulator.set_attribute(light, "switch", "switch", "off")  # lost by the stream
            for _ in range(400):  # keepalives keep coming (bounded: 20 s)
                if done.wait(0.05):
                    return
                emulator.clock.advance(60)

        threading.Thread(target=run, daemon=True).start()

    monkeypatch.setattr(mirror_cli, "simulate_activity", silent_house)
    argv = ["devices", "watch", "--emulator", "--stall-timeout", "0.5", "--max-changes", "1", "--timeout", "20"]
    try:
        code = cli.main(argv)
    finally:
        done.set()
    captured = capsys.readouterr()
    assert code == 0, captured.err
    header, row = captured.out.splitlines()
    assert header.split() == ["TIME", "SOURCE", "DEVICE", "ATTRIBUTE", "OLD", "NEW"]
    assert row.split()[1:] == ["resync", "Bathroom", "spot", "switch.switch", "on", "off"]


def test_cli_devices_watch_refuses_a_bad_count(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["devices", "watch", "--emulator", "--max-changes", "0"])
    assert code == cli.EXIT_CODES["usage"]
    assert "--max-changes must be at least 1" in capsys.readouterr().err


# --- the rules, without I/O ------------------------------------------------------------------------------------------


def _device(device_id: str) -> Device:
    return Device(device_id=device_id, components=(Component(id="main"),))


def _event(value: Any, when: datetime | None, device_id: str = "d1") -> DeviceEvent:
    return DeviceEvent(
        device_id=device_id, component_id="main", capability="switch", attribute="switch", value=value, event_time=when
    )


def test_an_event_older_than_a_reread_a_repeat_and_an_unknown_device_change_nothing() -> None:
    state = MirrorState()
    reread = datetime(2026, 1, 1, 12, 0, tzinfo=timezone.utc)
    status = DeviceStatus(components={"main": {"switch": {"switch": AttributeState(value="on", timestamp=reread)}}})
    state.replace([(_device("d1"), status, "ONLINE")], reread, complete=True)
    assert state.apply(_event("off", reread - timedelta(seconds=1)), 0.0) is None  # older than the re-read
    assert state.apply(_event("on", reread + timedelta(seconds=1)), 1.0) is None  # the same value again
    assert state.apply(_event("off", reread, device_id="unknown"), 2.0) is None
    change = state.apply(_event("off", reread + timedelta(seconds=2)), 3.0)
    assert change is not None
    assert (change.old, change.new, change.source) == ("on", "off", "event")
    # a later full re-read: differences are resync changes, a device gone from the listing is dropped
    state.replace([], reread, complete=True)
    assert state.devices == {}


def test_a_listing_without_status_reads_each_device_by_itself() -> None:
    state = MirrorState()
    steps = plan.load_all(state, ("loc",))
    assert next(steps) == plan.ListDevices(("loc",))
    assert steps.send([_device("d1")]) == plan.GetStatus("d1")
    assert steps.send(DeviceStatus(components={"main": {"switch": {"switch": AttributeState(value="on")}}})) == (
        plan.GetHealth("d1")
    )
    with pytest.raises(StopIteration) as done:
        steps.send(DeviceHealth(device_id="d1", state=HealthState.OFFLINE))
    assert done.value.value == []  # the first load reports nothing
    assert state.entry("d1").health == "OFFLINE"


def test_a_device_gone_when_reread_is_forgotten() -> None:
    state = MirrorState()
    state.replace([(_device("d1"), DeviceStatus(), None)], None, complete=True)
    steps = plan.load_one(state, "d1")
    assert next(steps) == plan.GetDevice("d1")
    gone = NotFoundError(status_code=404, method="GET", url="https://api.smartthings.com/v1/devices/d1")
    with pytest.raises(StopIteration) as done:
        steps.throw(gone)
    assert done.value.value == []
    assert "d1" not in state.devices


def test_a_device_created_while_running_is_mirrored_and_goodbye_renews_without_waiting(emu: Emulator) -> None:
    install = emu.install_sse_app()
    waits: list[float] = []
    created: list[str] = []

    def add_then_goodbye() -> None:
        created.extend(emu.add_devices(1, ["switch"], health="ONLINE"))
        emu.end_event_streams()  # goodbye: a healthy renewal, no backoff
        _when(_following(emu, 2), lambda: emu.set_attribute(created[0], "switch", "switch", "on"))

    _when(_following(emu), add_then_goodbye)
    changes, mirror = _run_mirror("sync", emu, install, 1, settings=_settings(emu, waits))
    assert changes[0].device_id == created[0]
    assert changes[0].source == "event"
    assert created[0] in mirror
    assert waits == []


def test_a_sink_whose_delete_failed_in_an_outage_is_deleted_once_the_stream_is_back(emu: Emulator) -> None:
    install = emu.install_sse_app()
    light = emu.find_devices(["switch"])[0]
    emu.set_attribute(light, "switch", "switch", "off")
    store = MemorySinkStore()
    first: list[str] = []

    def outage() -> None:
        first.extend(emu.event_sinks)
        emu.faults.add("server_error", 1, "DELETE", "/subscriptions/", status=503)
        emu.drop_event_streams()
        _when(_following(emu, 2), lambda: emu.set_attribute(light, "switch", "switch", "on"))

    _when(_following(emu), outage)
    changes, _ = _run_mirror("sync", emu, install, 1, settings=_settings(emu), store=store, max_retries=0)
    assert changes[0].new == "on"
    deletes = [(r.path.rsplit("/", 1)[1], r.status) for r in emu.requests if r.method == "DELETE"]
    assert deletes[0] == (first[0], 503)
    assert deletes[1] == (first[0], 200)  # retried as soon as the new stream was up
    assert emu.event_sinks == ()
    assert store.load_all() == []


def test_cli_devices_watch_with_a_personal_access_token_exits_forbidden(capsys: pytest.CaptureFixture[str]) -> None:
    token = "11111111-2222-3333-4444-555555555555"
    code = cli.main(["devices", "watch", "--token", token, "--location", "somewhere"])
    captured = capsys.readouterr()
    assert code == cli.EXIT_CODES["forbidden"]
    assert "sse scope" in captured.err
    assert token not in captured.err


def test_a_refused_refresh_token_stops_the_mirror_with_reauthorization_required(emu: Emulator) -> None:
    scopes = ["r:devices:*", "r:locations:*", "sse"]
    app = emu.create_app("sse-revoked", "API_ONLY", scopes)
    install = emu.install(app, scopes)
    token = make_token(emu, app, install, expires_in=900)
    waits: list[float] = []

    def revoke_then_drop() -> None:
        emu.update(install.installed_app_id)  # a new token pair elsewhere: ours can no longer refresh
        emu.clock.advance(900)
        emu.drop_event_streams()

    _when(_following(emu), revoke_then_drop)
    with _bounded(emu), SmartThings(token, transport=emu.transport) as st:
        mirror = DeviceMirror(st, install.location_id, settings=_settings(emu, waits, stall_timeout=10_000))
        with pytest.raises(ReauthorizationRequired):
            _take(mirror.changes(), 1)
    assert waits == [1.0]  # the drop was retried once; the refused refresh was not
