"""Token stores: where refreshable token pairs live between runs, keyed by installed app id.

A SmartApp backend holds one pair per installed app (thousands), refreshed by whichever worker needs it first;
a script holds one.  Refresh tokens rotate on every use ("once a refresh token is used, it is no longer valid"),
so a store is not a cache: losing the newest refresh token, or letting two workers refresh the same one, means
a person has to authorise the app again.

The contract every store keeps (and what a Redis, SQL or cloud store must keep to plug in unchanged):

* ``save(key, token)`` is atomic: a reader sees the previous record or the new one, never a mix or nothing, even
  if the writer dies half way (files: temp file + fsync + rename; Redis: one ``SET``).
* ``lock(key)`` is mutual exclusion for that key across every process and machine that shares the store
  (files: an ``flock`` per key; Redis: ``SET key NX PX`` with a token and a compare-and-delete release, or
  redis-py's ``Lock``).  The refresh holds it from reading the stored pair to saving the new one, so the lease
  must outlive one HTTP exchange (say 60 s).  It need not be reentrant.
* The refresh re-reads the record after taking the lock and uses the stored pair if its refresh token is no
  longer the one it started from: someone else refreshed first.
* ``load`` returns None for an unknown key; ``delete`` of an unknown key is not an error; ``keys()`` lists every
  key (for keep-alive).

A store shared across machines adds fencing (:class:`VersionedTokenStore`): every record carries a version that
grows on every write, and the refresh saves with ``save_if(key, token, expected_version)``, which writes only if
the record is still the one read under the lock.  A lock is a lease: a worker paused past it must not overwrite
the pair a newer holder (or an UPDATE) saved meanwhile.

Async code takes ``async_lock(key)`` and calls ``aload``/``asave`` when a store has them; otherwise the client
runs the blocking methods in a worker thread, so the event loop never waits on a lock or a disk.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import secrets
import stat
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs
import filelock
import orjson

from ..errors import SmartThingsError
from ..models.converter import parse_datetime
from ._endpoint import DEFAULT_TOKEN_URL, REDACTED, TokenSource

__all__ = [
    "TOKEN_DIR_ENV",
    "AsyncTokenStore",
    "FileTokenStore",
    "MemoryTokenStore",
    "StoredToken",
    "TokenStore",
    "TokenStoreError",
    "VersionedTokenStore",
    "async_store_lock",
    "default_token_dir",
    "store_aload",
    "store_aload_versioned",
    "store_asave",
    "store_asave_if",
    "store_load_versioned",
    "store_save_if",
]

log = logging.getLogger("smartthings_client")

TOKEN_DIR_ENV = "SMARTTHINGS_TOKEN_DIR"
_FORMAT_VERSION = 1
# Keys become file names: installed app ids are UUIDs, so a conservative alphabet costs nothing.
_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,199}")
_TEMP_MAX_AGE = 3600.0


class TokenStoreError(SmartThingsError):
    """A token store could not be read, written or locked (the message names the key and the file)."""


def _utc(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc))")
    return value.astimezone(timezone.utc)


def _expires(value: datetime) -> datetime:
    return _utc(value, "expires_at")


def _updated(value: datetime) -> datetime:
    return _utc(value, "updated_at")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _scopes(value: Any) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(repr=False)
class StoredToken:
    """One stored token pair and what is needed to refresh it.

    ``client_secret`` is stored when the credential was told to (the default), so that keep-alive and the CLI can
    refresh without being given it again; stores keep it like the tokens (files are mode 0600) and ``repr()``
    never shows it.  ``updated_at`` is when this pair was obtained or saved: keep-alive refreshes records older
    than its threshold.
    """

    access_token: str
    refresh_token: str
    expires_at: datetime = attrs.field(converter=_expires)
    client_id: str
    client_secret: str | None = None
    scopes: tuple[str, ...] | None = attrs.field(default=None, converter=_scopes)
    installed_app_id: str | None = None
    location_id: str | None = None
    token_url: str = DEFAULT_TOKEN_URL
    source: TokenSource = attrs.field(default=TokenSource.SMARTAPP, converter=TokenSource)
    updated_at: datetime = attrs.field(factory=_now, converter=_updated)

    def __repr__(self) -> str:
        secret = "<none>" if self.client_secret is None else REDACTED
        return (
            f"StoredToken(installed_app_id={self.installed_app_id!r}, location_id={self.location_id!r}, "
            f"client_id={self.client_id!r}, scopes={self.scopes!r}, expires_at={self.expires_at.isoformat()}, "
            f"updated_at={self.updated_at.isoformat()}, source={self.source.value!r}, token_url={self.token_url!r}, "
            f"access_token={REDACTED}, refresh_token={REDACTED}, client_secret={secret})"
        )

    def to_json(self) -> bytes:
        """The record as JSON (secrets included: this is what a store writes)."""
        return orjson.dumps(
            {
                "version": _FORMAT_VERSION,
                "access_token": self.access_token,
                "refresh_token": self.refresh_token,
                "expires_at": self.expires_at.isoformat(),
                "client_id": self.client_id,
                "client_secret": self.client_secret,
                "scopes": list(self.scopes) if self.scopes is not None else None,
                "installed_app_id": self.installed_app_id,
                "location_id": self.location_id,
                "token_url": self.token_url,
                "source": self.source.value,
                "updated_at": self.updated_at.isoformat(),
            },
            option=orjson.OPT_INDENT_2,
        )

    @classmethod
    def from_json(cls, data: bytes | str | Mapping[str, Any]) -> StoredToken:
        """Read a record written by :meth:`to_json` (ValueError if it is not one)."""
        raw: Any = data if isinstance(data, Mapping) else orjson.loads(data)
        if not isinstance(raw, Mapping):
            raise ValueError("a stored token must be a JSON object")
        version = raw.get("version", _FORMAT_VERSION)
        if version != _FORMAT_VERSION:
            raise ValueError(f"unsupported stored token format version {version!r}")
        try:
            access, refresh, client_id = raw["access_token"], raw["refresh_token"], raw["client_id"]
            expires_at = parse_datetime(raw["expires_at"])
            updated_at = parse_datetime(raw["updated_at"]) if raw.get("updated_at") else _now()
        except KeyError as exc:
            raise ValueError(f"the stored token lacks {exc.args[0]!r}") from None
        except (TypeError, ValueError) as exc:
            raise ValueError(f"the stored token has an invalid timestamp: {exc}") from None
        for name, value in (("access_token", access), ("refresh_token", refresh), ("client_id", client_id)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"the stored token's {name} must be a non-empty string")
        return cls(
            access_token=access,
            refresh_token=refresh,
            expires_at=expires_at,
            client_id=client_id,
            client_secret=raw.get("client_secret") or None,
            scopes=raw.get("scopes"),
            installed_app_id=raw.get("installed_app_id"),
            location_id=raw.get("location_id"),
            token_url=raw.get("token_url") or DEFAULT_TOKEN_URL,
            source=raw.get("source") or TokenSource.SMARTAPP,
            updated_at=updated_at,
        )


@runtime_checkable
class TokenStore(Protocol):
    """Where token pairs are kept, keyed by installed app id; see the module docstring for the contract."""

    def load(self, key: str) -> StoredToken | None:
        """The record for ``key``, or None."""
        ...

    def save(self, key: str, token: StoredToken) -> None:
        """Replace the record for ``key`` atomically."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key`` (no error if unknown)."""
        ...

    def keys(self) -> list[str]:
        """Every stored key."""
        ...

    def lock(self, key: str) -> AbstractContextManager[None]:
        """Mutual exclusion for ``key`` across every process sharing the store."""
        ...


@runtime_checkable
class AsyncTokenStore(TokenStore, Protocol):
    """A store that can also be used from async code without a worker thread."""

    def async_lock(self, key: str) -> AbstractAsyncContextManager[None]:
        """:meth:`lock` for async code: waiting for it never blocks the event loop."""
        ...

    async def aload(self, key: str) -> StoredToken | None:
        """:meth:`load` for async code."""
        ...

    async def asave(self, key: str, token: StoredToken) -> None:
        """:meth:`save` for async code."""
        ...


@runtime_checkable
class VersionedTokenStore(TokenStore, Protocol):
    """A store whose records carry a version (a fencing number) that grows with every write."""

    def load_versioned(self, key: str) -> tuple[StoredToken | None, int]:
        """The record for ``key`` and its version (0 when there is none)."""
        ...

    def save_if(self, key: str, token: StoredToken, expected_version: int) -> bool:
        """Write ``token`` only if the stored version is still ``expected_version``; False if it was not."""
        ...


def store_load_versioned(store: TokenStore, key: str) -> tuple[StoredToken | None, int | None]:
    """The record and its version, or the record and None for a store without versions."""
    load_versioned = getattr(store, "load_versioned", None)
    if load_versioned is not None:
        record, version = load_versioned(key)
        return record, version
    return store.load(key), None


def store_save_if(store: TokenStore, key: str, token: StoredToken, expected_version: int | None) -> bool:
    """``save_if`` when the record was read with a version, else a plain ``save`` (which always succeeds)."""
    if expected_version is not None:
        saved: bool = getattr(store, "save_if")(key, token, expected_version)  # noqa: B009 (read with a version)
        return saved
    store.save(key, token)
    return True


async def store_aload_versioned(store: TokenStore, key: str) -> tuple[StoredToken | None, int | None]:
    """:func:`store_load_versioned` for async code."""
    aload_versioned = getattr(store, "aload_versioned", None)
    if aload_versioned is not None:
        record, version = await aload_versioned(key)
        return record, version
    if hasattr(store, "load_versioned"):
        return await asyncio.to_thread(store_load_versioned, store, key)
    return await store_aload(store, key), None


async def store_asave_if(store: TokenStore, key: str, token: StoredToken, expected_version: int | None) -> bool:
    """:func:`store_save_if` for async code."""
    if expected_version is not None:
        asave_if = getattr(store, "asave_if", None)
        if asave_if is not None:
            saved: bool = await asave_if(key, token, expected_version)
            return saved
        return await asyncio.to_thread(store_save_if, store, key, token, expected_version)
    await store_asave(store, key, token)
    return True


# --- using any store from async code -------------------------------------------------------------------------


async def store_aload(store: TokenStore, key: str) -> StoredToken | None:
    """``store.aload`` if it has one, else ``store.load`` in a worker thread."""
    aload = getattr(store, "aload", None)
    if aload is not None:
        result: StoredToken | None = await aload(key)
        return result
    return await asyncio.to_thread(store.load, key)


async def store_asave(store: TokenStore, key: str, token: StoredToken) -> None:
    """``store.asave`` if it has one, else ``store.save`` in a worker thread."""
    asave = getattr(store, "asave", None)
    if asave is not None:
        await asave(key, token)
        return
    await asyncio.to_thread(store.save, key, token)


@contextlib.asynccontextmanager
async def _lock_in_thread(store: TokenStore, key: str) -> AsyncIterator[None]:
    # Locks such as filelock's are owned by the thread that took them, so one worker thread both enters and
    # exits the store's context manager while the event loop awaits.
    loop = asyncio.get_running_loop()
    acquired = asyncio.Event()
    release = threading.Event()
    failure: list[BaseException] = []

    def signal() -> None:
        with contextlib.suppress(RuntimeError):  # the loop may be gone if the waiting task was cancelled
            loop.call_soon_threadsafe(acquired.set)

    def hold() -> None:
        try:
            with store.lock(key):
                signal()
                release.wait()
        except BaseException as exc:  # handed to the awaiting task
            failure.append(exc)
            signal()

    worker = threading.Thread(target=hold, name=f"smartthings-token-lock:{key}", daemon=True)
    worker.start()
    try:
        await acquired.wait()
    except BaseException:
        release.set()  # cancelled while waiting: let the worker give the lock back as soon as it gets it
        raise
    if failure:
        raise failure[0]
    try:
        yield
    finally:
        release.set()
        await asyncio.to_thread(worker.join)


def async_store_lock(store: TokenStore, key: str) -> AbstractAsyncContextManager[None]:
    """The store's lock for ``key``, taken without blocking the event loop."""
    async_lock = getattr(store, "async_lock", None)
    if async_lock is not None:
        lock: AbstractAsyncContextManager[None] = async_lock(key)
        return lock
    return _lock_in_thread(store, key)


async def _poll(try_acquire: Any, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    delay = 0.001
    while not try_acquire():
        if time.monotonic() >= deadline:
            raise TokenStoreError(f"timed out after {timeout:.0f} s waiting for the lock of {what}")
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.05)


# --- in memory -------------------------------------------------------------------------------------------------


class MemoryTokenStore:
    """A store in this process's memory: for tests, and for one process that re-authorises on restart."""

    def __init__(self, lock_timeout: float = 60.0) -> None:
        self._records: dict[str, StoredToken] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.lock_timeout = lock_timeout

    def load(self, key: str) -> StoredToken | None:
        return self._records.get(key)

    def save(self, key: str, token: StoredToken) -> None:
        if not isinstance(token, StoredToken):
            raise TypeError(f"token must be a StoredToken, not {type(token).__name__}")
        self._records[key] = token

    def delete(self, key: str) -> None:
        self._records.pop(key, None)

    def keys(self) -> list[str]:
        return sorted(self._records)

    def _lock_for(self, key: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = threading.Lock()
            return lock

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        lock = self._lock_for(key)
        if not lock.acquire(timeout=self.lock_timeout):
            raise TokenStoreError(f"timed out after {self.lock_timeout:.0f} s waiting for the lock of {key!r}")
        try:
            yield
        finally:
            lock.release()

    @contextlib.asynccontextmanager
    async def async_lock(self, key: str) -> AsyncIterator[None]:
        lock = self._lock_for(key)
        await _poll(lambda: lock.acquire(blocking=False), self.lock_timeout, repr(key))
        try:
            yield
        finally:
            lock.release()

    async def aload(self, key: str) -> StoredToken | None:
        return self.load(key)

    async def asave(self, key: str, token: StoredToken) -> None:
        self.save(key, token)

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._records)} keys)"


# --- files -------------------------------------------------------------------------------------------------------


def default_token_dir() -> Path:
    """``$SMARTTHINGS_TOKEN_DIR``, else ``$XDG_CONFIG_HOME/smartthings-client/tokens`` (``~/.config/...``)."""
    explicit = os.environ.get(TOKEN_DIR_ENV, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    config = os.environ.get("XDG_CONFIG_HOME", "").strip()
    base = Path(config).expanduser() if config else Path.home() / ".config"
    return base / "smartthings-client" / "tokens"


def _fsync_directory(directory: Path) -> None:
    # The rename is durable only once the directory entry is; some platforms cannot open a directory.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class FileTokenStore:
    """One JSON file per key in a private directory, with a cross-process lock file per key.

    Files are written to a temporary file, fsynced, renamed over the old one and the directory fsynced, so a
    crash at any instant leaves either the previous record or the new one.  Records are mode 0600 in a 0700
    directory (they hold tokens and, by default, the client secret).  ``lock(key)`` is an ``flock`` on
    ``<key>.lock``, released by the kernel if the holder dies.  ``directory`` defaults to
    :func:`default_token_dir`.
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None, *, lock_timeout: float = 60.0) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_token_dir()
        self.lock_timeout = lock_timeout
        self._ready = False

    def _ensure_directory(self) -> None:
        if self._ready:
            return
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise TokenStoreError(f"cannot create the token directory {self.directory}: {exc}") from exc
        mode = stat.S_IMODE(self.directory.stat().st_mode)
        if mode & 0o077 and os.name == "posix":
            log.warning(
                "the token directory %s is readable by other users (mode %o); consider chmod 700",
                self.directory,
                mode,
            )
        self._ready = True

    def _path(self, key: str) -> Path:
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise ValueError(
                f"invalid token store key {key!r}: use an installed app id (letters, digits, '-', '_', '.', '@')"
            )
        return self.directory / f"{key}.json"

    def path_for(self, key: str) -> Path:
        """The file that holds ``key``'s record."""
        return self._path(key)

    def load(self, key: str) -> StoredToken | None:
        path = self._path(key)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"cannot read the stored token {path}: {exc}") from exc
        try:
            return StoredToken.from_json(content)
        except (ValueError, TypeError) as exc:
            raise TokenStoreError(f"the stored token {path} is damaged: {exc}") from exc

    def save(self, key: str, token: StoredToken) -> None:
        if not isinstance(token, StoredToken):
            raise TypeError(f"token must be a StoredToken, not {type(token).__name__}")
        path = self._path(key)
        self._ensure_directory()
        data = token.to_json()
        temp = self.directory / f".{key}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
            try:
                view = memoryview(data)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(temp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise TokenStoreError(f"cannot write the stored token {path}: {exc}") from exc
        _fsync_directory(self.directory)
        self._remove_stale_temporaries(key)

    def _remove_stale_temporaries(self, key: str) -> None:
        # Left behind only by a writer that died between creating and renaming its temporary file.
        cutoff = time.time() - _TEMP_MAX_AGE
        for leftover in self.directory.glob(f".{key}.*.tmp"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()

    def delete(self, key: str) -> None:
        # The lock file stays: unlinking it could let two processes lock different inodes under one name.
        path = self._path(key)
        try:
            path.unlink()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise TokenStoreError(f"cannot delete the stored token {path}: {exc}") from exc
        _fsync_directory(self.directory)

    def keys(self) -> list[str]:
        try:
            names = [p.name for p in self.directory.iterdir()]
        except FileNotFoundError:
            return []
        except OSError as exc:
            raise TokenStoreError(f"cannot list the token directory {self.directory}: {exc}") from exc
        return sorted(name[: -len(".json")] for name in names if name.endswith(".json") and not name.startswith("."))

    def _file_lock(self, key: str) -> filelock.FileLock:
        self._path(key)
        self._ensure_directory()
        return filelock.FileLock(
            str(self.directory / f"{key}.lock"), timeout=self.lock_timeout, mode=0o600, thread_local=False
        )

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        lock = self._file_lock(key)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise TokenStoreError(
                f"timed out after {self.lock_timeout:.0f} s waiting for the lock of {key!r} ({lock.lock_file})"
            ) from None
        try:
            yield
        finally:
            lock.release()

    @contextlib.asynccontextmanager
    async def async_lock(self, key: str) -> AsyncIterator[None]:
        lock = self._file_lock(key)

        def attempt() -> bool:
            try:
                lock.acquire(timeout=0)
            except filelock.Timeout:
                return False
            return True

        await _poll(attempt, self.lock_timeout, f"{key!r} ({lock.lock_file})")
        try:
            yield
        finally:
            lock.release()

    async def aload(self, key: str) -> StoredToken | None:
        return await asyncio.to_thread(self.load, key)

    async def asave(self, key: str, token: StoredToken) -> None:
        await asyncio.to_thread(self.save, key, token)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.directory)!r})"
