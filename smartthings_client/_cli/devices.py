"""`devices`, `locations` and `rooms`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .choose import device_id
from .inputs import add_input_option, fill_from_input, input_document, require
from .mirror import add_watch_command
from .output import emit, emit_pages
from .session import Session, UsageError, only_location


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
        device = session.client.devices.get(device_id(args, session.client))
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
    from ..models import DeviceStatus

    with Session(args) as session:
        status = session.client.devices.status(device_id(args, session.client))
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


_COMMAND_USAGE = "%(prog)s DEVICE_ID CAPABILITY COMMAND [ARGUMENT ...] [--component COMPONENT] [options]"


def _arguments(args: argparse.Namespace) -> list[Any]:
    """The command's arguments as they are sent: typed and checked against the capability's definition when the
    bundled catalogue has it (a mistake is a usage error, and nothing is sent), else read as JSON where they
    parse."""
    from ..catalog import definition as bundled_definition

    texts: list[str] = args.arguments or []
    definition = None if args.no_check else bundled_definition(args.capability)
    if definition is None:
        return [_argument(text) for text in texts]
    from ..errors import InvalidArgumentError
    from .catalog import checked_arguments

    try:
        return checked_arguments(definition, args.command, texts)
    except InvalidArgumentError:
        # The catalogue may be older than a device's capability: say what the check read, and the way around it.
        args.error_note = lambda _: (
            f"checked offline against {definition.id} version {definition.version} of the bundled catalogue "
            f"(`smartthings-client capabilities show {definition.id}`); --no-check sends the command as given"
        )
        raise


def cmd_devices_command(args: argparse.Namespace) -> None:
    from ..models import Command

    if args.command is None:
        raise UsageError(
            "devices command takes a CAPABILITY and a COMMAND after the device id, then the command's arguments if "
            "it has any: e.g. `devices command DEVICE_ID switch on` or `devices command DEVICE_ID switchLevel "
            "setLevel 50`; `devices get DEVICE_ID` lists the device's capabilities and `capabilities show "
            "CAPABILITY` their commands"
        )
    arguments = _arguments(args)  # before the session: a refused command needs no token and sends nothing
    with Session(args) as session:
        command = Command(
            capability=args.capability, command=args.command, arguments=arguments, component=args.component
        )
        results = session.client.devices.execute(args.device_id, [command])
        emit(args, results, lambda: ((r.id, r.status) for r in results), ["command id", "status"])


def _device_rows(device: Any) -> list[Sequence[Any]]:
    return [(device.device_id, device.display_name, device.room_id or "", device.location_id or "")]


def cmd_devices_update(args: argparse.Namespace) -> None:
    fill_from_input(
        args, {"label": "label", "room_id": "roomId", "location_id": "locationId", "components": "components"}
    )
    with Session(args) as session:
        target = device_id(args, session.client)
        if args.label is None and args.room_id is None and args.location_id is None and args.components is None:
            raise UsageError("nothing to change: give --label, --room-id or an --input file")
        device = session.client.devices.update(
            target, label=args.label, room_id=args.room_id, location_id=args.location_id, components=args.components
        )
        emit(args, device, lambda: _device_rows(device), ["device id", "label", "room id", "location id"])


# The body keys of a location, and the options they fill.
_LOCATION_KEYS = {
    "name": "name",
    "country_code": "countryCode",
    "latitude": "latitude",
    "longitude": "longitude",
    "region_radius": "regionRadius",
    "temperature_scale": "temperatureScale",
    "locale": "locale",
    "additional_properties": "additionalProperties",
}
_LOCATION_FIELDS = [key for key in _LOCATION_KEYS if key not in ("name", "country_code")]


def _location_rows(location: Any) -> list[Sequence[Any]]:
    return [(location.location_id, location.name, location.country_code or "")]


def _location_input(args: argparse.Namespace) -> None:
    # additionalProperties is a mapping of its own, taken whole (not key by key).
    document = input_document(args)
    if document is None:
        return
    extra = document.pop("additionalProperties", None)
    fill_from_input(args, _LOCATION_KEYS, document=document)
    if extra is not None and args.additional_properties is None:
        args.additional_properties = extra


def cmd_locations_create(args: argparse.Namespace) -> None:
    _location_input(args)
    require(args, "name", "the location's NAME")
    require(args, "country_code", "--country-code")
    with Session(args) as session:
        options = {key: getattr(args, key) for key in _LOCATION_FIELDS}
        location = session.client.locations.create(args.name, args.country_code, **options)
        emit(args, location, lambda: _location_rows(location), ["location id", "name", "country"])


def cmd_locations_update(args: argparse.Namespace) -> None:
    _location_input(args)
    if args.country_code is not None:
        raise UsageError("a location's country cannot be changed (countryCode is for create)")
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        options = {key: getattr(args, key) for key in _LOCATION_FIELDS}
        location = session.client.locations.update(location_id, name=args.name, **options)
        emit(args, location, lambda: _location_rows(location), ["location id", "name", "country"])


def cmd_rooms_create(args: argparse.Namespace) -> None:
    fill_from_input(args, {"name": "name"})
    require(args, "name", "the room's NAME")
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        room = session.client.locations.rooms.create(location_id, args.name)
        emit(args, room, lambda: [(room.room_id, room.name)], ["room id", "name"])


def cmd_rooms_update(args: argparse.Namespace) -> None:
    fill_from_input(args, {"name": "name"})
    require(args, "name", "--name")
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        room = session.client.locations.rooms.update(location_id, args.room_id, args.name)
        emit(args, room, lambda: [(room.room_id, room.name)], ["room id", "name"])


def cmd_locations_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        emit_pages(
            args, session.client.locations.list(), lambda loc: (loc.location_id, loc.name), ["location id", "name"]
        )


def cmd_rooms_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        emit_pages(
            args, session.client.locations.rooms.list(location_id), lambda r: (r.room_id, r.name), ["room id", "name"]
        )


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    devices = groups.add_parser("devices", help="list, read and control devices").add_subparsers(
        dest="action", required=True
    )
    p = devices.add_parser("list", parents=[common], help="list devices")
    p.add_argument("--capability", action="append", help="only devices with this capability (repeatable)")
    p.add_argument("--location-id", help="only the devices of this location")
    p.add_argument("--device-id", action="append", help="only this device (repeatable)")
    p.set_defaults(func=cmd_devices_list)
    p = devices.add_parser("get", parents=[common], help="one device and its components")
    p.add_argument("device_id", metavar="DEVICE_ID", nargs="?", help="the device to show (on a terminal: chosen)")
    p.set_defaults(func=cmd_devices_get)
    p = devices.add_parser("status", parents=[common], help="a device's attribute values")
    p.add_argument(
        "device_id", metavar="DEVICE_ID", nargs="?", help="the device whose attributes to show (on a terminal: chosen)"
    )
    p.add_argument("--capability", action="append", help="only this capability (repeatable)")
    p.set_defaults(func=cmd_devices_status)
    p = devices.add_parser(
        "command", parents=[common], help="send a command, e.g. DEVICE_ID switch on", usage=_COMMAND_USAGE
    )
    p.add_argument("device_id", metavar="DEVICE_ID", help="the device to command")
    # Optional for argparse, so that a missing one gets the explanation above rather than a bare "required".
    p.add_argument("capability", metavar="CAPABILITY", nargs="?", help="e.g. switch, switchLevel")
    p.add_argument("command", metavar="COMMAND", nargs="?", help="e.g. on, setLevel")
    p.add_argument(
        "arguments", metavar="ARGUMENT", nargs="*", default=[], help="its arguments (JSON values, else strings)"
    )
    p.add_argument("--component", default="main", help="the device component to command (default: main)")
    p.add_argument(
        "--no-check", action="store_true", help="send the arguments as given, unchecked by the bundled catalogue"
    )
    p.set_defaults(func=cmd_devices_command)
    add_watch_command(devices, common)

    p = devices.add_parser("update", parents=[common], help="rename a device or move it to a room")
    p.add_argument("device_id", metavar="DEVICE_ID", nargs="?", help="the device to change (on a terminal: chosen)")
    p.add_argument("--label", help="its new label")
    p.add_argument("--room-id", help="the room to move it to")
    add_input_option(p)
    p.set_defaults(func=cmd_devices_update, location_id=None, components=None)

    locations = groups.add_parser("locations", help="locations").add_subparsers(dest="action", required=True)
    p = locations.add_parser("list", parents=[common], help="list locations")
    p.set_defaults(func=cmd_locations_list)
    for action, func in (("create", cmd_locations_create), ("update", cmd_locations_update)):
        p = locations.add_parser(action, parents=[common], help=f"{action} a location")
        if action == "create":
            p.add_argument("name", metavar="NAME", nargs="?", help="the location's name")
            p.add_argument("--country-code", help="ISO 3166-1 alpha-3, e.g. USA, GBR")
        else:
            p.add_argument("--location-id", help="the location to change (default: the profile's, else the only one)")
            p.add_argument("--name", help="its new name")
            p.set_defaults(country_code=None)
        p.add_argument("--latitude", type=float, help="in degrees")
        p.add_argument("--longitude", type=float, help="in degrees")
        p.add_argument("--region-radius", type=int, help="the geofence radius, in meters")
        p.add_argument("--temperature-scale", choices=["F", "C"], help="F or C")
        p.add_argument("--locale", help="e.g. en-US")
        add_input_option(p)
        p.set_defaults(func=func, additional_properties=None)

    rooms = groups.add_parser("rooms", help="rooms of a location").add_subparsers(dest="action", required=True)
    p = rooms.add_parser("list", parents=[common], help="list the rooms of a location")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.set_defaults(func=cmd_rooms_list)
    p = rooms.add_parser("create", parents=[common], help="add a room to a location")
    p.add_argument("name", metavar="NAME", nargs="?", help="the room's name")
    p.add_argument("--location-id", help="default: the profile's location, else the only one")
    add_input_option(p)
    p.set_defaults(func=cmd_rooms_create)
    p = rooms.add_parser("update", parents=[common], help="rename a room")
    p.add_argument("room_id", metavar="ROOM_ID", help="the room to rename")
    p.add_argument("--name", help="its new name")
    p.add_argument("--location-id", help="default: the profile's location, else the only one")
    add_input_option(p)
    p.set_defaults(func=cmd_rooms_update)
