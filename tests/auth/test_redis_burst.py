"""RedisTokenStore under a burst (a real redis-server): one bounded pool per process, connect failures retried."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

import pytest

from smartthings_client import RedisTokenStore
from smartthings_client.auth import TokenStoreError

from ..redis_server import RedisServer
from . import _procs

KEY = "installed-app"
USERS = 48


def connections_opened(store: RedisTokenStore) -> int:
    opened: int = store.client.info("stats")["total_connections_received"]
    return opened


def test_a_burst_of_threads_opens_at_most_max_connections(redis_url: str) -> None:
    store = RedisTokenStore.from_url(redis_url, max_connections=4)
    store.save(KEY, _procs.numbered(1))
    before = connections_opened(store)  # the pool's first connection already counted: at most 3 more
    start = threading.Barrier(USERS)
    errors: list[BaseException] = []

    def user() -> None:
        try:
            start.wait(30)
            _, version = store.load_versioned(KEY)
            with store.lock(KEY):
                store.save_if(KEY, _procs.numbered(2), version)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=user) for _ in range(USERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors
    assert not any(thread.is_alive() for thread in threads)
    assert connections_opened(store) - before <= 3
    assert store.load(KEY) == _procs.numbered(2)
    store.close()


def test_a_burst_of_tasks_opens_at_most_max_connections_per_event_loop(redis_url: str) -> None:
    store = RedisTokenStore.from_url(redis_url, max_connections=4)
    store.save(KEY, _procs.numbered(1))
    before = connections_opened(store)

    async def burst() -> None:
        async def user() -> None:
            _, version = await store.aload_versioned(KEY)
            async with store.async_lock(KEY):
                await store.asave_if(KEY, _procs.numbered(2), version)

        await asyncio.gather(*(user() for _ in range(USERS)))
        await store.aclose()

    asyncio.run(burst())
    assert connections_opened(store) - before <= 4 + 1  # the loop's pool, and the one INFO above just used
    assert store.load(KEY) == _procs.numbered(2)
    store.close()


def restart_after(server: RedisServer, seconds: float) -> threading.Thread:
    def later() -> None:
        time.sleep(seconds)
        server.start()

    thread = threading.Thread(target=later, daemon=True)
    thread.start()
    return thread


def test_a_refused_connect_is_retried_until_redis_is_back(private_redis: RedisServer) -> None:
    store = RedisTokenStore.from_url(private_redis.url, retry=20)
    store.save(KEY, _procs.numbered(1))
    private_redis.kill()
    back = restart_after(private_redis, 0.5)
    started = time.monotonic()
    assert store.load(KEY) == _procs.numbered(1)  # refused at first, then answered: no error
    assert time.monotonic() - started >= 0.4
    back.join(10)
    private_redis.kill()
    back = restart_after(private_redis, 0.5)
    with store.lock(KEY):
        store.save(KEY, _procs.numbered(2))
    back.join(10)
    assert store.load(KEY) == _procs.numbered(2)
    store.close()


def test_an_async_refused_connect_is_retried_until_redis_is_back(private_redis: RedisServer) -> None:
    store = RedisTokenStore.from_url(private_redis.url, retry=20)
    store.save(KEY, _procs.numbered(1))

    async def read_and_lock() -> Any:
        async with store.async_lock(KEY):
            found = await store.aload(KEY)
        await store.aclose()
        return found

    private_redis.kill()
    back = restart_after(private_redis, 0.5)
    assert asyncio.run(read_and_lock()) == _procs.numbered(1)
    back.join(10)


def test_the_retry_ends_when_its_time_is_up(private_redis: RedisServer) -> None:
    store = RedisTokenStore.from_url(private_redis.url, retry=0.3)
    private_redis.kill()
    started = time.monotonic()
    with pytest.raises(TokenStoreError, match=f"cannot read the stored token of {KEY!r}"):
        store.load(KEY)
    assert time.monotonic() - started < 10  # a few tries within 0.3 s, each refused at once


def test_pool_settings_are_checked(redis_url: str) -> None:
    with pytest.raises(ValueError, match="max_connections"):
        RedisTokenStore.from_url(redis_url, max_connections=0)
    with pytest.raises(ValueError, match="retry"):
        RedisTokenStore.from_url(redis_url, retry=-1)
