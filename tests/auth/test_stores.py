"""Token stores: records, atomic files with private modes, per-key locks for threads, tasks and processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import stat
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from smartthings_client.auth import (
    DEFAULT_TOKEN_URL,
    FileTokenStore,
    MemoryTokenStore,
    StoredToken,
    TokenSource,
    TokenStore,
    TokenStoreError,
    default_token_dir,
)
from smartthings_client.auth.stores import async_store_lock

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=timezone.utc)
KEY = "5ab6a4b0-3b1a-4c1e-9d3f-2a2e7f0c9d11"


def record(n: int = 0, **changes: object) -> StoredToken:
    fields: dict[str, object] = {
        "access_token": f"access-{n:06d}-6b1f0c2d",
        "refresh_token": f"refresh-{n:06d}-9e8a4f37",
        "expires_at": NOW + timedelta(hours=24),
        "client_id": "client-id",
        "client_secret": "client-secret-31415",
        "scopes": ("r:devices:*", "x:devices:*"),
        "installed_app_id": KEY,
        "location_id": "397678e5-9995-4a39-9d9f-ae6ba310236b",
        "updated_at": NOW,
        **changes,
    }
    return StoredToken(**fields)  # type: ignore[arg-type]


def test_save_load_delete_keys(store: TokenStore) -> None:
    assert store.load(KEY) is None
    assert store.keys() == []
    store.save(KEY, record(1))
    store.save("other-installed-app", record(2))
    assert store.load(KEY) == record(1)
    assert store.keys() == [KEY, "other-installed-app"]
    store.save(KEY, record(3))
    assert store.load(KEY) == record(3)
    store.delete(KEY)
    store.delete(KEY)  # deleting twice is fine
    assert store.load(KEY) is None
    assert store.keys() == ["other-installed-app"]


def test_a_record_round_trips_through_json_with_every_field() -> None:
    original = record(7, source=TokenSource.OAUTH, token_url="https://auth-global.api.smartthings.com/oauth/token")
    assert StoredToken.from_json(original.to_json()) == original
    minimal = StoredToken.from_json(
        b'{"access_token": "a1234", "refresh_token": "r1234", "client_id": "c", "expires_at": "2025-03-02T12:00:00Z"}'
    )
    assert minimal.token_url == DEFAULT_TOKEN_URL
    assert minimal.client_secret is None
    assert minimal.source is TokenSource.SMARTAPP
    assert minimal.expires_at == NOW + timedelta(hours=24)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"[]", "JSON object"),
        (b'{"refresh_token": "r", "client_id": "c", "expires_at": "2025-03-02T12:00:00Z"}', "access_token"),
        (b'{"access_token": "", "refresh_token": "r", "client_id": "c", "expires_at": "2025-03-02"}', "access_token"),
        (b'{"access_token": "a", "refresh_token": "r", "client_id": "c", "expires_at": "soon"}', "timestamp"),
        (b'{"version": 9}', "version"),
    ],
)
def test_records_that_are_not_records_are_refused(content: bytes, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        StoredToken.from_json(content)


def test_naive_timestamps_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        record(expires_at=datetime(2025, 3, 2))


def test_repr_shows_no_secret() -> None:
    text = repr(record(5))
    for secret in ("access-000005", "refresh-000005", "client-secret-31415"):
        assert secret not in text
    assert KEY in text


def test_files_are_private_and_written_whole(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "deep" / "tokens")
    store.save(KEY, record(1))
    path = store.path_for(KEY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    assert StoredToken.from_json(path.read_bytes()) == record(1)
    with store.lock(KEY):
        pass
    assert stat.S_IMODE((store.directory / f"{KEY}.lock").stat().st_mode) == 0o600
    # No temporary file is left behind, and the lock file is not a key.
    assert sorted(p.name for p in store.directory.iterdir()) == [f"{KEY}.json", f"{KEY}.lock"]
    assert store.keys() == [KEY]


def test_a_damaged_file_is_a_store_error_naming_it(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    store.path_for(KEY).write_text("{not json")
    with pytest.raises(TokenStoreError, match=f"{KEY}.json is damaged"):
        store.load(KEY)


def test_a_crashed_writers_temporary_file_is_ignored_then_cleaned_up(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    store.save(KEY, record(1))
    leftover = tmp_path / f".{KEY}.12345.deadbeef.tmp"
    leftover.write_text('{"half": ')
    assert store.keys() == [KEY]
    assert store.load(KEY) == record(1)
    old = time.time() - 7200
    os.utime(leftover, (old, old))
    store.save(KEY, record(2))
    assert not leftover.exists()


@pytest.mark.parametrize("key", ["", "../escape", "a/b", ".hidden", "has space", "x" * 201])
def test_keys_that_are_not_file_names_are_refused(tmp_path: Path, key: str) -> None:
    store = FileTokenStore(tmp_path)
    with pytest.raises(ValueError, match="invalid token store key"):
        store.save(key, record())
    with pytest.raises(ValueError, match="invalid token store key"):
        store.load(key)


def test_the_default_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SMARTTHINGS_TOKEN_DIR", str(tmp_path / "explicit"))
    assert default_token_dir() == tmp_path / "explicit"
    assert FileTokenStore().directory == tmp_path / "explicit"
    monkeypatch.delenv("SMARTTHINGS_TOKEN_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert default_token_dir() == tmp_path / "xdg" / "smartthings-client" / "tokens"


def test_a_world_readable_directory_is_warned_about(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    tmp_path.chmod(0o755)
    FileTokenStore(tmp_path).save(KEY, record())
    assert "readable by other users" in caplog.text


def hold_and_count(store: TokenStore, key: str, workers: int) -> int:
    """Threads increment a shared counter inside the lock with a deliberate pause; returns the max overlap."""
    inside = 0
    overlap = 0
    guard = threading.Lock()

    def work() -> None:
        nonlocal inside, overlap
        with store.lock(key):
            with guard:
                inside += 1
                overlap = max(overlap, inside)
            time.sleep(0.002)
            with guard:
                inside -= 1

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    return overlap


def test_the_lock_excludes_threads_per_key(store: TokenStore) -> None:
    assert hold_and_count(store, KEY, 8) == 1


def test_different_keys_do_not_wait_for_each_other(store: TokenStore) -> None:
    with store.lock(KEY):
        done = threading.Event()

        def other() -> None:
            with store.lock("another-key"):
                done.set()

        thread = threading.Thread(target=other)
        thread.start()
        assert done.wait(5)
        thread.join()


@pytest.mark.parametrize("native", [True, False])
def test_the_async_lock_excludes_tasks_and_threads_without_blocking_the_loop(store: TokenStore, native: bool) -> None:
    class Plain:
        """A store with only the blocking protocol: the async lock then runs in a worker thread."""

        def __init__(self, inner: TokenStore) -> None:
            self.inner = inner

        def load(self, key: str) -> StoredToken | None:
            return self.inner.load(key)

        def save(self, key: str, token: StoredToken) -> None:
            self.inner.save(key, token)

        def delete(self, key: str) -> None:
            self.inner.delete(key)

        def keys(self) -> list[str]:
            return self.inner.keys()

        def lock(self, key: str) -> contextlib.AbstractContextManager[None]:
            return self.inner.lock(key)

    used: TokenStore = store if native else Plain(store)
    order: list[str] = []
    thread_holds = threading.Event()
    thread_may_release = threading.Event()

    def holder() -> None:
        with used.lock(KEY):
            thread_holds.set()
            thread_may_release.wait(5)
            order.append("thread released")

    async def main() -> None:
        ticks = 0

        async def ticker() -> None:
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.001)

        tick_task = asyncio.create_task(ticker())
        waiter = asyncio.create_task(take("task"))
        await asyncio.sleep(0.05)
        assert ticks > 5, "the event loop was blocked while waiting for the lock"
        assert not waiter.done()
        thread_may_release.set()
        await waiter
        await asyncio.gather(take("task 2"), take("task 3"))
        tick_task.cancel()

    async def take(name: str) -> None:
        async with async_store_lock(used, KEY):
            order.append(f"{name} holds")
            await asyncio.sleep(0.005)
            order.append(f"{name} releases")

    thread = threading.Thread(target=holder)
    thread.start()
    assert thread_holds.wait(5)
    asyncio.run(main())
    thread.join(5)
    assert order[:3] == ["thread released", "task holds", "task releases"]
    # The two later tasks never overlapped.
    assert [entry.split()[-1] for entry in order[3:]] == ["holds", "releases", "holds", "releases"]


@pytest.fixture
def tiny_timeout_store(tmp_path: Path, request: pytest.FixtureRequest) -> TokenStore:
    return FileTokenStore(tmp_path, lock_timeout=0.05) if request.param == "file" else MemoryTokenStore(0.05)


@pytest.mark.parametrize("tiny_timeout_store", ["file", "memory"], indirect=True)
def test_waiting_too_long_for_a_lock_is_a_store_error(tiny_timeout_store: TokenStore) -> None:
    store = tiny_timeout_store
    held = threading.Event()
    release = threading.Event()

    def holder() -> None:
        with store.lock(KEY):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=holder)
    thread.start()
    assert held.wait(5)
    try:
        with pytest.raises(TokenStoreError, match="timed out"), store.lock(KEY):
            pass

        async def take() -> None:
            async with async_store_lock(store, KEY):
                pass

        with pytest.raises(TokenStoreError, match="timed out"):
            asyncio.run(take())
    finally:
        release.set()
        thread.join(5)
