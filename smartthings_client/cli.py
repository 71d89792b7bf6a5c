"""The ``smartthings-client`` command line (also ``python -m smartthings_client``): scripted automation.

Human tables by default, ``--json`` for scripts.  The token comes from ``--token``, ``SMARTTHINGS_TOKEN`` or the
token store that ``auth login`` fills (refreshed as it is used), and is never printed; ``--emulator`` runs any
command against an in-process SmartThings emulator instead.

Exit codes:
    0  success
    1  any other error (connection, server, bad response...)
    2  usage error
    3  authentication failed (401, no token, re-authorisation required)
    4  not allowed (403: missing scope or wrong kind of token)
    5  not found (404)
    6  rate limited (429)
"""

from __future__ import annotations

import _thread
import argparse
import itertools
import json
import os
import shutil
import signal
import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from . import errors
from ._cli_api import add_api_arguments, all_pages, error_note, print_answer, request_options, resolve, smartapp_only
from ._defaults import BASE_URL_ENV, DEFAULT_BASE_URL, TOKEN_ENV
from ._version import __version__

# The client (and httpx under it) is imported by the commands that call the API: `--help`, `scopes` and usage
# errors answer without loading it.
if TYPE_CHECKING:
    from .auth.credentials import Credential
    from .client import SmartThings
    from .scopes import UnknownOperationError

__all__ = ["EXIT_CODES", "main"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_FORBIDDEN = 4
EXIT_NOT_FOUND = 5
EXIT_RATE_LIMITED = 6
EXIT_CODES = {
    "ok": EXIT_OK,
    "error": EXIT_ERROR,
    "usage": EXIT_USAGE,
    "authentication": EXIT_AUTH,
    "forbidden": EXIT_FORBIDDEN,
    "not_found": EXIT_NOT_FOUND,
    "rate_limited": EXIT_RATE_LIMITED,
}


class UsageError(Exception):
    """A command line that cannot be carried out as given (exit code 2)."""


def _store(args: argparse.Namespace) -> Any:
    from .auth.stores import FileTokenStore

    return FileTokenStore(args.token_dir) if getattr(args, "token_dir", None) else FileTokenStore()


def _stored_credential(args: argparse.Namespace) -> Credential:
    """The token saved by `auth login` (refreshed and re-saved as it is used), when no token was given."""
    from .auth.refresh import RefreshableToken

    store = _store(args)
    keys = store.keys()
    key = args.installed_app_id
    if key is None and len(keys) == 1:
        key = keys[0]
    if key is None or key not in keys:
        where = f"in {store!r}" if keys else f"no stored token in {store!r}"
        raise errors.NoCredentialsError(
            f"no token: pass --token, set {TOKEN_ENV}, or run `smartthings-client auth login` once "
            f"({where}{'; choose one with --installed-app-id: ' + ', '.join(keys) if len(keys) > 1 else ''})"
        )
    return RefreshableToken.from_store(store, key)


def _given_token(args: argparse.Namespace) -> str | None:
    """The --token value; an empty or blank one is no token, which is an authentication failure (exit 3)."""
    token: str | None = getattr(args, "token", None)
    if token is None:
        return None
    if not token.strip():
        raise errors.NoCredentialsError(
            f"--token is empty: pass the token itself, set {TOKEN_ENV}, or run `smartthings-client auth login` once"
        )
    return token.strip()


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
    if isinstance(error, errors.NotFoundError):
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


# --- output ----------------------------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """A model as JSON-ready data (the converter, with its hooks, loads on first use)."""
    from .models.converter import encode as encode_model

    return encode_model(value)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_jsonable(item) for item in value]
    return encode(value)


def emit(
    args: argparse.Namespace, value: Any, rows: Callable[[], Iterable[Sequence[Any]]], header: Sequence[str]
) -> None:
    """Print ``value`` as JSON (``--json``) or as a table of ``rows``."""
    if args.json:
        print(json.dumps(_jsonable(value), indent=2, default=str, ensure_ascii=False))
        return
    print_table(header, rows())


def print_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a whole table at once (see :class:`Table` for one that streams)."""
    table = Table(header)
    table.add(rows)
    table.close()


class Table:
    """A table printed as its rows arrive (a page at a time), fitted to the terminal's width.

    Column widths come from the header and the first rows; when they do not fit, the widest columns are narrowed
    and long cells wrap onto more lines, so nothing is cut off.
    """

    def __init__(self, header: Sequence[str]) -> None:
        self.header = list(header)
        self.widths: list[int] | None = None
        self.printed = 0

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        cells = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
        if self.widths is None:
            if not cells:
                return  # wait for a page with rows, so the widths fit them
            self.widths = _fit(self.header, cells)
            self._print_row([h.upper() for h in self.header])
        for row in cells:
            self._print_row(row)
        self.printed += len(cells)
        sys.stdout.flush()

    def close(self) -> None:
        if self.widths is None:
            self.widths = _fit(self.header, [])
            self._print_row([h.upper() for h in self.header])
        if not self.printed:
            print("(none)")

    def _print_row(self, cells: Sequence[str]) -> None:
        assert self.widths is not None
        wrapped = [
            textwrap.wrap(cell, width, break_on_hyphens=False) or [""] if len(cell) > width else [cell]
            for cell, width in zip(cells, self.widths, strict=True)
        ]
        for line in range(max(len(lines) for lines in wrapped)):
            parts = [
                (lines[line] if line < len(lines) else "").ljust(width)
                for lines, width in zip(wrapped, self.widths, strict=True)
            ]
            print("  ".join(parts).rstrip())


_MIN_COLUMN = 10


def _fit(header: Sequence[str], cells: list[list[str]]) -> list[int]:
    """Column widths that fit the terminal: the widest columns are narrowed, first down to their longest word
    (so text wraps between words), then, if that is not enough, down to a minimum (breaking words).

    Output that goes to a pipe or a file keeps whole lines (for grep and friends) unless $COLUMNS is set.
    """
    columns = [[h, *(row[i] for row in cells)] for i, h in enumerate(header)]
    widths = [max(len(text) for text in column) for column in columns]
    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return widths
    available = shutil.get_terminal_size().columns - 2 * (len(header) - 1)
    longest_words = [max(len(word) for text in column for word in text.split() or [""]) for column in columns]
    for floors in (longest_words, [_MIN_COLUMN] * len(widths)):
        while sum(widths) > available:
            narrowable = [i for i in range(len(widths)) if widths[i] > floors[i]]
            if not narrowable:
                break
            widest = max(narrowable, key=widths.__getitem__)
            widths[widest] -= 1
    return widths


def emit_pages(
    args: argparse.Namespace, pager: Any, row: Callable[[Any], Sequence[Any]], header: Sequence[str]
) -> list[Any]:
    """Print a list call: with ``--json`` one JSON array at the end, else table rows as each page arrives."""
    if args.json:
        items = pager.to_list()
        print(json.dumps(_jsonable(items), indent=2, default=str, ensure_ascii=False))
        return list(items)
    table = Table(header)
    items = []
    for page in pager.pages():
        items.extend(page.items)
        table.add(row(item) for item in page.items)
    table.close()
    return items


# --- the client -------------------------------------------------------------------------------------------------


def make_client(credential: Credential, **options: Any) -> SmartThings:
    """The client a command calls the API with; imported here, so that ``--help`` never loads it."""
    from .client import SmartThings

    return SmartThings(credential, **options)


class Session:
    """What a command works with: a client, and (with --emulator) the emulator behind it."""

    def __init__(self, args: argparse.Namespace, *, smartapp: bool = False, sse: bool = False) -> None:
        from .auth.credentials import PersonalAccessToken, SmartAppToken

        self.emulator: Any = None
        given = _given_token(args)
        if args.emulator:
            if given is not None:
                raise UsageError(
                    "--emulator runs against an in-process emulator that issues its own token, so --token would "
                    "be ignored: drop --token, or drop --emulator to use the token (with --base-url for a served "
                    "emulator)"
                )
            from .testing import Emulator

            self.emulator = Emulator()
            if sse:  # the event stream needs the reserved sse scope: an account-linked app's token
                install = self.emulator.install_sse_app()
                credential: Credential = SmartAppToken(
                    install.auth_token,
                    installed_app_id=install.installed_app_id,
                    location_id=install.location_id,
                    scopes=install.payload["installData"]["installedApp"]["permissions"],
                )
            elif smartapp:
                app = self.emulator.create_app("cli-smartapp")
                install = self.emulator.install(app)
                credential = SmartAppToken(
                    install.auth_token,
                    installed_app_id=install.installed_app_id,
                    location_id=install.location_id,
                    scopes=install.payload["installData"]["installedApp"]["permissions"],
                )
            else:
                credential = PersonalAccessToken(self.emulator.issue_pat())
            self.client = make_client(credential, transport=self.emulator.transport)
            return
        token = given or os.environ.get(TOKEN_ENV, "").strip()
        if token:
            if smartapp or args.installed_app_id:
                credential = SmartAppToken(token, installed_app_id=args.installed_app_id)
                # A token does not say what kind it is: one given to a SmartApp command is taken as a SmartApp
                # token, and a 403 then also explains what happens if it was a personal access token.
                args.token_taken_as_smartapp = True
            else:
                credential = PersonalAccessToken(token)
        else:
            credential = _stored_credential(args)
        self.client = make_client(credential, base_url=args.base_url)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()


# --- commands ---------------------------------------------------------------------------------------------------


def cmd_devices_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        emit_pages(
            args,
            session.client.devices.list(
                capability=args.capability or None, location_id=args.location_id, device_id=args.device_id or None
            ),
            lambda d: (d.device_id, d.display_name, d.type, ",".join(d.capability_ids()[:6])),
            ["device id", "label", "type", "main capabilities"],
        )


def cmd_devices_get(args: argparse.Namespace) -> None:
    with Session(args) as session:
        device = session.client.devices.get(args.device_id)
        emit(
            args,
            device,
            lambda: (
                (c.id, c.label, ",".join(c.capability_ids), ",".join(cat.name for cat in c.categories))
                for c in device.components
            ),
            ["component", "label", "capabilities", "categories"],
        )


def cmd_devices_status(args: argparse.Namespace) -> None:
    from .models import DeviceStatus

    with Session(args) as session:
        status = session.client.devices.status(args.device_id)
        if args.capability:  # the same selection for the table and for --json
            wanted = set(args.capability)
            status = DeviceStatus(
                components={
                    component: {name: attrs for name, attrs in capabilities.items() if name in wanted}
                    for component, capabilities in status.components.items()
                }
            )

        def rows() -> Iterable[Sequence[Any]]:
            for component, capabilities in status.components.items():
                for capability, attributes in capabilities.items():
                    for attribute, state in attributes.items():
                        value = json.dumps(state.value) if not isinstance(state.value, str) else state.value
                        yield component, capability, attribute, value, state.unit or ""

        emit(args, status, rows, ["component", "capability", "attribute", "value", "unit"])


def _argument(text: str) -> Any:
    """Command arguments on the command line: JSON where it parses (50, true, {"hue": 1}), else a string."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def cmd_devices_command(args: argparse.Namespace) -> None:
    from .models import Command

    with Session(args) as session:
        command = Command(
            capability=args.capability,
            command=args.command,
            arguments=[_argument(a) for a in args.arguments],
            component=args.component,
        )
        results = session.client.devices.execute(args.device_id, [command])
        emit(args, results, lambda: ((r.id, r.status) for r in results), ["command id", "status"])


def cmd_locations_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        emit_pages(
            args, session.client.locations.list(), lambda loc: (loc.location_id, loc.name), ["location id", "name"]
        )


def cmd_rooms_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or _only_location(session.client)
        emit_pages(
            args, session.client.locations.rooms.list(location_id), lambda r: (r.room_id, r.name), ["room id", "name"]
        )


def _only_location(client: SmartThings) -> str:
    locations = list(client.locations.list())
    if len(locations) != 1:
        raise UsageError(f"the token sees {len(locations)} locations: pass --location-id")
    return locations[0].location_id


def cmd_capabilities_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        capabilities = session.client.capabilities
        found = list(capabilities.list_in_namespace(args.namespace) if args.namespace else capabilities.list_standard())
        emit(
            args, found, lambda: ((c.id, c.version, c.status or "") for c in found), ["capability", "version", "status"]
        )


def cmd_capabilities_show(args: argparse.Namespace) -> None:
    with Session(args) as session:
        capability = session.client.capabilities.get(args.capability_id, args.capability_version)

        def rows() -> Iterable[Sequence[Any]]:
            for name, attribute in capability.attributes.items():
                yield "attribute", name, attribute.describe(), f"set by {attribute.setter}" if attribute.setter else ""
            for name, command in capability.commands.items():
                arguments = ", ".join(argument.describe() for argument in command.arguments) or "(no arguments)"
                yield "command", name, arguments, "sensitive" if command.sensitive else ""

        if not args.json:
            print(
                f"{capability.id} version {capability.version} ({capability.status or 'no status'}): {capability.name}"
            )
        emit(args, capability, rows, ["kind", "name", "holds / takes", "notes"])


def cmd_subscriptions_list(args: argparse.Namespace) -> None:
    with Session(args, smartapp=True) as session:
        emit_pages(
            args,
            session.client.subscriptions.list(),
            lambda s: (s.id, s.source_type, s.subscription_name, _subscription_target(s)),
            ["subscription id", "type", "name", "target"],
        )


def _subscription_target(subscription: Any) -> str:
    detail = subscription.detail
    if detail is None:
        return ""
    for field in ("device_id", "capability", "location_id"):
        value = getattr(detail, field, None)
        if value:
            return f"{field}={value}"
    return ""


def cmd_subscriptions_create(args: argparse.Namespace) -> None:
    from .models.subscriptions import CapabilitySubscription, DeviceSubscription, ModeSubscription

    with Session(args, smartapp=True) as session:
        client = session.client
        request: Any
        if args.source == "device":
            request = DeviceSubscription(
                device_id=args.target,
                component_id=args.component,
                capability=args.capability,
                attribute=args.attribute,
                subscription_name=args.name,
            )
        elif args.source == "capability":
            request = CapabilitySubscription(
                location_id=args.location_id or _only_location(client),
                capability=args.target,
                attribute=args.attribute,
                subscription_name=args.name,
            )
        else:
            request = ModeSubscription(location_id=args.target or _only_location(client), subscription_name=args.name)
        created = client.subscriptions.create(request)
        emit(
            args,
            created,
            lambda: [(created.id, created.source_type, created.subscription_name)],
            ["subscription id", "type", "name"],
        )


def cmd_subscriptions_delete(args: argparse.Namespace) -> None:
    with Session(args, smartapp=True) as session:
        if args.all:
            count = session.client.subscriptions.delete_all(device_id=args.device_id)
        elif args.subscription_id:
            count = session.client.subscriptions.delete(args.subscription_id)
        else:
            raise UsageError("give a SUBSCRIPTION_ID or --all")
        emit(args, {"deleted": count}, lambda: [(count,)], ["deleted"])


def cmd_schedules_list(args: argparse.Namespace) -> None:
    with Session(args, smartapp=True) as session:
        emit_pages(
            args,
            session.client.schedules.list(),
            lambda s: (
                s.name,
                s.cron.expression if s.cron else "once",
                s.cron.timezone if s.cron else "",
                s.scheduled_executions[0] if s.scheduled_executions else "",
            ),
            ["name", "cron", "time zone", "next run (epoch ms)"],
        )


def cmd_schedules_create(args: argparse.Namespace) -> None:
    from datetime import datetime

    with Session(args, smartapp=True) as session:
        schedules = session.client.schedules
        if args.cron:
            created = schedules.create_cron(args.name, args.cron, args.timezone)
        elif args.once:
            when: int | datetime = int(args.once) if args.once.isdigit() else datetime.fromisoformat(args.once)
            created = schedules.create_once(args.name, when, overwrite=args.overwrite)
        else:
            raise UsageError("give --cron EXPRESSION (with --timezone) or --once TIME")
        emit(
            args,
            created,
            lambda: [(created.name, created.cron.expression if created.cron else "once")],
            ["name", "cron"],
        )


def cmd_schedules_delete(args: argparse.Namespace) -> None:
    with Session(args, smartapp=True) as session:
        if args.all:
            session.client.schedules.delete_all()
        elif args.name:
            session.client.schedules.delete(args.name)
        else:
            raise UsageError("give a schedule NAME or --all")
        emit(args, {"deleted": args.name or "all"}, lambda: [(args.name or "all",)], ["deleted"])


# --- scenes and rules -------------------------------------------------------------------------------------------


def _when(value: Any) -> str:
    return value.isoformat(timespec="seconds") if value is not None else "never"


def cmd_scenes_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        scenes = list(session.client.scenes.list(args.location_id))
        emit(
            args,
            scenes,
            lambda: ((s.scene_id, s.scene_name, _when(s.last_executed_date)) for s in scenes),
            ["scene id", "name", "last run"],
        )


def cmd_scenes_run(args: argparse.Namespace) -> None:
    """Run a scene given by id or by name ("Good Night", any case)."""
    with Session(args) as session:
        scene_id = args.scene
        wanted = args.scene.casefold()
        scenes = list(session.client.scenes.list(args.location_id))
        named = [s for s in scenes if (s.scene_name or "").casefold() == wanted]
        if len(named) > 1:
            raise UsageError(f"{len(named)} scenes are named {args.scene!r}: give the scene id")
        if named:
            scene_id = named[0].scene_id
        elif all(s.scene_id != scene_id for s in scenes):
            known = ", ".join(repr(s.scene_name) for s in scenes) or "none"
            raise UsageError(f"no scene {args.scene!r} (scenes: {known})")
        result = session.client.scenes.execute(scene_id, args.location_id)
        emit(args, result, lambda: [(scene_id, result.status)], ["scene id", "status"])


def _action_summary(action: Any) -> tuple[str, str]:
    from .models import rules

    if isinstance(action, rules.CommandAction):
        commands = ", ".join(f"{c.capability}.{c.command}" for c in action.commands)
        return "command", f"{commands} on {len(action.devices)} device(s)"
    if isinstance(action, rules.IfAction):
        kind = type(action.condition).__name__
        return "if", f"{kind}; then {len(action.then or ())} action(s), else {len(action.else_ or ())}"
    if isinstance(action, rules.EveryAction):
        return "every", f"{len(action.actions)} action(s)"
    if isinstance(action, rules.SleepAction):
        return "sleep", f"{_jsonable(action.duration)}"
    if isinstance(action, rules.LocationAction):
        return "location", f"mode {action.mode}"
    return "other", json.dumps(_jsonable(action))[:60]


def cmd_rules_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or _only_location(session.client)
        found = list(session.client.rules.list(location_id))
        emit(
            args,
            found,
            lambda: ((r.id, r.name, r.status or "", len(r.actions)) for r in found),
            ["rule id", "name", "status", "actions"],
        )


def cmd_rules_get(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or _only_location(session.client)
        rule = session.client.rules.get(args.rule_id, location_id)
        emit(args, rule, lambda: (_action_summary(a) for a in rule.actions), ["action", "summary"])


def cmd_rules_run(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or _only_location(session.client)
        execution = session.client.rules.execute(args.rule_id, location_id)

        def rows() -> Iterable[Sequence[Any]]:
            yield "rule", execution.result
            for action in execution.actions:
                if action.if_ is not None:
                    yield "if", action.if_.result
                for command in action.command:
                    yield f"command {command.device_id}", command.result
                if action.location is not None:
                    yield "location", action.location.result
                if action.sleep is not None:
                    yield "sleep", action.sleep.result

        emit(args, execution, rows, ["step", "result"])


# --- history and virtual devices --------------------------------------------------------------------------------


def _history_target(client: SmartThings, target: str) -> tuple[str, str | None]:
    """``(location_id, device_id)`` for an id that names a location or a device (looked up in that order: a token
    that may not read locations still finds its devices)."""
    try:
        return client.locations.get(target).location_id, None
    except (errors.NotFoundError, errors.ScopeError):
        device = client.devices.get(target)
    if not device.location_id:
        raise UsageError(f"device {target} has no location to read history from")
    return device.location_id, device.device_id


def cmd_history(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    with Session(args) as session:
        location_id, device_id = _history_target(session.client, args.target)
        pager = session.client.history.devices(
            location_id,
            device_id=device_id,
            oldest_first=args.oldest_first or None,
            page_size=min(args.limit, 300),
        )
        events = list(itertools.islice(pager, args.limit))
        if args.json:
            for event in events:  # one JSON object per line, for streaming tools (jq -c, grep)
                print(json.dumps(encode(event), default=str, ensure_ascii=False))
            return
        print_table(
            ["time", "device", "component", "capability", "attribute", "value", "unit"],
            [
                [
                    e.time.isoformat() if e.time else e.epoch,
                    e.device_name or e.device_id,
                    e.component,
                    e.capability,
                    e.attribute,
                    e.value if isinstance(e.value, str) else json.dumps(e.value),
                    e.unit or "",
                ]
                for e in events
            ],
        )


def _virtual_rows(devices: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for device in devices:
        info = device.virtual
        where = "local" if info is not None and info.executing_locally else "cloud"
        yield device.device_id, device.display_name, where, ",".join(device.capability_ids()[:6])


def cmd_virtual_devices_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        devices = list(session.client.virtual_devices.list(location_id=args.location_id))
        emit(args, devices, lambda: _virtual_rows(devices), ["device id", "label", "runs", "main capabilities"])


def cmd_virtual_devices_create(args: argparse.Namespace) -> None:
    if (args.prototype is None) == (args.profile_id is None):
        raise UsageError("give either --prototype (e.g. VIRTUAL_SWITCH) or --profile-id")
    with Session(args) as session:
        client = session.client
        location_id = args.location_id or _only_location(client)
        placement = {"room_id": args.room_id, "execution_target": "LOCAL" if args.hub_id else None}
        if args.prototype is not None:
            device = client.virtual_devices.create_standard(
                args.name, args.prototype, location_id, hub_id=args.hub_id, **placement
            )
        else:
            device = client.virtual_devices.create(
                args.name, location_id=location_id, device_profile_id=args.profile_id, hub_id=args.hub_id, **placement
            )
        emit(args, device, lambda: _virtual_rows([device]), ["device id", "label", "runs", "main capabilities"])


def _add_history_and_virtual_devices(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        "history", parents=[common], help="recent events of a device or of a whole location, newest first"
    )
    p.add_argument("target", metavar="DEVICE_OR_LOCATION", help="a device id or a location id")
    p.add_argument("--limit", type=int, default=20, help="how many events (default 20)")
    p.add_argument("--oldest-first", action="store_true", help="oldest events first")
    p.set_defaults(func=cmd_history)

    virtual = groups.add_parser("virtual-devices", help="devices that exist only in SmartThings").add_subparsers(
        dest="action", required=True
    )
    p = virtual.add_parser("list", parents=[common], help="list virtual devices")
    p.add_argument("--location-id")
    p.set_defaults(func=cmd_virtual_devices_list)
    p = virtual.add_parser("create", parents=[common], help="create a virtual device of a prototype or a profile")
    p.add_argument("name")
    p.add_argument("--prototype", help="VIRTUAL_SWITCH, VIRTUAL_DIMMER_SWITCH, VIRTUAL_CONTACT_SENSOR, ...")
    p.add_argument("--profile-id", help="a device profile of your account, instead of --prototype")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.add_argument("--room-id")
    p.add_argument("--hub-id", help="run on this hub (locally) instead of in the cloud")
    p.set_defaults(func=cmd_virtual_devices_create)


# --- Edge: drivers, channels, hubs ------------------------------------------------------------------------------


def cmd_drivers_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        drivers = session.client.drivers
        found = list(drivers.list_default() if args.default else drivers.list())
        emit(
            args,
            found,
            lambda: ((d.driver_id, d.name, d.version, d.package_key) for d in found),
            ["driver id", "name", "version", "package key"],
        )


def cmd_drivers_show(args: argparse.Namespace) -> None:
    with Session(args) as session:
        drivers = session.client.drivers
        driver = drivers.get_revision(args.driver_id, args.version) if args.version else drivers.get(args.driver_id)

        def rows() -> Iterable[Sequence[Any]]:
            yield "driver id", driver.driver_id
            yield "name", driver.name
            yield "version", driver.version
            yield "package key", driver.package_key
            yield "permissions", ",".join(p.name for p in driver.permissions)
            for fingerprint in driver.fingerprints:
                yield "fingerprint", f"{fingerprint.id} ({fingerprint.type}) {fingerprint.device_label or ''}".strip()

        emit(args, driver, rows, ["field", "value"])


def cmd_channels_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        channels = list(
            session.client.channels.list(subscriber_id=args.hub, include_read_only=args.include_read_only or None)
        )
        emit(
            args,
            channels,
            lambda: ((c.channel_id, c.name, c.type, c.last_modified_date) for c in channels),
            ["channel id", "name", "type", "last modified"],
        )


def cmd_channels_show(args: argparse.Namespace) -> None:
    with Session(args) as session:
        channel = session.client.channels.get(args.channel_id)
        assigned = list(session.client.channels.list_assigned_drivers(args.channel_id))
        if args.json:
            print(json.dumps({**encode(channel), "drivers": _jsonable(assigned)}, indent=2, ensure_ascii=False))
            return
        print(f"{channel.name} ({channel.channel_id}): {channel.description or ''}".rstrip(": "))
        print_table(["driver id", "version", "assigned"], [[d.driver_id, d.version, d.created_date] for d in assigned])


def cmd_channels_assign(args: argparse.Namespace) -> None:
    with Session(args) as session:
        client = session.client
        version = args.version or client.drivers.get(args.driver_id).version
        if not version:
            raise UsageError(f"driver {args.driver_id} has no version: pass --version")
        details = client.channels.assign_driver(args.channel_id, args.driver_id, version)
        emit(
            args,
            details,
            lambda: [(details.channel_id, details.driver_id, details.version)],
            ["channel id", "driver id", "version"],
        )


def cmd_hubs_drivers(args: argparse.Namespace) -> None:
    with Session(args) as session:
        installed = session.client.hub_devices.installed_drivers(args.hub_id, device_id=args.device_id)
        emit(
            args,
            installed,
            lambda: ((d.driver_id, d.name, d.version, d.channel_id) for d in installed),
            ["driver id", "name", "version", "channel id"],
        )


def cmd_auth_login(args: argparse.Namespace) -> None:
    import getpass

    from .auth.oauth import login

    if args.emulator:
        _emulated_login(args)
        return
    if not args.client_id:
        raise UsageError("give --client-id (the OAuth client id of your API_ONLY app), or try it with --emulator")
    secret = args.client_secret or os.environ.get("SMARTTHINGS_CLIENT_SECRET")
    if not secret:
        secret = getpass.getpass("OAuth client secret (not shown): ")
    options: dict[str, Any] = {}
    if args.token_url:
        options["token_url"] = args.token_url
    if args.authorize_url:
        options["authorize_base_url"] = args.authorize_url
    # input is looked up now (not bound at import) so that tests and wrappers can stand in for the keyboard.
    login(args.client_id, secret, args.redirect_uri, args.scope, store=_store(args), prompt=input, **options)


def _emulated_login(args: argparse.Namespace) -> None:
    """The whole OAuth-In login against an in-process emulator: an API_ONLY app is registered there with the
    given redirect URI and scopes, its consent page is followed (the emulator consents at once), and the code is
    exchanged.  Tokens go to --token-dir when given, else to memory, so real stored tokens are never touched."""
    import httpx

    from .auth.oauth import login
    from .auth.stores import MemoryTokenStore
    from .testing import Emulator

    if _given_token(args) is not None:
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

    store = _store(args) if args.token_dir else MemoryTokenStore()
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

    from .auth.keepalive import keepalive

    report = keepalive(_store(args), older_than=timedelta(days=args.older_than_days))
    if args.json:
        print(
            json.dumps(
                {
                    "refreshed": list(report.refreshed),
                    "fresh": list(report.fresh),
                    "reauthorizationRequired": dict(report.reauthorization_required),
                    "failed": dict(report.failed),
                },
                indent=2,
            )
        )
    else:
        print(report)
    if report.reauthorization_required:
        raise SystemExit(EXIT_AUTH)
    if report.failed:
        raise SystemExit(EXIT_ERROR)


def cmd_auth_list(args: argparse.Namespace) -> None:
    store = _store(args)
    records = [(key, store.load(key)) for key in store.keys()]  # noqa: SIM118 - a token store, not a dict
    rows = [
        (key, r.installed_app_id, r.expires_at.isoformat(), r.updated_at.isoformat(), " ".join(r.scopes or ()))
        for key, r in records
        if r is not None
    ]
    if args.json:
        header = ["key", "installedAppId", "expiresAt", "updatedAt", "scopes"]
        print(json.dumps([dict(zip(header, row, strict=True)) for row in rows], indent=2))
    else:
        print_table(
            ["key", "installed app", "access token expires", "last refreshed", "scopes"], [list(r) for r in rows]
        )


# --- events ------------------------------------------------------------------------------------------------------


def cmd_events_watch(args: argparse.Namespace) -> None:
    """Print events as they arrive, until Ctrl-C, ``--max-events`` or ``--timeout``."""
    if args.max_events is not None and args.max_events < 1:
        raise UsageError("--max-events must be at least 1")
    from .resources.events import DEFAULT_EVENT_TYPES

    with Session(args, sse=True) as session:
        client = session.client
        locations = args.location or _watched_locations(client)
        if session.emulator is not None:
            _simulate_activity(session.emulator)
        deadline = _Deadline(args.timeout)
        seen = 0
        try:
            for event in client.events.watch(
                locations, event_types=args.event_type or DEFAULT_EVENT_TYPES, include_control=args.control
            ):
                print(json.dumps(_jsonable(event), default=str) if args.json else _event_line(event), flush=True)
                seen += 1
                if args.max_events is not None and seen >= args.max_events:
                    break
            deadline.cancel()
        except KeyboardInterrupt:
            if not deadline.cancel():
                raise


def _watched_locations(client: SmartThings) -> list[str]:
    own = getattr(client.credential, "location_id", None)
    if own:
        return [own]
    locations = [location.location_id for location in client.locations.list()]
    if not locations:
        raise UsageError("the token sees no location: pass --location")
    return locations


def _event_line(event: Any) -> str:
    from .models.events import ControlEvent, DeviceEvent, DeviceHealthEvent, DeviceLifecycleEvent

    when = event.event_time.isoformat(timespec="seconds") if event.event_time else "-"
    if isinstance(event, DeviceEvent):
        what = f"{event.device_id} {event.component_id}.{event.capability}.{event.attribute} = {event.value!r}"
    elif isinstance(event, DeviceHealthEvent):
        what = f"{event.device_id} {event.status}"
    elif isinstance(event, DeviceLifecycleEvent):
        what = f"{event.device_id} {event.lifecycle} {event.device_name or ''}".rstrip()
    elif isinstance(event, ControlEvent):
        what = event.message
    else:
        what = getattr(event, "location_id", None) or ""
    return f"{when}  {event.event_type}  {what}".rstrip()


class _Deadline:
    """``--timeout``: interrupt the watch like Ctrl-C would (a real SIGINT, so a blocking read wakes up)."""

    def __init__(self, seconds: float | None) -> None:
        self._lock = threading.Lock()
        self._fired = False
        self._timer: threading.Timer | None = None
        if seconds is not None:
            if seconds <= 0:
                raise UsageError("--timeout must be positive")
            self._target = threading.get_ident()
            self._timer = threading.Timer(seconds, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            if self._timer is None:
                return
            self._fired = True
            if hasattr(signal, "pthread_kill") and self._target == threading.main_thread().ident:
                signal.pthread_kill(self._target, signal.SIGINT)
            else:
                _thread.interrupt_main()

    def cancel(self) -> bool:
        """Stop the timer; whether it had already fired."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            return self._fired


def _simulate_activity(emulator: Any) -> None:
    """With --emulator nothing happens in the house: flip the seeded light now and then, so there is something
    to watch."""
    light = emulator.find_devices(["switch"])[0]
    print(f"emulator: switching {light} on and off every 0.2 s", file=sys.stderr)

    def flip() -> None:
        value = "on"
        while True:
            time.sleep(0.2)
            emulator.set_attribute(light, "switch", "switch", value)
            value = "off" if value == "on" else "on"

    threading.Thread(target=flip, name="emulator-activity", daemon=True).start()


def cmd_scopes_explain(args: argparse.Namespace) -> None:
    from .scopes import OPERATIONS, rule_for

    if args.operation in (None, "all"):
        if args.json:
            print(json.dumps({name: _rule_json(rule) for name, rule in OPERATIONS.items()}, indent=2))
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
        print(json.dumps(_rule_json(rule), indent=2))
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
    from .testing import Emulator, FakeClock

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
    import threading

    _, server, token = serve_emulator(args.host, args.port)
    # The emulator's own token is printed on purpose: it is a throwaway for a local fake server.
    print(f"SmartThings emulator on {server.base_url}  (its clock follows real time; Ctrl-C to stop)")
    print(f"a personal access token with every scope (24 h): {token}")
    print(f"use it: export {BASE_URL_ENV}={server.base_url} {TOKEN_ENV}={token}")
    print(f"   or: curl -H 'Authorization: Bearer {token}' {server.base_url}/devices")
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("stopped")
    finally:
        server.shutdown()


def cmd_demo(args: argparse.Namespace) -> None:
    from .demo import run_demo

    run_demo(verbose=args.verbose)


def cmd_api(args: argparse.Namespace) -> None:
    """Any call by method and path (see smartthings_client._cli_api)."""
    options = request_options(args)
    # Usage errors come before any token is looked up; with --emulator, a SmartApp-only call gets a SmartApp token.
    call = resolve(args, DEFAULT_BASE_URL, options)
    with Session(args, smartapp=bool(args.emulator) and smartapp_only(call)) as session:
        transport = session.client._transport
        call = resolve(args, transport.core.base_url, options)
        args.error_note = error_note(call)
        result = all_pages(transport, call) if args.paginate else transport.request(call.operation)
    print_answer(args, result)


# --- the parser -------------------------------------------------------------------------------------------------


# --- presentation and device preferences -------------------------------------------------------------------------


def cmd_presentation_show(args: argparse.Namespace) -> None:
    if (args.device_id is None) == (args.presentation_id is None):
        raise UsageError("give a DEVICE id or --presentation-id (not both)")
    if args.manufacturer is not None and args.presentation_id is None:
        raise UsageError("--manufacturer goes with --presentation-id")
    with Session(args) as session:
        presentation = session.client.presentation
        if args.device_id is not None:
            shown = presentation.for_device(args.device_id)
        else:
            shown = presentation.get(args.presentation_id, args.manufacturer)

        def rows() -> Iterable[Sequence[Any]]:
            dashboard, automation = shown.dashboard, shown.automation
            views = [
                ("dashboard state", dashboard.states if dashboard else ()),
                ("dashboard action", dashboard.actions if dashboard else ()),
                ("detail view", shown.detail_view),
                ("automation condition", automation.conditions if automation else ()),
                ("automation action", automation.actions if automation else ()),
            ]
            for view, entries in views:
                for entry in entries:
                    yield view, entry.component, entry.capability, entry.label or "", entry.display_type or ""

        if not args.json:
            print(f"presentation {shown.id} of {shown.manufacturer}")
        emit(args, shown, rows, ["view", "component", "capability", "label", "display type"])


def _preference_default(preference: Any) -> str:
    definition = getattr(preference, "definition", None)
    default = definition.get("default") if isinstance(definition, dict) else getattr(definition, "default", None)
    return "" if default is None else json.dumps(default) if not isinstance(default, str) else default


def cmd_preferences_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        preferences = list(session.client.device_preferences.list(namespace=args.namespace))
        emit(
            args,
            preferences,
            lambda: ((p.preference_id, p.preference_type, p.title, _preference_default(p)) for p in preferences),
            ["preference id", "type", "title", "default"],
        )


def _add_presentation_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    presentation = groups.add_parser("presentation", help="how the SmartThings app shows a device").add_subparsers(
        dest="action", required=True
    )
    p = presentation.add_parser(
        "show", parents=[common], help="a device's presentation, or one by --presentation-id [--manufacturer]"
    )
    p.add_argument("device_id", nargs="?", metavar="DEVICE", help="the device whose presentation to show")
    p.add_argument("--presentation-id", help="a presentation id (a device profile's vid) instead of a device")
    p.add_argument("--manufacturer", help="with --presentation-id: the manufacturer name (mnmn)")
    p.set_defaults(func=cmd_presentation_show)

    preferences = groups.add_parser("preferences", help="device preference definitions").add_subparsers(
        dest="action", required=True
    )
    p = preferences.add_parser("list", parents=[common], help="the account's device preference definitions")
    p.add_argument("--namespace", help="only the preferences of this namespace")
    p.set_defaults(func=cmd_preferences_list)


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--token", help=f"a personal access token (default: ${TOKEN_ENV}); never printed")
    common.add_argument("--installed-app-id", help="treat --token as this installed app's SmartApp token")
    common.add_argument(
        "--base-url",
        help=f"the API to call (default: ${BASE_URL_ENV}, else https://api.smartthings.com/v1), e.g. a served "
        "emulator's http://127.0.0.1:8088/v1",
    )
    common.add_argument("--json", action="store_true", help="print JSON for scripts instead of a table")
    common.add_argument("--emulator", action="store_true", help="run against an in-process offline emulator")
    common.add_argument(
        "--token-dir", help="where `auth login` keeps tokens (default: $SMARTTHINGS_TOKEN_DIR or ~/.config)"
    )

    parser = argparse.ArgumentParser(
        prog="smartthings-client",
        description="Scripted SmartThings automation.",
        epilog=__doc__.split("Exit codes:", 1)[1].join(["Exit codes:", ""]) if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    groups = parser.add_subparsers(dest="group", required=True, metavar="COMMAND")

    devices = groups.add_parser("devices", help="list, read and control devices").add_subparsers(
        dest="action", required=True
    )
    p = devices.add_parser("list", parents=[common], help="list devices")
    p.add_argument("--capability", action="append", help="only devices with this capability (repeatable)")
    p.add_argument("--location-id")
    p.add_argument("--device-id", action="append")
    p.set_defaults(func=cmd_devices_list)
    p = devices.add_parser("get", parents=[common], help="one device and its components")
    p.add_argument("device_id")
    p.set_defaults(func=cmd_devices_get)
    p = devices.add_parser("status", parents=[common], help="a device's attribute values")
    p.add_argument("device_id")
    p.add_argument("--capability", action="append", help="only this capability (repeatable)")
    p.set_defaults(func=cmd_devices_status)
    p = devices.add_parser("command", parents=[common], help="send a command, e.g. DEVICE switch on")
    p.add_argument("device_id")
    p.add_argument("capability")
    p.add_argument("command")
    p.add_argument("arguments", nargs="*", help="command arguments (JSON values, else strings)")
    p.add_argument("--component", default="main")
    p.set_defaults(func=cmd_devices_command)

    locations = groups.add_parser("locations", help="locations").add_subparsers(dest="action", required=True)
    p = locations.add_parser("list", parents=[common], help="list locations")
    p.set_defaults(func=cmd_locations_list)

    rooms = groups.add_parser("rooms", help="rooms of a location").add_subparsers(dest="action", required=True)
    p = rooms.add_parser("list", parents=[common], help="list the rooms of a location")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.set_defaults(func=cmd_rooms_list)

    capabilities = groups.add_parser(
        "capabilities", help="capability definitions: what attributes hold and commands take"
    ).add_subparsers(dest="action", required=True)
    p = capabilities.add_parser("list", parents=[common], help="list standard capabilities, or one namespace's")
    p.add_argument("--namespace", help="list the custom capabilities of this namespace instead")
    p.set_defaults(func=cmd_capabilities_list)
    p = capabilities.add_parser("show", parents=[common], help="a capability's attributes and commands")
    p.add_argument("capability_id", help="e.g. switchLevel or samsungce.washerCycle")
    p.add_argument("--version", dest="capability_version", type=int, default=1, help="capability version (1)")
    p.set_defaults(func=cmd_capabilities_show)

    subscriptions = groups.add_parser(
        "subscriptions", help="an installed app's subscriptions (SmartApp token)"
    ).add_subparsers(dest="action", required=True)
    p = subscriptions.add_parser("list", parents=[common], help="list the installed app's subscriptions")
    p.set_defaults(func=cmd_subscriptions_list)
    p = subscriptions.add_parser("create", parents=[common], help="subscribe to a device, a capability or modes")
    p.add_argument("source", choices=["device", "capability", "mode"])
    p.add_argument("target", nargs="?", help="the device id, the capability, or the location id (mode)")
    p.add_argument("--name", help="subscription name (default: generated)")
    p.add_argument("--component", default="*")
    p.add_argument("--capability", default="*", help="with device: only this capability")
    p.add_argument("--attribute", default="*")
    p.add_argument("--location-id", help="with capability: the location (default: the only one)")
    p.set_defaults(func=cmd_subscriptions_create)
    p = subscriptions.add_parser("delete", parents=[common], help="delete one subscription, or --all")
    p.add_argument("subscription_id", nargs="?")
    p.add_argument("--all", action="store_true")
    p.add_argument("--device-id", help="with --all: only this device's subscriptions")
    p.set_defaults(func=cmd_subscriptions_delete)

    schedules = groups.add_parser("schedules", help="an installed app's schedules").add_subparsers(
        dest="action", required=True
    )
    p = schedules.add_parser("list", parents=[common], help="list the installed app's schedules")
    p.set_defaults(func=cmd_schedules_list)
    p = schedules.add_parser("create", parents=[common], help="a cron (6 fields, no seconds) or one-time schedule")
    p.add_argument("name")
    p.add_argument("--cron", help='Quartz cron without seconds, e.g. "15 10 * * ? *"')
    p.add_argument("--timezone", default="UTC", help="IANA time zone for --cron (default UTC)")
    p.add_argument("--once", help="epoch milliseconds or an ISO-8601 time with an offset")
    p.add_argument("--overwrite", action="store_true", help="with --once: replace a pending schedule of that name")
    p.set_defaults(func=cmd_schedules_create)
    p = schedules.add_parser("delete", parents=[common], help="delete one schedule, or --all")
    p.add_argument("name", nargs="?")
    p.add_argument("--all", action="store_true")
    p.set_defaults(func=cmd_schedules_delete)

    scenes = groups.add_parser("scenes", help="list and run scenes").add_subparsers(dest="action", required=True)
    p = scenes.add_parser("list", parents=[common], help="list scenes")
    p.add_argument("--location-id", help="default: every location the token sees")
    p.set_defaults(func=cmd_scenes_list)
    p = scenes.add_parser("run", parents=[common], help='run a scene, by id or name ("Good Night")')
    p.add_argument("scene", help="scene id or name")
    p.add_argument("--location-id")
    p.set_defaults(func=cmd_scenes_run)

    rules = groups.add_parser("rules", help="list, read and run rules").add_subparsers(dest="action", required=True)
    p = rules.add_parser("list", parents=[common], help="the token's rules in a location")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.set_defaults(func=cmd_rules_list)
    for action, text, func in (
        ("get", "one rule and its actions", cmd_rules_get),
        ("run", "execute a rule's actions now", cmd_rules_run),
    ):
        p = rules.add_parser(action, parents=[common], help=text)
        p.add_argument("rule_id")
        p.add_argument("--location-id", help="default: the only location the token sees")
        p.set_defaults(func=func)
    drivers = groups.add_parser("drivers", help="your Edge drivers and SmartThings' default ones").add_subparsers(
        dest="action", required=True
    )
    p = drivers.add_parser("list", parents=[common], help="the drivers you own")
    p.add_argument("--default", action="store_true", help="list the default channel's drivers instead")
    p.set_defaults(func=cmd_drivers_list)
    p = drivers.add_parser("show", parents=[common], help="one driver: permissions and fingerprints")
    p.add_argument("driver_id")
    p.add_argument("--version", help="this revision instead of the latest")
    p.set_defaults(func=cmd_drivers_show)
    channels = groups.add_parser("channels", help="Edge driver channels").add_subparsers(dest="action", required=True)
    p = channels.add_parser("list", parents=[common], help="the channels you own")
    p.add_argument("--include-read-only", action="store_true", help="also the channels you are subscribed to")
    p.add_argument("--hub", help="only the channels this hub is enrolled in")
    p.set_defaults(func=cmd_channels_list)
    p = channels.add_parser("show", parents=[common], help="one channel and the drivers assigned to it")
    p.add_argument("channel_id")
    p.set_defaults(func=cmd_channels_show)
    p = channels.add_parser("assign", parents=[common], help="publish a driver in a channel (or change its version)")
    p.add_argument("channel_id")
    p.add_argument("driver_id")
    p.add_argument("--version", help="the driver revision (default: its latest)")
    p.set_defaults(func=cmd_channels_assign)
    hubs = groups.add_parser("hubs", help="hubs and their Edge drivers").add_subparsers(dest="action", required=True)
    p = hubs.add_parser("drivers", parents=[common], help="the drivers installed on a hub")
    p.add_argument("hub_id")
    p.add_argument("--device-id", help="only the drivers that match this device")
    p.set_defaults(func=cmd_hubs_drivers)

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
    p.add_argument("--older-than-days", type=float, default=14.0)
    p.set_defaults(func=cmd_auth_keepalive)
    p = auth.add_parser("list", parents=[common], help="the stored tokens (never their values)")
    p.set_defaults(func=cmd_auth_list)

    scopes = groups.add_parser("scopes", help="what each operation needs").add_subparsers(dest="action", required=True)
    p = scopes.add_parser("explain", parents=[common], help="the scopes and token kinds an operation needs")
    p.add_argument("operation", nargs="?", help="e.g. subscriptions.create; omit to list every operation")
    p.set_defaults(func=cmd_scopes_explain)

    events = groups.add_parser(
        "events", help="watch device events live (the SSE stream; needs a token with the reserved sse scope)"
    ).add_subparsers(dest="action", required=True)
    p = events.add_parser("watch", parents=[common], help="print events as they arrive, until Ctrl-C")
    p.add_argument("--location", action="append", help="a location id (repeatable; default: every one)")
    p.add_argument("--event-type", action="append", help="e.g. DEVICE_EVENT (repeatable; default: device events)")
    p.add_argument("--control", action="store_true", help="also print welcome/goodbye control events")
    p.add_argument("--max-events", type=int, help="stop after N events")
    p.add_argument("--timeout", type=float, help="stop after N seconds (exit code 0)")
    p.set_defaults(func=cmd_events_watch)

    p = groups.add_parser("emulator", help="serve the offline SmartThings emulator over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8088)
    p.set_defaults(func=cmd_emulator)

    p = groups.add_parser("demo", help="a tour of the library against the offline emulator")
    p.add_argument("--verbose", action="store_true", help="also show the library's DEBUG log lines")
    p.set_defaults(func=cmd_demo)

    _add_presentation_commands(groups, common)
    add_api_arguments(groups, common).set_defaults(func=cmd_api)
    for register in EXTRA_COMMANDS:
        register(groups, common)
    return parser


# Command groups defined in other modules (SmartApp resources, auth) register themselves here.
EXTRA_COMMANDS: list[Callable[[Any, argparse.ArgumentParser], None]] = []
EXTRA_COMMANDS.append(_add_history_and_virtual_devices)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`... | head`): not an error; keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (errors.SmartThingsError, UsageError, ValueError, TypeError, _unknown_operation_error()) as error:
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
