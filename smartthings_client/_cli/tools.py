"""`scopes explain`, the served `emulator`, the `demo` and `api` (any call by method and path)."""

from __future__ import annotations

import argparse
import sys
import threading
from typing import Any

from .._defaults import BASE_URL_ENV, DEFAULT_BASE_URL, TOKEN_ENV
from .api import add_api_arguments, all_pages, error_note, print_answer, request_options, resolve, smartapp_only
from .output import print_json, print_table
from .session import Session, UsageError


def cmd_scopes_explain(args: argparse.Namespace) -> None:
    from ..scopes import OPERATIONS, rule_for

    if args.operation in (None, "all"):
        if args.json:
            print_json(args, {name: _rule_json(rule) for name, rule in OPERATIONS.items()})
        else:
            print_table(
                ["operation", "call", "needs", "token kinds"],
                [
                    [name, f"{rule.method} {rule.path}", rule.requirement_text(), _kinds(rule)]
                    for name, rule in OPERATIONS.items()
                ],
            )
        return
    rule = rule_for(args.operation)
    if args.json:
        print_json(args, _rule_json(rule))
    else:
        print(rule.explain())


def _kinds(rule: Any) -> str:
    # The short names (as in --json): the long labels would take a third of a narrow terminal.
    return ", ".join(sorted(kind.value for kind in rule.token_kinds))


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "operation": rule.name,
        "method": rule.method,
        "path": rule.path,
        "scopes": [list(alternative) for alternative in rule.scopes],
        "tokenKinds": sorted(kind.value for kind in rule.token_kinds),
        "needs": rule.requirement_text(),
    }


def serve_emulator(host: str, port: int) -> tuple[Any, Any, str]:
    """A seeded emulator whose clock follows real time, served on ``host:port``: (emulator, server, token)."""
    from ..testing import Emulator, FakeClock

    emulator = Emulator(clock=FakeClock(ticking=True))
    try:
        server = emulator.serve(host=host, port=port)
    except OSError as error:
        raise UsageError(
            f"cannot serve the emulator on {host}:{port}: {error.strerror or error} (is something else using the "
            "port? choose another with --port, or --port 0 for any free one)"
        ) from None
    return emulator, server, emulator.issue_pat()


def cmd_emulator(args: argparse.Namespace) -> None:

    _, server, token = serve_emulator(args.host, args.port)
    # The emulator's own token is printed on purpose: it is a throwaway for a local fake server.
    print(f"SmartThings emulator on {server.base_url}  (its clock follows real time; Ctrl-C to stop)")
    print(f"a personal access token with every scope (24 h): {token}")
    print(f"use it: export {BASE_URL_ENV}={server.base_url} {TOKEN_ENV}={token}")
    print(f"   or: curl -H 'Authorization: Bearer {token}' {server.base_url}/devices")
    print(f"webhook SmartApps check its signatures with: SmartApp(key_server={server.key_server_url!r}, ...)")
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()


def cmd_demo(args: argparse.Namespace) -> None:
    from ..demo import run_demo

    run_demo(verbose=args.verbose)


def cmd_api(args: argparse.Namespace) -> None:
    """Any call by method and path (see smartthings_client._cli.api)."""
    options = request_options(args)
    # Usage errors come before any token is looked up; with --emulator, a SmartApp-only call gets a SmartApp token.
    call = resolve(args, DEFAULT_BASE_URL, options)
    with Session(args, smartapp=bool(args.emulator) and smartapp_only(call)) as session:
        transport = session.client._transport
        call = resolve(args, transport.core.base_url, options)
        args.error_note = error_note(call)
        result = all_pages(transport, call) if args.paginate else transport.request(call.operation)
    print_answer(args, result)


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    scopes = groups.add_parser("scopes", help="what each operation needs").add_subparsers(dest="action", required=True)
    p = scopes.add_parser("explain", parents=[common], help="the scopes and token kinds an operation needs")
    p.add_argument("operation", nargs="?", help="e.g. subscriptions.create; omit to list every operation")
    p.set_defaults(func=cmd_scopes_explain)

    p = groups.add_parser("emulator", help="serve the offline SmartThings emulator over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8088)
    p.set_defaults(func=cmd_emulator)

    p = groups.add_parser("demo", help="a tour of the library against the offline emulator")
    p.add_argument("--verbose", action="store_true", help="also show the library's DEBUG log lines")
    p.set_defaults(func=cmd_demo)

    add_api_arguments(groups).set_defaults(func=cmd_api)
