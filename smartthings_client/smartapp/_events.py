"""EVENT handlers: the decorators that register them (:class:`EventRegistration`, a base of ``SmartApp``) and which
handler gets each item of an EVENT (:class:`EventRouter`): by subscription (or schedule) name first, then by type.

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

__all__ = ["DeviceCommandHandler", "EventHandler", "EventRegistration", "EventRouter"]

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


class EventRegistration:
    """The EVENT decorators of :class:`~smartthings_client.smartapp.SmartApp` (kept here with the routing)."""

    _events: EventRouter

    def on_event(self, subscription_name: str) -> Callable[[EventHandler], EventHandler]:
        """Events of one subscription (or schedule) name, whatever their type: ``handler(request, event, st)``.

        Subscriptions named ``<name>_<number>`` (one per device: names are unique per installed app) go to the
        handler of ``<name>`` too.  The Node SDK's ``subscribedEventHandler``/``subscribedDeviceEventHandler``.
        """

        def register(handler: EventHandler) -> EventHandler:
            self._events.add_named(subscription_name, handler)
            return handler

        return register

    def on_schedule(self, schedule_name: str) -> Callable[[EventHandler], EventHandler]:
        """A schedule's TIMER_EVENTs (``event.timer_event``): the same as :meth:`on_event` with its name."""
        return self.on_event(schedule_name)

    def on_event_type(self, event_type: EventType | str) -> Callable[[EventHandler], EventHandler]:
        """Events of one type that no :meth:`on_event` handler took: ``handler(request, event, st)``."""

        def register(handler: EventHandler) -> EventHandler:
            self._events.add_type(event_type, handler)
            return handler

        return register

    def on_mode_change(self, handler: EventHandler) -> EventHandler:
        """MODE_EVENT (``event.mode_event``): the location's mode changed."""
        return self.on_event_type(EventType.MODE_EVENT)(handler)

    def on_device_health(self, handler: EventHandler) -> EventHandler:
        """DEVICE_HEALTH_EVENT (``event.device_health_event``): a device went online or offline."""
        return self.on_event_type(EventType.DEVICE_HEALTH_EVENT)(handler)

    def on_device_lifecycle(self, handler: EventHandler) -> EventHandler:
        """DEVICE_LIFECYCLE_EVENT (``event.device_lifecycle_event``): a device was created, renamed, deleted..."""
        return self.on_event_type(EventType.DEVICE_LIFECYCLE_EVENT)(handler)

    def on_hub_health(self, handler: EventHandler) -> EventHandler:
        """HUB_HEALTH_EVENT (``event.hub_health_event``): a hub went online or offline."""
        return self.on_event_type(EventType.HUB_HEALTH_EVENT)(handler)

    def on_security_arm_state(self, handler: EventHandler) -> EventHandler:
        """SECURITY_ARM_STATE_EVENT (``event.security_arm_state_event``): the security system was armed or
        disarmed."""
        return self.on_event_type(EventType.SECURITY_ARM_STATE_EVENT)(handler)

    def on_scene_lifecycle(self, handler: EventHandler) -> EventHandler:
        """SCENE_LIFECYCLE_EVENT (``event.scene_lifecycle_event``): a scene was created, changed, deleted, run."""
        return self.on_event_type(EventType.SCENE_LIFECYCLE_EVENT)(handler)

    def on_installed_app_lifecycle(self, handler: EventHandler) -> EventHandler:
        """INSTALLED_APP_LIFECYCLE_EVENT (``event.installed_app_lifecycle_event``).  This app's own DELETE also
        deletes its stored pair and context, handler or not."""
        return self.on_event_type(EventType.INSTALLED_APP_LIFECYCLE_EVENT)(handler)

    def on_timer(self, handler: EventHandler) -> EventHandler:
        """TIMER_EVENTs of schedules without their own :meth:`on_schedule` handler."""
        return self.on_event_type(EventType.TIMER_EVENT)(handler)

    def on_device_command(
        self, capability: str, command: str | None = None
    ) -> Callable[[DeviceCommandHandler], DeviceCommandHandler]:
        """Commands sent to devices this app created: ``handler(request, commands_event, command, st)``, for
        ``capability``'s ``command`` (or every command of the capability).  Commands no handler takes go, together,
        to ``@app.on_device_commands``."""

        def register(handler: DeviceCommandHandler) -> DeviceCommandHandler:
            self._events.add_command(capability, command, handler)
            return handler

        return register

    def on_device_commands(self, handler: EventHandler) -> EventHandler:
        """DEVICE_COMMANDS_EVENT with the commands no :meth:`on_device_command` handler took."""
        return self.on_event_type(EventType.DEVICE_COMMANDS_EVENT)(handler)
