"""The console in headless Chromium: devices with their live state, commands through the emulated API (its 422s
shown), virtual devices added and removed, faults and rate limits switched from the page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from smartthings_client.testing import Emulator, LoopbackServer

from ..browser import screenshot_path

if TYPE_CHECKING:
    from playwright.sync_api import Page


def api_status(console: LoopbackServer, emu: Emulator, device_id: str) -> object:
    token = emu.issue_pat()
    answer = httpx.get(f"{console.base_url}/devices/{device_id}/status", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    return answer.json()["components"]["main"]["switch"]["switch"]["value"]


def test_flipping_a_switch_on_the_page_changes_the_device_and_the_page_follows_the_api(
    page: Page, console: LoopbackServer, emu: Emulator
) -> None:
    from playwright.sync_api import expect

    device_id = emu.devices_by_label()["Kitchen Lights"]
    emu.set_attribute(device_id, "switch", "switch", "off")
    button = page.locator(f'[data-device-id="{device_id}"] [data-testid="switch"]')
    expect(button).to_have_text("Off")
    page.screenshot(path=screenshot_path("devices"), full_page=True)

    button.click()
    expect(button).to_have_text("On")
    assert emu.attribute(device_id, "switch", "switch") == "on"
    assert api_status(console, emu, device_id) == "on"
    # The command went through the emulated API, with the PAT the page asked the control API for.
    assert ("POST", f"/devices/{device_id}/commands", 200) in [(r.method, r.path, r.status) for r in emu.requests]

    # A change made elsewhere is pushed to the page.
    emu.set_attribute(device_id, "switch", "switch", "off")
    expect(button).to_have_text("Off")
    expect(page.get_by_test_id("message")).to_have_text("switch.on sent")


def test_level_colour_shade_setpoint_lock_and_a_generic_command_go_through_the_api_and_its_422s_show(
    page: Page, emu: Emulator
) -> None:
    from playwright.sync_api import expect

    lamp = emu.devices_by_label()["Kitchen Lights"]
    level = page.locator(f'[data-device-id="{lamp}"] input[aria-label="level"]')
    level.fill("30")  # a range input: fill sets the value and fires change
    _wait_for(lambda: emu.attribute(lamp, "switchLevel", "level") == 30)

    thermostat = emu.devices_by_label()["Hallway Thermostat"]
    card = page.locator(f'[data-device-id="{thermostat}"]')
    card.locator('input[aria-label="Heat to"]').fill("19.5")
    card.locator('[data-capability="thermostatHeatingSetpoint"] button').click()
    _wait_for(lambda: emu.attribute(thermostat, "thermostatHeatingSetpoint", "heatingSetpoint") == 19.5)

    standing = emu.devices_by_label()["Standing light"]
    page.locator(f'[data-device-id="{standing}"] input[aria-label="colour"]').fill("#ff0000")
    _wait_for(
        lambda: (
            (emu.attribute(standing, "colorControl", "hue"), emu.attribute(standing, "colorControl", "saturation"))
            == (0, 100)
        )
    )

    curtain = emu.devices_by_label()["Curtain 1A"]
    page.locator(f'[data-device-id="{curtain}"]').get_by_role("button", name="close").click()
    _wait_for(lambda: emu.attribute(curtain, "windowShade", "windowShade") == "closed")

    lock = emu.devices_by_label()["Front Door Lock"]
    page.locator(f'[data-device-id="{lock}"]').get_by_role("button", name="Unlock").click()
    _wait_for(lambda: emu.attribute(lock, "lock", "lock") == "unlocked")

    # The generic form, from the catalogue's definition: a wrong argument is the API's 422, shown on the page.
    spot = emu.devices_by_label()["Bathroom spot"]
    generic = page.locator(f'[data-device-id="{spot}"] details[data-capability="colorTemperature"]')
    generic.locator("summary").click()
    generic.get_by_label("colorTemperature.setColorTemperature temperature").fill('"warm"')
    generic.get_by_role("button", name="setColorTemperature").click()
    expect(page.get_by_test_id("message")).to_contain_text("422")
    generic.get_by_label("colorTemperature.setColorTemperature temperature").fill("2700")
    generic.get_by_role("button", name="setColorTemperature").click()
    _wait_for(lambda: emu.attribute(spot, "colorTemperature", "colorTemperature") == 2700)
    page.screenshot(path=screenshot_path("devices-commands"), full_page=True)


def test_virtual_devices_are_added_and_removed_from_the_page(page: Page, emu: Emulator) -> None:
    from playwright.sync_api import expect

    form = page.locator("#add-device")
    form.get_by_label("Label").fill("Desk lamp")
    form.get_by_label("Prototype").select_option("VIRTUAL_DIMMER_SWITCH")
    form.get_by_label("Room").select_option(label="Bedroom")
    form.get_by_role("button", name="Add").click()
    _wait_for(lambda: "Desk lamp" in emu.devices_by_label())
    device_id = emu.devices_by_label()["Desk lamp"]
    assert emu.device(device_id)["roomId"] == emu.rooms["Bedroom"]
    card = page.locator(f'[data-device-id="{device_id}"]')
    expect(card).to_contain_text("Desk lamp")
    card.get_by_role("button", name="Remove").click()
    expect(card).to_have_count(0)
    assert "Desk lamp" not in emu.devices_by_label()


def test_faults_and_rate_limits_are_switched_from_the_page(page: Page, emu: Emulator) -> None:
    from playwright.sync_api import expect

    page.get_by_role("button", name="Faults & limits").click()
    faults = page.locator("#add-fault")
    faults.get_by_label("Kind").select_option("server_error")
    faults.get_by_label("Status").fill("503")
    faults.get_by_label("Path").fill("/devices")
    faults.get_by_role("button", name="Add").click()
    expect(page.locator("#faults")).to_contain_text("server_error 503")
    assert [(f.kind, f.status) for f in emu.faults.pending] == [("server_error", 503)]

    limits = page.locator("#rate-limits")
    limits.get_by_label("enabled").check()
    limits.get_by_label("Limit").fill("3")
    limits.get_by_role("button", name="Apply").click()
    _wait_for(lambda: emu.rate_limits.settings.enabled and emu.rate_limits.settings.limit == 3)
    page.screenshot(path=screenshot_path("faults"), full_page=True)
    page.get_by_role("button", name="Clear all").click()
    expect(page.locator("#faults")).to_contain_text("no faults pending")
    assert emu.faults.pending == []


def _wait_for(condition: object, seconds: float = 15.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "the page's command did not reach the emulator in time"
        time.sleep(0.05)
