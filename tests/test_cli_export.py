"""`history export`: many devices' history to CSV or JSON Lines, resumed with a cursor, with a progress bar on a
terminal."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from smartthings_client import SmartThings
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to
from .terminal import Terminal


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    set_levels(emulator, 10, 20, 30)
    return emulator


def set_levels(emulator: Emulator, *levels: int) -> None:
    with SmartThings(emulator.issue_pat(), transport=emulator.transport) as st:
        light = emulator.devices_by_label()["Bathroom spot"]
        for level in levels:
            st.devices.command(light, "switchLevel", "setLevel", level)
            emulator.clock.advance(60)
        st.devices.command(emulator.devices_by_label()["Front Door Lock"], "lock", "unlock")


def levels_in(rows: list[dict[str, str]]) -> list[str]:
    return [row["value"] for row in rows if row["attribute"] == "level"]


def test_csv_of_two_devices_oldest_first(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    light, lock = emu.devices_by_label()["Bathroom spot"], emu.devices_by_label()["Front Door Lock"]
    code, out, err = run_cli(capsys, "history", "export", light, lock, "--token", emu.issue_pat())
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert levels_in(rows) == ["10", "20", "30"]
    assert {row["device_id"] for row in rows} == {light, lock}
    assert ("lock", "unlocked") in [(row["attribute"], row["value"]) for row in rows]
    assert err.strip() == "exported 7 events of 2 devices"
    assert "\r" not in err  # no progress bar off a terminal


@pytest.mark.parametrize("form", ["csv", "jsonl"])
def test_a_cursor_resumes_without_duplicates(
    form: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], emu: Emulator
) -> None:
    light = emu.devices_by_label()["Bathroom spot"]
    out_file, cursor = tmp_path / f"light.{form}", tmp_path / "cursor.json"
    argv = ["history", "export", light, "--format", form, "--file", str(out_file), "--cursor", str(cursor)]
    token = emu.issue_pat()
    assert run_cli(capsys, *argv, "--token", token)[0] == 0
    set_levels(emu, 40, 50)
    code, _, err = run_cli(capsys, *argv, "--token", token)
    assert code == 0, err
    assert "exported 4 events of 1 devices" in err  # switch on + level, twice: only the new ones
    text = out_file.read_text()
    if form == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert text.count("time,epoch,device_id") == 1
    else:
        rows = [{k: str(v) for k, v in json.loads(line).items()} for line in text.splitlines()]
    assert levels_in(rows) == ["10", "20", "30", "40", "50"]
    assert run_cli(capsys, *argv, "--token", token)[2].startswith("exported 0 events")


def test_since_bounds_the_first_export(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    light = emu.devices_by_label()["Bathroom spot"]
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        events = list(st.history.devices(emu.location_id, device_id=light, oldest_first=True))
    second_level = [e for e in events if e.attribute == "level"][1]
    assert second_level.time is not None
    since = second_level.time.isoformat()
    code, out, err = run_cli(capsys, "history", "export", light, "--since", since, "--token", emu.issue_pat())
    assert code == 0, err
    assert levels_in(list(csv.DictReader(io.StringIO(out)))) == ["20", "30"]


@pytest.mark.parametrize(
    ("extra", "code", "message"),
    [
        (["--since", "yesterday"], 2, "is not an ISO-8601 time"),
        (["--json"], 2, "history export writes --format csv or jsonl, not -o json"),
        (["--since", "2026-12-01T00:00:00"], 2, "needs a time zone"),
        (["00000000-0000-0000-0000-000000000000"], 5, "no device 00000000-0000-0000-0000-000000000000"),
    ],
)
def test_mistakes(extra: list[str], code: int, message: str, capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    result = run_cli(capsys, "history", "export", *extra, "--token", emu.issue_pat())
    assert (result[0], result[1]) == (code, "")
    assert message in result[2]


def test_a_damaged_cursor_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    (tmp_path / "cursor.json").write_text("[1]")
    code, _, err = run_cli(
        capsys, "history", "export", "--cursor", str(tmp_path / "cursor.json"), "--token", emu.issue_pat()
    )
    assert code == 2
    assert "is not a cursor this command wrote" in err


def test_history_device_still_means_one_device(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    light = emu.devices_by_label()["Bathroom spot"]
    code, out, _ = run_cli(capsys, "history", light, "--limit", "2", "--token", emu.issue_pat(), "--json")
    assert code == 0
    assert len(json.loads(out)) == 2


def test_a_progress_bar_on_a_terminal(tmp_path: Path) -> None:
    terminal = Terminal(["history", "export", "--emulator", "--file", str(tmp_path / "all.csv")])
    code, out, screen = terminal.finish()
    assert code == 0, screen
    assert out == ""
    devices = screen.split(" devices,")[0].rsplit("/", 1)[1]
    assert f"[{'#' * 24}] {devices}/{devices} devices" in screen
    assert "\r[" in screen
    assert (tmp_path / "all.csv").read_text().startswith("time,epoch,device_id")
