"""``st.events``: device events without a webhook, through the SSE "sinks" API (what Home Assistant uses).

A sink is created for some locations and event types (``create_sink``); its ``registrationUrl``, on another
host, streams the events (``open_stream``); the sink is deleted when done (``delete_sink``).  :meth:`watch` does
all of that the way pysmartthings and Home Assistant keep a stream alive (smartthings-api-more.md §16.3): delete
the sink a previous run left (its id is persisted), create, open, read with an idle timeout, on ``goodbye`` or
server close delete and recreate at once, on errors wait a capped, jittered, exponential backoff, and delete the
sink on the way out.

The API is undocumented and needs the reserved ``sse`` scope, which a personal access token never has: see
:data:`SSE_FIX`.  Its path and API version may change, so both are :class:`SinkSettings`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import attrs
import httpx
from httpx_sse import EventSource, SSEError

from .._driving import Driving
from .._operation import Operation, Request, ignore_body, one_or_many
from .._transport import _origin, _origin_text
from ..errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    EventStreamError,
    ResponseDecodeError,
    ServerError,
    SmartThingsError,
)
from ..models.converter import decode_as
from ..models.events import ControlEvent, Sink, StreamEvent, parse_stream_message
from ..scopes import SMARTAPP_ONLY, declare, record_python_call
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, makes

__all__ = [
    "DEFAULT_EVENT_TYPES",
    "SSE_FIX",
    "AsyncEventStream",
    "AsyncEvents",
    "Backoff",
    "EventStream",
    "Events",
    "FileSinkStore",
    "MemorySinkStore",
    "SinkSettings",
    "SinkStore",
]

log = logging.getLogger("smartthings_client")

DEFAULT_EVENT_TYPES = ("DEVICE_EVENT", "DEVICE_LIFECYCLE_EVENT", "DEVICE_HEALTH_EVENT")
"""The event types Home Assistant asks for (``LOCATION_LIFECYCLE_EVENT`` exists too)."""

IDLE_TIMEOUT = 120.0
"""Seconds without a byte after which a stream counts as dead (``welcome`` comes about every 60 s)."""

SSE_FIX = (
    "The event stream needs the reserved sse scope, which SmartThings gives only to select apps: a personal "
    "access token can never have it, and an OAuth app that requests it without SmartThings' approval gets "
    "invalid_scope. Use an OAuth token of an app that has it (Home Assistant gets one by account linking), or "
    "receive events with a webhook SmartApp and st.subscriptions instead."
)
_SSE = (("sse",),)
_NOTE = "Undocumented; observed in pysmartthings and Home Assistant. PAT refusal is inferred (unverified)."
_ALLOWED_STREAM_DOMAIN = "api.smartthings.com"

# The stream GET goes to the sink's registrationUrl, on another host, and is not a JSON call: declared here for
# the registry, preflight and the 403 diagnosis; open_stream makes it.
_STREAM_RULE = declare(
    "events.stream",
    "GET",
    "/filters/{subscriptionId}/activate",
    _SSE,
    SMARTAPP_ONLY,
    note=_NOTE + " The URL is the sink's registrationUrl, on another host (spigot-regional.api.smartthings.com);"
    " a long-lived text/event-stream.",
    fix=SSE_FIX,
)
record_python_call("events.stream", "events.open_stream", __name__)
record_python_call("events.stream", "events.watch", __name__)


@attrs.frozen
class SinkSettings:
    """Where the sinks API lives and which API version it is asked for.

    ``path`` is relative to the API origin (``https://api.smartthings.com``, no ``/v1``); ``version`` goes in the
    ``Accept`` header and the create body.  The defaults are what pysmartthings uses; an unmerged fork used
    ``/v1/sse/subscriptions``, so a change of this kind is a setting, not a new release:
    ``st.events.settings = SinkSettings(path="/v1/sse/subscriptions")``.
    """

    path: str = "/subscriptions"
    version: str = "20250122"

    def __attrs_post_init__(self) -> None:
        if not self.path.startswith("/") or "{" in self.path or "?" in self.path:
            raise ValueError(f"SinkSettings.path must be an absolute path without a query, got {self.path!r}")

    @property
    def accept(self) -> str:
        """The ``Accept`` header of the sink calls."""
        return f"application/vnd.smartthings+json;v={self.version}"


class SinkStore(Protocol):
    """Where :meth:`Events.watch` keeps the id of its current sink, so the next run can delete a sink that a crash
    left behind (SmartThings allows two at a time)."""

    def load(self) -> str | None:
        """The persisted sink id, if any."""
        ...

    def save(self, sink_id: str | None) -> None:
        """Persist the current sink id (``None``: no sink)."""
        ...


class MemorySinkStore:
    """A :class:`SinkStore` in memory (the default: it only helps within one process)."""

    def __init__(self, sink_id: str | None = None, *more: str) -> None:
        self.sink_ids = [i for i in (sink_id, *more) if i]

    @property
    def sink_id(self) -> str | None:
        """The newest recorded id."""
        return self.sink_ids[-1] if self.sink_ids else None

    @sink_id.setter
    def sink_id(self, sink_id: str | None) -> None:
        self.save(sink_id)

    def load(self) -> str | None:
        return self.sink_id

    def save(self, sink_id: str | None) -> None:
        self.sink_ids = [sink_id] if sink_id else []

    def load_all(self) -> list[str]:
        """Every recorded id (a device mirror records each sink it has not seen deleted)."""
        return list(self.sink_ids)

    def save_all(self, sink_ids: Sequence[str]) -> None:
        self.sink_ids = list(sink_ids)


class FileSinkStore:
    """A :class:`SinkStore` in a small text file, which survives a crash."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def load(self) -> str | None:
        ids = self.load_all()
        return ids[-1] if ids else None

    def save(self, sink_id: str | None) -> None:
        self.save_all([sink_id] if sink_id else [])

    def load_all(self) -> list[str]:
        """Every recorded id, one a line (a device mirror records each sink it has not seen deleted)."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return []
        return [line.strip() for line in text.splitlines() if line.strip()]

    def save_all(self, sink_ids: Sequence[str]) -> None:
        if not sink_ids:
            self.path.unlink(missing_ok=True)
        else:
            self.path.write_text("".join(f"{i}\n" for i in sink_ids), encoding="utf-8")

    def __repr__(self) -> str:
        return f"FileSinkStore({str(self.path)!r})"


@attrs.frozen
class Backoff:
    """How :meth:`Events.watch` waits after a failure: ``initial * 2**(n-1)`` seconds capped at ``maximum``, of
    which a random half is taken off (jitter, so many clients do not reconnect in step).  Reset by each
    successful open.  The sleep itself is the client's (``RetryPolicy(sleep=..., async_sleep=...)``)."""

    initial: float = 1.0
    maximum: float = 300.0
    jitter: Callable[[], float] = random.random

    def delay(self, failures: int) -> float:
        """The wait after ``failures`` consecutive failures."""
        base = min(self.maximum, self.initial * 2.0 ** max(0, failures - 1))
        return base * (1.0 - 0.5 * self.jitter())


def _decode_sink(data: Any) -> Sink:
    # A 2xx without subscriptionId was seen in the field (home-assistant/core#140331): say so plainly.
    if not isinstance(data, dict):
        raise TypeError(f"expected a sink object, got {type(data).__name__}")
    for key in ("subscriptionId", "registrationUrl"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise ValueError(f"the sink answer has no {key}, so there is no stream to open (retry the create)")
    return decode_as(Sink)(data)


def _sink_id(sink: Sink | str) -> str:
    return sink.subscription_id if isinstance(sink, Sink) else sink


def _check_stream_url(url: str, origin: tuple[str, str, int | None]) -> None:
    """Refuse, before the token is sent, a stream URL outside ``*.api.smartthings.com`` and the API origin."""
    try:
        parsed = httpx.URL(url)
        candidate: tuple[str, str, int | None] | None = _origin(parsed)
    except (ValueError, httpx.InvalidURL):
        parsed, candidate = None, None
    allowed = False
    if parsed is not None and candidate is not None and not parsed.userinfo:
        host = candidate[1]
        smartthings = (
            candidate[0] == "https"
            and (host == _ALLOWED_STREAM_DOMAIN or host.endswith("." + _ALLOWED_STREAM_DOMAIN))
            and candidate[2] in (None, 443)
        )
        allowed = smartthings or candidate == origin
    if not allowed:
        shown = _origin_text(candidate) if candidate is not None else repr(url[:200])
        raise EventStreamError(
            f"refusing to open the event stream at {shown}: the token is only sent to "
            f"https://*.{_ALLOWED_STREAM_DOMAIN} or the API origin {_origin_text(origin)}"
        )


class _Events(ResourceBase):
    _group = "events"
    settings: SinkSettings = SinkSettings()
    """Where the sinks API is and its version; assign another :class:`SinkSettings` to change them."""

    @endpoint(
        "events.create_sink",
        "POST",
        "/subscriptions",
        _SSE,
        SMARTAPP_ONLY,
        note=_NOTE + " At most 2 sinks at a time (409 otherwise).",
        fix=SSE_FIX,
        on_origin=True,
    )
    def create_sink(
        self,
        location_ids: str | Iterable[str],
        *,
        event_types: Iterable[str] = DEFAULT_EVENT_TYPES,
        name: str = "smartthings-client",
        client_device_id: str | None = None,
    ) -> Request[Sink]:
        """Create a sink streaming ``event_types`` of the given locations; open it with :meth:`open_stream` and
        delete it when done (a third sink is refused with :class:`~smartthings_client.errors.SinkLimitError`).

        ``client_device_id`` defaults to ``iapp_<installed app id>`` when the token knows its installed app.
        """
        locations = one_or_many(location_ids, "location_ids")
        if not locations:
            raise ValueError("give at least one location id")
        types = one_or_many(list(event_types), "event_types")
        if not types:
            raise ValueError("give at least one event type")
        settings = self.settings
        body: dict[str, Any] = {
            "name": name,
            "version": int(settings.version) if settings.version.isdigit() else settings.version,
            "subscriptionFilters": [{"type": "LOCATIONIDS", "value": locations, "eventType": types}],
        }
        installed_app_id = client_device_id or getattr(self._credential, "installed_app_id", None)
        if installed_app_id:
            body["clientDeviceId"] = client_device_id or f"iapp_{installed_app_id}"
        return Request(_decode_sink, json=body, headers={"Accept": settings.accept}, template=settings.path)

    @endpoint(
        "events.delete_sink",
        "DELETE",
        "/subscriptions/{subscriptionId}",
        _SSE,
        SMARTAPP_ONLY,
        note=_NOTE,
        fix=SSE_FIX,
        on_origin=True,
    )
    def delete_sink(self, sink: Sink | str) -> Request[None]:
        """Delete a sink (give the :class:`~smartthings_client.models.events.Sink` or its id); its stream ends."""
        settings = self.settings
        return Request(
            ignore_body,
            path={"subscriptionId": _sink_id(sink)},
            headers={"Accept": settings.accept},
            empty_ok=True,
            template=settings.path + "/{subscriptionId}",
        )

    # --- the stream: decisions shared by both clients --------------------------------------------------------

    def _stream_request(self, sink: Sink | str, idle_timeout: float) -> tuple[Operation[None], dict[str, Any]]:
        """The stream GET: checked (host allow-list, token kind) before anything is sent."""
        url = sink.registration_url if isinstance(sink, Sink) else sink
        if not isinstance(url, str) or not url:
            raise TypeError("open_stream needs a Sink or its registrationUrl")
        core = self._transport.core
        _check_stream_url(url, core.origin)
        op: Operation[None] = Operation("events.stream", "GET", "", ignore_body, absolute_url=url, rule=_STREAM_RULE)
        core.preflight(op)
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-store"}
        if core.send_default_headers:
            headers = {**core.headers, **headers}
        timeout = httpx.Timeout(10.0, read=idle_timeout)
        return op, {"url": url, "headers": headers, "timeout": timeout, "auth": self._transport.auth}

    def _stream_failed(self, op: Operation[None], response: httpx.Response) -> SmartThingsError:
        try:
            self._transport.core.handle(op, response, 0.0, 1)
        except SmartThingsError as exc:
            return exc
        return EventStreamError(f"events.stream: unexpected answer {response.status_code}")  # pragma: no cover

    # --- the managed loop: every decision, as a plan of steps that each client's driver carries out ----------

    def _watch_plan(
        self,
        location_ids: str | Iterable[str],
        event_types: Iterable[str],
        include_control: bool,
        store: SinkStore,
        name: str,
        idle_timeout: float,
        backoff: Backoff,
    ) -> Generator[_Step, Any, None]:
        locations = one_or_many(location_ids, "location_ids")
        types = list(event_types)
        create = _Events.create_sink.operation(self, locations, event_types=types, name=name)
        left_behind = store.load()
        if left_behind:
            log.debug("events.watch: deleting the sink %s a previous run left", left_behind)
            yield from self._retire(None, left_behind, store)
        failures = 0
        sink: Sink | None = None
        stream: Any = None
        try:
            while True:
                reading = False
                try:
                    sink = yield _Call(create)
                    store.save(sink.subscription_id)
                    stream = yield _Open(sink, idle_timeout)
                    failures = 0
                    reading = True
                    while True:
                        event = yield _Read(stream)
                        if event is None:
                            log.debug("events.watch: the server closed the stream; renewing the sink")
                            break
                        if isinstance(event, ControlEvent):
                            if include_control:
                                yield _Emit(event)
                            if event.is_goodbye:
                                log.debug("events.watch: goodbye; renewing the sink")
                                break
                            continue
                        yield _Emit(event)
                except SmartThingsError as exc:
                    if reading and isinstance(exc, APITimeoutError):
                        log.debug("events.watch: nothing for %.0f s; renewing the sink", idle_timeout)
                    elif not _retryable(exc):
                        yield from self._retire(stream, sink, store)
                        raise
                    else:
                        failures += 1
                        wait = backoff.delay(failures)
                        log.debug("events.watch: %s; renewing the sink in %.1f s", type(exc).__name__, wait)
                        yield from self._retire(stream, sink, store)
                        stream = sink = None
                        yield _Sleep(wait)
                        continue
                yield from self._retire(stream, sink, store)
                stream = sink = None
        except _Stop:
            yield from self._retire(stream, sink, store)

    def _retire(self, stream: Any, sink: Sink | str | None, store: SinkStore) -> Generator[_Step, Any, None]:
        """Close the stream and delete the sink; a sink already gone, or a failed delete, is only logged."""
        if stream is not None:
            yield _Close(stream)
        if sink is None:
            return
        try:
            yield _Call(_Events.delete_sink.operation(self, sink))
        except SmartThingsError as exc:
            log.debug("events.watch: could not delete sink %s (%s)", _sink_id(sink), type(exc).__name__)
        store.save(None)


def _retryable(exc: SmartThingsError) -> bool:
    """Failures that renewing the sink after a wait can cure; scope, token and limit errors cannot."""
    if isinstance(exc, (APIConnectionError, ServerError, ResponseDecodeError)):
        return True
    return isinstance(exc, APIStatusError) and exc.status_code in (404, 410, 429)


class _Stop(Exception):
    """Thrown into a watch plan when the consumer stops: the plan then cleans up."""


@attrs.frozen
class _Call:
    op: Operation[Any]


@attrs.frozen
class _Open:
    sink: Sink
    idle_timeout: float


@attrs.frozen
class _Read:
    stream: Any


@attrs.frozen
class _Close:
    stream: Any


@attrs.frozen
class _Emit:
    event: StreamEvent


@attrs.frozen
class _Sleep:
    seconds: float


_Step = _Call | _Open | _Read | _Close | _Emit | _Sleep


def _stream_error(core: Any, op: Operation[None], exc: Exception) -> SmartThingsError:
    if isinstance(exc, SSEError):
        return EventStreamError(f"events.stream: the answer is not an event stream ({exc})")
    assert isinstance(exc, httpx.HTTPError)
    error: APIConnectionError = core.connection_error(op, exc, op.absolute_url or "")
    return error


def _is_event_stream(response: httpx.Response) -> bool:
    return "text/event-stream" in response.headers.get("content-type", "").lower()


def _not_a_stream(response: httpx.Response) -> EventStreamError:
    kind = response.headers.get("content-type") or "no content type"
    return EventStreamError(f"events.stream: {response.request.url.host} answered {kind}, not text/event-stream")


class EventStream:
    """An open event stream: iterate it for typed events; it ends when the server closes it.  Close it (or use
    ``with``) when done; the sink stays until :meth:`Events.delete_sink`.

    A stream silent for the idle timeout raises :class:`~smartthings_client.errors.APITimeoutError`, a dropped
    connection :class:`~smartthings_client.errors.APIConnectionError`.
    """

    def __init__(self, response: httpx.Response, core: Any, op: Operation[None]) -> None:
        self._response = response
        self._core = core
        self._op = op
        self._messages = EventSource(response).iter_sse()

    def __iter__(self) -> Iterator[StreamEvent]:
        return self

    def __next__(self) -> StreamEvent:
        try:
            message = next(self._messages)
        except StopIteration:
            self.close()
            raise
        except (httpx.HTTPError, SSEError) as exc:
            self.close()
            raise _stream_error(self._core, self._op, exc) from exc
        return parse_stream_message(message.event, message.data)

    def close(self) -> None:
        """Close the connection."""
        self._response.close()

    def __enter__(self) -> EventStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class AsyncEventStream:
    """The async twin of :class:`EventStream`: ``async for event in stream``."""

    def __init__(self, response: httpx.Response, core: Any, op: Operation[None]) -> None:
        self._response = response
        self._core = core
        self._op = op
        self._messages = EventSource(response).aiter_sse()

    def __aiter__(self) -> AsyncIterator[StreamEvent]:
        return self

    async def __anext__(self) -> StreamEvent:
        try:
            message = await self._messages.__anext__()
        except StopAsyncIteration:
            await self.aclose()
            raise
        except (httpx.HTTPError, SSEError) as exc:
            await self.aclose()
            raise _stream_error(self._core, self._op, exc) from exc
        return parse_stream_message(message.event, message.data)

    async def aclose(self) -> None:
        """Close the connection."""
        await self._response.aclose()

    async def __aenter__(self) -> AsyncEventStream:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.aclose()


class Events(_Events, SyncResource):
    """``st.events``: SSE sinks and their event stream (blocking)."""

    @makes(_STREAM_RULE)
    def open_stream(self, sink: Sink | str, *, idle_timeout: float = IDLE_TIMEOUT) -> EventStream:
        """Open a sink's event stream (a :class:`~smartthings_client.models.events.Sink` or its
        ``registrationUrl``).  The URL must be on ``*.api.smartthings.com`` or the API origin, else
        :class:`~smartthings_client.errors.EventStreamError` before the token is sent."""
        op, args = self._stream_request(sink, idle_timeout)
        http: httpx.Client = self._transport.http
        try:
            response = http.send(
                http.build_request("GET", args["url"], headers=args["headers"], timeout=args["timeout"]),
                auth=args["auth"],
                stream=True,
            )
        except httpx.HTTPError as exc:
            raise _stream_error(self._transport.core, op, exc) from exc
        if response.status_code >= 300:
            response.read()
            response.close()
            raise self._stream_failed(op, response)
        if not _is_event_stream(response):
            response.close()
            raise _not_a_stream(response)
        return EventStream(response, self._transport.core, op)

    @makes(_STREAM_RULE)
    def watch(
        self,
        location_ids: str | Iterable[str],
        *,
        event_types: Iterable[str] = DEFAULT_EVENT_TYPES,
        include_control: bool = False,
        store: SinkStore | None = None,
        name: str = "smartthings-client",
        idle_timeout: float = IDLE_TIMEOUT,
        backoff: Backoff | None = None,
    ) -> Iterator[StreamEvent]:
        """Events of the locations, as they happen, for as long as you iterate: sinks are created, renewed
        and deleted for you.  Stop by breaking out of the loop (or Ctrl-C): the sink is deleted.

        ``store`` persists the sink id (e.g. :class:`FileSinkStore`), so a sink that a crash left is deleted on
        the next start; ``include_control`` also yields ``welcome``/``goodbye``.  Scope, token and sink-limit
        errors are raised; connection errors, drops and server errors are retried after a :class:`Backoff`.
        """
        plan = self._watch_plan(
            location_ids,
            event_types,
            include_control,
            store or MemorySinkStore(),
            name,
            idle_timeout,
            backoff or Backoff(),
        )
        return self._drive(plan)

    def _drive(self, plan: Generator[_Step, Any, None]) -> Iterator[StreamEvent]:
        driving = Driving(plan, quiet=(_Emit, _Sleep), stop=_Stop)
        while (step := driving.next_step()) is not None:
            try:
                if isinstance(step, _Emit):
                    yield step.event
                else:
                    driving.done(self._carry_out(step))
            except SmartThingsError as exc:
                driving.failed(exc)
            except BaseException as exc:  # the consumer stopped (break, close, Ctrl-C): let the plan clean up
                driving.interrupted(exc)
        driving.finish()

    def _carry_out(self, step: _Step) -> Any:
        if isinstance(step, _Call):
            return self._transport.request(step.op)
        if isinstance(step, _Open):
            return self.open_stream(step.sink, idle_timeout=step.idle_timeout)
        if isinstance(step, _Read):
            return next(step.stream, None)
        if isinstance(step, _Close):
            step.stream.close()
        elif isinstance(step, _Sleep):
            self._transport.core.retry.sleep(step.seconds)
        return None


class AsyncEvents(_Events, AsyncResource):
    """``st.events`` of :class:`~smartthings_client.AsyncSmartThings`: the same, awaited."""

    @makes(_STREAM_RULE)
    async def open_stream(self, sink: Sink | str, *, idle_timeout: float = IDLE_TIMEOUT) -> AsyncEventStream:
        """Open a sink's event stream (see :meth:`Events.open_stream`); ``async for event in stream``."""
        op, args = self._stream_request(sink, idle_timeout)
        http: httpx.AsyncClient = self._transport.http
        try:
            response = await http.send(
                http.build_request("GET", args["url"], headers=args["headers"], timeout=args["timeout"]),
                auth=args["auth"],
                stream=True,
            )
        except httpx.HTTPError as exc:
            raise _stream_error(self._transport.core, op, exc) from exc
        if response.status_code >= 300:
            await response.aread()
            await response.aclose()
            raise self._stream_failed(op, response)
        if not _is_event_stream(response):
            await response.aclose()
            raise _not_a_stream(response)
        return AsyncEventStream(response, self._transport.core, op)

    @makes(_STREAM_RULE)
    def watch(
        self,
        location_ids: str | Iterable[str],
        *,
        event_types: Iterable[str] = DEFAULT_EVENT_TYPES,
        include_control: bool = False,
        store: SinkStore | None = None,
        name: str = "smartthings-client",
        idle_timeout: float = IDLE_TIMEOUT,
        backoff: Backoff | None = None,
    ) -> AsyncIterator[StreamEvent]:
        """``async for event in st.events.watch(...)`` (see :meth:`Events.watch`)."""
        plan = self._watch_plan(
            location_ids,
            event_types,
            include_control,
            store or MemorySinkStore(),
            name,
            idle_timeout,
            backoff or Backoff(),
        )
        return self._drive(plan)

    async def _drive(self, plan: Generator[_Step, Any, None]) -> AsyncIterator[StreamEvent]:
        driving = Driving(plan, quiet=(_Emit, _Sleep), stop=_Stop)
        while (step := driving.next_step()) is not None:
            try:
                if isinstance(step, _Emit):
                    yield step.event
                else:
                    driving.done(await self._carry_out(step))
            except SmartThingsError as exc:
                driving.failed(exc)
            except BaseException as exc:  # the consumer stopped (aclose, cancellation): let the plan clean up
                driving.interrupted(exc)
        driving.finish()

    async def _carry_out(self, step: _Step) -> Any:
        if isinstance(step, _Call):
            return await self._transport.request(step.op)
        if isinstance(step, _Open):
            return await self.open_stream(step.sink, idle_timeout=step.idle_timeout)
        if isinstance(step, _Read):
            return await anext(step.stream, None)
        if isinstance(step, _Close):
            await step.stream.aclose()
        elif isinstance(step, _Sleep):
            await self._transport.core.retry.async_sleep(step.seconds)
        return None
