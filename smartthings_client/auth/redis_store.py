"""A token store in Redis, shared by every worker on every machine (``pip install smartthings-client[redis]``).

It keeps the contract of :mod:`smartthings_client.auth.stores` across hosts, and adds fencing:

* Each record is a hash ``<prefix>:{<key>}:token`` with ``version`` and ``record``.  Every write goes through one
  Lua script, so it is atomic and bumps the version; the refresh writes with ``save_if(key, token, version)``
  (compare-and-set), so a worker whose lease ran out can never overwrite a newer pair.  Versions never go back,
  even across a delete (they follow the Redis server clock in microseconds when that is larger), so an UNINSTALL
  followed by a new INSTALL cannot let a stale writer through either.
* ``lock(key)`` is a lease on ``<prefix>:{<key>}:lock``: a random token set ``NX PX`` (by an idempotent script),
  released by a compare-and-delete script.  While it is held, a background thread (or task) extends the lease
  every third of it, so a slow token endpoint never outlives it; when the holder dies the renewals stop and the
  lease runs out.
  Both keys share the ``{<key>}`` hash tag, so they live in one Redis Cluster slot.
* ``keys()`` uses ``SCAN`` under the prefix, never ``KEYS``.
* Records can be encrypted at rest with Fernet (``encryption_key=``, one key or a list for rotation: the first
  encrypts, all decrypt); the plaintext names its key, so a record copied to another key is refused.
* Connections: :meth:`RedisTokenStore.from_url` gives the store one bounded pool for its threads (and one
  per event loop), of ``max_connections``, where a caller beyond the bound waits for a free connection instead
  of opening one: a burst of users never becomes a storm of connects.  A connect that fails or times out (a busy
  server, a CPU-starved process whose timers fire late) is retried with backoff for ``retry`` seconds (a save:
  ``save_retry``), and at least twice; every call is idempotent, so a retry after an answer lost on the way back
  is safe too (the lock attempt and the compare-and-set save carry their caller's random token and recognise
  their own first try).
* Redis unreachable: :class:`~smartthings_client.auth.stores.TokenStoreError` naming the key.  A save is retried
  for ``save_retry`` seconds (a restarting server comes back); if Redis stays away, the pair is kept in this process
  and written (with the same compare-and-set) by the next call on that key, so a rotated refresh token is not lost
  while the process lives.  For durability across a Redis crash run it with AOF (``appendonly yes``,
  ``appendfsync always``) and ``maxmemory-policy noeviction``: records carry a TTL (refresh-token life + a day).

``redis`` and ``cryptography`` are imported when a store is made, not when ``smartthings_client`` is imported.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import re
import secrets
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .._optional import require
from .._redis_clients import RedisClients, bounded_clients
from .stores import StoredToken, TokenStoreError, _lock_in_thread

if TYPE_CHECKING:
    import redis
    import redis.asyncio
    from cryptography.fernet import MultiFernet

__all__ = ["RedisTokenStore"]

log = logging.getLogger("smartthings_client")

_T = TypeVar("_T")
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,199}")
#: A refresh token dies after 30 days unused; a record older than that plus a day is of no use to anyone.
DEFAULT_TTL = 31 * 24 * 3600.0
_PLAIN, _FERNET = b"json:", b"fernet:"

# KEYS[1] token hash; ARGV: expected version (-1: any), record, ttl ms, write id.  Returns {written (0/1), version}.
# The write id (random per save) makes a retry idempotent: a first try that was applied, its answer lost on the way
# back, is recognised as this save's own write instead of being refused as a newer one (or written twice).
_SAVE = """
if redis.call('HGET', KEYS[1], 'writer') == ARGV[4] then return {1, redis.call('HGET', KEYS[1], 'version')} end
local current = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
local expected = tonumber(ARGV[1])
if expected >= 0 and current ~= expected then return {0, string.format('%d', current)} end
local t = redis.call('TIME')
local clock = tonumber(t[1]) * 1000000 + tonumber(t[2])
local floor = tonumber(redis.call('GET', KEYS[2]) or '0')
local new = math.max(current, floor) + 1
if clock > new then new = clock end
redis.call('HSET', KEYS[1], 'version', string.format('%d', new), 'record', ARGV[2], 'writer', ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, string.format('%d', new)}
"""
# KEYS[1] token hash, KEYS[2] version floor: a delete leaves the last version behind, so versions never repeat.
_DELETE = """
local current = redis.call('HGET', KEYS[1], 'version')
if current then
  redis.call('SET', KEYS[2], current, 'PX', ARGV[1])
  redis.call('DEL', KEYS[1])
end
return 1
"""
# KEYS[1] lock, ARGV: holder token, lease ms.  Idempotent, so a retried attempt whose first try was applied (its
# answer lost on the way back) finds the lock its own instead of waiting out its own lease.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if holder then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""
_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0
"""


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.RedisError, OSError)


def _transient() -> tuple[type[BaseException], ...]:
    import redis.exceptions

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, redis.exceptions.BusyLoadingError)


class _Backoff:
    """When to try a transient failure again: jittered exponential delays from 20 ms to 0.5 s within ``budget``,
    and at least twice whatever the budget: one connect timeout can use up a budget no longer than itself, and
    when a CPU-starved process's timers fire late, every one that was due fires at once."""

    _AT_LEAST = 2

    def __init__(self, budget: float) -> None:
        self._deadline = time.monotonic() + budget
        self._delay = 0.02
        self._retries = 0

    def next_delay(self) -> float | None:
        """The pause before the next attempt, or None when the budget is spent."""
        self._retries += 1
        if self._retries > self._AT_LEAST and time.monotonic() + self._delay > self._deadline:
            return None
        # Jitter, so that the callers a burst failed together do not come back together.
        delay = self._delay * random.uniform(0.5, 1.0)  # noqa: S311 - not cryptographic
        self._delay = min(self._delay * 2, 0.5)
        return delay


def _fernet(keys: str | bytes | Sequence[str | bytes]) -> MultiFernet:
    require("cryptography", extra="redis", purpose="encryption_key")
    from cryptography.fernet import Fernet, MultiFernet

    listed = [keys] if isinstance(keys, (str, bytes)) else list(keys)
    if not listed:
        raise ValueError("encryption_key must hold at least one Fernet key")
    try:
        return MultiFernet([Fernet(k) for k in listed])
    except (ValueError, TypeError):
        raise ValueError(
            "encryption_key must be Fernet keys (32 url-safe base64-encoded bytes, e.g. Fernet.generate_key())"
        ) from None


class RedisTokenStore:
    """Token pairs in Redis for every worker on every machine; see the module docstring.

    Make one with :meth:`from_url` (blocking and asyncio clients from one URL), or from clients you already have:
    ``RedisTokenStore(redis.Redis(...))``, ``RedisTokenStore(async_client=redis.asyncio.Redis(...))`` or both.
    With only a blocking client, async code uses it from worker threads; with only an asyncio client, the blocking
    methods raise :class:`TokenStoreError`.

    ``lock_lease`` is the lease in seconds (renewed while held), ``lock_timeout`` how long to wait for it,
    ``save_retry`` how long a save keeps trying while Redis is unreachable, ``retry`` how long every other call
    (read, lock, release, delete, list) keeps trying, ``ttl`` the records' time to live.
    """

    def __init__(
        self,
        client: redis.Redis | None = None,
        *,
        async_client: redis.asyncio.Redis | None = None,
        prefix: str = "st",
        encryption_key: str | bytes | Sequence[str | bytes] | None = None,
        lock_lease: float = 30.0,
        lock_timeout: float = 90.0,
        save_retry: float = 10.0,
        retry: float = 5.0,
        ttl: float = DEFAULT_TTL,
        async_factory: Callable[[], redis.asyncio.Redis] | None = None,
    ) -> None:
        if client is None and async_client is None and async_factory is None:
            raise ValueError("give a redis.Redis client, an async_client, or use RedisTokenStore.from_url(...)")
        if not prefix or not isinstance(prefix, str):
            raise ValueError("prefix must be a non-empty string")
        if lock_lease <= 0 or lock_timeout < 0 or save_retry < 0 or retry < 0 or ttl <= 0:
            raise ValueError("lock_lease and ttl must be positive; lock_timeout, save_retry and retry not negative")
        self._redis = RedisClients(client, async_client, async_factory)
        self.prefix = prefix
        self._fernet = _fernet(encryption_key) if encryption_key is not None else None
        self.lock_lease = lock_lease
        self.lock_timeout = lock_timeout
        self.save_retry = save_retry
        self.retry = retry
        self.ttl = ttl
        # Pairs a save could not write (Redis away past save_retry): key -> (record, expected version).
        self._unsaved: dict[str, tuple[StoredToken, int]] = {}
        self._guard = threading.Lock()

    @classmethod
    def from_url(
        cls, url: str, *, max_connections: int = 16, connect_timeout: float = 5.0, **options: Any
    ) -> RedisTokenStore:
        """A store on ``redis://`` / ``rediss://`` / ``unix://`` ``url``, for blocking and async code alike.

        The blocking side shares one pool of at most ``max_connections`` connections among all threads, and the
        asyncio side one such pool per event loop; a caller beyond the bound waits for a free connection.
        ``connect_timeout`` bounds one connect (a failed one is retried; see ``retry``).
        """
        require("redis", extra="redis", purpose="RedisTokenStore")
        client, async_factory = bounded_clients(url, max_connections=max_connections, connect_timeout=connect_timeout)
        return cls(client, async_factory=async_factory, **options)

    # --- names and records ------------------------------------------------------------------------------------

    def _check(self, key: str) -> str:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError(
                f"invalid token store key {key!r}: use an installed app id (letters, digits, '-', '_', '.', '@')"
            )
        return key

    def _token_key(self, key: str) -> str:
        return f"{self.prefix}:{{{self._check(key)}}}:token"

    def _floor_key(self, key: str) -> str:
        return f"{self.prefix}:{{{key}}}:floor"

    def _lock_key(self, key: str) -> str:
        return f"{self.prefix}:{{{self._check(key)}}}:lock"

    def _encode(self, key: str, token: StoredToken) -> bytes:
        if not isinstance(token, StoredToken):
            raise TypeError(f"token must be a StoredToken, not {type(token).__name__}")
        plain = token.to_json()
        if self._fernet is None:
            return _PLAIN + plain
        # Fernet has no associated data: the key goes inside, and decoding checks it.
        return _FERNET + self._fernet.encrypt(key.encode() + b"\n" + plain)

    def _decode(self, key: str, raw: bytes) -> StoredToken:
        try:
            if raw.startswith(_FERNET):
                if self._fernet is None:
                    raise ValueError("it is encrypted: pass the store's encryption_key")
                from cryptography.fernet import InvalidToken

                try:
                    named, _, plain = self._fernet.decrypt(raw[len(_FERNET) :]).partition(b"\n")
                except InvalidToken:
                    raise ValueError("it cannot be decrypted with the given encryption_key") from None
                if named != key.encode():
                    raise ValueError("it was encrypted for another key")
                return StoredToken.from_json(plain)
            if raw.startswith(_PLAIN):
                return StoredToken.from_json(raw[len(_PLAIN) :])
            raise ValueError("it is not a token record")
        except (ValueError, TypeError) as exc:
            raise TokenStoreError(f"the stored token of {key!r} in Redis is unreadable: {exc}") from None

    def _failure(self, key: str, action: str, exc: BaseException) -> TokenStoreError:
        # The exception's text names host and port, never the password (redis-py leaves it out).
        return TokenStoreError(f"Redis is unavailable: cannot {action} the stored token of {key!r} ({exc})")

    # --- blocking side ----------------------------------------------------------------------------------------

    @property
    def client(self) -> redis.Redis:
        """The blocking client."""
        if self._redis.blocking is None:
            raise TokenStoreError("this RedisTokenStore has only an asyncio client: pass a redis.Redis too")
        return self._redis.blocking

    def _call(self, key: str, action: str, operation: Callable[[], _T], budget: float | None = None) -> _T:
        """``operation``, tried again on a transient failure for ``budget`` seconds (default: ``retry``)."""
        backoff = _Backoff(self.retry if budget is None else budget)
        while True:
            try:
                return operation()
            except _transient() as exc:
                delay = backoff.next_delay()
                if delay is None:
                    raise self._failure(key, action, exc) from exc
                time.sleep(delay)
            except _redis_errors() as exc:
                raise self._failure(key, action, exc) from exc

    def _save_args(self, key: str, record: bytes, expected: int) -> tuple[Any, ...]:
        """The save script's keys and arguments, with a fresh write id: one per save, the same for its retries."""
        return (_SAVE, 2, self._token_key(key), self._floor_key(key), expected, record, int(self.ttl * 1000),
                secrets.token_hex(8))  # fmt: skip

    def _run_save(self, args: tuple[Any, ...]) -> tuple[bool, int]:
        written, version = self.client.eval(*args)
        return bool(written), int(version)

    def _flush(self, key: str) -> None:
        """Write a pair an earlier save could not (Redis was away), with the compare-and-set it was read under."""
        with self._guard:
            pending = self._unsaved.get(key)
        if pending is None:
            return
        token, expected = pending
        args = self._save_args(key, self._encode(key, token), expected)
        written, _ = self._call(key, "write", lambda: self._run_save(args))
        self._forget_unsaved(key, pending, written)

    def _forget_unsaved(self, key: str, pending: tuple[StoredToken, int], written: bool) -> None:
        with self._guard:
            if self._unsaved.get(key) is pending:
                del self._unsaved[key]
        if written:
            log.info("wrote the token pair of %r that Redis could not take earlier", key)
        else:
            log.warning("dropped the unsaved token pair of %r: a newer pair was stored meanwhile", key)

    def load_versioned(self, key: str) -> tuple[StoredToken | None, int]:
        """The record for ``key`` and its version (0 when there is none)."""
        self._flush(key)
        fields = self._call(key, "read", lambda: self.client.hmget(self._token_key(key), "version", "record"))
        return self._record(key, fields)

    def _record(self, key: str, fields: Sequence[Any]) -> tuple[StoredToken | None, int]:
        version, raw = fields
        if raw is None:
            return None, int(version or 0)
        return self._decode(key, raw), int(version)

    def load(self, key: str) -> StoredToken | None:
        return self.load_versioned(key)[0]

    def save(self, key: str, token: StoredToken) -> None:
        """Write ``token`` whatever is stored (INSTALL/UPDATE pairs are authoritative); the version still grows."""
        self.save_if(key, token, -1)

    def save_if(self, key: str, token: StoredToken, expected_version: int) -> bool:
        """Write ``token`` only over version ``expected_version`` (-1: any); False if another write came first."""
        args = self._save_args(key, self._encode(key, token), expected_version)
        with self._guard:
            self._unsaved.pop(key, None)  # this write supersedes one that was waiting for Redis
        try:
            written, _ = self._call(key, "write", lambda: self._run_save(args), budget=self.save_retry)
        except TokenStoreError as failure:
            raise self._kept_unsaved(key, token, expected_version, failure) from failure.__cause__
        return written

    def _kept_unsaved(self, key: str, token: StoredToken, expected: int, failure: TokenStoreError) -> TokenStoreError:
        """After a save gave up: Redis away, the pair kept in this process for the next call; else ``failure``."""
        cause = failure.__cause__
        if cause is None or not isinstance(cause, _transient()):
            return failure
        with self._guard:
            self._unsaved[key] = (token, expected)
        return TokenStoreError(
            f"Redis is unavailable: cannot write the stored token of {key!r} ({cause}); the pair is kept in this "
            "process and written by the next call on this key once Redis is back"
        )

    def delete(self, key: str) -> None:
        with self._guard:
            self._unsaved.pop(key, None)
        self._call(
            key,
            "delete",
            lambda: self.client.eval(_DELETE, 2, self._token_key(key), self._floor_key(key), int(self.ttl * 1000)),
        )

    def _pattern(self) -> str:
        escaped = re.sub(r"([*?\[\]\\])", r"\\\1", self.prefix)
        return f"{escaped}:{{*}}:token"

    def _key_of(self, name: bytes | str) -> str | None:
        text = name.decode() if isinstance(name, bytes) else name
        inner = text[len(self.prefix) + 2 : -len("}:token")]
        return inner if _KEY.fullmatch(inner) else None

    def keys(self) -> list[str]:
        names = self._call("*", "list", lambda: list(self.client.scan_iter(match=self._pattern(), count=500)))
        return sorted({k for k in map(self._key_of, names) if k is not None})

    def _try_lock(self, key: str, token: str) -> bool:
        return bool(self.client.eval(_ACQUIRE, 1, self._lock_key(key), token, int(self.lock_lease * 1000)))

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """The key's lease, renewed in the background while held; :class:`TokenStoreError` after ``lock_timeout``."""
        self._flush(key)
        token = secrets.token_hex(16)
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.002
        while not self._call(key, "lock", lambda: self._try_lock(key, token)):
            if time.monotonic() >= deadline:
                raise TokenStoreError(f"timed out after {self.lock_timeout:.0f} s waiting for the lock of {key!r}")
            time.sleep(delay)
            delay = min(delay * 2, 0.05, self.lock_lease / 10)
        stop = threading.Event()
        renewer = threading.Thread(
            target=self._renew, args=(key, token, stop), name=f"smartthings-token-lease:{key}", daemon=True
        )
        renewer.start()
        try:
            yield
        finally:
            stop.set()
            renewer.join()
            self._release(key, token)

    def _renew(self, key: str, token: str, stop: threading.Event) -> None:
        lease_ms = int(self.lock_lease * 1000)
        while not stop.wait(self.lock_lease / 3):
            try:
                if not self.client.eval(_EXTEND, 1, self._lock_key(key), token, lease_ms):
                    log.warning("lost the lock lease of %r; the compare-and-set still guards the record", key)
                    return
            except _redis_errors() as exc:
                log.warning("cannot extend the lock lease of %r: %s", key, exc)

    def _release(self, key: str, token: str) -> None:
        try:
            self._call(key, "release", lambda: self.client.eval(_RELEASE, 1, self._lock_key(key), token))
        except TokenStoreError as failure:  # the lease runs out by itself
            log.warning("cannot release the lock of %r (%s); it frees itself when its lease ends", key, failure)

    # --- async side -------------------------------------------------------------------------------------------

    def _aclient(self) -> redis.asyncio.Redis | None:
        return self._redis.for_loop()

    async def _acall(
        self, key: str, action: str, operation: Callable[[], Awaitable[_T]], budget: float | None = None
    ) -> _T:
        """:meth:`_call` for async code."""
        backoff = _Backoff(self.retry if budget is None else budget)
        while True:
            try:
                return await operation()
            except _transient() as exc:
                delay = backoff.next_delay()
                if delay is None:
                    raise self._failure(key, action, exc) from exc
                await asyncio.sleep(delay)
            except _redis_errors() as exc:
                raise self._failure(key, action, exc) from exc

    async def _arun_save(self, client: redis.asyncio.Redis, args: tuple[Any, ...]) -> tuple[bool, int]:
        written, version = await client.eval(*args)
        return bool(written), int(version)

    async def _aflush(self, client: redis.asyncio.Redis, key: str) -> None:
        with self._guard:
            pending = self._unsaved.get(key)
        if pending is None:
            return
        token, expected = pending
        args = self._save_args(key, self._encode(key, token), expected)
        written, _ = await self._acall(key, "write", lambda: self._arun_save(client, args))
        self._forget_unsaved(key, pending, written)

    async def aload_versioned(self, key: str) -> tuple[StoredToken | None, int]:
        """:meth:`load_versioned` for async code."""
        client = self._aclient()
        if client is None:
            return await asyncio.to_thread(self.load_versioned, key)
        await self._aflush(client, key)
        fields = await self._acall(key, "read", lambda: client.hmget(self._token_key(key), "version", "record"))
        return self._record(key, fields)

    async def aload(self, key: str) -> StoredToken | None:
        return (await self.aload_versioned(key))[0]

    async def asave(self, key: str, token: StoredToken) -> None:
        await self.asave_if(key, token, -1)

    async def asave_if(self, key: str, token: StoredToken, expected_version: int) -> bool:
        """:meth:`save_if` for async code."""
        client = self._aclient()
        if client is None:
            return await asyncio.to_thread(self.save_if, key, token, expected_version)
        args = self._save_args(key, self._encode(key, token), expected_version)
        with self._guard:
            self._unsaved.pop(key, None)
        try:
            written, _ = await self._acall(key, "write", lambda: self._arun_save(client, args), budget=self.save_retry)
        except TokenStoreError as failure:
            raise self._kept_unsaved(key, token, expected_version, failure) from failure.__cause__
        return written

    async def adelete(self, key: str) -> None:
        """:meth:`delete` for async code."""
        client = self._aclient()
        if client is None:
            await asyncio.to_thread(self.delete, key)
            return
        with self._guard:
            self._unsaved.pop(key, None)
        ttl = int(self.ttl * 1000)
        await self._acall(
            key,
            "delete",
            lambda: client.eval(_DELETE, 2, self._token_key(key), self._floor_key(key), ttl),
        )

    def async_lock(self, key: str) -> contextlib.AbstractAsyncContextManager[None]:
        """:meth:`lock` for async code: waiting never blocks the event loop."""
        self._check(key)
        return self._async_lock(key)

    @contextlib.asynccontextmanager
    async def _async_lock(self, key: str) -> AsyncIterator[None]:
        client = self._aclient()
        if client is None:
            async with _lock_in_thread(self, key):
                yield
            return
        await self._aflush(client, key)
        token = secrets.token_hex(16)
        name = self._lock_key(key)
        lease_ms = int(self.lock_lease * 1000)
        deadline = time.monotonic() + self.lock_timeout
        delay = 0.002
        while not await self._acall(key, "lock", lambda: client.eval(_ACQUIRE, 1, name, token, lease_ms)):
            if time.monotonic() >= deadline:
                raise TokenStoreError(f"timed out after {self.lock_timeout:.0f} s waiting for the lock of {key!r}")
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.05, self.lock_lease / 10)
        renewer = asyncio.ensure_future(self._arenew(client, key, token))
        try:
            yield
        finally:
            renewer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await renewer
            try:
                await self._acall(key, "release", lambda: client.eval(_RELEASE, 1, name, token))
            except TokenStoreError as failure:  # the lease runs out by itself
                log.warning("cannot release the lock of %r (%s); it frees itself when its lease ends", key, failure)

    async def _arenew(self, client: redis.asyncio.Redis, key: str, token: str) -> None:
        lease_ms = int(self.lock_lease * 1000)
        while True:
            await asyncio.sleep(self.lock_lease / 3)
            try:
                extended = await client.eval(_EXTEND, 1, self._lock_key(key), token, lease_ms)
            except _redis_errors() as exc:
                log.warning("cannot extend the lock lease of %r: %s", key, exc)
                continue
            if not extended:
                log.warning("lost the lock lease of %r; the compare-and-set still guards the record", key)
                return

    # --- housekeeping -----------------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the blocking client's connections (asyncio clients: :meth:`aclose`)."""
        self._redis.close()

    async def aclose(self) -> None:
        """Close the asyncio client of the running loop."""
        await self._redis.aclose()

    def __repr__(self) -> str:
        # Never the URL: it may carry a password.
        encrypted = "encrypted" if self._fernet is not None else "not encrypted"
        return f"RedisTokenStore(prefix={self.prefix!r}, {encrypted})"
