"""The SSE event stream (``st.events``): sinks and the typed events the stream carries.

A stream message is ``event: <TYPE>`` plus ``data: <JSON>``; the JSON is ``{eventTime (epoch ms), eventType,
<type>Event: {...}}`` (smartthings-api-more.md §16.2).  The inner objects are those of a webhook SmartApp's EVENT
items, so the stream's device, lifecycle and health events extend the same models with the fields the stream
adds.  ``CONTROL_EVENT`` data is a bare word (``welcome``, ``goodbye``), not JSON.  A type this library does not
know, or a payload it cannot read, arrives as :class:`UnknownEvent` rather than breaking the stream.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar, Union

import attrs
import orjson

from ._base import Model
from .converter import decode_as, parse_datetime

if TYPE_CHECKING:
    from ..catalog._runtime import Attribute

T = TypeVar("T")

__all__ = [
    "ControlEvent",
    "DeviceEvent",
    "DeviceEventData",
    "DeviceHealthEvent",
    "DeviceHealthEventData",
    "DeviceLifecycleEvent",
    "DeviceLifecycleEventData",
    "LocationLifecycleEvent",
    "Sink",
    "SinkFilter",
    "StreamEvent",
    "UnknownEvent",
    "parse_stream_message",
]

log = logging.getLogger("smartthings_client")

# --- the payload objects shared with a webhook SmartApp's EVENT items (auth.lifecycle) ---------------------


@attrs.frozen(kw_only=True)
class DeviceEventData(Model):
    """A device attribute event that matched one of the app's subscriptions."""

    subscription_name: str | None = None
    event_id: str | None = None
    location_id: str | None = None
    owner_id: str | None = None
    owner_type: str | None = None
    device_id: str | None = None
    component_id: str | None = None
    capability: str | None = None
    attribute: str | None = None
    value: Any = None
    value_type: str | None = None
    state_change: bool | None = None
    data: Mapping[str, Any] | None = None

    def read(self, key: Attribute[T]) -> T | None:
        """The event's value through a typed key of the catalogue (``event.read(switch.SWITCH)`` is ``"on"``,
        ``"off"`` or ``None``); ``None`` when the event is about another attribute."""
        if self.capability != key.capability or self.attribute != key.attribute:
            return None
        value: T | None = self.value  # as sent; the key's type is the capability's declaration
        return value


@attrs.frozen(kw_only=True)
class DeviceLifecycleEventData(Model):
    """A device was created, deleted, updated or moved (``lifecycle``)."""

    lifecycle: str | None = None
    event_id: str | None = None
    location_id: str | None = None
    device_id: str | None = None
    device_name: str | None = None
    principal: str | None = None


@attrs.frozen(kw_only=True)
class DeviceHealthEventData(Model):
    """A device went ONLINE, OFFLINE or UNHEALTHY."""

    event_id: str | None = None
    location_id: str | None = None
    device_id: str | None = None
    hub_id: str | None = None
    status: str | None = None
    reason: str | None = None


# --- the stream -----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SinkFilter(Model):
    """One filter of a sink: ``type`` ``LOCATIONIDS`` with the location ids in ``value`` and the event types."""

    type: str | None = None
    value: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    capability: str | None = None
    attribute: str | None = None
    component: str | None = None


@attrs.frozen(kw_only=True)
class Sink(Model):
    """A created sink: its id (delete it when done) and the URL of its event stream, on another host."""

    subscription_id: str
    registration_url: str
    name: str | None = None
    version: Any = None
    """The API version the sink was created for (``20250122``)."""
    subscription_filters: tuple[SinkFilter, ...] = ()

    @property
    def id(self) -> str:
        """The sink's id (``subscriptionId``)."""
        return self.subscription_id


@attrs.frozen(kw_only=True)
class DeviceEvent(DeviceEventData):
    """A device attribute changed (or was reported again: ``state_change`` is then false).  ``value`` is any JSON
    value: a string, number, list or object, as ``value_type`` says."""

    event_type: str = "DEVICE_EVENT"
    event_time: datetime | None = None
    command_id: str | None = None
    """The command that caused the change; empty when none did."""
    sensitive: bool | None = None


@attrs.frozen(kw_only=True)
class DeviceLifecycleEvent(DeviceLifecycleEventData):
    """A device was created, updated, deleted or moved to another room: ``lifecycle`` says which, and the
    matching field (``create``, ``update``, ``delete``, ``room_move``) holds the details."""

    event_type: str = "DEVICE_LIFECYCLE_EVENT"
    event_time: datetime | None = None
    owner_id: str | None = None
    owner_type: str | None = None
    create: Mapping[str, Any] | None = None
    update: Mapping[str, Any] | None = None
    delete: Mapping[str, Any] | None = None
    room_move: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class DeviceHealthEvent(DeviceHealthEventData):
    """A device went ``ONLINE``, ``OFFLINE`` or ``UNHEALTHY`` (``status``)."""

    event_type: str = "DEVICE_HEALTH_EVENT"
    event_time: datetime | None = None
    owner_id: str | None = None
    owner_type: str | None = None
    event_source: str | None = None


@attrs.frozen(kw_only=True)
class LocationLifecycleEvent(Model):
    """The location changed (``lifecycle``, e.g. ``UPDATE``)."""

    event_type: str = "LOCATION_LIFECYCLE_EVENT"
    event_time: datetime | None = None
    event_id: str | None = None
    location_id: str | None = None
    lifecycle: str | None = None
    update: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class ControlEvent(Model):
    """A message about the stream itself: ``welcome`` (sent on connect and about every minute while the stream is
    healthy) or ``goodbye`` (the server is ending the stream; reconnect with a new sink)."""

    event_type: str = "CONTROL_EVENT"
    event_time: datetime | None = None
    message: str = ""

    @property
    def is_welcome(self) -> bool:
        """Whether this is the ``welcome`` heartbeat."""
        return self.message.lower() == "welcome"

    @property
    def is_goodbye(self) -> bool:
        """Whether the server is ending the stream (``goodbye``, also sent misspelt ``goobye``)."""
        return self.message.lower() in ("goodbye", "goobye")


@attrs.frozen(kw_only=True)
class UnknownEvent(Model):
    """A message of a type this library does not know, or one it could not read (``problem`` says why): ``data``
    is the parsed JSON, or the raw text when it was not JSON."""

    event_type: str
    event_time: datetime | None = None
    data: Any = None
    problem: str | None = None


StreamEvent = Union[  # noqa: UP007 - a runtime alias, and Python 3.10 cannot `|` a string forward reference
    DeviceEvent, DeviceLifecycleEvent, DeviceHealthEvent, LocationLifecycleEvent, ControlEvent, UnknownEvent
]
"""Any event the stream yields."""

# eventType -> (the key of its payload object, the model)
_TYPED: Mapping[str, tuple[str, Any]] = {
    "DEVICE_EVENT": ("deviceEvent", decode_as(DeviceEvent)),
    "DEVICE_LIFECYCLE_EVENT": ("deviceLifecycleEvent", decode_as(DeviceLifecycleEvent)),
    "DEVICE_HEALTH_EVENT": ("deviceHealthEvent", decode_as(DeviceHealthEvent)),
    "LOCATION_LIFECYCLE_EVENT": ("locationLifecycleEvent", decode_as(LocationLifecycleEvent)),
}


def _event_time(raw: Any) -> datetime | None:
    try:
        return parse_datetime(raw) if raw is not None else None
    except (TypeError, ValueError, OverflowError):
        return None


def parse_stream_message(event: str, data: str) -> StreamEvent:
    """One SSE message (its ``event:`` field and joined ``data:`` lines) as a typed event; never raises."""
    event_type = event or "message"
    if event_type == "CONTROL_EVENT":
        return ControlEvent(message=data.strip())
    try:
        payload = orjson.loads(data)
    except orjson.JSONDecodeError:
        log.warning("event stream: a %s message whose data is not JSON was kept as UnknownEvent", event_type)
        return UnknownEvent(event_type=event_type, data=data, problem="the data is not JSON")
    if not isinstance(payload, Mapping):
        return UnknownEvent(event_type=event_type, data=payload, problem="the data is not a JSON object")
    declared = payload.get("eventType")
    if isinstance(declared, str) and declared:
        event_type = declared
    when = _event_time(payload.get("eventTime"))
    typed = _TYPED.get(event_type)
    if typed is None:
        return UnknownEvent(event_type=event_type, event_time=when, data=payload)
    key, decode = typed
    inner = payload.get(key)
    if not isinstance(inner, Mapping):
        return UnknownEvent(event_type=event_type, event_time=when, data=payload, problem=f"{key} is missing")
    try:
        decoded: StreamEvent = decode({**inner, "eventType": event_type, "eventTime": when})
    except Exception as exc:  # a malformed payload must not end the stream
        log.warning("event stream: could not read a %s message (%s); kept as UnknownEvent", event_type, exc)
        return UnknownEvent(event_type=event_type, event_time=when, data=payload, problem=str(exc))
    return decoded
