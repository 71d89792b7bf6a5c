"""``smartthings-client api METHOD PATH``: any API call, for what the other commands do not cover (like ``gh api``).

The call goes through the client like every command: the same token sources, retries, token refresh and typed
errors, and the path is matched to the declared operations, so a 403 names the operation and its scopes and a
token kind that can never make the call is refused before sending.  The answer is printed as JSON: indented by
default, one compact line with ``--json``; an empty answer prints nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any
from urllib.parse import urlsplit

import attrs

from . import errors
from ._api_call import METHODS, ApiCall, api_call
from ._paging import SyncPager
from .cli import Session, UsageError
from .scopes import TokenKind

__all__ = ["add_api_command"]

_EPILOG = """\
PATH is relative to the API base URL, with or without /v1 (/devices, v1/devices/DEVICE_ID/status); a query
in it is kept.  The answer is printed as JSON, indented (one compact line with --json); an empty answer prints
nothing.  With --paginate, the items of every page are printed as one {"items": [...]} object.

examples:
  smartthings-client api GET /devices --query capability=switch --paginate
  smartthings-client api POST /devices/DEVICE_ID/commands \
      --data '{"commands": [{"capability": "switch", "command": "on"}]}'
  smartthings-client api GET /drivers --header "X-ST-Organization: ORG_ID"
"""


def add_api_command(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        "api",
        parents=[common],
        help="make any API call (like `gh api`): METHOD PATH [--data JSON] [--query k=v] [--paginate]",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("method", metavar="METHOD", help=f"one of {', '.join(METHODS)} (any case)")
    p.add_argument("path", metavar="PATH", help="e.g. /devices or /v1/locations/LOCATION_ID/rooms")
    p.add_argument("--data", help="the JSON body; @FILE reads it from a file, @- from standard input")
    p.add_argument("--query", action="append", default=[], metavar="KEY=VALUE", help="a query parameter (repeatable)")
    p.add_argument(
        "--header", action="append", default=[], metavar="'NAME: VALUE'", help="an extra header, e.g. X-ST-Organization"
    )
    p.add_argument("--paginate", action="store_true", help="GET every page (following _links.next) as one list")
    p.set_defaults(func=cmd_api)


def _body(data: str | None) -> Any:
    if data is None:
        return None
    source = "--data"
    if data.startswith("@"):
        source = data[1:] or "-"
        try:
            if source == "-":
                data = sys.stdin.read()
            else:
                with open(source, encoding="utf-8") as file:
                    data = file.read()
        except OSError as error:
            raise UsageError(f"cannot read the body from {source}: {error.strerror or error}") from None
    try:
        return json.loads(data)
    except ValueError as error:
        raise UsageError(f"{source} is not JSON: {error}") from None


def _query(pairs: list[str]) -> list[tuple[str, str]]:
    query = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise UsageError(f"--query takes KEY=VALUE, got {pair!r}")
        query.append((key, value))
    return query


def _headers(lines: list[str]) -> dict[str, str]:
    headers = {}
    for line in lines:
        name, sep, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or not name or any(c.isspace() for c in name):
            raise UsageError(f"--header takes 'NAME: VALUE', got {line!r}")
        if name.lower() == "authorization":
            raise UsageError(
                "--header cannot set Authorization: the token comes from --token, $SMARTTHINGS_TOKEN or auth login"
            )
        headers[name] = value
    return headers


def _resolve(args: argparse.Namespace, base_path: str, request: dict[str, Any]) -> ApiCall:
    try:
        return api_call(args.method, args.path, base_path=base_path, **request)
    except errors.InvalidArgumentError as error:
        raise UsageError(str(error)) from None


def _smartapp_only(call: ApiCall) -> bool:
    rule = call.rule
    return rule is not None and not rule.accepts(TokenKind.PAT) and rule.accepts(TokenKind.SMARTAPP)


def _all_pages(transport: Any, call: ApiCall) -> Any:
    """The first answer and, when it is a page with a next link, the items of every page after it; links are
    followed with the client's pager, which refuses links to another origin and loops."""
    op = call.operation
    first = transport.request(op)
    items = first.get("items") if isinstance(first, dict) else None
    if not isinstance(items, list):
        return first  # not a page: printed as it is
    links = first.get("_links")
    following = links.get("next") if isinstance(links, dict) else None
    href = following.get("href") if isinstance(following, dict) else None
    if href:
        core = transport.core
        rest = attrs.evolve(core.next_page_op(op, href, core.url(op)), paged=True)
        for page in SyncPager(transport, rest).pages():
            items.extend(page.items)
    return {**{key: value for key, value in first.items() if key != "_links"}, "items": items}


def _note_for(args: argparse.Namespace, call: ApiCall) -> Any:
    def note(error: BaseException) -> str | None:
        if isinstance(error, errors.TokenKindError) and error.preflight and error.token_kind is TokenKind.PAT:
            return "the token was taken as a personal access token; for a SmartApp token add --installed-app-id"
        if isinstance(error, errors.APIStatusError):
            return call.unmatched_note() or None
        return None

    return note


def cmd_api(args: argparse.Namespace) -> None:
    if args.paginate and args.method.upper() != "GET":
        raise UsageError("--paginate follows next-page links of a GET; drop it for other methods")
    # Usage errors come before any token is looked up; with --emulator, a SmartApp-only call gets a SmartApp token.
    request = {"params": _query(args.query), "json": _body(args.data), "headers": _headers(args.header)}
    call = _resolve(args, "/v1", request)
    with Session(args, smartapp=bool(args.emulator) and _smartapp_only(call)) as session:
        transport = session.client._transport
        call = _resolve(args, urlsplit(transport.core.base_url).path, request)
        args.error_note = _note_for(args, call)
        result = _all_pages(transport, call) if args.paginate else transport.request(call.operation)
    if result is None:
        return
    if args.json:
        print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
