"""The command line's history and virtual-devices commands, against the emulator."""

from __future__ import annotations

import json

import pytest

from smartthings_client import SmartThings, cli
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """An emulator with some history, which the CLI reaches through --token (its client is sent there)."""
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    with SmartThings(emulator.issue_pat(), transport=emulator.transport) as st:
        light = emulator.devices_by_label()["Bathroom spot"]
        for level in (10, 20, 30):
            st.devices.command(light, "switchLevel", "setLevel", level)
            emulator.clock.advance(60)
        st.devices.command(emulator.devices_by_label()["Front Door Lock"], "lock", "unlock")
    return emulator


@pytest.mark.parametrize("option", ["--json", "--jsonl"])
def test_history_of_a_device_as_json(capsys: pytest.CaptureFixture[str], emu: Emulator, option: str) -> None:
    light = emu.devices_by_label()["Bathroom spot"]
    code, out, err = run_cli(capsys, "history", light, option, "--limit", "4", "--token", emu.issue_pat())
    assert code == 0, err
    # --json: one document (an array); --jsonl: one object per line, as they come.
    lines = json.loads(out) if option == "--json" else [json.loads(line) for line in out.splitlines()]
    assert [(e["attribute"], e["value"]) for e in lines] == [
        ("switch", "on"),
        ("level", 30),
        ("switch", "on"),
        ("level", 20),
    ]
    assert all(e["deviceId"] == light and e["time"].endswith("Z") for e in lines)


def test_history_of_a_location_as_a_table(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, out, _ = run_cli(capsys, "history", emu.location_id, "--oldest-first", "--token", emu.issue_pat())
    assert code == 0
    rows = out.splitlines()
    assert rows[0].split()[:3] == ["TIME", "DEVICE", "COMPONENT"]
    assert "Bathroom spot" in rows[1]
    assert "Front Door Lock" in rows[-1]
    assert "unlocked" in rows[-1]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["history", "nope"], cli.EXIT_NOT_FOUND),
        (["history", "a/b"], cli.EXIT_USAGE),
        (["history", "x", "--limit", "0"], cli.EXIT_USAGE),
        (["virtual-devices", "create", "X"], cli.EXIT_USAGE),
        # SmartThings' 422 for an unknown prototype is "any other error", as for every command.
        (["virtual-devices", "create", "X", "--prototype", "VIRTUAL_NOTHING"], cli.EXIT_ERROR),
    ],
)
def test_exit_codes(capsys: pytest.CaptureFixture[str], argv: list[str], expected: int) -> None:
    code, _, err = run_cli(capsys, *argv, "--emulator")
    assert code == expected
    assert err.startswith("error: ")


def test_an_unknown_target_says_where_to_find_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "history", "00000000-0000-0000-0000-000000000000", "--emulator")
    assert code == cli.EXIT_NOT_FOUND
    assert out == ""
    assert "note: DEVICE_OR_LOCATION is neither a location nor a device the token sees" in err
    assert "`smartthings-client locations list` and `smartthings-client devices list` show their ids" in err


def test_history_needs_device_read(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, _, err = run_cli(capsys, "history", emu.location_id, "--token", emu.issue_pat(["r:locations:*"]))
    assert code == cli.EXIT_FORBIDDEN
    assert "history.devices" in err


def test_a_device_is_found_without_location_read(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    light = emu.devices_by_label()["Bathroom spot"]
    code, out, err = run_cli(capsys, "history", light, "--json", "--token", emu.issue_pat(["r:devices:*"]))
    assert code == 0, err
    assert len(json.loads(out)) == 6


def test_virtual_devices_create_then_list(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    token = emu.issue_pat()
    code, out, err = run_cli(
        capsys,
        "virtual-devices",
        "create",
        "Porch",
        "--prototype",
        "VIRTUAL_CONTACT_SENSOR",
        "--json",
        "--token",
        token,
    )
    assert code == 0, err
    created = json.loads(out)
    assert (created["type"], created["label"]) == ("VIRTUAL", "Porch")
    code, out, _ = run_cli(capsys, "virtual-devices", "list", "--token", token)
    assert code == 0
    assert created["deviceId"] in out
    assert "contactSensor" in out


def test_virtual_devices_create_from_a_profile_on_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "virtual-devices", "create", "Lamp", "--profile-id", "no-such", "--emulator")
    assert code == cli.EXIT_ERROR  # 422 from the emulator: an unknown profile
    assert "deviceProfileId" in err
