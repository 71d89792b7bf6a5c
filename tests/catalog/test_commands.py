"""Every command of every catalogued capability: built with valid arguments it is exactly the JSON the API expects;
with invalid ones it is refused before sending, naming what is allowed."""

from __future__ import annotations

from typing import Any

import pytest

from smartthings_client import Command, InvalidArgumentError
from smartthings_client.catalog import color_control, switch, switch_level, thermostat_mode, window_shade
from smartthings_client.catalog.samsungce import washer_operating_state
from smartthings_client.resources.devices import encode_command

from ..fixtures import DEVICE_ID, FakeServer, Harness
from .schema_examples import catalogued_ids, definition, module, python_name, valid, wrong_type

COMMANDS = [(capability, command) for capability in catalogued_ids() for command in definition(capability).commands]


def test_the_catalogue_has_every_command() -> None:
    assert len(COMMANDS) >= 750


@pytest.mark.parametrize(("capability", "command"), COMMANDS, ids=[f"{c}.{m}" for c, m in COMMANDS])
def test_every_command_builds_the_json_the_api_expects(capability: str, command: str) -> None:
    arguments = [valid(spec.get("schema")) for spec in definition(capability).arguments(command)]
    builder = getattr(module(capability), python_name(command))
    built = builder(*arguments)
    assert isinstance(built, Command)
    assert encode_command(built) == {
        "component": "main",
        "capability": capability,
        "command": command,
        "arguments": arguments,
    }
    assert encode_command(builder(*arguments, component="cooler"))["component"] == "cooler"


WITH_ARGUMENTS = [(c, m) for c, m in COMMANDS if definition(c).arguments(m)]


@pytest.mark.parametrize(("capability", "command"), WITH_ARGUMENTS, ids=[f"{c}.{m}" for c, m in WITH_ARGUMENTS])
def test_every_argument_of_the_wrong_type_is_refused(capability: str, command: str) -> None:
    specs = definition(capability).arguments(command)
    good = [valid(spec.get("schema")) for spec in specs]
    builder = getattr(module(capability), python_name(command))
    for index, spec in enumerate(specs):
        for bad in wrong_type(spec.get("schema")):
            arguments: list[Any] = [*good]
            arguments[index] = bad
            with pytest.raises(InvalidArgumentError) as caught:
                builder(*arguments)
            message = str(caught.value)
            assert f"{capability}.{command}" in message
            assert repr(spec["name"]) in message
            assert "allowed:" in message


def test_a_value_out_of_range_names_the_range() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        switch_level.set_level(400)
    assert str(caught.value) == (
        "switchLevel.setLevel argument 'level' must be at most 100, not 400 (allowed: integer 0..100); "
        "signature: setLevel(level: integer 0..100, rate?: integer 0..)"
    )
    with pytest.raises(InvalidArgumentError, match="must be at least 0, not -1"):
        switch_level.set_level(10, -1)


def test_a_value_outside_the_enum_lists_the_allowed_values() -> None:
    with pytest.raises(InvalidArgumentError) as caught:
        thermostat_mode.set_thermostat_mode("toasty")  # type: ignore[arg-type]
    assert "argument 'mode' must be one of 'antifreezing', 'asleep'" in str(caught.value)
    assert "not 'toasty'" in str(caught.value)


def test_booleans_are_not_numbers_and_strings_are_not_integers() -> None:
    for bad in (True, "40", 40.5):
        with pytest.raises(InvalidArgumentError, match="must be an integer"):
            switch_level.set_level(bad)  # type: ignore[arg-type]


def test_objects_are_checked_key_by_key() -> None:
    assert color_control.set_color({"hue": 50, "saturation": 20}).arguments == ({"hue": 50, "saturation": 20},)
    with pytest.raises(InvalidArgumentError, match="key 'hue' must be a number"):
        color_control.set_color({"hue": "red"})  # type: ignore[typeddict-item]
    with pytest.raises(InvalidArgumentError, match="must be an object"):
        color_control.set_color("red")  # type: ignore[arg-type]


def test_a_missing_required_argument_and_too_many_arguments() -> None:
    with pytest.raises(InvalidArgumentError, match="needs the argument 'level'"):
        switch_level.set_level(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgumentError, match="takes 0 arguments, not 1"):
        switch.CAPABILITY.command("on", (1,), "main")


def test_an_unknown_command_names_the_ones_there_are() -> None:
    with pytest.raises(InvalidArgumentError, match=r"windowShade has no command 'shut' \(commands: close, open, pause"):
        window_shade.CAPABILITY.command("shut", (), "main")


def test_a_component_must_be_a_name() -> None:
    with pytest.raises(InvalidArgumentError, match="component must be a non-empty string"):
        switch.on(component="")


def test_trailing_optional_arguments_left_out_are_not_sent() -> None:
    assert switch_level.set_level(40).arguments == (40,)
    assert switch_level.set_level(40, 5).arguments == (40, 5)


def test_builders_are_sent_by_execute_on_both_clients(harness: Harness) -> None:
    server: FakeServer = harness.server
    server.reply(200, {"results": [{"id": "a", "status": "ACCEPTED"}, {"id": "b", "status": "ACCEPTED"}]})
    commands = [switch.on(), switch_level.set_level(40), washer_operating_state.set_delay_end(30)]
    harness.run(lambda st: st.devices.execute(DEVICE_ID, commands))
    assert server.body()["commands"] == [
        {"component": "main", "capability": "switch", "command": "on", "arguments": []},
        {"component": "main", "capability": "switchLevel", "command": "setLevel", "arguments": [40]},
        {
            "component": "main",
            "capability": "samsungce.washerOperatingState",
            "command": "setDelayEnd",
            "arguments": [30],
        },
    ]


def test_the_string_form_keeps_working(harness: Harness) -> None:
    harness.server.reply(200, {"results": [{"id": "a", "status": "ACCEPTED"}]})
    harness.run(lambda st: st.devices.command(DEVICE_ID, "switchLevel", "setLevel", 40))
    assert harness.server.body()["commands"][0]["arguments"] == [40]
