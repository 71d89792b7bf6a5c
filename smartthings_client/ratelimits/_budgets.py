"""The decisions about budgets, shared by the sync and async send loops: which budgets a call draws from, and
whether a refused call waits or raises.  The loops only sleep (``RetryPolicy.sleep`` / ``async_sleep``)."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal

from ..errors import RateBudgetExceeded
from ._slots import Decision, RateLimiter, Slot, micros
from ._table import RateLimit

if TYPE_CHECKING:
    from .._operation import Operation

log = logging.getLogger("smartthings_client")

Mode = Literal["wait", "raise"]

# Slots made for (operation, ids) pairs, kept for the next call; cleared when full (thousands of devices).
_SLOTS_CACHED = 4096


def caller_key(credential: Any) -> str:
    """Who a per-caller budget belongs to: the token's installed app where known (it outlives each access token),
    else a fingerprint of the token (never the token itself: keys may be stored in Redis)."""
    for attribute, prefix in (("installed_app_id", "app:"), ("store_key", "stored:")):
        value = getattr(credential, attribute, None)
        if isinstance(value, str) and value:
            return prefix + value
    token = getattr(credential, "token", None)
    if isinstance(token, str) and token:
        return "token:" + hashlib.sha256(token.encode()).hexdigest()[:20]
    return f"client:{id(credential):x}"


class Budgets:
    """A client's rate budgets: the limiter that keeps them, what a call that would exceed one does, and who the
    caller is."""

    def __init__(self, limiter: object, mode: Mode, credential: Any, max_wait: float) -> None:
        if mode not in ("wait", "raise"):
            raise ValueError(f"rate_limits must be 'wait', 'raise' or None, got {mode!r}")
        if not isinstance(limiter, RateLimiter):
            kind = type(limiter).__name__
            raise TypeError(f"rate_limiter must be a LocalRateLimiter or a RedisRateLimiter, not {kind}")
        self.limiter: RateLimiter = limiter
        self.mode = mode
        self.caller = caller_key(credential)
        self.max_wait = max_wait
        self._slots: dict[tuple[str, tuple[str, ...]], tuple[Slot, ...]] = {}

    def slots(self, op: Operation[Any]) -> tuple[Slot, ...]:
        """The budgets a call of ``op`` draws from (none for most operations: one dict lookup); the slots of a
        (operation, ids) pair are made once and then looked up, a device polled every second costs no string
        building."""
        rows = self.limiter.limits.for_operation(op.name)
        if not rows:
            return ()
        ids = op.ids
        cache_key = (op.name, tuple(ids.values()) if ids else ())
        found = self._slots.get(cache_key)
        if found is None:
            if len(self._slots) >= _SLOTS_CACHED:
                self._slots.clear()
            found = self._slots[cache_key] = tuple(self._slot(row, ids or {}) for row in rows)
        return found

    def _slot(self, row: RateLimit, ids: Mapping[str, str]) -> Slot:
        path_id = row.path_id
        value = ids.get(path_id) if path_id is not None else None
        # A per-device or per-location row on a call without that id (none in the documented table) falls back to
        # the caller, the stricter key.
        if value:
            key, subject = f"{row.name}:{row.per}:{value}", f"{row.per.replace('_', ' ')} {value}"
        else:
            key, subject = f"{row.name}:{self.caller}", "this caller"
        return Slot(key, row.limit, micros(row.period), row, subject)

    def refused(self, op: Operation[Any], slots: tuple[Slot, ...], decision: Decision, waited: float) -> float:
        """How long to sleep before asking again; raises :class:`RateBudgetExceeded` in ``"raise"`` mode, or when
        the total wait would pass ``max_wait``."""
        slot = slots[decision.deciding]
        row = slot.row
        wait = decision.wait
        if self.mode == "wait" and waited + wait <= self.max_wait:
            log.debug("%s: waiting %.2f s for the rate budget %s", op.name, wait, row.name)
            return wait
        why = "is held: SmartThings answered 429 and asked to wait" if decision.held else "is spent"
        if self.mode == "wait":
            fix = f"the wait is above the retry policy's max_wait of {self.max_wait:g} s"
        else:
            fix = "rate_limits='raise'; use rate_limits='wait' to wait instead"
        raise RateBudgetExceeded(
            f"{op.name}: not sent: the rate budget {row.name!r} ({row.rate} per {row.per.replace('_', ' ')}) of "
            f"{slot.subject} {why}; the next call may go in {wait:.1f} s "
            f"({fix}). Source of the limit: {row.source}",
            operation=op.name,
            retry_after=wait,
            limit=row,
            held=decision.held,
        )
