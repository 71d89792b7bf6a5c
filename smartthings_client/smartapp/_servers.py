"""The thin server adapters of :class:`~smartthings_client.smartapp.SmartApp`: ASGI 3, WSGI and AWS Lambda.

``SmartApp.asgi`` is an :class:`AsgiApp` object, not a bound method: servers guess the ASGI version from the
callable, and uvicorn reads a bound ``async def`` method as ASGI 2 (it looks at ``app.__call__``, which for a
method is a method-wrapper, not a coroutine function) and then fails every request.  An object whose ``__call__``
is a coroutine function reads as ASGI 3 to uvicorn, hypercorn, asgiref and Starlette alike.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from http import HTTPStatus
from typing import Any, Protocol

__all__ = ["AsgiApp", "serve_lambda", "serve_wsgi"]

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Answer(Protocol):
    """What a handler returns (:class:`~smartthings_client.smartapp.WebhookResponse`)."""

    @property
    def status(self) -> int:
        """The HTTP status."""
        ...

    def content(self) -> bytes:
        """The JSON body."""
        ...


Handle = Callable[[str, str, Iterable[tuple[str, str]], bytes], Answer]


class AsgiApp:
    """An ASGI 3 application around ``handle(method, path, headers, body)``; ``handle`` runs in a worker thread
    (handlers are plain functions that may block).  The ``lifespan`` scope is answered (startup and shutdown
    complete: there is nothing to open or close), and any other non-HTTP scope (websockets) is refused."""

    def __init__(self, handle: Handle, name: str) -> None:
        self._handle = handle
        self._name = name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return  # the client went away: nobody to answer
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers", [])]
        answer = await asyncio.to_thread(self._handle, scope["method"], scope["path"], headers, b"".join(chunks))
        content = answer.content()
        await send(
            {
                "type": "http.response.start",
                "status": answer.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())],
            }
        )
        await send({"type": "http.response.body", "body": content})

    def __repr__(self) -> str:
        return f"<ASGI app of {self._name}>"


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def serve_wsgi(handle: Handle, environ: Mapping[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
    """One WSGI request through ``handle``."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    headers = [(k[5:].replace("_", "-").lower(), str(v)) for k, v in environ.items() if k.startswith("HTTP_")]
    if environ.get("CONTENT_TYPE"):
        headers.append(("content-type", str(environ["CONTENT_TYPE"])))
    answer = handle(str(environ.get("REQUEST_METHOD", "GET")), str(environ.get("PATH_INFO", "/")), headers, body)
    content = answer.content()
    start_response(
        f"{answer.status} {HTTPStatus(answer.status).phrase}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(content)))],
    )
    return [content]


class _Response(Answer, Protocol):
    @property
    def body(self) -> Mapping[str, Any]:
        """The JSON body, parsed."""
        ...


def serve_lambda(
    handle: Handle, direct: Callable[[Mapping[str, Any]], _Response], event: object
) -> dict[str, Any]:
    """One AWS Lambda invocation: an HTTP event (API Gateway REST or HTTP API, function URL) through ``handle``,
    or a direct invocation (the lifecycle body itself) through ``direct``."""
    if not isinstance(event, Mapping):
        return {"statusCode": 400, "message": "a Lambda event must be a JSON object"}
    context = event.get("requestContext")
    http = context.get("http") if isinstance(context, Mapping) else None
    method = event.get("httpMethod") or (http.get("method") if isinstance(http, Mapping) else None)
    if not method:
        answer = direct(event)
        return {"statusCode": answer.status, **answer.body}
    body = event.get("body") or ""
    raw = base64.b64decode(body) if event.get("isBase64Encoded") else str(body).encode()
    headers = [(str(k), str(v)) for k, v in (event.get("headers") or {}).items()]
    path = str(event.get("rawPath") or event.get("path") or "/")
    response = handle(str(method), path, headers, raw)
    return {
        "statusCode": response.status,
        "headers": {"Content-Type": "application/json"},
        "body": response.content().decode(),
        "isBase64Encoded": False,
    }
