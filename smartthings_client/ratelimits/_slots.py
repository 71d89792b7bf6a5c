"""What a limiter is asked and answers: the budgets one call draws from, and whether it may go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple, Protocol, runtime_checkable

from ._table import RateLimit, RateLimitTable


def micros(seconds: float) -> int:
    """Seconds as whole microseconds: budgets count in integers, so a wait computed from them is exact."""
    return round(seconds * 1_000_000)


class Slot(NamedTuple):
    """One budget a call draws from: ``key`` names it (row and kept-per value), ``period`` is in microseconds,
    ``subject`` says whose budget it is in messages (``"device 5f3c..."``, ``"this caller"``)."""

    key: str
    limit: int
    period: int
    row: RateLimit
    subject: str


class Decision(NamedTuple):
    """A limiter's answer: ``wait`` seconds (0: the call was granted and counted), the index of the slot that
    decided, and whether that slot is held after a 429 rather than spent."""

    wait: float
    deciding: int
    held: bool


GRANTED = Decision(0.0, -1, False)


@runtime_checkable
class RateLimiter(Protocol):
    """Where budgets are kept: :class:`~smartthings_client.ratelimits.LocalRateLimiter` (this process) or
    :class:`~smartthings_client.ratelimits.RedisRateLimiter` (every process on every machine)."""

    limits: RateLimitTable

    def acquire(self, slots: Sequence[Slot]) -> Decision:
        """Take one call from every budget in ``slots`` (all or none) and say whether it may go."""
        ...

    async def aacquire(self, slots: Sequence[Slot]) -> Decision:
        """:meth:`acquire` for async code."""
        ...

    def hold(self, slots: Sequence[Slot], seconds: float) -> None:
        """Grant nothing from these budgets for ``seconds`` (SmartThings answered 429)."""
        ...

    async def ahold(self, slots: Sequence[Slot], seconds: float) -> None:
        """:meth:`hold` for async code."""
        ...
