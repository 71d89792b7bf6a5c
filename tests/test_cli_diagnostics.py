"""`diagnostics DEVICE`: one redacted file with what a bug report about a device needs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from smartthings_client import catalog
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to

LIGHT = "440063de-a200-40b5-8a6b-f3399eaa0370"  # the seeded "Bathroom spot"


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Emulator:
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    monkeypatch.chdir(tmp_path)
    return emulator


def diagnose(capsys: pytest.CaptureFixture[str], emu: Emulator, *argv: str) -> tuple[str, dict[str, Any]]:
    token = emu.issue_pat()
    code, out, err = run_cli(capsys, "diagnostics", LIGHT, "--token", token, *argv)
    assert code == 0, err
    path = Path(f"smartthings-diagnostics-{LIGHT[:8]}.json")
    assert out.startswith(f"wrote {path} (")
    text = path.read_text()
    assert token not in text + out + err
    return text, json.loads(text)


def test_every_part_is_in_the_file(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    _, report = diagnose(capsys, emu)
    assert report["device"]["deviceId"] == LIGHT
    assert report["device"]["viper"]["modelName"] == "Hue ambiance spot"
    assert report["status"]["components"]["main"]["switchLevel"]["level"]["value"] == 70
    assert report["health"]["state"] == "ONLINE"
    assert report["presentation"]["presentationId"]
    assert report["capabilities"]["switch/1"]["source"] == "bundled catalogue"
    assert report["capabilities"]["switch/1"]["definition"]["commands"].keys() == {"on", "off"}
    # A part that cannot be read is recorded, and the report goes on.
    assert report["profile"]["error"].startswith("NotFoundError: 404")
    assert "error" in report["capabilities"]["synthetic.lightingEffectFade/1"]["definition"]


def test_places_labels_and_hardware_ids_are_redacted(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    text, report = diagnose(capsys, emu)
    device = report["device"]
    for key in ("label", "locationId", "roomId", "ownerId"):
        assert device[key] == "<redacted>"
    assert device["viper"]["uniqueIdentifier"] == "<redacted>"
    assert emu.location_id not in text
    assert "Bathroom spot" not in text
    assert '"Home"' not in text


def test_a_capability_outside_the_catalogue_is_read_from_smartthings(
    capsys: pytest.CaptureFixture[str], emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = catalog.definition
    monkeypatch.setattr(catalog, "definition", lambda cid: None if cid == "switchLevel" else real(cid))
    _, report = diagnose(capsys, emu)
    fetched = report["capabilities"]["switchLevel/1"]
    assert fetched["source"] == "SmartThings"
    assert "setLevel" in fetched["definition"]["commands"]


def test_yaml_to_standard_output(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, out, err = run_cli(capsys, "diagnostics", LIGHT, "--file", "-", "-o", "yaml", "--token", emu.issue_pat())
    assert code == 0, err
    assert yaml.safe_load(out)["device"]["label"] == "<redacted>"
    assert list(Path().iterdir()) == []


def test_an_unknown_device_writes_nothing(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, out, err = run_cli(capsys, "diagnostics", "00000000-0000-0000-0000-000000000000", "--token", emu.issue_pat())
    assert code == 5
    assert out == ""
    assert "404" in err
    assert list(Path().iterdir()) == []


def test_lock_codes_are_redacted() -> None:
    from smartthings_client._cli.diagnostics import redact

    status = {"main": {"lockCodes": {"lockCodes": {"value": '{"1": "Anna"}'}, "codeLength": {"value": 4}}}}
    assert redact(status) == {"main": {"lockCodes": {"lockCodes": "<redacted>", "codeLength": "<redacted>"}}}
