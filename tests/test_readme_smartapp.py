"""The README's INSTALL/UPDATE handler, run against the emulator's real lifecycle payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from smartthings_client import FileTokenStore
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

from . import readme_smartapp
from .readme_blocks import assert_readme_shows


def test_install_then_update_reconciles_and_schedules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    emu = Emulator()
    app = emu.create_app("readme-app")
    monkeypatch.setattr(readme_smartapp, "CLIENT_ID", app.client_id)
    monkeypatch.setattr(readme_smartapp, "CLIENT_SECRET", app.client_secret)
    monkeypatch.setattr(readme_smartapp, "store", FileTokenStore(tmp_path))
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    config = {"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": light, "componentId": "main"}}]}
    install = emu.install(app, config=config)

    answer = readme_smartapp.handle(json.dumps(install.payload).encode(), transport=emu.transport)

    assert answer == {"installData": {}}
    subscriptions = emu.subscriptions(install.installed_app_id)
    assert sorted(s["sourceType"] for s in subscriptions) == ["DEVICE", "MODE"]
    stored = FileTokenStore(tmp_path).load(install.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == install.refresh_token

    update = emu.update(install.installed_app_id)
    emu.clear_requests()
    assert readme_smartapp.handle(json.dumps(update.copy()).encode(), transport=emu.transport) == {"updateData": {}}
    assert not [r for r in emu.requests if r.path.endswith("/subscriptions") and r.method in ("POST", "DELETE")]
    stored = FileTokenStore(tmp_path).load(install.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == update["updateData"]["refreshToken"]


def test_the_readme_shows_exactly_this_example() -> None:
    assert_readme_shows("## Inside a SmartApp", "readme_smartapp.py")
