"""Installing the README's webhook SmartApp from the console as a user would, in headless Chromium: the app runs
in uvicorn in a process of its own (as tests/smartapp/test_served_webhook_app.py serves it), the page asks it for
its CONFIGURATION pages through the emulator, which signs them, renders them, and sends the signed INSTALL with the
chosen lights; then UPDATE with other lights, and UNINSTALL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from smartthings_client import RedisTokenStore
from smartthings_client.testing import Emulator, LoopbackServer

from ..browser import screenshot_path
from ..smartapp.test_served_webhook_app import app_environment, served

if TYPE_CHECKING:
    from playwright.sync_api import Page


def subscribed(emu: Emulator, installed_app_id: str) -> list[str]:
    return sorted(s["device"]["deviceId"] for s in emu.subscriptions(installed_app_id))


def test_the_readme_app_is_installed_updated_and_uninstalled_from_the_console(
    page: Page, console: LoopbackServer, emu: Emulator, redis_url: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    registered = emu.create_app("lights-together")
    log_path = tmp_path / "uvicorn.log"
    store = RedisTokenStore.from_url(redis_url)
    message = page.get_by_test_id("message")
    kitchen, bedside, tv = (emu.devices_by_label()[name] for name in ("Kitchen Lights", "Bedside Lamp", "TV"))
    with served("uvicorn", app_environment(registered, console, redis_url), log_path) as (origin, process):
        page.get_by_role("button", name="SmartApps").click()
        form = page.locator("#register-app")
        form.get_by_label("Target URL").fill(origin + "/smartthings")
        form.get_by_label("App id").fill(registered.app_id)
        form.get_by_role("button", name="Ask for its pages").click()

        # The app's page "main", as it answered CONFIGURATION/PAGE: a device picker of switches, several allowed.
        wizard = page.locator("#wizard")
        expect(wizard.locator('form[data-page-id="main"]')).to_be_visible()
        expect(wizard).to_contain_text("Which lights go together?")
        picker = wizard.locator('[data-setting="lights"]')
        expect(picker).to_contain_text("the app asks for r, x")
        assert picker.get_by_label("Hue motion sensor 1").count() == 0  # no switch: not offered
        page.screenshot(path=screenshot_path("smartapp-page-main"), full_page=True)
        picker.get_by_label("Kitchen Lights").check()
        picker.get_by_label("Bedside Lamp").check()
        wizard.get_by_role("button", name="Install").click()
        expect(message).to_have_text("INSTALL sent; the app answered 200")

        [installed_app_id] = emu.installed_app_ids(registered.app_id)
        # The INSTALL handler ran over there, subscribing with the token the signed INSTALL carried.
        assert subscribed(emu, installed_app_id) == sorted([kitchen, bedside])
        assert store.load(installed_app_id) is not None
        row = page.locator(f'[data-installed-app-id="{installed_app_id}"]')
        expect(row).to_contain_text("lights")

        # UPDATE: the settings open with the installed choice, changed to other lights.
        row.get_by_role("button", name="Settings").click()
        picker = wizard.locator('[data-setting="lights"]')
        expect(picker.get_by_label("Kitchen Lights")).to_be_checked()
        picker.get_by_label("Bedside Lamp").uncheck()
        picker.get_by_label("TV").check()
        page.screenshot(path=screenshot_path("smartapp-page-main-update"), full_page=True)
        wizard.get_by_role("button", name="Save (UPDATE)").click()
        expect(message).to_have_text("UPDATE sent; the app answered 200")
        assert subscribed(emu, installed_app_id) == sorted([kitchen, tv])

        row.get_by_role("button", name="Uninstall").click()
        expect(message).to_have_text("UNINSTALL sent; the app answered 200")
        expect(row).to_have_count(0)
        assert emu.installed_app_ids(registered.app_id) == []
        assert store.load(installed_app_id) is None

        page.get_by_role("button", name="Journal").click()
        lifecycles = page.locator("#lifecycles > li")
        configure = ["CONFIGURATION", "CONFIGURATION"]  # INITIALIZE, then the page "main"
        expected = [*configure, "INSTALL", *configure, "UPDATE", "UNINSTALL"]
        expect(lifecycles).to_have_count(len(expected))
        assert [item.get_attribute("data-lifecycle") for item in lifecycles.all()] == expected
        expect(lifecycles.nth(2)).to_contain_text("INSTALL → ")
        page.screenshot(path=screenshot_path("journal"), full_page=True)
        assert process.poll() is None
    store.close()
    output = log_path.read_text(errors="replace")
    assert "Traceback" not in output, output
