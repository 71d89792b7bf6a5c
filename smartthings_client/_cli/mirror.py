"""`devices watch`: the device mirror's changes, live (old -> new, and whether an event or a REST re-read found
them)."""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from .events import _Deadline, _watched_locations
from .output import Table, add_jsonl_option, print_json, print_json_line, timestamp, wants_json_lines
from .session import Session, UsageError

if TYPE_CHECKING:
    from ..live import Change, DeviceMirror

HEADER = ["time", "source", "device", "attribute", "old", "new"]


def cmd_devices_watch(args: argparse.Namespace) -> None:
    """Run a device mirror and print each change as it happens: a table row, or one JSON object per line with
    ``--jsonl`` (``--json``: one array at the end); changes found by a REST re-read say ``resync``."""
    if args.max_changes is not None and args.max_changes < 1:
        raise UsageError("--max-changes must be at least 1")
    if args.stall_timeout is not None and args.stall_timeout <= 0:
        raise UsageError("--stall-timeout must be positive")
    json_lines = wants_json_lines(args)
    from ..live import DeviceMirror, MirrorSettings
    from ..resources.events import FileSinkStore

    with Session(args, sse=True) as session:
        client = session.client
        locations = args.location or _watched_locations(client)
        settings = MirrorSettings() if args.stall_timeout is None else MirrorSettings(stall_timeout=args.stall_timeout)
        store = FileSinkStore(args.sink_store) if args.sink_store else None
        mirror = DeviceMirror(client, locations, settings=settings, store=store)
        if session.emulator is not None:
            simulate_activity(session.emulator)
        deadline = _Deadline(args.timeout)
        collected: list[dict[str, Any]] = []
        table = Table(HEADER)
        seen = 0
        try:
            for change in mirror.changes(
                device_id=args.device, capability=args.capability, attribute=args.attribute
            ):
                if args.json:
                    collected.append(change.to_json())
                elif json_lines:
                    print_json_line(change.to_json())
                else:
                    table.add([change_row(mirror, change)])
                seen += 1
                if args.max_changes is not None and seen >= args.max_changes:
                    break
            deadline.cancel()
        except KeyboardInterrupt:
            if not deadline.cancel():
                if args.json:
                    print_json(args, collected)
                raise
        if args.json:
            print_json(args, collected)
        elif not json_lines and not seen:
            table.close()


def change_row(mirror: DeviceMirror, change: Change) -> list[str]:
    """One table row: the device's label (the id in ``--jsonl``), ``component.capability.attribute``."""
    label = mirror.device(change.device_id).display_name if change.device_id in mirror else change.device_id
    where = f"{change.capability}.{change.attribute}"
    if change.component != "main":
        where = f"{change.component}.{where}"
    return [
        timestamp(change.time, "-"),
        change.source,
        label,
        where,
        _shown(change.old),
        _shown(change.new) + (f" {change.unit}" if change.unit else ""),
    ]


def _shown(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=str)


def simulate_activity(emulator: Any) -> None:
    """With --emulator nothing happens in the house: flip the seeded light now and then (and move the emulator's
    clock, so keepalives flow), so there is something to watch."""
    light = emulator.find_devices(["switch"])[0]
    print(f"emulator: switching {light} on and off every 0.2 s", file=sys.stderr)

    def flip() -> None:
        value = "on"
        while True:
            time.sleep(0.2)
            emulator.clock.advance(20)
            emulator.set_attribute(light, "switch", "switch", value)
            value = "off" if value == "on" else "on"

    threading.Thread(target=flip, name="emulator-activity", daemon=True).start()


def add_watch_command(devices: Any, common: argparse.ArgumentParser) -> None:
    p = devices.add_parser(
        "watch",
        parents=[common],
        help="print every device change live, from a mirror kept true by the event stream (needs the sse scope)",
    )
    p.add_argument("--location", action="append", help="a location id (repeatable; default: every one)")
    p.add_argument("--device", help="only this device's changes")
    p.add_argument("--capability", help="only this capability's changes, e.g. switch")
    p.add_argument("--attribute", help="only this attribute's changes, e.g. switch")
    p.add_argument("--max-changes", type=int, help="stop after N changes")
    p.add_argument("--timeout", type=float, help="stop after N seconds (exit code 0)")
    p.add_argument(
        "--stall-timeout",
        type=float,
        help="seconds without any device event (while keepalives come) before the devices are re-read and the "
        "stream renewed (default 600)",
    )
    p.add_argument("--sink-store", help="a file keeping the stream's sink ids, so a restart deletes what a crash left")
    add_jsonl_option(p)
    p.set_defaults(func=cmd_devices_watch)
