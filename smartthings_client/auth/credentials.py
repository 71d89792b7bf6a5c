"""Credentials: what kind of token the client holds, and how it reaches the ``Authorization`` header.

A credential knows its :class:`~smartthings_client.scopes.TokenKind` (the scope table says which kinds may call
which operation), the scopes it was granted where known (so a 403 can say exactly what is missing), and supplies an
``httpx.Auth`` flow that sets the Bearer header.  ``repr()`` never shows a token.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Generator, Iterable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import attrs
import httpx

from ..errors import NoCredentialsError
from ..scopes import TokenKind
from ._endpoint import DEFAULT_TOKEN_URL, TokenSource, check_url
from .stores import StoredToken, TokenStore

if TYPE_CHECKING:
    from .refresh import RefreshAuth

__all__ = [
    "DEFAULT_REFRESH_SKEW",
    "BearerAuth",
    "Credential",
    "PersonalAccessToken",
    "RefreshableToken",
    "SmartAppToken",
    "TokenPair",
    "redact",
    "resolve_credential",
]

#: How long before expiry a refreshable token is refreshed (at most half its lifetime).
DEFAULT_REFRESH_SKEW = timedelta(minutes=5)

TOKEN_ENV = "SMARTTHINGS_TOKEN"


def redact(secret: str | None) -> str:
    """How secrets appear in reprs and messages: never any of their characters."""
    return "<none>" if not secret else "<redacted>"


@runtime_checkable
class Credential(Protocol):
    """What the client needs of a credential."""

    @property
    def kind(self) -> TokenKind: ...

    @property
    def description(self) -> str:
        """What people call this token, e.g. "personal access token" or "SmartApp EVENT token"."""
        ...

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        """The scopes the token carries, when known (None: unknown)."""
        ...

    def auth(self) -> httpx.Auth:
        """The httpx auth flow that puts the token on requests (and refreshes it, where it can)."""
        ...


class BearerAuth(httpx.Auth):
    """Sets ``Authorization: Bearer <token>`` on every request (the header is built once)."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(<redacted>)"


def _check_token(token: object) -> str:
    if not isinstance(token, str):
        raise TypeError(f"a token must be a str, not {type(token).__name__}")
    stripped = token.strip()
    if not stripped:
        raise ValueError("the token is empty")
    if stripped.lower().startswith("bearer "):
        raise ValueError("pass the token itself, without the 'Bearer ' prefix")
    if any(ch.isspace() for ch in stripped):
        raise ValueError("the token contains whitespace; was something pasted along with it?")
    return stripped


def _scopes(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(repr=False)
class PersonalAccessToken:
    """A personal access token (PAT) from https://account.smartthings.com/tokens.

    PATs created since 2024-12-30 last 24 hours; pass ``expires_at`` if you know it, and ``scopes`` (as chosen
    when creating it) so that scope errors can name exactly what is missing.
    """

    token: str = attrs.field(converter=_check_token)
    scopes: tuple[str, ...] | None = attrs.field(default=None, converter=_scopes)
    expires_at: datetime | None = None

    @property
    def kind(self) -> TokenKind:
        return TokenKind.PAT

    @property
    def description(self) -> str:
        return "personal access token"

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        return self.scopes

    def auth(self) -> httpx.Auth:
        return BearerAuth(self.token)

    def __repr__(self) -> str:
        return (
            f"PersonalAccessToken(token={redact(self.token)}, scopes={self.scopes!r}, expires_at={self.expires_at!r})"
        )


@attrs.frozen(repr=False)
class SmartAppToken:
    """A SmartApp token that this client will not refresh: an EVENT token, or an INSTALL/UPDATE token used as is.

    EVENT tokens (``event=True``) last 5 minutes, cannot be refreshed and must not be stored.  ``granted_scopes``
    are the ``installedApp.permissions`` of the lifecycle payload.
    """

    token: str = attrs.field(converter=_check_token)
    installed_app_id: str | None = None
    location_id: str | None = None
    scopes: tuple[str, ...] | None = attrs.field(default=None, converter=_scopes)
    expires_at: datetime | None = None
    event: bool = False

    @property
    def kind(self) -> TokenKind:
        return TokenKind.SMARTAPP

    @property
    def description(self) -> str:
        return "SmartApp EVENT token" if self.event else "SmartApp token"

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        return self.scopes

    def auth(self) -> httpx.Auth:
        return BearerAuth(self.token)

    def __repr__(self) -> str:
        return (
            f"SmartAppToken(token={redact(self.token)}, installed_app_id={self.installed_app_id!r}, "
            f"location_id={self.location_id!r}, scopes={self.scopes!r}, event={self.event!r})"
        )


def _required_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    stripped = value.strip()
    if not stripped:
        raise ValueError(f"{name} is empty")
    return stripped


def _aware(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc) + timedelta(hours=24))")
    return value.astimezone(timezone.utc)


@attrs.frozen(repr=False)
class TokenPair:
    """One access token with the refresh token that came with it; replaced as a whole on every refresh."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    obtained_at: datetime | None = None
    """When the pair was issued, where known (it caps the refresh skew at half the token's lifetime)."""
    scopes: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"TokenPair(<redacted>, expires_at={self.expires_at.isoformat()}, scopes={self.scopes!r})"


class RefreshableToken:
    """A token pair that refreshes itself: INSTALL/UPDATE SmartApp tokens and OAuth-In (API_ONLY) tokens.

    The access token is refreshed shortly before it expires (``refresh_skew``, 5 minutes by default, at most half
    its lifetime) and once after a 401, with the refresh token, at ``token_url`` (HTTP Basic ``client_id`` and
    ``client_secret``).  Every refresh rotates both tokens; this object always holds the newest pair, and with a
    ``store`` the new pair is saved before it is used, under the store's lock so that only one worker refreshes
    (``store_key`` defaults to ``installed_app_id``).  A refused refresh token raises
    :class:`~smartthings_client.errors.ReauthorizationRequired`.

    ``clock`` (epoch seconds) decides expiry; tests pass an emulator's ``clock.now``.  ``repr()`` shows no secret.
    Pass it to a client like any token: ``SmartThings(RefreshableToken(...))``.
    """

    def __init__(
        self,
        access_token: str,
        refresh_token: str,
        expires_at: datetime,
        *,
        client_id: str,
        client_secret: str,
        scopes: Iterable[str] | None = None,
        installed_app_id: str | None = None,
        location_id: str | None = None,
        token_url: str = DEFAULT_TOKEN_URL,
        store: TokenStore | None = None,
        store_key: str | None = None,
        source: TokenSource | str = TokenSource.SMARTAPP,
        refresh_skew: timedelta = DEFAULT_REFRESH_SKEW,
        clock: Callable[[], float] = time.time,
        obtained_at: datetime | None = None,
        store_client_secret: bool = True,
    ) -> None:
        self.client_id = _required_text(client_id, "client_id")
        self._client_secret = _required_text(client_secret, "client_secret")
        self.installed_app_id = installed_app_id
        self.location_id = location_id
        self.token_url = check_url(token_url, "token_url")
        self.source = TokenSource(source)
        if not isinstance(refresh_skew, timedelta) or refresh_skew < timedelta(0):
            raise ValueError("refresh_skew must be a non-negative timedelta")
        self.refresh_skew = refresh_skew
        self.clock = clock
        self.store_client_secret = store_client_secret
        if store is not None and not isinstance(store, TokenStore):
            raise TypeError(f"store must be a TokenStore, not {type(store).__name__}")
        self.store = store
        self.store_key = store_key or installed_app_id
        if store is not None and not self.store_key:
            raise ValueError("a token store needs a key: pass installed_app_id or store_key")
        self._pair = TokenPair(
            access_token=_check_token(access_token),
            refresh_token=_check_token(refresh_token),
            expires_at=_aware(expires_at, "expires_at"),
            obtained_at=_aware(obtained_at, "obtained_at") if obtained_at is not None else None,
            scopes=_scopes(scopes),
        )
        self._auth: RefreshAuth | None = None

    # --- what the client reads ------------------------------------------------------------------------------

    @property
    def kind(self) -> TokenKind:
        return TokenKind.SMARTAPP

    @property
    def description(self) -> str:
        return "OAuth-In (API_ONLY) app token" if self.source is TokenSource.OAUTH else "SmartApp token"

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        return self._pair.scopes

    def auth(self) -> httpx.Auth:
        """The refreshing auth flow; one per credential, shared by every client that uses it."""
        if self._auth is None:
            from .refresh import RefreshAuth

            self._auth = RefreshAuth(self)
        return self._auth

    # --- the current pair (replaced whole, so one read is consistent) ---------------------------------------

    @property
    def pair(self) -> TokenPair:
        """The newest token pair."""
        return self._pair

    @property
    def access_token(self) -> str:
        return self._pair.access_token

    @property
    def refresh_token(self) -> str:
        return self._pair.refresh_token

    @property
    def expires_at(self) -> datetime:
        return self._pair.expires_at

    @property
    def scopes(self) -> tuple[str, ...] | None:
        return self._pair.scopes

    @property
    def client_secret(self) -> str:
        return self._client_secret

    def needs_refresh(self, pair: TokenPair | None = None) -> bool:
        """Whether ``pair`` (default: the current one) is within the refresh skew of its expiry."""
        pair = pair or self._pair
        expires = pair.expires_at.timestamp()
        skew = self.refresh_skew.total_seconds()
        if pair.obtained_at is not None:
            # A token that lives less than twice the skew (e.g. 299 s) would otherwise be refreshed on every call.
            skew = min(skew, max(expires - pair.obtained_at.timestamp(), 0.0) / 2)
        return self.clock() >= expires - skew

    def _adopt(self, pair: TokenPair) -> None:
        self._pair = pair

    # --- storing ---------------------------------------------------------------------------------------------

    def to_stored(self, pair: TokenPair | None = None) -> StoredToken:
        """The store record of ``pair`` (default: the current one)."""
        pair = pair or self._pair
        return StoredToken(
            access_token=pair.access_token,
            refresh_token=pair.refresh_token,
            expires_at=pair.expires_at,
            client_id=self.client_id,
            client_secret=self._client_secret if self.store_client_secret else None,
            scopes=pair.scopes,
            installed_app_id=self.installed_app_id,
            location_id=self.location_id,
            token_url=self.token_url,
            source=self.source,
            updated_at=pair.obtained_at or datetime.fromtimestamp(self.clock(), tz=timezone.utc),
        )

    @staticmethod
    def pair_from_stored(record: StoredToken) -> TokenPair:
        return TokenPair(
            access_token=record.access_token,
            refresh_token=record.refresh_token,
            expires_at=record.expires_at,
            obtained_at=record.updated_at,
            scopes=record.scopes,
        )

    @classmethod
    def from_stored(
        cls,
        record: StoredToken,
        *,
        store: TokenStore | None = None,
        store_key: str | None = None,
        client_secret: str | None = None,
        token_url: str | None = None,
        refresh_skew: timedelta = DEFAULT_REFRESH_SKEW,
        clock: Callable[[], float] = time.time,
    ) -> RefreshableToken:
        """A credential from a stored record; ``client_secret`` is needed when the record has none."""
        secret = client_secret or record.client_secret
        if not secret:
            raise ValueError(
                f"the stored token of {record.installed_app_id or store_key!r} has no client secret: pass "
                f"client_secret= (the OAuth client secret of client id {record.client_id})"
            )
        return cls(
            record.access_token,
            record.refresh_token,
            record.expires_at,
            client_id=record.client_id,
            client_secret=secret,
            scopes=record.scopes,
            installed_app_id=record.installed_app_id,
            location_id=record.location_id,
            token_url=token_url or record.token_url,
            store=store,
            store_key=store_key,
            source=record.source,
            refresh_skew=refresh_skew,
            clock=clock,
            obtained_at=record.updated_at,
            store_client_secret=record.client_secret is not None,
        )

    @classmethod
    def from_store(
        cls,
        store: TokenStore,
        key: str,
        *,
        client_secret: str | None = None,
        token_url: str | None = None,
        refresh_skew: timedelta = DEFAULT_REFRESH_SKEW,
        clock: Callable[[], float] = time.time,
    ) -> RefreshableToken:
        """The credential stored under ``key`` (an installed app id), bound to the store so refreshes are saved.

        Raises :class:`~smartthings_client.errors.NoCredentialsError` if nothing is stored under ``key``.
        """
        record = store.load(key)
        if record is None:
            raise NoCredentialsError(
                f"no stored token for {key!r} in {store!r}: authorise first (`smartthings-client auth login`, "
                "or save the INSTALL/UPDATE tokens with credential_from_lifecycle(..., store=...))"
            )
        return cls.from_stored(
            record,
            store=store,
            store_key=key,
            client_secret=client_secret,
            token_url=token_url,
            refresh_skew=refresh_skew,
            clock=clock,
        )

    def save(self) -> None:
        """Save the current pair to the store, under its lock (what INSTALL/UPDATE handling does)."""
        if self.store is None or self.store_key is None:
            raise ValueError("this token has no store to save to")
        with self.store.lock(self.store_key):
            self.store.save(self.store_key, self.to_stored())

    async def asave(self) -> None:
        """:meth:`save` for async code: the store's lock is awaited without blocking the event loop."""
        from .stores import async_store_lock, store_asave

        if self.store is None or self.store_key is None:
            raise ValueError("this token has no store to save to")
        async with async_store_lock(self.store, self.store_key):
            await store_asave(self.store, self.store_key, self.to_stored())

    # --- refreshing outside a request -------------------------------------------------------------------------

    def refresh(self, *, transport: httpx.BaseTransport | None = None, timeout: float | None = None) -> TokenPair:
        """Refresh now (unless another worker just did), the way a request would; returns the new pair."""
        from .refresh import refresh_now

        return refresh_now(self, transport=transport, timeout=timeout)

    async def arefresh(
        self, *, transport: httpx.AsyncBaseTransport | None = None, timeout: float | None = None
    ) -> TokenPair:
        """:meth:`refresh` for async code."""
        from .refresh import arefresh_now

        return await arefresh_now(self, transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        pair = self._pair
        return (
            f"RefreshableToken(installed_app_id={self.installed_app_id!r}, location_id={self.location_id!r}, "
            f"client_id={self.client_id!r}, scopes={pair.scopes!r}, expires_at={pair.expires_at.isoformat()}, "
            f"source={self.source.value!r}, token_url={self.token_url!r}, access_token=<redacted>, "
            f"refresh_token=<redacted>, client_secret=<redacted>, store={self.store!r})"
        )


def resolve_credential(token: str | Credential | None) -> Credential:
    """A ``str`` is a personal access token; ``None`` reads ``SMARTTHINGS_TOKEN``; a credential is used as is."""
    if token is None:
        from_env = os.environ.get(TOKEN_ENV, "").strip()
        if not from_env:
            raise NoCredentialsError(
                "no SmartThings token: pass one to the client (SmartThings(token)) or set the "
                f"{TOKEN_ENV} environment variable to a personal access token from "
                "https://account.smartthings.com/tokens"
            )
        return PersonalAccessToken(from_env)
    if isinstance(token, str):
        return PersonalAccessToken(token)
    if isinstance(token, Credential):
        return token
    raise TypeError(f"token must be a str or a credential, not {type(token).__name__}")
