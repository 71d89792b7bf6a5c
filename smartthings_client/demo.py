"""``smartthings-client demo``: a short tour of the library against the offline emulator, no account needed."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from . import errors
from ._transport import RetryPolicy
from .auth.credentials import PersonalAccessToken, SmartAppToken
from .client import SmartThings
from .models import Command, DeviceStatus
from .testing import Emulator

__all__ = ["run_demo"]


def _say(text: str = "") -> None:
    print(text, flush=True)


def _step(number: int, title: str) -> None:
    _say()
    _say(f"{number}. {title}")


def _call(code: str) -> None:
    """Show the Python that produces the next result, as a reader would type it."""
    _say(f"   >>> {code}")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@contextmanager
def _library_log(echo: bool) -> Iterator[_Collect]:
    """Collect the library's DEBUG lines (they never contain a token) while a step runs."""
    logger = logging.getLogger("smartthings_client")
    handler = _Collect()
    previous = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
        if echo:
            for line in handler.lines:
                _say(f"     log: {line}")


def _state(status: DeviceStatus) -> str:
    return f"switch={status.value('switch', 'switch')!r}, level={status.value('switchLevel', 'level')}%"


def run_demo(*, verbose: bool = False) -> None:
    started = time.perf_counter()
    emulator = Emulator()
    # Retries sleep on the emulator's clock, so a server-requested wait of seconds takes no real time.
    retry = RetryPolicy(sleep=emulator.clock.sleep, async_sleep=emulator.clock.async_sleep)
    pat = PersonalAccessToken(emulator.issue_pat())
    _say("smartthings-client demo: the library against its offline SmartThings emulator (no account needed)")

    with SmartThings(pat, transport=emulator.transport, retry=retry) as st:
        _step(1, "Locations and devices, with a personal access token")
        _call("st = SmartThings(PersonalAccessToken(token), transport=emulator.transport)")
        _call("for location in st.locations.list(): st.locations.get(location.location_id); ...rooms.list(...)")
        locations = list(st.locations.list())
        for location in locations:
            detail = st.locations.get(location.location_id)
            rooms = [room.name for room in st.locations.rooms.list(location.location_id)]
            _say(f"   location {detail.name!r} ({detail.time_zone_id}), rooms: {', '.join(str(r) for r in rooms)}")
        _call("devices = st.devices.list().to_list()")
        devices = list(st.devices.list())
        _say(f"   {len(devices)} devices, for example:")
        for device in devices[:6]:
            _say(f"     - {device.display_name:<28} {device.type!s:<8} {', '.join(device.capability_ids()[:4])}")

        _step(2, "Switch a light off and on, reading its status back")
        _call('light = st.devices.list(capability=["switch", "switchLevel"]).first()')
        light = next(d for d in st.devices.list(capability=["switch", "switchLevel"]))
        _call('st.devices.command(light.device_id, "switch", "off"); st.devices.status(light.device_id)')
        result = st.devices.command(light.device_id, "switch", "off")
        status = st.devices.status(light.device_id)
        _say(f"   {light.display_name}: switch off -> {result.status if result else 'sent'}; now {_state(status)}")
        _call(
            'st.devices.execute(light.device_id, [Command(capability="switch", command="on"), '
            'Command(capability="switchLevel", command="setLevel", arguments=[40])])'
        )
        results = st.devices.execute(
            light.device_id,
            [
                Command(capability="switch", command="on"),
                Command(capability="switchLevel", command="setLevel", arguments=[40]),
            ],
        )
        status = st.devices.status(light.device_id)
        outcome = ", ".join(str(r.status) for r in results)
        _say(f"   {light.display_name}: switch on + setLevel 40 -> {outcome}; now {_state(status)}")

        _step(3, "Run a scene, then read back what it did (device history)")
        _call('night = next(s for s in st.scenes.list() if s.scene_name == "Good Night")')
        night = next(scene for scene in st.scenes.list() if scene.scene_name == "Good Night")
        _call("st.scenes.execute(night.scene_id)")
        executed = st.scenes.execute(night.scene_id)
        _say(f"   scene {night.scene_name!r}: {executed.status}")
        _call("for event in st.history.devices(light.location_id): ...  # newest first, pages fetched as needed")
        for event in list(st.history.devices(str(light.location_id)))[:4]:
            _say(f"     - {event.device_name:<20} {event.capability}.{event.attribute} = {event.value}")

        _step(4, "A personal access token on subscriptions (the classic blank 403)")
        from .models.subscriptions import DeviceSubscription

        wanted = DeviceSubscription(
            device_id=light.device_id, capability="switch", attribute="switch", subscription_name="lightSwitch"
        )
        _call(
            'st.subscriptions.create(DeviceSubscription(device_id=light.device_id, capability="switch", ...), '
            "installed_app_id=...)"
        )
        try:
            st.subscriptions.create(wanted, installed_app_id="00000000-0000-0000-0000-000000000000")
        except errors.TokenKindError as error:
            _say("   refused before sending:")
            _say(f"     {type(error).__name__}: {error.explanation}")
        _call("SmartThings(pat, check_token_kind=False, ...).subscriptions.create(...)  # send it anyway")
        with SmartThings(pat, transport=emulator.transport, check_token_kind=False) as unchecked:
            try:
                unchecked.subscriptions.create(wanted, installed_app_id="00000000-0000-0000-0000-000000000000")
            except errors.TokenKindError as error:
                _say(f"   sent anyway: SmartThings answered {error.status_code} with an empty body ({error.body!r}),")
                _say(f"     which the client turns into the same {type(error).__name__} naming the fix.")

        _step(5, "A SmartApp is installed and subscribes with its own token")
        _call("SmartAppToken(data['authToken'], installed_app_id=..., location_id=..., scopes=...)  # from INSTALL")
        app = emulator.create_app("demo-smartapp")
        install = emulator.install(app)
        data = install.payload["installData"]
        smartapp = SmartAppToken(
            data["authToken"],
            installed_app_id=data["installedApp"]["installedAppId"],
            location_id=data["installedApp"]["locationId"],
            scopes=data["installedApp"]["permissions"],
        )
        _say(
            f"   INSTALL payload: installed app {smartapp.installed_app_id}, granted {', '.join(smartapp.scopes or ())}"
        )
        _say(f"   credential: {smartapp!r}")
        _call("app_client.subscriptions.create(subscription); app_client.subscriptions.list()")
        with SmartThings(smartapp, transport=emulator.transport) as app_client:
            created = app_client.subscriptions.create(wanted)
            names = [s.subscription_name for s in app_client.subscriptions.list()]
            _say(f"   created {created.source_type} subscription {names[0]!r}; the app now has {len(names)}")

        _step(6, "A 429 handled by the retry policy")
        emulator.rate_limits.enable(limit=2, window=10.0)
        _call("for _ in range(3): st.devices.status(light.device_id)  # 2 requests per 10 s allowed")
        clock_before = emulator.clock.now()
        with _library_log(echo=verbose) as log:
            for _ in range(3):
                st.devices.status(light.device_id)
        emulator.rate_limits.disable()
        retries = [line for line in log.lines if "retrying" in line]
        limited = [line for line in log.lines if "-> 429" in line]
        _say("   the emulator allows 2 requests per 10 s; the 3rd got: " + (limited[0] if limited else "no 429"))
        _say(f"   {retries[0] if retries else 'no retry was needed'}")
        _say(
            f"   waited {emulator.clock.now() - clock_before:.1f} s of emulated time, as SmartThings asked, "
            "then succeeded: no error reached the caller"
        )

    _say()
    _say(f"Done in {time.perf_counter() - started:.2f} s. Next: `smartthings-client --help`, or the README.")
