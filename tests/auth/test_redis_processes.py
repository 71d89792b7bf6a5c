"""Processes on one RedisTokenStore (a real redis-server): one refresh per rotation, and a killed lock holder."""

from __future__ import annotations

import os
import signal
import sys
import time
from typing import Any

import pytest

from smartthings_client import RedisTokenStore
from smartthings_client.auth import RefreshableToken, TokenStoreError
from smartthings_client.testing import EmulatedApp, Emulator, Installation

from ..children import SPAWN, Children
from . import _procs
from .helpers import TOKEN_PATH, utc

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")


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
        starts = [SPAWN.Event() for _ in range(rounds)]
        args = (redis_url, key, server.base_url, installation.location_id, now, starts)
        with Children(_procs.redis_swarm, args, children) as swarm:
            for rotation, go in enumerate(starts, 1):
                swarm.release(go, timeout=240)  # generous: six interpreters start slowly on a loaded 2-core machine
                reports = swarm.collect(children, timeout=120, what=f"the pairs of rotation {rotation}")
                stored = store.load(key)
                assert stored is not None
                assert [r.status for r in emu.requests if r.path == TOKEN_PATH] == [200] * rotation
                assert reports == [[stored.refresh_token]] * children  # everyone ends with the newest pair
                emu.clock.advance(25 * 3600)  # the pair expires again: the next round rotates it once more
                now.value = emu.clock.now()
            assert swarm.join(30) == [0] * children
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
