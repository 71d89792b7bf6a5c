"""Client-side rate budgets per the documented SmartThings limits: ``SmartThings(token, rate_limits="wait")``.

* :data:`DOCUMENTED_LIMITS`: the table (a :class:`RateLimitTable` of :class:`RateLimit` rows, each with its source),
  also what the emulator plays with ``emu.rate_limits.enable_documented()``;
* :class:`LocalRateLimiter`: budgets kept in this process (the default);
* :class:`RedisRateLimiter`: the same budgets shared by every worker on every machine.

A call that would exceed a budget waits (``rate_limits="wait"``; async code without blocking the loop) or raises
:class:`~smartthings_client.errors.RateBudgetExceeded` (``rate_limits="raise"``); a 429 holds the budgets of the
call for the wait SmartThings asked for.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._local import LocalRateLimiter
    from ._redis import RedisRateLimiter
    from ._slots import Decision, RateLimiter, Slot
    from ._table import DOCUMENTED_LIMITS, RATE_LIMITS_PAGE, Per, RateLimit, RateLimitTable

_EXPORTS = {
    "._local": ("LocalRateLimiter",),
    "._redis": ("RedisRateLimiter",),
    "._slots": ("Decision", "RateLimiter", "Slot"),
    "._table": ("DOCUMENTED_LIMITS", "RATE_LIMITS_PAGE", "Per", "RateLimit", "RateLimitTable"),
}

__all__ = [
    "DOCUMENTED_LIMITS",
    "RATE_LIMITS_PAGE",
    "Decision",
    "LocalRateLimiter",
    "Per",
    "RateLimit",
    "RateLimitTable",
    "RateLimiter",
    "RedisRateLimiter",
    "Slot",
]

lazy_exports(__name__, _EXPORTS)
