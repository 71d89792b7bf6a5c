"""docs/cli-parity.md stays true: every `api METHOD PATH` it gives is an operation the library knows, and every
command of ours it names exists."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from smartthings_client.cli import build_parser
from smartthings_client.scopes import OPERATIONS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "cli-parity.md").read_text(encoding="utf-8")


def _shape(path: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", path)


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """Every runnable command (a parser without subcommands), as its words."""
    found = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                path = (*prefix, *name.split())
                below = _commands(sub, path)
                found |= below or {path}
    return found


def test_every_api_call_in_the_table_is_a_known_operation() -> None:
    known = {(rule.method, _shape(rule.path)) for rule in OPERATIONS.values()}
    calls = re.findall(r"`api (GET|POST|PUT|DELETE|PATCH) (/[^` ?]*)", DOC)
    assert len(calls) > 60
    assert [call for call in calls if (call[0], _shape(call[1])) not in known] == []


def test_every_command_of_ours_in_the_table_exists() -> None:
    commands = _commands(build_parser())
    groups = {path[0] for path in commands}
    assert ("devices", "rename") not in commands  # what the check below would catch
    rows = [line.split(" | ", 1)[1] for line in DOC.splitlines() if line.startswith("| `") and " | " in line]
    named = [
        tuple(word for word in snippet.split() if re.fullmatch(r"[a-z][a-z-]*", word))
        for row in rows
        for snippet in re.findall(r"`([^`]+)`", row)
        if snippet.split()[0] in groups
    ]
    assert len(named) > 40
    # The longest run of plain words that is a command: `devices status [ID] --capability CAP` -> devices status.
    missing = [words for words in named if not any(words[:n] in commands for n in range(len(words), 0, -1))]
    assert missing == []
    assert ("drivers", "logcat") in {words[:2] for words in named}
