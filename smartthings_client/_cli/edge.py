"""Edge: `drivers`, `channels` and `hubs`."""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import Any

from . import driver_lifecycle, logcat
from .output import emit, encode, jsonable, print_json, print_table, timestamp
from .profiles import setting
from .session import Session, UsageError


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
            lambda: ((c.channel_id, c.name, c.type, timestamp(c.last_modified_date)) for c in channels),
            ["channel id", "name", "type", "last modified"],
        )


def cmd_channels_show(args: argparse.Namespace) -> None:
    with Session(args) as session:
        channel_id = args.channel_id or setting(args, "channel")
        if not channel_id:
            raise UsageError("give a CHANNEL_ID (or set channel in the profile)")
        channel = session.client.channels.get(channel_id)
        assigned = list(session.client.channels.list_assigned_drivers(channel_id))
        if args.json:
            print_json(args, {**encode(channel), "drivers": jsonable(assigned)})
            return
        print(f"{channel.name} ({channel.channel_id}): {channel.description or ''}".rstrip(": "))
        print_table(
            ["driver id", "version", "assigned"],
            [[d.driver_id, d.version, timestamp(d.created_date)] for d in assigned],
        )


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
        args.hub = args.hub_id  # given, else the profile's hub, the only hub, or one chosen on a terminal
        hub = driver_lifecycle.hub_id(args, session.client)
        installed = session.client.hub_devices.installed_drivers(hub, device_id=args.device_id)
        emit(
            args,
            installed,
            lambda: ((d.driver_id, d.name, d.version, d.channel_id) for d in installed),
            ["driver id", "name", "version", "channel id"],
        )


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    drivers = groups.add_parser("drivers", help="your Edge drivers and SmartThings' default ones").add_subparsers(
        dest="action", required=True
    )
    p = drivers.add_parser("list", parents=[common], help="the drivers you own")
    p.add_argument("--default", action="store_true", help="list the default channel's drivers instead")
    p.set_defaults(func=cmd_drivers_list)
    p = drivers.add_parser("show", parents=[common], help="one driver: permissions and fingerprints")
    p.add_argument("driver_id", metavar="DRIVER_ID", help="the driver to show")
    p.add_argument("--version", help="this revision instead of the latest")
    p.set_defaults(func=cmd_drivers_show)
    driver_lifecycle.add_commands(drivers, common)
    logcat.add_command(drivers, common)
    channels = groups.add_parser("channels", help="Edge driver channels").add_subparsers(dest="action", required=True)
    p = channels.add_parser("list", parents=[common], help="the channels you own")
    p.add_argument("--include-read-only", action="store_true", help="also the channels you are subscribed to")
    p.add_argument("--hub", help="only the channels this hub is enrolled in")
    p.set_defaults(func=cmd_channels_list)
    p = channels.add_parser("show", parents=[common], help="one channel and the drivers assigned to it")
    p.add_argument("channel_id", metavar="CHANNEL_ID", nargs="?", help="the channel (default: the profile's)")
    p.set_defaults(func=cmd_channels_show)
    p = channels.add_parser("assign", parents=[common], help="publish a driver in a channel (or change its version)")
    p.add_argument("channel_id", metavar="CHANNEL_ID", help="the channel to publish in")
    p.add_argument("driver_id", metavar="DRIVER_ID", help="the driver to publish")
    p.add_argument("--version", help="the driver revision (default: its latest)")
    p.set_defaults(func=cmd_channels_assign)
    hubs = groups.add_parser("hubs", help="hubs and their Edge drivers").add_subparsers(dest="action", required=True)
    p = hubs.add_parser("drivers", parents=[common], help="the drivers installed on a hub")
    p.add_argument(
        "hub_id", metavar="HUB_ID", nargs="?", help="the hub's device id (default: the profile's, else the only hub)"
    )
    p.add_argument("--device-id", help="only the drivers that match this device")
    p.set_defaults(func=cmd_hubs_drivers)
