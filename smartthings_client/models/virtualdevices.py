"""Virtual devices: what creating one takes (prototypes, owners, command mappings) and what posting events gives.

A virtual device itself is an ordinary :class:`~smartthings_client.models.devices.Device` of type ``VIRTUAL``;
:attr:`Device.virtual <smartthings_client.models.devices.Device.virtual>` reads its ``virtual`` block.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ._base import ApiEnum
from .devices import DeviceEvent

__all__ = [
    "CommandMapping",
    "EventStateChange",
    "EventValue",
    "ExecutionTarget",
    "VirtualDeviceOwner",
    "VirtualDeviceOwnerType",
    "VirtualDevicePrototype",
]


class VirtualDevicePrototype(ApiEnum):
    """The standard prototypes of ``create_standard`` (the official CLI's list); SmartThings may know more, so
    any string is accepted too."""

    VIRTUAL_SWITCH = "VIRTUAL_SWITCH"
    VIRTUAL_DIMMER_SWITCH = "VIRTUAL_DIMMER_SWITCH"
    VIRTUAL_BUTTON = "VIRTUAL_BUTTON"
    VIRTUAL_CAMERA = "VIRTUAL_CAMERA"
    VIRTUAL_COLOR_BULB = "VIRTUAL_COLOR_BULB"
    VIRTUAL_CONTACT_SENSOR = "VIRTUAL_CONTACT_SENSOR"
    VIRTUAL_DIMMER = "VIRTUAL_DIMMER"
    VIRTUAL_GARAGE_DOOR_OPENER = "VIRTUAL_GARAGE_DOOR_OPENER"
    VIRTUAL_LOCK = "VIRTUAL_LOCK"
    VIRTUAL_METERED_SWITCH = "VIRTUAL_METERED_SWITCH"
    VIRTUAL_MOTION_SENSOR = "VIRTUAL_MOTION_SENSOR"
    VIRTUAL_MULTI_SENSOR = "VIRTUAL_MULTI_SENSOR"
    VIRTUAL_PRESENCE_SENSOR = "VIRTUAL_PRESENCE_SENSOR"
    VIRTUAL_REFRIGERATOR = "VIRTUAL_REFRIGERATOR"
    VIRTUAL_RGBW_BULB = "VIRTUAL_RGBW_BULB"
    VIRTUAL_SIREN = "VIRTUAL_SIREN"
    VIRTUAL_THERMOSTAT = "VIRTUAL_THERMOSTAT"


class ExecutionTarget(ApiEnum):
    """Where a virtual device runs: in the cloud, or ``LOCAL`` on a hub (give ``hub_id``; only the switch and
    dimmer-switch prototypes run locally)."""

    CLOUD = "CLOUD"
    LOCAL = "LOCAL"


class VirtualDeviceOwnerType(ApiEnum):
    USER = "USER"
    LOCATION = "LOCATION"


@attrs.frozen(kw_only=True)
class VirtualDeviceOwner:
    """Who owns a new virtual device; a ``location_id`` argument stands for ``LOCATION`` ownership."""

    owner_type: VirtualDeviceOwnerType | str
    owner_id: str


@attrs.frozen(kw_only=True)
class EventValue:
    """One event a mapped command raises: the command's argument (``input_type="ARGUMENT"``) or a fixed value
    (``input_type="STATIC"``, ``static_value=...``) for ``attribute``."""

    input_type: str = "ARGUMENT"
    attribute: str | None = None
    static_value: Any = None


def _event_values(values: Iterable[EventValue]) -> tuple[EventValue, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class CommandMapping:
    """How a virtual device answers a command: the events SmartThings raises when it receives it."""

    capability_id: str
    command: str
    event_values: tuple[EventValue, ...] = attrs.field(default=(), converter=_event_values)
    version: int = 1


@attrs.frozen(kw_only=True)
class EventStateChange:
    """One posted event and whether it changed the device's state (``None`` when SmartThings did not say)."""

    event: DeviceEvent
    state_change: bool | None
