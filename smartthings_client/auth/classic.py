"""The classic (Groovy-era) SmartApp OAuth flow on the graph hosts, from SmartThings' older docs.

1. :func:`authorize_url`: ``{graph}/oauth/authorize?response_type=code&client_id&scope=app&redirect_uri``.
2. :func:`exchange_code`: POST ``{graph}/oauth/token`` with the form ``grant_type=authorization_code``, ``code``,
   ``client_id``, ``client_secret``, ``redirect_uri``: a long-lived :class:`ClassicToken` (``expires_in`` kept as
   ``expires_at``; there is no refresh token).
3. :func:`discover_endpoints`: ``GET {graph}/api/smartapps/endpoints`` with the token: the installations, each with
   the ``uri`` its SmartApp answers on.
4. :class:`ClassicClient` / :class:`AsyncClassicClient`: call the paths the SmartApp declares (``mappings``) under
   that ``uri`` and get parsed JSON back.

Classic tokens work only on the graph hosts, and the API's tokens do not work there.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from types import TracebackType
from typing import Any
from urllib.parse import urlencode

import attrs
import httpx
import orjson

from .._transport import DEFAULT_TIMEOUT, USER_AGENT
from ..errors import ResponseDecodeError, error_from_response
from ._endpoint import (
    REDACTED,
    async_send_token_request,
    check_url,
    code_refused,
    read_token_response,
    send_token_request,
    token_request,
)
from .credentials import BearerAuth

__all__ = [
    "DEFAULT_GRAPH_URL",
    "AsyncClassicClient",
    "ClassicClient",
    "ClassicEndpoint",
    "ClassicToken",
    "async_discover_endpoints",
    "async_exchange_code",
    "authorize_url",
    "discover_endpoints",
    "exchange_code",
]

DEFAULT_GRAPH_URL = "https://graph.api.smartthings.com"


@attrs.frozen(repr=False)
class ClassicToken:
    """A classic access token (``scope`` ``app``), valid until ``expires_at`` (often decades); ``repr`` hides it."""

    access_token: str
    expires_at: datetime | None
    scope: str | None
    client_id: str
    base_url: str = DEFAULT_GRAPH_URL

    def __repr__(self) -> str:
        expires = self.expires_at.isoformat() if self.expires_at else None
        return (
            f"ClassicToken(access_token={REDACTED}, expires_at={expires}, scope={self.scope!r}, "
            f"client_id={self.client_id!r}, base_url={self.base_url!r})"
        )


@attrs.frozen
class ClassicEndpoint:
    """One installation of a classic SmartApp: call its paths under ``uri``."""

    uri: str
    base_url: str | None = None
    url: str | None = None
    oauth_client_id: str | None = None
    location_id: str | None = None
    location_name: str | None = None


def authorize_url(
    client_id: str, redirect_uri: str, *, base_url: str = DEFAULT_GRAPH_URL, state: str | None = None
) -> str:
    """The classic consent URL (``scope=app``)."""
    if not isinstance(client_id, str) or not client_id.strip():
        raise ValueError("client_id is empty")
    check_url(redirect_uri, "redirect_uri")
    check_url(base_url, "base_url")
    params = {"response_type": "code", "client_id": client_id.strip(), "scope": "app", "redirect_uri": redirect_uri}
    if state is not None:
        params["state"] = state
    return f"{base_url.rstrip('/')}/oauth/authorize?{urlencode(params)}"


# --- code exchange: one builder, one reader ----------------------------------------------------------------------


def _exchange_request(code: str, client_id: str, client_secret: str, redirect_uri: str, base_url: str) -> httpx.Request:
    if not isinstance(code, str) or not code.strip():
        raise ValueError("code is empty")
    check_url(base_url, "base_url")
    request = token_request(
        f"{base_url.rstrip('/')}/oauth/token",
        {
            "grant_type": "authorization_code",
            "code": code.strip(),
            "client_id": client_id,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
        },
        client_id=client_id,
        client_secret=client_secret,
    )
    # The classic docs send the client credentials in the form only.
    del request.headers["Authorization"]
    return request


def _exchange_result(
    response: httpx.Response,
    *,
    code: str,
    client_id: str,
    client_secret: str,
    base_url: str,
    clock: Callable[[], float],
) -> ClassicToken:
    refused = code_refused(
        response,
        "classic.exchange_code",
        "the authorization code was refused (used, expired, or another redirect_uri); authorise again",
    )
    grant = read_token_response(
        response,
        operation="classic.exchange_code",
        secrets=(code, client_secret),
        invalid_grant=refused,
        refresh_required=False,
    )
    expires_at = (
        datetime.fromtimestamp(clock(), tz=timezone.utc) + timedelta(seconds=grant.expires_in)
        if grant.expires_in is not None
        else None
    )
    return ClassicToken(
        access_token=grant.access_token,
        expires_at=expires_at,
        scope=" ".join(grant.scopes) if grant.scopes else None,
        client_id=client_id,
        base_url=base_url.rstrip("/"),
    )


def exchange_code(
    code: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    base_url: str = DEFAULT_GRAPH_URL,
    transport: httpx.BaseTransport | None = None,
    clock: Callable[[], float] = time.time,
) -> ClassicToken:
    """Redeem a classic authorization code."""
    request = _exchange_request(code, client_id, client_secret, redirect_uri, base_url)
    with httpx.Client(transport=transport, timeout=DEFAULT_TIMEOUT) as http:
        response = send_token_request(http, request, "classic.exchange_code")
    return _exchange_result(
        response, code=code, client_id=client_id, client_secret=client_secret, base_url=base_url, clock=clock
    )


async def async_exchange_code(
    code: str,
    *,
    client_id: str,
    client_secret: str,
    redirect_uri: str,
    base_url: str = DEFAULT_GRAPH_URL,
    transport: httpx.AsyncBaseTransport | None = None,
    clock: Callable[[], float] = time.time,
) -> ClassicToken:
    """:func:`exchange_code` for async code."""
    request = _exchange_request(code, client_id, client_secret, redirect_uri, base_url)
    async with httpx.AsyncClient(transport=transport, timeout=DEFAULT_TIMEOUT) as http:
        response = await async_send_token_request(http, request, "classic.exchange_code")
    return _exchange_result(
        response, code=code, client_id=client_id, client_secret=client_secret, base_url=base_url, clock=clock
    )


# --- calls with the token: endpoints discovery and the SmartApp's own paths --------------------------------------


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _parse_endpoints(data: Any) -> list[ClassicEndpoint]:
    if not isinstance(data, list):
        raise TypeError(f"expected a JSON array of installations, got {type(data).__name__}")
    found = []
    for item in data:
        if not isinstance(item, Mapping):
            raise TypeError(f"expected installation objects, got {type(item).__name__}")
        uri = _text(item.get("uri"))
        if uri is None:
            raise TypeError("an installation has no uri")
        location = item.get("location")
        location = location if isinstance(location, Mapping) else {}
        found.append(
            ClassicEndpoint(
                uri=uri,
                base_url=_text(item.get("base_url")),
                url=_text(item.get("url")),
                oauth_client_id=_text(item.get("oauthClientId")),
                location_id=_text(location.get("id")),
                location_name=_text(location.get("name")),
            )
        )
    return found


class _Core:
    """Request building and response reading shared by the sync and async classic clients."""

    def __init__(self, uri: str, operation_prefix: str = "classic") -> None:
        self.uri = check_url(uri, "uri").rstrip("/")
        self.prefix = operation_prefix

    def url(self, path: str) -> str:
        if not isinstance(path, str):
            raise TypeError(f"path must be a str, not {type(path).__name__}")
        if "://" in path or ".." in path.split("/"):
            raise ValueError(f"path must be a path under the installation, got {path!r}")
        return f"{self.uri}/{path.lstrip('/')}" if path.strip("/") else self.uri

    def args(self, method: str, path: str, json: Any, params: Mapping[str, Any] | None) -> dict[str, Any]:
        args: dict[str, Any] = {"method": method, "url": self.url(path)}
        if json is not None:
            args["json"] = json
        if params:
            args["params"] = dict(params)
        return args

    def result(self, response: httpx.Response, operation: str) -> Any:
        request = response.request
        if not 200 <= response.status_code < 300:
            raise error_from_response(
                status_code=response.status_code,
                headers=response.headers,
                content=response.content,
                method=request.method,
                url=str(request.url),
                operation=operation,
            )
        if not response.content.strip():
            return None
        try:
            return orjson.loads(response.content)
        except orjson.JSONDecodeError as exc:
            raise ResponseDecodeError(
                f"the body is not JSON: {exc}",
                status_code=response.status_code,
                method=request.method,
                url=str(request.url),
                operation=operation,
                body=response.content[:500].decode("utf-8", "replace"),
            ) from exc


def _http_options(token: ClassicToken) -> dict[str, Any]:
    return {
        "auth": BearerAuth(token.access_token),
        "timeout": DEFAULT_TIMEOUT,
        "headers": {"Accept": "application/json", "User-Agent": USER_AGENT},
        "follow_redirects": False,
    }


def discover_endpoints(
    token: ClassicToken, *, base_url: str | None = None, transport: httpx.BaseTransport | None = None
) -> list[ClassicEndpoint]:
    """``GET /api/smartapps/endpoints``: where each installation of the token's SmartApp answers."""
    core = _Core(base_url or token.base_url)
    with httpx.Client(transport=transport, **_http_options(token)) as http:
        response = http.get(core.url("/api/smartapps/endpoints"))
    return _endpoints(core, response)


async def async_discover_endpoints(
    token: ClassicToken, *, base_url: str | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> list[ClassicEndpoint]:
    """:func:`discover_endpoints` for async code."""
    core = _Core(base_url or token.base_url)
    async with httpx.AsyncClient(transport=transport, **_http_options(token)) as http:
        response = await http.get(core.url("/api/smartapps/endpoints"))
    return _endpoints(core, response)


def _endpoints(core: _Core, response: httpx.Response) -> list[ClassicEndpoint]:
    data = core.result(response, "classic.endpoints")
    try:
        return _parse_endpoints(data)
    except TypeError as exc:
        raise ResponseDecodeError(
            str(exc),
            status_code=response.status_code,
            method="GET",
            url=str(response.request.url),
            operation="classic.endpoints",
            body=response.content[:500].decode("utf-8", "replace"),
        ) from exc


def _uri(endpoint: ClassicEndpoint | str) -> str:
    return endpoint.uri if isinstance(endpoint, ClassicEndpoint) else endpoint


class ClassicClient:
    """Calls a classic SmartApp's declared paths on one installation (``endpoint.uri``), with the classic token.

    ``get/post/put/delete(path, json=..., params=...)`` return the parsed JSON (None for an empty answer) or raise
    the library's typed errors.
    """

    def __init__(
        self,
        token: ClassicToken,
        endpoint: ClassicEndpoint | str,
        *,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self._core = _Core(_uri(endpoint))
        self._http = httpx.Client(transport=transport, **_http_options(token))

    def request(self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        response = self._http.request(**self._core.args(method, path, json, params))
        return self._core.result(response, f"classic.{method.lower()}")

    def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("POST", path, json=json, params=params)

    def put(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("PUT", path, json=json, params=params)

    def delete(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return self.request("DELETE", path, params=params)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ClassicClient:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ClassicClient({self._core.uri!r})"


class AsyncClassicClient:
    """:class:`ClassicClient` for async code."""

    def __init__(
        self,
        token: ClassicToken,
        endpoint: ClassicEndpoint | str,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._core = _Core(_uri(endpoint))
        self._http = httpx.AsyncClient(transport=transport, **_http_options(token))

    async def request(
        self, method: str, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None
    ) -> Any:
        response = await self._http.request(**self._core.args(method, path, json, params))
        return self._core.result(response, f"classic.{method.lower()}")

    async def get(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("GET", path, params=params)

    async def post(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("POST", path, json=json, params=params)

    async def put(self, path: str, *, json: Any = None, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("PUT", path, json=json, params=params)

    async def delete(self, path: str, *, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("DELETE", path, params=params)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClassicClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def __repr__(self) -> str:
        return f"AsyncClassicClient({self._core.uri!r})"
