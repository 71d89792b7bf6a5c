"""`subscriptions` and `schedules`: an installed app's, with its SmartApp token."""

from __future__ import annotations

import argparse
from typing import Any

from .inputs import add_input_option, fill_from_input, input_document, require
from .output import emit, emit_pages
from .session import Session, UsageError, only_location


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


# Where each option of `subscriptions create` is in the API's body, per source type.
_SUBSCRIPTION_KEYS = {
    "device": {
        "target": "device.deviceId",
        "component": "device.componentId",
        "capability": "device.capability",
        "attribute": "device.attribute",
        "name": "device.subscriptionName",
        "state_change_only": "device.stateChangeOnly",
        "value": "device.value",
    },
    "capability": {
        "location_id": "capability.locationId",
        "target": "capability.capability",
        "attribute": "capability.attribute",
        "name": "capability.subscriptionName",
        "state_change_only": "capability.stateChangeOnly",
        "value": "capability.value",
    },
    "mode": {"target": "mode.locationId", "name": "mode.subscriptionName"},
}


def _subscription_from_input(args: argparse.Namespace) -> None:
    document = input_document(args)
    if document is None:
        return
    source = str(document.pop("sourceType", args.source or "")).lower()
    if source not in _SUBSCRIPTION_KEYS:
        raise UsageError("--input: sourceType must be DEVICE, CAPABILITY or MODE (or give the source)")
    args.source = args.source or source
    fill_from_input(args, _SUBSCRIPTION_KEYS[source], document=document)


def cmd_subscriptions_create(args: argparse.Namespace) -> None:
    from ..models.subscriptions import CapabilitySubscription, DeviceSubscription, ModeSubscription

    _subscription_from_input(args)
    require(args, "source", "the SOURCE (device, capability or mode)")
    args.component, args.capability, args.attribute = (
        args.component or "*",
        args.capability or "*",
        args.attribute or "*",
    )
    with Session(args, smartapp=True) as session:
        client = session.client
        request: Any
        # From --input only: sent when the file gives them, else the request's defaults.
        extras = {
            key: value
            for key, value in (("state_change_only", args.state_change_only), ("value", args.value))
            if value is not None
        }
        if args.source == "device":
            request = DeviceSubscription(
                device_id=args.target,
                component_id=args.component,
                capability=args.capability,
                attribute=args.attribute,
                subscription_name=args.name,
                **extras,
            )
        elif args.source == "capability":
            request = CapabilitySubscription(
                location_id=args.location_id or only_location(client, args),
                capability=args.target,
                attribute=args.attribute,
                subscription_name=args.name,
                **extras,
            )
        else:
            request = ModeSubscription(
                location_id=args.target or only_location(client, args), subscription_name=args.name
            )
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

    fill_from_input(
        args,
        {
            "name": "name",
            "cron": "cron.expression",
            "timezone": "cron.timezone",
            "once": "once.time",
            "overwrite": "once.overwrite",
        },
    )
    require(args, "name", "the schedule NAME")
    args.once = None if args.once is None else str(args.once)
    args.timezone = args.timezone or "UTC"
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


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    subscriptions = groups.add_parser(
        "subscriptions", help="an installed app's subscriptions (SmartApp token)"
    ).add_subparsers(dest="action", required=True)
    p = subscriptions.add_parser("list", parents=[common], help="list the installed app's subscriptions")
    p.set_defaults(func=cmd_subscriptions_list)
    p = subscriptions.add_parser("create", parents=[common], help="subscribe to a device, a capability or modes")
    p.add_argument(
        "source",
        nargs="?",
        choices=["device", "capability", "mode"],
        help="one device, a capability in a location, or modes (or the --input file's sourceType)",
    )
    p.add_argument("target", nargs="?", help="the device id, the capability, or the location id (mode)")
    p.add_argument("--name", help="subscription name (default: generated)")
    p.add_argument("--component", help="with device: only this component (default: every one)")
    p.add_argument("--capability", help="with device: only this capability (default: every one)")
    p.add_argument("--attribute", help="only this attribute (default: every one)")
    add_input_option(p)
    # Read from --input only: the body's own fields, sent as given.
    p.set_defaults(state_change_only=None, value=None)
    p.add_argument("--location-id", help="with capability: the location (default: the only one)")
    p.set_defaults(func=cmd_subscriptions_create)
    p = subscriptions.add_parser("delete", parents=[common], help="delete one subscription, or --all")
    p.add_argument("subscription_id", nargs="?", metavar="SUBSCRIPTION_ID", help="the subscription to delete")
    p.add_argument("--all", action="store_true", help="delete every subscription of the installed app")
    p.add_argument("--device-id", help="with --all: only this device's subscriptions")
    p.set_defaults(func=cmd_subscriptions_delete)

    schedules = groups.add_parser("schedules", help="an installed app's schedules").add_subparsers(
        dest="action", required=True
    )
    p = schedules.add_parser("list", parents=[common], help="list the installed app's schedules")
    p.set_defaults(func=cmd_schedules_list)
    p = schedules.add_parser("create", parents=[common], help="a cron (6 fields, no seconds) or one-time schedule")
    p.add_argument("name", metavar="NAME", nargs="?", help="the schedule's name (unique in the installed app)")
    p.add_argument("--cron", help='Quartz cron without seconds, e.g. "15 10 * * ? *"')
    p.add_argument("--timezone", help="IANA time zone for --cron (default UTC)")
    p.add_argument("--once", help="epoch milliseconds or an ISO-8601 time with an offset")
    p.add_argument("--overwrite", action="store_true", help="with --once: replace a pending schedule of that name")
    add_input_option(p)
    p.set_defaults(func=cmd_schedules_create)
    p = schedules.add_parser("delete", parents=[common], help="delete one schedule, or --all")
    p.add_argument("name", nargs="?", metavar="NAME", help="the schedule to delete")
    p.add_argument("--all", action="store_true", help="delete every schedule of the installed app")
    p.set_defaults(func=cmd_schedules_delete)
