"""Printing answers: JSON for scripts, tables that fit the terminal for people."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Iterable, Sequence
from typing import Any


def encode(value: Any) -> Any:
    """A model as JSON-ready data (the converter, with its hooks, loads on first use)."""
    from ..models.converter import encode as encode_model

    return encode_model(value)


def jsonable(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return encode(value)


def emit(
    args: argparse.Namespace, value: Any, rows: Callable[[], Iterable[Sequence[Any]]], header: Sequence[str]
) -> None:
    """Print ``value`` as JSON (``--json``) or as a table of ``rows``."""
    if args.json:
        print(json.dumps(jsonable(value), indent=2, default=str, ensure_ascii=False))
        return
    print_table(header, rows())


def print_table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Print a whole table at once (see :class:`Table` for one that streams)."""
    table = Table(header)
    table.add(rows)
    table.close()


class Table:
    """A table printed as its rows arrive (a page at a time), fitted to the terminal's width.

    Column widths come from the header and the first rows; when they do not fit, the widest columns are narrowed
    and long cells wrap onto more lines, so nothing is cut off.
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
        wrapped = [
            textwrap.wrap(cell, width, break_on_hyphens=False) or [""] if len(cell) > width else [cell]
            for cell, width in zip(cells, self.widths, strict=True)
        ]
        for line in range(max(len(lines) for lines in wrapped)):
            parts = [
                (lines[line] if line < len(lines) else "").ljust(width)
                for lines, width in zip(wrapped, self.widths, strict=True)
            ]
            print("  ".join(parts).rstrip())


_MIN_COLUMN = 10


def _fit(header: Sequence[str], cells: list[list[str]]) -> list[int]:
    """Column widths that fit the terminal: the widest columns are narrowed, first down to their longest word
    (so text wraps between words), then, if that is not enough, down to a minimum (breaking words).

    Output that goes to a pipe or a file keeps whole lines (for grep and friends) unless $COLUMNS is set.
    """
    columns = [[h, *(row[i] for row in cells)] for i, h in enumerate(header)]
    widths = [max(len(text) for text in column) for column in columns]
    if not (sys.stdout.isatty() or os.environ.get("COLUMNS")):
        return widths
    available = shutil.get_terminal_size().columns - 2 * (len(header) - 1)
    longest_words = [max(len(word) for text in column for word in text.split() or [""]) for column in columns]
    for floors in (longest_words, [_MIN_COLUMN] * len(widths)):
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
        print(json.dumps(jsonable(items), indent=2, default=str, ensure_ascii=False))
        return list(items)
    table = Table(header)
    items = []
    for page in pager.pages():
        items.extend(page.items)
        table.add(row(item) for item in page.items)
    table.close()
    return items
