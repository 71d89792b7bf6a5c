"""Budgets kept in this process: a sliding-window log per budget, behind one lock (threads and tasks alike)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence

from ._slots import GRANTED, Decision, Slot, micros
from ._table import DOCUMENTED_LIMITS, RateLimitTable

# Budgets nobody drew from for a whole period are forgotten every this many grants (a mirror of thousands of
# devices keeps a budget per device; one that went quiet must not stay in memory forever).
_SWEEP_EVERY = 1024


class LocalRateLimiter:
    """Keeps the budgets of every client in this process that uses it (the default for ``rate_limits=``).

    A sliding-window log: a budget of ``limit`` calls per ``period`` keeps the times of its last ``limit`` grants,
    and a call goes when the oldest of them is more than ``period`` old, so no span of ``period`` seconds ever holds
    more than ``limit`` calls, whatever windows the server counts in.  ``clock`` (seconds) is what the budgets
    read: ``time.monotonic`` by default; tests give an emulator's ``clock.now`` (with its ``clock.sleep`` as the
    retry policy's sleep).  ``limits`` replaces the documented table.
    """

    def __init__(
        self, limits: RateLimitTable = DOCUMENTED_LIMITS, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if not isinstance(limits, RateLimitTable):
            raise TypeError(f"limits must be a RateLimitTable, not {type(limits).__name__}")
        self.limits = limits
        self.clock = clock
        self._lock = threading.Lock()
        self._logs: dict[str, deque[int]] = {}
        self._holds: dict[str, int] = {}
        self._grants = 0

    def acquire(self, slots: Sequence[Slot]) -> Decision:
        """Take one call from every budget in ``slots``, or none of them and say how long to wait."""
        now = micros(self.clock())
        logs, holds = self._logs, self._holds
        with self._lock:
            wait, index, held = 0, -1, False
            for i, slot in enumerate(slots):
                if holds:  # almost always empty: only a 429 holds a budget
                    hold = holds.get(slot.key, 0)
                    if hold > now and hold - now > wait:
                        wait, index, held = hold - now, i, True
                log = logs.get(slot.key)
                if log is None:
                    continue
                horizon = now - slot.period
                while log and log[0] <= horizon:
                    log.popleft()
                if len(log) >= slot.limit:
                    free_at = log[len(log) - slot.limit] + slot.period
                    if free_at - now > wait:
                        wait, index, held = free_at - now, i, False
            if wait > 0:
                return Decision(wait / 1_000_000, index, held)
            for slot in slots:
                log = logs.get(slot.key)
                if log is None:
                    log = logs[slot.key] = deque()
                log.append(now)
            self._grants += 1
            if self._grants % _SWEEP_EVERY == 0:
                self._sweep(now)
        return GRANTED

    async def aacquire(self, slots: Sequence[Slot]) -> Decision:
        """:meth:`acquire` for async code (it never waits on I/O: the lock is held for microseconds)."""
        return self.acquire(slots)

    def hold(self, slots: Sequence[Slot], seconds: float) -> None:
        """No call from these budgets for ``seconds`` (SmartThings answered 429 and asked for that wait)."""
        until = micros(self.clock()) + micros(seconds)
        with self._lock:
            for slot in slots:
                if self._holds.get(slot.key, 0) < until:
                    self._holds[slot.key] = until

    async def ahold(self, slots: Sequence[Slot], seconds: float) -> None:
        """:meth:`hold` for async code."""
        self.hold(slots, seconds)

    def _sweep(self, now: int) -> None:
        # The longest period bounds how long any grant matters.
        longest = max((micros(row.period) for row in self.limits.values()), default=0)
        for key in [k for k, log in self._logs.items() if not log or log[-1] <= now - longest]:
            del self._logs[key]
        for key in [k for k, until in self._holds.items() if until <= now]:
            del self._holds[key]

    def __repr__(self) -> str:
        return f"LocalRateLimiter({len(self.limits)} limits, {len(self._logs)} budgets in use)"


_default: LocalRateLimiter | None = None
_default_guard = threading.Lock()


def default_limiter() -> LocalRateLimiter:
    """The limiter of clients given ``rate_limits=`` without a ``rate_limiter``: one per process, so two clients
    with the same token share their budgets."""
    global _default  # noqa: PLW0603 - made on first use: a process that never budgets never builds it
    with _default_guard:
        if _default is None:
            _default = LocalRateLimiter()
        return _default
