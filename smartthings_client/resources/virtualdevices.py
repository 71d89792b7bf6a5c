"""``st.virtual_devices``: create devices that exist only in SmartThings, to test automations and scripts.

A virtual device is an ordinary device afterwards: read, command, rename and delete it with ``st.devices``.
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping, Sequence
from typing import Any

from .._operation import Request, query, segment
from ..models.converter import decode_as, encode
from ..models.devices import Device, DeviceEvent
from ..models.virtualdevices import (
    CommandMapping,
    EventStateChange,
    ExecutionTarget,
    VirtualDeviceOwner,
    VirtualDeviceOwnerType,
    VirtualDevicePrototype,
)
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged
from ._installed import wire_value
from .deviceprofiles import ComponentInput
from .deviceprofiles import _components as profile_components
from .devices import event_batch

__all__ = ["AsyncVirtualDevices", "VirtualDevices"]

MAX_NAME = 255

_decode_device = decode_as(Device)
_UNVERIFIED = "SmartThings documents no scope for virtual devices; {scope} is the likely requirement (unverified)."


def _owner(location_id: str | None, owner: VirtualDeviceOwner | None) -> dict[str, Any]:
    if (location_id is None) == (owner is None):
        raise ValueError("give either location_id (the location owns the device) or owner")
    if owner is None:
        segment(location_id, "location_id")
        return {"ownerType": VirtualDeviceOwnerType.LOCATION.value, "ownerId": location_id}
    if not isinstance(owner, VirtualDeviceOwner):
        raise TypeError(f"owner must be a VirtualDeviceOwner, not {type(owner).__name__}")
    segment(owner.owner_id, "owner_id")
    return {"ownerType": wire_value(owner.owner_type), "ownerId": owner.owner_id}


def _placement(
    name: str,
    room_id: str | None,
    execution_target: ExecutionTarget | str | None,
    hub_id: str | None,
    driver_id: str | None,
    channel_id: str | None,
) -> dict[str, Any]:
    """The fields both create calls share, checked."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("name must not be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"name must be at most {MAX_NAME} characters")
    ids = {"room_id": room_id, "hub_id": hub_id, "driver_id": driver_id, "channel_id": channel_id}
    for label, value in ids.items():
        if value is not None:
            segment(value, label)
    target = wire_value(execution_target) if execution_target is not None else None
    if target == ExecutionTarget.LOCAL.value and hub_id is None:
        raise ValueError("execution_target LOCAL needs the hub_id of the hub to run on")
    fields = {
        "roomId": room_id,
        "executionTarget": target,
        "hubId": hub_id,
        "driverId": driver_id,
        "channelId": channel_id,
    }
    return {key: value for key, value in fields.items() if value is not None}


def _mapping(item: CommandMapping) -> dict[str, Any]:
    if not isinstance(item, CommandMapping):
        raise TypeError(f"command_mappings must hold CommandMapping objects, not {type(item).__name__}")
    values = []
    for value in item.event_values:
        entry: dict[str, Any] = {"inputType": value.input_type}
        if value.attribute is not None:
            entry["attribute"] = value.attribute
        if value.static_value is not None:
            entry["staticValue"] = value.static_value
        values.append(entry)
    return {"capabilityId": item.capability_id, "version": item.version, "command": item.command, "eventValues": values}


def _paired(events: builtins.list[DeviceEvent]) -> Any:
    def decode(data: Any) -> builtins.list[EventStateChange]:
        flags = data.get("stateChanges") if isinstance(data, Mapping) else None
        flags = [flag if isinstance(flag, bool) else None for flag in flags] if isinstance(flags, list) else []
        flags += [None] * (len(events) - len(flags))
        return [EventStateChange(event=event, state_change=flag) for event, flag in zip(events, flags, strict=False)]

    return decode


class _VirtualDevices(ResourceBase):
    _group = "virtual_devices"

    @paged(
        "virtual_devices.list",
        "GET",
        "/virtualdevices",
        (("r:devices:*",),),
        note=_UNVERIFIED.format(scope="r:devices:*"),
    )
    def list(self, *, location_id: str | None = None) -> Request[Device]:
        """The virtual devices the token can see (of one location, if given), fetched page by page."""
        if location_id is not None:
            segment(location_id, "location_id")
        return Request(_decode_device, params=query(("locationId", location_id)) or None)

    @endpoint(
        "virtual_devices.create",
        "POST",
        "/virtualdevices",
        (("w:devices:*",),),
        note=_UNVERIFIED.format(scope="w:devices:*"),
    )
    def create(
        self,
        name: str,
        *,
        location_id: str | None = None,
        owner: VirtualDeviceOwner | None = None,
        device_profile_id: str | None = None,
        components: Sequence[ComponentInput] | None = None,
        device_profile: Mapping[str, Any] | None = None,
        room_id: str | None = None,
        execution_target: ExecutionTarget | str | None = None,
        hub_id: str | None = None,
        driver_id: str | None = None,
        channel_id: str | None = None,
        command_mappings: Sequence[CommandMapping] | None = None,
    ) -> Request[Device]:
        """Create a virtual device from a device profile.

        The profile is one of: ``device_profile_id`` (an existing profile), ``components`` (an inline profile
        named after the device, e.g. ``[DeviceProfileComponent(id="main", capabilities=...)]``) or
        ``device_profile`` (a whole inline profile in SmartThings' JSON shape).  ``location_id`` makes the
        location the owner; ``owner`` names another.  ``command_mappings`` say which events a command raises.
        """
        body: dict[str, Any] = {"name": name, "owner": _owner(location_id, owner)}
        chosen = [v for v in (device_profile_id, components, device_profile) if v is not None]
        if len(chosen) != 1:
            raise ValueError("give exactly one of device_profile_id, components and device_profile")
        if device_profile_id is not None:
            segment(device_profile_id, "device_profile_id")
            body["deviceProfileId"] = device_profile_id
        elif components is not None:
            body["deviceProfile"] = {"name": name, "components": profile_components(components)}
        else:
            if not isinstance(device_profile, Mapping):
                raise TypeError("device_profile must be a dict in SmartThings' device-profile shape")
            body["deviceProfile"] = dict(device_profile)
        body.update(_placement(name, room_id, execution_target, hub_id, driver_id, channel_id))
        if command_mappings is not None:
            body["commandMappings"] = {"commands": [_mapping(item) for item in command_mappings]}
        return Request(_decode_device, json=body)

    @endpoint(
        "virtual_devices.create_standard",
        "POST",
        "/virtualdevices/prototypes",
        (("w:devices:*",),),
        note=_UNVERIFIED.format(scope="w:devices:*"),
    )
    def create_standard(
        self,
        name: str,
        prototype: VirtualDevicePrototype | str,
        location_id: str | None = None,
        *,
        owner: VirtualDeviceOwner | None = None,
        room_id: str | None = None,
        execution_target: ExecutionTarget | str | None = None,
        hub_id: str | None = None,
        driver_id: str | None = None,
        channel_id: str | None = None,
    ) -> Request[Device]:
        """Create a virtual device of a standard prototype: ``create_standard("Test switch", "VIRTUAL_SWITCH",
        location_id)``.

        ``prototype`` is a :class:`VirtualDevicePrototype` or any prototype id SmartThings knows.  Only the
        switch and dimmer-switch prototypes can run on a hub (``execution_target="LOCAL"`` with ``hub_id``).
        """
        if not isinstance(prototype, str) or not prototype.strip():
            raise ValueError("prototype must be a prototype id such as 'VIRTUAL_SWITCH'")
        body: dict[str, Any] = {"name": name, "owner": _owner(location_id, owner), "prototype": wire_value(prototype)}
        body.update(_placement(name, room_id, execution_target, hub_id, driver_id, channel_id))
        return Request(_decode_device, json=body)

    @endpoint(
        "virtual_devices.create_events",
        "POST",
        "/virtualdevices/{deviceId}/events",
        (("w:devices:{deviceId}",),),
        note=_UNVERIFIED.format(scope="w:devices:{deviceId}"),
    )
    def create_events(
        self, device_id: str, events: DeviceEvent | Sequence[DeviceEvent]
    ) -> Request[builtins.list[EventStateChange]]:
        """Make a virtual device report state (at most 50 events per request), as if the device sent them.

        Returns each event with whether it changed the device's state (SmartThings' ``stateChanges`` flags, in
        the order of the events).
        """
        batch = event_batch(events)
        body = {"deviceEvents": [encode(event) for event in batch]}
        return Request(_paired(batch), path={"deviceId": device_id}, json=body)


class VirtualDevices(_VirtualDevices, SyncResource):
    """Virtual devices (blocking).  Reach it as ``SmartThings().virtual_devices``."""


class AsyncVirtualDevices(_VirtualDevices, AsyncResource):
    """Virtual devices (async).  Reach it as ``AsyncSmartThings().virtual_devices``."""
