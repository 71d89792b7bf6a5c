"""`diagnostics DEVICE`: one redacted file for a bug report.

It holds the device, its status, health, profile and presentation, and the definition of each capability it uses
(the bundled catalogue's, else SmartThings'), with the library's version.  A part that cannot be read is recorded
with its error instead (a report of a broken device is the point), so the command fails only when the device
itself cannot be read.

What is redacted (replaced by ``"<redacted>"``), and why:

* where the home is and what it is called: location and room ids and names, owner ids, latitude, longitude and
  region radius;
* what the user named things: the device's label (people name devices after people: "Anna's lamp");
* what identifies the hardware on a network: network ids, MAC addresses, EUIs, serial numbers, IP addresses,
  the hub's id;
* lock codes (the ``lockCodes`` capability's values hold people's names and codes).

Kept: the device id (opaque; lets the maintainer match the report to logs you may send), manufacturer, model,
profile, capabilities and every other status value.  No token is ever in the file: none is in these answers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .choose import device_id
from .output import document_text, plain_data
from .session import Session

REDACTED = "<redacted>"

# Keys (any depth, any case) whose values are redacted in the device, status and health parts.
REDACTED_KEYS = frozenset(
    key.lower()
    for key in (
        "label",
        "locationId",
        "locationName",
        "roomId",
        "roomName",
        "ownerId",
        "latitude",
        "longitude",
        "regionRadius",
        "deviceNetworkId",
        "networkId",
        "networkSecurityLevel",
        "macAddress",
        "eui",
        "hubEui",
        "zigbeeEui",
        "serialNumber",
        "uniqueIdentifier",
        "ipAddress",
        "hubId",
        "parentDeviceId",
        "driverId",
    )
)
# Capabilities whose attribute values are redacted whole.
REDACTED_CAPABILITIES = frozenset({"lockCodes"})


def redact(value: Any) -> Any:
    """``value`` (plain JSON data) with the values of :data:`REDACTED_KEYS` and :data:`REDACTED_CAPABILITIES`
    replaced."""
    if isinstance(value, list):
        return [redact(item) for item in value]
    if not isinstance(value, dict):
        return value
    redacted: dict[str, Any] = {}
    for key, item in value.items():
        if key.lower() in REDACTED_KEYS and item not in (None, "", [], {}):
            redacted[key] = REDACTED
        elif key in REDACTED_CAPABILITIES and isinstance(item, dict):
            redacted[key] = dict.fromkeys(item, REDACTED)
        else:
            redacted[key] = redact(item)
    return redacted


def _part(read: Callable[[], Any]) -> Any:
    """One part of the report, or the error that kept it out (the report goes on)."""
    from .. import errors

    try:
        return plain_data(read())
    except errors.SmartThingsError as error:
        return {"error": f"{type(error).__name__}: {' '.join(str(error).split())}"}


def _fetched(client: Any, capability: Any) -> Any:
    return _part(lambda: client.capabilities.get(capability.id, capability.version or 1))


def report(client: Any, target: str) -> dict[str, Any]:
    from .._version import __version__
    from ..catalog import definition as bundled_definition

    device = client.devices.get(target)  # the one part that must be there
    capabilities: dict[str, Any] = {}
    for component in device.components:
        for capability in component.capabilities:
            key = f"{capability.id}/{capability.version or 1}"
            if key in capabilities:
                continue
            bundled = bundled_definition(capability.id)
            if bundled is not None and bundled.version == (capability.version or 1):
                capabilities[key] = {"source": "bundled catalogue", "definition": plain_data(dict(bundled.raw))}
            else:
                capabilities[key] = {"source": "SmartThings", "definition": _fetched(client, capability)}
    profile_id = device.profile.id if device.profile else None
    return {
        "about": {
            "tool": f"smartthings-client {__version__}",
            "python": sys.version.split()[0],
            "redacted": "location and room ids and names, owner ids, coordinates, the device label, network "
            "and hardware identifiers, hub and parent ids, lock codes",
        },
        "device": redact(plain_data(device)),
        "status": redact(_part(lambda: client.devices.status(target))),
        "health": redact(_part(lambda: client.devices.health(target))),
        "profile": _part(lambda: client.deviceprofiles.get(profile_id)) if profile_id else None,
        "presentation": _part(lambda: client.presentation.for_device(target)),
        "capabilities": capabilities,
    }


def cmd_diagnostics(args: argparse.Namespace) -> None:
    output = args.output if args.output == "yaml" else "json"
    with Session(args) as session:
        target = device_id(args, session.client)
        text = document_text(report(session.client, target), output) + "\n"
    if args.file == "-":
        sys.stdout.write(text)
        return
    path = Path(args.file or f"smartthings-diagnostics-{target[:8]}.{'yaml' if output == 'yaml' else 'json'}")
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        from .session import UsageError

        raise UsageError(f"cannot write --file {path}: {error.strerror or error}") from error
    print(f"wrote {path} ({len(text)} bytes; redacted: ids and names of places, labels, network identifiers)")


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        "diagnostics",
        parents=[common],
        help="one redacted file about a device for a bug report (device, status, profile, presentation, health...)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("device_id", metavar="DEVICE_ID", nargs="?", help="the device (on a terminal: chosen from a list)")
    p.add_argument(
        "--file",
        metavar="FILE",
        help="where to write (default: smartthings-diagnostics-<first 8 of the id>.json, .yaml with -o yaml; - for "
        "standard output)",
    )
    p.set_defaults(func=cmd_diagnostics)
