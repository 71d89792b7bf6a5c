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
about five times httpx's own async pool in a loopback fan-out; without it, with httpx's own pool.  Most users write
synchronous scripts, so aiohttp is an extra, not a dependency.
"""

from __future__ import annotations

import functools
import logging
import threading
from http.cookiejar import Cookie, CookieJar
from typing import TYPE_CHECKING, Any

import httpx

from ._proxies import EnvironmentProxies
from ._tls import ssl_context

if TYPE_CHECKING:
    import asyncio

    from ._aiohttp import AiohttpTransport

log = logging.getLogger("smartthings_client")


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
    when aiohttp is installed, else httpx's own (:class:`HttpxPoolPerLoop`)."""
    aiohttp_transport = _aiohttp_transport()
    if aiohttp_transport is None:
        return HttpxPoolPerLoop(limits=limits)
    return aiohttp_transport(limits=limits)


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


class HttpxPoolPerLoop(httpx.AsyncBaseTransport):
    """httpx's own async connection pool (``httpx.AsyncHTTPTransport``, one per proxy), made anew for each event
    loop the client runs in.

    A pool's connections belong to the event loop that opened them: a client kept between two ``asyncio.run``
    calls would otherwise fail with "Event loop is closed".  The aiohttp transport does the same.
    """

    def __init__(self, *, limits: httpx.Limits, trust_env: bool = True) -> None:
        self._limits = limits
        self._trust_env = trust_env
        self._proxies = EnvironmentProxies(trust_env=trust_env)
        self._pools: dict[str | None, httpx.AsyncHTTPTransport] = {}
        self._loop: asyncio.AbstractEventLoop | None = None

    def _pool(self, url: httpx.URL) -> httpx.AsyncHTTPTransport:
        import asyncio  # loaded already: this runs in an event loop

        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # The previous loop's connections cannot be used (nor closed) from this one: they are left to be
            # freed with it.
            self._pools = {}
            self._loop = loop
        proxy = self._proxies.for_url(url)
        pool = self._pools.get(proxy)
        if pool is None:
            pool = self._pools[proxy] = httpx.AsyncHTTPTransport(
                verify=ssl_context(trust_env=self._trust_env),
                limits=self._limits,
                trust_env=self._trust_env,
                proxy=proxy,
            )
        return pool

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._pool(request.url).handle_async_request(request)

    async def aclose(self) -> None:
        import asyncio

        pools, self._pools = self._pools, {}
        if self._loop is asyncio.get_running_loop():
            for pool in pools.values():
                await pool.aclose()
