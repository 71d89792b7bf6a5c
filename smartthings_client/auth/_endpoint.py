"""The OAuth token endpoint, shared by refresh, code exchange and keep-alive: one request builder, one reader.

SmartThings wants ``application/x-www-form-urlencoded``, HTTP Basic client authentication and no secret in the
body (contract §6.1).  Token responses and token-endpoint errors are read here, and every text that leaves this
module (errors, log lines) has the secrets that were sent scrubbed out: SmartThings echoes the refresh token in
its ``invalid_grant`` description ("Invalid refresh token: <value>").
"""

from __future__ import annotations

import base64
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import attrs
import httpx
import orjson

from .._defaults import DEFAULT_BASE_URL, token_url_for
from .._transport import DEFAULT_TIMEOUT, USER_AGENT, connection_error
from ..errors import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    ResponseDecodeError,
    ServerError,
    SmartThingsError,
    parse_error_body,
)

__all__ = [
    "DEFAULT_TOKEN_URL",
    "LEGACY_TOKEN_URL",
    "TokenGrant",
    "TokenSource",
    "async_send_token_request",
    "check_url",
    "read_token_response",
    "scrub",
    "send_token_request",
    "token_request",
]

#: Where tokens are exchanged and refreshed today (developer.smartthings.com token-management page).
DEFAULT_TOKEN_URL = token_url_for(DEFAULT_BASE_URL)
#: The host older SmartApp docs (and tokens issued long ago) refresh at; still answered.
LEGACY_TOKEN_URL = "https://auth-global.api.smartthings.com/oauth/token"

REDACTED = "<redacted>"


class TokenSource(str, enum.Enum):
    """Where a refreshable token pair came from, which decides what a person must do when it dies."""

    SMARTAPP = "smartapp"
    """The ``authToken``/``refreshToken`` of an INSTALL or UPDATE lifecycle payload."""
    OAUTH = "oauth"
    """The authorization-code flow of an OAuth-In (API_ONLY) app."""


def check_url(url: str, name: str) -> str:
    """An absolute http(s) URL, or a ValueError naming the argument."""
    if not isinstance(url, str):
        raise TypeError(f"{name} must be a str, not {type(url).__name__}")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{name} must be an absolute http(s) URL, got {url!r}")
    return url


def scrub(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every occurrence of the given secrets replaced by ``<redacted>``."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    return text


def _basic(client_id: str, client_secret: str) -> str:
    raw = f"{client_id}:{client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def token_request(
    token_url: str,
    form: Mapping[str, str],
    *,
    client_id: str,
    client_secret: str,
    timeout: Mapping[str, Any] | None = None,
) -> httpx.Request:
    """A form-encoded POST to the token endpoint with HTTP Basic client authentication.

    ``timeout`` is an httpx timeout extension (``Timeout.as_dict()``); a request built outside ``Client.build_request``
    has none, and without one httpx would wait forever.
    """
    return httpx.Request(
        "POST",
        token_url,
        headers={
            "Authorization": _basic(client_id, client_secret),
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        },
        content=urlencode(dict(form)).encode("ascii"),
        extensions={"timeout": dict(timeout) if timeout is not None else DEFAULT_TIMEOUT.as_dict()},
    )


def send_token_request(http: httpx.Client, request: httpx.Request, operation: str) -> httpx.Response:
    """Send a token-endpoint request; no answer at all (refused, timed out) is an ``APIConnectionError``."""
    try:
        return http.send(request)
    except httpx.HTTPError as exc:
        raise _no_answer(exc, request, operation) from None


async def async_send_token_request(http: httpx.AsyncClient, request: httpx.Request, operation: str) -> httpx.Response:
    """:func:`send_token_request` for async code."""
    try:
        return await http.send(request)
    except httpx.HTTPError as exc:
        raise _no_answer(exc, request, operation) from None


def _no_answer(exc: httpx.HTTPError, request: httpx.Request, operation: str) -> SmartThingsError:
    # The form carries the code or the refresh token, and httpx puts no body in its messages: only the URL is named.
    return connection_error(exc, method=request.method, url=str(request.url), operation=operation)


@attrs.frozen(repr=False)
class TokenGrant:
    """What a successful token-endpoint answer carries (``refresh_token`` is None for the classic flow)."""

    access_token: str
    refresh_token: str | None
    expires_in: float | None
    scopes: tuple[str, ...] | None
    installed_app_id: str | None
    token_type: str | None

    def __repr__(self) -> str:
        return (
            f"TokenGrant(access_token={REDACTED}, refresh_token={REDACTED}, expires_in={self.expires_in!r}, "
            f"scopes={self.scopes!r}, installed_app_id={self.installed_app_id!r})"
        )


def code_refused(response: httpx.Response, operation: str, explanation: str) -> Callable[[str], SmartThingsError]:
    """The ``invalid_grant`` handler of an authorization-code exchange: the code, not a grant, was refused."""

    def refused(reason: str) -> SmartThingsError:
        return BadRequestError(
            status_code=response.status_code,
            method="POST",
            url=str(response.request.url),
            operation=operation,
            code="invalid_grant",
            message=reason,
            explanation=explanation,
        )

    return refused


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _decode_error(reason: str, response: httpx.Response, operation: str) -> ResponseDecodeError:
    # The body of a successful token response is nothing but secrets: none of it goes into the error.
    return ResponseDecodeError(
        reason,
        status_code=response.status_code,
        method=response.request.method,
        url=str(response.request.url),
        operation=operation,
        body="",
    )


def _grant(response: httpx.Response, operation: str, *, refresh_required: bool) -> TokenGrant:
    try:
        data = orjson.loads(response.content)
    except orjson.JSONDecodeError:
        kind = response.headers.get("content-type", "no content type")
        raise _decode_error(f"the token response is not JSON ({kind})", response, operation) from None
    if not isinstance(data, Mapping):
        raise _decode_error(f"the token response is a JSON {type(data).__name__}, not an object", response, operation)
    access = _text(data.get("access_token"))
    if access is None:
        raise _decode_error("the token response has no access_token", response, operation)
    refresh = _text(data.get("refresh_token"))
    if refresh_required and refresh is None:
        raise _decode_error("the token response has no refresh_token", response, operation)
    expires_in = data.get("expires_in")
    if isinstance(expires_in, str):
        try:
            expires_in = float(expires_in)
        except ValueError:
            expires_in = None
    if not isinstance(expires_in, (int, float)) or isinstance(expires_in, bool) or expires_in <= 0:
        expires_in = None
    scope = data.get("scope")
    scopes: tuple[str, ...] | None
    if isinstance(scope, str):
        scopes = tuple(scope.split())
    elif isinstance(scope, list):
        scopes = tuple(str(s) for s in scope)
    else:
        scopes = None
    return TokenGrant(
        access_token=access,
        refresh_token=refresh,
        expires_in=float(expires_in) if expires_in is not None else None,
        scopes=scopes,
        installed_app_id=_text(data.get("installed_app_id")),
        token_type=_text(data.get("token_type")),
    )


def read_token_response(
    response: httpx.Response,
    *,
    operation: str,
    secrets: Iterable[str | None],
    invalid_grant: Callable[[str], SmartThingsError],
    refresh_required: bool = True,
) -> TokenGrant:
    """The grant of a 2xx answer, or the typed error of any other (the body must have been read).

    ``invalid_grant(description)`` builds the error for a refused grant (400 or 401 ``invalid_grant``, or a 401
    without an OAuth error code, which is what the older docs say an expired refresh token gets).  ``secrets`` are
    scrubbed out of every text kept on the error.
    """
    status = response.status_code
    if 200 <= status < 300:
        return _grant(response, operation, refresh_required=refresh_required)
    hidden = tuple(secrets)
    parsed = parse_error_body(response.content, response.headers.get("content-type", ""))
    description = scrub(parsed.message or "", hidden)
    body = scrub(parsed.text, hidden)
    code = parsed.code
    if (status in (400, 401) and code == "invalid_grant") or (status == 401 and code is None):
        raise invalid_grant(f"{code or status}: {description}" if description else str(code or status))
    common: dict[str, Any] = {
        "status_code": status,
        "method": response.request.method,
        "url": str(response.request.url),
        "operation": operation,
        "code": code,
        "message": description or None,
        "body": body,
        "headers": response.headers,
    }
    if status == 401:
        raise AuthenticationError(
            explanation=(
                "the token endpoint refused the client credentials (HTTP Basic client id and secret): check the "
                "app's OAuth client id and secret (they change when the OAuth client is regenerated)"
            ),
            **common,
        )
    if status == 400:
        raise BadRequestError(explanation=_bad_request_hint(code), **common)
    if status >= 500:
        raise ServerError(explanation="the token endpoint failed; try again later", **common)
    raise APIStatusError(**common)


def _bad_request_hint(code: str | None) -> str:
    if code == "invalid_scope":
        return "a requested scope is not whitelisted for the app (request exactly the whitelisted spellings)"
    if code == "unsupported_grant_type":
        return "SmartThings supports only the authorization_code and refresh_token grants"
    return "the token endpoint rejected the request"
