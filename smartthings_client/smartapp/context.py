"""What a SmartApp remembers of each installed app beside its token pair: the configuration, location and language.

The token pair lives in a :class:`~smartthings_client.auth.stores.TokenStore` (its contract is about rotating refresh
tokens); the configuration lives here, in a parallel :class:`ContextStore` keyed by the same installed app id, so a
worker can act on "the lights the user chose" hours after the lifecycle that carried them (``app.with_context(id)``).
INSTALL and UPDATE save the record before any handler runs; UNINSTALL (and the app's own DELETE lifecycle event)
deletes it.  Three stores: :class:`MemoryContextStore` (tests, one process), :class:`FileContextStore` (one JSON file
per installed app, written atomically, mode 0600: a PASSWORD setting's answer is in the configuration) and
:class:`RedisContextStore` (every worker on every machine; ``RedisContextStore.beside(token_store)`` shares the
token store's connection).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import attrs
import orjson

from ..auth.lifecycle import AppConfig, ConfigEntry
from ..auth.refresh import RefreshableToken
from ..auth.stores import TokenStoreError
from ..client import AsyncSmartThings, SmartThings
from ..models.converter import decode_as, encode, parse_datetime

if TYPE_CHECKING:
    import redis

    from ..auth.redis_store import RedisTokenStore

__all__ = [
    "AppContext",
    "ContextStore",
    "FileContextStore",
    "InstalledAppContext",
    "MemoryContextStore",
    "RedisContextStore",
]

_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,199}")
_FORMAT_VERSION = 1
_decode_config = decode_as(dict[str, tuple[ConfigEntry, ...]])


def _now() -> datetime:
    return datetime.now(timezone.utc)


@attrs.frozen
class InstalledAppContext:
    """One installed app's stored context: where it is installed, what the user chose, in which language."""

    installed_app_id: str
    location_id: str | None = None
    config: AppConfig = attrs.field(factory=AppConfig)
    permissions: tuple[str, ...] = ()
    locale: str | None = None
    updated_at: datetime = attrs.field(factory=_now)

    def to_json(self) -> bytes:
        """The record as a store writes it."""
        return orjson.dumps(
            {
                "version": _FORMAT_VERSION,
                "installed_app_id": self.installed_app_id,
                "location_id": self.location_id,
                "config": {key: encode(list(entries)) for key, entries in self.config.entries.items()},
                "permissions": list(self.permissions),
                "locale": self.locale,
                "updated_at": self.updated_at.isoformat(),
            }
        )

    @classmethod
    def from_json(cls, data: bytes | str) -> InstalledAppContext:
        """Read a record written by :meth:`to_json` (ValueError if it is not one)."""
        raw: Any = orjson.loads(data)
        if not isinstance(raw, Mapping) or raw.get("version") != _FORMAT_VERSION:
            raise ValueError("not a stored installed app context (format version 1)")
        try:
            return cls(
                installed_app_id=str(raw["installed_app_id"]),
                location_id=raw.get("location_id"),
                config=AppConfig(_decode_config(raw.get("config") or {})),
                permissions=tuple(raw.get("permissions") or ()),
                locale=raw.get("locale"),
                updated_at=parse_datetime(raw["updated_at"]),
            )
        except Exception as exc:  # any decoding failure is one ValueError naming what broke
            raise ValueError(f"the stored installed app context cannot be read: {exc!r}") from None


@runtime_checkable
class ContextStore(Protocol):
    """Where installed app contexts are kept, keyed by installed app id.  ``save`` replaces a record atomically;
    ``load`` of an unknown key is None; ``delete`` of an unknown key is not an error."""

    def load(self, key: str) -> InstalledAppContext | None:
        """The context stored for ``key``, or None."""
        ...

    def save(self, key: str, context: InstalledAppContext) -> None:
        """Replace the context of ``key``."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key``."""
        ...


def _checked(key: str) -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise TokenStoreError(f"invalid context store key {key!r} (installed app ids are UUIDs)")
    return key


class MemoryContextStore:
    """Contexts in this process's memory."""

    def __init__(self) -> None:
        self._records: dict[str, bytes] = {}
        self._guard = threading.Lock()

    def load(self, key: str) -> InstalledAppContext | None:
        with self._guard:
            raw = self._records.get(_checked(key))
        return None if raw is None else InstalledAppContext.from_json(raw)

    def save(self, key: str, context: InstalledAppContext) -> None:
        record = context.to_json()  # a copy: later changes to the caller's objects never reach the store
        with self._guard:
            self._records[_checked(key)] = record

    def delete(self, key: str) -> None:
        with self._guard:
            self._records.pop(_checked(key), None)

    def keys(self) -> list[str]:
        with self._guard:
            return sorted(self._records)

    def __repr__(self) -> str:
        return f"MemoryContextStore({len(self._records)} installed apps)"


class FileContextStore:
    """One ``<installed app id>.context.json`` per installed app in ``directory`` (mode 0700), each written to a
    temporary file and renamed over the old one (mode 0600)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)

    def _path(self, key: str) -> Path:
        return self.directory / f"{_checked(key)}.context.json"

    def load(self, key: str) -> InstalledAppContext | None:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise TokenStoreError(f"cannot read the context of {key!r} at {path}: {exc.strerror}") from None
        try:
            return InstalledAppContext.from_json(raw)
        except ValueError as exc:
            raise TokenStoreError(f"{path} is not a stored context: {exc}") from None

    def save(self, key: str, context: InstalledAppContext) -> None:
        path = self._path(key)
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=self.directory)
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(context.to_json())
                    out.flush()
                    os.fsync(out.fileno())
                os.replace(temporary, path)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
                raise
        except OSError as exc:
            raise TokenStoreError(f"cannot save the context of {key!r} at {path}: {exc.strerror}") from None

    def delete(self, key: str) -> None:
        path = self._path(key)
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise TokenStoreError(f"cannot delete the context of {key!r} at {path}: {exc.strerror}") from None

    def __repr__(self) -> str:
        return f"FileContextStore({str(self.directory)!r})"


class RedisContextStore:
    """Contexts in Redis, one string per installed app under ``prefix`` (one ``SET``: atomic)."""

    def __init__(self, client: redis.Redis, *, prefix: str = "smartthings:context:") -> None:
        self.client = client
        self.prefix = prefix

    @classmethod
    def beside(cls, tokens: RedisTokenStore, *, prefix: str = "smartthings:context:") -> RedisContextStore:
        """A context store on the token store's Redis connection."""
        return cls(tokens.client, prefix=prefix)

    def _call(self, key: str, action: str, operation: Any) -> Any:
        from ..auth.redis_store import _redis_errors  # redis is an optional dependency

        try:
            return operation()
        except _redis_errors() as exc:
            raise TokenStoreError(f"cannot {action} the context of {key!r} in Redis: {type(exc).__name__}") from None

    def load(self, key: str) -> InstalledAppContext | None:
        name = self.prefix + _checked(key)
        raw = self._call(key, "read", lambda: self.client.get(name))
        if raw is None:
            return None
        try:
            return InstalledAppContext.from_json(raw)
        except ValueError as exc:
            raise TokenStoreError(f"the Redis record of {key!r} is not a stored context: {exc}") from None

    def save(self, key: str, context: InstalledAppContext) -> None:
        name, record = self.prefix + _checked(key), context.to_json()
        self._call(key, "save", lambda: self.client.set(name, record))

    def delete(self, key: str) -> None:
        name = self.prefix + _checked(key)
        self._call(key, "delete", lambda: self.client.delete(name))

    def __repr__(self) -> str:
        return f"RedisContextStore(prefix={self.prefix!r})"


@attrs.frozen
class AppContext:
    """An installed app, for proactive calls from any worker (``app.with_context(installed_app_id)``): its stored
    configuration and clients on its stored token pair (refreshed under the token store's lock when needed)."""

    installed_app_id: str
    token: RefreshableToken = attrs.field(repr=False)
    stored: InstalledAppContext | None = None
    client_options: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @property
    def config(self) -> AppConfig:
        """The configuration saved at the last INSTALL/UPDATE (empty without a context store)."""
        return self.stored.config if self.stored is not None else AppConfig()

    @property
    def location_id(self) -> str | None:
        return self.stored.location_id if self.stored is not None else self.token.location_id

    @property
    def locale(self) -> str | None:
        return self.stored.locale if self.stored is not None else None

    def client(self, **options: Any) -> SmartThings:
        """A blocking client on the installed app's token (``with ctx.client() as st: ...``)."""
        return SmartThings(self.token, **{**self.client_options, **options})

    def async_client(self, **options: Any) -> AsyncSmartThings:
        """An async client on the installed app's token (``async with ctx.async_client() as st: ...``)."""
        return AsyncSmartThings(self.token, **{**self.client_options, **options})
