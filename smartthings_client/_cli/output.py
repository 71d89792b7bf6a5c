"""Printing answers: JSON or YAML documents for scripts (``-o json|yaml``), tables that fit the terminal for people."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any


def encode(value: Any) -> Any:
    """A model as JSON-ready data (the converter, with its hooks, loads on first use)."""
    from ..models.converter import encode as encode_model

    return encode_model(value)


def jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return encode(value)


def plain_data(value: Any) -> Any:
    """A model (or a list of them) as plain JSON data: dicts, lists, strings, numbers (times as text)."""
    return json.loads(json.dumps(jsonable(value), default=str, ensure_ascii=False))


def yaml_module() -> Any:
    """PyYAML, or an error that names the extra to install (the library itself never needs it)."""
    from .._optional import require

    return require("yaml", extra="yaml", purpose="YAML (-o yaml, YAML input files and the profiles file)")


def document_text(value: Any, output: str) -> str:
    """``value`` as one document in ``output`` format (``json`` or ``yaml``)."""
    if output == "yaml":
        text: str = yaml_module().safe_dump(plain_data(value), sort_keys=False, allow_unicode=True)
        return text.rstrip("\n")
    return json.dumps(jsonable(value), indent=2, default=str, ensure_ascii=False)


def print_json(args: argparse.Namespace, value: Any) -> None:
    """``-o json`` (``--json``) or ``-o yaml``: the whole answer as one document (``| jq``, ``| yq`` read it)."""
    print(document_text(value, getattr(args, "output", "json") if args.json else "json"))


def print_json_line(value: Any) -> None:
    """``--jsonl``: one item of a stream as one compact line, printed as it arrives (for ``jq -c``, ``grep``)."""
    print(json.dumps(jsonable(value), default=str, ensure_ascii=False), flush=True)


def add_jsonl_option(parser: argparse.ArgumentParser) -> None:
    """``--jsonl`` for the commands that print a stream; their ``--json`` prints the whole stream as one array."""
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help="print JSON Lines: one compact JSON object per line, as they come (--json prints one array)",
    )


def wants_json_lines(args: argparse.Namespace) -> bool:
    """Whether a streaming command prints JSON Lines; ``--json`` and ``--jsonl`` together are a usage error."""
    from .problems import UsageError

    if args.json and args.jsonl:
        raise UsageError("give --json (one JSON document) or --jsonl (one JSON object per line), not both")
    return bool(args.jsonl)


def emit(
    args: argparse.Namespace, value: Any, rows: Callable[[], Iterable[Sequence[Any]]], header: Sequence[str]
) -> None:
    """Print ``value`` as JSON (``--json``) or as a table of ``rows``."""
    if args.json:
        print_json(args, value)
        return
    print_table(header, rows())


def print_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a whole table at once (see :class:`Table` for one that streams)."""
    table = Table(header)
    table.add(rows)
    table.close()


class Table:
    """A table printed as its rows arrive (a page at a time), fitted to the terminal's width, one line per row.

    Ids and timestamps are never split or cut, so that they can be copied from the terminal: a column whose header
    names an id keeps its full width, and no column is narrower than its widest UUID or timestamp.  The other
    columns are narrowed, widest first, and their long cells are cut with an ellipsis; nothing wraps.
    """

    def __init__(self, header: Sequence[str]) -> None:
        self.header = list(header)
        self.widths: list[int] | None = None
        self.printed = 0

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        cells = [[("" if cell is None else str(cell)) for cell in row] for row in rows]
        if self.widths is None:
            if not cells:
                return  # wait for a page with rows, so the widths fit them
            self.widths = _fit(self.header, cells)
            self._print_row([h.upper() for h in self.header])
        for row in cells:
            self._print_row(row)
        self.printed += len(cells)
        sys.stdout.flush()

    def close(self) -> None:
        if self.widths is None:
            self.widths = _fit(self.header, [])
            self._print_row([h.upper() for h in self.header])
        if not self.printed:
            print("(none)")

    def _print_row(self, cells: Sequence[str]) -> None:
        assert self.widths is not None
        parts = [_cut(cell, width).ljust(width) for cell, width in zip(cells, self.widths, strict=True)]
        print("  ".join(parts).rstrip())


ELLIPSIS = "…"

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


def _uncuttable(cell: str) -> bool:
    """A cell that is never cut: one that holds a UUID (alone or within text: `command <device id>`), or that is
    a timestamp."""
    return bool(_UUID.search(cell) or _TIMESTAMP.fullmatch(cell.strip()))


def timestamp(value: datetime | None, missing: str = "") -> str:
    """A time in a table or a line: to the second, in UTC when it is aware (``2026-12-06T02:20:30Z``, the form of
    the API's own times, and short enough for an 80-column table)."""
    if value is None:
        return missing
    if value.tzinfo is None:
        return value.isoformat(timespec="seconds")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# Narrowed columns keep at least this many characters (or their natural width, if smaller).
_MIN_COLUMN = 6


# Headers whose last word says the column holds ids: UUIDs, and the names that are typed back into commands as they
# are (`scopes explain OPERATION`, `auth list`'s store keys, components).
_ID_WORDS = frozenset({"id", "key", "component", "operation"})


def _names_an_id(header: str) -> bool:
    words = header.lower().split()
    return bool(words) and words[-1] in _ID_WORDS


def _cut(text: str, width: int) -> str:
    """``text`` in ``width`` characters: cut with an ellipsis (a comma-separated list, after its last whole item).
    A cell holding an id or a timestamp is never cut (it overflows its column instead)."""
    if len(text) <= width or _uncuttable(text):
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    kept = text[: width - 1]
    if "," in kept:  # a list: whole names only
        kept = kept[: kept.rfind(",") + 1]
    return kept + ELLIPSIS


def _fit(header: Sequence[str], cells: list[list[str]]) -> list[int]:
    """Column widths that fit the terminal: columns whose header names an id keep their full width, the others
    are narrowed, widest first, until the line fits, but never below a minimum nor below their widest id or
    timestamp (if the line still does not fit, it stays too long rather than cut an id).

    Output that goes to a pipe or a file keeps whole lines (for grep and friends) unless $COLUMNS is set.
    """
    columns = [[h, *(row[i] for row in cells)] for i, h in enumerate(header)]
    widths = [max(len(text) for text in column) for column in columns]
    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return widths
    available = shutil.get_terminal_size().columns - 2 * (len(header) - 1)
    floors = [
        width
        if _names_an_id(column[0])
        else max([min(width, _MIN_COLUMN), *(len(text) for text in column[1:] if _uncuttable(text))])
        for width, column in zip(widths, columns, strict=True)
    ]
    while sum(widths) > available:
        narrowable = [i for i in range(len(widths)) if widths[i] > floors[i]]
        if not narrowable:
            break
        widest = max(narrowable, key=widths.__getitem__)
        widths[widest] -= 1
    return widths


def emit_pages(
    args: argparse.Namespace, pager: Any, row: Callable[[Any], Sequence[Any]], header: Sequence[str]
) -> list[Any]:
    """Print a list call: with ``--json`` one JSON array at the end, else table rows as each page arrives."""
    if args.json:
        items = pager.to_list()
        print_json(args, items)
        return list(items)
    table = Table(header)
    items = []
    for page in pager.pages():
        items.extend(page.items)
        table.add(row(item) for item in page.items)
    table.close()
    return items
