"""`auth`: OAuth login on a headless machine, keeping stored tokens alive, listing them."""

from __future__ import annotations

import argparse
import os
from typing import Any

from .._defaults import configured_base_url, token_url_for
from .exit_codes import EXIT_AUTH, EXIT_ERROR
from .output import print_json, print_table, timestamp
from .session import UsageError, given_token, token_store


def cmd_auth_login(args: argparse.Namespace) -> None:
    import getpass

    from ..auth.oauth import login

    if args.json:
        raise UsageError("auth login is a conversation (a URL to open, an address to paste back): it has no --json")
    if args.emulator:
        _emulated_login(args)
        return
    if not args.client_id:
        raise UsageError("give --client-id (the OAuth client id of your API_ONLY app), or try it with --emulator")
    secret = args.client_secret or os.environ.get("SMARTTHINGS_CLIENT_SECRET")
    if not secret:
        secret = getpass.getpass("OAuth client secret (not shown): ")
    # The consent page and the token endpoint belong to the API being called: a served emulator's, with --base-url
    # or $SMARTTHINGS_BASE_URL (the hidden --authorize-url and --token-url still win).
    base_url = configured_base_url(args.base_url)
    options: dict[str, Any] = {
        "authorize_base_url": args.authorize_url or base_url,
        "token_url": args.token_url or token_url_for(base_url),
    }
    # input is looked up now (not bound at import) so that tests and wrappers can stand in for the keyboard.
    login(args.client_id, secret, args.redirect_uri, args.scope, store=token_store(args), prompt=input, **options)


def _emulated_login(args: argparse.Namespace) -> None:
    """The whole OAuth-In login against an in-process emulator: an API_ONLY app is registered there with the
    given redirect URI and scopes, its consent page is followed (the emulator consents at once), and the code is
    exchanged.  Tokens go to --token-dir when given, else to memory, so real stored tokens are never touched."""
    import httpx

    from ..auth.oauth import login
    from ..auth.stores import MemoryTokenStore
    from ..testing import Emulator

    if given_token(args) is not None:
        raise UsageError("--token has no use with auth login (it obtains a token)")
    emulator = Emulator()
    app = emulator.create_app(
        "cli-oauth-app", app_type="API_ONLY", whitelisted_scopes=args.scope, redirect_uris=[args.redirect_uri]
    )
    print(f"--emulator: an emulated API_ONLY app (client id {app.client_id}) stands in for yours")
    shown: list[str] = []

    def show(line: str) -> None:
        shown.append(line)
        print(line)

    def consent(question: str) -> str:
        url = next(line for line in shown if "/oauth/authorize?" in line)
        with httpx.Client(transport=emulator.transport) as http:
            location = str(http.get(url).headers.get("location", ""))
        print(f"{question}{location}  (--emulator: consent given by the emulator)")
        return location

    store = token_store(args) if args.token_dir else MemoryTokenStore()
    login(
        app.client_id,
        app.client_secret,
        args.redirect_uri,
        args.scope,
        store=store,
        prompt=consent,
        print_=show,
        transport=emulator.transport,
    )


def cmd_auth_keepalive(args: argparse.Namespace) -> None:
    from datetime import timedelta

    from ..auth.keepalive import keepalive

    report = keepalive(token_store(args), older_than=timedelta(days=args.older_than_days))
    if args.json:
        print_json(
            args,
            {
                "refreshed": list(report.refreshed),
                "fresh": list(report.fresh),
                "reauthorizationRequired": dict(report.reauthorization_required),
                "failed": dict(report.failed),
            },
        )
    else:
        print(report)
    if report.reauthorization_required:
        raise SystemExit(EXIT_AUTH)
    if report.failed:
        raise SystemExit(EXIT_ERROR)


def cmd_auth_list(args: argparse.Namespace) -> None:
    store = token_store(args)
    records = [(key, store.load(key)) for key in store.keys()]  # noqa: SIM118 - a token store, not a dict
    rows = [
        (key, r.installed_app_id, timestamp(r.expires_at), timestamp(r.updated_at), " ".join(r.scopes or ()))
        for key, r in records
        if r is not None
    ]
    if args.json:
        header = ["key", "installedAppId", "expiresAt", "updatedAt", "scopes"]
        print_json(args, [dict(zip(header, row, strict=True)) for row in rows])
    else:
        print_table(
            ["key", "installed app", "access token expires", "last refreshed", "scopes"], [list(r) for r in rows]
        )


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    auth = groups.add_parser("auth", help="OAuth login for scripts, and keeping stored tokens alive").add_subparsers(
        dest="action", required=True
    )
    p = auth.add_parser(
        "login",
        parents=[common],
        help="authorise an OAuth-In (API_ONLY) app on a headless machine and store its tokens",
        description="Prints the consent URL; paste back the address you were redirected to (or the code). The "
        "tokens are stored and from then on every command and script refreshes them by itself.",
    )
    p.add_argument("--client-id", help="your app's OAuth client id (not needed with --emulator)")
    p.add_argument("--client-secret", help="default: $SMARTTHINGS_CLIENT_SECRET, else asked without echo")
    p.add_argument("--redirect-uri", required=True, help="one of the app's registered redirect URIs")
    p.add_argument("--scope", action="append", required=True, help="a scope to request (repeatable)")
    p.add_argument("--token-url", help=argparse.SUPPRESS)
    p.add_argument("--authorize-url", help=argparse.SUPPRESS)
    p.set_defaults(func=cmd_auth_login)
    p = auth.add_parser(
        "keepalive",
        parents=[common],
        help="refresh stored tokens older than N days (for cron), so 30-day refresh tokens never lapse",
    )
    p.add_argument(
        "--older-than-days", type=float, default=14.0, help="refresh tokens saved more than N days ago (default 14)"
    )
    p.set_defaults(func=cmd_auth_keepalive)
    p = auth.add_parser("list", parents=[common], help="the stored tokens (never their values)")
    p.set_defaults(func=cmd_auth_list)
