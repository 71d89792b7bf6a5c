"""The emulator's in-memory world: locations, devices, apps, installed apps, and the events they raise.

Documents are kept as plain JSON dicts in the API's own camelCase shape, so what a route returns is what
is stored (plus computed fields). Dicts keep insertion order, which keeps pagination stable.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

from ._auth import TokenStore
from ._capability_store import CustomCapabilities
from ._clock import FakeClock, iso_from_epoch
from ._errors import JsonDict, not_found
from ._platform import PlatformData
from ._sinks import MAX_SINKS

#: The account that owns everything in the emulator.
OWNER_ID = "3c19270b-fca6-5cde-82bc-86a37e52cfa8"


def new_id() -> str:
    """Return a fresh UUID string (the API's id format)."""
    return str(uuid.uuid4())


def value_type(value: Any) -> str:
    """The ``valueType`` of a device event, from the JSON type of its value."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if value is None:
        return "null"
    return "object"


@dataclass
class DeviceRecord:
    """A device: its document, its status tree and its health (None = not enrolled, so /health is 404)."""

    doc: JsonDict
    status: JsonDict
    health: JsonDict | None
    #: Preference name -> ``{preferenceType, value}`` (``GET /devices/{id}/preferences``).
    preferences: JsonDict = field(default_factory=dict)

    @property
    def id(self) -> str:
        """The device id."""
        return str(self.doc["deviceId"])

    @property
    def location_id(self) -> str:
        """The device's location id."""
        return str(self.doc.get("locationId", ""))

    @property
    def creator(self) -> str | None:
        """The installed app that created this device (SmartApp-managed devices), if any."""
        app = self.doc.get("app")
        if isinstance(app, dict) and app.get("installedAppId"):
            return str(app["installedAppId"])
        return None

    def component_ids(self) -> list[str]:
        """The ids of the device's components."""
        return [str(c["id"]) for c in self.doc.get("components", [])]

    def capabilities(self, component_id: str) -> list[str] | None:
        """The capability ids of a component, or None when the component does not exist."""
        for component in self.doc.get("components", []):
            if component.get("id") == component_id:
                return [str(c["id"]) for c in component.get("capabilities", [])]
        return None

    def all_capabilities(self) -> set[str]:
        """Every capability id on any component."""
        return {str(c["id"]) for comp in self.doc.get("components", []) for c in comp.get("capabilities", [])}


@dataclass
class AppRecord:
    """A registered app (``/apps``) with its OAuth client and settings."""

    doc: JsonDict
    oauth: JsonDict
    settings: dict[str, str]
    client_id: str
    client_secret: str
    classic: bool = False

    @property
    def id(self) -> str:
        """The app id."""
        return str(self.doc["appId"])


@dataclass
class ScheduleRecord:
    """A schedule and its next execution (epoch ms; None when it will not fire again)."""

    doc: JsonDict
    next_ms: int | None


@dataclass
class InstalledAppRecord:
    """An installed app: document, granted permissions, configurations, subscriptions, schedules, event queue."""

    doc: JsonDict
    permissions: list[str]
    configs: list[JsonDict] = field(default_factory=list)
    subscriptions: dict[str, JsonDict] = field(default_factory=dict)
    schedules: dict[str, ScheduleRecord] = field(default_factory=dict)
    pending_events: list[JsonDict] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The installed app id."""
        return str(self.doc["installedAppId"])

    @property
    def location_id(self) -> str:
        """The location it is installed in."""
        return str(self.doc["locationId"])

    @property
    def app_id(self) -> str:
        """The app it is an installation of."""
        return str(self.doc["appId"])

    def current_config(self) -> JsonDict:
        """The latest AUTHORIZED/DONE configuration map (empty if none)."""
        for config in reversed(self.configs):
            if config["configurationStatus"] in ("AUTHORIZED", "DONE"):
                return copy.deepcopy(config["config"])
        return {}


@dataclass
class SceneRecord:
    """A scene: its summary document and the device commands it runs (``{deviceId, component, capability,
    command, arguments}``), which the API never shows."""

    doc: JsonDict
    actions: list[JsonDict]

    @property
    def location_id(self) -> str:
        """The scene's location id."""
        return str(self.doc["locationId"])


#: The owner of the rules a personal access token creates (SmartApp tokens' rules belong to their installed app).
USER_PRINCIPAL = "user"


@dataclass
class RuleRecord:
    """A rule, its location and the principal that owns it (:data:`USER_PRINCIPAL` or an installed app id)."""

    doc: JsonDict
    location_id: str
    principal: str


@dataclass
class ClassicInstall:
    """A classic (graph.api) SmartApp installation reached through ``/api/smartapps/installations/{id}``."""

    installation_id: str
    client_id: str
    location_id: str


class State:
    """All emulator data plus the clock and token store; every access happens under the emulator lock."""

    def __init__(self, clock: FakeClock, page_size: int) -> None:
        self.clock = clock
        self.page_size = page_size
        self.tokens = TokenStore()
        self.locations: dict[str, JsonDict] = {}
        self.rooms: dict[str, JsonDict] = {}
        self.modes: dict[str, list[JsonDict]] = {}
        self.current_mode: dict[str, str] = {}
        self.devices: dict[str, DeviceRecord] = {}
        self.apps: dict[str, AppRecord] = {}
        self.installed_apps: dict[str, InstalledAppRecord] = {}
        # CONFIRMATION: outstanding confirmation tokens (token -> app id) and the apps whose target was confirmed.
        self.confirmation_tokens: dict[str, str] = {}
        self.confirmed_apps: set[str] = set()
        self.profiles: dict[str, JsonDict] = {}
        self.i18n: dict[str, dict[str, JsonDict]] = {}
        self.history: list[JsonDict] = []
        self.classic_installs: dict[str, ClassicInstall] = {}
        self.custom_capabilities = CustomCapabilities()
        self.scenes: dict[str, SceneRecord] = {}
        self.rules: dict[str, RuleRecord] = {}
        #: SSE sinks by id (testing._sinks.SinkRecord): each is offered every event :meth:`publish` sends.
        self.sinks: dict[str, Any] = {}
        #: How many sinks one installed app may hold (SmartThings: 2); ``None``: no limit.
        self.sink_limit: int | None = MAX_SINKS
        #: A silent stream: sinks get no events (keepalives still flow), as in home-assistant/core#176244.
        self.sinks_silent = False
        self.platform = PlatformData()

    # ----- time -----------------------------------------------------------------------------------
    def now_iso(self) -> str:
        """Current time as an API timestamp with milliseconds."""
        return self.clock.iso()

    def now_iso_seconds(self) -> str:
        """Current time as the second-precision timestamps apps and installed apps use."""
        return iso_from_epoch(self.clock.now())[:19] + "Z"

    # ----- lookups ---------------------------------------------------------------------------------
    def device(self, device_id: str) -> DeviceRecord:
        """Return a device or raise 404."""
        record = self.devices.get(device_id)
        if record is None:
            raise not_found(f"Device {device_id}")
        return record

    def location(self, location_id: str) -> JsonDict:
        """Return a location or raise 404."""
        location = self.locations.get(location_id)
        if location is None:
            raise not_found(f"Location {location_id}")
        return location

    def installed_app(self, installed_app_id: str) -> InstalledAppRecord:
        """Return an installed app or raise 404."""
        record = self.installed_apps.get(installed_app_id)
        if record is None:
            raise not_found(f"InstalledApp {installed_app_id}")
        return record

    def app(self, name_or_id: str) -> AppRecord:
        """Return an app by id or appName, or raise 404."""
        record = self.apps.get(name_or_id)
        if record is None:
            for candidate in self.apps.values():
                if candidate.doc.get("appName") == name_or_id:
                    return candidate
            raise not_found(f"App {name_or_id}")
        return record

    def app_by_client_id(self, client_id: str) -> AppRecord | None:
        """Return the app owning an OAuth client id, if any."""
        for record in self.apps.values():
            if record.client_id == client_id:
                return record
        return None

    # ----- device state and events --------------------------------------------------------------------
    def set_attribute(
        self,
        device: DeviceRecord,
        component: str,
        capability: str,
        attribute: str,
        value: Any,
        unit: str | None = None,
        data: JsonDict | None = None,
    ) -> None:
        """Change one attribute, stamp it, record history and queue DEVICE_EVENTs for matching subscriptions."""
        components = device.status.setdefault("components", {})
        caps = components.setdefault(component, {})
        attrs = caps.setdefault(capability, {})
        previous = attrs.get(attribute, {})
        old_value = previous.get("value") if isinstance(previous, dict) else None
        if unit is None and isinstance(previous, dict):
            unit = previous.get("unit")
        state: JsonDict = {"value": value}
        if unit is not None:
            state["unit"] = unit
        if data is not None:
            state["data"] = data
        state["timestamp"] = self.now_iso()
        attrs[attribute] = state
        changed = old_value != value
        event_id = new_id()
        self._record_history(device, component, capability, attribute, value, unit, data)
        self._deliver_device_event(device, component, capability, attribute, value, data, changed, event_id)
        payload = _device_event(device, component, capability, attribute, value, data, changed, event_id)
        payload.update(commandId="", sensitive=False)
        self.publish({"eventTime": self.now_iso(), "eventType": "DEVICE_EVENT", "deviceEvent": payload})

    def publish(self, event: JsonDict) -> None:
        """Offer an event to every SSE sink (each keeps those of its locations and event types); a silent stream
        loses it, as the real one does."""
        if self.sinks_silent:
            return
        for sink in self.sinks.values():
            sink.offer(event)

    def _record_history(
        self,
        device: DeviceRecord,
        component: str,
        capability: str,
        attribute: str,
        value: Any,
        unit: str | None,
        data: JsonDict | None,
    ) -> None:
        epoch = self.clock.millis()
        location = self.locations.get(device.location_id, {})
        digest = hashlib.sha1(  # noqa: S324 - an opaque cursor, not security
            f"{len(self.history)}:{device.id}:{attribute}".encode()
        ).hexdigest()
        self.history.append(
            {
                "deviceId": device.id,
                "deviceName": device.doc.get("label") or device.doc.get("name"),
                "locationId": device.location_id,
                "locationName": location.get("name"),
                # History writes its offset without a colon, unlike every other timestamp (C1t history).
                "time": iso_from_epoch(epoch / 1000.0)[:-1] + "+0000",
                "text": f"{device.doc.get('label')} {attribute} is {value}",
                "component": component,
                "componentLabel": component,
                "capability": capability,
                "attribute": attribute,
                "value": value,
                "unit": unit,
                "data": data or {},
                "translatedAttributeName": attribute,
                "translatedAttributeValue": str(value),
                "epoch": epoch,
                "hash": int(digest[:12], 16),
            }
        )

    def _deliver_device_event(
        self,
        device: DeviceRecord,
        component: str,
        capability: str,
        attribute: str,
        value: Any,
        data: JsonDict | None,
        changed: bool,
        event_id: str,
    ) -> None:
        for installed in self.installed_apps.values():
            if installed.location_id != device.location_id:
                continue
            for sub in installed.subscriptions.values():
                source = sub["sourceType"]
                if source == "DEVICE":
                    spec = sub["device"]
                    if spec.get("deviceId") != device.id or not _matches(spec.get("componentId"), component):
                        continue
                elif source == "CAPABILITY":
                    spec = sub["capability"]
                    if spec.get("locationId") != device.location_id:
                        continue
                else:
                    continue
                if not (
                    _matches(spec.get("capability"), capability)
                    and _matches(spec.get("attribute"), attribute)
                    and _matches(spec.get("value"), value)
                ):
                    continue
                if spec.get("stateChangeOnly", True) and not changed:
                    continue
                modes = spec.get("modes") or []
                if modes and self.current_mode.get(device.location_id) not in modes:
                    continue
                installed.pending_events.append(
                    {
                        "eventTime": self.now_iso(),
                        "eventType": "DEVICE_EVENT",
                        "deviceEvent": {
                            "subscriptionName": spec.get("subscriptionName") or sub["id"],
                            **_device_event(device, component, capability, attribute, value, data, changed, event_id),
                        },
                    }
                )

    def deliver_location_event(self, location_id: str, source_type: str, key: str, item: JsonDict) -> None:
        """Queue a non-device event (MODE_EVENT, DEVICE_LIFECYCLE_EVENT, ...) to subscribed installed apps."""
        for installed in self.installed_apps.values():
            if installed.location_id != location_id:
                continue
            for sub in installed.subscriptions.values():
                if sub["sourceType"] != source_type:
                    continue
                spec = sub.get(key) or {}
                device_ids = spec.get("deviceIds")
                payload: JsonDict = next(iter(v for k, v in item.items() if k.endswith("Event")), {})
                if device_ids and payload.get("deviceId") not in device_ids:
                    continue
                event = copy.deepcopy(item)
                installed.pending_events.append(event)
                break

    def set_current_mode(self, location_id: str, mode_id: str) -> None:
        """Change a location's mode and queue MODE_EVENTs."""
        self.current_mode[location_id] = mode_id
        self.deliver_location_event(
            location_id,
            "MODE",
            "mode",
            {
                "eventTime": self.now_iso(),
                "eventType": "MODE_EVENT",
                "modeEvent": {"eventId": new_id(), "locationId": location_id, "modeId": mode_id},
            },
        )

    def set_health(self, device: DeviceRecord, state: str | None) -> None:
        """Set a device's health state (None withdraws it from health, so /health answers 404)."""
        if state is None:
            device.health = None
            return
        device.health = {"deviceId": device.id, "state": state, "lastUpdatedDate": self.now_iso()}
        self._deliver_and_publish(
            device.location_id,
            "DEVICE_HEALTH",
            "deviceHealth",
            {
                "eventTime": self.now_iso(),
                "eventType": "DEVICE_HEALTH_EVENT",
                "deviceHealthEvent": {
                    "eventId": new_id(),
                    "locationId": device.location_id,
                    "deviceId": device.id,
                    "hubId": "",
                    "status": state,
                    "reason": "NONE",
                },
            },
        )

    def _deliver_and_publish(self, location_id: str, source_type: str, key: str, item: JsonDict) -> None:
        self.deliver_location_event(location_id, source_type, key, item)
        self.publish(item)

    def _lifecycle_event(self, device: DeviceRecord, lifecycle: str) -> None:
        self._deliver_and_publish(
            device.location_id,
            "DEVICE_LIFECYCLE",
            "deviceLifecycle",
            {
                "eventTime": self.now_iso(),
                "eventType": "DEVICE_LIFECYCLE_EVENT",
                "deviceLifecycleEvent": {
                    "lifecycle": lifecycle,
                    "eventId": new_id(),
                    "locationId": device.location_id,
                    "deviceId": device.id,
                    "deviceName": device.doc.get("label") or device.doc.get("name"),
                    "principal": "emulator",
                },
            },
        )

    # ----- creation and cascading deletes ----------------------------------------------------------------
    def add_device(self, record: DeviceRecord) -> DeviceRecord:
        """Store a new device and announce it to DEVICE_LIFECYCLE subscribers."""
        self.devices[record.id] = record
        self._lifecycle_event(record, "CREATE")
        return record

    def remove_device(self, device_id: str) -> None:
        """Delete a device (its history stays, as history does)."""
        record = self.devices.pop(device_id, None)
        if record is not None:
            self._lifecycle_event(record, "DELETE")

    def add_location(self, doc: JsonDict, modes: list[JsonDict] | None = None, current: str | None = None) -> None:
        """Store a location, with the default Home/Away/Night modes unless given."""
        location_id = str(doc["locationId"])
        self.locations[location_id] = doc
        if modes is None:
            modes = [{"id": new_id(), "label": name, "name": name} for name in ("Home", "Away", "Night")]
        self.modes[location_id] = modes
        self.current_mode[location_id] = current or modes[0]["id"]

    def remove_location(self, location_id: str) -> None:
        """Delete a location with its rooms, modes, devices and installed apps."""
        self.locations.pop(location_id, None)
        self.modes.pop(location_id, None)
        self.current_mode.pop(location_id, None)
        for room_id in [r for r, doc in self.rooms.items() if doc["locationId"] == location_id]:
            del self.rooms[room_id]
        for scene_id in [s for s, rec in self.scenes.items() if rec.location_id == location_id]:
            del self.scenes[scene_id]
        for rule_id in [r for r, rec in self.rules.items() if rec.location_id == location_id]:
            del self.rules[rule_id]
        for device_id in [d for d, rec in self.devices.items() if rec.location_id == location_id]:
            self.remove_device(device_id)
        for installed_id in [i for i, rec in self.installed_apps.items() if rec.location_id == location_id]:
            self.remove_installed_app(installed_id)

    def remove_installed_app(self, installed_app_id: str) -> None:
        """Delete an installed app: its tokens stop working and the devices it created go with it."""
        self.installed_apps.pop(installed_app_id, None)
        self.tokens.revoke_installed_app(installed_app_id)
        for device_id in [d for d, rec in self.devices.items() if rec.creator == installed_app_id]:
            self.remove_device(device_id)


def _device_event(
    device: DeviceRecord,
    component: str,
    capability: str,
    attribute: str,
    value: Any,
    data: JsonDict | None,
    changed: bool,
    event_id: str,
) -> JsonDict:
    """The ``deviceEvent`` object of a webhook EVENT item and of an SSE message (which adds two fields)."""
    return {
        "eventId": event_id,
        "locationId": device.location_id,
        "ownerId": device.location_id,
        "ownerType": "LOCATION",
        "deviceId": device.id,
        "componentId": component,
        "capability": capability,
        "attribute": attribute,
        "value": value,
        "valueType": value_type(value),
        "stateChange": changed,
        "data": data or {},
    }


def _matches(pattern: Any, value: Any) -> bool:
    """Subscription field match: absent or ``"*"`` matches anything."""
    return pattern is None or pattern in ("*", value)
