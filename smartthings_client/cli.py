"""The ``smartthings-client`` command line (also ``python -m smartthings_client``): scripted automation.

Human tables by default; ``-o json`` (``--json``) or ``-o yaml`` prints one document for scripts, and the commands
that print a stream (``history``, ``events watch``) also take ``--jsonl``, one JSON object per line.  The token comes
from ``--token``, ``SMARTTHINGS_TOKEN``, the profile (``--profile``, ``SMARTTHINGS_PROFILE``; see ``profiles path``)
or the token store that ``auth login`` fills (refreshed as it is used), and is never printed;
``--emulator`` runs any command against an in-process SmartThings emulator instead.  The global options go before
or after the command (after it wins).

Exit codes:
    0  success
    1  any other error (connection, server, bad response...)
    2  usage error
    3  authentication failed (401, no token, re-authorisation required)
    4  not allowed (403: missing scope or wrong kind of token)
    5  not found (404, or a scene name that names no scene)
    6  rate limited (429)
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from . import errors
from ._cli import (
    automations,
    capabilities,
    completion,
    devices,
    diagnostics,
    edge,
    events,
    export,
    history,
    presentation,
    profiles,
    smartapps,
    tokens,
    tools,
)
from ._cli.exit_codes import (
    EXIT_AUTH,
    EXIT_CODES,
    EXIT_ERROR,
    EXIT_FORBIDDEN,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_RATE_LIMITED,
    EXIT_USAGE,
)
from ._cli.options import add_top_level_options, command_options, misplaced_global_options, resolve_output
from ._cli.session import NotFound, UsageError
from ._version import __version__

# The commands live in smartthings_client._cli, one module per command group.  Each imports the client (and httpx
# under it) only in the commands that call the API, so `--help`, `scopes` and usage errors answer without it.

if TYPE_CHECKING:
    from .scopes import UnknownOperationError

__all__ = [
    "EXIT_AUTH",
    "EXIT_CODES",
    "EXIT_ERROR",
    "EXIT_FORBIDDEN",
    "EXIT_NOT_FOUND",
    "EXIT_OK",
    "EXIT_RATE_LIMITED",
    "EXIT_USAGE",
    "UsageError",
    "exit_code_for",
    "main",
]


def _token_kind_hint(args: argparse.Namespace, error: BaseException) -> str | None:
    """For a 403 on a SmartApp command whose --token was taken as a SmartApp token: the personal-access-token
    reading of the same failure, which is the usual one (a PAT can never call these operations)."""
    if not getattr(args, "token_taken_as_smartapp", False) or not isinstance(error, errors.ScopeError):
        return None
    from .scopes import OPERATIONS, TokenKind

    rule = OPERATIONS.get(error.operation or "")
    fix = rule.token_kind_fix(TokenKind.PAT) if rule is not None else ""
    if not fix:
        return None
    return (
        f"{error.operation} was refused (403) for the token given, which was taken as a SmartApp token. If it is a "
        f"personal access token, that is the cause: {fix}"
    )


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, (errors.AuthenticationError, errors.NoCredentialsError, errors.ReauthorizationRequired)):
        return EXIT_AUTH
    if isinstance(error, errors.ScopeError):
        return EXIT_FORBIDDEN
    if isinstance(error, (errors.NotFoundError, NotFound)):
        return EXIT_NOT_FOUND
    if isinstance(error, errors.RateLimitError):
        return EXIT_RATE_LIMITED
    if isinstance(error, (UsageError, ValueError, TypeError, _unknown_operation_error())):
        return EXIT_USAGE
    return EXIT_ERROR


def _unknown_operation_error() -> type[UnknownOperationError]:
    # The scope table loads only when a command needs it, so `--help` stays quick.
    from .scopes import UnknownOperationError

    return UnknownOperationError


def build_parser() -> argparse.ArgumentParser:
    common = command_options()

    parser = argparse.ArgumentParser(
        prog="smartthings-client",
        description="Scripted SmartThings automation.",
        epilog=__doc__.split("Exit codes:", 1)[1].join(["Exit codes:", ""]) if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_top_level_options(parser)
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    devices.add_commands(groups, common)
    capabilities.add_commands(groups, common)
    smartapps.add_commands(groups, common)
    automations.add_commands(groups, common)
    edge.add_commands(groups, common)
    tokens.add_commands(groups, common)
    events.add_commands(groups, common)
    tools.add_commands(groups, common)
    presentation.add_commands(groups, common)
    history.add_commands(groups, common)
    export.add_commands(groups, common)
    diagnostics.add_commands(groups, common)
    profiles.add_commands(groups, common)
    completion.add_commands(groups, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(export.join_command(sys.argv[1:] if argv is None else argv, parser))
    misplaced = misplaced_global_options(parser, args)
    if misplaced:
        parser.error(f"{', '.join(misplaced)} does not apply to the {args.group} command")
    args.parser = parser  # for the commands that read the command line's own shape (completion)
    try:
        resolve_output(args)
        args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (errors.SmartThingsError, UsageError, NotFound, ValueError, TypeError, _unknown_operation_error()) as error:
        hint = _token_kind_hint(args, error)
        if hint:
            print(f"error: {hint}", file=sys.stderr)
            print(f"  SmartThings' answer: {_one_line(error)}", file=sys.stderr)
        else:
            print(f"error: {_one_line(error)}", file=sys.stderr)
        note = getattr(args, "error_note", None)
        extra = note(error) if note is not None else None
        if extra:
            print(f"  note: {extra}", file=sys.stderr)
        return exit_code_for(error)
    return EXIT_OK


def _one_line(error: BaseException) -> str:
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
