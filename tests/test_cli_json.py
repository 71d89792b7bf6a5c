"""One rule for machine-readable output: ``--json`` prints one JSON document (``| python -m json.tool`` reads it),
``--jsonl`` prints one JSON object per line, and only the commands that print a stream take ``--jsonl``."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import cli

from .fixtures import run_cli, run_emulated_cli, run_emulated_cli_json


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command of the parser (its words, its parser)."""
    subcommands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subcommands:
        yield path, parser
    for action in subcommands:
        for name, sub in action.choices.items():
            yield from _commands(sub, (*path, name))


def _takes(parser: argparse.ArgumentParser, option: str) -> bool:
    return any(option in action.option_strings for action in parser._actions)


COMMANDS = dict(_commands(cli.build_parser()))
STREAMS = {("history",), ("events", "watch"), ("devices", "watch")}
# auth login is a conversation with the user; it refuses --json (tested below).
# auth login is interactive; profiles show needs a config file (its -o json and yaml: test_cli_profiles.py).
# history export writes CSV or JSON Lines (--format), and refuses -o json: test_cli_export.py; drivers logcat needs
# a hub's log endpoint over TLS: its --json is in test_cli_logcat.py.
NO_DOCUMENT = {("auth", "login"), ("profiles", "show"), ("history export",), ("drivers", "logcat")}


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    """Ids of the seeded emulator (the same in every --emulator run), read with the command line itself."""
    import contextlib
    import io

    def listed(*argv: str) -> Any:
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            assert cli.main([*argv, "--json", "--emulator"]) == 0
        return json.loads(out.getvalue())

    return {
        "device": listed("devices", "list", "--capability", "switch")[0]["deviceId"],
        "hub": listed("devices", "list", "--capability", "bridge")[0]["deviceId"],
        "location": listed("locations", "list")[0]["locationId"],
        "room": listed("rooms", "list")[0]["roomId"],
        "rule": listed("rules", "list")[0]["id"],
        "driver": listed("drivers", "list")[0]["driverId"],
        "channel": listed("channels", "list")[0]["channelId"],
    }


# A successful command line for every command that has --json; {device} and the like are seeded ids, {tokens} an
# empty token directory, {inputs} a directory of --input files.
ARGV: dict[tuple[str, ...], list[str]] = {
    ("devices", "list"): [],
    ("devices", "get"): ["{device}"],
    ("devices", "status"): ["{device}"],
    ("devices", "command"): ["{device}", "switch", "on"],
    ("devices", "update"): ["{device}", "--label", "Lamp"],
    ("locations", "list"): [],
    ("locations", "create"): ["Cabin", "--country-code", "USA"],
    ("locations", "update"): ["--name", "Home again"],
    ("rooms", "list"): [],
    ("rooms", "create"): ["Attic"],
    ("rooms", "update"): ["{room}", "--name", "Den"],
    ("rules", "create"): ["-i", "{inputs}/rule.json"],
    ("rules", "update"): ["{rule}", "-i", "{inputs}/rule.json"],
    ("profiles", "list"): [],
    ("profiles", "path"): [],
    ("capabilities", "list"): [],
    ("capabilities", "show"): ["switch"],
    ("capabilities", "generate"): ["emulatorhome48151", "--out-dir", "{tokens}/mycaps"],
    ("subscriptions", "list"): [],
    ("subscriptions", "create"): ["device", "{device}"],
    ("subscriptions", "delete"): ["--all"],
    ("schedules", "list"): [],
    ("schedules", "create"): ["nightly", "--cron", "0 22 * * ? *"],
    ("schedules", "delete"): ["--all"],
    ("scenes", "list"): [],
    ("scenes", "run"): ["Good Night"],
    ("rules", "list"): [],
    ("rules", "get"): ["{rule}"],
    ("rules", "run"): ["{rule}"],
    ("drivers", "list"): [],
    ("drivers", "show"): ["{driver}"],
    ("drivers", "package"): ["{inputs}/driver", "--build-only", "{inputs}/driver.zip"],
    ("drivers", "install"): [
        "b98b34ce-1d1d-480c-bb17-41307a90cde0",  # a default driver, from the default channel
        "--hub",
        "{hub}",
        "--channel",
        "15ea8adc-8be7-4ea6-8b51-4155f56dc6cf",
    ],
    ("drivers", "uninstall"): ["01976eca-e7ff-4d1b-91db-9c980ce668d7", "--hub", "{hub}"],
    ("drivers", "switch"): [
        "f0af21a2-d5a1-437c-b10a-b34a87394b71",  # the hub's energy monitor
        "--driver",
        "01976eca-e7ff-4d1b-91db-9c980ce668d7",
        "--force",
    ],
    ("drivers", "prune"): ["--hub", "{hub}"],
    ("channels", "list"): [],
    ("channels", "show"): ["{channel}"],
    ("channels", "assign"): ["{channel}", "{driver}"],
    ("hubs", "drivers"): ["{hub}"],
    ("auth", "keepalive"): ["--token-dir", "{tokens}"],
    ("auth", "list"): ["--token-dir", "{tokens}"],
    ("events", "watch"): ["--max-events", "2"],
    ("devices", "watch"): ["--max-changes", "2"],
    ("scopes", "explain"): [],
    ("api",): ["GET", "/devices"],
    ("presentation", "show"): ["{device}"],
    ("preferences", "list"): [],
    ("history",): ["{device}"],
    ("diagnostics",): ["{device}", "--file", "-"],
    ("virtual-devices", "list"): [],
    ("virtual-devices", "create"): ["Porch", "--prototype", "VIRTUAL_SWITCH"],
}


def _argv(path: tuple[str, ...], ids: dict[str, str], tmp_path: Path) -> list[str]:
    rule = {"name": "Pause", "actions": [{"sleep": {"duration": {"value": 1, "unit": "Second"}}}]}
    inputs = tmp_path.parent / f"{tmp_path.name}-inputs"  # beside the token directory, never in it
    inputs.mkdir(exist_ok=True)
    (inputs / "rule.json").write_text(json.dumps(rule))
    driver = inputs / "driver"  # the smallest driver folder `drivers package` takes
    for name, text in {"config.yml": "name: d\n", "profiles/p.yml": "name: p\n", "src/init.lua": "return {}\n"}.items():
        (driver / name).parent.mkdir(parents=True, exist_ok=True)
        (driver / name).write_text(text)
    return [*path, *(word.format(**ids, tokens=tmp_path, inputs=inputs) for word in ARGV[path])]


def test_every_command_with_json_is_checked_here() -> None:
    with_json = {path for path, parser in COMMANDS.items() if _takes(parser, "--json")}
    assert with_json - NO_DOCUMENT == set(ARGV)


def test_only_streams_take_jsonl() -> None:
    assert {path for path, parser in COMMANDS.items() if _takes(parser, "--jsonl")} == STREAMS


@pytest.mark.parametrize("path", sorted(ARGV), ids=" ".join)
def test_json_is_one_document(
    capsys: pytest.CaptureFixture[str], ids: dict[str, str], tmp_path: Path, path: tuple[str, ...]
) -> None:
    document = run_emulated_cli_json(capsys, *_argv(path, ids, tmp_path))
    assert isinstance(document, (dict, list))
    if path in STREAMS:
        assert isinstance(document, list)  # the whole stream as one array


def test_events_watch_jsonl_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    # history's --json and --jsonl are checked with real history in test_cli_history.py
    code, out, err = run_emulated_cli(capsys, "events", "watch", "--max-events", "3", "--jsonl")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 3
    assert all(event["eventType"] == "DEVICE_EVENT" for event in lines)
    document = run_emulated_cli_json(capsys, "events", "watch", "--max-events", "3")
    assert [event["eventType"] for event in document] == ["DEVICE_EVENT"] * 3


def test_events_watch_json_at_the_timeout_is_still_one_document(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_emulated_cli(capsys, "events", "watch", "--timeout", "0.8", "--control", "--json")
    assert code == 0, err
    events = json.loads(out)  # however many arrived in time (a loaded machine may connect late)
    assert isinstance(events, list)
    assert all(event["eventType"] in ("CONTROL_EVENT", "DEVICE_EVENT") for event in events)


@pytest.mark.parametrize("path", sorted(STREAMS), ids=" ".join)
def test_json_and_jsonl_together_are_a_usage_error(
    capsys: pytest.CaptureFixture[str], ids: dict[str, str], tmp_path: Path, path: tuple[str, ...]
) -> None:
    code, out, err = run_emulated_cli(capsys, *_argv(path, ids, tmp_path), "--json", "--jsonl")
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "give --json (one JSON document) or --jsonl (one JSON object per line), not both" in err


def test_jsonl_is_refused_by_a_command_that_prints_no_stream(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        run_cli(capsys, "devices", "list", "--jsonl", "--emulator")
    assert exited.value.code == cli.EXIT_USAGE
    assert "unrecognized arguments: --jsonl" in capsys.readouterr().err


def test_auth_login_refuses_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys,
        "auth",
        "login",
        "--emulator",
        "--json",
        "--redirect-uri",
        "https://example.com/cb",
        "--scope",
        "r:devices:*",
    )
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "it has no --json" in err


def test_events_watch_json_interrupted_prints_what_it_saw(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from smartthings_client.resources.events import Events

    real_watch = Events.watch

    def interrupted(self: Events, *args: Any, **kwargs: Any) -> Iterator[Any]:
        for seen, event in enumerate(real_watch(self, *args, **kwargs)):
            yield event
            if seen == 1:
                raise KeyboardInterrupt  # Ctrl-C after two events

    monkeypatch.setattr(Events, "watch", interrupted)
    code, out, _ = run_emulated_cli(capsys, "events", "watch", "--json")
    assert code == 130
    assert len(json.loads(out)) == 2
