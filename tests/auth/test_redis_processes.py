"""Processes on one RedisTokenStore (a real redis-server): one refresh per rotation, and a killed lock holder."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from typing import Any

import pytest

from smartthings_client import RedisTokenStore
from smartthings_client.auth import RefreshableToken, TokenStoreError
from smartthings_client.testing import EmulatedApp, Emulator, Installation

from . import _procs
from .helpers import TOKEN_PATH, utc

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

SPAWN = multiprocessing.get_context("spawn")


def test_six_processes_of_32_threads_and_32_tasks_refresh_once_per_rotation(
    emu: Emulator, app: EmulatedApp, installation: Installation, redis_url: str
) -> None:
    key = installation.installed_app_id
    store = RedisTokenStore.from_url(redis_url)
    rounds, children = 2, 6
    with emu.serve(port=0) as server:
        RefreshableToken(
            installation.auth_token,
            installation.refresh_token,
            utc(emu.clock.now() - 60),
            client_id=app.client_id,
            client_secret=app.client_secret,
            installed_app_id=key,
            location_id=installation.location_id,
            token_url=server.url + TOKEN_PATH,
            store=store,
            clock=emu.clock.now,
        ).save()
        emu.faults.add("slow", rounds, method="POST", path=TOKEN_PATH, seconds=0.3)
        now: Any = SPAWN.Value("d", emu.clock.now())
        barrier = SPAWN.Barrier(children + 1)
        results: Any = SPAWN.Queue()
        args = (redis_url, key, server.base_url, installation.location_id, now, rounds, barrier, results)
        processes = [SPAWN.Process(target=_procs.redis_swarm, args=args) for _ in range(children)]
        for process in processes:
            process.start()
        try:
            for rotation in range(1, rounds + 1):
                barrier.wait(300)
                reports = [results.get(timeout=300) for _ in processes]
                stored = store.load(key)
                assert stored is not None
                assert [r.status for r in emu.requests if r.path == TOKEN_PATH] == [200] * rotation
                assert reports == [[stored.refresh_token]] * children  # everyone ends with the newest pair
                emu.clock.advance(25 * 3600)  # the pair expires again: the next round rotates it once more
                now.value = emu.clock.now()
        finally:
            for process in processes:
                process.join(60)
                if process.is_alive():
                    process.kill()
        assert [p.exitcode for p in processes] == [0] * children
        assert {r.status for r in emu.requests if r.path != TOKEN_PATH} == {200}


def test_a_sigkilled_lock_holder_frees_the_lock_when_its_lease_ends(redis_url: str) -> None:
    key = "installed-app"
    lease = 0.6
    receiver, sender = SPAWN.Pipe(duplex=False)
    child = SPAWN.Process(target=_procs.redis_hold_lock, args=(redis_url, key, lease, sender))
    child.start()
    sender.close()
    assert receiver.poll(60)
    assert receiver.recv() == "locked"
    time.sleep(lease * 1.5)  # past one lease: the holder's renewals keep it
    with (
        pytest.raises(TokenStoreError, match="timed out"),
        RedisTokenStore.from_url(redis_url, lock_timeout=0.1).lock(key),
    ):
        pass
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    started = time.monotonic()
    with RedisTokenStore.from_url(redis_url, lock_timeout=10).lock(key):
        waited = time.monotonic() - started
    assert waited < lease + 2  # the renewals died with the holder; the lease ran out
