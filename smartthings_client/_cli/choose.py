"""Interactive selection: when a command is given no id on a terminal, a numbered list to choose from.

Only when standard input and standard error are both terminals: a script (a pipe, a file, cron) never waits for
an answer, and gets the usage error it always got.  The list and the prompt go to standard error, so that the
command's output stays clean for a pipe (``devices get | jq`` still prompts on the terminal).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .problems import NotFound, UsageError

if TYPE_CHECKING:
    from ..client import SmartThings

# A wrong answer is asked again, this many times in all, then the command stops (a stuck key never loops).
ATTEMPTS = 3


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def choose(what: str, flag: str, options: Sequence[tuple[str, str]], *, why: str | None = None) -> str:
    """The id of one of ``options`` (``(id, name)`` pairs), picked by number on a terminal; elsewhere a usage
    error that says to pass ``flag``."""
    if not interactive():
        reason = why or f"no {what} given"
        raise UsageError(f"{reason}: pass {flag} (on a terminal, leave it out to choose from a list)")
    if not options:
        raise NotFound(f"there is no {what} to choose from")
    width = len(str(len(options)))
    print(f"Choose a {what}:", file=sys.stderr)
    for number, (ident, name) in enumerate(options, 1):
        print(f"  {number:>{width}}. {name}  ({ident})" if name else f"  {number:>{width}}. {ident}", file=sys.stderr)
    for _ in range(ATTEMPTS):
        print(f"{what} number (1-{len(options)}, Enter to cancel): ", end="", file=sys.stderr, flush=True)
        answer = sys.stdin.readline()
        if not answer.strip():
            raise UsageError(f"no {what} chosen")
        text = answer.strip()
        if text.isdigit() and 1 <= int(text) <= len(options):
            return options[int(text) - 1][0]
        print(f"{text!r} is not a number from 1 to {len(options)}", file=sys.stderr)
    raise UsageError(f"no {what} chosen after {ATTEMPTS} tries")


def device_id(args: argparse.Namespace, client: SmartThings, attribute: str = "device_id") -> str:
    """The command's DEVICE_ID, or one chosen from the token's devices."""
    given: str | None = getattr(args, attribute, None)
    if given:
        return given
    if not interactive():
        choose("device", "a DEVICE_ID", [])  # raises the usage error
    devices = list(client.devices.list())
    return choose("device", "a DEVICE_ID", [(d.device_id, d.display_name or "") for d in devices])
