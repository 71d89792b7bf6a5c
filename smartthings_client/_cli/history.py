"""`history` and `virtual-devices`."""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from .. import errors
from .inputs import add_input_option, fill_from_input, require
from .output import (
    add_jsonl_option,
    emit,
    print_json,
    print_json_line,
    print_table,
    timestamp,
    wants_json_lines,
)
from .session import Session, UsageError, only_location

if TYPE_CHECKING:
    from ..client import SmartThings


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


def _history_not_found_note(error: BaseException) -> str | None:
    if not isinstance(error, errors.NotFoundError):
        return None
    return (
        "DEVICE_OR_LOCATION is neither a location nor a device the token sees: `smartthings-client locations list` "
        "and `smartthings-client devices list` show their ids"
    )


def cmd_history(args: argparse.Namespace) -> None:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    json_lines = wants_json_lines(args)
    args.error_note = _history_not_found_note
    with Session(args) as session:
        location_id, device_id = _history_target(session.client, args.target)
        pager = session.client.history.devices(
            location_id,
            device_id=device_id,
            oldest_first=args.oldest_first or None,
            page_size=min(args.limit, 300),
        )
        if json_lines:
            for event in itertools.islice(pager, args.limit):
                print_json_line(event)
            return
        events = list(itertools.islice(pager, args.limit))
        if args.json:
            print_json(args, events)
            return
        print_table(
            ["time", "device", "component", "capability", "attribute", "value", "unit"],
            [
                [
                    timestamp(e.time) or e.epoch,
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


_VIRTUAL_DEVICE_KEYS = {
    "name": "name",
    "prototype": "prototype",
    "profile_id": "deviceProfileId",
    "location_id": "owner.ownerId",
    "owner_type": "owner.ownerType",
    "room_id": "roomId",
    "hub_id": "hubId",
    "execution_target": "executionTarget",
}


def cmd_virtual_devices_create(args: argparse.Namespace) -> None:
    fill_from_input(args, _VIRTUAL_DEVICE_KEYS)
    if args.owner_type not in (None, "LOCATION"):
        raise UsageError("--input: owner.ownerType must be LOCATION (the only owner a virtual device can have)")
    require(args, "name", "the device's NAME")
    if (args.prototype is None) == (args.profile_id is None):
        raise UsageError("give either --prototype (e.g. VIRTUAL_SWITCH) or --profile-id")
    with Session(args) as session:
        client = session.client
        location_id = args.location_id or only_location(client, args)
        placement = {
            "room_id": args.room_id,
            "execution_target": args.execution_target or ("LOCAL" if args.hub_id else None),
        }
        if args.prototype is not None:
            device = client.virtual_devices.create_standard(
                args.name, args.prototype, location_id, hub_id=args.hub_id, **placement
            )
        else:
            device = client.virtual_devices.create(
                args.name, location_id=location_id, device_profile_id=args.profile_id, hub_id=args.hub_id, **placement
            )
        emit(args, device, lambda: _virtual_rows([device]), ["device id", "label", "runs", "main capabilities"])


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        "history", parents=[common], help="recent events of a device or of a whole location, newest first"
    )
    p.add_argument("target", metavar="DEVICE_OR_LOCATION", help="a device id or a location id")
    p.add_argument("--limit", type=int, default=20, help="how many events (default 20)")
    p.add_argument("--oldest-first", action="store_true", help="oldest events first")
    add_jsonl_option(p)
    p.set_defaults(func=cmd_history)

    virtual = groups.add_parser("virtual-devices", help="devices that exist only in SmartThings").add_subparsers(
        dest="action", required=True
    )
    p = virtual.add_parser("list", parents=[common], help="list virtual devices")
    p.add_argument("--location-id", help="only the virtual devices of this location")
    p.set_defaults(func=cmd_virtual_devices_list)
    p = virtual.add_parser("create", parents=[common], help="create a virtual device of a prototype or a profile")
    p.add_argument("name", metavar="NAME", nargs="?", help="the new device's label")
    p.add_argument("--prototype", help="VIRTUAL_SWITCH, VIRTUAL_DIMMER_SWITCH, VIRTUAL_CONTACT_SENSOR, ...")
    p.add_argument("--profile-id", help="a device profile of your account, instead of --prototype")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.add_argument("--room-id", help="put the device in this room")
    p.add_argument("--hub-id", help="run on this hub (locally) instead of in the cloud")
    add_input_option(p)
    p.set_defaults(func=cmd_virtual_devices_create, owner_type=None, execution_target=None)
