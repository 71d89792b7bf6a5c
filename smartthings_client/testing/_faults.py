"""Scripted transport and server failures, so client retry and error paths can be exercised offline."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

import httpx

FaultKind = Literal[
    "server_error",
    "drop",
    "slow",
    "malformed_json",
    "html_error",
    "empty_body",
    "rate_limit",
    "unexpected_error",
]
FAULT_KINDS: frozenset[str] = frozenset(
    {"server_error", "drop", "slow", "malformed_json", "html_error", "empty_body", "rate_limit", "unexpected_error"}
)

#: Faults that replace the answer without the request ever reaching the routes (no state change).
SHORT_CIRCUIT: frozenset[str] = frozenset(
    {"server_error", "html_error", "empty_body", "rate_limit", "unexpected_error"}
)

_REASONS = {
    401: "Authorization Required",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Temporarily Unavailable",
    504: "Gateway Time-out",
}


def openresty_page(status: int) -> bytes:
    """The HTML error page the API's openresty front end serves (user-pains §1: HTML 401s)."""
    title = f"{status} {_REASONS.get(status, 'Error')}"
    return (
        f"<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n<center><h1>{title}</h1></center>\r\n"
        "<hr><center>openresty</center>\r\n</body>\r\n</html>\r\n"
    ).encode()


@dataclass
class Fault:
    """One scripted failure; ``remaining`` counts down on every matching request."""

    kind: str
    remaining: int
    method: str | None = None
    path: str | re.Pattern[str] | None = None
    status: int | None = None
    seconds: float = 0.0
    error: Literal["remote_protocol", "connect"] = "remote_protocol"
    processed: bool = False
    retry_millis: int = 1000

    def matches(self, method: str, paths: tuple[str, ...]) -> bool:
        """Return True when this fault applies to the request."""
        if self.method is not None and self.method.upper() != method.upper():
            return False
        if self.path is None:
            return True
        if isinstance(self.path, re.Pattern):
            return any(self.path.search(p) for p in paths)
        return any(self.path in p for p in paths)


class FaultInjector:
    """The emulator's fault queue (``emu.faults``). Faults fire in the order they were added."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(
        self,
        kind: FaultKind,
        count: int = 1,
        method: str | None = None,
        path: str | re.Pattern[str] | None = None,
        *,
        status: int | None = None,
        seconds: float = 1.0,
        error: Literal["remote_protocol", "connect"] = "remote_protocol",
        processed: bool = False,
        retry_millis: int = 1000,
    ) -> Fault:
        """Script ``count`` failures of ``kind`` for requests matching ``method`` and ``path``.

        ``path`` is a substring (a plain ``str``) or a compiled regex (``re.compile(...)``), tried against the
        path with and without ``/v1``. Kinds:

        * ``server_error``: ``status`` (default 503; 502/504 also sensible) with an openresty HTML body.
        * ``drop``: the connection dies. ``error="remote_protocol"`` raises ``httpx.RemoteProtocolError``
          (server went away mid-exchange), ``error="connect"`` raises ``httpx.ConnectError`` (never
          reached). With ``processed=True`` the request is handled first, so its side effects happen.
        * ``slow``: the answer takes ``seconds``. In-process, if that exceeds the request's read timeout,
          ``httpx.ReadTimeout`` is raised (after the request was handled), otherwise it returns at once;
          the loopback server really sleeps.
        * ``malformed_json``: the request is handled, then the JSON body is cut in half.
        * ``html_error``: ``status`` (default 401) with an openresty HTML body.
        * ``empty_body``: ``status`` (default 403) with no body at all.
        * ``rate_limit``: a 429 with the real body and headers; ``retry_millis`` sets the hint.
        * ``unexpected_error``: 500 ``UnexpectedError`` "unsuccessful-http-call status=424" (contract §3.1).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {sorted(FAULT_KINDS)}")
        if count < 1:
            raise ValueError("count must be >= 1")
        fault = Fault(
            kind=kind,
            remaining=count,
            method=method,
            path=path,
            status=status,
            seconds=seconds,
            error=error,
            processed=processed,
            retry_millis=retry_millis,
        )
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear(self) -> None:
        """Remove every pending fault."""
        with self._lock:
            self._faults.clear()

    @property
    def pending(self) -> list[Fault]:
        """The faults that still have hits left (a copy)."""
        with self._lock:
            return [f for f in self._faults if f.remaining > 0]

    def take(self, method: str, paths: tuple[str, ...]) -> Fault | None:
        """Consume one hit of the first fault matching this request, if any."""
        with self._lock:
            for fault in self._faults:
                if fault.remaining > 0 and fault.matches(method, paths):
                    fault.remaining -= 1
                    return fault
            self._faults = [f for f in self._faults if f.remaining > 0]
        return None


@dataclass
class Outcome:
    """How one request is delivered: a response, maybe late, or a dead connection."""

    response: httpx.Response | None
    delay: float = 0.0
    drop: Fault | None = None
