"""``scenes list|run`` and ``rules list|get|run`` on the command line, against the emulator."""

from __future__ import annotations

import pytest

from smartthings_client import cli

from .fixtures import run_emulated_cli, run_emulated_cli_json

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


def test_scenes_run_unknown_is_a_usage_error_listing_the_scenes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenes", "run", "Nope")
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "'Good Night'" in err


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
