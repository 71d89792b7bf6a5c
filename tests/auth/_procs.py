"""Bodies of the child processes of test_processes.py (importable by name, as the spawn start method needs)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

from smartthings_client import SmartThings
from smartthings_client.auth import FileTokenStore, RefreshableToken, StoredToken

from ..children import wait_for_release

EPOCH = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)


def numbered(n: int) -> StoredToken:
    """Record number ``n`` of the write loop: every field says which write it came from."""
    return StoredToken(
        access_token=f"access-{n:09d}",
        refresh_token=f"refresh-{n:09d}",
        expires_at=EPOCH + timedelta(seconds=n),
        client_id="client-id",
        client_secret="client-secret",
        scopes=("r:devices:*",),
        installed_app_id="installed-app",
        updated_at=EPOCH + timedelta(seconds=n),
    )


def call_api(directory: str, key: str, base_url: str, location_id: str, go: Any, results: Any) -> None:
    """Load the shared stored pair, make one API call (which refreshes), report the pair this process ended with."""
    store = FileTokenStore(directory)
    wait_for_release(results, go)
    token = RefreshableToken.from_store(store, key)
    with SmartThings(token, base_url=base_url, max_retries=0) as st:
        st.locations.get(location_id)
    results.put((token.access_token, token.refresh_token))


def write_forever(directory: str, key: str, conn: Any) -> None:
    """Save record after record, reporting each one once save() has returned (durably saved)."""
    store = FileTokenStore(directory)
    n = 0
    while True:
        n += 1
        store.save(key, numbered(n))
        conn.send(n)


def hold_lock(directory: str, key: str, conn: Any) -> None:
    """Take the key's lock and keep it until killed."""
    store = FileTokenStore(directory)
    with store.lock(key):
        conn.send("locked")
        time.sleep(120)


def refresh_slowly(directory: str, key: str) -> None:
    """Refresh the stored pair (the test slows the token endpoint down and kills this process meanwhile)."""
    token = RefreshableToken.from_store(FileTokenStore(directory), key)
    token.refresh()


def redis_hold_lock(url: str, key: str, lease: float, conn: Any) -> None:
    """Take the key's Redis lock (its lease renewed in the background) and keep it until killed."""
    from smartthings_client import RedisTokenStore

    with RedisTokenStore.from_url(url, lock_lease=lease).lock(key):
        conn.send("locked")
        time.sleep(120)


def redis_swarm(
    url: str, key: str, base_url: str, location_id: str, now: Any, starts: Sequence[Any], results: Any
) -> None:
    """Per round: 32 threads and 32 asyncio tasks each load the shared pair and make one call; report the pairs.

    A thread or task that fails makes the whole child fail with its traceback (which the parent shows at once).
    """
    import asyncio
    import threading
    import traceback

    from smartthings_client import AsyncSmartThings, RedisTokenStore

    store = RedisTokenStore.from_url(url, lock_timeout=60)
    errors: list[str] = []
    # What this test checks is one refresh per rotation, not latency: on a loaded 2-core machine a starved event
    # loop runs its timers late, all at once, so the default 10 s connect timeout would fail calls that succeed.
    timeout = 60.0

    def clock() -> float:
        return float(now.value)

    def blocking(seen: list[str]) -> None:
        try:
            token = RefreshableToken.from_store(store, key, clock=clock)
            with SmartThings(token, base_url=base_url, max_retries=0, timeout=timeout) as st:
                st.locations.get(location_id)
            seen.append(token.refresh_token)
        except Exception:
            errors.append(traceback.format_exc())

    async def tasks(seen: list[str]) -> None:
        async def one() -> None:
            # Not from_store(), a blocking read: inside the loop it holds up every other task (and lets their
            # connect timers run out) while it waits for Redis and for the GIL behind 32 busy threads.
            record = await store.aload(key)
            assert record is not None
            token = RefreshableToken.from_stored(record, store=store, store_key=key, clock=clock)
            async with AsyncSmartThings(token, base_url=base_url, max_retries=0, timeout=timeout) as st:
                await st.locations.get(location_id)
            seen.append(token.refresh_token)

        try:
            await asyncio.gather(*(one() for _ in range(32)))
        finally:
            await store.aclose()

    for go in starts:
        wait_for_release(results, go)
        seen: list[str] = []
        threads = [threading.Thread(target=blocking, args=(seen,)) for _ in range(32)]
        for thread in threads:
            thread.start()
        asyncio.run(tasks(seen))
        for thread in threads:
            thread.join(60)
        if errors:
            raise RuntimeError(f"{len(errors)} of 32 threads failed; the first:\n{errors[0]}")
        if any(thread.is_alive() for thread in threads):
            raise RuntimeError("a thread was still calling after 60 s")
        results.put(sorted(set(seen)))


def fail_at_once(message: str, results: Any) -> None:
    """A child that raises before reporting anything (the harness's own test)."""
    raise RuntimeError(message)


def exit_silently(code: int, results: Any) -> None:
    """A child that dies without a word, as a crash or a SIGKILL would leave it (the harness's own test)."""
    import os

    os._exit(code)


def report_then_hang(results: Any) -> None:
    """A child that reports once, then never again (the harness's own test)."""
    results.put("first")
    time.sleep(120)
