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

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from . import errors
from .auth.credentials import TOKEN_ENV, Credential, PersonalAccessToken, SmartAppToken
from .client import SmartThings
from .models import Command
from .models.converter import encode
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


def exit_code_for(error: BaseException) -> int:
    if isinstance(error, (errors.AuthenticationError, errors.NoCredentialsError, errors.ReauthorizationRequired)):
        return EXIT_AUTH
    if isinstance(error, errors.ScopeError):
        return EXIT_FORBIDDEN
    if isinstance(error, errors.NotFoundError):
        return EXIT_NOT_FOUND
    if isinstance(error, errors.RateLimitError):
        return EXIT_RATE_LIMITED
    if isinstance(error, (UsageError, ValueError, TypeError, UnknownOperationError)):
        return EXIT_USAGE
    return EXIT_ERROR


# --- output ----------------------------------------------------------------------------------------------------


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
    print_table(header, [list(row) for row in rows()])


def print_table(header: Sequence[str], rows: list[list[Any]]) -> None:
    cells = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
    widths = [len(h) for h in header]
    for row in cells:
        for index, cell in enumerate(row):
            widths[index] = max(widths[index], len(cell))
    line = "  ".join(h.upper().ljust(w) for h, w in zip(header, widths, strict=True))
    print(line.rstrip())
    for row in cells:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if not rows:
        print("(none)")


# --- the client -------------------------------------------------------------------------------------------------


class Session:
    """What a command works with: a client, and (with --emulator) the emulator behind it."""

    def __init__(self, args: argparse.Namespace, *, smartapp: bool = False) -> None:
        self.emulator: Any = None
        if args.emulator:
            from .testing import Emulator

            self.emulator = Emulator()
            if smartapp:
                app = self.emulator.create_app("cli-smartapp")
                install = self.emulator.install(app)
                credential: Credential = SmartAppToken(
                    install.auth_token,
                    installed_app_id=install.installed_app_id,
                    location_id=install.location_id,
                    scopes=install.payload["installData"]["installedApp"]["permissions"],
                )
            else:
                credential = PersonalAccessToken(self.emulator.issue_pat())
            self.client = SmartThings(credential, transport=self.emulator.transport)
            return
        token = args.token or os.environ.get(TOKEN_ENV)
        if token:
            if smartapp or args.installed_app_id:
                credential = SmartAppToken(token, installed_app_id=args.installed_app_id)
            else:
                credential = PersonalAccessToken(token)
        else:
            credential = _stored_credential(args)
        self.client = SmartThings(credential, base_url=args.base_url)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.client.close()


# --- commands ---------------------------------------------------------------------------------------------------


def cmd_devices_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        devices = list(
            session.client.devices.list(
                capability=args.capability or None, location_id=args.location_id, device_id=args.device_id or None
            )
        )
        emit(
            args,
            devices,
            lambda: ((d.device_id, d.display_name, d.type, ",".join(d.capability_ids()[:6])) for d in devices),
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
    with Session(args) as session:
        status = session.client.devices.status(args.device_id)

        def rows() -> Iterable[Sequence[Any]]:
            for component, capabilities in status.components.items():
                for capability, attributes in capabilities.items():
                    if args.capability and capability not in args.capability:
                        continue
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
        locations = list(session.client.locations.list())
        emit(args, locations, lambda: ((loc.location_id, loc.name) for loc in locations), ["location id", "name"])


def cmd_rooms_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or _only_location(session.client)
        rooms = list(session.client.locations.rooms.list(location_id))
        emit(args, rooms, lambda: ((r.room_id, r.name) for r in rooms), ["room id", "name"])


def _only_location(client: SmartThings) -> str:
    locations = list(client.locations.list())
    if len(locations) != 1:
        raise UsageError(f"the token sees {len(locations)} locations: pass --location-id")
    return locations[0].location_id


def cmd_subscriptions_list(args: argparse.Namespace) -> None:
    with Session(args, smartapp=True) as session:
        subscriptions = list(session.client.subscriptions.list())
        emit(
            args,
            subscriptions,
            lambda: ((s.id, s.source_type, s.subscription_name, _subscription_target(s)) for s in subscriptions),
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
        schedules = list(session.client.schedules.list())
        emit(
            args,
            schedules,
            lambda: (
                (
                    s.name,
                    s.cron.expression if s.cron else "once",
                    s.cron.timezone if s.cron else "",
                    s.scheduled_executions[0] if s.scheduled_executions else "",
                )
                for s in schedules
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


def cmd_auth_login(args: argparse.Namespace) -> None:
    import getpass

    from .auth.oauth import login

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
    return ", ".join(sorted(kind.label for kind in rule.token_kinds))


def _rule_json(rule: Any) -> dict[str, Any]:
    return {
        "operation": rule.name,
        "method": rule.method,
        "path": rule.path,
        "scopes": [list(alternative) for alternative in rule.scopes],
        "tokenKinds": sorted(kind.value for kind in rule.token_kinds),
        "needs": rule.requirement_text(),
    }


def cmd_emulator(args: argparse.Namespace) -> None:
    from .testing import Emulator

    emulator = Emulator()
    token = emulator.issue_pat()
    # The emulator's own token is printed on purpose: it is a throwaway for a local fake server.
    print(f"SmartThings emulator on http://{args.host}:{args.port}/v1  (Ctrl-C to stop)")
    print(f"a personal access token with every scope: {token}")
    print(f"try: curl -H 'Authorization: Bearer {token}' http://{args.host}:{args.port}/v1/devices")
    sys.stdout.flush()
    try:
        emulator.serve_forever(host=args.host, port=args.port)
    except KeyboardInterrupt:
        print("stopped")


def cmd_demo(args: argparse.Namespace) -> None:
    from .demo import run_demo

    run_demo(verbose=args.verbose)


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
    common.add_argument("--base-url", default="https://api.smartthings.com/v1", help=argparse.SUPPRESS)
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
    p.add_argument("--client-id", required=True)
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

    p = groups.add_parser("emulator", help="serve the offline SmartThings emulator over HTTP")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8088)
    p.set_defaults(func=cmd_emulator)

    p = groups.add_parser("demo", help="a tour of the library against the offline emulator")
    p.add_argument("--verbose", action="store_true", help="also show the library's DEBUG log lines")
    p.set_defaults(func=cmd_demo)

    _add_presentation_commands(groups, common)
    for register in EXTRA_COMMANDS:
        register(groups, common)
    return parser


# Command groups defined in other modules (SmartApp resources, auth) register themselves here.
EXTRA_COMMANDS: list[Callable[[Any, argparse.ArgumentParser], None]] = []


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
    except (errors.SmartThingsError, UsageError, ValueError, TypeError, UnknownOperationError) as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return exit_code_for(error)
    return EXIT_OK


def _one_line(error: BaseException) -> str:
    text = str(error.args[0]) if isinstance(error, KeyError) and error.args else str(error)
    return " ".join(text.split())


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
