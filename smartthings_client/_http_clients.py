"""The httpx clients the library creates when it is given none: httpx's, without a cookie store.

SmartThings sets no cookies, and httpx looks for them in every response by building a urllib request and an email
message from it: a seventh of a call's time on an in-process transport.  A client passed as ``http_client=``
keeps its own cookie handling.
"""

from __future__ import annotations

import functools
import ssl
from http.cookiejar import Cookie, CookieJar
from typing import Any

import httpx


@functools.cache
def default_ssl_context() -> ssl.SSLContext:
    """The verifying SSL context of every client the library creates, made once per process.

    Making one loads the CA bundle, about 20 ms of CPU: a burst of users each making a client (a worker per job,
    a thread per request) paid it every time, enough to starve a busy process.  A context is not changed after it
    is made, so clients and threads can share it; ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` are read the first time.
    """
    return httpx.create_ssl_context()


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
