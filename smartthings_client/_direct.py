"""The send path of the clients the library creates: requests go straight to the client's transport.

``httpx.Client.request`` redoes on every call what never changes for a client the library made: it merges the
client's headers, cookies, query and timeout into each request, normalises every header again while preparing
the request, runs the auth flow as a generator, looks up event hooks, redirects and the transport of the URL,
wraps the answer's stream and looks for cookies in it.  On an in-process transport that is a third of a call.

A client the library creates has none of those to merge: no cookies (:mod:`._http_clients`), no event hooks, no
redirects followed, one transport (which picks the proxy of each URL itself) and fixed headers.  So the headers
(with a static Bearer token's) are merged once per origin, a request without a body is built without httpx
preparing it again, and the answer is read from the transport directly; a transport that can read an answer
whole (:class:`WholeAnswers`: the aiohttp one) gives it without an ``httpx.Response``.

What a request is (its URL, headers, query and body) is still decided by
:class:`~smartthings_client._transport.TransportCore` alone, for this path and for an injected ``http_client``
alike; auth flows that do more than set a header (refreshing tokens) run as httpx runs them; a request with a
body is encoded by httpx.  Clients given as ``http_client=`` keep httpx's full send path: their hooks, cookies
and defaults are the user's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import httpx

from .auth.credentials import BearerAuth

# httpx's own line per request ("HTTP Request: GET ... 200 OK"), kept for users who log it.
_httpx_log = logging.getLogger("httpx")

_NO_BODY = httpx.ByteStream(b"")
# Methods whose body-less requests httpx sends with no body headers; a body-less POST/PUT/PATCH gets
# "Content-Length: 0" from httpx, so it is prepared by httpx.
_BODYLESS = frozenset({"GET", "DELETE", "HEAD", "OPTIONS"})

_TEMPLATES_MAX = 64


class Answer:
    """An answer read whole, without an ``httpx.Response`` (from a :class:`WholeAnswers` transport): what the
    send loops and :class:`~smartthings_client._transport.TransportCore` read of an answer, which an
    ``httpx.Response`` has too (``status_code``, ``content``, ``headers``, ``url``)."""

    __slots__ = ("_headers", "content", "http_version", "raw_headers", "reason_phrase", "status_code", "url")

    def __init__(
        self,
        status_code: int,
        content: bytes,
        url: httpx.URL,
        raw_headers: Sequence[tuple[bytes, bytes]],
        reason_phrase: str = "",
        http_version: str = "HTTP/1.1",
    ) -> None:
        self.status_code = status_code
        self.content = content
        self.url = url
        self.raw_headers = raw_headers
        self.reason_phrase = reason_phrase
        self.http_version = http_version
        self._headers: httpx.Headers | None = None

    @property
    def headers(self) -> httpx.Headers:
        """The headers as httpx reads them, made when first read (most answers are decoded without them)."""
        headers = self._headers
        if headers is None:
            headers = self._headers = httpx.Headers(list(self.raw_headers))
        return headers

    def __repr__(self) -> str:
        return f"<Answer [{self.status_code}] {self.url}>"


class WholeAnswers(httpx.AsyncBaseTransport):
    """An async transport that can also answer a request with the body read whole, as an :class:`Answer` or as
    a read ``httpx.Response`` (the aiohttp transport): the library's clients read every answer whole, and reading
    it chunk by chunk through ``handle_async_request`` (what an event stream needs) costs much more."""

    async def fetch(self, request: httpx.Request) -> Answer:
        raise NotImplementedError

    async def fetch_response(self, request: httpx.Request) -> httpx.Response:
        """The answer read whole, as a read ``httpx.Response`` (for auth flows, which read responses)."""
        raise NotImplementedError


def _log(request: httpx.Request, response: httpx.Response | Answer) -> None:
    if _httpx_log.isEnabledFor(logging.INFO):
        _httpx_log.info(
            'HTTP Request: %s %s "%s %d %s"',
            request.method,
            request.url,
            response.http_version,
            response.status_code,
            response.reason_phrase,
        )


class _DirectRequests:
    """Builds, from :meth:`TransportCore.request_args`, the ``httpx.Request`` that ``client.build_request`` and
    the auth flow would send for a client the library created (the same headers, the same timeout)."""

    def __init__(self, auth: httpx.Auth, client_headers: httpx.Headers, timeout: httpx.Timeout) -> None:
        self.auth = auth
        # A static Bearer token is one header that never changes: it goes in the templates, and the token's
        # flow has nothing left to do.
        self._bearer = auth if type(auth) is BearerAuth else None
        self._client_headers = client_headers
        self._extensions = {"timeout": timeout.as_dict()}
        # The headers of each origin: its Host, the client's headers, and a static token's.
        self._templates: dict[bytes, httpx.Headers] = {}

    def _template(self, url: httpx.URL) -> httpx.Headers:
        netloc = url.netloc
        template = self._templates.get(netloc)
        if template is None:
            if len(self._templates) >= _TEMPLATES_MAX:
                self._templates.clear()
            template = httpx.Headers([(b"Host", netloc), *self._client_headers.raw])
            if self._bearer is not None:
                self._bearer.apply(template)
            self._templates[netloc] = template
        return template

    def build(self, args: dict[str, Any]) -> httpx.Request:
        url: httpx.URL = args["url"]
        method: str = args["method"]
        headers = httpx.Headers(self._template(url))
        extra = args.get("headers")
        if extra:
            headers.update(extra)
            if self._bearer is not None:  # the token's header is set after the call's own, as its flow sets it
                self._bearer.apply(headers)
        if method in _BODYLESS and not ("json" in args or "content" in args or "data" in args):
            request = httpx.Request(
                method, url, params=args.get("params"), headers=headers, stream=_NO_BODY, extensions=self._extensions
            )
            request.read()
            return request
        return httpx.Request(
            method,
            url,
            params=args.get("params"),
            headers=headers,
            json=args.get("json"),
            content=args.get("content"),
            data=args.get("data"),
            extensions=self._extensions,
        )


class DirectSender(_DirectRequests):
    """Sends the requests of a :class:`SmartThings` the library made its client for, through ``transport``."""

    def __init__(
        self, transport: httpx.BaseTransport, auth: httpx.Auth, client_headers: httpx.Headers, timeout: httpx.Timeout
    ) -> None:
        super().__init__(auth, client_headers, timeout)
        self.transport = transport

    def _deliver(self, request: httpx.Request) -> httpx.Response:
        response = self.transport.handle_request(request)
        response.request = request
        _log(request, response)
        try:
            response.read()
        finally:
            response.close()
        return response

    def send(self, args: dict[str, Any]) -> httpx.Response:
        """Send the request ``args`` describe through the token's flow (which may send token requests first, or
        re-send after a 401) and return the last answer, read and closed."""
        request = self.build(args)
        if self._bearer is not None:  # the header is in the request already
            return self._deliver(request)
        flow = self.auth.sync_auth_flow(request)
        try:
            request = next(flow)
            while True:
                response = self._deliver(request)
                try:
                    request = flow.send(response)
                except StopIteration:
                    return response
        finally:
            flow.close()


class AsyncDirectSender(_DirectRequests):
    """:class:`DirectSender` for an :class:`AsyncSmartThings`."""

    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        auth: httpx.Auth,
        client_headers: httpx.Headers,
        timeout: httpx.Timeout,
    ) -> None:
        super().__init__(auth, client_headers, timeout)
        self.transport = transport
        self._whole = transport if isinstance(transport, WholeAnswers) else None

    async def _deliver(self, request: httpx.Request) -> httpx.Response:
        if self._whole is not None:
            answer = await self._whole.fetch_response(request)
            _log(request, answer)
            return answer
        response = await self.transport.handle_async_request(request)
        response.request = request
        _log(request, response)
        try:
            if isinstance(response.stream, httpx.ByteStream):
                response.read()  # a body already in memory (a mock's): no async iteration needed
            else:
                await response.aread()
        finally:
            await response.aclose()
        return response

    async def send(self, args: dict[str, Any]) -> httpx.Response | Answer:
        """:meth:`DirectSender.send`, awaited."""
        request = self.build(args)
        if self._bearer is not None:
            whole = self._whole
            if whole is None:
                return await self._deliver(request)
            answer = await whole.fetch(request)
            _log(request, answer)
            return answer
        flow = self.auth.async_auth_flow(request)
        try:
            request = await flow.__anext__()
            while True:
                response = await self._deliver(request)
                try:
                    request = await flow.asend(response)
                except StopAsyncIteration:
                    return response
        finally:
            await flow.aclose()
