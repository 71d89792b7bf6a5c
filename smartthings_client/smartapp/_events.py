"""Which handler gets each item of an EVENT: by subscription (or schedule) name first, then by event type.

* DEVICE_COMMANDS_EVENT: each command to the handler of its ``capability`` and ``command`` (or of the whole
  capability), the commands nobody claimed to the DEVICE_COMMANDS_EVENT type handler, in one call;
* any other event: the handler of its subscription name (``lights_3`` falls back to ``lights``), else the handler
  of its event type (``MODE_EVENT``, ``HUB_HEALTH_EVENT``..., ``TIMER_EVENT`` for schedules without their own).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ..auth.lifecycle import DeviceCommand, DeviceCommandsEventData, EventRequest, EventType, LifecycleEvent
from ..models._base import Model

if TYPE_CHECKING:
    from ..client import SmartThings

__all__ = ["DeviceCommandHandler", "EventHandler", "EventRouter"]

log = logging.getLogger("smartthings_client")

EventHandler = Callable[[EventRequest, LifecycleEvent, "SmartThings"], Any]
DeviceCommandHandler = Callable[[EventRequest, DeviceCommandsEventData, DeviceCommand, "SmartThings"], Any]


def subscription_name(event: LifecycleEvent) -> str | None:
    """The subscription (or schedule) an event came from, whatever its type."""
    payload = event.payload
    if isinstance(payload, Model):
        name = getattr(payload, "subscription_name", None) or payload.extra.get("subscriptionName")
        if name is None and event.timer_event is not None:
            name = event.timer_event.name
        return str(name) if name else None
    if isinstance(payload, Mapping):
        name = payload.get("subscriptionName")
        return str(name) if name else None
    return None


def _event_type(event: LifecycleEvent) -> str:
    kind = event.event_type
    return kind.value if isinstance(kind, EventType) else str(kind or "")


@attrs.frozen
class _Call:
    """One handler call that an EVENT makes."""

    run: Callable[[SmartThings], Any]
    describes: str


@attrs.define
class EventRouter:
    """The EVENT handlers an app registered, and the calls one EVENT makes."""

    named: dict[str, EventHandler] = attrs.field(factory=dict)
    by_type: dict[str, EventHandler] = attrs.field(factory=dict)
    commands: dict[tuple[str, str | None], DeviceCommandHandler] = attrs.field(factory=dict)

    def add_named(self, name: str, handler: EventHandler) -> None:
        if name in self.named:
            raise ValueError(f"subscription {name!r} already has a handler")
        self.named[name] = handler

    def add_type(self, event_type: EventType | str, handler: EventHandler) -> None:
        kind = event_type.value if isinstance(event_type, EventType) else str(event_type)
        if kind in self.by_type:
            raise ValueError(f"events of type {kind} already have a handler")
        self.by_type[kind] = handler

    def add_command(self, capability: str, command: str | None, handler: DeviceCommandHandler) -> None:
        if (capability, command) in self.commands:
            raise ValueError(f"device command {capability}/{command or '*'} already has a handler")
        self.commands[(capability, command)] = handler

    def _named(self, name: str) -> EventHandler | None:
        # Names are unique per installed app, so one subscription per device is "lights_0", "lights_1"...
        handler = self.named.get(name)
        if handler is None:
            base, _, suffix = name.rpartition("_")
            handler = self.named.get(base) if suffix.isdigit() else None
        return handler

    def calls(self, request: EventRequest) -> list[_Call]:
        """What this EVENT runs, in the order of its events (nothing for events no handler wants)."""
        made: list[_Call] = []
        for event in request.events:
            kind = _event_type(event)
            if event.device_commands_event is not None:
                made += self._command_calls(request, event, event.device_commands_event)
                continue
            name = subscription_name(event)
            handler = self._named(name) if name else None
            handler = handler or self.by_type.get(kind)
            if handler is None:
                log.debug("no handler for a %s event of subscription %r; ignored", kind or "typeless", name)
                continue
            made.append(_Call(_bind(handler, request, event), f"{kind} {name or ''}".strip()))
        return made

    def _command_calls(
        self, request: EventRequest, event: LifecycleEvent, data: DeviceCommandsEventData
    ) -> list[_Call]:
        made: list[_Call] = []
        unclaimed = []
        for command in data.commands:
            capability = command.capability or ""
            handler = self.commands.get((capability, command.command)) or self.commands.get((capability, None))
            if handler is None:
                unclaimed.append(command)
                continue
            described = f"command {capability}/{command.command}"
            made.append(_Call(_bind_command(handler, request, data, command), described))
        fallback = self.by_type.get(EventType.DEVICE_COMMANDS_EVENT.value)
        if unclaimed and fallback is not None:
            rest = attrs.evolve(event, device_commands_event=attrs.evolve(data, commands=tuple(unclaimed)))
            made.append(_Call(_bind(fallback, request, rest), "DEVICE_COMMANDS_EVENT"))
        elif unclaimed:
            log.debug("no handler for %d device command(s) of device %s; ignored", len(unclaimed), data.device_id)
        return made


def _bind(handler: EventHandler, request: EventRequest, event: LifecycleEvent) -> Callable[[SmartThings], Any]:
    return lambda st: handler(request, event, st)


def _bind_command(
    handler: DeviceCommandHandler, request: EventRequest, data: DeviceCommandsEventData, command: DeviceCommand
) -> Callable[[SmartThings], Any]:
    return lambda st: handler(request, data, command, st)
