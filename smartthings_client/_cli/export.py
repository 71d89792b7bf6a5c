"""`history export`: the history of many devices to CSV or JSON Lines, oldest first, resumable.

With ``--cursor FILE`` the export remembers, per device, the newest event it wrote (its epoch millisecond and the
hashes of the events of that millisecond), saved after each device; the next run with the same cursor starts
there, so a nightly job appends only what is new and an interrupted one resumes where it stopped, without
duplicates.  On a terminal a progress bar goes to standard error.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .output import jsonable, timestamp
from .session import Session, UsageError

if TYPE_CHECKING:
    from ..models.history import DeviceActivity

COMMAND = "history export"
CSV_COLUMNS = [
    "time",
    "epoch",
    "device_id",
    "device_name",
    "location_id",
    "component",
    "capability",
    "attribute",
    "value",
    "unit",
]
BAR_WIDTH = 24


class Progress:
    """``[#####.....] 3/10 devices, 1234 events`` on standard error, redrawn in place; silent off a terminal."""

    def __init__(self, total: int, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.shown = self.stream.isatty()
        self.total, self.done, self.events = total, 0, 0

    def draw(self) -> None:
        if not self.shown:
            return
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "." * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {self.done}/{self.total} devices, {self.events} events")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def read_cursor(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None or not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"--cursor {path} is not a cursor this command wrote: {error}") from error
    devices = data.get("devices") if isinstance(data, dict) else None
    if not isinstance(devices, dict):
        raise UsageError(f"--cursor {path} is not a cursor this command wrote (no devices)")
    return devices


def write_cursor(path: Path, devices: dict[str, dict[str, Any]]) -> None:
    """Replace the cursor file at once (a crash leaves the old one or the new one, never half of one)."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps({"devices": devices}, indent=2), encoding="utf-8")
    temporary.replace(path)


def _start(cursor: dict[str, Any] | None, since: datetime | None) -> datetime | None:
    if cursor and isinstance(cursor.get("epoch"), int):
        resumed = datetime.fromtimestamp(cursor["epoch"] / 1000, tz=timezone.utc)
        return max(resumed, since) if since else resumed
    return since


def _new_events(events: Iterator[DeviceActivity], cursor: dict[str, Any] | None) -> Iterator[DeviceActivity]:
    """The events past the cursor: its own millisecond is read again (inclusive), and the events of it already
    written are skipped by hash."""
    seen_epoch = cursor.get("epoch") if cursor else None
    seen = set(cursor.get("hashes", ())) if cursor else set()
    for event in events:
        if event.epoch is not None and event.epoch == seen_epoch and event.hash in seen:
            continue
        yield event


class Writer:
    def __init__(self, stream: IO[str], form: str, header: bool) -> None:
        self.stream, self.form = stream, form
        self.csv = csv.writer(stream) if form == "csv" else None
        if self.csv is not None and header:
            self.csv.writerow(CSV_COLUMNS)

    def write(self, event: DeviceActivity) -> None:
        if self.csv is None:
            self.stream.write(json.dumps(jsonable(event), default=str, ensure_ascii=False) + "\n")
            return
        value = event.value if isinstance(event.value, str) else json.dumps(event.value)
        self.csv.writerow(
            [
                timestamp(event.time),
                event.epoch if event.epoch is not None else "",
                event.device_id,
                event.device_name or "",
                event.location_id or "",
                event.component,
                event.capability or "",
                event.attribute or "",
                value,
                event.unit or "",
            ]
        )


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as error:
        raise UsageError(f"--since {text!r} is not an ISO-8601 time (e.g. 2026-12-01T00:00:00Z)") from error
    if when.tzinfo is None:
        raise UsageError(f"--since {text!r} needs a time zone (Z or +01:00): history is kept in UTC")
    return when


def _open_output(path: str | None, append: bool) -> tuple[IO[str], bool]:
    """The stream to write and whether it is new (a CSV header goes only at the top of a new file)."""
    if path is None or path == "-":
        return sys.stdout, True
    target = Path(path)
    fresh = not (append and target.exists() and target.stat().st_size > 0)
    try:
        return target.open("w" if fresh else "a", encoding="utf-8", newline=""), fresh
    except OSError as error:
        raise UsageError(f"cannot write --file {path}: {error.strerror or error}") from error


def cmd_history_export(args: argparse.Namespace) -> None:
    if args.json:
        raise UsageError(f"history export writes --format csv or jsonl, not -o {args.output}")
    since = _since(args.since)
    cursor_path = Path(args.cursor) if args.cursor else None
    cursors = read_cursor(cursor_path)
    with Session(args) as session:
        client = session.client
        devices = list(client.devices.list(device_id=args.device_ids or None, location_id=args.location_id or None))
        if args.device_ids:
            missing = sorted(set(args.device_ids) - {d.device_id for d in devices})
            if missing:
                from .session import NotFound

                raise NotFound(f"no device {', '.join(missing)} among the devices the token sees")
        stream, fresh = _open_output(args.file, append=cursor_path is not None)
        progress = Progress(len(devices))
        written = 0
        try:
            writer = Writer(stream, args.format, header=fresh)
            progress.draw()
            for device in devices:
                if not device.location_id:
                    progress.done += 1
                    continue
                cursor = cursors.get(device.device_id)
                events = client.history.devices(
                    device.location_id,
                    device_id=device.device_id,
                    oldest_first=True,
                    start=_start(cursor, since),
                    page_size=300,
                )
                newest: dict[str, Any] = dict(cursor) if cursor else {}
                for event in _new_events(iter(events), cursor):
                    writer.write(event)
                    written += 1
                    progress.events += 1
                    if event.epoch is not None:
                        if event.epoch != newest.get("epoch"):
                            newest = {"epoch": event.epoch, "hashes": []}
                        newest["hashes"].append(event.hash)
                    if progress.events % 100 == 0:
                        progress.draw()
                stream.flush()
                if cursor_path is not None and newest:
                    cursors[device.device_id] = newest
                    write_cursor(cursor_path, cursors)
                progress.done += 1
                progress.draw()
        finally:
            progress.close()
            if stream is not sys.stdout:
                stream.close()
    where = f" to {args.file}" if args.file and args.file != "-" else ""
    resume = f"; the next run with --cursor {args.cursor} starts after them" if args.cursor else ""
    print(f"exported {written} events of {len(devices)} devices{where}{resume}", file=sys.stderr)


def join_command(argv: Sequence[str], parser: argparse.ArgumentParser) -> list[str]:
    """``history export ...`` as the one command word the parser knows (``history DEVICE`` stays as it is)."""
    words = list(argv)
    index = 0
    while index < len(words):
        word = words[index]
        if word == "--":
            return words
        if word.startswith("-"):
            takes_value = any(word in action.option_strings and action.nargs != 0 for action in parser._actions)
            index += 2 if takes_value and "=" not in word else 1
            continue
        if word == "history" and words[index + 1 : index + 2] == ["export"]:
            return [*words[:index], COMMAND, *words[index + 2 :]]
        return words
    return words


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    p = groups.add_parser(
        COMMAND,
        parents=[common],
        help="export the history of many devices to CSV or JSON Lines, resumable with --cursor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("device_ids", metavar="DEVICE_ID", nargs="*", help="the devices (default: every one the token sees)")
    p.add_argument("--location-id", help="only the devices of this location")
    p.add_argument("--format", choices=["csv", "jsonl"], default="csv", help="csv (default) or jsonl (JSON Lines)")
    p.add_argument("--file", metavar="FILE", help="write here (default: standard output); with --cursor, appended")
    p.add_argument(
        "--cursor", metavar="FILE", help="where the export stopped: read to resume, written after each device"
    )
    p.add_argument("--since", metavar="TIME", help="only events from this ISO-8601 time on (e.g. 2026-12-01T00:00:00Z)")
    p.set_defaults(func=cmd_history_export)
