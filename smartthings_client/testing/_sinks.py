"""SSE sinks: what ``POST /subscriptions`` creates, and the event stream its ``registrationUrl`` serves.

A sink keeps the events :meth:`State.publish` offers it (device, health and lifecycle changes of its locations,
of its event types) as ready SSE frames.  Its stream body serves them to an in-process client (sync or async
httpx transport streaming) or to the loopback server, sending ``welcome`` on connect and every
:data:`WELCOME_EVERY` seconds of the emulator clock, ``goodbye`` when a test ends the streams, and dropping the
connection mid-way when a test asks for that (smartthings-api-more.md §16.2).
"""

from __future__ import annotations

import asyncio
import copy
import json
import threading
from collections import deque
from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx

from ._clock import FakeClock
from ._errors import JsonDict

#: "Unable to create SinkFilter, threshold limit of 2 reached" (home-assistant/core#154573 and others): the
#: starting value of ``Emulator.sink_limit``.
MAX_SINKS = 2
#: Seconds of emulator time between two ``welcome`` control events (about a minute on the real stream).
WELCOME_EVERY = 60.0
#: How often (real seconds) an idle stream looks at its queue and the clock.
_POLL = 0.02

_PAYLOAD_KEYS = {
    "DEVICE_EVENT": "deviceEvent",
    "DEVICE_LIFECYCLE_EVENT": "deviceLifecycleEvent",
    "DEVICE_HEALTH_EVENT": "deviceHealthEvent",
    "LOCATION_LIFECYCLE_EVENT": "locationLifecycleEvent",
}


class StreamDropped(httpx.RemoteProtocolError):
    """Raised inside a stream body when a test drops the connection: the loopback server then closes the socket
    without finishing the response, and an in-process client sees the ``httpx.RemoteProtocolError`` a real
    transport raises when the peer goes away mid-body."""


def control_frame(message: str) -> bytes:
    """A ``CONTROL_EVENT`` frame: its data is a bare word, not JSON."""
    return f"event: CONTROL_EVENT\ndata: {message}\n\n".encode()


class SinkRecord:
    """One sink: its filter, the owner it counts against (the limit is 2), and the frames waiting to be streamed."""

    def __init__(
        self,
        sink_id: str,
        owner: str,
        name: str,
        location_ids: list[str],
        event_types: list[str],
        clock: FakeClock,
    ) -> None:
        self.id = sink_id
        self.owner = owner
        self.name = name
        self.location_ids = location_ids
        self.event_types = event_types
        self.clock = clock
        self._frames: deque[bytes] = deque()
        self._cond = threading.Condition()
        self._ended = False
        self._dropped = False
        self.connections = 0

    def offer(self, event: JsonDict) -> None:
        """Queue an event if it matches this sink (called by ``State.publish`` under the emulator lock)."""
        event_type = str(event.get("eventType"))
        key = _PAYLOAD_KEYS.get(event_type)
        if key is None or event_type not in self.event_types:
            return
        inner = event.get(key) or {}
        if inner.get("locationId") not in self.location_ids:
            return
        message = copy.deepcopy(event)
        message["eventTime"] = self.clock.millis()  # the stream sends epoch ms, webhooks ISO text
        if event_type == "DEVICE_EVENT":
            message[key]["subscriptionName"] = self.name
        frame = f"event: {event_type}\ndata: {json.dumps(message, separators=(',', ':'))}\n\n".encode()
        self._push(frame)

    def _push(self, frame: bytes) -> None:
        with self._cond:
            self._frames.append(frame)
            self._cond.notify_all()

    def goodbye(self) -> None:
        """Say ``goodbye`` and end the stream, as the server does when it retires a stream."""
        self._push(control_frame("goodbye"))
        self.end()

    def end(self) -> None:
        """End the stream normally once its queued frames are sent (also on delete)."""
        with self._cond:
            self._ended = True
            self._cond.notify_all()

    def drop(self) -> None:
        """Break the connection without ending the response."""
        with self._cond:
            self._dropped = True
            self._cond.notify_all()

    def doc(self, registration_url: str, version: Any) -> JsonDict:
        """The create answer."""
        return {
            "subscriptionId": self.id,
            "registrationUrl": registration_url,
            "name": self.name,
            "version": version,
            "subscriptionFilters": [
                {
                    "type": "LOCATIONIDS",
                    "value": list(self.location_ids),
                    "eventType": list(self.event_types),
                    "attribute": None,
                    "capability": None,
                    "component": None,
                }
            ],
        }

    def _take(self, state: dict[str, float]) -> bytes | None:
        """The next frame to send, if one is due now (a queued event, or a ``welcome``); raises when the stream
        is over.  Caller holds the condition."""
        if self._frames:
            return self._frames.popleft()
        if self._dropped:
            raise StreamDropped(f"emulator: the event stream of sink {self.id} was dropped")
        if self._ended:
            raise StopIteration
        now = self.clock.now()
        if now - state["welcome"] >= WELCOME_EVERY:
            state["welcome"] = now
            return control_frame("welcome")
        return None

    def body(self) -> SinkStreamBody:
        """A stream body for one connection."""
        self.connections += 1
        return SinkStreamBody(self)


class LiveStreamBody(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body the loopback server sends chunk by chunk as it is produced (an event stream), never buffered whole;
    it may raise :class:`StreamDropped` to cut the connection, and is closed when the client goes away."""

    def close(self) -> None:
        """The client went away."""


class SinkStreamBody(LiveStreamBody):
    """The body of one stream connection, for sync and async httpx clients and the loopback server."""

    def __init__(self, sink: SinkRecord) -> None:
        self._sink = sink
        self._closed = False
        self._state = {"welcome": sink.clock.now()}

    def _frames(self) -> Iterator[bytes | None]:
        """The frames of the connection as they become due; ``None`` means "nothing yet, wait a little"."""
        yield control_frame("welcome")
        while not self._closed:
            with self._sink._cond:
                try:
                    frame = self._sink._take(self._state)
                except StopIteration:
                    return
            yield frame

    def __iter__(self) -> Iterator[bytes]:
        for frame in self._frames():
            if frame is not None:
                yield frame
                continue
            with self._sink._cond:
                self._sink._cond.wait(_POLL)

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for frame in self._frames():
            if frame is not None:
                yield frame
                continue
            await asyncio.sleep(_POLL)

    def close(self) -> None:
        """The client went away."""
        self._closed = True

    async def aclose(self) -> None:
        """The client went away."""
        self._closed = True
