"""The OAuth authorization-code flow of OAuth-In (API_ONLY) apps, for scripts and the ``auth login`` command.

1. :func:`authorize_url` builds the consent URL (scopes checked against the scope grammar, a random ``state``).
2. The user opens it, allows access, and is redirected to ``redirect_uri?code=...&state=...``.
3. :func:`parse_redirect` takes the pasted redirect URL (or the bare code), checks ``state`` and reports
   ``error=`` answers such as ``invalid_scope`` clearly.
4. :func:`exchange_code` / :func:`async_exchange_code` redeem the code for a :class:`RefreshableToken` (24 h access
   token, 30-day rotating refresh token).

:func:`login` does the whole interaction and stores the tokens, so the CLI is a thin wrapper.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs
import httpx

from .._defaults import DEFAULT_BASE_URL
from .._transport import DEFAULT_TIMEOUT
from ..errors import SmartThingsError
from ..scopes import parse_scope
from ._endpoint import (
    DEFAULT_TOKEN_URL,
    TokenGrant,
    TokenSource,
    async_send_token_request,
    check_url,
    code_refused,
    read_token_response,
    send_token_request,
    token_request,
)
from .refresh import RefreshableToken
from .stores import TokenStore

__all__ = [
    "DEFAULT_AUTHORIZE_BASE_URL",
    "AuthorizationError",
    "AuthorizationRequest",
    "async_exchange_code",
    "authorize_url",
    "exchange_code",
    "login",
    "parse_redirect",
]

#: ``{base}/oauth/authorize`` is the consent page; keep it on the same host as the token URL (a code redeemed on
#: another host gets ``invalid_grant``).
DEFAULT_AUTHORIZE_BASE_URL = DEFAULT_BASE_URL

_EXCHANGE = "oauth.exchange_code"

_ERROR_HINTS = {
    "invalid_scope": (
        "request only scopes whitelisted for the app, spelled exactly as whitelisted (e.g. i:deviceprofiles and "
        "i:deviceprofiles:* are different strings to the consent page)"
    ),
    "access_denied": "the user did not allow access",
    "invalid_request": "check client_id and that redirect_uri is registered for the app, character for character",
    "unauthorized_client": "the app is not allowed to use the authorization-code flow (is it an API_ONLY app?)",
    "unsupported_response_type": "the authorize URL must ask for response_type=code",
    "server_error": "SmartThings failed; try again",
}


class AuthorizationError(SmartThingsError, ValueError):
    """The authorization step failed: an ``error=`` redirect, a state mismatch, or no code in what was pasted."""

    def __init__(self, message: str, *, error: str | None = None, description: str | None = None) -> None:
        self.error = error
        self.description = description
        super().__init__(message)


def _checked_scopes(scopes: Iterable[str] | str) -> tuple[str, ...]:
    items = scopes.split() if isinstance(scopes, str) else list(scopes)
    kept: dict[object, str] = {}
    for item in items:
        if not isinstance(item, str):
            raise TypeError(f"scopes must be strings, not {type(item).__name__}")
        parsed = parse_scope(item)  # InvalidScopeError (a ValueError) names the bad scope
        # The consent page compares scopes with the app's whitelist verbatim, so keep the caller's spelling;
        # only exact duplicates of a grant are dropped.
        kept.setdefault(parsed, item.strip())
    if not kept:
        raise ValueError("scopes is empty: ask for at least one scope the app has whitelisted")
    return tuple(kept.values())


@attrs.frozen
class AuthorizationRequest:
    """An authorize URL and what is needed to check the redirect: ``str()`` is the URL."""

    url: str
    state: str
    client_id: str
    redirect_uri: str
    scopes: tuple[str, ...]

    def __str__(self) -> str:
        return self.url


def authorize_url(
    client_id: str,
    redirect_uri: str,
    scopes: Iterable[str] | str,
    state: str | None = None,
    base_url: str = DEFAULT_AUTHORIZE_BASE_URL,
) -> AuthorizationRequest:
    """The consent URL: ``{base_url}/oauth/authorize?client_id&response_type=code&redirect_uri&scope&state``.

    ``scopes`` (an iterable or a space-separated string) are checked with the scope grammar and de-duplicated,
    spellings kept; they are sent space-separated.  ``state`` is generated with :mod:`secrets` when not given.
    """
    if not isinstance(client_id, str) or not client_id.strip():
        raise ValueError("client_id is empty")
    check_url(redirect_uri, "redirect_uri")
    check_url(base_url, "base_url")
    checked = _checked_scopes(scopes)
    state = state if state is not None else secrets.token_urlsafe(24)
    query = urlencode(
        {
            "client_id": client_id.strip(),
            "response_type": "code",
            "redirect_uri": redirect_uri,
            "scope": " ".join(checked),
            "state": state,
        }
    )
    return AuthorizationRequest(
        url=f"{base_url.rstrip('/')}/oauth/authorize?{query}",
        state=state,
        client_id=client_id.strip(),
        redirect_uri=redirect_uri,
        scopes=checked,
    )


def parse_redirect(url_or_code: str, expected_state: str | None = None) -> str:
    """The authorization code from a pasted redirect URL (``...?code=..&state=..``) or a bare code.

    With ``expected_state``, a URL must carry that ``state`` (a bare code cannot be checked).  An ``error=``
    redirect raises :class:`AuthorizationError` saying what went wrong and what to do.
    """
    if not isinstance(url_or_code, str):
        raise TypeError(f"expected the redirect URL or the code as a str, not {type(url_or_code).__name__}")
    text = url_or_code.strip()
    if not text:
        raise AuthorizationError("nothing was pasted: paste the address the browser was redirected to, or the code")
    looks_like_url = "://" in text or text.startswith(("?", "/")) or "code=" in text or "error=" in text
    if not looks_like_url:
        if any(ch.isspace() for ch in text) or len(text) > 512:
            raise AuthorizationError("that does not look like an authorization code or a redirect URL")
        return text
    parts = urlsplit(text)
    params = parse_qs(parts.query) or parse_qs(parts.fragment) or parse_qs(text.lstrip("?"))
    error = params.get("error", [None])[0]
    if error:
        description = params.get("error_description", [None])[0]
        hint = _ERROR_HINTS.get(error, "see the error description")
        said = f"{error}: {description}" if description else error
        raise AuthorizationError(
            f"SmartThings refused the authorization ({said}); {hint}", error=error, description=description
        )
    code = params.get("code", [None])[0]
    if not code:
        raise AuthorizationError("the pasted URL has no code= parameter: paste the full address after the redirect")
    if expected_state is not None:
        state = params.get("state", [None])[0]
        if state is None:
            raise AuthorizationError("the redirect URL has no state= parameter; start the login again")
        if not secrets.compare_digest(state, expected_state):
            raise AuthorizationError(
                "the redirect's state does not match this login (an old or foreign redirect); start the login again"
            )
    return code


# --- the code exchange: one request builder and one reader for both clients -------------------------------------


def _exchange_request(
    code: str, client_id: str, client_secret: str, redirect_uri: str, token_url: str
) -> httpx.Request:
    if not isinstance(code, str) or not code.strip():
        raise ValueError("code is empty")
    check_url(token_url, "token_url")
    return token_request(
        token_url,
        {
            "grant_type": "authorization_code",
            "code": code.strip(),
            "client_id": client_id,
            "redirect_uri": redirect_uri,
        },
        client_id=client_id,
        client_secret=client_secret,
    )


def _exchange_result(
    response: httpx.Response,
    *,
    code: str,
    client_id: str,
    client_secret: str,
    token_url: str,
    store: TokenStore | None,
    clock: Callable[[], float],
) -> RefreshableToken:
    refused = code_refused(
        response,
        _EXCHANGE,
        "the authorization code was refused: codes are single use and expire after minutes, and redirect_uri "
        "must equal the one of the authorize step; start the login again",
    )
    grant: TokenGrant = read_token_response(
        response,
        operation=_EXCHANGE,
        secrets=(code, client_secret),
        invalid_grant=refused,
    )
    assert grant.refresh_token is not None  # read_token_response requires one
    now = datetime.fromtimestamp(clock(), tz=timezone.utc)
    token = RefreshableToken(
        grant.access_token,
        grant.refresh_token,
        now + timedelta(seconds=grant.expires_in if grant.expires_in is not None else 24 * 3600.0),
        client_id=client_id,
        client_secret=client_secret,
        scopes=grant.scopes,
        installed_app_id=grant.installed_app_id,
        token_url=token_url,
        store=store,
        store_key=grant.installed_app_id or client_id,
        source=TokenSource.OAUTH,
        clock=clock,
        obtained_at=now,
    )
    if store is not None:
        token.save()
    return token


def exchange_code(
    code: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    token_url: str = DEFAULT_TOKEN_URL,
    transport: httpx.BaseTransport | None = None,
    store: TokenStore | None = None,
    clock: Callable[[], float] = time.time,
) -> RefreshableToken:
    """Redeem an authorization code (form POST, HTTP Basic client authentication) for a refreshable token.

    With a ``store``, the pair is saved under the installed app id of the answer and the token stays bound to it.
    A refused code raises :class:`~smartthings_client.errors.BadRequestError` (``invalid_grant``).
    """
    request = _exchange_request(code, client_id, client_secret, redirect_uri, token_url)
    with httpx.Client(transport=transport, timeout=DEFAULT_TIMEOUT, follow_redirects=False) as http:
        response = send_token_request(http, request, _EXCHANGE)
    return _exchange_result(
        response,
        code=code,
        client_id=client_id,
        client_secret=client_secret,
        token_url=token_url,
        store=store,
        clock=clock,
    )


async def async_exchange_code(
    code: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    token_url: str = DEFAULT_TOKEN_URL,
    transport: httpx.AsyncBaseTransport | None = None,
    store: TokenStore | None = None,
    clock: Callable[[], float] = time.time,
) -> RefreshableToken:
    """:func:`exchange_code` for async code (the store save runs in a worker thread)."""
    request = _exchange_request(code, client_id, client_secret, redirect_uri, token_url)
    async with httpx.AsyncClient(transport=transport, timeout=DEFAULT_TIMEOUT, follow_redirects=False) as http:
        response = await async_send_token_request(http, request, _EXCHANGE)
    return await asyncio.to_thread(
        _exchange_result,
        response,
        code=code,
        client_id=client_id,
        client_secret=client_secret,
        token_url=token_url,
        store=store,
        clock=clock,
    )


def login(
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    scopes: Iterable[str] | str,
    *,
    store: TokenStore,
    prompt: Callable[[str], str] = input,
    print_: Callable[[str], object] = print,
    transport: httpx.BaseTransport | None = None,
    authorize_base_url: str = DEFAULT_AUTHORIZE_BASE_URL,
    token_url: str = DEFAULT_TOKEN_URL,
    clock: Callable[[], float] = time.time,
) -> RefreshableToken:
    """Interactive OAuth login: print the consent URL, read the pasted redirect URL (or code), exchange it, store.

    Returns the stored :class:`RefreshableToken` (bound to ``store``, so API calls refresh and save it).  Nothing
    secret is printed.
    """
    request = authorize_url(client_id, redirect_uri, scopes, base_url=authorize_base_url)
    print_("Open this URL in a browser, sign in to SmartThings, choose a location and allow access:")
    print_(request.url)
    print_(f"You will be sent to {redirect_uri}; the page may fail to load, which is fine.")
    answer = prompt("Paste the full address you were sent to (or just the code): ")
    code = parse_redirect(answer, expected_state=request.state)
    token = exchange_code(
        code,
        client_id=client_id,
        client_secret=client_secret,
        redirect_uri=redirect_uri,
        token_url=token_url,
        transport=transport,
        store=store,
        clock=clock,
    )
    scopes_text = " ".join(token.scopes or request.scopes)
    print_(
        f"Logged in: installed app {token.installed_app_id or '(unknown)'}, scopes {scopes_text}; "
        f"tokens saved to {store!r} under {token.store_key!r} (access token valid until "
        f"{token.expires_at.isoformat()}, refreshed automatically)."
    )
    return token
