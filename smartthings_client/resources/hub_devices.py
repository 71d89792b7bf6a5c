"""``st.hub_devices``: a hub's record and characteristics, its channel enrollments and its Edge drivers."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .._operation import Request, ignore_body, query, segment
from ..models.converter import decode_as
from ..models.hubdevices import EnrolledChannel, Hub, InstalledDriver
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint

__all__ = ["AsyncHubDevices", "HubDevices"]

T = TypeVar("T")

_decode_hub = decode_as(Hub)
_decode_channels = decode_as(tuple[EnrolledChannel, ...])
_decode_installed = decode_as(tuple[InstalledDriver, ...])
_decode_installed_one = decode_as(InstalledDriver)


def _plain_list(decode: Callable[[Any], tuple[T, ...]]) -> Callable[[Any], builtins.list[T]]:
    """These two answers are plain JSON arrays (contract §2); a paged ``{items}`` object is read too."""

    def decode_list(data: Any) -> builtins.list[T]:
        if isinstance(data, Mapping) and "items" in data:
            data = data["items"]
        return builtins.list(decode(data))

    return decode_list


def _characteristics(data: Any) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        raise TypeError(f"expected a JSON object of characteristics, got {type(data).__name__}")
    return dict(data)


_HUB = "/hubdevices/{hubId}"
_R_HUBS = (("r:hubs",),)
_READ_NOTE = "r:hubs (r:hubs:*) is the hub read scope in the CLI's and Home Assistant's lists; this use is inferred."
_UNKNOWN_NOTE = "Scope unknown in every source; r:hubs is assumed (unverified)."
_INSTALL_NOTE = "Scope unknown in every source; w:drivers:* is assumed (unverified)."


class _HubDevices(ResourceBase):
    _group = "hub_devices"

    @endpoint("hub_devices.get", "GET", _HUB, _R_HUBS, note=_READ_NOTE)
    def get(self, hub_id: str) -> Request[Hub]:
        """A hub's record: name, EUI, owner, serial number and firmware version."""
        return Request(_decode_hub, path={"hubId": hub_id})

    @endpoint("hub_devices.characteristics", "GET", f"{_HUB}/characteristics", _R_HUBS, note=_UNKNOWN_NOTE)
    def characteristics(self, hub_id: str) -> Request[dict[str, Any]]:
        """A hub's characteristics (radios, Zigbee channel, firmware details...): a free-form mapping."""
        return Request(_characteristics, path={"hubId": hub_id})

    @endpoint("hub_devices.enrolled_channels", "GET", f"{_HUB}/channels", _R_HUBS, note=_UNKNOWN_NOTE)
    def enrolled_channels(self, hub_id: str) -> Request[builtins.list[EnrolledChannel]]:
        """The driver channels a hub is enrolled in (one list, not paged)."""
        params = query(("channelType", "DRIVERS"))
        return Request(_plain_list(_decode_channels), path={"hubId": hub_id}, params=params)

    @endpoint("hub_devices.installed_drivers", "GET", f"{_HUB}/drivers", _R_HUBS, note=_UNKNOWN_NOTE)
    def installed_drivers(
        self, hub_id: str, *, device_id: str | None = None
    ) -> Request[builtins.list[InstalledDriver]]:
        """The drivers installed on a hub (one list, not paged).

        With ``device_id``, only the drivers that match that device (the ones it could be switched to).
        """
        if device_id is not None:
            segment(device_id, "device_id")
        params = query(("deviceId", device_id)) or None
        return Request(_plain_list(_decode_installed), path={"hubId": hub_id}, params=params)

    @endpoint("hub_devices.get_installed_driver", "GET", f"{_HUB}/drivers/{{driverId}}", _R_HUBS, note=_UNKNOWN_NOTE)
    def get_installed_driver(self, hub_id: str, driver_id: str) -> Request[InstalledDriver]:
        """One driver installed on a hub."""
        return Request(_decode_installed_one, path={"hubId": hub_id, "driverId": driver_id})

    @endpoint(
        "hub_devices.install_driver",
        "PUT",
        f"{_HUB}/drivers/{{driverId}}",
        (("w:drivers:*",),),
        note=_INSTALL_NOTE + " The driver must be assigned to the channel, and the hub enrolled in it.",
    )
    def install_driver(self, hub_id: str, driver_id: str, *, channel_id: str) -> Request[None]:
        """Install a driver on a hub from a channel the hub is enrolled in, so the hub can use it when devices
        join (or switch devices to it)."""
        segment(channel_id, "channel_id")
        path = {"hubId": hub_id, "driverId": driver_id}
        return Request(ignore_body, path=path, json={"channelId": channel_id}, empty_ok=True)

    @endpoint(
        "hub_devices.uninstall_driver",
        "DELETE",
        f"{_HUB}/drivers/{{driverId}}",
        (("w:drivers:*",),),
        note=_INSTALL_NOTE + " The hub finishes removing it once no device uses it.",
    )
    def uninstall_driver(self, hub_id: str, driver_id: str) -> Request[None]:
        """Remove a driver from a hub."""
        return Request(ignore_body, path={"hubId": hub_id, "driverId": driver_id}, empty_ok=True)

    @endpoint(
        "hub_devices.switch_driver",
        "PATCH",
        f"{_HUB}/childdevice/{{deviceId}}",
        (("w:devices:{deviceId}",),),
        note="Scope unknown in every source; w:devices on the device is assumed (unverified).",
    )
    def switch_driver(
        self, hub_id: str, device_id: str, driver_id: str, *, force_update: bool = False
    ) -> Request[None]:
        """Switch a device joined through a hub to another driver installed on that hub.

        ``force_update=True`` sends ``forceUpdate=true``.
        """
        segment(driver_id, "driver_id")
        params = query(("forceUpdate", True)) if force_update else None
        path = {"hubId": hub_id, "deviceId": device_id}
        return Request(ignore_body, path=path, params=params, json={"driverId": driver_id}, empty_ok=True)


class HubDevices(_HubDevices, SyncResource):
    """Hub devices (blocking).  Reach it as ``SmartThings().hub_devices``."""


class AsyncHubDevices(_HubDevices, AsyncResource):
    """Hub devices (async).  Reach it as ``AsyncSmartThings().hub_devices``."""
