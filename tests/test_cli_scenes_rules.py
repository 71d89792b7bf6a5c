"""``scenes list|run`` and ``rules list|get|run`` on the command line, against the emulator."""

from __future__ import annotations

import pytest

from smartthings_client import cli
from smartthings_client.testing import Emulator

from .fixtures import run_cli, run_emulated_cli, run_emulated_cli_json, send_cli_clients_to

SEEDED_RULE = "6f1e3c0a-5d7b-4b8e-9a43-2c1f0e9d8b7a"


run = run_emulated_cli
run_json = run_emulated_cli_json


def test_scenes_list_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "scenes", "list")
    assert code == 0
    assert out.splitlines()[0].split() == ["SCENE", "ID", "NAME", "LAST", "RUN"]
    assert "Good Night" in out
    assert "never" in out  # "Temp" never ran
    scenes = run_json(capsys, "scenes", "list")
    assert {"sceneId", "sceneName", "createdDate"} <= scenes[0].keys()


def test_scenes_run_by_name_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert run_json(capsys, "scenes", "run", "good night") == {"status": "success"}


@pytest.mark.parametrize("scene", ["No Such Scene", "00000000-0000-0000-0000-000000000000"])
def test_scenes_run_unknown_is_not_found_listing_the_scenes(capsys: pytest.CaptureFixture[str], scene: str) -> None:
    code, out, err = run(capsys, "scenes", "run", scene)
    assert code == cli.EXIT_NOT_FOUND
    assert out == ""
    assert err.startswith(f"error: no scene {scene!r}")
    assert "'Good Night'" in err
    assert "`smartthings-client scenes list` shows their names and ids" in err


def test_scenes_run_unknown_in_a_location_says_how_to_list_that_location(capsys: pytest.CaptureFixture[str]) -> None:
    location = run_json(capsys, "locations", "list")[0]["locationId"]
    code, _, err = run(capsys, "scenes", "run", "Nope", "--location-id", location)
    assert code == cli.EXIT_NOT_FOUND
    assert f"in location {location}" in err
    assert f"`smartthings-client scenes list --location-id {location}`" in err


def test_two_scenes_of_one_name_are_a_usage_error(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = Emulator()
    emulator.add_scene("Good Night")
    send_cli_clients_to(monkeypatch, emulator.transport)
    code, out, err = run_cli(capsys, "scenes", "run", "good night", "--token", emulator.issue_pat())
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "2 scenes are named 'good night': give the scene id" in err


def test_rules_list_get_run(capsys: pytest.CaptureFixture[str]) -> None:
    rules = run_json(capsys, "rules", "list")
    assert SEEDED_RULE in {r["id"] for r in rules}
    code, out, _ = run(capsys, "rules", "get", SEEDED_RULE)
    assert code == 0
    assert out.splitlines()[1].startswith("if")
    rule = run_json(capsys, "rules", "get", SEEDED_RULE)
    assert rule["actions"][0]["if"]["equals"]["right"] == {"string": "open"}
    execution = run_json(capsys, "rules", "run", SEEDED_RULE)
    assert execution["result"] == "Success"
    code, out, _ = run(capsys, "rules", "run", SEEDED_RULE)
    assert out.splitlines()[1].split() == ["rule", "Success"]


def test_an_unknown_rule_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "rules", "get", "00000000-0000-0000-0000-000000000000")
    assert code == cli.EXIT_NOT_FOUND
    assert "Traceback" not in err
