"""Choosing a device or a location from a numbered list when the command is given no id, on a terminal only."""

from __future__ import annotations

import json

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
