"""Edge drivers: the summaries ``GET /drivers`` pages, and full drivers with their fingerprints.

No real answers of these endpoints were ever captured: the shapes follow the official core SDK's types and the
2022 spec's model names (contract §11.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._base import ApiEnum, Model

__all__ = [
    "DeviceIntegrationProfileKey",
    "DriverFingerprint",
    "EdgeDriver",
    "EdgeDriverPermission",
    "EdgeDriverSummary",
    "FingerprintType",
    "ZigbeeClusters",
    "ZigbeeGenericFingerprint",
    "ZigbeeManufacturerFingerprint",
    "ZwaveCommandClasses",
    "ZwaveGenericFingerprint",
    "ZwaveManufacturerFingerprint",
]


class FingerprintType(ApiEnum):
    """Known kinds of driver fingerprint; a kind not listed here arrives as a plain ``str``."""

    ZIGBEE_MANUFACTURER = "ZIGBEE_MANUFACTURER"
    ZWAVE_MANUFACTURER = "ZWAVE_MANUFACTURER"
    DTH = "DTH"


@attrs.frozen(kw_only=True)
class DeviceIntegrationProfileKey(Model):
    """A device integration profile a driver uses, by id and major version."""

    id: str | None = None
    major_version: int | None = None


@attrs.frozen(kw_only=True)
class EdgeDriverPermission(Model):
    """One permission a driver asks for (``zigbee``, ``lan``...) and its attributes."""

    name: str
    attributes: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class ZigbeeClusters(Model):
    """16-bit Zigbee cluster ids, client and server side."""

    client: tuple[int, ...] = ()
    server: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class ZigbeeGenericFingerprint(Model):
    """A generic Zigbee match: clusters, device identifiers and profiles."""

    clusters: ZigbeeClusters | None = None
    device_identifiers: tuple[int, ...] = ()
    zigbee_profiles: tuple[int, ...] = ()
    device_integration_profile_key: DeviceIntegrationProfileKey | None = None


@attrs.frozen(kw_only=True)
class ZigbeeManufacturerFingerprint(Model):
    """A Zigbee device by the manufacturer and model it reports."""

    manufacturer: str | None = None
    model: str | None = None
    device_integration_profile_key: DeviceIntegrationProfileKey | None = None


@attrs.frozen(kw_only=True)
class ZwaveCommandClasses(Model):
    """8-bit Z-Wave command class ids: either, controlled or supported."""

    either: tuple[int, ...] = ()
    controlled: tuple[int, ...] = ()
    supported: tuple[int, ...] = ()


@attrs.frozen(kw_only=True)
class ZwaveGenericFingerprint(Model):
    """A generic Z-Wave match: generic and specific types and command classes."""

    generic_type: int | None = None
    specific_type: tuple[int, ...] = ()
    command_classes: ZwaveCommandClasses | None = None
    device_integration_profile_key: DeviceIntegrationProfileKey | None = None


@attrs.frozen(kw_only=True)
class ZwaveManufacturerFingerprint(Model):
    """A Z-Wave device by manufacturer id, product type and product id."""

    manufacturer_id: int | None = None
    product_type: int | None = None
    product_id: int | None = None
    device_integration_profile_key: DeviceIntegrationProfileKey | None = None


@attrs.frozen(kw_only=True)
class DriverFingerprint(Model):
    """Which devices a driver claims when they join: one of the four match kinds is set."""

    id: str
    type: FingerprintType | str | None = None
    device_label: str | None = None
    zigbee_generic: ZigbeeGenericFingerprint | None = None
    zigbee_manufacturer: ZigbeeManufacturerFingerprint | None = None
    zwave_generic: ZwaveGenericFingerprint | None = None
    zwave_manufacturer: ZwaveManufacturerFingerprint | None = None


@attrs.frozen(kw_only=True)
class EdgeDriverSummary(Model):
    """A driver as ``GET /drivers`` lists it: one revision (``version``) of a package you uploaded."""

    driver_id: str
    name: str | None = None
    description: str | None = None
    package_key: str | None = None
    version: str | None = None
    device_integration_profiles: tuple[DeviceIntegrationProfileKey, ...] = ()
    permissions: tuple[EdgeDriverPermission, ...] = ()


@attrs.frozen(kw_only=True)
class EdgeDriver(EdgeDriverSummary):
    """A driver revision with the fingerprints of the devices it handles."""

    fingerprints: tuple[DriverFingerprint, ...] = ()
