"""RedisTokenStore under a burst (a real redis-server): one bounded pool per process, connect failures retried."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
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


class ReplyDropper:
    """A loopback proxy to Redis that cuts the connection once, after the server applied the first command holding
    ``marker`` and before its answer reaches the client: a reply lost on the way back."""

    def __init__(self, upstream_port: int, marker: bytes) -> None:
        self.upstream_port = upstream_port
        self.marker = marker
        self.dropped = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                client, _ = self.listener.accept()
                server = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=10)
                cut = threading.Event()
                threading.Thread(target=self._requests, args=(client, server, cut), daemon=True).start()
                threading.Thread(target=self._replies, args=(server, client, cut), daemon=True).start()

    def _requests(self, client: socket.socket, server: socket.socket, cut: threading.Event) -> None:
        with contextlib.suppress(OSError), client, server:
            while data := client.recv(65536):
                if self.marker in data and not self.dropped.is_set():
                    self.dropped.set()
                    cut.set()  # before it reaches the server: its answer is thrown away
                    server.sendall(data)
                    time.sleep(0.2)  # the server applies it
                    client.shutdown(socket.SHUT_RDWR)
                    server.shutdown(socket.SHUT_RDWR)
                    return
                server.sendall(data)

    def _replies(self, server: socket.socket, client: socket.socket, cut: threading.Event) -> None:
        with contextlib.suppress(OSError):
            while (data := server.recv(65536)) and not cut.is_set():
                client.sendall(data)

    def close(self) -> None:
        self.listener.close()


LOCK_ATTEMPT = b"holder == ARGV[1]"  # a line of the lock attempt script
SAVE = b"'writer') == ARGV[4]"  # a line of the save script


@pytest.fixture
def dropper(request: pytest.FixtureRequest, redis_server: RedisServer, redis_url: str) -> Iterator[ReplyDropper]:
    proxy = ReplyDropper(redis_server.port, request.param)
    yield proxy
    proxy.close()


def through(proxy: ReplyDropper) -> RedisTokenStore:
    # Lease far longer than the wait: a retry that took its own lock for another holder's would time out.
    return RedisTokenStore.from_url(f"redis://127.0.0.1:{proxy.port}/0", lock_lease=30, lock_timeout=3)


@pytest.mark.parametrize("dropper", [LOCK_ATTEMPT], indirect=True)
def test_a_lock_attempt_whose_answer_was_lost_is_retried_and_finds_the_lock_its_own(dropper: ReplyDropper) -> None:
    store = through(dropper)
    started = time.monotonic()
    with store.lock(KEY):
        assert dropper.dropped.is_set()
        assert time.monotonic() - started < 3
    with store.lock(KEY):  # released on the way out: free again at once
        pass
    store.close()


@pytest.mark.parametrize("dropper", [LOCK_ATTEMPT], indirect=True)
def test_an_async_lock_attempt_whose_answer_was_lost_is_retried_and_finds_the_lock_its_own(
    dropper: ReplyDropper,
) -> None:
    store = through(dropper)

    async def lock_twice() -> None:
        async with store.async_lock(KEY):
            assert dropper.dropped.is_set()
        async with store.async_lock(KEY):
            pass
        await store.aclose()

    asyncio.run(lock_twice())
    store.close()


@pytest.mark.parametrize("dropper", [SAVE], indirect=True)
def test_a_save_whose_answer_was_lost_is_retried_and_counts_as_written_once(
    dropper: ReplyDropper, redis_url: str
) -> None:
    direct = RedisTokenStore.from_url(redis_url)
    direct.save(KEY, _procs.numbered(1))
    _, version = direct.load_versioned(KEY)
    store = through(dropper)
    assert store.save_if(KEY, _procs.numbered(2), version)  # its own first try, not a newer writer's
    assert dropper.dropped.is_set()
    written, newer = direct.load_versioned(KEY)
    assert written == _procs.numbered(2)
    assert not store.save_if(KEY, _procs.numbered(3), version)  # the compare-and-set still refuses a stale writer
    assert direct.load_versioned(KEY) == (written, newer)
    store.close()
    direct.close()


@pytest.mark.parametrize("dropper", [SAVE], indirect=True)
def test_an_async_save_whose_answer_was_lost_is_retried_and_counts_as_written_once(
    dropper: ReplyDropper, redis_url: str
) -> None:
    direct = RedisTokenStore.from_url(redis_url)
    direct.save(KEY, _procs.numbered(1))
    _, version = direct.load_versioned(KEY)
    store = through(dropper)

    async def save() -> bool:
        written = await store.asave_if(KEY, _procs.numbered(2), version)
        await store.aclose()
        return written

    assert asyncio.run(save())
    assert dropper.dropped.is_set()
    assert direct.load(KEY) == _procs.numbered(2)
    store.close()
    direct.close()
