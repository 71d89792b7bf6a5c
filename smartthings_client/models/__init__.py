"""Typed models of SmartThings resources (attrs, frozen).  JSON is handled by :mod:`.converter` alone."""

from ._base import Model
from .devices import (
    AttributeState,
    CapabilityReference,
    CapabilityStatus,
    Category,
    Command,
    CommandResult,
    CommandStatus,
    Component,
    ComponentStatus,
    Device,
    DeviceApp,
    DeviceEvent,
    DeviceHealth,
    DeviceStatus,
    DeviceType,
    HealthState,
    ProfileReference,
)
from .locations import Location, LocationParent, Mode, Room

__all__ = [
    "AttributeState",
    "CapabilityReference",
    "CapabilityStatus",
    "Category",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ComponentStatus",
    "Device",
    "DeviceApp",
    "DeviceEvent",
    "DeviceHealth",
    "DeviceStatus",
    "DeviceType",
    "HealthState",
    "Location",
    "LocationParent",
    "Mode",
    "Model",
    "ProfileReference",
    "Room",
]
