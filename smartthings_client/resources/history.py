"""``st.history``: the recorded state changes of a location's devices, paged lazily by time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Literal

from .._operation import Bound, Request, one_or_many, query
from ..models.converter import decode_as
from ..models.history import DeviceActivity
from ._base import AsyncResource, ResourceBase, SyncResource, paged

__all__ = ["MAX_PAGE_SIZE", "AsyncHistory", "History"]

MAX_PAGE_SIZE = 300  # "the history endpoints will only return 300 items maximum per request" (official CLI)

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MILLISECOND = timedelta(milliseconds=1)

_decode_activity = decode_as(DeviceActivity)


def _epoch_ms(value: datetime | None, name: str) -> int | None:
    if value is None:
        return None
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime (e.g. datetime.now(timezone.utc)), not a naive one")
    return (value - _EPOCH) // _MILLISECOND


def _activity_ms(item: DeviceActivity) -> int | None:
    if item.epoch is not None:
        return item.epoch
    return _epoch_ms(item.time, "time") if item.time is not None else None


Cursor = tuple[int, int | None]
"""A SmartThings history cursor: an event's epoch (milliseconds) and, optionally, its hash."""


def _beyond_after(item: DeviceActivity, at: int, cursor: Cursor) -> bool:
    """Whether an event is at or before an "after" cursor (an epoch alone counts its own millisecond in)."""
    epoch, digest = cursor
    return at < epoch or (at == epoch and digest is not None and item.hash == digest)


def _beyond_before(item: DeviceActivity, at: int, cursor: Cursor) -> bool:
    """Whether an event is at or after a "before" cursor (which never counts its own event in)."""
    epoch, digest = cursor
    return at > epoch or (at == epoch and (digest is None or item.hash == digest))


def _window(
    start_ms: int | None,
    end_ms: int | None,
    oldest_first: bool,
    after: Cursor | None = None,
    before: Cursor | None = None,
) -> Bound:
    """Keep ``start <= epoch < end`` and what lies between the caller's cursors; the first event past the far
    end of the walk ends it (a newest-first walk from an "after" cursor stops when it reaches the cursor)."""

    def bound(item: DeviceActivity) -> Literal["keep", "skip", "stop"]:
        at = _activity_ms(item)
        if at is None:
            return "keep"
        if (start_ms is not None and at < start_ms) or (after is not None and _beyond_after(item, at, after)):
            return "skip" if oldest_first else "stop"
        if (end_ms is not None and at >= end_ms) or (before is not None and _beyond_before(item, at, before)):
            return "stop" if oldest_first else "skip"
        return "keep"

    return bound


def _cursor(
    name: str, epoch: int | None, digest: int | None, bound_ms: int | None, bound_name: str
) -> tuple[int | None, int | None]:
    """A caller's SmartThings cursor, checked: whole numbers, a hash only with its epoch, not with a range end."""
    for value, argument in ((epoch, name), (digest, f"{name}_hash")):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise TypeError(f"{argument} must be an int (a DeviceActivity's epoch or hash), not {type(value).__name__}")
    if digest is not None and epoch is None:
        raise ValueError(f"{name}_hash needs {name} (the epoch of the same event)")
    if epoch is not None and bound_ms is not None:
        raise ValueError(f"give {name} or {bound_name}, not both")
    return epoch, digest


class _History(ResourceBase):
    _group = "history"

    @paged(
        "history.devices",
        "GET",
        "/history/devices",
        (("r:devices:*",),),
        note="The scope is unknown (the 2019 spec has the path as an empty stub): r:devices:* is the likely "
        "requirement (unverified). SmartThings returns at most 300 events per page.",
    )
    def devices(
        self,
        location_id: str | Iterable[str],
        *,
        device_id: str | Iterable[str] | None = None,
        oldest_first: bool | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        page_size: int | None = None,
        before: int | None = None,
        before_hash: int | None = None,
        after: int | None = None,
        after_hash: int | None = None,
    ) -> Request[DeviceActivity]:
        """The device events of a location (or of some of its devices), newest first, fetched page by page.

        ``start`` (inclusive) and ``end`` (exclusive) are aware datetimes bounding the events: newest first, the
        walk starts before ``end`` and stops at the first event older than ``start``, so no page past the range
        is fetched; with ``oldest_first=True`` it starts at ``start`` and stops at ``end``.  ``page_size`` sets
        ``limit`` (SmartThings' default is 20, its maximum 300).  Each next page is SmartThings' own epoch + hash
        cursor link, followed as given; a cursor past the last event ends the list.

        ``before``/``before_hash`` and ``after``/``after_hash`` are SmartThings' own cursors
        (``pagingBeforeEpoch``/``pagingBeforeHash``, ``pagingAfterEpoch``/``pagingAfterHash``), as the official
        SDK sends them: the ``epoch`` (milliseconds) and ``hash`` of a :class:`DeviceActivity` already seen, so a
        later run resumes there on the server instead of downloading what it has.  ``pages(previous=True)`` on
        the result walks the other way (``_links.previous``: newer events of a newest-first list).  Newest first,
        an ``after`` cursor answers the page just after it: walk on towards the newest with
        ``pages(previous=True)`` (or resume with ``oldest_first=True``); the forward walk ends at the cursor.
        """
        locations = one_or_many(location_id, "location_id")
        if not locations:
            raise ValueError("location_id is required (SmartThings keeps history per location)")
        if page_size is not None and not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be 1 to {MAX_PAGE_SIZE} (SmartThings' most events per page)")
        start_ms, end_ms = _epoch_ms(start, "start"), _epoch_ms(end, "end")
        if start_ms is not None and end_ms is not None and start_ms >= end_ms:
            raise ValueError("start must be before end")
        before, before_hash = _cursor("before", before, before_hash, end_ms, "end")
        after, after_hash = _cursor("after", after, after_hash, start_ms, "start")
        given_after = (after, after_hash) if after is not None else None
        given_before = (before, before_hash) if before is not None else None
        backwards = not oldest_first
        if backwards and before is None:
            # Newest first walks back from end; oldest first walks forward from start, whose own millisecond
            # must be included although SmartThings documents the "after" cursor as exclusive.
            before = end_ms
        if not backwards and after is None and start_ms is not None:
            after = start_ms - 1
        params = query(
            ("locationId", locations),
            ("deviceId", one_or_many(device_id, "device_id")),
            ("limit", page_size),
            ("oldestFirst", oldest_first),
            ("pagingBeforeEpoch", before),
            ("pagingBeforeHash", before_hash),
            ("pagingAfterEpoch", after),
            ("pagingAfterHash", after_hash),
        )
        bound = _window(start_ms, end_ms, bool(oldest_first), given_after, given_before)
        return Request(_decode_activity, params=params, bound=bound)


class History(_History, SyncResource):
    """Device history (blocking).  Reach it as ``SmartThings().history``."""


class AsyncHistory(_History, AsyncResource):
    """Device history (async).  Reach it as ``AsyncSmartThings().history``."""
