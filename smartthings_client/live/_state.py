"""What the mirror knows, with no I/O: each device's status tree and health, the changes an event or a REST
re-read makes to them, and the subscriptions those changes go to.

Kept per device (the bound the docs promise): the :class:`~smartthings_client.models.devices.Device` as listed,
one :class:`~smartthings_client.models.devices.AttributeState` per attribute it reports (equal states are shared
across devices), its health word, and three numbers for the quiet-device watchdog (time of its last event, the
usual gap between its events, how many it sent).  No history, no queue of past changes: a change is handed to the
subscribers and to the iterator, then forgotten.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import attrs

from ..models.converter import decode_as
from ..models.devices import AttributeState, CapabilityReference, Device, DeviceStatus
from ..models.events import DeviceEvent, DeviceHealthEvent

if TYPE_CHECKING:
    from ..catalog._runtime import Attribute

T = TypeVar("T")
log = logging.getLogger("smartthings_client")

HEALTH_CAPABILITY = "deviceHealth"
"""The pseudo-capability of health changes: ``Change(capability="deviceHealth", attribute="state")``, component
``main``, values ``ONLINE``/``OFFLINE``/``UNHEALTHY``/``UNKNOWN`` (health is not an attribute on SmartThings)."""
HEALTH_ATTRIBUTE = "state"

Source = Literal["event", "resync"]
_decode_state = decode_as(AttributeState)
_Tree = dict[str, dict[str, dict[str, AttributeState]]]


@attrs.frozen(kw_only=True)
class Change:
    """One attribute of one device took a new value.

    ``source`` is ``"event"`` when the event stream said so, ``"resync"`` when a REST re-read found it (an event
    the stream never delivered: after a silent stream, a reconnect or a quiet device).  ``time`` is the event's
    time, or the time of the re-read.
    """

    device_id: str
    component: str
    capability: str
    attribute: str
    old: Any
    new: Any
    time: datetime | None
    source: Source
    unit: str | None = None

    def read(self, key: Attribute[T]) -> T | None:
        """The new value through a typed key of the catalogue (``change.read(switch.SWITCH)``); ``None`` when the
        change is about another attribute."""
        if self.capability != key.capability or self.attribute != key.attribute:
            return None
        new: T | None = self.new  # as sent: the key's type is the capability's declaration
        return new

    def to_json(self) -> dict[str, Any]:
        """The change as a JSON object (camelCase, ISO time), as ``devices watch --jsonl`` prints it."""
        return {
            "deviceId": self.device_id,
            "component": self.component,
            "capability": self.capability,
            "attribute": self.attribute,
            "old": self.old,
            "new": self.new,
            "unit": self.unit,
            "time": self.time.isoformat() if self.time is not None else None,
            "source": self.source,
        }


@attrs.frozen(kw_only=True)
class ChangeFilter:
    """Which changes a subscriber or an iterator wants; ``None`` fields match anything."""

    device_id: str | None = None
    component: str | None = None
    capability: str | None = None
    attribute: str | None = None

    @classmethod
    def of(
        cls,
        device_id: str | None,
        key: Attribute[Any] | None,
        capability: str | None,
        attribute: str | None,
        component: str | None,
    ) -> ChangeFilter:
        if key is not None:
            if capability is not None or attribute is not None:
                raise ValueError("give either key or capability/attribute, not both")
            capability, attribute = key.capability, key.attribute
        return cls(device_id=device_id, component=component, capability=capability, attribute=attribute)

    def matches(self, change: Change) -> bool:
        return (
            (self.device_id is None or self.device_id == change.device_id)
            and (self.capability is None or self.capability == change.capability)
            and (self.attribute is None or self.attribute == change.attribute)
            and (self.component is None or self.component == change.component)
        )


class Subscription:
    """A callback registered with ``mirror.subscribe``; :meth:`cancel` removes it."""

    def __init__(self, subscribers: list[Subscription], wanted: ChangeFilter, callback: Callable[[Change], Any]):
        self._subscribers = subscribers
        self.filter = wanted
        self.callback = callback

    def cancel(self) -> None:
        """Stop receiving changes (idempotent)."""
        if self in self._subscribers:
            self._subscribers.remove(self)


class _Entry:
    """One mirrored device (see the module docstring for why these fields and no more)."""

    __slots__ = ("device", "gap", "health", "last_event", "reports", "tree")

    def __init__(self, device: Device, tree: _Tree, health: str | None) -> None:
        self.device = device
        self.tree = tree
        self.health = health
        self.last_event: float | None = None
        self.gap = 0.0
        self.reports = 0


def tree_of(status: DeviceStatus) -> _Tree:
    """A status as the mirror keeps it: plain dicts it can update in place."""
    return {c: {cap: dict(attrs_) for cap, attrs_ in caps.items()} for c, caps in status.components.items()}


def status_from_listing(device: Device) -> DeviceStatus | None:
    """The status that ``GET /devices?includeStatus=true`` puts on each capability reference, or ``None`` when
    the listing carries none (then the mirror reads ``/devices/{id}/status``)."""
    components: dict[str, dict[str, dict[str, AttributeState]]] = {}
    found = False
    for component in device.components:
        capabilities: dict[str, dict[str, AttributeState]] = {}
        for reference in component.capabilities:
            raw = reference.extra.get("status")
            if not isinstance(raw, Mapping):
                continue
            found = True
            capabilities[reference.id] = {
                name: _decode_state(state) for name, state in raw.items() if isinstance(state, Mapping)
            }
        components[component.id] = capabilities
    return DeviceStatus(components=components) if found else None


_references: dict[tuple[str, int], CapabilityReference] = {}


def slim(device: Device) -> Device:
    """The device without the status the listing put on its capability references: the mirror keeps that status
    in its own tree, and a second copy would double its memory."""
    if not any(r.extra for c in device.components for r in c.capabilities):
        return device
    components = []
    for component in device.components:
        references = []
        for reference in component.capabilities:
            key = (reference.id, reference.version)
            shared = _references.get(key)
            if shared is None:
                if len(_references) >= 4096:
                    _references.clear()
                shared = _references[key] = CapabilityReference(id=reference.id, version=reference.version)
            references.append(shared)
        components.append(attrs.evolve(component, capabilities=tuple(references)))
    return attrs.evolve(device, components=tuple(components))


def health_from_listing(device: Device) -> str | None:
    state = device.health_state
    value = state.get("state") if state is not None else None
    return str(value) if value is not None else None


class MirrorState:
    """Every mirrored device, and the rules that turn events and re-reads into :class:`Change` records."""

    def __init__(self) -> None:
        # Writes happen in the loop that runs the mirror; reads may come from other threads (a dashboard reading
        # while a background thread iterates): the lock keeps a read from seeing a half-applied change.
        self.lock = threading.Lock()
        self.devices: dict[str, _Entry] = {}
        self.subscribers: list[Subscription] = []
        self.loaded = False

    # --- reading --------------------------------------------------------------------------------------------

    def entry(self, device_id: str) -> _Entry:
        try:
            return self.devices[device_id]
        except KeyError:
            raise KeyError(f"the mirror holds no device {device_id!r}") from None

    def status(self, device_id: str) -> DeviceStatus:
        with self.lock:
            return self._status(device_id)

    def _status(self, device_id: str) -> DeviceStatus:
        tree = self.entry(device_id).tree
        return DeviceStatus(components={c: {cap: dict(a) for cap, a in caps.items()} for c, caps in tree.items()})

    def state(self, device_id: str, capability: str, attribute: str, component: str) -> AttributeState | None:
        return self.entry(device_id).tree.get(component, {}).get(capability, {}).get(attribute)

    # --- writing: a full or per-device re-read ----------------------------------------------------------------

    def replace(
        self,
        snapshot: Iterable[tuple[Device, DeviceStatus, str | None]],
        now: datetime | None,
        *,
        complete: bool,
    ) -> list[Change]:
        """Take a REST re-read; the differences from what was mirrored come back as ``resync`` changes (none on
        the first load).  ``complete``: the snapshot is every device, so devices missing from it are dropped."""
        with self.lock:
            return self._replace(snapshot, now, complete)

    def _replace(
        self, snapshot: Iterable[tuple[Device, DeviceStatus, str | None]], now: datetime | None, complete: bool
    ) -> list[Change]:
        changes: list[Change] = []
        seen: set[str] = set()
        for device, status, health in snapshot:
            seen.add(device.device_id)
            old = self.devices.get(device.device_id)
            tree = tree_of(status)
            if old is None:
                self.devices[device.device_id] = _Entry(device, tree, health)
                continue
            if self.loaded:
                changes += _differences(device.device_id, old.tree, tree, now)
                if old.health != health and health is not None:
                    changes.append(_health_change(device.device_id, old.health, health, now, "resync"))
            old.device, old.tree = device, tree
            if health is not None:
                old.health = health
        if complete:
            for gone in [d for d in self.devices if d not in seen]:
                del self.devices[gone]
        self.loaded = True
        return changes

    def forget(self, device_id: str) -> None:
        with self.lock:
            self.devices.pop(device_id, None)

    # --- writing: events -----------------------------------------------------------------------------------------

    def apply(self, event: DeviceEvent, now: float) -> Change | None:
        """An attribute event: the change it makes, or ``None`` (same value, unknown device, or older than what
        a re-read already holds)."""
        with self.lock:
            return self._apply(event, now)

    def _apply(self, event: DeviceEvent, now: float) -> Change | None:
        entry = self.devices.get(event.device_id or "")
        if entry is None or not event.capability or not event.attribute:
            return None
        _note_report(entry, now)
        component = event.component_id or "main"
        attributes = entry.tree.setdefault(component, {}).setdefault(event.capability, {})
        old = attributes.get(event.attribute)
        when = event.event_time
        if old is not None and old.timestamp is not None and when is not None and old.timestamp > when:
            return None  # a re-read after this event already holds a newer value
        unit = old.unit if old is not None else None
        if old is not None and old.value == event.value:
            if when is not None:
                attributes[event.attribute] = AttributeState(value=old.value, unit=unit, data=old.data, timestamp=when)
            return None
        attributes[event.attribute] = AttributeState(value=event.value, unit=unit, data=event.data, timestamp=when)
        return Change(
            device_id=entry.device.device_id,
            component=component,
            capability=event.capability,
            attribute=event.attribute,
            old=old.value if old is not None else None,
            new=event.value,
            time=when,
            source="event",
            unit=unit,
        )

    def apply_health(self, event: DeviceHealthEvent, now: float) -> Change | None:
        with self.lock:
            return self._apply_health(event, now)

    def _apply_health(self, event: DeviceHealthEvent, now: float) -> Change | None:
        entry = self.devices.get(event.device_id or "")
        if entry is None or not event.status or entry.health == event.status:
            return None
        _note_report(entry, now)
        old, entry.health = entry.health, event.status
        return _health_change(entry.device.device_id, old, event.status, event.event_time, "event")

    # --- the quiet-device watchdog ---------------------------------------------------------------------------------

    def quiet_devices(self, now: float, factor: float, minimum: float, limit: int) -> list[str]:
        """Devices that reported regularly (3+ events) and have now been silent for ``factor`` times their usual
        gap (and at least ``minimum`` seconds); at most ``limit``, the quietest first."""
        quiet = [
            (now - entry.last_event, device_id)
            for device_id, entry in self.devices.items()
            if entry.reports >= 3
            and entry.last_event is not None
            and now - entry.last_event > max(minimum, factor * entry.gap)
        ]
        quiet.sort(reverse=True)
        return [device_id for _, device_id in quiet[:limit]]

    def expect_less(self, device_id: str, now: float) -> None:
        """A quiet device was re-read and nothing was missed: it is just quieter than it was; expect its next
        report later instead of re-reading it again at once."""
        entry = self.devices.get(device_id)
        if entry is not None and entry.last_event is not None:
            entry.gap = max(entry.gap * 2.0, now - entry.last_event)

    # --- handing changes out -----------------------------------------------------------------------------------------

    def notify(self, change: Change) -> None:
        """Call every matching subscriber; a subscriber that raises is logged and kept (one bad callback must not
        stop the mirror)."""
        for subscription in list(self.subscribers):
            if subscription.filter.matches(change):
                try:
                    subscription.callback(change)
                except Exception:
                    log.exception("mirror: a change subscriber raised; it stays subscribed")


def _note_report(entry: _Entry, now: float) -> None:
    if entry.last_event is not None:
        gap = max(0.0, now - entry.last_event)
        # A moving average: recent behaviour counts most, one odd gap does not set the expectation.
        entry.gap = gap if entry.reports <= 1 else 0.7 * entry.gap + 0.3 * gap
    entry.last_event = now
    entry.reports += 1


def _health_change(device_id: str, old: str | None, new: str, when: datetime | None, source: Source) -> Change:
    return Change(
        device_id=device_id,
        component="main",
        capability=HEALTH_CAPABILITY,
        attribute=HEALTH_ATTRIBUTE,
        old=old,
        new=new,
        time=when,
        source=source,
    )


def _differences(device_id: str, old: _Tree, new: _Tree, when: datetime | None) -> list[Change]:
    changes = []
    for component, capabilities in new.items():
        for capability, attributes in capabilities.items():
            before = old.get(component, {}).get(capability, {})
            for attribute, state in attributes.items():
                previous = before.get(attribute)
                old_value = previous.value if previous is not None else None
                if old_value != state.value:
                    changes.append(
                        Change(
                            device_id=device_id,
                            component=component,
                            capability=capability,
                            attribute=attribute,
                            old=old_value,
                            new=state.value,
                            time=when,
                            source="resync",
                            unit=state.unit,
                        )
                    )
    return changes
