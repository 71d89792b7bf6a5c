"""``st.devices``: list, read, control and manage devices."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._operation import (
    Operation,
    ignore_body,
    one_or_many,
    query,
    segment,
)
from ..errors import NotFoundError
from ..models.converter import decode_as, encode
from ..models.devices import (
    CapabilityStatus,
    Command,
    CommandResult,
    ComponentStatus,
    Device,
    DeviceEvent,
    DeviceHealth,
    DeviceStatus,
    HealthState,
)
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, endpoint, flow, paged
from ._installed import installed_app_id_for

__all__ = ["AsyncDevices", "Devices"]

MAX_COMMANDS = 10  # SmartThings guardrail: commands per request
MAX_EVENTS = 50  # SmartThings guardrail: state events per request
MAX_EXTERNAL_ID = 64

_decode_device = decode_as(Device)
_decode_status = decode_as(DeviceStatus)
_decode_component_status = decode_as(ComponentStatus)  # type: ignore[type-abstract]
_decode_capability_status = decode_as(CapabilityStatus)  # type: ignore[type-abstract]
_decode_health = decode_as(DeviceHealth)
_decode_results = decode_as(tuple[CommandResult, ...])


def _command_results(data: Any) -> builtins.list[CommandResult]:
    # Older API versions answer {} (no per-command results); current ones {"results": [...]}.
    if isinstance(data, Mapping) and data.get("results") is not None:
        return list(_decode_results(data["results"]))
    return []


def _first_result(data: Any) -> CommandResult | None:
    results = _command_results(data)
    return results[0] if results else None


class _Devices(ResourceBase):
    @paged
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
    ) -> Operation[Device]:
        """Every device the token can see, fetched page by page (``GET /devices``).

        Filters given several values repeat the query key (``?capability=switch&capability=lock``); with
        ``capabilities_mode="or"`` a device needs only one of the capabilities.  ``page_size`` sets ``max``
        (SmartThings pages at 200 by default).

        Scope: ``r:devices:*`` (or ``l:devices``).  Token kinds: personal access token, SmartApp token (which only
        sees the devices of its location that the user granted).
        """
        if capabilities_mode not in (None, "and", "or"):
            raise ValueError("capabilities_mode must be 'and' or 'or'")
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be at least 1")
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
        )
        return Operation("devices.list", "GET", "/devices", _decode_device, params=params, paged=True)

    @endpoint
    def get(
        self, device_id: str, *, include_status: bool | None = None, include_health: bool | None = None
    ) -> Operation[Device]:
        """One device (``GET /devices/{deviceId}``).

        Scope: ``r:devices:*`` or ``r:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        path = f"/devices/{segment(device_id, 'device_id')}"
        params = None
        if include_status is not None or include_health is not None:
            params = query(("includeStatus", include_status), ("includeHealth", include_health))
        return Operation("devices.get", "GET", path, _decode_device, params=params, ids={"deviceId": device_id})

    @endpoint
    def update(
        self,
        device_id: str,
        *,
        label: str | None = None,
        location_id: str | None = None,
        room_id: str | None = None,
        components: Sequence[Mapping[str, Any]] | None = None,
    ) -> Operation[Device]:
        """Rename a device, move it to a room or change component categories (``PUT /devices/{deviceId}``).

        Only the fields given are sent.  Scope: ``w:devices:*`` or ``w:devices:<deviceId>``.  Token kinds:
        personal access token, SmartApp token.
        """
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
        path = f"/devices/{segment(device_id, 'device_id')}"
        return Operation("devices.update", "PUT", path, _decode_device, json=body, ids={"deviceId": device_id})

    @endpoint
    def delete(self, device_id: str) -> Operation[None]:
        """Delete a device (``DELETE /devices/{deviceId}``).

        Scope: ``w:devices:*`` or ``w:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        path = f"/devices/{segment(device_id, 'device_id')}"
        return Operation("devices.delete", "DELETE", path, ignore_body, ids={"deviceId": device_id}, empty_ok=True)

    @endpoint
    def status(self, device_id: str) -> Operation[DeviceStatus]:
        """The whole status: component -> capability -> attribute -> value (``GET /devices/{deviceId}/status``).

        ``null`` values are normal.  Scope: ``r:devices:*`` or ``r:devices:<deviceId>``.  Token kinds: personal
        access token, SmartApp token.
        """
        path = f"/devices/{segment(device_id, 'device_id')}/status"
        return Operation("devices.status", "GET", path, _decode_status, ids={"deviceId": device_id})

    @endpoint
    def component_status(self, device_id: str, component_id: str = "main") -> Operation[ComponentStatus]:
        """One component's status: capability -> attribute -> state
        (``GET /devices/{deviceId}/components/{componentId}/status``).

        Scope: ``r:devices:*`` or ``r:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        path = f"/devices/{segment(device_id, 'device_id')}/components/{segment(component_id, 'component_id')}/status"
        return Operation("devices.component_status", "GET", path, _decode_component_status, ids={"deviceId": device_id})

    @endpoint
    def capability_status(
        self, device_id: str, capability_id: str, component_id: str = "main"
    ) -> Operation[CapabilityStatus]:
        """One capability's attributes
        (``GET /devices/{deviceId}/components/{componentId}/capabilities/{capabilityId}/status``).

        Scope: ``r:devices:*`` or ``r:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        path = (
            f"/devices/{segment(device_id, 'device_id')}/components/{segment(component_id, 'component_id')}"
            f"/capabilities/{segment(capability_id, 'capability_id')}/status"
        )
        return Operation(
            "devices.capability_status", "GET", path, _decode_capability_status, ids={"deviceId": device_id}
        )

    @flow
    def health(self, device_id: str) -> Flow[DeviceHealth]:
        """Whether the device is ONLINE or OFFLINE (``GET /devices/{deviceId}/health``).

        Devices that are not enrolled in health checks answer 404 there although they exist; that is returned as
        ``HealthState.UNKNOWN`` rather than raised (like the official SDK).  Scope: ``r:devices:*`` or
        ``r:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        path = f"/devices/{segment(device_id, 'device_id')}/health"
        op = Operation("devices.health", "GET", path, _decode_health, ids={"deviceId": device_id})
        try:
            health: DeviceHealth = yield from call(op)
        except NotFoundError:
            return DeviceHealth(device_id=device_id, state=HealthState.UNKNOWN)
        return health

    @endpoint
    def execute(
        self, device_id: str, commands: Command | Sequence[Command], *, ordered: bool | None = None
    ) -> Operation[builtins.list[CommandResult]]:
        """Send up to 10 commands in one request (``POST /devices/{deviceId}/commands``).

        Returns SmartThings' per-command results.  ``ACCEPTED`` only means SmartThings took the command:
        execution is asynchronous, so read the status to see the effect.  Scope: ``x:devices:*`` or
        ``x:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        batch = [commands] if isinstance(commands, Command) else list(commands)
        if not batch:
            raise ValueError("give at least one command")
        if len(batch) > MAX_COMMANDS:
            raise ValueError(f"SmartThings accepts at most {MAX_COMMANDS} commands per request, got {len(batch)}")
        for item in batch:
            if not isinstance(item, Command):
                raise TypeError(f"commands must be Command objects, got {type(item).__name__}")
        path = f"/devices/{segment(device_id, 'device_id')}/commands"
        body = {"commands": [encode_command(item) for item in batch]}
        return Operation(
            "devices.execute",
            "POST",
            path,
            _command_results,
            json=body,
            params=query(("ordered", ordered)) or None,
            ids={"deviceId": device_id},
            empty_ok=True,
        )

    @endpoint
    def command(
        self, device_id: str, capability: str, command: str, *arguments: Any, component: str = "main"
    ) -> Operation[CommandResult | None]:
        """Send one command: ``st.devices.command(device_id, "switch", "on")``.

        Arguments follow the command name (``st.devices.command(id, "switchLevel", "setLevel", 50)``).  Returns
        SmartThings' result for the command (``None`` if it sent none).  Scope: ``x:devices:*`` or
        ``x:devices:<deviceId>``.  Token kinds: personal access token, SmartApp token.
        """
        item = Command(capability=capability, command=command, arguments=arguments, component=component)
        path = f"/devices/{segment(device_id, 'device_id')}/commands"
        return Operation(
            "devices.execute",
            "POST",
            path,
            _first_result,
            json={"commands": [encode_command(item)]},
            ids={"deviceId": device_id},
            empty_ok=True,
        )

    @endpoint
    def create_events(self, device_id: str, events: DeviceEvent | Sequence[DeviceEvent]) -> Operation[None]:
        """Post state events for a device your SmartApp created (``POST /devices/{deviceId}/events``).

        At most 50 events per request.  Scope: ``w:devices:*``.  Token kinds: SmartApp token only, and only the
        SmartApp that created the device.
        """
        batch = [events] if isinstance(events, DeviceEvent) else list(events)
        if not batch:
            raise ValueError("give at least one event")
        if len(batch) > MAX_EVENTS:
            raise ValueError(f"SmartThings accepts at most {MAX_EVENTS} events per request, got {len(batch)}")
        path = f"/devices/{segment(device_id, 'device_id')}/events"
        return Operation(
            "devices.create_events",
            "POST",
            path,
            ignore_body,
            json={"deviceEvents": [encode(event) for event in batch]},
            ids={"deviceId": device_id},
            empty_ok=True,
        )

    @endpoint
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
    ) -> Operation[Device]:
        """Create a device of one of your device profiles, owned by your SmartApp (``POST /devices``).

        Sends ``{label, locationId, app: {profileId, installedAppId, externalId}}``, or with ``flat=True`` the
        flat form ``{profileId, installedAppId, externalId, locationId, label, roomId}`` that the official SDK
        also accepts.  ``installed_app_id`` defaults to the SmartApp token's own.

        Scope: ``i:deviceprofiles`` (the same grant as ``i:deviceprofiles:*``), which must be whitelisted for
        the app and requested in its INITIALIZE permissions.  Token kinds: SmartApp token only.
        """
        app_id = installed_app_id_for(self, installed_app_id, "devices.install", "POST", "", path="/devices")
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
        return Operation("devices.install", "POST", "/devices", _decode_device, json=body)

    @endpoint
    def update_profile(self, device_id: str, profile_id: str) -> Operation[Device]:
        """Switch a device your SmartApp created to another of your profiles (``PUT /devices/{deviceId}/profile``).

        Scope: ``i:deviceprofiles``.  Token kinds: SmartApp token only (the app that created the device).
        """
        path = f"/devices/{segment(device_id, 'device_id')}/profile"
        segment(profile_id, "profile_id")
        return Operation(
            "devices.update_profile",
            "PUT",
            path,
            _decode_device,
            json={"profileId": profile_id},
            ids={"deviceId": device_id},
        )


def encode_command(item: Command) -> dict[str, Any]:
    return {
        "component": item.component,
        "capability": item.capability,
        "command": item.command,
        "arguments": list(item.arguments),
    }


class Devices(_Devices, SyncResource):
    """Devices (blocking).  Reach it as ``SmartThings().devices``."""


class AsyncDevices(_Devices, AsyncResource):
    """Devices (async).  Reach it as ``AsyncSmartThings().devices``."""
