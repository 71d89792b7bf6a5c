"""Tables as a person sees them in a terminal of 80 or 120 columns: one line per row, ids and timestamps whole (so
they can be copied), other cells cut with an ellipsis."""

from __future__ import annotations

import json
import re

import pytest

from smartthings_client import SmartThings
from smartthings_client.testing import Emulator

from .fixtures import run_cli, run_emulated_cli, send_cli_clients_to

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# Anything that starts like a UUID: a UUID split or cut in a table would show as one of these.
UUID_START = re.compile(r"[0-9a-f]{8}-[0-9a-f-]*…?")
TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

WIDTHS = [80, 120]


def printed_ids(out: str) -> list[str]:
    """Every UUID-like text in the output, each of which must be a whole UUID."""
    return UUID_START.findall(out)


def assert_fits(out: str, columns: int) -> list[str]:
    lines = out.splitlines()
    assert lines
    assert max(len(line) for line in lines) <= columns, "\n".join(lines)
    return lines


@pytest.fixture
def columns(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    width: int = request.param
    monkeypatch.setenv("COLUMNS", str(width))
    return width


@pytest.mark.parametrize("columns", WIDTHS, indirect=True)
def test_devices_list_one_line_per_device_with_whole_ids(capsys: pytest.CaptureFixture[str], columns: int) -> None:
    code, out, err = run_emulated_cli(capsys, "devices", "list")
    assert code == 0, err
    lines = assert_fits(out, columns)
    devices = json.loads(run_emulated_cli(capsys, "devices", "list", "--json")[1])
    assert len(lines) == 1 + len(devices)  # nothing wraps onto a second line
    for line, device in zip(lines[1:], devices, strict=True):
        assert line.split()[0] == device["deviceId"]  # the whole id, first on its line, copyable
        label_cell = line[38:].split("  ")[0]
        assert label_cell == device["label"] or (
            label_cell.endswith("…") and device["label"].startswith(label_cell[:-1])
        )
    assert all(UUID.fullmatch(text) for text in printed_ids(out))
    if columns == 80:
        assert "Aeotec Energy Monitor" not in out  # too long: cut...
        assert re.search(r"  Aeotec Energy M?o?…", out)  # ...with an ellipsis
    else:
        assert "Aeotec Energy Monitor" in out


@pytest.mark.parametrize("columns", WIDTHS, indirect=True)
def test_capability_lists_are_cut_after_a_whole_name(capsys: pytest.CaptureFixture[str], columns: int) -> None:
    code, out, _ = run_emulated_cli(capsys, "devices", "list")
    assert code == 0
    cut = [line.rsplit("  ", 1)[1] for line in out.splitlines()[1:] if line.endswith("…")]
    assert cut  # the seeded devices have more capabilities than either width shows
    assert all(cell.endswith(",…") for cell in cut if "," in cell)  # never a part of a name after a comma


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """An emulator with some history, which the CLI reaches through --token."""
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    with SmartThings(emulator.issue_pat(), transport=emulator.transport) as st:
        light = emulator.devices_by_label()["Bathroom spot"]
        for level in (10, 20):
            st.devices.command(light, "switchLevel", "setLevel", level)
            emulator.clock.advance(60)
        st.devices.command(emulator.devices_by_label()["Aeotec Energy Monitor"], "refresh", "refresh")
        st.devices.command(emulator.devices_by_label()["Front Door Lock"], "lock", "unlock")
    return emulator


@pytest.mark.parametrize("columns", WIDTHS, indirect=True)
def test_history_keeps_timestamps_whole(capsys: pytest.CaptureFixture[str], emu: Emulator, columns: int) -> None:
    token = emu.issue_pat()
    code, out, err = run_cli(capsys, "history", emu.location_id, "--token", token)
    assert code == 0, err
    lines = assert_fits(out, columns)
    events = json.loads(run_cli(capsys, "history", emu.location_id, "--json", "--token", token)[1])
    assert len(lines) == 1 + len(events)
    for line, event in zip(lines[1:], events, strict=True):
        stamp = line.split()[0]
        assert TIMESTAMP.fullmatch(stamp)
        assert event["time"].startswith(stamp[:-1])  # the same second, in UTC
    if columns == 80:
        assert "Front Door Lock" not in out
        assert re.search(r"Z  Front[ \w]*…", out)
    else:
        assert "Front Door Lock" in out


@pytest.mark.parametrize("columns", WIDTHS, indirect=True)
def test_device_status_one_line_per_attribute(capsys: pytest.CaptureFixture[str], columns: int) -> None:
    light = "440063de-a200-40b5-8a6b-f3399eaa0370"
    code, out, _ = run_emulated_cli(capsys, "devices", "status", light)
    assert code == 0
    lines = assert_fits(out, columns)
    status = json.loads(run_emulated_cli(capsys, "devices", "status", light, "--json")[1])
    expected = [
        (component, capability, attribute)
        for component, capabilities in status["components"].items()
        for capability, attributes in capabilities.items()
        for attribute in attributes
    ]
    shown = [tuple(line.split()[:3]) for line in lines[1:]]
    assert len(shown) == len(expected)
    for cells, names in zip(shown, expected, strict=True):
        for cell, name in zip(cells, names, strict=True):
            assert cell == name or (cell.endswith("…") and name.startswith(cell[:-1]))
    if columns == 120:
        assert shown == expected


@pytest.mark.parametrize("columns", [40, *WIDTHS], indirect=True)
def test_rules_run_keeps_the_device_ids_of_its_steps_whole(capsys: pytest.CaptureFixture[str], columns: int) -> None:
    rule = "437f4243-389a-4299-b5ed-059edbf08b16"  # seeded: switches the Bathroom spot
    code, out, _ = run_emulated_cli(capsys, "rules", "run", rule)
    assert code == 0
    assert out.splitlines()[2].split()[:2] == ["command", "440063de-a200-40b5-8a6b-f3399eaa0370"]


@pytest.mark.parametrize("columns", WIDTHS, indirect=True)
def test_scenes_list_keeps_ids_and_times_whole(capsys: pytest.CaptureFixture[str], columns: int) -> None:
    code, out, _ = run_emulated_cli(capsys, "scenes", "list")
    assert code == 0
    assert_fits(out, columns)
    ids = printed_ids(out)
    assert len(ids) == 5
    assert all(UUID.fullmatch(text) for text in ids)
    assert all(TIMESTAMP.fullmatch(line.split()[-1]) or line.endswith("never") for line in out.splitlines()[1:])


def test_a_terminal_too_narrow_for_the_ids_still_prints_them_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "30")
    code, out, _ = run_emulated_cli(capsys, "devices", "list")
    assert code == 0
    assert len(printed_ids(out)) > 10
    assert all(UUID.fullmatch(text) for text in printed_ids(out))


def test_a_pipe_gets_whole_lines(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # and standard output is not a terminal under capsys
    code, out, _ = run_emulated_cli(capsys, "devices", "list")
    assert code == 0
    assert "…" not in out
    assert "Aeotec Energy Monitor" in out
