"""Budgets in Redis, shared by every worker on every machine (``pip install smartthings-client[redis]``).

The same sliding-window log as :class:`~smartthings_client.ratelimits.LocalRateLimiter`, one sorted set per
budget (scores: grant times in microseconds), checked and taken for all the budgets of a call in one Lua script, so
two workers can never both take the last call of a budget.  Time is the Redis server's (``TIME``), one clock for
every machine, unless a ``clock`` is given (tests pass an emulated one).  Every key of a limiter shares one hash
tag, so a call's budgets live in one Redis Cluster slot.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .._optional import require
from .._redis_clients import RedisClients, bounded_clients
from ..errors import RateLimiterError
from ._slots import GRANTED, Decision, Slot, micros
from ._table import DOCUMENTED_LIMITS, RateLimitTable

if TYPE_CHECKING:
    import redis
    import redis.asyncio

# KEYS: per budget its log (sorted set) and its hold (a string: held until, in us).
# ARGV[1]: now in us ('' = the server's TIME), ARGV[2]: a unique id for this grant, then per budget: limit, period us.
# Returns {wait us, index of the deciding budget (1-based, 0 = granted), held (0/1)} as strings (Lua numbers would
# come back truncated to integers anyway; these are integers, but explicit).
_ACQUIRE = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local wait, index, held = 0, 0, 0
local budgets = #KEYS / 2
for i = 1, budgets do
  local log, hold = KEYS[2 * i - 1], KEYS[2 * i]
  local limit, period = tonumber(ARGV[1 + 2 * i]), tonumber(ARGV[2 + 2 * i])
  local until_ = tonumber(redis.call('GET', hold) or '0')
  if until_ - now > wait then wait, index, held = until_ - now, i, 1 end
  redis.call('ZREMRANGEBYSCORE', log, '-inf', now - period)
  local count = redis.call('ZCARD', log)
  if count >= limit then
    local oldest = redis.call('ZRANGE', log, count - limit, count - limit, 'WITHSCORES')
    local free_at = tonumber(oldest[2]) + period
    if free_at - now > wait then wait, index, held = free_at - now, i, 0 end
  end
end
if wait > 0 then return {string.format('%d', wait), tostring(index), tostring(held)} end
for i = 1, budgets do
  local log, period = KEYS[2 * i - 1], tonumber(ARGV[2 + 2 * i])
  redis.call('ZADD', log, now, ARGV[2])
  redis.call('PEXPIRE', log, math.ceil(period / 1000) + 1000)
end
return {'0', '0', '0'}
"""
# KEYS: holds; ARGV[1]: now in us ('' = TIME), ARGV[2]: seconds of hold in us.
_HOLD = """
local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local until_ = now + tonumber(ARGV[2])
for i = 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[i]) or '0') < until_ then
    redis.call('SET', KEYS[i], string.format('%d', until_), 'PX', math.ceil(tonumber(ARGV[2]) / 1000) + 1000)
  end
end
return 1
"""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.RedisError, OSError)


class RedisRateLimiter:
    """Rate budgets in Redis for every worker on every machine; see the module docstring.

    Make one with :meth:`from_url`, or from clients you have: ``RedisRateLimiter(redis.Redis(...))``,
    ``RedisRateLimiter(async_client=redis.asyncio.Redis(...))`` or both (with only a blocking client, async code
    uses it from worker threads).  ``limits`` replaces the documented table; ``prefix`` names the keys;
    ``clock`` (seconds, the same for every process) replaces the server's time.  Redis unreachable:
    :class:`~smartthings_client.errors.RateLimiterError`, and the call is not sent.
    """

    def __init__(
        self,
        client: redis.Redis | None = None,
        *,
        async_client: redis.asyncio.Redis | None = None,
        limits: RateLimitTable = DOCUMENTED_LIMITS,
        prefix: str = "st",
        clock: Callable[[], float] | None = None,
        async_factory: Callable[[], redis.asyncio.Redis] | None = None,
    ) -> None:
        if client is None and async_client is None and async_factory is None:
            raise ValueError("give a redis.Redis client, an async_client, or use RedisRateLimiter.from_url(...)")
        if not isinstance(limits, RateLimitTable):
            raise TypeError(f"limits must be a RateLimitTable, not {type(limits).__name__}")
        if not prefix or not isinstance(prefix, str):
            raise ValueError("prefix must be a non-empty string")
        self._redis = RedisClients(client, async_client, async_factory)
        self.limits = limits
        self.prefix = prefix
        self.clock = clock

    @classmethod
    def from_url(
        cls, url: str, *, max_connections: int = 16, connect_timeout: float = 5.0, **options: Any
    ) -> RedisRateLimiter:
        """A limiter on ``redis://`` / ``rediss://`` / ``unix://`` ``url``, for blocking and async code alike, on
        bounded pools as :meth:`RedisTokenStore.from_url <smartthings_client.RedisTokenStore.from_url>`."""
        require("redis", extra="redis", purpose="RedisRateLimiter")
        client, async_factory = bounded_clients(url, max_connections=max_connections, connect_timeout=connect_timeout)
        return cls(client, async_factory=async_factory, **options)

    # --- the script's arguments -------------------------------------------------------------------------------

    def _now(self) -> str:
        return "" if self.clock is None else str(micros(self.clock()))

    def _names(self, slots: Sequence[Slot]) -> list[str]:
        names: list[str] = []
        for slot in slots:
            base = f"{self.prefix}:{{ratelimit}}:{slot.key}"
            names += (base + ":log", base + ":hold")
        return names

    def _acquire_args(self, slots: Sequence[Slot]) -> list[Any]:
        args: list[Any] = [self._now(), secrets.token_hex(8)]
        for slot in slots:
            args += (slot.limit, slot.period)
        return args

    def _hold_args(self, slots: Sequence[Slot], seconds: float) -> tuple[list[str], list[Any]]:
        return [n for n in self._names(slots) if n.endswith(":hold")], [self._now(), micros(seconds)]

    @staticmethod
    def _decision(answer: Sequence[Any]) -> Decision:
        wait, index, held = (int(v) for v in answer)
        return GRANTED if wait <= 0 else Decision(wait / 1_000_000, index - 1, held == 1)

    def _failure(self, exc: BaseException) -> RateLimiterError:
        # The exception's text names host and port, never the password (redis-py leaves it out).
        return RateLimiterError(f"Redis is unavailable, so the rate budgets cannot be checked: {exc}")

    # --- blocking side ----------------------------------------------------------------------------------------

    @property
    def client(self) -> redis.Redis:
        """The blocking client."""
        if self._redis.blocking is None:
            raise RateLimiterError("this RedisRateLimiter has only an asyncio client: pass a redis.Redis too")
        return self._redis.blocking

    def acquire(self, slots: Sequence[Slot]) -> Decision:
        """Take one call from every budget in ``slots`` (all or none, atomically) and say whether it may go."""
        names = self._names(slots)
        try:
            answer = self.client.eval(_ACQUIRE, len(names), *names, *self._acquire_args(slots))
        except _redis_errors() as exc:
            raise self._failure(exc) from exc
        return self._decision(answer)

    def hold(self, slots: Sequence[Slot], seconds: float) -> None:
        """Grant nothing from these budgets for ``seconds``, in every process."""
        names, args = self._hold_args(slots, seconds)
        try:
            self.client.eval(_HOLD, len(names), *names, *args)
        except _redis_errors() as exc:
            raise self._failure(exc) from exc

    # --- async side -------------------------------------------------------------------------------------------

    def _aclient(self) -> redis.asyncio.Redis | None:
        return self._redis.for_loop()

    async def aacquire(self, slots: Sequence[Slot]) -> Decision:
        """:meth:`acquire` for async code: never blocks the event loop."""
        client = self._aclient()
        if client is None:
            return await asyncio.to_thread(self.acquire, slots)
        names = self._names(slots)
        try:
            answer = await client.eval(_ACQUIRE, len(names), *names, *self._acquire_args(slots))
        except _redis_errors() as exc:
            raise self._failure(exc) from exc
        return self._decision(answer)

    async def ahold(self, slots: Sequence[Slot], seconds: float) -> None:
        """:meth:`hold` for async code."""
        client = self._aclient()
        if client is None:
            await asyncio.to_thread(self.hold, slots, seconds)
            return
        names, args = self._hold_args(slots, seconds)
        try:
            await client.eval(_HOLD, len(names), *names, *args)
        except _redis_errors() as exc:
            raise self._failure(exc) from exc

    # --- housekeeping -----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the blocking client's connections (asyncio clients: :meth:`aclose`)."""
        self._redis.close()

    async def aclose(self) -> None:
        """Close the asyncio client of the running loop."""
        await self._redis.aclose()

    def __repr__(self) -> str:
        # Never the URL: it may carry a password.
        return f"RedisRateLimiter(prefix={self.prefix!r}, {len(self.limits)} limits)"
