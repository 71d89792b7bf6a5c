"""`subscriptions` and `schedules`: an installed app's, with its SmartApp token."""

from __future__ import annotations

import argparse
from typing import Any

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


def cmd_subscriptions_create(args: argparse.Namespace) -> None:
    from ..models.subscriptions import CapabilitySubscription, DeviceSubscription, ModeSubscription

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
                location_id=args.location_id or only_location(client, args),
                capability=args.target,
                attribute=args.attribute,
                subscription_name=args.name,
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
        "source", choices=["device", "capability", "mode"], help="one device, a capability in a location, or modes"
    )
    p.add_argument("target", nargs="?", help="the device id, the capability, or the location id (mode)")
    p.add_argument("--name", help="subscription name (default: generated)")
    p.add_argument("--component", default="*", help="with device: only this component (default: every one)")
    p.add_argument("--capability", default="*", help="with device: only this capability")
    p.add_argument("--attribute", default="*", help="only this attribute (default: every one)")
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
    p.add_argument("name", metavar="NAME", help="the schedule's name (unique in the installed app)")
    p.add_argument("--cron", help='Quartz cron without seconds, e.g. "15 10 * * ? *"')
    p.add_argument("--timezone", default="UTC", help="IANA time zone for --cron (default UTC)")
    p.add_argument("--once", help="epoch milliseconds or an ISO-8601 time with an offset")
    p.add_argument("--overwrite", action="store_true", help="with --once: replace a pending schedule of that name")
    p.set_defaults(func=cmd_schedules_create)
    p = schedules.add_parser("delete", parents=[common], help="delete one schedule, or --all")
    p.add_argument("name", nargs="?", metavar="NAME", help="the schedule to delete")
    p.add_argument("--all", action="store_true", help="delete every schedule of the installed app")
    p.set_defaults(func=cmd_schedules_delete)
