"""The command line's options as a user types them: global options before or after the command, help text for
every option, and `devices command` with and without its arguments."""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartthings_client import Credential, SmartThings, cli

from .fixtures import API, DEVICE_ID, run_cli, run_emulated_cli, run_emulated_cli_json


class Recorder:
    """Stands in for the API behind the command line's client: records each request, answers an empty page."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from smartthings_client._cli import session

        self.requests: list[httpx.Request] = []
        real_make_client = session.make_client

        def recorded(credential: Credential, **options: Any) -> SmartThings:
            return real_make_client(credential, **options, transport=httpx.MockTransport(self._answer))

        monkeypatch.setattr(session, "make_client", recorded)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"items": []})


@pytest.mark.parametrize(
    ("argv", "token", "url"),
    [
        (["--token", "before", "devices", "list"], "before", API),
        (["devices", "list", "--token", "after"], "after", API),
        (["--token", "before", "devices", "list", "--token", "after"], "after", API),
        (["--base-url", "http://before.test/v1", "--token", "t", "devices", "list"], "t", "http://before.test/v1"),
        (
            [
                "--base-url",
                "http://before.test/v1",
                "devices",
                "list",
                "--base-url",
                "http://after.test/v1",
                "--token",
                "t",
            ],
            "t",
            "http://after.test/v1",
        ),
    ],
)
def test_global_options_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, argv: list[str], token: str, url: str
) -> None:
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    monkeypatch.delenv("SMARTTHINGS_BASE_URL", raising=False)
    api = Recorder(monkeypatch)
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    (request,) = api.requests
    assert request.headers["authorization"] == f"Bearer {token}"
    assert str(request.url) == f"{url}/devices"
    assert out.splitlines()[-1] == "(none)"


@pytest.mark.parametrize(
    "argv",
    [
        ["--json", "--emulator", "locations", "list"],
        ["locations", "list", "--json", "--emulator"],
        ["--emulator", "locations", "list", "--json"],
    ],
)
def test_json_and_emulator_anywhere(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert [location["name"] for location in json.loads(out)] == ["Home"]


def test_token_dir_before_the_command(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    code, out, err = run_cli(capsys, "--token-dir", str(tmp_path / "none"), "auth", "list", "--json")
    assert code == 0, err
    assert json.loads(out) == []


def test_installed_app_id_before_the_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    api = Recorder(monkeypatch)
    code, _, err = run_cli(capsys, "--installed-app-id", "app-1", "subscriptions", "list", "--token", "t")
    assert code == 0, err
    assert api.requests[0].url.path == "/v1/installedapps/app-1/subscriptions"


@pytest.mark.parametrize("argv", [["--json", "demo"], ["--token", "t", "demo"]])
def test_global_options_before_a_command_without_them_are_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli(capsys, *argv)
    assert exited.value.code == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert f"{argv[0]} does not apply to the demo command" in err


def test_top_level_help_lists_the_global_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "--help")
    out = capsys.readouterr().out
    assert "global options (before or after the command; after it wins)" in out
    assert "--token TOKEN" in out
    assert "--emulator" in out


def _actions(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _actions(sub, (*path, name))
        elif not isinstance(action, (argparse._HelpAction, argparse._VersionAction)):
            yield " ".join(path), action


def test_every_option_and_argument_has_help() -> None:
    # `emulator` is being rewritten elsewhere (its own parser in _cli/tools.py).
    missing = [
        f"{command}: {'/'.join(action.option_strings) or action.dest}"
        for command, action in _actions(cli.build_parser())
        if not action.help and not command.startswith("emulator")
    ]
    assert missing == []


def test_api_help_speaks_of_json_only(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "api", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert re.search(r"\btables?\b", out) is None
    assert "--json print the answer as one compact line of JSON (default: indented)" in out


def test_json_help_elsewhere_speaks_of_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "history", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "--json print one JSON document (for scripts) instead of a table or text" in out
    assert "--jsonl print JSON Lines: one compact JSON object per line" in out


# --- devices command -------------------------------------------------------------------------------------------


def test_devices_command_without_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = run_emulated_cli_json(capsys, "devices", "command", DEVICE_ID, "switch", "on")
    assert result["status"] in ("ACCEPTED", "COMPLETED")


def test_devices_command_with_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    (result,) = run_emulated_cli_json(capsys, "devices", "command", DEVICE_ID, "switchLevel", "setLevel", "40", "2")
    assert result["status"] in ("ACCEPTED", "COMPLETED")


@pytest.mark.parametrize("given", [[], ["switch"]])
def test_devices_command_without_its_command_says_how(capsys: pytest.CaptureFixture[str], given: list[str]) -> None:
    code, out, err = run_emulated_cli(capsys, "devices", "command", DEVICE_ID, *given)
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.startswith("error: devices command takes a CAPABILITY and a COMMAND after the device id")
    assert "`devices command DEVICE_ID switch on`" in err
    assert "required" not in err


def test_devices_command_usage_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_cli(capsys, "devices", "command", "--help")
    out = capsys.readouterr().out
    assert out.startswith(
        "usage: smartthings-client devices command DEVICE_ID CAPABILITY COMMAND [ARGUMENT ...] [--component COMPONENT]"
    )
