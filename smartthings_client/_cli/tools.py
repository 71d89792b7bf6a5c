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


def serve_emulator(host: str, port: int, args: argparse.Namespace | None = None) -> tuple[Any, Any, str]:
    """A seeded emulator with its control API, served on ``host:port``: (emulator, server, token).

    ``args`` are the `emulator` command's options (clock, seed, token, rate limits, faults); without them, the
    defaults: a real-time clock, the seeded account and a random all-scopes PAT.  Every option is checked before the
    port is bound, so a bad one is a usage error with nothing left running.
    """
    from ..testing import Emulator, FakeClock
    from ..testing._control import ControlAPI
    from ..testing._control_settings import (
        ControlError,
        add_fault,
        parse_fault_spec,
        parse_rate_limit_spec,
        parse_time,
        set_rate_limits,
    )

    options = args if args is not None else argparse.Namespace()
    start = getattr(options, "start_time", None)
    clock = FakeClock(parse_time(start) if start else None, ticking=getattr(options, "clock", "real") == "real")
    emulator = Emulator(seed=not getattr(options, "empty", False), clock=clock)
    control = ControlAPI(emulator)
    token = control.issue_fixed_pat(
        getattr(options, "fixed_token", None),
        getattr(options, "scopes", None),
        getattr(options, "token_lifetime", 86400.0),
    )
    try:
        if getattr(options, "rate_limits", None):
            set_rate_limits(emulator, parse_rate_limit_spec(options.rate_limits))
        for spec in getattr(options, "fault", None) or ():
            add_fault(emulator, parse_fault_spec(spec))
    except ControlError as error:
        raise UsageError(error.message) from None
    try:
        server = control.serve(host=host, port=port)
    except OSError as error:
        raise UsageError(
            f"cannot serve the emulator on {host}:{port}: {error.strerror or error} (is something else using the "
            "port? choose another with --port, or --port 0 for any free one)"
        ) from None
    return emulator, server, token


def cmd_emulator(args: argparse.Namespace) -> None:
    emulator, server, token = serve_emulator(args.host, args.port, args)
    clock = "its clock follows real time" if emulator.clock.ticking else "its clock stands still (advance it below)"
    scopes = "every scope" if not args.scopes else " ".join(args.scopes)
    hours = args.token_lifetime / 3600
    control = f"{server.url}/_emulator"
    # The emulator's own token is printed on purpose: it is a throwaway for a local fake server.
    print(f"SmartThings emulator on {server.base_url}  ({clock}; Ctrl-C to stop)")
    print(f"a personal access token with {scopes} ({hours:g} h): {token}")
    print(f"use it: export {BASE_URL_ENV}={server.base_url} {TOKEN_ENV}={token}")
    print(f"   or: curl -H 'Authorization: Bearer {token}' {server.base_url}/devices")
    print(f"webhook SmartApps check its signatures with: SmartApp(key_server={server.key_server_url!r}, ...)")
    print(f"control API (faults, rate limits, clock, tokens, webhooks, devices; no token): {control}")
    print(f"   e.g. an SSE app token: curl -X POST {control}/tokens/sse")
    print(f"console (devices, SmartApp installs, the journal) in a browser: {server.url}/")
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

    p = groups.add_parser(
        "emulator",
        help="serve the offline SmartThings emulator over HTTP, with a control API for tests in any language",
        description="Serves the SmartThings API at http://HOST:PORT/v1 and its control API at "
        "http://HOST:PORT/_emulator (faults, rate limits, the clock, tokens of every kind, webhook lifecycles, "
        "device attributes, reset: see smartthings_client/testing/README.md). Prints the base URL, a token and a "
        "curl example.",
    )
    p.add_argument("--host", default="127.0.0.1", help="the address to listen on (default: 127.0.0.1, this machine)")
    p.add_argument("--port", type=int, default=8088, help="the port (default: 8088; 0 picks any free port)")
    p.add_argument(
        "--token",
        dest="fixed_token",  # not the global --token (a token to call the API with), which emulator does not take
        metavar="TOKEN",
        help="the personal access token to issue and print, so that scripts can hard-code it (default: random)",
    )
    p.add_argument("--scopes", nargs="+", metavar="SCOPE", help="the scopes of that token (default: every PAT scope)")
    p.add_argument(
        "--token-lifetime",
        type=float,
        default=24 * 3600.0,
        metavar="SECONDS",
        help="how long that token lives on the emulator's clock (default: 86400, like a real PAT)",
    )
    p.add_argument(
        "--clock",
        choices=["real", "manual"],
        default="real",
        help="real: the clock follows real time (default); manual: it stands still until advanced through the "
        "control API (POST /_emulator/clock/advance), so tests decide when tokens expire",
    )
    p.add_argument(
        "--start-time",
        metavar="TIME",
        help="the clock's start, ISO 8601 (2025-03-01T12:00:00Z) or epoch seconds (default: now)",
    )
    p.add_argument("--empty", action="store_true", help="start with no location or device (default: the seeded home)")
    p.add_argument(
        "--rate-limits",
        nargs="?",
        const="10/60",
        metavar="LIMIT/SECONDS[/token|device]",
        help="enforce rate limits: 429 with the real body and x-ratelimit-* headers beyond LIMIT requests per "
        "SECONDS, per token (default) or per device (default when given bare: 10/60)",
    )
    p.add_argument(
        "--fault",
        action="append",
        metavar="KIND[,key=value...]",
        help="inject a fault, e.g. server_error,count=3,path=/devices,status=502 (kinds: server_error, drop, slow, "
        "malformed_json, html_error, empty_body, rate_limit, unexpected_error; keys as in POST /_emulator/faults); "
        "repeatable",
    )
    p.set_defaults(func=cmd_emulator)

    p = groups.add_parser("demo", help="a tour of the library against the offline emulator")
    p.add_argument("--verbose", action="store_true", help="also show the library's DEBUG log lines")
    p.set_defaults(func=cmd_demo)

    add_api_arguments(groups).set_defaults(func=cmd_api)
