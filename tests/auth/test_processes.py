"""Processes sharing a FileTokenStore: one refresh among them, and SIGKILL at any instant leaves a usable store.

The emulator runs in this process behind a loopback HTTP server (``emu.serve(port=0)``), so every child talks to
the same SmartThings state over real sockets; the children are started with ``spawn`` (fresh interpreters, no
inherited locks or threads), and the only thing they share with each other is the token directory.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from smartthings_client.auth import FileTokenStore, RefreshableToken, TokenStoreError
from smartthings_client.errors import ReauthorizationRequired
from smartthings_client.testing import EmulatedApp, Emulator, Installation, LoopbackServer

from ..children import SPAWN, Children
from . import _procs
from .helpers import TOKEN_PATH, token_calls, utc

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and flock semantics are POSIX")


@pytest.fixture
def server(emu: Emulator) -> Iterator[LoopbackServer]:
    with emu.serve(port=0) as running:
        yield running


def stored_install(
    emu: Emulator, app: EmulatedApp, installation: Installation, server: LoopbackServer, directory: Path
) -> FileTokenStore:
    """The INSTALL pair in a FileTokenStore, already expired for the children's clock (real time)."""
    store = FileTokenStore(directory)
    RefreshableToken(
        installation.auth_token,
        installation.refresh_token,
        utc(time.time() - 60),  # the children refresh against real time, so it must be expired for real
        client_id=app.client_id,
        client_secret=app.client_secret,
        installed_app_id=installation.installed_app_id,
        location_id=installation.location_id,
        token_url=server.url + TOKEN_PATH,
        store=store,
        clock=emu.clock.now,
    ).save()
    return store


def test_processes_sharing_a_store_refresh_once_and_all_end_with_the_newest_pair(
    emu: Emulator, app: EmulatedApp, installation: Installation, server: LoopbackServer, tmp_path: Path
) -> None:
    store = stored_install(emu, app, installation, server, tmp_path)
    # A slow token endpoint widens the race: every child is past the barrier while the first refresh is in flight.
    emu.faults.add("slow", method="POST", path=TOKEN_PATH, seconds=0.5)
    children = 3
    go = SPAWN.Event()
    key = installation.installed_app_id
    args = (str(tmp_path), key, server.base_url, installation.location_id, go)
    with Children(_procs.call_api, args, children) as callers:
        callers.release(go, timeout=120)
        pairs = callers.collect(children, timeout=60, what="the pairs")
        assert callers.join(30) == [0] * children
    assert token_calls(emu) == 1
    stored = store.load(key)
    assert stored is not None
    assert stored.refresh_token != installation.refresh_token
    assert set(pairs) == {(stored.access_token, stored.refresh_token)}
    # The API saw no 401: nobody used a stale access token.
    assert sorted(r.status or 0 for r in emu.requests if r.path != TOKEN_PATH) == [200] * children


def test_sigkill_during_store_writes_leaves_the_newest_durable_record(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    key = "installed-app"
    for _ in range(3):
        receiver, sender = SPAWN.Pipe(duplex=False)
        child = SPAWN.Process(target=_procs.write_forever, args=(str(tmp_path), key, sender))
        child.start()
        sender.close()
        assert receiver.poll(60), "the writer never started"
        confirmed = receiver.recv()
        while confirmed < 20:  # let it get into its stride
            confirmed = receiver.recv()
        time.sleep(random.uniform(0, 0.02))
        assert child.pid is not None
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        try:
            while receiver.poll(0):
                confirmed = receiver.recv()
        except (EOFError, OSError):
            pass  # a report cut short by the kill
        receiver.close()
        record = store.load(key)
        assert record is not None
        n = int(record.refresh_token.rsplit("-", 1)[1])
        # Whatever save() had returned for is there; at most the one save in progress went further.
        assert confirmed <= n <= confirmed + 1
        assert record == _procs.numbered(n)
    # The store goes on working: locking and writing.
    with store.lock(key):
        store.save(key, _procs.numbered(1))
    assert store.load(key) == _procs.numbered(1)
    assert store.keys() == [key]


def test_sigkill_of_a_lock_holder_frees_the_lock(tmp_path: Path) -> None:
    key = "installed-app"
    receiver, sender = SPAWN.Pipe(duplex=False)
    child = SPAWN.Process(target=_procs.hold_lock, args=(str(tmp_path), key, sender))
    child.start()
    sender.close()
    assert receiver.poll(60)
    assert receiver.recv() == "locked"
    impatient = FileTokenStore(tmp_path, lock_timeout=0.1)
    with pytest.raises(TokenStoreError, match="timed out"), impatient.lock(key):
        pass
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    started = time.monotonic()
    with FileTokenStore(tmp_path, lock_timeout=5).lock(key):
        assert time.monotonic() - started < 2


def test_sigkill_during_a_refresh_leaves_a_readable_store_and_a_clear_diagnosis(
    emu: Emulator, app: EmulatedApp, installation: Installation, server: LoopbackServer, tmp_path: Path
) -> None:
    store = stored_install(emu, app, installation, server, tmp_path)
    key = installation.installed_app_id
    before = store.load(key)
    # SmartThings rotates the pair, then the answer is slow to come back: the child dies before it arrives.
    emu.faults.add("slow", method="POST", path=TOKEN_PATH, seconds=5)
    child = SPAWN.Process(target=_procs.refresh_slowly, args=(str(tmp_path), key))
    child.start()
    deadline = time.monotonic() + 60
    while token_calls(emu) == 0:
        assert time.monotonic() < deadline, "the child never reached the token endpoint"
        assert child.exitcode is None, f"the child exited with {child.exitcode} before reaching the token endpoint"
        time.sleep(0.01)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(10)
    # The store is intact and unlocked; the pair in it is the one that was spent in flight, which no client
    # can recover: the next refresh says so, after one request, and changes nothing.
    assert store.load(key) == before
    token = RefreshableToken.from_store(FileTokenStore(tmp_path, lock_timeout=2), key)
    with pytest.raises(ReauthorizationRequired, match="SmartApp"):
        token.refresh()
    assert token_calls(emu) == 2
    assert store.load(key) == before
