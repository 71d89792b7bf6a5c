"""``presentation show`` and ``preferences list`` through the command line's entry point, on the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartthings_client import cli
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

from .fixtures import run_cli

SEEDED_PRESENTATION = "dd8fee94-0896-327c-bcb7-330955289c6d"


def light_id() -> str:
    return Emulator().devices_by_label()[SEED_LIGHT_LABEL]


def test_presentation_show_by_device_is_a_table_of_views(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "presentation", "show", light_id(), "--emulator")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("presentation ST_b93bec0e-1a81-4471-83fc-4dddca504acd of 0A2r")
    assert lines[1].split() == ["VIEW", "COMPONENT", "CAPABILITY", "LABEL", "DISPLAY", "TYPE"]
    assert any(line.split()[:4] == ["detail", "view", "main", "switchLevel"] for line in lines)


def test_presentation_show_by_id_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys,
        "presentation",
        "show",
        "--presentation-id",
        SEEDED_PRESENTATION,
        "--manufacturer",
        "SmartThingsCommunity",
        "--json",
        "--emulator",
    )
    assert code == 0, err
    shown: dict[str, Any] = json.loads(out)
    assert shown["vid"] == SEEDED_PRESENTATION
    # the widget the model keeps in extra is printed back as SmartThings sent it
    assert shown["detailView"][0]["slider"]["range"] == [0, 240]


@pytest.mark.parametrize(
    "argv",
    [
        ["presentation", "show"],
        ["presentation", "show", "some-device", "--presentation-id", SEEDED_PRESENTATION],
        ["presentation", "show", "some-device", "--manufacturer", "SmartThingsCommunity"],
    ],
)
def test_presentation_show_needs_exactly_one_target(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run_cli(capsys, *argv, "--emulator")
    assert code == cli.EXIT_CODES["usage"]
    assert "DEVICE" in err or "--presentation-id" in err


def test_presentation_show_unknown_is_not_found(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "presentation", "show", "--presentation-id", "nope", "--emulator")
    assert code == cli.EXIT_CODES["not_found"]
    assert out == ""
    assert "presentation.get" in err


def test_presentation_show_an_invalid_device_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "presentation", "show", "a/b", "--emulator")
    assert code == cli.EXIT_CODES["usage"]
    assert "device_id" in err


def test_preferences_list_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "preferences", "list", "--emulator")
    assert code == 0, err
    rows = [line.split()[:2] for line in out.splitlines()[1:]]
    assert ["orgnamespace1.smartBulbMode", "enumeration"] in rows
    assert ["orgnamespace1.minimumLevel", "integer"] in rows
    code, out, err = run_cli(capsys, "preferences", "list", "--namespace", "orgnamespace1", "--json", "--emulator")
    assert code == 0, err
    listed = json.loads(out)
    enumeration = next(p for p in listed if p["preferenceType"] == "enumeration")
    assert enumeration["definition"]["options"] == {"Disabled": "Disabled", "Enabled": "Enabled"}


def test_preferences_list_of_an_empty_namespace(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "preferences", "list", "--namespace", "nobody", "--emulator")
    assert code == 0
    assert "(none)" in out
