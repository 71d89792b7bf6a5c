"""Authoring a SmartApp as with the Node SDK: a handler per event type, device commands, EXECUTE, CONFIRMATION, config
readers, commands to a config entry, UPDATE-safe subscriptions and schedules, proactive calls from the stored context.
Everything goes through signed requests from the emulator, which plays SmartThings."""

from __future__ import annotations

import asyncio
import copy
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client import (
    AsyncSmartThings,
    CronScheduleRequest,
    MemoryTokenStore,
    ModeSubscription,
    NoCredentialsError,
    NotFoundError,
    SmartAppToken,
    SmartThings,
)
from smartthings_client.auth.lifecycle import (
    AppConfig,
    ConfigValueError,
    ConfirmationRequest,
    DeviceCommand,
    DeviceCommandsEventData,
    EventRequest,
    ExecuteRequest,
    InstallRequest,
    LifecycleEvent,
    UpdateRequest,
    parse_lifecycle,
)
from smartthings_client.catalog import switch
from smartthings_client.smartapp import FileContextStore, MemoryContextStore, SmartApp
from smartthings_client.testing import EmulatedApp, Emulator, Webhook

Seen = list[tuple[str, Any]]
LOS_ANGELES = "America/Los_Angeles"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def registered(emu: Emulator) -> EmulatedApp:
    return emu.create_app("authoring")


def make_app(emu: Emulator, registered: EmulatedApp, **options: Any) -> SmartApp:
    return SmartApp(
        target_url="https://authoring.example.com/st",
        app_id=registered.app_id,
        client_id=registered.client_id,
        client_secret=registered.client_secret,
        store=options.pop("store", MemoryTokenStore()),
        context_store=options.pop("context_store", MemoryContextStore()),
        client_options={"transport": emu.transport},
        clock=emu.clock.now,
        **options,
    )


def lights(emu: Emulator, count: int = 2) -> dict[str, Any]:
    chosen = emu.find_devices("switch")[:count]
    return {"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": d, "componentId": "main"}} for d in chosen]}


def item(event_type: str, key: str, payload: dict[str, Any]) -> dict[str, Any]:
    return {"eventTime": "2026-12-06T10:00:00Z", "eventType": event_type, key: payload}


def deleted(installed_app_id: str) -> dict[str, Any]:
    data = {"installedAppId": installed_app_id, "lifecycle": "DELETE"}
    return item("INSTALLED_APP_LIFECYCLE_EVENT", "installedAppLifecycleEvent", data)


# --- every event type to its handler ------------------------------------------------------------------------------


def test_every_event_type_reaches_its_handler(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered)
    seen: Seen = []

    def record(kind: str) -> Any:
        def handler(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
            seen.append((kind, event.payload))

        return handler

    app.on_event("lights")(record("lights"))
    app.on_schedule("wake")(record("wake"))
    app.on_mode_change(record("mode"))
    app.on_device_health(record("health"))
    app.on_device_lifecycle(record("lifecycle"))
    app.on_hub_health(record("hub"))
    app.on_security_arm_state(record("security"))
    app.on_scene_lifecycle(record("scene"))
    app.on_installed_app_lifecycle(record("installed"))
    app.on_timer(record("timer"))
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install(config=lights(emu))
    iid, loc = installation.installed_app_id, installation.location_id
    light = emu.find_devices("switch")[0]
    events = [
        item("DEVICE_EVENT", "deviceEvent", {"subscriptionName": "lights_1", "deviceId": light, "value": "on"}),
        item("TIMER_EVENT", "timerEvent", {"name": "wake", "type": "CRON"}),
        item("TIMER_EVENT", "timerEvent", {"name": "other", "type": "ONCE"}),
        item("MODE_EVENT", "modeEvent", {"modeId": "m1", "locationId": loc}),
        item("DEVICE_HEALTH_EVENT", "deviceHealthEvent", {"deviceId": light, "status": "OFFLINE"}),
        item("DEVICE_LIFECYCLE_EVENT", "deviceLifecycleEvent", {"deviceId": light, "lifecycle": "DELETE"}),
        item("HUB_HEALTH_EVENT", "hubHealthEvent", {"hubId": "h1", "status": "OFFLINE", "reason": "DISCONNECTED"}),
        item("SECURITY_ARM_STATE_EVENT", "securityArmStateEvent", {"armState": "ARMED_AWAY", "locationId": loc}),
        item("SCENE_LIFECYCLE_EVENT", "sceneLifecycleEvent", {"sceneId": "s1", "lifecycle": "CREATE"}),
        item("INSTALLED_APP_LIFECYCLE_EVENT", "installedAppLifecycleEvent", {"installedAppId": "x"}),
        item("SOMETHING_NEW", "somethingNewEvent", {"what": "ignored"}),
    ]
    delivery = hook.event(iid, events)
    assert delivery is not None
    assert (delivery.status, delivery.body) == (200, {"eventData": {}})
    kinds = [kind for kind, _ in seen]
    assert kinds == ["lights", "wake", "timer", "mode", "health", "lifecycle", "hub", "security", "scene", "installed"]
    payloads = dict(seen)
    assert payloads["hub"].reason == "DISCONNECTED"
    assert payloads["security"].arm_state == "ARMED_AWAY"
    assert payloads["scene"].scene_id == "s1"
    assert payloads["mode"].mode_id == "m1"


def test_a_named_handler_wins_over_the_type_handler(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered)
    seen: list[str] = []
    app.on_event("nightMode")(lambda request, event, st: seen.append("named"))
    app.on_mode_change(lambda request, event, st: seen.append("type"))
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install()
    hook.event(
        installation.installed_app_id,
        [
            item("MODE_EVENT", "modeEvent", {"modeId": "m1", "subscriptionName": "nightMode"}),
            item("MODE_EVENT", "modeEvent", {"modeId": "m2"}),
        ],
    )
    assert seen == ["named", "type"]
    with pytest.raises(ValueError, match="already have a handler"):
        app.on_mode_change(lambda request, event, st: None)
    with pytest.raises(ValueError, match="already has a handler"):
        app.on_event("nightMode")(lambda request, event, st: None)


def test_mode_changes_and_schedules_of_the_world_arrive_as_events(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered)
    modes: list[str | None] = []
    timers: list[str | None] = []

    @app.on_installed
    def subscribe(request: InstallRequest | UpdateRequest, st: SmartThings) -> None:
        st.subscriptions.reconcile([ModeSubscription(location_id=request.installed_app.location_id or "")])
        st.schedules.reconcile([CronScheduleRequest("wake", "0 7 * * ? *", "UTC")])

    @app.on_mode_change
    def mode(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        modes.append(event.mode_event.mode_id if event.mode_event else None)

    @app.on_schedule("wake")
    def wake(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        timers.append(event.timer_event.name if event.timer_event else None)

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    hook.install()
    other = next(m for m in emu.modes.values() if m != emu.current_mode_id)
    emu.set_mode(other)
    hook.deliver_events()
    assert modes == [other]
    emu.clock.advance(24 * 3600)
    hook.deliver_events()
    assert timers == ["wake"]


def test_device_commands_go_to_the_handler_of_their_capability_and_command(
    emu: Emulator, registered: EmulatedApp, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(emu, registered)
    seen: list[tuple[str, str | None, tuple[Any, ...]]] = []

    @app.on_device_command("switch", "on")
    def on(request: EventRequest, data: DeviceCommandsEventData, command: DeviceCommand, st: SmartThings) -> None:
        seen.append(("switch/on", data.device_id, command.arguments))

    @app.on_device_command("switchLevel")
    def level(request: EventRequest, data: DeviceCommandsEventData, command: DeviceCommand, st: SmartThings) -> None:
        seen.append(("switchLevel/*", command.command, command.arguments))

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install()
    commands = [
        {"componentId": "main", "capability": "switch", "command": "on", "arguments": []},
        {"componentId": "main", "capability": "switchLevel", "command": "setLevel", "arguments": [40]},
        {"componentId": "main", "capability": "switch", "command": "off", "arguments": []},
    ]
    event = item("DEVICE_COMMANDS_EVENT", "deviceCommandsEvent", {"deviceId": "dev-1", "commands": commands})
    with caplog.at_level(logging.DEBUG, "smartthings_client"):
        hook.event(installation.installed_app_id, [event])
    assert seen == [("switch/on", "dev-1", ()), ("switchLevel/*", "setLevel", (40,))]
    assert "no handler for 1 device command(s) of device dev-1" in caplog.text

    rest: list[list[str | None]] = []

    @app.on_device_commands
    def others(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        assert event.device_commands_event is not None
        rest.append([c.command for c in event.device_commands_event.commands])

    hook.event(installation.installed_app_id, [event])
    assert rest == [["off"]]  # only the command nobody else took
    with pytest.raises(ValueError, match="already has a handler"):
        app.on_device_command("switch", "on")(on)


def test_the_apps_own_delete_lifecycle_event_forgets_its_pair_and_context(
    emu: Emulator, registered: EmulatedApp
) -> None:
    store, contexts = MemoryTokenStore(), MemoryContextStore()
    app = make_app(emu, registered, store=store, context_store=contexts)
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install(config=lights(emu))
    iid = installation.installed_app_id
    other = deleted("someone-else")
    hook.event(iid, [other])
    assert store.load(iid) is not None  # another app's DELETE: kept
    assert contexts.load(iid) is not None
    mine = deleted(iid)
    hook.event(iid, [mine])
    assert store.load(iid) is None
    assert contexts.load(iid) is None


def test_a_failing_event_handler_answers_500_without_details(
    emu: Emulator, registered: EmulatedApp, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(emu, registered)

    @app.on_hub_health
    def broken(request: EventRequest, event: LifecycleEvent, st: SmartThings) -> None:
        raise RuntimeError("secret detail")

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install()
    delivery = hook.event(installation.installed_app_id, [item("HUB_HEALTH_EVENT", "hubHealthEvent", {"hubId": "h"})])
    assert delivery is not None
    assert (delivery.status, delivery.body) == (500, {"message": "internal error"})
    assert "secret detail" not in str(delivery.body)


# --- EXECUTE and CONFIRMATION ---------------------------------------------------------------------------------


def execute_payload(emu: Emulator, hook: Webhook, installed_app_id: str, parameters: dict[str, Any]) -> dict[str, Any]:
    event = emu.event(installed_app_id, [])  # a signed-in EVENT: take its short-lived token and installed app
    return {
        "lifecycle": "EXECUTE",
        "executionId": "e-1",
        "appId": hook.app_id,
        "locale": "en",
        "version": "1.0.0",
        "executeData": {
            "authToken": event["eventData"]["authToken"],
            "installedApp": event["eventData"]["installedApp"],
            "parameters": parameters,
        },
    }


def test_execute_answers_what_its_handler_returns(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered)
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install(config=lights(emu))
    payload = execute_payload(emu, hook, installation.installed_app_id, {"ask": "lights"})
    assert hook.post(payload).body == {"executeData": {}}  # no handler: an empty answer

    @app.on_execute
    def answer(request: ExecuteRequest, st: SmartThings) -> dict[str, Any]:
        labels = [d.label for d in request.config.devices_with_state(st, "lights")]
        return {"asked": request.parameters["ask"], "labels": labels}

    emu.clock.advance(1)
    body = hook.post(execute_payload(emu, hook, installation.installed_app_id, {"ask": "lights"})).body
    assert body["executeData"]["asked"] == "lights"
    assert len(body["executeData"]["labels"]) == 2
    with pytest.raises(ValueError, match="already has a handler"):
        app.on_execute(answer)


def test_confirmation_runs_its_handler_before_the_url_is_visited(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered, confirm_registrations=True)
    seen: list[tuple[str | None, bool]] = []

    @app.on_confirmation
    def confirmed(request: ConfirmationRequest) -> None:
        seen.append((request.confirmation_data.app_id, emu.is_confirmed(registered.app_id)))

    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    assert hook.confirm().body == {"targetUrl": app.target_url}
    assert seen == [(registered.app_id, False)]
    assert emu.is_confirmed(registered.app_id)


# --- config readers ---------------------------------------------------------------------------------------------


def config_of(**values: list[dict[str, Any]]) -> AppConfig:
    payload = {
        "lifecycle": "EVENT",
        "eventData": {"authToken": "t", "installedApp": {"installedAppId": "i", "config": values}, "events": []},
    }
    return parse_lifecycle(payload).config


def text(value: str) -> dict[str, Any]:
    return {"valueType": "STRING", "stringConfig": {"value": value}}


def test_config_readers_answer_in_python_types() -> None:
    config = config_of(
        delay=[text("15")],
        ratio=[text("0.75")],
        away=[text("true")],
        home=[text("false")],
        wake=[text("2026-12-06T07:30:00.000-0800")],
        colours=[text("red"), text("blue")],
        modes=[{"valueType": "MODE", "modeConfig": {"modeId": m}} for m in ("m1", "m2")],
        scenes=[{"valueType": "SCENE", "sceneConfig": {"sceneId": "s1"}}],
        lights=[{"valueType": "DEVICE", "deviceConfig": {"deviceId": "d1", "componentId": "light2"}}],
    )
    assert config.number("delay") == 15
    assert isinstance(config.number("delay"), int)
    assert config.number("ratio") == 0.75
    assert config.number("nothing") is None
    assert config.number("nothing", 5) == 5
    assert (config.boolean("away"), config.boolean("home"), config.boolean("nothing")) == (True, False, False)
    assert config.date("wake") == datetime(2026, 12, 6, 15, 30, tzinfo=timezone.utc)
    assert config.time_string("wake") == "07:30"  # in the offset the user chose
    assert config.time_string("wake", seconds=True) == "07:30:00"
    assert config.date("nothing") is None
    assert config.time_string("nothing") is None
    assert config.string("colours") == "red"
    assert config.strings("colours") == ("red", "blue")
    assert config.mode_ids("modes") == ("m1", "m2")
    assert config.scene_ids("scenes") == ("s1",)
    assert config.device_ids("lights") == ("d1",)
    assert config.devices("lights")[0].component_id == "light2"
    assert config.devices("nothing") == ()
    assert config.string("nothing", "x") == "x"
    assert sorted(config) == sorted(["delay", "ratio", "away", "home", "wake", "colours", "modes", "scenes", "lights"])
    assert len(config["colours"]) == 2


@pytest.mark.parametrize(
    ("read", "message"),
    [
        (lambda c: c.number("word"), "not a number"),
        (lambda c: c.boolean("word"), "not a boolean"),
        (lambda c: c.date("word"), "not a date"),
    ],
)
def test_config_values_that_cannot_be_read_as_asked_raise_a_typed_error(read: Any, message: str) -> None:
    with pytest.raises(ConfigValueError, match=message):
        read(config_of(word=[text("soon")]))


def test_config_subscriptions_name_one_per_chosen_device() -> None:
    config = config_of(
        lights=[
            {"valueType": "DEVICE", "deviceConfig": {"deviceId": "d1", "componentId": "main"}},
            {"valueType": "DEVICE", "deviceConfig": {"deviceId": "d2"}},
        ]
    )
    made = config.subscriptions("lights", capability="switch", attribute="switch", value="on")
    assert [(s.device_id, s.component_id, s.subscription_name, s.value) for s in made] == [
        ("d1", "main", "lights_0", "on"),
        ("d2", "*", "lights_1", "on"),
    ]
    assert [s.subscription_name for s in config.subscriptions("lights", name="lamp")] == ["lamp_0", "lamp_1"]


# --- acting on a config entry -----------------------------------------------------------------------------------


def installed_client(emu: Emulator, registered: EmulatedApp, count: int = 2) -> tuple[str, AppConfig, str]:
    installation = emu.install(registered.app_id, config=lights(emu, count))
    request = parse_lifecycle(installation.payload)
    return installation.auth_token, request.config, installation.installed_app_id


def test_execute_all_sends_the_commands_to_every_chosen_device(emu: Emulator, registered: EmulatedApp) -> None:
    token, config, _ = installed_client(emu, registered, 3)
    with SmartThings(token, transport=emu.transport) as st:
        outcomes = st.devices.execute_all(config.devices("lights"), [switch.off(), switch.on()])
    assert [o.device_id for o in outcomes] == list(config.device_ids("lights"))
    assert all(o.ok and len(o.results) == 2 for o in outcomes)
    for device_id in config.device_ids("lights"):
        assert emu.attribute(device_id, "switch", "switch") == "on"


def test_execute_all_async_sends_concurrently_and_reads_states_in_one_call(
    emu: Emulator, registered: EmulatedApp
) -> None:
    token, config, _ = installed_client(emu, registered, 3)

    async def main() -> list[Any]:
        async with AsyncSmartThings(token, transport=emu.transport) as st:
            await st.devices.execute_all(config.devices("lights"), switch.off())
            return await config.devices_with_state(st, "lights")

    chosen = asyncio.run(main())
    assert [c.device_id for c in chosen] == list(config.device_ids("lights"))
    for device in chosen:
        assert device.status is not None
        state = device.status.attribute("switch", "switch")
        assert state is not None
        assert state.value == "off"
        assert device.component_id == "main"
        assert device.label


def test_execute_all_tries_every_device_and_reports_each_refusal(emu: Emulator, registered: EmulatedApp) -> None:
    token, config, _ = installed_client(emu, registered, 2)
    first, second = config.device_ids("lights")
    missing = "00000000-0000-4000-8000-000000000000"
    with SmartThings(token, transport=emu.transport) as st:
        outcomes = st.devices.execute_all([first, missing, second], [switch.on()])
    assert [(o.device_id, o.ok) for o in outcomes] == [(first, True), (missing, False), (second, True)]
    assert isinstance(outcomes[1].error, NotFoundError)
    assert emu.attribute(first, "switch", "switch") == "on"
    assert emu.attribute(second, "switch", "switch") == "on"  # sent although the one before it failed

    async def refused() -> list[Any]:
        async with AsyncSmartThings(token, transport=emu.transport) as st:
            return await st.devices.execute_all([missing], [switch.off()])

    [outcome] = asyncio.run(refused())
    assert isinstance(outcome.error, NotFoundError)
    with SmartThings(token, transport=emu.transport) as st, pytest.raises(TypeError, match="device ids or config"):
        st.devices.execute_all([42], [switch.on()])  # type: ignore[list-item]


def test_devices_without_status_and_an_empty_entry(emu: Emulator, registered: EmulatedApp) -> None:
    token, config, _ = installed_client(emu, registered, 1)
    with SmartThings(token, transport=emu.transport) as st:
        assert st.devices.get_all(config.devices("lights"))[0].status is None
        assert st.devices.get_all(config.devices("nothing"), status=True) == []
        assert st.devices.execute_all([], [switch.on()]) == []


def test_schedules_reconcile_replaces_only_what_changed(emu: Emulator, registered: EmulatedApp) -> None:
    token, _, iid = installed_client(emu, registered)
    wake = datetime(2026, 12, 6, 7, 30, tzinfo=timezone(timedelta(hours=-8)))
    with SmartThings(SmartAppToken(token, installed_app_id=iid), transport=emu.transport) as st:
        first = st.schedules.reconcile(
            [CronScheduleRequest.daily("wake", wake, LOS_ANGELES), CronScheduleRequest("poll", "0 * * * ? *", "UTC")]
        )
        assert sorted(s.name for s in first.created) == ["poll", "wake"]
        again = st.schedules.reconcile(
            [CronScheduleRequest.daily("wake", wake, LOS_ANGELES), CronScheduleRequest("poll", "5 * * * ? *", "UTC")]
        )
        assert [s.name for s in again.kept] == ["wake"]
        assert ([s.name for s in again.deleted], [s.name for s in again.created]) == (["poll"], ["poll"])
        listed = {s.name: s.cron.expression if s.cron else None for s in st.schedules.list()}
        assert listed == {"wake": "30 7 * * ? *", "poll": "5 * * * ? *"}
        assert not st.schedules.reconcile([]).kept
        assert list(st.schedules.list()) == []
        with pytest.raises(ValueError, match="six schedules"):
            st.schedules.reconcile([CronScheduleRequest(f"s{i}", "0 * * * ? *", "UTC") for i in range(7)])
        with pytest.raises(ValueError, match="same name"):
            st.schedules.reconcile([CronScheduleRequest("a", "0 * * * ? *", "UTC")] * 2)
        with pytest.raises(ValueError, match="cron"):
            st.schedules.reconcile([CronScheduleRequest("a", "every day", "UTC")])


# --- proactive calls --------------------------------------------------------------------------------------------


def test_with_context_gives_the_stored_configuration_and_a_client_from_any_worker(
    emu: Emulator, registered: EmulatedApp, tmp_path: Path
) -> None:
    store = MemoryTokenStore()
    app = make_app(emu, registered, store=store, context_store=FileContextStore(tmp_path))
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install(config=lights(emu))
    iid = installation.installed_app_id

    # Another worker, another SmartApp object on the same stores, a day later: the 24-hour token has expired.
    worker = make_app(emu, registered, store=store, context_store=FileContextStore(tmp_path))
    emu.clock.advance(25 * 3600)
    context = worker.with_context(iid)
    assert context.location_id == installation.location_id
    assert context.config.device_ids("lights") == tuple(emu.find_devices("switch")[:2])
    with context.client() as st:
        st.devices.execute_all(context.config.devices("lights"), [switch.on()])
    assert all(emu.attribute(d, "switch", "switch") == "on" for d in context.config.device_ids("lights"))
    stored = store.load(iid)
    assert stored is not None  # refreshed and saved
    assert stored.refresh_token != installation.refresh_token

    async def from_async() -> str | None:
        ctx = await worker.awith_context(iid)
        async with ctx.async_client() as st:
            device = await st.devices.get(ctx.config.device_ids("lights")[0])
        return device.device_id

    assert asyncio.run(from_async()) == context.config.device_ids("lights")[0]

    # UPDATE with other lights: the stored configuration follows; UNINSTALL forgets it.
    hook.update(iid, config=lights(emu, 1))
    assert len(worker.with_context(iid).config.device_ids("lights")) == 1
    hook.uninstall(iid)
    with pytest.raises(NoCredentialsError, match="no stored token"):
        worker.with_context(iid)
    assert FileContextStore(tmp_path).load(iid) is None


def test_with_context_needs_a_token_store(emu: Emulator, registered: EmulatedApp) -> None:
    app = SmartApp(target_url="https://x.example.com/st", verify_signatures=False)
    with pytest.raises(NoCredentialsError, match="token store"):
        app.with_context("anything")
    bare = make_app(emu, registered, context_store=None)
    hook = emu.webhook(registered, bare.asgi, target_url=bare.target_url)
    installation, _ = hook.install(config=lights(emu))
    context = bare.with_context(installation.installed_app_id)  # a pair but no context store: no configuration
    assert dict(context.config) == {}
    assert context.locale is None
    assert context.location_id == installation.location_id


def test_install_saves_the_installers_language_with_the_context(emu: Emulator, registered: EmulatedApp) -> None:
    contexts = MemoryContextStore()
    app = make_app(emu, registered, context_store=contexts)
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation = emu.install(registered.app_id, config=lights(emu))
    payload = copy.deepcopy(installation.payload)
    payload["client"] = {"language": "fr-CA"}
    assert hook.post(payload).status == 200
    stored = contexts.load(installation.installed_app_id)
    assert stored is not None
    assert stored.locale == "fr-CA"
    assert app.with_context(installation.installed_app_id).locale == "fr-CA"


def test_async_execute_all_really_overlaps_the_requests_and_sync_sends_one_at_a_time() -> None:
    in_flight, most = 0, 0

    async def answer(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.05)
        in_flight -= 1
        return httpx.Response(200, json={"results": [{"id": "c", "status": "ACCEPTED"}]})

    devices = [f"0000000{i}-0000-4000-8000-000000000000" for i in range(4)]

    async def main() -> list[Any]:
        async with AsyncSmartThings("a-token", transport=httpx.MockTransport(answer)) as st:
            return await st.devices.execute_all(devices, [switch.on()])

    outcomes = asyncio.run(main())
    assert [o.device_id for o in outcomes] == devices
    assert most == 4

    sent: list[str] = []

    def answer_sync(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return httpx.Response(200, json={"results": []})

    with SmartThings("a-token", transport=httpx.MockTransport(answer_sync)) as st:
        st.devices.execute_all(devices, [switch.on()])
    assert sent == [f"/v1/devices/{d}/commands" for d in devices]  # in order, one after the other


def test_a_context_never_shows_its_tokens(emu: Emulator, registered: EmulatedApp) -> None:
    app = make_app(emu, registered)
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    installation, _ = hook.install(config=lights(emu))
    shown = repr(app.with_context(installation.installed_app_id))
    assert installation.installed_app_id in shown
    assert installation.auth_token not in shown
    assert installation.refresh_token not in shown
    assert registered.client_secret not in shown
