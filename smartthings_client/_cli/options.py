"""The global options (token, base URL, ``-o/--output``, ``--profile``, ``--emulator``...), accepted before the command
as well as after it.

``smartthings-client --token T devices list`` and ``smartthings-client devices list --token T`` are the same
command; given in both places, the value after the command wins.  The top-level parser holds the defaults; each
command's parser declares the same options with suppressed defaults, so only a value given after the command
replaces the one given (or defaulted) before it.
"""

from __future__ import annotations

import argparse
from typing import Any

from .._defaults import BASE_URL_ENV, TOKEN_ENV

JSON_HELP = "print one JSON document (for scripts) instead of a table or text (the same as -o json)"

OUTPUT_FORMATS = ("table", "json", "yaml")
PROFILE_ENV = "SMARTTHINGS_PROFILE"

# A command built with these options says so, so that global options given before a command that ignores them
# (`emulator`, `demo`) are a usage error rather than silently dropped.
TAKES_GLOBAL_OPTIONS = "takes_global_options"


# `api` prints JSON whatever is asked: its help for -o says so, without the word that would promise a table.
API_OUTPUT_HELP = "yaml (needs the yaml extra), or json: one compact line, as --json (default: indented JSON)"
OUTPUT_HELP = "table (for people, the default), json or yaml (one document, for scripts; yaml needs the yaml extra)"


def _declarations(json_help: str, output_help: str = OUTPUT_HELP) -> list[tuple[tuple[str, ...], dict[str, Any]]]:
    return [
        (("--token",), {"help": f"a personal access token (default: ${TOKEN_ENV}, else the profile's); never printed"}),
        (("--installed-app-id",), {"help": "treat --token as this installed app's SmartApp token"}),
        (
            ("--base-url",),
            {
                "help": f"the API to call (default: ${BASE_URL_ENV}, else the profile's, else "
                "https://api.smartthings.com/v1), e.g. a served emulator's http://127.0.0.1:8088/v1"
            },
        ),
        (
            ("-o", "--output"),
            {"choices": OUTPUT_FORMATS, "metavar": "FORMAT", "help": output_help},
        ),
        (("--json",), {"action": "store_true", "help": json_help}),
        (
            ("--profile",),
            {
                "help": f"the profile of the config file to use (default: ${PROFILE_ENV}, else `default` when the "
                "file has one); `smartthings-client profiles path` prints where the file is"
            },
        ),
        (("--emulator",), {"action": "store_true", "help": "run against an in-process offline emulator"}),
        (
            ("--token-dir",),
            {"help": "where `auth login` keeps tokens (default: $SMARTTHINGS_TOKEN_DIR or ~/.config)"},
        ),
    ]


def add_top_level_options(parser: argparse.ArgumentParser) -> None:
    """The global options before the command, with their defaults."""
    group = parser.add_argument_group("global options (before or after the command; after it wins)")
    for flags, options in _declarations(JSON_HELP):
        group.add_argument(*flags, **options)


def command_options(json_help: str = JSON_HELP, output_help: str = OUTPUT_HELP) -> argparse.ArgumentParser:
    """A parent parser with the global options for one command: given after the command, they replace the
    values given before it; not given, they leave them alone."""
    parent = argparse.ArgumentParser(add_help=False)
    for flags, options in _declarations(json_help, output_help):
        parent.add_argument(*flags, **options, default=argparse.SUPPRESS)
    parent.set_defaults(**{TAKES_GLOBAL_OPTIONS: True})
    return parent


def misplaced_global_options(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[str]:
    """The global options given before a command that takes none of them (they would be ignored)."""
    if getattr(args, TAKES_GLOBAL_OPTIONS, False):
        return []
    flags = {flags[0] for flags, _ in _declarations(JSON_HELP)}
    return [
        action.option_strings[0]
        for action in parser._actions
        if action.option_strings
        and action.option_strings[0] in flags
        and getattr(args, action.dest, action.default) != action.default
    ]


def resolve_output(args: argparse.Namespace) -> None:
    """One output format from ``-o/--output`` and its synonym ``--json``: ``args.output`` is the format and
    ``args.json`` says whether it is a document for scripts (JSON or YAML), which is what commands test."""
    from .problems import UsageError

    given = getattr(args, "output", None)
    if getattr(args, "json", False) and given not in (None, "json"):
        raise UsageError(f"--json is -o json: give one of --json and -o {given}")
    args.output = "json" if getattr(args, "json", False) else (given or "table")
    args.json = args.output != "table"
