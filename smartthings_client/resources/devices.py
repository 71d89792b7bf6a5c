"""``st.devices``: list, read, control and manage devices."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from .._operation import Operation, Request, ignore_body, one_or_many, query, segment
from ..errors import NotFoundError, SmartThingsError
from ..models.converter import decode_as, encode
from ..models.devices import (
    CapabilityStatus,
    ChosenDevice,
    Command,
    CommandResult,
    ComponentStatus,
    Device,
    DeviceCommandOutcome,
    DeviceEvent,
    DeviceHealth,
    DevicePreferences,
    DeviceStatus,
    HealthState,
)
from ..scopes import SMARTAPP_ONLY
from ._base import (
    AsyncResource,
    Flow,
    ResourceBase,
    SyncResource,
    call,
    declared_flow,
    endpoint,
    flow,
    own_installed_app_id,
    paged,
    together,
)

if TYPE_CHECKING:
    from ..models.installedapps import ConfigEntry

__all__ = ["AsyncDevices", "DeviceRef", "Devices"]

T = TypeVar("T")

MAX_COMMANDS = 10  # SmartThings guardrail: commands per request
MAX_EVENTS = 50  # SmartThings guardrail: state events per request
MAX_EXTERNAL_ID = 64

_decode_device = decode_as(Device)
_decode_status = decode_as(DeviceStatus)
_decode_component_status = decode_as(ComponentStatus)  # type: ignore[type-abstract]
_decode_capability_status = decode_as(CapabilityStatus)  # type: ignore[type-abstract]
_decode_health = decode_as(DeviceHealth)
_decode_results = decode_as(tuple[CommandResult, ...])
_decode_preferences = decode_as(DevicePreferences)

# The official SDK pins device reads, profile changes and preferences to the dated API version it was written
# against (core-sdk HEADER_OVERRIDES); we send what it sends, so both clients get the same answer.
_ACCEPT_DATED = {"Accept": "application/vnd.smartthings+json;v=20170916"}


def _command_results(data: Any) -> builtins.list[CommandResult]:
    # Older API versions answer {} (no per-command results); current ones {"results": [...]}.
    if isinstance(data, Mapping) and data.get("results") is not None:
        return list(_decode_results(data["results"]))
    return []


def _first_result(data: Any) -> CommandResult | None:
    results = _command_results(data)
    return results[0] if results else None


_DEVICE = "/devices/{deviceId}"
_R_DEVICE = (("r:devices:{deviceId}",),)
_W_DEVICE = (("w:devices:{deviceId}",),)
_APP_CREATED_NOTE = (
    "A SmartApp token has this implicitly for devices its own app created "
    "(S1 getDeviceStatus/updateDevice/deleteDevice)."
)


class _Devices(ResourceBase):
    _group = "devices"

    @paged(
        "devices.list",
        "GET",
        "/devices",
        (("l:devices",), ("r:devices:*",)),
        note="The Developer Workspace does not offer l:devices; r:devices:* works too (community t/309293).",
    )
    def list(
        self,
        *,
        capability: str | Iterable[str] | None = None,
        location_id: str | Iterable[str] | None = None,
        device_id: str | Iterable[str] | None = None,
        capabilities_mode: str | None = None,
        type: str | Iterable[str] | None = None,
        installed_app_id: str | None = None,
        include_status: bool | None = None,
        include_health: bool | None = None,
        include_restricted: bool | None = None,
        access_level: str | None = None,
        include_allowed_actions: bool | None = None,
        page_size: int | None = None,
        page: int | None = None,
    ) -> Request[Device]:
        """Every device the token can see, fetched page by page.

        Filters given several values repeat the query key (``?capability=switch&capability=lock``); with
        ``capabilities_mode="or"`` a device needs only one of the capabilities.  ``page_size`` sets ``max``
        (SmartThings pages at 200 by default); ``page`` starts at that page (0 is the first) and
        the list goes on from there.  A SmartApp token only sees the devices of its location that the
        user granted.
        """
        if capabilities_mode not in (None, "and", "or"):
            raise ValueError("capabilities_mode must be 'and' or 'or'")
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be at least 1")
        if page is not None and page < 0:
            raise ValueError("page must be 0 or more")
        params = query(
            ("capability", one_or_many(capability, "capability")),
            ("locationId", one_or_many(location_id, "location_id")),
            ("deviceId", one_or_many(device_id, "device_id")),
            ("capabilitiesMode", capabilities_mode),
            ("type", one_or_many(type, "type")),
            ("installedAppId", installed_app_id),
            ("includeStatus", include_status),
            ("includeHealth", include_health),
            ("includeRestricted", include_restricted),
            ("accessLevel", access_level),
            ("includeAllowedActions", include_allowed_actions),
            ("max", page_size),
            ("page", page),
        )
        return Request(_decode_device, params=params, headers=_ACCEPT_DATED)

    @endpoint("devices.get", "GET", _DEVICE, _R_DEVICE, note=_APP_CREATED_NOTE)
    def get(
        self, device_id: str, *, include_status: bool | None = None, include_health: bool | None = None
    ) -> Request[Device]:
        """One device."""
        params = None
        if include_status is not None or include_health is not None:
            params = query(("includeStatus", include_status), ("includeHealth", include_health))
        return Request(_decode_device, path={"deviceId": device_id}, params=params, headers=_ACCEPT_DATED)

    @endpoint("devices.update", "PUT", _DEVICE, _W_DEVICE, note=_APP_CREATED_NOTE)
    def update(
        self,
        device_id: str,
        *,
        label: str | None = None,
        location_id: str | None = None,
        room_id: str | None = None,
        components: Sequence[Mapping[str, Any]] | None = None,
    ) -> Request[Device]:
        """Rename a device, move it to a room or change component categories; only the fields given are sent."""
        if label is not None and not 1 <= len(label) <= 255:
            raise ValueError("label must be 1 to 255 characters")
        body = {
            key: value
            for key, value in (
                ("label", label),
                ("locationId", location_id),
                ("roomId", room_id),
                ("components", list(components) if components is not None else None),
            )
            if value is not None
        }
        if not body:
            raise ValueError("give at least one of label, location_id, room_id, components")
        return Request(_decode_device, path={"deviceId": device_id}, json=body)

    @endpoint("devices.delete", "DELETE", _DEVICE, _W_DEVICE, note=_APP_CREATED_NOTE)
    def delete(self, device_id: str) -> Request[None]:
        """Delete a device."""
        return Request(ignore_body, path={"deviceId": device_id}, empty_ok=True)

    @endpoint("devices.status", "GET", f"{_DEVICE}/status", _R_DEVICE, note=_APP_CREATED_NOTE)
    def status(self, device_id: str) -> Request[DeviceStatus]:
        """The whole status: component -> capability -> attribute -> value.  ``null`` values are normal."""
        return Request(_decode_status, path={"deviceId": device_id})

    @endpoint("devices.component_status", "GET", f"{_DEVICE}/components/{{componentId}}/status", _R_DEVICE)
    def component_status(self, device_id: str, component_id: str = "main") -> Request[ComponentStatus]:
        """One component's status: capability -> attribute -> state."""
        return Request(_decode_component_status, path={"deviceId": device_id, "componentId": component_id})

    @endpoint(
        "devices.capability_status",
        "GET",
        f"{_DEVICE}/components/{{componentId}}/capabilities/{{capabilityId}}/status",
        _R_DEVICE,
    )
    def capability_status(
        self, device_id: str, capability_id: str, component_id: str = "main"
    ) -> Request[CapabilityStatus]:
        """One capability's attributes."""
        path = {"deviceId": device_id, "componentId": component_id, "capabilityId": capability_id}
        return Request(_decode_capability_status, path=path)

    @endpoint(
        "devices.get_preferences",
        "GET",
        f"{_DEVICE}/preferences",
        _R_DEVICE,
        note="Not in the 2019 spec (core-sdk getPreferences); r:devices:{deviceId} is inferred (unverified).",
    )
    def get_preferences(self, device_id: str) -> Request[DevicePreferences]:
        """The device's preference settings: name -> type (integer, number, boolean, string, enumeration) and
        value, e.g. a dimmer's ``minimumLevel``."""
        return Request(_decode_preferences, path={"deviceId": device_id}, headers=_ACCEPT_DATED)

    @declared_flow(
        "devices.health",
        "GET",
        f"{_DEVICE}/health",
        _R_DEVICE,
        note="Not in the 2019 spec; r:devices:* is the likely requirement (unverified).",
    )
    def health(self, device_id: str) -> Flow[DeviceHealth]:
        """Whether the device is ONLINE or OFFLINE.

        Devices that are not enrolled in health checks answer 404 there although they exist; that is returned as
        ``HealthState.UNKNOWN`` rather than raised (like the official SDK).
        """
        try:
            health: DeviceHealth = yield from call(Request(_decode_health, path={"deviceId": device_id}))
        except NotFoundError:
            return DeviceHealth(device_id=device_id, state=HealthState.UNKNOWN)
        return health

    @endpoint(
        "devices.execute",
        "POST",
        f"{_DEVICE}/commands",
        (("x:devices:{deviceId}",),),
        note="A 200 only means accepted: each command's status may still come back FAILED.",
    )
    def execute(
        self, device_id: str, commands: Command | Sequence[Command], *, ordered: bool | None = None
    ) -> Request[builtins.list[CommandResult]]:
        """Send up to 10 commands in one request.

        Returns SmartThings' per-command results.  ``ACCEPTED`` only means SmartThings took the command:
        execution is asynchronous, so read the status to see the effect.
        """
        body = {"commands": [encode_command(item) for item in _batch(commands, Command, MAX_COMMANDS, "command")]}
        params = query(("ordered", ordered)) or None
        return Request(_command_results, path={"deviceId": device_id}, json=body, params=params, empty_ok=True)

    @execute.also
    def command(
        self, device_id: str, capability: str, command: str, *arguments: Any, component: str = "main"
    ) -> Request[CommandResult | None]:
        """Send one command: ``st.devices.command(device_id, "switch", "on")``.

        Arguments follow the command name (``st.devices.command(id, "switchLevel", "setLevel", 50)``).  Returns
        SmartThings' result for the command (``None`` if it sent none).
        """
        item = Command(capability=capability, command=command, arguments=arguments, component=component)
        body = {"commands": [encode_command(item)]}
        return Request(_first_result, path={"deviceId": device_id}, json=body, empty_ok=True)

    @flow
    def execute_all(
        self,
        targets: Iterable[ConfigEntry | DeviceRef | str],
        commands: Command | Sequence[Command],
        *,
        ordered: bool | None = None,
    ) -> Flow[builtins.list[DeviceCommandOutcome]]:
        """Send the same commands to many devices: ``st.devices.execute_all(config.devices("lights"),
        [switch.off()])``.  Targets are the devices a SmartApp setting chose (``request.config.devices(...)``), its
        raw config entries (``installed_app.config["lights"]``; entries that are not devices are skipped) or device
        ids.

        Like the official SDK's ``sendCommands(configEntries, ...)``: the component the user chose replaces the
        commands' default ``"main"``.  One request per device; async clients send them concurrently.  A device
        whose request fails does not stop the others: each outcome, in the order given, holds SmartThings'
        results or the error its request raised (``outcome.ok``).
        """
        batch = _batch(commands, Command, MAX_COMMANDS, "command")
        plan = _refs(targets)
        ops = [
            _Devices.execute.operation(self, device_id, _for_component(batch, component), ordered=ordered)
            for device_id, component in plan
        ]
        answers = yield from together(ops, each=True)
        return [
            DeviceCommandOutcome(device_id=device_id, component_id=component, error=answer)
            if isinstance(answer, SmartThingsError)
            else DeviceCommandOutcome(device_id=device_id, component_id=component, results=tuple(answer))
            for (device_id, component), answer in zip(plan, answers, strict=True)
        ]

    @endpoint(
        "devices.create_events",
        "POST",
        f"{_DEVICE}/events",
        _W_DEVICE,
        SMARTAPP_ONLY,
        note="The token must be the one of the SmartApp that created the device (S1 createDeviceEvents).",
    )
    def create_events(self, device_id: str, events: DeviceEvent | Sequence[DeviceEvent]) -> Request[None]:
        """Post state events (at most 50 per request) for a device your SmartApp created."""
        body = {"deviceEvents": [encode(event) for event in event_batch(events)]}
        return Request(ignore_body, path={"deviceId": device_id}, json=body, empty_ok=True)

    @endpoint(
        "devices.install",
        "POST",
        "/devices",
        (("i:deviceprofiles",),),
        SMARTAPP_ONLY,
        note="i:deviceprofiles must be whitelisted for the app and requested in INITIALIZE "
        "(i:deviceprofiles and i:deviceprofiles:* are the same grant); without it SmartThings "
        "answers 403 (smartapp-sdk-nodejs#23).",
    )
    def install(
        self,
        *,
        location_id: str,
        profile_id: str,
        installed_app_id: str | None = None,
        label: str | None = None,
        external_id: str | None = None,
        room_id: str | None = None,
        flat: bool = False,
    ) -> Request[Device]:
        """Create a device of one of your device profiles, owned by your SmartApp.

        Sends ``{label, locationId, app: {profileId, installedAppId, externalId}}``, or with ``flat=True`` the
        flat form ``{profileId, installedAppId, externalId, locationId, label, roomId}`` that the official SDK
        also accepts.  ``installed_app_id`` defaults to the SmartApp token's own.
        """
        app_id = installed_app_id or own_installed_app_id(self, _Devices.install.rule)
        segment(app_id, "installed_app_id")
        segment(location_id, "location_id")
        segment(profile_id, "profile_id")
        if external_id is not None and len(external_id) > MAX_EXTERNAL_ID:
            raise ValueError(f"external_id must be at most {MAX_EXTERNAL_ID} characters")
        if flat:
            body: dict[str, Any] = {
                "profileId": profile_id,
                "installedAppId": app_id,
                "externalId": external_id,
                "locationId": location_id,
                "label": label,
                "roomId": room_id,
            }
        else:
            app = {"profileId": profile_id, "installedAppId": app_id, "externalId": external_id}
            body = {
                "label": label,
                "locationId": location_id,
                "roomId": room_id,
                "app": {k: v for k, v in app.items() if v is not None},
            }
        body = {k: v for k, v in body.items() if v is not None}
        return Request(_decode_device, json=body)

    @endpoint(
        "devices.update_profile",
        "PUT",
        f"{_DEVICE}/profile",
        (("i:deviceprofiles",),),
        SMARTAPP_ONLY,
        note="Only the installed app that created the device may change its profile (core-sdk updateProfile).",
    )
    def update_profile(self, device_id: str, profile_id: str) -> Request[Device]:
        """Switch a device your SmartApp created to another of your profiles."""
        segment(profile_id, "profile_id")
        return Request(
            _decode_device, path={"deviceId": device_id}, json={"profileId": profile_id}, headers=_ACCEPT_DATED
        )

    @flow
    def get_all(self, devices: Iterable[str | DeviceRef], *, status: bool = False) -> Flow[builtins.list[ChosenDevice]]:
        """The devices of a configuration entry (``config.devices("lights")``), with their status when
        ``status=True``, in one call: async clients fetch them concurrently."""
        refs = _refs(devices)
        gets: builtins.list[Operation[Any]] = [_Devices.get.operation(self, device_id) for device_id, _ in refs]
        statuses = [_Devices.status.operation(self, device_id) for device_id, _ in refs] if status else []
        answers: builtins.list[Any] = yield from together([*gets, *statuses])
        found, states = answers[: len(refs)], answers[len(refs) :] or [None] * len(refs)
        return [
            ChosenDevice(device=device, component_id=part or "main", status=state)
            for (_, part), device, state in zip(refs, found, states, strict=True)
        ]


def _batch(items: T | Sequence[T], kind: type[T], most: int, noun: str) -> builtins.list[T]:
    """One item or several for one request, checked: 1 to ``most`` objects of ``kind``."""
    batch: builtins.list[T] = [items] if isinstance(items, kind) else list(items)  # type: ignore[arg-type]
    if not batch:
        raise ValueError(f"give at least one {noun}")
    if len(batch) > most:
        raise ValueError(f"SmartThings accepts at most {most} {noun}s per request, got {len(batch)}")
    for item in batch:
        if not isinstance(item, kind):
            raise TypeError(f"{noun}s must be {kind.__name__} objects, got {type(item).__name__}")
    return batch


def event_batch(events: DeviceEvent | Sequence[DeviceEvent]) -> builtins.list[DeviceEvent]:
    """One event or several, checked: 1 to 50 :class:`DeviceEvent` objects."""
    return _batch(events, DeviceEvent, MAX_EVENTS, "event")


def encode_command(item: Command) -> dict[str, Any]:
    return {
        "component": item.component,
        "capability": item.capability,
        "command": item.command,
        "arguments": list(item.arguments),
    }


class DeviceRef(Protocol):
    """A device a SmartApp's configuration chose (``config.devices("lights")`` items): its id and component."""

    @property
    def device_id(self) -> str: ...

    @property
    def component_id(self) -> str | None: ...


def _refs(devices: Iterable[ConfigEntry | DeviceRef | str]) -> builtins.list[tuple[str, str | None]]:
    from ..models.installedapps import ConfigEntry  # SmartApp configuration: loaded by the scripts that use it

    """Device ids (and the chosen component, if any) of plain ids, chosen devices or raw config entries (those
    that are not device entries are skipped)."""
    if isinstance(devices, (str, ConfigEntry)):
        raise TypeError("give a list of devices, config entries or device ids, not a single one")
    refs: builtins.list[tuple[str, str | None]] = []
    for given in devices:
        item: object = given.device_config if isinstance(given, ConfigEntry) else given
        if item is None:  # a config entry that is not a device
            continue
        if isinstance(item, str):
            refs.append((segment(item, "device_id"), None))
        elif isinstance(device_id := getattr(item, "device_id", None), str):
            refs.append((segment(device_id, "device_id"), getattr(item, "component_id", None)))
        else:
            raise TypeError(f"devices must be device ids or configuration entries, got {type(item).__name__}")
    return refs


def _for_component(commands: builtins.list[Command], component: str | None) -> builtins.list[Command]:
    # The component the user chose replaces the default "main"; a command naming another component keeps it.
    if component is None:
        return commands
    return [attrs.evolve(c, component=component) if c.component == "main" else c for c in commands]


class Devices(_Devices, SyncResource):
    """Devices (blocking).  Reach it as ``SmartThings().devices``."""


class AsyncDevices(_Devices, AsyncResource):
    """Devices (async).  Reach it as ``AsyncSmartThings().devices``."""
