"""Capabilities outside the catalogue (your own) get the same checks from their definition, fetched once per
client; names outside the catalogue keep working as strings."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from smartthings_client import AsyncSmartThings, Command, InvalidArgumentError, NotFoundError, SmartThings
from smartthings_client.catalog import switch_level
from smartthings_client.models.capabilities import Capability
from smartthings_client.models.converter import decode_as
from smartthings_client.resources import capabilities as capabilities_module
from smartthings_client.testing import Emulator

from ..fixtures import load

DIAL = {
    "dial": {
        "schema": {
            "type": "object",
            "properties": {"value": {"type": "integer", "minimum": 0, "maximum": 10}},
            "additionalProperties": False,
            "required": ["value"],
        },
        "setter": "setDial",
        "enumCommands": [],
    }
}
SET_DIAL = {
    "setDial": {
        "name": "setDial",
        "arguments": [
            {"name": "position", "optional": False, "schema": {"type": "integer", "minimum": 0, "maximum": 10}},
            {"name": "mode", "optional": True, "schema": {"type": "string", "enum": ["fine", "coarse"]}},
        ],
    }
}


def _fetching_client(emu: Emulator, fetched: list[str]) -> SmartThings:
    """A client over the emulator that records every capability definition it fetches."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/v1/capabilities/"):
            fetched.append(request.url.path.removeprefix("/v1/capabilities/"))
        return emu.transport.handle_request(request)

    return SmartThings(emu.issue_pat(), transport=httpx.MockTransport(handler), max_retries=0)


def _create(emu: Emulator, name: str) -> str:
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        created = st.capabilities.create(name, attributes=DIAL, commands=SET_DIAL).id
    assert created is not None
    return created


def test_a_custom_capability_is_checked_against_its_definition_fetched_once() -> None:
    emu = Emulator()
    custom, fetched = _create(emu, "Dial"), list[str]()
    with _fetching_client(emu, fetched) as st:
        built = [st.capabilities.command(custom, "setDial", n) for n in range(3)]
        built.append(st.capabilities.command(custom, "setDial", 4, "fine", component="knob"))
        assert [(c.capability, c.command, c.arguments, c.component) for c in built[2:]] == [
            (custom, "setDial", (2,), "main"),
            (custom, "setDial", (4, "fine"), "knob"),
        ]
        assert fetched == [f"{custom}/1"]
        with pytest.raises(InvalidArgumentError) as caught:
            st.capabilities.command(custom, "setDial", 11)
        assert str(caught.value) == (
            f"{custom}.setDial argument 'position' must be at most 10, not 11 (allowed: integer 0..10); "
            "signature: setDial(position: integer 0..10, mode?: string one of fine, coarse)"
        )
        with pytest.raises(InvalidArgumentError, match="has no command 'spin'"):
            st.capabilities.command(custom, "spin")
        # A catalogued capability is checked offline: nothing is fetched.
        assert st.capabilities.command("switchLevel", "setLevel", 40) == switch_level.set_level(40)
        assert fetched == [f"{custom}/1"]
    with _fetching_client(emu, fetched) as other:
        other.capabilities.command(custom, "setDial", 1)
    assert fetched == [f"{custom}/1", f"{custom}/1"]  # each client keeps its own


def test_the_definitions_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(capabilities_module, "DEFINITIONS_KEPT", 1)
    emu = Emulator()
    first, second, fetched = _create(emu, "Dial"), _create(emu, "Knob"), list[str]()
    with _fetching_client(emu, fetched) as st:
        for custom in (first, second, first, first):
            st.capabilities.command(custom, "setDial", 1)
    assert fetched == [f"{first}/1", f"{second}/1", f"{first}/1"]


def test_the_async_client_checks_the_same_way() -> None:
    emu = Emulator()
    custom = _create(emu, "Dial")

    async def main() -> list[Command]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as st:
            built = [await st.capabilities.command(custom, "setDial", 5, "coarse")]
            with pytest.raises(InvalidArgumentError, match="must be one of 'fine', 'coarse', not 'medium'"):
                await st.capabilities.command(custom, "setDial", 5, "medium")
            return built

    assert [c.arguments for c in asyncio.run(main())] == [(5, "coarse")]


def test_a_fetched_definition_builds_checked_commands() -> None:
    definition = decode_as(Capability)(load("pysmartthings-capabilities/switchLevel.json"))
    assert definition.build("setLevel", 40, component="bulb").arguments == (40,)
    with pytest.raises(InvalidArgumentError, match="must be at most 100, not 101"):
        definition.build("setLevel", 101)


def test_an_unknown_capability_is_a_typed_not_found() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport, max_retries=0) as st, pytest.raises(NotFoundError):
        st.capabilities.command("noSuchNamespace.thing", "go")


def test_names_outside_the_catalogue_still_work_as_strings() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport, max_retries=0) as st:
        light = emu.devices_by_label()["Bathroom spot"]
        st.devices.command(light, "switch", "off")
        status = st.devices.status(light)
    assert status.value("switch", "switch") == "off"
    assert status.read(switch_level.LEVEL) == status.value("switchLevel", "level")
