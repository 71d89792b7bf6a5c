"""The httpx clients the library creates when it is given none: httpx's, without a cookie store, and the
connection pool of the async one.

SmartThings sets no cookies, and httpx looks for them in every response by building a urllib request and an email
message from it: a seventh of a call's time on an in-process transport.  A client passed as ``http_client=``
keeps its own cookie handling.

Both clients send through a transport the library holds (:class:`HttpxPool`, :class:`HttpxPoolPerLoop`, the
aiohttp transport or a ``transport=`` given), so the client's send path can hand requests straight to it
(:mod:`smartthings_client._direct`); each pool picks the proxy the environment names for a URL, as httpx's client
would.

The async client sends with aiohttp's pool when aiohttp is installed (``pip install 'smartthings-client[aiohttp]'``),
about 2.5 times httpx's own async pool in a loopback fan-out; without it, with httpx's own pool.  Most users write
synchronous scripts, so aiohttp is an extra, not a dependency.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import AsyncIterator, Callable
from http.cookiejar import Cookie, CookieJar
from typing import TYPE_CHECKING, Any

import httpx

from ._proxies import EnvironmentProxies
from ._tls import ssl_context

if TYPE_CHECKING:
    import asyncio

    from ._aiohttp import AiohttpTransport

log = logging.getLogger("smartthings_client")

# Connections to one origin when the limits set none (httpx's default is 100).
_UNLIMITED = 100


class _RefusingJar(CookieJar):
    """A jar that stays empty: every way of storing a cookie ends in ``set_cookie``."""

    def set_cookie(self, cookie: Cookie) -> None:
        return


class _NoCookies(httpx.Cookies):
    """Keeps nothing, so nothing is ever sent back; a response is not even looked at for cookies."""

    def __init__(self) -> None:
        super().__init__(_RefusingJar())

    def extract_cookies(self, response: httpx.Response) -> None:
        return


class _Cookieless:
    """``cookies`` of the clients below: always empty (one shared, empty store), and not settable."""

    _no_cookies = _NoCookies()

    @property
    def cookies(self) -> httpx.Cookies:
        return self._no_cookies

    @cookies.setter
    def cookies(self, cookies: Any) -> None:
        raise AttributeError("the SmartThings client keeps no cookies; pass http_client= to use your own")


class ApiClient(_Cookieless, httpx.Client):
    """The ``httpx.Client`` of a :class:`~smartthings_client.SmartThings` created without ``http_client=``."""


class AsyncApiClient(_Cookieless, httpx.AsyncClient):
    """The ``httpx.AsyncClient`` of an :class:`~smartthings_client.AsyncSmartThings` created without
    ``http_client=``."""


def default_async_transport(limits: httpx.Limits) -> httpx.AsyncBaseTransport:
    """The transport of an :class:`AsyncApiClient` the library creates: aiohttp's pool (``AiohttpTransport``)
    when aiohttp is installed, else httpx's own (:class:`HttpxPoolPerLoop`); httpx's too while httpx's transport
    is replaced (pytest-httpx's mock, or instrumentation wrapping it), so that the replacement sees the client's
    requests."""
    aiohttp_transport = _aiohttp_transport()
    if aiohttp_transport is None or _httpx_transport_mocked():
        return HttpxPoolPerLoop(limits=limits)
    return aiohttp_transport(limits=limits)


def _httpx_transport_mocked() -> bool:
    """Whether ``httpx.AsyncHTTPTransport`` sends with a method that is not httpx's own."""
    method = httpx.AsyncHTTPTransport.handle_async_request
    return not getattr(method, "__module__", "httpx").startswith("httpx")


@functools.cache
def _aiohttp_transport() -> type[AiohttpTransport] | None:
    """``AiohttpTransport`` if aiohttp can be imported: the one place that decides, once per process, when the
    first async client is created (so neither a sync script nor ``import smartthings_client`` loads aiohttp)."""
    try:
        from ._aiohttp import AiohttpTransport
    except ImportError as exc:
        log.debug("async clients use httpx's own connection pool: aiohttp is not available (%s)", exc)
        return None
    return AiohttpTransport


class HttpxPool(httpx.BaseTransport):
    """httpx's own connection pool (``httpx.HTTPTransport``), one per proxy the environment names: the transport
    of a :class:`SmartThings` created without ``transport=`` or ``http_client=``."""

    def __init__(self, *, limits: httpx.Limits, trust_env: bool = True) -> None:
        self._limits = limits
        self._trust_env = trust_env
        self._proxies = EnvironmentProxies(trust_env=trust_env)
        self._pools: dict[str | None, httpx.HTTPTransport] = {}
        self._making = threading.Lock()  # threads share the client: one pool per proxy, never two

    def _pool(self, url: httpx.URL) -> httpx.HTTPTransport:
        proxy = self._proxies.for_url(url)
        pool = self._pools.get(proxy)
        if pool is None:
            with self._making:
                pool = self._pools.get(proxy)
                if pool is None:
                    pool = self._pools[proxy] = httpx.HTTPTransport(
                        verify=ssl_context(trust_env=self._trust_env),
                        limits=self._limits,
                        trust_env=self._trust_env,
                        proxy=proxy,
                    )
        return pool

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pool(request.url).handle_request(request)

    def close(self) -> None:
        pools, self._pools = self._pools, {}
        for pool in pools.values():
            pool.close()


class _Lane(httpx.AsyncByteStream):
    """A response body of one lane: the lane counts as busy until the body is closed."""

    def __init__(self, stream: httpx.AsyncByteStream, lanes: _Lanes, index: int) -> None:
        self._stream = stream
        self._lanes = lanes
        self._index = index
        self._open = True

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for chunk in self._stream:
            yield chunk

    async def aclose(self) -> None:
        if self._open:
            self._open = False
            self._lanes.busy[self._index] -= 1
        await self._stream.aclose()


class _Lanes:
    """The connections to one origin (through one proxy): single-connection httpx pools, each request on the
    first idle one (so calls one after another reuse one connection), else on a new one while there are fewer
    than ``max_connections``, else on the least busy."""

    def __init__(self, make: Callable[[], httpx.AsyncHTTPTransport], most: int) -> None:
        self._make = make
        self._most = most
        self.pools: list[httpx.AsyncHTTPTransport] = []
        self.busy: list[int] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        busy = self.busy
        try:
            index = busy.index(0)
        except ValueError:
            if len(busy) < self._most:
                self.pools.append(self._make())
                busy.append(0)
                index = len(busy) - 1
            else:
                index = busy.index(min(busy))
        busy[index] += 1
        try:
            response = await self.pools[index].handle_async_request(request)
        except BaseException:
            busy[index] -= 1
            raise
        assert isinstance(response.stream, httpx.AsyncByteStream)
        response.stream = _Lane(response.stream, self, index)
        return response


class HttpxPoolPerLoop(httpx.AsyncBaseTransport):
    """httpx's own async connection pool (``httpx.AsyncHTTPTransport``), made anew for each event loop the client
    runs in, one set of connections per origin and proxy.

    A pool's connections belong to the event loop that opened them: a client kept between two ``asyncio.run``
    calls would otherwise fail with "Event loop is closed".  The aiohttp transport does the same.

    Each connection is a pool of its own (:class:`_Lanes`): httpx's pool (httpcore 1.x) goes over all its
    connections for each of them on every request, a cost that grows with the square of the connections; at 50
    connections it spent 4.8 ms of CPU per request in a loopback fan-out, against 0.95 ms as 50 one-connection
    pools.
    """

    def __init__(self, *, limits: httpx.Limits, trust_env: bool = True) -> None:
        self._limits = limits
        self._trust_env = trust_env
        self._proxies = EnvironmentProxies(trust_env=trust_env)
        self._lanes: dict[tuple[str | None, str, str, int | None], _Lanes] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._one = httpx.Limits(
            max_connections=1, max_keepalive_connections=1, keepalive_expiry=limits.keepalive_expiry
        )

    def _connection(self, proxy: str | None) -> httpx.AsyncHTTPTransport:
        return httpx.AsyncHTTPTransport(
            verify=ssl_context(trust_env=self._trust_env), limits=self._one, trust_env=self._trust_env, proxy=proxy
        )

    def _lanes_for(self, url: httpx.URL) -> _Lanes:
        import asyncio  # loaded already: this runs in an event loop

        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # The previous loop's connections cannot be used (nor closed) from this one: they are left to be
            # freed with it.
            self._lanes = {}
            self._loop = loop
        proxy = self._proxies.for_url(url)
        key = (proxy, url.scheme, url.host, url.port)
        lanes = self._lanes.get(key)
        if lanes is None:
            lanes = self._lanes[key] = _Lanes(
                lambda: self._connection(proxy), self._limits.max_connections or _UNLIMITED
            )
        return lanes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._lanes_for(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        import asyncio

        every, self._lanes = self._lanes, {}
        if self._loop is asyncio.get_running_loop():
            for lanes in every.values():
                for pool in lanes.pools:
                    await pool.aclose()
