"""Choosing a device or a location from a numbered list when the command is given no id, on a terminal only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .fixtures import run_emulated_cli
from .terminal import Terminal


def test_on_a_terminal_a_numbered_list_chooses_the_device() -> None:
    terminal = Terminal(["devices", "get", "--emulator", "-o", "json"])
    screen = terminal.expect("device number (1-")
    listed = [line.split(". ", 1)[1] for line in screen.splitlines() if line.strip()[:1].isdigit()]
    assert len(listed) > 1
    second_id = listed[1].rsplit("(", 1)[1].rstrip(")")
    terminal.type("2")
    code, out, screen = terminal.finish()
    assert code == 0, screen
    assert json.loads(out)["deviceId"] == second_id


def test_a_wrong_answer_is_asked_again_and_enter_cancels() -> None:
    terminal = Terminal(["devices", "status", "--emulator"])
    terminal.expect("device number (1-")
    terminal.type("99")
    terminal.expect("'99' is not a number from 1 to")
    terminal.type("")
    code, out, screen = terminal.finish()
    assert code == 2
    assert out == ""
    assert "no device chosen" in screen


def test_without_a_terminal_a_missing_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_emulated_cli(capsys, "devices", "get")
    assert code == 2
    assert out == ""
    assert "pass a DEVICE_ID (on a terminal, leave it out to choose from a list)" in err


def test_prune_asks_before_each_uninstall_on_a_terminal() -> None:
    terminal = Terminal(["drivers", "prune", "--hub", "6a2d07a4-dd77-48bc-9acf-017029aaf099", "--emulator"])
    terminal.expect("uninstall Zigbee Switch (01976eca-e7ff-4d1b-91db-9c980ce668d7)? [y/N]")
    terminal.type("y")
    code, out, screen = terminal.finish()
    assert code == 0, screen
    assert out.splitlines()[1].split() == ["01976eca-e7ff-4d1b-91db-9c980ce668d7", "Zigbee", "Switch", "uninstalled"]


def test_logcat_offers_the_hub_drivers_on_a_terminal(tmp_path: Path) -> None:
    from smartthings_client.testing import Emulator

    from .test_cli_logcat import HUB, ZIGBEE_CONTACT, ZIGBEE_SWITCH, self_signed

    emulator = Emulator()
    with emulator.serve_hub_logs(HUB, *self_signed(tmp_path, "hub")) as hub:
        hub.log(ZIGBEE_SWITCH, "switch joined")
        hub.log(ZIGBEE_CONTACT, "contact opened")
        argv = ["drivers", "logcat", "--hub-address", hub.address, "--token", emulator.issue_pat()]
        terminal = Terminal(argv)
        screen = terminal.expect("driver number (1-2")
        assert "1. Zigbee Switch  (01976eca-e7ff-4d1b-91db-9c980ce668d7)" in screen
        terminal.type("2")
        code, out, screen = terminal.finish()
    assert code == 0, screen
    assert [line.split(None, 1)[1] for line in out.splitlines()] == ["INFO  Zigbee Contact  contact opened"]
