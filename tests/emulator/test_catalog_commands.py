"""Device commands follow the capability catalogue, driven through the real client, sync and async.

A command sets what its capability's definition says (an attribute's ``setter`` takes the first argument, its
``enumCommands`` their value), and the emulator emits the device event as for any change; a command the definition
does not define, or whose arguments break the schema, is the real 422.  The client checks the commands its typed
builders make before sending; these tests send the forms it does not check (``st.devices.command`` with names as
strings, and ``Command(...)`` built by hand), so the answers here are the emulator's own.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, Command, PersonalAccessToken, SmartAppToken, SmartThings
from smartthings_client.catalog import definition
from smartthings_client.errors import UnprocessableEntityError
from smartthings_client.models.subscriptions import DeviceSubscription
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator
from smartthings_client.testing._commands import EXTRAS

MODES = ["sync", "async"]


def run(emu: Emulator, mode: str, call: Callable[[Any], Any], token: Any = None) -> Any:
    """``call(st)`` on a blocking or an async client over the emulator; pagers are read to a list."""
    credential = token or PersonalAccessToken(emu.issue_pat())
    if mode == "sync":
        with SmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st)
            return result.to_list() if hasattr(result, "to_list") else result

    async def main() -> Any:
        async with AsyncSmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st)
            if inspect.isawaitable(result):
                result = await result
            return await result.to_list() if hasattr(result, "to_list") else result

    return asyncio.run(main())


def device(emu: Emulator, label_or_capability: str) -> str:
    """A seeded device by label (online: the seeded dryer is not), or a new synthetic one with that capability."""
    seeded = emu.devices_by_label().get(label_or_capability)
    if seeded is None:
        return emu.add_devices(1, label_or_capability)[0]
    emu.set_health(seeded, "ONLINE")
    return seeded


#: (device label or capability of a new device, capability, command, arguments, attribute, value, unit)
CHANGES = [
    ("Hallway Thermostat", "thermostatMode", "setThermostatMode", ["cool"], "thermostatMode", "cool", None),
    ("Hallway Thermostat", "thermostatMode", "emergencyHeat", [], "thermostatMode", "emergency heat", None),
    ("Curtain 1A", "windowShade", "open", [], "windowShade", "open", None),
    ("Curtain 1A", "windowShade", "close", [], "windowShade", "closed", None),
    ("Elliots Rum", "audioVolume", "setVolume", [40], "volume", 40, "%"),
    ("Elliots Rum", "mediaPlayback", "fastForward", [], "playbackStatus", "fast forwarding", None),
    (SEED_LIGHT_LABEL, "colorTemperature", "setColorTemperature", [5000], "colorTemperature", 5000, "K"),
    ("Front Door Lock", "lock", "unlatch", [], "lock", "unlatched", None),
    (
        "Robot vacuum",
        "robotCleanerCleaningMode",
        "setRobotCleanerCleaningMode",
        ["repeat"],
        "robotCleanerCleaningMode",
        "repeat",
        None,
    ),
    ("Dryer", "custom.dryerDryLevel", "setDryerDryLevel", ["more"], "dryerDryLevel", "more", None),
    ("samsungce.aiMotionWind", "samsungce.aiMotionWind", "setMode", ["windFree"], "mode", "windFree", None),
    ("samsungce.detergentState", "samsungce.detergentState", "setDosage", [2.5], "dosage", 2.5, "ea"),
    (
        "samsungim.ledNotification",
        "samsungim.ledNotification",
        "enableLedNotification",
        [],
        "ledNotification",
        "true",
        None,
    ),
    # No unit yet on a new device: a temperature takes the location's scale (the seeded location's is F).
    ("temperatureSetpoint", "temperatureSetpoint", "setTemperatureSetpoint", [21.5], "temperatureSetpoint", 21.5, "F"),
    # A unit the device already reports is kept: this air conditioner reports Celsius in a Fahrenheit location.
    ("Office", "thermostatCoolingSetpoint", "setCoolingSetpoint", [24], "coolingSetpoint", 24, "C"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("where", "capability", "command", "arguments", "attribute", "value", "unit"),
    CHANGES,
    ids=[f"{case[1]}.{case[2]}" for case in CHANGES],
)
def test_a_command_sets_what_its_definition_says_and_emits_the_event(
    emu: Emulator,
    mode: str,
    where: str,
    capability: str,
    command: str,
    arguments: list[Any],
    attribute: str,
    value: Any,
    unit: str | None,
) -> None:
    device_id = device(emu, where)
    result = run(emu, mode, lambda st: st.devices.command(device_id, capability, command, *arguments))
    assert result.status == "ACCEPTED"
    status = run(emu, mode, lambda st: st.devices.status(device_id))
    state = status.components["main"][capability][attribute]
    assert (state.value, state.unit) == (value, unit)
    newest = run(emu, mode, lambda st: st.history.devices(emu.location_id, device_id=device_id, page_size=5))[0]
    assert (newest.capability, newest.attribute, newest.value, newest.unit) == (capability, attribute, value, unit)


def test_a_generic_change_reaches_subscribers_as_a_device_event(emu: Emulator) -> None:
    installed = emu.install(emu.create_app(whitelisted_scopes=["r:devices:*", "x:devices:*"]))
    token = SmartAppToken(installed.auth_token, installed_app_id=installed.installed_app_id)
    vacuum = device(emu, "Robot vacuum")
    subscription = DeviceSubscription(
        device_id=vacuum, capability="robotCleanerCleaningMode", subscription_name="vacuum"
    )
    run(emu, "sync", lambda st: st.subscriptions.create(subscription), token)
    mode = ("robotCleanerCleaningMode", "setRobotCleanerCleaningMode", "map")
    run(emu, "sync", lambda st: st.devices.command(vacuum, *mode))
    (event,) = emu.event(installed.installed_app_id)["eventData"]["events"]
    assert event["eventType"] == "DEVICE_EVENT"
    sent = event["deviceEvent"]
    assert (sent["subscriptionName"], sent["attribute"], sent["value"]) == ("vacuum", "robotCleanerCleaningMode", "map")


#: (device label, capability, command, arguments, target, what the message says)
REFUSALS = [
    (SEED_LIGHT_LABEL, "switchLevel", "setLevel", [400], "commands[0].arguments[0]", "must be at most 100, not 400"),
    (SEED_LIGHT_LABEL, "switchLevel", "setLevel", [50, -1], "commands[0].arguments[1]", "must be at least 0, not -1"),
    (SEED_LIGHT_LABEL, "switchLevel", "setLevel", [], "commands[0].arguments[0]", "needs the argument 'level'"),
    (SEED_LIGHT_LABEL, "switchLevel", "setLevel", [50, 1, 2], "commands[0].arguments", "takes 2 arguments, not 3"),
    (SEED_LIGHT_LABEL, "switchLevel", "setLevel", [40.5], "commands[0].arguments[0]", "must be an integer"),
    (
        "Hallway Thermostat",
        "thermostatMode",
        "setThermostatMode",
        ["sauna"],
        "commands[0].arguments[0]",
        "must be one of 'antifreezing'",
    ),
    ("Elliots Rum", "audioVolume", "setVolume", ["loud"], "commands[0].arguments[0]", "must be an integer, not 'loud'"),
    (
        "Office",
        "airConditionerMode",
        "setAirConditionerMode",
        ["x" * 256],
        "commands[0].arguments[0]",
        "must be at most 255 characters long, not 256",
    ),
    ("Dryer", "custom.dryerDryLevel", "setDryerDryLevel", ["soaked"], "commands[0].arguments[0]", "must be one of"),
    ("Curtain 1A", "windowShade", "open", [1], "commands[0].arguments", "takes 0 arguments, not 1"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("label", "capability", "command", "arguments", "target", "said"),
    REFUSALS,
    ids=[f"{case[1]}.{case[2]}{case[3]}" for case in REFUSALS],
)
def test_arguments_that_break_the_schema_are_422_naming_the_field(
    emu: Emulator,
    mode: str,
    label: str,
    capability: str,
    command: str,
    arguments: list[Any],
    target: str,
    said: str,
) -> None:
    device_id = emu.devices_by_label()[label]
    before = emu.device_status(device_id)
    with pytest.raises(UnprocessableEntityError) as raised:
        run(emu, mode, lambda st: st.devices.command(device_id, capability, command, *arguments))
    error = raised.value
    assert (error.status_code, error.code) == (422, "ConstraintViolationError")
    assert error.message == "The request is malformed."
    (detail,) = error.details
    assert (detail.code, detail.target) == ("UnprocessableEntityError", target)
    assert detail.message is not None
    assert detail.message.startswith(f"{target}: {capability}.{command} ")
    assert said in detail.message
    assert "signature: " in detail.message  # and what is allowed
    assert emu.device_status(device_id) == before


@pytest.mark.parametrize("mode", MODES)
def test_one_bad_command_in_a_batch_fails_the_whole_batch(emu: Emulator, mode: str) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    before = emu.device_status(light)
    commands = [
        Command(capability="switch", command="off"),
        Command(capability="colorTemperature", command="setColorTemperature", arguments=[0]),
    ]
    with pytest.raises(UnprocessableEntityError) as raised:
        run(emu, mode, lambda st: st.devices.execute(light, commands))
    (detail,) = raised.value.details
    assert detail.target == "commands[1].arguments[0]"
    assert "must be at least 1, not 0 (allowed: integer 1..30000)" in (detail.message or "")
    assert emu.device_status(light) == before


@pytest.mark.parametrize("mode", MODES)
def test_a_command_the_capability_does_not_define_is_422(emu: Emulator, mode: str) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    with pytest.raises(UnprocessableEntityError) as raised:
        run(emu, mode, lambda st: st.devices.execute(light, [Command(capability="switch", command="flash")]))
    (detail,) = raised.value.details
    assert (detail.code, detail.target) == ("NotValidValue", "commands[0].command")
    assert detail.message == "commands[0].command: switch has no command 'flash' (commands: off, on)"


CUSTOM_ATTRIBUTES = {
    "preset": {
        "schema": {
            "type": "object",
            "properties": {"value": {"type": "string", "enum": ["low", "high"]}},
            "additionalProperties": False,
        },
        "setter": "setPreset",
        "enumCommands": [{"command": "boost", "value": "high"}],
    }
}
CUSTOM_COMMANDS = {
    "setPreset": {
        "name": "setPreset",
        "arguments": [{"name": "preset", "optional": False, "schema": {"type": "string", "enum": ["low", "high"]}}],
    },
    "boost": {"name": "boost", "arguments": []},
}


@pytest.mark.parametrize("mode", MODES)
def test_a_custom_capability_follows_the_definition_the_emulator_stores(emu: Emulator, mode: str) -> None:
    made = run(
        emu,
        mode,
        lambda st: st.capabilities.create("Fan Preset", attributes=CUSTOM_ATTRIBUTES, commands=CUSTOM_COMMANDS),
    )
    fan = emu.add_devices(1, made.id)[0]
    run(emu, mode, lambda st: st.devices.command(fan, made.id, "setPreset", "low"))
    assert emu.attribute(fan, made.id, "preset") == "low"
    run(emu, mode, lambda st: st.devices.command(fan, made.id, "boost"))
    assert emu.attribute(fan, made.id, "preset") == "high"
    with pytest.raises(UnprocessableEntityError) as raised:
        run(emu, mode, lambda st: st.devices.command(fan, made.id, "setPreset", "medium"))
    (detail,) = raised.value.details
    assert detail.target == "commands[0].arguments[0]"
    assert "argument 'preset' must be one of 'low', 'high', not 'medium'" in (detail.message or "")
    with pytest.raises(UnprocessableEntityError) as raised:
        run(emu, mode, lambda st: st.devices.command(fan, made.id, "spin"))
    assert raised.value.details[0].target == "commands[0].command"
    assert emu.attribute(fan, made.id, "preset") == "high"


def test_hand_written_extras_add_to_the_definition(emu: Emulator) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    run(emu, "sync", lambda st: st.devices.command(light, "switchLevel", "setLevel", 0))
    assert (emu.attribute(light, "switchLevel", "level"), emu.attribute(light, "switch", "switch")) == (0, "off")
    speaker = emu.devices_by_label()["Elliots Rum"]
    volume = emu.attribute(speaker, "audioVolume", "volume")
    run(emu, "sync", lambda st: st.devices.command(speaker, "audioVolume", "volumeUp"))
    assert emu.attribute(speaker, "audioVolume", "volume") == volume + 1
    curtain = emu.devices_by_label()["Curtain 1A"]
    run(emu, "sync", lambda st: st.devices.command(curtain, "windowShade", "pause"))
    assert emu.attribute(curtain, "windowShade", "windowShade") == "partially open"


def test_every_extra_is_a_command_its_capability_defines() -> None:
    for capability, command in EXTRAS:
        found = definition(capability)
        assert found is not None, capability
        assert command in found.commands, (capability, command)
