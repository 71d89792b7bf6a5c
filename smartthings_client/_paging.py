"""Lazy iteration over every item of a list call, following ``_links.next.href`` as SmartThings gives it.

A list with a caller's range (``Operation.bound``: device history between two times) drops the items before the
range, ends at the first item past it without fetching further pages, and ends at an empty page: a cursor past
the last event answers ``{items: []}``.

``pages(previous=True)`` walks the other way from the first page, following ``_links.previous.href`` (device
history: the newer events of a newest-first list), as the official SDK's ``PaginatedList.previous()`` does; the
caller's range bounds the forward walk only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Generic, TypeVar

import attrs

from ._operation import Operation
from .errors import PaginationError

if TYPE_CHECKING:
    from ._transport import AsyncTransport, Page, SyncTransport

T = TypeVar("T")

__all__ = ["AsyncPager", "SyncPager"]


def _within_bound(op: Operation[T], page: Page[T]) -> tuple[Page[T], bool]:
    """The page as the caller's range keeps it, and whether the list ends with it."""
    bound = op.bound
    if bound is None:
        return page, page.next_url is None
    kept: list[T] = []
    for item in page.items:
        verdict = bound(item)
        if verdict == "stop":
            return attrs.evolve(page, items=kept, next_url=None), True
        if verdict == "keep":
            kept.append(item)
    return attrs.evolve(page, items=kept), page.next_url is None or not page.items


def _step(op: Operation[T], page: Page[T], previous: bool) -> tuple[Page[T], str | None]:
    """The page as the walk keeps it, and the link the walk follows next (None: the walk ends)."""
    if previous:
        return page, page.previous_url if page.items else None
    kept, last = _within_bound(op, page)
    return kept, None if last else kept.next_url


def _refuse_cycle(op: Operation[T], url: str, followed: set[str]) -> None:
    # next_page_op catches a page linking to itself; a longer cycle (A -> B -> A) would otherwise never end.
    if url in followed:
        raise PaginationError(f"{op.name}: the next-page links loop back to a page already fetched: {url}")
    followed.add(url)


class SyncPager(Generic[T]):
    """Every item of a list call, fetched page by page as iteration needs them.

    Nothing is sent until iteration starts; iterate again to fetch again.  ``pages()`` yields whole pages.
    """

    def __init__(self, transport: SyncTransport, op: Operation[T]) -> None:
        self._transport = transport
        self._op = op

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items

    def pages(self, *, previous: bool = False) -> Iterator[Page[T]]:
        """Whole pages: the first, then each next one; with ``previous=True`` each previous one instead."""
        op = self._op
        core = self._transport.core
        current = core.url(op)
        followed: set[str] = set()
        while True:
            page, link = _step(op, self._transport.page(op), previous)
            yield page
            if link is None:
                return
            op = core.next_page_op(op, link, current)
            current = op.absolute_url or current
            _refuse_cycle(op, current, followed)

    def to_list(self) -> list[T]:
        """All items as a list (fetches every page)."""
        return list(self)

    def first(self) -> T | None:
        """The first item, fetching only the first page; ``None`` when the list is empty."""
        return next(iter(self), None)

    def __repr__(self) -> str:
        return f"SyncPager({self._op.name})"


class AsyncPager(Generic[T]):
    """Every item of a list call, for ``async for``; pages are fetched as iteration needs them."""

    def __init__(self, transport: AsyncTransport, op: Operation[T]) -> None:
        self._transport = transport
        self._op = op

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item

    async def pages(self, *, previous: bool = False) -> AsyncIterator[Page[T]]:
        """Whole pages: the first, then each next one; with ``previous=True`` each previous one instead."""
        op = self._op
        core = self._transport.core
        current = core.url(op)
        followed: set[str] = set()
        while True:
            page, link = _step(op, await self._transport.page(op), previous)
            yield page
            if link is None:
                return
            op = core.next_page_op(op, link, current)
            current = op.absolute_url or current
            _refuse_cycle(op, current, followed)

    async def to_list(self) -> list[T]:
        """All items as a list (fetches every page)."""
        return [item async for item in self]

    async def first(self) -> T | None:
        """The first item, fetching only the first page; ``None`` when the list is empty."""
        async for item in self:
            return item
        return None

    def __repr__(self) -> str:
        return f"AsyncPager({self._op.name})"
