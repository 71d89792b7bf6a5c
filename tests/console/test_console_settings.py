"""Every setting type a CONFIGURATION page may hold, rendered by the console in headless Chromium and sent back in
the INSTALL as ``installedApp.config``: the app here is any HTTP server answering the lifecycle JSON (the console
knows nothing of our SmartApp class), serving the pages of tests/data/console/every_setting_type.json."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from smartthings_client.testing import Emulator

from ..browser import screenshot_path

if TYPE_CHECKING:
    from playwright.sync_api import Page

PAGES = json.loads((Path(__file__).parents[1] / "data" / "console" / "every_setting_type.json").read_text())
SETTING_TYPES = {
    "BOOLEAN", "DECIMAL", "DEVICE", "EMAIL", "ENUM", "IMAGE", "IMAGES", "LINK", "MESSAGE_GROUP", "MODE", "NUMBER",
    "OAUTH", "PAGE", "PARAGRAPH", "PASSWORD", "PHONE", "SCENE", "SECTION", "SECURITY", "SOUND", "TEXT", "TIME", "VIDEO",
}  # fmt: skip


class _App(BaseHTTPRequestHandler):
    """A webhook app in a few lines: CONFIGURATION from the JSON file, INSTALL recorded."""

    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).received.append(request)
        lifecycle = request["lifecycle"]
        if lifecycle == "CONFIGURATION":
            data = request["configurationData"]
            if data["phase"] == "INITIALIZE":
                answer: dict[str, Any] = {"configurationData": {"initialize": PAGES["initialize"]}}
            else:
                answer = {"configurationData": {"page": PAGES["pages"][data["pageId"]]}}
        else:
            answer = {f"{lifecycle.lower()}Data": {}}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


@pytest.fixture
def app() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("App", (_App,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/smartapp", received
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_every_setting_type_is_rendered_and_its_values_reach_the_install(
    page: Page, emu: Emulator, app: tuple[str, list[dict[str, Any]]]
) -> None:
    from playwright.sync_api import expect

    url, received = app
    message = page.get_by_test_id("message")
    page.get_by_role("button", name="SmartApps").click()
    page.locator("#register-app").get_by_label("Target URL").fill(url)
    page.locator("#register-app").get_by_role("button", name="Ask for its pages").click()
    wizard = page.locator("#wizard")
    first = wizard.locator('form[data-page-id="first"]')
    expect(first).to_be_visible()
    rendered = {first.locator(f'[data-type="{t}"], [data-section="Nested section"]').count() > 0 for t in SETTING_TYPES}
    assert rendered == {True}
    assert {t for t in SETTING_TYPES - {"SECTION"} if first.locator(f'[data-type="{t}"]').count() == 0} == set()
    page.screenshot(path=screenshot_path("settings-first"), full_page=True)

    # Device pickers offer only devices with the capability; a required setting left empty stops the flow.
    dimmer = first.locator('[data-setting="dimmer"]')
    assert dimmer.get_by_label("TV").count() == 0
    first.get_by_role("button", name="Next ›").click()
    expect(message).to_contain_text("Dimmer is required")
    dimmer.get_by_label("Kitchen Lights").check()
    first.get_by_label("Count").fill("11")
    first.get_by_role("button", name="Next ›").click()
    expect(message).to_contain_text("Count:")  # the browser's own range check: at most 10
    first.get_by_label("Count").fill("7")
    first.locator('[data-setting="colours"]').get_by_label("Red").check()
    first.locator('[data-setting="colours"]').get_by_label("Pastel: Mint").check()
    first.locator('[data-setting="modes"]').get_by_label("Night").check()
    first.locator('[data-setting="scene"]').get_by_label("Good Night").check()
    first.locator('[data-setting="chime"]').get_by_label("Bell").check()
    first.get_by_label("Ratio").fill("0.5")
    first.get_by_label("Enabled").check()
    first.get_by_label("Wake at").fill("07:30")
    first.get_by_label("Note").fill("nested")
    expect(first.get_by_label("Greeting")).to_have_value("hello")  # the setting's defaultValue

    first.get_by_role("button", name="More settings ›").click()  # a PAGE setting: another page of the app
    second = wizard.locator('form[data-page-id="second"]')
    expect(message).to_have_text("")  # what was said about the first page is gone
    second.get_by_label("Fast").check()
    second.get_by_role("button", name="‹ Back").click()  # the first page again, with what was chosen on it
    expect(first.get_by_label("Count")).to_have_value("7")
    expect(first.locator('[data-setting="modes"]').get_by_label("Night")).to_be_checked()
    first.get_by_role("button", name="Next ›").click()
    expect(second.get_by_label("Fast")).to_be_checked()
    page.screenshot(path=screenshot_path("settings-second"), full_page=True)
    second.get_by_role("button", name="Install").click()
    expect(message).to_have_text("INSTALL sent; the app answered 200")

    pages = [(r["configurationData"]["phase"], r["configurationData"]["pageId"]) for r in received[:-1]]
    first_and_second = [("PAGE", "first"), ("PAGE", "second")]
    assert pages == [("INITIALIZE", ""), *first_and_second, *first_and_second]  # the pages are asked for each visit
    # Each PAGE request carries what was chosen so far, as SmartThings sends it.
    assert received[-2]["configurationData"]["config"]["count"] == [
        {"valueType": "STRING", "stringConfig": {"value": "7"}}
    ]
    install = received[-1]
    assert install["lifecycle"] == "INSTALL"
    config = install["installData"]["installedApp"]["config"]
    strings = {key: [e["stringConfig"]["value"] for e in entries] for key, entries in config.items()
               if entries[0]["valueType"] == "STRING"}  # fmt: skip
    assert strings.pop("wake")[0].endswith("T07:30:00.000Z")
    assert strings == {
        "colours": ["red", "mint"], "chime": ["bell"], "greeting": ["hello"], "count": ["7"], "ratio": ["0.5"],
        "enabled": ["true"], "note": ["nested"], "speed": ["fast"],
    }  # fmt: skip
    kitchen = emu.devices_by_label()["Kitchen Lights"]
    assert config["dimmer"] == [{"valueType": "DEVICE", "deviceConfig": {"deviceId": kitchen, "componentId": "main"}}]
    assert config["modes"] == [{"valueType": "MODE", "modeConfig": {"modeId": emu.modes["Night"]}}]
    assert config["scene"] == [{"valueType": "SCENE", "sceneConfig": {"sceneId": emu.scenes["Good Night"]}}]
