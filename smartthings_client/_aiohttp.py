"""The default async transport: httpx's interface on aiohttp's connection pool and HTTP parser.

Measured on loopback fan-out (benchmarks/run.py), httpx's own async pool (httpcore) spends most of each request on
connection assignment, and reaches about a third of aiohttp's throughput.  :class:`AiohttpTransport` keeps
everything above the transport httpx's (the client, auth flows, event hooks, ``httpx.Response``), so retries,
refreshing tokens, the event stream and injected transports work as before; only the sockets are aiohttp's.

Failures are mapped to the httpx exceptions that say the same thing, because the retry rules depend on it: a
failure to connect (``ConnectError``/``ConnectTimeout``) means the request was never sent and may be retried for
every method, while a dropped connection after sending (``RemoteProtocolError``/``ReadError``/``ReadTimeout``)
is retried only for idempotent ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING, Any

import aiohttp
import httpx

from ._direct import Answer, WholeAnswers
from ._proxies import EnvironmentProxies
from ._tls import ssl_context as verifying_context

if TYPE_CHECKING:
    import ssl


def _httpx_error(exc: Exception) -> httpx.TransportError:
    """The httpx exception that means what an aiohttp failure means (most specific cases first)."""
    message = str(exc) or type(exc).__name__
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return httpx.ConnectTimeout(message)
    if isinstance(exc, (aiohttp.SocketTimeoutError, aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return httpx.ReadTimeout(message)
    if isinstance(exc, aiohttp.ClientConnectorError):
        return httpx.ConnectError(message)
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return httpx.UnsupportedProtocol(message)
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientResponseError)):
        return httpx.RemoteProtocolError(message)
    return httpx.ReadError(message)


_FAILURES = (aiohttp.ClientError, asyncio.TimeoutError)


def _version(response: aiohttp.ClientResponse) -> str:
    """The answer's HTTP version as httpx writes it ("HTTP/1.1")."""
    version = response.version
    return "HTTP/1.1" if version is None else f"HTTP/{version.major}.{version.minor}"


class _Body(httpx.AsyncByteStream):
    """An aiohttp response body as httpx reads it: whatever has arrived, chunk by chunk (an event stream
    yields each event as it comes; a JSON answer on a fast link arrives in one or two chunks)."""

    def __init__(self, response: aiohttp.ClientResponse) -> None:
        self._response = response

    async def __aiter__(self) -> AsyncIterator[bytes]:
        content = self._response.content
        try:
            while True:
                chunk = await content.readany()
                if not chunk:
                    break
                yield chunk
        except _FAILURES as exc:
            raise _httpx_error(exc) from exc

    async def aclose(self) -> None:
        self._response.release()


class AiohttpTransport(WholeAnswers):
    """An ``httpx.AsyncBaseTransport`` sending with an aiohttp session (created on first use, in the running
    event loop).

    ``limits``: ``max_connections`` caps the pool, and every idle connection is kept for ``keepalive_expiry``
    seconds (aiohttp keeps all idle connections, so a burst does not close and reopen them); ``trust_env`` reads
    proxies (``HTTPS_PROXY``, ``NO_PROXY``...) and ``SSL_CERT_FILE`` from the environment, as httpx does.
    """

    def __init__(self, *, limits: httpx.Limits, trust_env: bool = True, verify: ssl.SSLContext | bool = True) -> None:
        self._limits = limits
        self._trust_env = trust_env
        self._verify = verify
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        # aiohttp's own trust_env reads the environment and ~/.netrc on every request (a third of its time in
        # a fan-out); the proxy of each origin is decided once instead.
        self._proxies = EnvironmentProxies(trust_env=trust_env)
        self._timeouts: dict[tuple[float | None, float | None, float | None], aiohttp.ClientTimeout] = {}

    def _session_for(self, loop: asyncio.AbstractEventLoop) -> aiohttp.ClientSession:
        session = self._session
        if session is not None and self._loop is loop:
            return session
        if session is not None:
            # The client outlived the event loop it first ran in (one asyncio.run per test); that loop's
            # connections cannot be reused, so they are dropped and a pool is made for this loop.
            self._drop(session)
        ssl_context: ssl.SSLContext | bool = self._verify
        if self._verify is True:
            ssl_context = verifying_context(trust_env=self._trust_env)
        connector = aiohttp.TCPConnector(
            limit=self._limits.max_connections or 0,
            limit_per_host=0,
            keepalive_timeout=self._limits.keepalive_expiry if self._limits.keepalive_expiry is not None else 15.0,
            ssl=ssl_context,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            auto_decompress=False,  # httpx decodes Content-Encoding itself
            skip_auto_headers=("User-Agent", "Accept", "Accept-Encoding"),
            cookie_jar=aiohttp.DummyCookieJar(),  # SmartThings sets no cookies
        )
        self._loop = loop
        return self._session

    def _timeout(self, pool: float | None, connect: float | None, read: float | None) -> aiohttp.ClientTimeout:
        """httpx's timeouts as aiohttp's, made once per distinct set (every call of a client has the same)."""
        key = (pool, connect, read)
        timeout = self._timeouts.get(key)
        if timeout is None:
            if len(self._timeouts) >= 16:
                self._timeouts.clear()
            timeout = self._timeouts[key] = aiohttp.ClientTimeout(
                total=None, connect=pool, sock_connect=connect, sock_read=read
            )
        return timeout

    @staticmethod
    def _drop(session: aiohttp.ClientSession) -> None:
        connector = session.connector
        if connector is not None:
            connector._close()  # the synchronous part of close(): drop every pooled transport
        session._connector = None

    async def _send(self, request: httpx.Request) -> aiohttp.ClientResponse:
        session = self._session_for(asyncio.get_running_loop())
        timeouts = request.extensions.get("timeout", {})
        try:
            body: Any = request.content or None
        except httpx.RequestNotRead:  # a streamed upload
            body = request.stream
        url = request.url
        # aiohttp writes the Host header of the URL itself (given one, it parses it again); a different Host is kept.
        host = url.netloc.decode("ascii")
        headers = [
            (key, value)
            for key, value in request.headers.multi_items()  # keys in lower case
            if key != "transfer-encoding" and (key != "host" or value != host)
        ]
        try:
            return await session.request(
                request.method,
                str(url),
                headers=headers,
                data=body,
                allow_redirects=False,  # httpx follows redirects, if asked to
                compress=None,
                proxy=self._proxies.for_url(url),
                timeout=self._timeout(timeouts.get("pool"), timeouts.get("connect"), timeouts.get("read")),
            )
        except _FAILURES as exc:
            raise _httpx_error(exc) from exc

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._send(request)
        return httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=_Body(response),
            request=request,
            extensions={"http_version": _version(response).encode(), "reason_phrase": (response.reason or "").encode()},
        )

    async def _read(self, request: httpx.Request) -> tuple[aiohttp.ClientResponse, bytes]:
        """The answer and its body, read whole as aiohttp reads it (httpx would take the chunks one by one, each
        through its decoder); the connection is released."""
        response = await self._send(request)
        try:
            body = await response.read()
        except _FAILURES as exc:
            raise _httpx_error(exc) from exc
        finally:
            response.release()
        return response, body

    async def fetch(self, request: httpx.Request) -> Answer:
        """The answer read whole and decoded: a ``Content-Encoding`` is undone by httpx, as for any response."""
        response, content = await self._read(request)
        raw_headers = response.raw_headers
        if "Content-Encoding" in response.headers:
            decoded = httpx.Response(response.status, headers=raw_headers, stream=httpx.ByteStream(content))
            content = decoded.read()
        return Answer(response.status, content, request.url, raw_headers, response.reason or "", _version(response))

    async def fetch_response(self, request: httpx.Request) -> httpx.Response:
        """The answer read whole, as an ``httpx.Response`` (read, and decoded by httpx)."""
        response, body = await self._read(request)
        answer = httpx.Response(
            status_code=response.status,
            headers=response.raw_headers,
            stream=httpx.ByteStream(body),
            request=request,
            extensions={"http_version": _version(response).encode(), "reason_phrase": (response.reason or "").encode()},
        )
        answer.read()
        return answer

    async def aclose(self) -> None:
        session, self._session = self._session, None
        if session is None:
            return
        if self._loop is asyncio.get_running_loop():
            await session.close()
        else:
            self._drop(session)
