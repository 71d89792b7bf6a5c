"""``-i/--input FILE`` on the create and update commands: the API's request body as JSON or YAML (``-`` reads
standard input), options on the command line winning, and a key the command does not send refused."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from smartthings_client import SmartThings
from smartthings_client.testing import Emulator

from .fixtures import run_cli, run_emulated_cli_json, send_cli_clients_to


@pytest.fixture
def emulator(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """One emulator behind every command of the test (so that what one creates, the test can read back)."""
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    return emulator


def test_virtual_device_from_a_yaml_file_with_the_command_line_winning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator
) -> None:
    request = tmp_path / "switch.yaml"
    request.write_text(
        "name: From the file\nprototype: VIRTUAL_SWITCH\n"
        f"owner:\n  ownerType: LOCATION\n  ownerId: {emulator.location_id}\n"
    )
    token = emulator.issue_pat()
    code, out, err = run_cli(capsys, "virtual-devices", "create", "-i", str(request), "--token", token, "--json")
    assert code == 0, err
    assert json.loads(out)["label"] == "From the file"
    code, out, err = run_cli(
        capsys, "virtual-devices", "create", "Given here", "--input", str(request), "--token", token, "--json"
    )
    assert code == 0, err
    created = json.loads(out)
    assert created["label"] == "Given here"
    with SmartThings(token, transport=emulator.transport) as st:
        assert st.devices.get(created["deviceId"]).location_id == emulator.location_id


def test_room_from_standard_input(
    capsys: pytest.CaptureFixture[str], emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO('{"name": "Attic"}'))
    token = emulator.issue_pat()
    code, out, err = run_cli(capsys, "rooms", "create", "-i", "-", "--token", token, "-o", "json")
    assert code == 0, err
    assert json.loads(out)["name"] == "Attic"
    with SmartThings(token, transport=emulator.transport) as st:
        assert "Attic" in [room.name for room in st.locations.rooms.list(emulator.location_id)]


def test_location_and_device_update_from_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], emulator: Emulator
) -> None:
    token = emulator.issue_pat()
    (tmp_path / "loc.json").write_text(
        json.dumps({"name": "Lake house", "countryCode": "GBR", "temperatureScale": "C"})
    )
    code, out, err = run_cli(
        capsys, "locations", "create", "-i", str(tmp_path / "loc.json"), "--token", token, "--json"
    )
    assert code == 0, err
    assert (json.loads(out)["name"], json.loads(out)["temperatureScale"]) == ("Lake house", "C")
    device_id = emulator.devices[0]
    (tmp_path / "dev.yaml").write_text("label: Hall lamp\n")
    code, out, err = run_cli(capsys, "devices", "update", device_id, "-i", str(tmp_path / "dev.yaml"), "--token", token)
    assert code == 0, err
    assert "Hall lamp" in out


def test_rule_create_takes_the_rule_as_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rule = {"name": "Lights at dusk", "actions": [{"sleep": {"duration": {"value": 5, "unit": "Second"}}}]}
    (tmp_path / "rule.json").write_text(json.dumps(rule))
    created = run_emulated_cli_json(capsys, "rules", "create", "-i", str(tmp_path / "rule.json"))
    assert created["name"] == "Lights at dusk"
    code, _, err = run_cli(capsys, "rules", "create", "--emulator")
    assert code == 2
    assert "--input FILE" in err


def test_schedule_and_subscription_from_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "cron.yaml").write_text("name: nightly\ncron:\n  expression: 0 22 * * ? *\n  timezone: Europe/Paris\n")
    created = run_emulated_cli_json(capsys, "schedules", "create", "-i", str(tmp_path / "cron.yaml"))
    assert created["cron"] == {"expression": "0 22 * * ? *", "timezone": "Europe/Paris"}
    (tmp_path / "sub.json").write_text(json.dumps({"sourceType": "MODE", "mode": {"subscriptionName": "modes"}}))
    created = run_emulated_cli_json(capsys, "subscriptions", "create", "-i", str(tmp_path / "sub.json"))
    assert (created["sourceType"], created["mode"]["subscriptionName"]) == ("MODE", "modes")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "Attic", "floor": 2}', "--input has floor, which this command does not send; it reads name"),
        ("[1, 2]", "must be a mapping (a JSON object), not a list"),
        ("name: [unclosed", "is neither JSON nor YAML"),
        ("", "is empty"),
    ],
)
def test_a_bad_input_file_is_a_usage_error_and_sends_nothing(
    text: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "room.txt").write_text(text)
    code, out, err = run_cli(capsys, "rooms", "create", "-i", str(tmp_path / "room.txt"), "--token", "unused")
    assert code == 2
    assert out == ""
    assert message in err


def test_a_missing_input_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "rooms", "create", "-i", str(tmp_path / "nope.json"), "--token", "unused")
    assert code == 2
    assert f"cannot read --input {tmp_path / 'nope.json'}" in err
