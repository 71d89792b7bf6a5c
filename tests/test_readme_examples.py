"""The README's examples, run against the emulator through the pytest plugin's fixtures (as users would)."""

from __future__ import annotations

import asyncio
from typing import Any

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.testing import Emulator


def turn_on_lights(st: SmartThings) -> None:
    """Stands for a user's automation code."""
    for device in st.devices.list(capability="switch"):
        st.devices.command(device.device_id, "switch", "on")


# The README's "test your own automation" example, verbatim apart from the import of turn_on_lights.
def test_turns_on_lights(smartthings_client: SmartThings, smartthings_emulator: Emulator) -> None:
    lamp = smartthings_emulator.devices_by_label()["Bathroom spot"]
    smartthings_emulator.set_attribute(lamp, "switch", "switch", "off")
    turn_on_lights(smartthings_client)
    assert smartthings_emulator.attribute(lamp, "switch", "switch") == "on"


def test_quick_start_with_a_pat(smartthings_emulator: Emulator, monkeypatch: Any) -> None:
    monkeypatch.setenv("SMARTTHINGS_TOKEN", smartthings_emulator.issue_pat())
    with SmartThings(transport=smartthings_emulator.transport) as st:  # reads SMARTTHINGS_TOKEN
        labels = [device.label for device in st.devices.list(capability="switch")]
        light = st.devices.list(capability="switch").first()
        assert light is not None
        st.devices.command(light.device_id, "switch", "off")
        assert st.devices.status(light.device_id).value("switch", "switch") == "off"
    assert light.label in labels


def test_quick_start_async(async_smartthings_client: AsyncSmartThings, smartthings_emulator: Emulator) -> None:
    async def main() -> None:
        async for device in async_smartthings_client.devices.list(capability="switch"):
            await async_smartthings_client.devices.command(device.device_id, "switch", "off")

    asyncio.run(main())
    assert {
        smartthings_emulator.attribute(d, "switch", "switch") for d in smartthings_emulator.find_devices("switch")
    } == {"off"}
