"""`events watch`: the live event stream."""

from __future__ import annotations

import _thread
import argparse
import signal
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from .output import add_jsonl_option, print_json, print_json_line, timestamp, wants_json_lines
from .session import Session, UsageError

if TYPE_CHECKING:
    from ..client import SmartThings


def cmd_events_watch(args: argparse.Namespace) -> None:
    """Print events as they arrive, until Ctrl-C, ``--max-events`` or ``--timeout``: a line each, or one JSON
    object per line with ``--jsonl``; ``--json`` prints them all as one JSON array when the watch ends."""
    if args.max_events is not None and args.max_events < 1:
        raise UsageError("--max-events must be at least 1")
    json_lines = wants_json_lines(args)
    from ..resources.events import DEFAULT_EVENT_TYPES

    with Session(args, sse=True) as session:
        client = session.client
        locations = args.location or _watched_locations(client)
        if session.emulator is not None:
            _simulate_activity(session.emulator)
        deadline = _Deadline(args.timeout)
        collected: list[Any] = []
        seen = 0
        try:
            for event in client.events.watch(
                locations, event_types=args.event_type or DEFAULT_EVENT_TYPES, include_control=args.control
            ):
                if args.json:
                    collected.append(event)
                elif json_lines:
                    print_json_line(event)
                else:
                    print(_event_line(event), flush=True)
                seen += 1
                if args.max_events is not None and seen >= args.max_events:
                    break
            deadline.cancel()
        except KeyboardInterrupt:
            if not deadline.cancel():
                if args.json:  # Ctrl-C: the events seen so far are still one document
                    print_json(args, collected)
                raise
        if args.json:
            print_json(args, collected)


def _watched_locations(client: SmartThings) -> list[str]:
    own = getattr(client.credential, "location_id", None)
    if own:
        return [own]
    locations = [location.location_id for location in client.locations.list()]
    if not locations:
        raise UsageError("the token sees no location: pass --location")
    return locations


def _event_line(event: Any) -> str:
    from ..models.events import ControlEvent, DeviceEvent, DeviceHealthEvent, DeviceLifecycleEvent

    when = timestamp(event.event_time, "-")
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


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    events = groups.add_parser(
        "events", help="watch device events live (the SSE stream; needs a token with the reserved sse scope)"
    ).add_subparsers(dest="action", required=True)
    p = events.add_parser("watch", parents=[common], help="print events as they arrive, until Ctrl-C")
    p.add_argument("--location", action="append", help="a location id (repeatable; default: every one)")
    p.add_argument("--event-type", action="append", help="e.g. DEVICE_EVENT (repeatable; default: device events)")
    p.add_argument("--control", action="store_true", help="also print welcome/goodbye control events")
    p.add_argument("--max-events", type=int, help="stop after N events")
    p.add_argument("--timeout", type=float, help="stop after N seconds (exit code 0)")
    add_jsonl_option(p)
    p.set_defaults(func=cmd_events_watch)
