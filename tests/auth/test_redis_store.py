"""RedisTokenStore against a real redis-server: the store contract, fencing, encryption, leases and outages."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from cryptography.fernet import Fernet

from smartthings_client import RedisTokenStore, SmartThings
from smartthings_client.auth import RefreshableToken, StoredToken, TokenStoreError
from smartthings_client.testing import EmulatedApp, Emulator, EmulatorTransport, Installation

from ..redis_server import RedisServer
from . import _procs
from .helpers import TOKEN_PATH, make_token, token_calls, utc

KEY = "installed-app"


def record(n: int) -> StoredToken:
    return _procs.numbered(n)


@pytest.fixture
def store(redis_url: str) -> Iterator[RedisTokenStore]:
    made = RedisTokenStore.from_url(redis_url, lock_lease=2.0, lock_timeout=5.0, save_retry=2.0)
    yield made
    made.close()


def test_the_store_contract(store: RedisTokenStore, redis_url: str) -> None:
    assert store.load(KEY) is None
    assert store.load_versioned(KEY) == (None, 0)
    store.save(KEY, record(1))
    store.save("other-app", record(2))
    assert store.load(KEY) == record(1)
    assert store.keys() == [KEY, "other-app"]
    # Another prefix on the same server is another store.
    assert RedisTokenStore.from_url(redis_url, prefix="elsewhere").keys() == []
    store.delete(KEY)
    store.delete(KEY)  # unknown: not an error
    assert store.load(KEY) is None
    assert store.keys() == ["other-app"]
    with pytest.raises(ValueError, match="invalid token store key"):
        store.load("bad key*")
    with pytest.raises(TypeError):
        store.save(KEY, "not a record")  # type: ignore[arg-type]


def test_records_expire_with_the_refresh_token_and_keys_share_a_cluster_slot(store: RedisTokenStore) -> None:
    store.save(KEY, record(1))
    names = sorted(n.decode() if isinstance(n, bytes) else n for n in store.client.keys("*"))
    assert names == [f"st:{{{KEY}}}:token"]
    ttl = store.client.pttl(names[0])
    assert timedelta(days=30) < timedelta(milliseconds=ttl) <= timedelta(days=31)


def test_every_write_raises_the_version_and_a_stale_writer_is_refused(store: RedisTokenStore) -> None:
    store.save(KEY, record(1))
    _, read_under_lock = store.load_versioned(KEY)
    store.save(KEY, record(2))  # an UPDATE arrives meanwhile: authoritative, written whatever is stored
    _, after_update = store.load_versioned(KEY)
    assert after_update > read_under_lock
    assert store.save_if(KEY, record(3), read_under_lock) is False
    assert store.load(KEY) == record(2)
    assert store.save_if(KEY, record(3), after_update) is True
    assert store.load(KEY) == record(3)


def test_a_delete_and_a_new_install_cannot_let_a_stale_writer_through(store: RedisTokenStore) -> None:
    store.save(KEY, record(1))
    _, stale = store.load_versioned(KEY)
    store.delete(KEY)  # UNINSTALL
    assert store.save_if(KEY, record(9), stale) is False  # the deleted record does not come back
    store.save(KEY, record(2))  # a new INSTALL under the same id
    assert store.load_versioned(KEY)[1] > stale
    assert store.save_if(KEY, record(9), stale) is False
    assert store.load(KEY) == record(2)


class _Meanwhile(EmulatorTransport):
    """The emulator, plus something another party does while this refresh's token request is in flight."""

    def __init__(self, emu: Emulator, before: object = None, after: object = None) -> None:
        super().__init__(emu)
        self.before, self.after = before, after

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(TOKEN_PATH) and callable(self.before):
            self.before()
        response = super().handle_request(request)
        if request.url.path.endswith(TOKEN_PATH) and callable(self.after):
            self.after()
        return response


def test_a_refresh_refused_because_an_update_replaced_the_pair_uses_the_update(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: RedisTokenStore
) -> None:
    key = installation.installed_app_id
    token = make_token(emu, app, installation, expires_in=-1, store=store)
    token.save()

    def update_lands() -> None:
        # The UPDATE lifecycle retires the INSTALL refresh token and its handler stores the new pair.
        update = emu.update(key)["updateData"]
        store.save(
            key,
            StoredToken(
                access_token=update["authToken"],
                refresh_token=update["refreshToken"],
                expires_at=utc(emu.clock.now() + 86400),
                client_id=app.client_id,
                client_secret=app.client_secret,
                installed_app_id=key,
            ),
        )

    pair = token.refresh(transport=_Meanwhile(emu, before=update_lands))
    stored = store.load(key)
    assert stored is not None
    assert pair.refresh_token == stored.refresh_token != installation.refresh_token
    assert token_calls(emu) == 1


def test_a_stale_refresh_does_not_overwrite_a_pair_saved_after_its_read(
    emu: Emulator,
    app: EmulatedApp,
    installation: Installation,
    store: RedisTokenStore,
    caplog: pytest.LogCaptureFixture,
) -> None:
    key = installation.installed_app_id
    token = make_token(emu, app, installation, expires_in=-1, store=store)
    token.save()
    other = record(7)

    def another_holder_saves() -> None:
        # Another holder (its lease outlived ours) saved a pair after our read: our compare-and-set must fail.
        store.save(key, other)

    with caplog.at_level(logging.WARNING, "smartthings_client"):
        pair = token.refresh(transport=_Meanwhile(emu, after=another_holder_saves))
    assert store.load(key) == other
    assert pair.refresh_token not in {other.refresh_token, installation.refresh_token}
    assert "changed while it was being refreshed" in caplog.text
    assert pair.refresh_token not in caplog.text


def test_encryption_at_rest(redis_url: str) -> None:
    key1, key2 = Fernet.generate_key(), Fernet.generate_key()
    store = RedisTokenStore.from_url(redis_url, encryption_key=key1)
    store.save(KEY, record(1))
    raw = b"".join(v for v in store.client.hgetall(f"st:{{{KEY}}}:token").values() if isinstance(v, bytes))
    for secret in (record(1).access_token, record(1).refresh_token, "client-secret"):
        assert secret.encode() not in raw
    assert store.load(KEY) == record(1)
    # Rotation: a new key first, the old one still decrypts; writes use the new one.
    rotated = RedisTokenStore.from_url(redis_url, encryption_key=[key2, key1])
    assert rotated.load(KEY) == record(1)
    rotated.save(KEY, record(2))
    assert RedisTokenStore.from_url(redis_url, encryption_key=key2).load(KEY) == record(2)
    with pytest.raises(TokenStoreError, match=f"{KEY!r}.*cannot be decrypted"):
        store.load(KEY)
    with pytest.raises(TokenStoreError, match="encryption_key"):
        RedisTokenStore.from_url(redis_url).load(KEY)
    # A record copied under another installed app's key is refused, not served to the wrong app.
    store.client.copy(f"st:{{{KEY}}}:token", "st:{intruder}:token")
    with pytest.raises(TokenStoreError, match="another key"):
        rotated.load("intruder")
    with pytest.raises(ValueError, match="Fernet"):
        RedisTokenStore.from_url(redis_url, encryption_key="not a key")


def test_repr_and_logs_show_no_secret(private_redis: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    url = private_redis.url.replace("redis://", "redis://:hunter2@")
    private_redis.kill()
    store = RedisTokenStore.from_url(url, encryption_key=Fernet.generate_key(), save_retry=0)
    assert "hunter2" not in repr(store)
    assert "prefix='st'" in repr(store)
    with caplog.at_level(logging.DEBUG), pytest.raises(TokenStoreError) as raised:
        store.save(KEY, record(1))  # the server is gone
    assert "hunter2" not in str(raised.value) + caplog.text
    assert record(1).refresh_token not in str(raised.value) + caplog.text


def test_the_lock_excludes_renews_its_lease_and_times_out(store: RedisTokenStore, redis_url: str) -> None:
    short = RedisTokenStore.from_url(redis_url, lock_lease=0.3, lock_timeout=0.05)
    with short.lock(KEY):
        time.sleep(0.8)  # well past the lease: the renewals keep it
        with pytest.raises(TokenStoreError, match=f"timed out .* lock of {KEY!r}"):
            with short.lock(KEY):
                pass
    # Released at once by its holder, not by the lease.
    with short.lock(KEY):
        pass

    async def contenders() -> list[int]:
        order: list[int] = []

        async def one(n: int) -> None:
            async with store.async_lock(KEY):
                order.append(n)
                await asyncio.sleep(0.01)
                order.append(n)

        await asyncio.gather(*(one(n) for n in range(5)))
        await store.aclose()
        return order

    order = asyncio.run(contenders())
    assert all(order[i] == order[i + 1] for i in range(0, len(order), 2)), "critical sections interleaved"


def test_a_lease_that_ran_out_is_not_released_by_its_old_holder(redis_url: str) -> None:
    store = RedisTokenStore.from_url(redis_url, lock_lease=0.2, lock_timeout=2)
    other = RedisTokenStore.from_url(redis_url, lock_lease=5, lock_timeout=2)
    holder = store.lock(KEY)
    holder.__enter__()
    store.client.delete(f"st:{{{KEY}}}:lock")  # the lease is gone (expired, or a failover lost it)
    with other.lock(KEY):
        holder.__exit__(None, None, None)  # compare-and-delete: the new holder's lock stays
        assert other.client.get(f"st:{{{KEY}}}:lock") is not None


def test_redis_down_is_a_typed_error_naming_the_key_and_the_pair_is_kept(private_redis: RedisServer) -> None:
    store = RedisTokenStore.from_url(private_redis.url, save_retry=0.2, retry=0.2, lock_timeout=1)
    store.save(KEY, record(1))
    _, version = store.load_versioned(KEY)
    private_redis.kill()
    with pytest.raises(TokenStoreError, match=f"cannot read the stored token of {KEY!r}"):
        store.load(KEY)
    with pytest.raises(TokenStoreError, match=f"cannot lock the stored token of {KEY!r}"), store.lock(KEY):
        pass
    with pytest.raises(TokenStoreError, match=f"{KEY!r}.*kept in this process"):
        store.save_if(KEY, record(2), version)
    private_redis.start()
    # The next call on the key writes the kept pair first (with its compare-and-set), then answers.
    assert store.load(KEY) == record(2)
    assert RedisTokenStore.from_url(private_redis.url).load(KEY) == record(2)


def test_redis_restarted_mid_refresh_loses_no_pair(
    emu: Emulator, app: EmulatedApp, installation: Installation, private_redis: RedisServer
) -> None:
    key = installation.installed_app_id
    store = RedisTokenStore.from_url(private_redis.url, save_retry=10)
    with emu.serve(port=0) as server:
        token = make_token(emu, app, installation, expires_in=-1, store=store, token_url=server.url + TOKEN_PATH)
        token.save()
        emu.faults.add("slow", method="POST", path=TOKEN_PATH, seconds=0.5)
        outcome: list[object] = []
        worker = threading.Thread(target=lambda: outcome.append(token.refresh()), daemon=True)
        worker.start()
        deadline = time.monotonic() + 10
        while token_calls(emu) == 0:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        private_redis.kill()  # the token endpoint has rotated the pair; Redis is gone before the save
        time.sleep(0.6)
        private_redis.start()
        worker.join(15)
        assert outcome, "the refresh did not finish"
        stored = RedisTokenStore.from_url(private_redis.url).load(key)
        assert stored is not None
        assert stored.refresh_token == token.refresh_token != installation.refresh_token
        assert token_calls(emu) == 1
        # The lock was released (or expired): the next refresh goes through and rotates again.
        emu.clock.advance(2 * 86400)
        with SmartThings(
            RefreshableToken.from_store(store, key, clock=emu.clock.now), base_url=server.base_url, max_retries=0
        ) as st:
            st.locations.get(installation.location_id)
        assert token_calls(emu) == 2


def test_redis_away_past_the_retry_window_fails_the_call_and_the_next_call_recovers(
    emu: Emulator, app: EmulatedApp, installation: Installation, private_redis: RedisServer
) -> None:
    key = installation.installed_app_id
    store = RedisTokenStore.from_url(private_redis.url, save_retry=0.3, retry=0.3, lock_lease=1)
    with emu.serve(port=0) as server:
        token = make_token(emu, app, installation, expires_in=-1, store=store, token_url=server.url + TOKEN_PATH)
        token.save()
        emu.faults.add("slow", method="POST", path=TOKEN_PATH, seconds=0.4)
        failures: list[BaseException] = []

        def refresh() -> None:
            try:
                token.refresh()
            except BaseException as exc:
                failures.append(exc)

        worker = threading.Thread(target=refresh, daemon=True)
        worker.start()
        deadline = time.monotonic() + 10
        while token_calls(emu) == 0:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        private_redis.kill()
        worker.join(10)
        assert len(failures) == 1
        assert isinstance(failures[0], TokenStoreError)
        assert repr(key) in str(failures[0])
        private_redis.start()
        # The same process goes on: its next call writes the rotated pair, finds it and uses it.
        fresh = RefreshableToken.from_store(store, key, clock=emu.clock.now)
        assert fresh.refresh_token != installation.refresh_token
        with SmartThings(fresh, base_url=server.base_url, max_retries=0) as st:
            st.locations.get(installation.location_id)
        assert token_calls(emu) == 1


def test_stores_made_from_existing_clients(redis_url: str) -> None:
    import redis
    import redis.asyncio

    sync_only = RedisTokenStore(redis.Redis.from_url(redis_url))
    sync_only.save(KEY, record(1))

    async def through_threads() -> StoredToken | None:
        async with sync_only.async_lock(KEY):
            await sync_only.asave(KEY, record(2))
            return await sync_only.aload(KEY)

    assert asyncio.run(through_threads()) == record(2)

    async def async_only() -> StoredToken | None:
        store = RedisTokenStore(async_client=redis.asyncio.Redis.from_url(redis_url))
        async with store.async_lock(KEY):
            got = await store.aload(KEY)
        await store.adelete(KEY)
        assert await store.aload(KEY) is None
        await store.aclose()
        return got

    assert asyncio.run(async_only()) == record(2)
    with pytest.raises(TokenStoreError, match="only an asyncio client"):
        RedisTokenStore(async_client=redis.asyncio.Redis.from_url(redis_url)).load(KEY)
    with pytest.raises(ValueError, match="from_url"):
        RedisTokenStore()


def test_importing_the_package_does_not_import_redis() -> None:
    import subprocess
    import sys

    code = "import sys, smartthings_client; print('redis' in sys.modules, 'cryptography' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.split() == ["False", "False"]
