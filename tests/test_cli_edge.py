"""The Edge commands (drivers, channels, hubs) run through the entry point against the emulator (--emulator).

The emulator's drivers and channels are synthetic (no capture exists, contract §11); the hub is a real document.
"""

from __future__ import annotations

import pytest

from .fixtures import run_emulated_cli, run_emulated_cli_json

HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
MY_DRIVER = "5f0b2d3e-8c1a-4b7e-9d2f-6a4c1e0b7d93"
MY_CHANNEL = "8e6a2f1c-4d3b-4a5e-b7c9-0f1e2d3c4b5a"
DEFAULT_CHANNEL = "15ea8adc-8be7-4ea6-8b51-4155f56dc6cf"


run = run_emulated_cli
run_json = run_emulated_cli_json


def test_drivers_list_yours_and_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert [d["driverId"] for d in run_json(capsys, "drivers", "list")] == [MY_DRIVER]
    default = run_json(capsys, "drivers", "list", "--default")
    assert {d["name"] for d in default} == {"Zigbee Switch", "Zigbee Contact", "Z-Wave Electric Meter"}
    code, out, _ = run(capsys, "drivers", "list")
    assert code == 0
    assert out.splitlines()[0].split()[:3] == ["DRIVER", "ID", "NAME"]
    assert "My Zigbee Button" in out


def test_drivers_show(capsys: pytest.CaptureFixture[str]) -> None:
    driver = run_json(capsys, "drivers", "show", MY_DRIVER)
    assert driver["fingerprints"][0]["zigbeeManufacturer"]["model"] == "TRADFRI remote control"
    code, out, _ = run(capsys, "drivers", "show", MY_DRIVER, "--version", "2025-02-20T10:00:00.000000000")
    assert code == 0
    assert "fingerprint  IKEA/Remote (ZIGBEE_MANUFACTURER) IKEA Remote" in out


def test_drivers_show_unknown_exits_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "drivers", "show", "no-such-driver")
    assert (code, out) == (5, "")
    assert "drivers.get" in err
    code, _, err = run(capsys, "drivers", "show", "a/b")
    assert code == 2
    assert "driver_id" in err


def test_channels_list_show_and_assign(capsys: pytest.CaptureFixture[str]) -> None:
    assert [c["channelId"] for c in run_json(capsys, "channels", "list")] == [MY_CHANNEL]
    assert len(run_json(capsys, "channels", "list", "--include-read-only")) == 2
    assert [c["channelId"] for c in run_json(capsys, "channels", "list", "--hub", HUB)] == [DEFAULT_CHANNEL]
    shown = run_json(capsys, "channels", "show", DEFAULT_CHANNEL)
    assert shown["name"] == "SmartThings Edge Drivers"
    assert len(shown["drivers"]) == 3
    code, out, _ = run(capsys, "channels", "show", MY_CHANNEL)
    assert code == 0
    assert out.startswith("My Edge Drivers (")
    assert MY_DRIVER in out
    details = run_json(capsys, "channels", "assign", MY_CHANNEL, MY_DRIVER)
    assert details["version"] == "2025-02-20T10:00:00.000000000"  # the driver's latest, looked up
    code, _, err = run(capsys, "channels", "assign", MY_CHANNEL, MY_DRIVER, "--version", "1999-01-01T00:00:00")
    assert code == 1
    assert "has no version" in err


def test_channels_assign_to_a_read_only_channel_exits_forbidden(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "channels", "assign", DEFAULT_CHANNEL, MY_DRIVER)
    assert code == 4
    assert "channels.assign_driver" in err


def test_hubs_drivers(capsys: pytest.CaptureFixture[str]) -> None:
    installed = run_json(capsys, "hubs", "drivers", HUB)
    assert {d["name"] for d in installed} == {"Zigbee Switch", "Zigbee Contact"}
    code, out, _ = run(capsys, "hubs", "drivers", HUB)
    assert code == 0
    assert "Zigbee Contact" in out
    code, _, err = run(capsys, "hubs", "drivers", "no-such-hub")
    assert code == 5
    assert "hub_devices.installed_drivers" in err
