""":class:`RefreshableToken`, a token pair that refreshes itself, and its refresh: an ``httpx.Auth`` flow.

Before a request, a token about to expire is refreshed (proactive); after a 401, the token is refreshed once and
the request re-sent once (reactive).  The token request is yielded from the auth flow, so it goes through the
same httpx client and transport as the API call (an emulator's transport serves both).

Refresh tokens are single use, so at most one refresh of a given refresh token may happen anywhere:

* in a process, a gate per refresh token: a ``threading.Lock`` (threads) and, per event loop, an
  ``asyncio.Lock`` (tasks); async code waits for the thread lock by polling, never blocking its loop;
* across processes and machines, the token store's lock for the installed app;
* whoever gets the lock second finds the pair already replaced (in this object, in a sibling object that held
  the same refresh token, or in the store) and uses the new pair instead of refreshing.

The decisions are written once, as a generator of effects (send this request, load, save); the sync and async
drivers only carry them out.  The new pair is saved before it is used: a refresh token that was rotated but not
saved is lost for good.  ``invalid_grant`` is terminal: :class:`~smartthings_client.errors.ReauthorizationRequired`
after exactly one token request, remembered so that later calls do not ask again (refresh storms), and nothing is
deleted from the store.  No token or secret is ever logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Generator, Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import httpx

from .._transport import DEFAULT_TIMEOUT
from ..errors import NoCredentialsError, ReauthorizationRequired, SmartThingsError
from ..scopes import TokenKind
from ._endpoint import DEFAULT_TOKEN_URL, TokenSource, check_url, read_token_response, token_request
from .credentials import DEFAULT_REFRESH_SKEW, TokenPair, _aware, _check_token, _required_text, _scopes
from .stores import (
    StoredToken,
    TokenStore,
    async_store_lock,
    store_aload_versioned,
    store_asave,
    store_asave_if,
    store_load_versioned,
    store_save_if,
)

__all__ = ["RefreshAuth", "RefreshableToken", "arefresh_now", "reauthorization_hint", "refresh_now"]

log = logging.getLogger("smartthings_client")

# Old refresh token -> the pair that replaced it: lets a sibling credential that held the same pair follow the
# rotation instead of spending a used refresh token.  Bounded; entries matter only for seconds.
_MAX_REMEMBERED = 4096


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

        if self.store is None or self.store_key is None:
            raise ValueError("this token has no store to save to")
        async with async_store_lock(self.store, self.store_key):
            await store_asave(self.store, self.store_key, self.to_stored())

    # --- refreshing outside a request -------------------------------------------------------------------------

    def refresh(self, *, transport: httpx.BaseTransport | None = None, timeout: float | None = None) -> TokenPair:
        """Refresh now (unless another worker just did), the way a request would; returns the new pair."""
        return refresh_now(self, transport=transport, timeout=timeout)

    async def arefresh(
        self, *, transport: httpx.AsyncBaseTransport | None = None, timeout: float | None = None
    ) -> TokenPair:
        """:meth:`refresh` for async code."""
        return await arefresh_now(self, transport=transport, timeout=timeout)

    def __repr__(self) -> str:
        pair = self._pair
        return (
            f"RefreshableToken(installed_app_id={self.installed_app_id!r}, location_id={self.location_id!r}, "
            f"client_id={self.client_id!r}, scopes={pair.scopes!r}, expires_at={pair.expires_at.isoformat()}, "
            f"source={self.source.value!r}, token_url={self.token_url!r}, access_token=<redacted>, "
            f"refresh_token=<redacted>, client_secret=<redacted>, store={self.store!r})"
        )


class _Gate:
    """In-process mutual exclusion for one refresh token: threads, and tasks of each event loop."""

    def __init__(self) -> None:
        self.thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._guard = threading.Lock()

    def loop_lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        with self._guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            return lock

    @contextlib.asynccontextmanager
    async def held_async(self) -> AsyncIterator[None]:
        async with self.loop_lock():
            delay = 0.001
            # Another thread (a blocking client, or another loop) may hold it; poll rather than block the loop.
            while not self.thread_lock.acquire(blocking=False):
                await asyncio.sleep(delay)
                delay = min(delay * 2, 0.05)
            try:
                yield
            finally:
                self.thread_lock.release()


class _Flights:
    """Process-wide memory of refresh tokens: their gates, what replaced them, and which were refused."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._gates: weakref.WeakValueDictionary[str, _Gate] = weakref.WeakValueDictionary()
        self._rotated: OrderedDict[str, TokenPair] = OrderedDict()
        self._refused: OrderedDict[str, None] = OrderedDict()

    def gate(self, refresh_token: str) -> _Gate:
        with self._guard:
            gate = self._gates.get(refresh_token)
            if gate is None:
                gate = _Gate()
                self._gates[refresh_token] = gate
            return gate

    def rotated(self, old_refresh_token: str, new: TokenPair) -> None:
        with self._guard:
            self._rotated[old_refresh_token] = new
            while len(self._rotated) > _MAX_REMEMBERED:
                self._rotated.popitem(last=False)

    def newest(self, refresh_token: str) -> TokenPair | None:
        with self._guard:
            found = None
            for _ in range(64):  # a chain of rotations; bounded in case of a cycle
                following = self._rotated.get(refresh_token)
                if following is None:
                    break
                found = following
                refresh_token = following.refresh_token
            return found

    def refuse(self, refresh_token: str) -> None:
        with self._guard:
            self._refused[refresh_token] = None
            while len(self._refused) > _MAX_REMEMBERED:
                self._refused.popitem(last=False)

    def is_refused(self, refresh_token: str) -> bool:
        with self._guard:
            return refresh_token in self._refused


_flights = _Flights()


# --- effects: what the shared plan asks the drivers to do -------------------------------------------------------


@attrs.frozen
class _Send:
    request: httpx.Request


@attrs.frozen
class _Load:
    pass


@attrs.frozen
class _Save:
    record: StoredToken
    expected_version: int | None


_Effect = _Send | _Load | _Save
_Plan = Generator[_Effect, Any, TokenPair]


def reauthorization_hint(token: RefreshableToken) -> str:
    """What a person must do when ``token``'s refresh token is refused."""
    if token.source is TokenSource.OAUTH:
        return (
            "Authorise the app again (`smartthings-client auth login`, or your authorization-code flow) to get a "
            "new token pair; the stored tokens were kept."
        )
    return (
        "Open the SmartApp in the SmartThings app and save its settings (the UPDATE lifecycle brings a new token "
        "pair; store it with credential_from_lifecycle(..., store=...)) or reinstall it; the stored tokens were kept."
    )


def _reauthorization(token: RefreshableToken, reason: str) -> ReauthorizationRequired:
    who = f"installed app {token.installed_app_id}" if token.installed_app_id else f"client id {token.client_id}"
    return ReauthorizationRequired(
        f"SmartThings refused the refresh token of the {token.description} for {who} ({reason}): it was already "
        "used, expired after 30 days unused, or the app was removed or its access revoked.",
        how_to_fix=reauthorization_hint(token),
        installed_app_id=token.installed_app_id,
    )


def _usable(token: RefreshableToken, pair: TokenPair, failed: str | None) -> bool:
    return pair.access_token != failed and not token.needs_refresh(pair)


def _newer_in_memory(token: RefreshableToken, start: TokenPair) -> TokenPair | None:
    """A pair newer than ``start`` that this process already has (this object's, or a rotation seen elsewhere)."""
    pair = token.pair
    followed = _flights.newest(pair.refresh_token)
    if followed is not None:
        token._adopt(followed)
        pair = followed
    return None if pair.refresh_token == start.refresh_token else pair


def _adopt_stored(token: RefreshableToken, start: TokenPair, stored: StoredToken) -> TokenPair:
    """Use the pair another worker (or an UPDATE) stored in place of ``start``."""
    pair = RefreshableToken.pair_from_stored(stored)
    token._adopt(pair)
    _flights.rotated(start.refresh_token, pair)
    log.debug(
        "token of installed app %s was replaced by another worker or an UPDATE; using it (expires at %s)",
        token.installed_app_id,
        pair.expires_at.isoformat(),
    )
    return pair


def _plan(token: RefreshableToken, start: TokenPair, failed: str | None, force: bool, timeout: Any) -> _Plan:
    """Refresh ``start`` unless the store shows it was already replaced; runs under the store's lock."""
    current = start
    version: int | None = None
    if token.store is not None:
        stored: StoredToken | None
        stored, version = yield _Load()
        if stored is not None and stored.refresh_token != start.refresh_token:
            pair = _adopt_stored(token, start, stored)
            if force or _usable(token, pair, failed):
                return pair
            current = pair
    if _flights.is_refused(current.refresh_token):
        raise _reauthorization(token, "refused earlier in this process; not asking again")
    request = token_request(
        token.token_url,
        {"grant_type": "refresh_token", "refresh_token": current.refresh_token, "client_id": token.client_id},
        client_id=token.client_id,
        client_secret=token.client_secret,
        timeout=timeout,
    )
    log.debug("refreshing the token of installed app %s at %s", token.installed_app_id, token.token_url)
    response: httpx.Response = yield _Send(request)

    def refused(reason: str) -> SmartThingsError:
        _flights.refuse(current.refresh_token)
        return _reauthorization(token, reason)

    try:
        grant = read_token_response(
            response,
            operation="oauth.refresh",
            secrets=(current.refresh_token, current.access_token, token.client_secret),
            invalid_grant=refused,
        )
    except ReauthorizationRequired:
        # A lease that ran out, or an UPDATE, may have replaced the pair after the read above: if the store now
        # holds another pair, that one is the newest, not a dead end.
        if token.store is not None:
            again, _ = yield _Load()
            if again is not None and again.refresh_token != current.refresh_token:
                return _adopt_stored(token, start, again)
        raise
    assert grant.refresh_token is not None  # read_token_response requires one
    now = datetime.fromtimestamp(token.clock(), tz=timezone.utc)
    lifetime = grant.expires_in if grant.expires_in is not None else 24 * 3600.0
    new = TokenPair(
        access_token=grant.access_token,
        refresh_token=grant.refresh_token,
        expires_at=now + timedelta(seconds=lifetime),
        obtained_at=now,
        scopes=grant.scopes if grant.scopes is not None else current.scopes,
    )
    if token.store is not None:
        # Saved before anything uses it: if the process dies now, the store still has the newest refresh token.
        # A versioned store writes only over the record read above (fencing): if an UPDATE or a worker whose
        # lease had expired wrote meanwhile, theirs stays, and this pair serves this request only.
        saved: bool = yield _Save(token.to_stored(new), version)
        if not saved:
            log.warning(
                "the stored token of installed app %s changed while it was being refreshed (an UPDATE, or a "
                "worker whose lock lease had run out); the newer stored pair was kept",
                token.installed_app_id,
            )
    _flights.rotated(current.refresh_token, new)
    if current is not start:
        _flights.rotated(start.refresh_token, new)
    token._adopt(new)
    log.debug("refreshed token for installed app %s, expires at %s", token.installed_app_id, new.expires_at.isoformat())
    return new


def _store_of(token: RefreshableToken) -> TokenStore:
    if token.store is None:  # the plan asks for the store only when there is one
        raise RuntimeError("this token has no store")
    return token.store


def _key_of(token: RefreshableToken) -> str:
    if token.store_key is None:
        raise RuntimeError("this token has no store key")
    return token.store_key


def _store_lock(token: RefreshableToken) -> contextlib.AbstractContextManager[None]:
    if token.store is None or token.store_key is None:
        return contextlib.nullcontext()
    return token.store.lock(token.store_key)


def _store_async_lock(token: RefreshableToken) -> contextlib.AbstractAsyncContextManager[None]:
    if token.store is None or token.store_key is None:
        return contextlib.nullcontext()
    return async_store_lock(token.store, token.store_key)


def _refresh_sync(
    token: RefreshableToken, start: TokenPair, failed: str | None, *, force: bool, timeout: Any
) -> Generator[httpx.Request, httpx.Response, TokenPair]:
    """The sync driver: yields token requests, returns the pair to use."""
    while True:
        gate = _flights.gate(start.refresh_token)  # held in a local: the registry keeps gates only while in use
        with gate.thread_lock:
            newer = _newer_in_memory(token, start)
            if newer is None:
                with _store_lock(token):
                    plan = _plan(token, start, failed, force, timeout)
                    value: Any = None
                    while True:
                        try:
                            effect = plan.send(value)
                        except StopIteration as stop:
                            result: TokenPair = stop.value
                            return result
                        if isinstance(effect, _Send):
                            response = yield effect.request
                            response.read()
                            value = response
                        elif isinstance(effect, _Load):
                            value = store_load_versioned(_store_of(token), _key_of(token))
                        else:
                            value = store_save_if(
                                _store_of(token), _key_of(token), effect.record, effect.expected_version
                            )
            if force or _usable(token, newer, failed):
                return newer
            start = newer  # replaced, but this one needs refreshing too: under its own gate


async def _refresh_async(
    token: RefreshableToken, start: TokenPair, failed: str | None, out: list[TokenPair], *, force: bool, timeout: Any
) -> AsyncGenerator[httpx.Request, httpx.Response]:
    """The async driver: yields token requests and puts the pair to use in ``out``."""
    while True:
        gate = _flights.gate(start.refresh_token)  # held in a local: the registry keeps gates only while in use
        async with gate.held_async():
            newer = _newer_in_memory(token, start)
            if newer is None:
                async with _store_async_lock(token):
                    plan = _plan(token, start, failed, force, timeout)
                    value: Any = None
                    while True:
                        try:
                            effect = plan.send(value)
                        except StopIteration as stop:
                            out.append(stop.value)
                            return
                        if isinstance(effect, _Send):
                            response = yield effect.request
                            await response.aread()
                            value = response
                        elif isinstance(effect, _Load):
                            value = await store_aload_versioned(_store_of(token), _key_of(token))
                        else:
                            value = await store_asave_if(
                                _store_of(token), _key_of(token), effect.record, effect.expected_version
                            )
            if force or _usable(token, newer, failed):
                out.append(newer)
                return
            start = newer


def _with_bearer(request: httpx.Request, pair: TokenPair) -> httpx.Request:
    request.headers["Authorization"] = f"Bearer {pair.access_token}"
    return request


def _log_expiring(token: RefreshableToken, pair: TokenPair) -> None:
    log.debug(
        "token of installed app %s expires at %s: refreshing before use",
        token.installed_app_id,
        pair.expires_at.isoformat(),
    )


def _log_unauthorized(token: RefreshableToken) -> None:
    log.debug("401 with the token of installed app %s: refreshing once and re-sending", token.installed_app_id)


class RefreshAuth(httpx.Auth):
    """The httpx auth flow of a :class:`RefreshableToken` (get it with ``token.auth()``)."""

    requires_request_body = True
    requires_response_body = True

    def __init__(self, token: RefreshableToken) -> None:
        self.token = token

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        token = self.token
        timeout = request.extensions.get("timeout")
        pair = token.pair
        if token.needs_refresh(pair):
            _log_expiring(token, pair)
            pair = yield from _refresh_sync(token, pair, None, force=False, timeout=timeout)
        response = yield _with_bearer(request, pair)
        if response.status_code != 401:
            return
        _log_unauthorized(token)
        pair = yield from _refresh_sync(token, pair, pair.access_token, force=False, timeout=timeout)
        yield _with_bearer(request, pair)

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        token = self.token
        timeout = request.extensions.get("timeout")
        pair = token.pair
        failed: str | None = None
        refresh = token.needs_refresh(pair)
        if refresh:
            _log_expiring(token, pair)
        # At most two rounds: (a proactive refresh and) the request, then one refresh after a 401 and the re-send.
        while True:
            if refresh:
                # An async generator cannot delegate with `yield from`: relay the driver's token requests by hand.
                out: list[TokenPair] = []
                driver = _refresh_async(token, pair, failed, out, force=False, timeout=timeout)
                try:
                    sending = await driver.__anext__()
                    while True:
                        sending = await driver.asend((yield sending))
                except StopAsyncIteration:
                    pass
                finally:
                    await driver.aclose()
                pair = out[0]
            response = yield _with_bearer(request, pair)
            if response.status_code != 401 or failed is not None:
                return
            _log_unauthorized(token)
            failed = pair.access_token
            refresh = True

    def __repr__(self) -> str:
        return f"RefreshAuth({self.token!r})"


def _timeout(timeout: float | None) -> dict[str, Any]:
    return (httpx.Timeout(timeout) if timeout is not None else DEFAULT_TIMEOUT).as_dict()


def refresh_now(
    token: RefreshableToken,
    *,
    transport: httpx.BaseTransport | None = None,
    timeout: float | None = None,
    http: httpx.Client | None = None,
) -> TokenPair:
    """Refresh ``token`` now with a blocking client (unless another worker just did); returns the pair in use."""
    driver = _refresh_sync(token, token.pair, None, force=True, timeout=_timeout(timeout))
    with contextlib.ExitStack() as stack:
        if http is None:
            http = stack.enter_context(httpx.Client(transport=transport, follow_redirects=False))
        try:
            request = next(driver)
            while True:
                request = driver.send(http.send(request))
        except StopIteration as stop:
            result: TokenPair = stop.value
            return result
        finally:
            driver.close()


async def arefresh_now(
    token: RefreshableToken,
    *,
    transport: httpx.AsyncBaseTransport | None = None,
    timeout: float | None = None,
    http: httpx.AsyncClient | None = None,
) -> TokenPair:
    """:func:`refresh_now` for async code."""
    out: list[TokenPair] = []
    driver = _refresh_async(token, token.pair, None, out, force=True, timeout=_timeout(timeout))
    async with contextlib.AsyncExitStack() as stack:
        if http is None:
            http = await stack.enter_async_context(httpx.AsyncClient(transport=transport, follow_redirects=False))
        try:
            request = await driver.__anext__()
            while True:
                request = await driver.asend(await http.send(request))
        except StopAsyncIteration:
            pass
        finally:
            await driver.aclose()
    return out[0]
