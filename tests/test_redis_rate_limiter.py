"""RedisRateLimiter against a real redis-server: the same answers as the in-process limiter, atomic across
clients, and typed errors when Redis is away."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from smartthings_client import (
    AsyncSmartThings,
    RateBudgetExceeded,
    RateLimiterError,
    RateLimitError,
    RedisRateLimiter,
    RetryPolicy,
    SmartThings,
)
from smartthings_client.ratelimits import LocalRateLimiter, RateLimit, RateLimitTable, Slot
from smartthings_client.testing import Emulator

from .fixtures import MODES, Mode

pytest.importorskip("redis")

TABLE = RateLimitTable(
    [
        RateLimit("per-caller", 3, 10.0, "caller", "locations.get", "test"),
        RateLimit("per-device", 2, 4.0, "device", "devices.status", "test"),
    ]
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


def slot(key: str, limit: int, period: float) -> Slot:
    return Slot(key, limit, round(period * 1_000_000), TABLE["per-caller"], key)


@pytest.fixture(params=["local", "redis"])
def limiter(request: pytest.FixtureRequest, redis_url: str) -> tuple[Any, Clock]:
    clock = Clock()
    if request.param == "local":
        return LocalRateLimiter(TABLE, clock=clock), clock
    return RedisRateLimiter.from_url(redis_url, limits=TABLE, clock=clock), clock


def test_async_code_uses_a_blocking_client_from_a_worker_thread(redis_url: str) -> None:
    import redis

    clock = Clock()
    limiter = RedisRateLimiter(redis.Redis.from_url(redis_url), limits=TABLE, clock=clock)
    busy = slot("threaded", 1, 10.0)

    async def main() -> tuple[float, float]:
        granted = await limiter.aacquire([busy])
        await limiter.ahold([busy], 30.0)
        return granted.wait, (await limiter.aacquire([busy])).wait

    granted, held = asyncio.run(main())
    assert granted == 0.0
    assert held == pytest.approx(30.0)
    only_async = RedisRateLimiter(async_client=redis.asyncio.Redis.from_url(redis_url), limits=TABLE)
    with pytest.raises(RateLimiterError, match="only an asyncio client"):
        only_async.acquire([busy])
    with pytest.raises(ValueError, match=r"give a redis\.Redis client"):
        RedisRateLimiter()
    with pytest.raises(ValueError, match="prefix"):
        RedisRateLimiter(redis.Redis.from_url(redis_url), prefix="")


def test_both_limiters_give_the_same_answers(limiter: tuple[Any, Clock]) -> None:
    chosen, clock = limiter
    a, b = slot("a", 2, 10.0), slot("b", 1, 5.0)
    assert chosen.acquire([a]).wait == 0.0
    clock.now += 3.0
    assert chosen.acquire([a]).wait == 0.0
    refused = chosen.acquire([a])
    assert refused.wait == pytest.approx(7.0)  # the first grant leaves the window 10 s after it
    assert (refused.deciding, refused.held) == (0, False)
    # All or nothing: b has room but a has none, so b is not spent either.
    assert chosen.acquire([b, a]).deciding == 1
    assert chosen.acquire([b]).wait == 0.0
    clock.now += 7.0
    assert chosen.acquire([a]).wait == 0.0
    # A 429's hold beats a budget with room.
    chosen.hold([b], 30.0)
    held = chosen.acquire([b])
    assert held.held is True
    assert held.wait == pytest.approx(30.0)
    clock.now += 30.0
    assert chosen.acquire([b]).wait == 0.0


@pytest.mark.parametrize("mode", MODES)
def test_clients_in_every_mode_share_the_redis_budget(mode: Mode, redis_url: str) -> None:
    emu = Emulator()
    emu.rate_limits.enable_documented(TABLE)
    token = emu.issue_pat()
    retry = RetryPolicy(sleep=emu.clock.sleep, async_sleep=emu.clock.async_sleep)

    def limiter() -> RedisRateLimiter:
        return RedisRateLimiter.from_url(redis_url, limits=TABLE, clock=emu.clock.now)

    started = emu.clock.now()
    if mode == "sync":
        for _ in range(4):
            with SmartThings(token, transport=emu.transport, retry=retry, rate_limiter=limiter()) as st:
                st.locations.get(emu.location_id)
    else:

        async def after_the_others(seconds: float) -> None:
            # Emulated time jumps at once, while the three granted calls may still be on their way (their budget
            # checks go over loopback to Redis): let them reach the emulator first, as they would in real time.
            for _ in range(2000):  # at most 10 s
                if len(emu.requests) >= 3:
                    break
                await asyncio.sleep(0.005)
            await emu.clock.async_sleep(seconds)

        async def main() -> None:
            shared = limiter()
            waiting = RetryPolicy(sleep=emu.clock.sleep, async_sleep=after_the_others)
            async with AsyncSmartThings(token, transport=emu.transport, retry=waiting, rate_limiter=shared) as st:
                await asyncio.gather(*(st.locations.get(emu.location_id) for _ in range(4)))
            await shared.aclose()

        asyncio.run(main())
    assert emu.clock.now() - started == pytest.approx(10.0)  # the fourth waited for the first to age out
    assert [r.status for r in emu.requests] == [200] * 4


def test_the_server_clock_is_used_when_none_is_given(redis_url: str) -> None:
    limiter = RedisRateLimiter.from_url(redis_url, limits=TABLE)
    first = limiter.acquire([slot("server-time", 1, 60.0)])
    second = limiter.acquire([slot("server-time", 1, 60.0)])
    assert first.wait == 0.0
    assert 59.0 < second.wait <= 60.0
    assert "redis://" not in repr(limiter)


@pytest.mark.parametrize("mode", MODES)
def test_redis_away_is_a_typed_error_and_nothing_is_sent(mode: Mode) -> None:
    emu = Emulator()
    limiter = RedisRateLimiter.from_url("redis://127.0.0.1:1/0", limits=TABLE)
    token = emu.issue_pat()

    def sync() -> None:
        with SmartThings(token, transport=emu.transport, rate_limiter=limiter) as st:
            st.locations.get(emu.location_id)

    async def main() -> None:
        async with AsyncSmartThings(token, transport=emu.transport, rate_limiter=limiter) as st:
            await st.locations.get(emu.location_id)

    with pytest.raises(RateLimiterError, match="Redis is unavailable"):
        sync() if mode == "sync" else asyncio.run(main())
    assert emu.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_429_holds_the_budget_in_redis_for_every_worker(mode: Mode, redis_url: str) -> None:
    emu = Emulator()
    emu.rate_limits.enable(limit=1, window=20.0)  # stricter than the table: SmartThings' view wins
    token = emu.issue_pat()

    def worker() -> RedisRateLimiter:
        return RedisRateLimiter.from_url(redis_url, limits=TABLE, clock=emu.clock.now)

    options: dict[str, Any] = {"transport": emu.transport, "rate_limits": "raise", "max_retries": 0}
    if mode == "sync":
        with SmartThings(token, rate_limiter=worker(), **options) as st:
            st.locations.get(emu.location_id)
            with pytest.raises(RateLimitError):
                st.locations.get(emu.location_id)
    else:

        async def main() -> None:
            limiter = worker()
            async with AsyncSmartThings(token, rate_limiter=limiter, **options) as st:
                await st.locations.get(emu.location_id)
                with pytest.raises(RateLimitError):
                    await st.locations.get(emu.location_id)
            await limiter.aclose()

        asyncio.run(main())
    emu.clock.advance(5.0)
    with SmartThings(token, rate_limiter=worker(), **options) as other, pytest.raises(RateBudgetExceeded) as held:
        other.locations.get(emu.location_id)
    assert held.value.held is True
    assert held.value.retry_after == pytest.approx(15.0)
    assert [r.status for r in emu.requests] == [200, 429]


def test_redis_keys_name_the_budget_never_the_token(redis_url: str) -> None:
    import redis

    emu = Emulator()
    token = emu.issue_pat()
    limiter = RedisRateLimiter.from_url(redis_url, limits=TABLE)
    with SmartThings(token, transport=emu.transport, rate_limiter=limiter) as st:
        st.locations.get(emu.location_id)
        st.devices.status(emu.devices[0])
    keys = sorted(k.decode() for k in redis.Redis.from_url(redis_url).scan_iter("st:*"))
    caller, device = keys
    assert device == f"st:{{ratelimit}}:per-device:device:{emu.devices[0]}:log"
    assert re.fullmatch(r"st:\{ratelimit\}:per-caller:token:[0-9a-f]{20}:log", caller)  # a fingerprint
    assert token not in caller
