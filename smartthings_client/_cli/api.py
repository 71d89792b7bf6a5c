"""``smartthings-client api METHOD PATH``: any API call, for what the other commands do not cover (like ``gh api``).

Its arguments, request and output; ``tools.cmd_api`` runs it with the CLI's session.

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

from .. import errors
from .._api_call import METHODS, ApiCall, api_call
from .._paging import SyncPager
from ..errors import InvalidArgumentError
from ..scopes import TokenKind
from .options import API_OUTPUT_HELP, command_options
from .output import print_json

__all__ = [
    "add_api_arguments",
    "all_pages",
    "error_note",
    "print_answer",
    "request_options",
    "resolve",
    "smartapp_only",
]

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


def add_api_arguments(groups: Any) -> argparse.ArgumentParser:
    """The ``api`` command's parser (``tools`` gives it its function, which needs the CLI's session).

    Its global options are every command's, but for the help of ``--json``, which here chooses compact JSON over
    indented JSON: the answer is never a table."""
    p: argparse.ArgumentParser = groups.add_parser(
        "api",
        parents=[
            command_options(
                json_help="print the answer as one compact line of JSON (default: indented)",
                output_help=API_OUTPUT_HELP,
            )
        ],
        help="make any API call (like `gh api`): METHOD PATH [--data JSON] [--query k=v] [--paginate]",
        description=__doc__.split("\n\n", 2)[2] if __doc__ else None,
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("method", metavar="METHOD", help=f"one of {', '.join(METHODS)} (any case)")
    p.add_argument("path", metavar="PATH", help="e.g. /devices or /v1/locations/LOCATION_ID/rooms")
    p.add_argument(
        "--data", help="the JSON body; @FILE reads it from a file (YAML if it ends in .yaml or .yml), @- from stdin"
    )
    p.add_argument("--query", action="append", default=[], metavar="KEY=VALUE", help="a query parameter (repeatable)")
    p.add_argument(
        "--header", action="append", default=[], metavar="'NAME: VALUE'", help="an extra header, e.g. X-ST-Organization"
    )
    p.add_argument("--paginate", action="store_true", help="GET every page (following _links.next) as one list")
    return p


def _yaml_body(source: str, text: str) -> Any:
    from .output import yaml_module

    yaml = yaml_module()
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise InvalidArgumentError(f"{source} is not YAML: {' '.join(str(error).split())}") from None


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
            raise InvalidArgumentError(f"cannot read the body from {source}: {error.strerror or error}") from None
        if source.endswith((".yaml", ".yml")):  # a YAML request file, as smartthings-cli's --input takes
            return _yaml_body(source, data)
    try:
        return json.loads(data)
    except ValueError as error:
        raise InvalidArgumentError(f"{source} is not JSON: {error}") from None


def _query(pairs: list[str]) -> list[tuple[str, str]]:
    query = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidArgumentError(f"--query takes KEY=VALUE, got {pair!r}")
        query.append((key, value))
    return query


def _headers(lines: list[str]) -> dict[str, str]:
    headers = {}
    for line in lines:
        name, sep, value = line.partition(":")
        name, value = name.strip(), value.strip()
        if not sep or not name or any(c.isspace() for c in name):
            raise InvalidArgumentError(f"--header takes 'NAME: VALUE', got {line!r}")
        if name.lower() == "authorization":
            raise InvalidArgumentError(
                "--header cannot set Authorization: the token comes from --token, $SMARTTHINGS_TOKEN or auth login"
            )
        headers[name] = value
    return headers


def request_options(args: argparse.Namespace) -> dict[str, Any]:
    """The query, body and headers of the command line (read once: ``--data @-`` reads standard input)."""
    if args.paginate and args.method.upper() != "GET":
        raise InvalidArgumentError("--paginate follows next-page links of a GET; drop it for other methods")
    return {"params": _query(args.query), "json": _body(args.data), "headers": _headers(args.header)}


def resolve(args: argparse.Namespace, base_url: str, options: dict[str, Any]) -> ApiCall:
    """The call, its path taken relative to ``base_url`` (given with or without its path, ``/v1``)."""
    return api_call(args.method, args.path, base_path=urlsplit(base_url).path, **options)


def smartapp_only(call: ApiCall) -> bool:
    rule = call.rule
    return rule is not None and not rule.accepts(TokenKind.PAT) and rule.accepts(TokenKind.SMARTAPP)


def all_pages(transport: Any, call: ApiCall) -> Any:
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


def error_note(call: ApiCall) -> Any:
    """What to add to an error of ``call``: that it matched no operation, or how to send a SmartApp token."""

    def note(error: BaseException) -> str | None:
        if isinstance(error, errors.TokenKindError) and error.preflight and error.token_kind is TokenKind.PAT:
            return "the token was taken as a personal access token; for a SmartApp token add --installed-app-id"
        if isinstance(error, errors.APIStatusError):
            return call.unmatched_note() or None
        return None

    return note


def print_answer(args: argparse.Namespace, result: Any) -> None:
    """JSON, indented, or one compact line with ``--json``; an empty answer prints nothing."""
    if result is None:
        return
    if args.output == "yaml":
        print_json(args, result)
    elif args.json:
        print(json.dumps(result, ensure_ascii=False, separators=(",", ":")))
    else:
        print(json.dumps(result, ensure_ascii=False, indent=2))
