"""Hubs as ``/hubdevices`` describes them: the hub record, its channel enrollments and installed Edge drivers
(contract §11.3; shapes from the core SDK's types, no real capture)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ._base import Model

__all__ = ["EnrolledChannel", "Hub", "InstalledDriver"]


@attrs.frozen(kw_only=True)
class Hub(Model):
    """A hub: its id, name, Zigbee EUI, owner, serial number and firmware version."""

    id: str
    name: str | None = None
    eui: str | None = None
    owner: str | None = None
    serial_number: str | None = None
    firmware_version: str | None = None


@attrs.frozen(kw_only=True)
class EnrolledChannel(Model):
    """A driver channel a hub is enrolled in."""

    channel_id: str
    name: str | None = None
    description: str | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
    subscription_url: str | None = None


@attrs.frozen(kw_only=True)
class InstalledDriver(Model):
    """A driver installed on a hub, from one channel.

    Unlike :class:`~smartthings_client.models.drivers.EdgeDriver`, ``permissions`` is a map of permission name to
    its attributes here (core SDK ``InstalledDriver``).
    """

    driver_id: str
    name: str | None = None
    description: str | None = None
    version: str | None = None
    channel_id: str | None = None
    developer: str | None = None
    vendor_support_information: str | None = None
    permissions: Mapping[str, Any] = attrs.field(factory=dict)
