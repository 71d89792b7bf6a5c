"""docs/smartapp-node-parity.md: its example app runs against the emulator, and every row of its table says ✓ or
why the feature does not apply."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

from smartthings_client.smartapp import SmartApp
from smartthings_client.testing import Emulator

DOC = Path(__file__).resolve().parents[2] / "docs" / "smartapp-node-parity.md"


def example() -> ModuleType:
    text = DOC.read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert len(blocks) == 1
    module = ModuleType("parity_example")
    exec(compile(blocks[0], str(DOC), "exec"), module.__dict__)  # the doc's own code, run as written
    return module


def test_the_example_app_wakes_the_lights_switches_them_off_and_follows_updates() -> None:
    doc = example()
    emu = Emulator()
    registered = emu.create_app("wake-up")
    app: SmartApp = doc.make_app(
        app_id=registered.app_id,
        client_id=registered.client_id,
        client_secret=registered.client_secret,
        client_options={"transport": emu.transport},
        clock=emu.clock.now,
    )
    hook = emu.webhook(registered, app.asgi, target_url=app.target_url)
    page = hook.configuration("PAGE", page_id="main").body["configurationData"]["page"]
    assert [s["type"] for section in page["sections"] for s in section["settings"]] == ["DEVICE", "TIME", "MODE"]
    assert [s["required"] for s in page["sections"][1]["settings"]] == [True, True]

    lights = emu.find_devices("switch")[:2]
    home = emu.current_mode_id
    away = next(m for m in emu.modes.values() if m != home)
    config: dict[str, Any] = {
        "lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": d, "componentId": "main"}} for d in lights],
        "wake": [{"valueType": "STRING", "stringConfig": {"value": "2026-12-06T06:45:00.000Z"}}],
        "modes": [{"valueType": "MODE", "modeConfig": {"modeId": home}}],
    }
    installation, installed = hook.install(config=config)
    assert installed.status == 200
    iid = installation.installed_app_id
    for light in lights:
        emu.set_attribute(light, "switch", "switch", "off")
    hook.deliver_events()

    emu.clock.advance(24 * 3600)  # a day later, 06:45 has passed: the schedule fires
    hook.deliver_events()
    assert [emu.attribute(d, "switch", "switch") for d in lights] == ["on", "on"]

    emu.set_mode(away)  # not one of the chosen modes: lights off
    hook.deliver_events()
    assert [emu.attribute(d, "switch", "switch") for d in lights] == ["off", "off"]

    assert hook.update(iid, config={**config, "lights": config["lights"][:1]}).status == 200
    assert [s["device"]["deviceId"] for s in emu.subscriptions(iid) if s.get("device")] == lights[:1]
    emu.set_attribute(lights[0], "switch", "switch", "on")
    assert doc.all_off(app, iid) == ["off"]


def test_every_row_of_the_table_is_there_or_says_why_not() -> None:
    rows = [line for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    body = [r for r in rows if not r.startswith("| Node SDK") and not r.startswith("|---")]
    assert len(body) > 60
    for row in body:
        ours = row.rstrip(" |").rsplit(" | ", 1)[1]
        assert ours.startswith(("✓", "Not ", "Does not apply", "(pages", "`page.to_json")) or "✓" in ours, row
        if not ours.startswith("✓"):
            assert len(ours) > 40, f"a row without ✓ must say why: {row}"
