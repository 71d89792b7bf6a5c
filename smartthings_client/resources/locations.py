"""``st.locations``, with its rooms (``st.locations.rooms``) and modes (``st.locations.modes``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Request, ignore_body, query, segment
from ..models.converter import decode_as
from ..models.devices import Device
from ..models.locations import Location, Mode, Room
from ..scopes import PAT_ONLY
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncLocations", "AsyncModes", "AsyncRooms", "Locations", "Modes", "Rooms"]

_decode_location = decode_as(Location)
_decode_room = decode_as(Room)
_decode_mode = decode_as(Mode)
_decode_device = decode_as(Device)


_LOC = "/locations/{locationId}"
_R_LOC = (("r:locations:{locationId}",),)
_W_LOC = (("w:locations:{locationId}",),)
_LOCATION_NOTE = "A SmartApp token only sees the location it is installed in (community t/199679)."
_PAT_WRITE_NOTE = "S1: w:locations:* is only applicable for personal access tokens."
_NEWER_NOTE = "Not in the 2019 spec (core-sdk)."


def _check_text(value: object, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")


def _only_given(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


class _Locations(ResourceBase):
    _group = "locations"

    @paged(
        "locations.list",
        "GET",
        "/locations",
        (("r:locations:*",), ("l:locations",)),
        note="S1 lists r:locations:* and l:locations together; in practice either lists locations. " + _LOCATION_NOTE,
    )
    def list(self) -> Request[Location]:
        """Every location the token can see; each has only ``location_id`` and ``name``."""
        return Request(_decode_location)

    @endpoint("locations.get", "GET", _LOC, _R_LOC, note=_LOCATION_NOTE)
    def get(self, location_id: str, *, allowed: bool = False) -> Request[Location]:
        """One location with its details; ``allowed=True`` asks for the actions the token may take on it.

        ``allowed`` is always sent (``allowed=false`` by default), as the official SDK does.
        """
        params = query(("allowed", bool(allowed)))
        return Request(_decode_location, path={"locationId": location_id}, params=params)

    @endpoint("locations.create", "POST", "/locations", (("w:locations:*",),), PAT_ONLY, note=_PAT_WRITE_NOTE)
    def create(
        self,
        name: str,
        country_code: str,
        *,
        latitude: float | None = None,
        longitude: float | None = None,
        region_radius: int | None = None,
        temperature_scale: str | None = None,
        locale: str | None = None,
        additional_properties: Mapping[str, str] | None = None,
    ) -> Request[Location]:
        """Create a location.  A country that cannot host one gives a 422."""
        _check_text(name, "name")
        if temperature_scale not in (None, "F", "C"):
            raise ValueError("temperature_scale must be 'F' or 'C'")
        body = _only_given(
            name=name,
            countryCode=country_code,
            latitude=latitude,
            longitude=longitude,
            regionRadius=region_radius,
            temperatureScale=temperature_scale,
            locale=locale,
            additionalProperties=dict(additional_properties) if additional_properties is not None else None,
        )
        return Request(_decode_location, json=body)

    @endpoint("locations.update", "PUT", _LOC, _W_LOC, PAT_ONLY, note=_PAT_WRITE_NOTE)
    def update(
        self,
        location_id: str,
        *,
        name: str | None = None,
        latitude: float | None = None,
        longitude: float | None = None,
        region_radius: int | None = None,
        temperature_scale: str | None = None,
        locale: str | None = None,
        additional_properties: Mapping[str, str] | None = None,
    ) -> Request[Location]:
        """Change a location; only the fields given are sent."""
        if temperature_scale not in (None, "F", "C"):
            raise ValueError("temperature_scale must be 'F' or 'C'")
        body = _only_given(
            name=name,
            latitude=latitude,
            longitude=longitude,
            regionRadius=region_radius,
            temperatureScale=temperature_scale,
            locale=locale,
            additionalProperties=dict(additional_properties) if additional_properties is not None else None,
        )
        if not body:
            raise ValueError("give at least one field to change")
        return Request(_decode_location, path={"locationId": location_id}, json=body)

    @endpoint("locations.delete", "DELETE", _LOC, _W_LOC, PAT_ONLY, note=_PAT_WRITE_NOTE)
    def delete(self, location_id: str) -> Request[None]:
        """Delete a location and everything in it."""
        return Request(ignore_body, path={"locationId": location_id}, empty_ok=True)


class _Rooms(ResourceBase):
    _group = "locations.rooms"

    @paged("rooms.list", "GET", f"{_LOC}/rooms", _R_LOC)
    def list(self, location_id: str) -> Request[Room]:
        """The rooms of a location."""
        return Request(_decode_room, path={"locationId": location_id})

    @endpoint("rooms.get", "GET", f"{_LOC}/rooms/{{roomId}}", _R_LOC)
    def get(self, location_id: str, room_id: str) -> Request[Room]:
        """One room."""
        return Request(_decode_room, path={"locationId": location_id, "roomId": room_id})

    @endpoint("rooms.create", "POST", f"{_LOC}/rooms", _W_LOC)
    def create(self, location_id: str, name: str) -> Request[Room]:
        """Create a room."""
        _check_text(name, "name")
        return Request(_decode_room, path={"locationId": location_id}, json={"name": name})

    @endpoint("rooms.update", "PUT", f"{_LOC}/rooms/{{roomId}}", _W_LOC)
    def update(self, location_id: str, room_id: str, name: str) -> Request[Room]:
        """Rename a room."""
        _check_text(name, "name")
        return Request(_decode_room, path={"locationId": location_id, "roomId": room_id}, json={"name": name})

    @endpoint("rooms.delete", "DELETE", f"{_LOC}/rooms/{{roomId}}", _W_LOC)
    def delete(self, location_id: str, room_id: str) -> Request[None]:
        """Delete a room; its devices stay in the location."""
        return Request(ignore_body, path={"locationId": location_id, "roomId": room_id}, empty_ok=True)

    @paged(
        "rooms.list_devices",
        "GET",
        f"{_LOC}/rooms/{{roomId}}/devices",
        _R_LOC,
        note="Not in the 2019 spec (core-sdk); listing the devices may also need r:devices.",
    )
    def list_devices(self, location_id: str, room_id: str) -> Request[Device]:
        """The devices in a room."""
        return Request(_decode_device, path={"locationId": location_id, "roomId": room_id})


class _Modes(ResourceBase):
    _group = "locations.modes"

    @paged("modes.list", "GET", f"{_LOC}/modes", _R_LOC, note=_NEWER_NOTE)
    def list(self, location_id: str) -> Request[Mode]:
        """The modes of a location, e.g. Home, Away, Night."""
        return Request(_decode_mode, path={"locationId": location_id})

    @endpoint("modes.get_current", "GET", f"{_LOC}/modes/current", _R_LOC, note=_NEWER_NOTE)
    def get_current(self, location_id: str) -> Request[Mode]:
        """The location's current mode."""
        return Request(_decode_mode, path={"locationId": location_id})

    @endpoint(
        "modes.set_current",
        "PUT",
        f"{_LOC}/modes/current",
        (("x:locations:{locationId}",), ("w:locations:{locationId}",)),
        note=_NEWER_NOTE,
    )
    def set_current(self, location_id: str, mode_id: str) -> Request[Mode]:
        """Switch the location to another mode."""
        segment(mode_id, "mode_id")
        return Request(_decode_mode, path={"locationId": location_id}, json={"modeId": mode_id})

    @endpoint("modes.create", "POST", f"{_LOC}/modes", _W_LOC, note=_NEWER_NOTE)
    def create(self, location_id: str, label: str) -> Request[Mode]:
        """Create a mode."""
        _check_text(label, "label")
        return Request(_decode_mode, path={"locationId": location_id}, json={"label": label})

    @endpoint("modes.update", "PUT", f"{_LOC}/modes/{{modeId}}", _W_LOC, note=_NEWER_NOTE)
    def update(self, location_id: str, mode_id: str, label: str) -> Request[Mode]:
        """Relabel a mode."""
        _check_text(label, "label")
        return Request(_decode_mode, path={"locationId": location_id, "modeId": mode_id}, json={"label": label})

    @endpoint("modes.delete", "DELETE", f"{_LOC}/modes/{{modeId}}", _W_LOC, note=_NEWER_NOTE)
    def delete(self, location_id: str, mode_id: str) -> Request[None]:
        """Delete a mode."""
        return Request(ignore_body, path={"locationId": location_id, "modeId": mode_id}, empty_ok=True)


class Rooms(_Rooms, SyncResource):
    """Rooms of a location (blocking): ``SmartThings().locations.rooms``."""


class AsyncRooms(_Rooms, AsyncResource):
    """Rooms of a location (async): ``AsyncSmartThings().locations.rooms``."""


class Modes(_Modes, SyncResource):
    """Modes of a location (blocking): ``SmartThings().locations.modes``."""


class AsyncModes(_Modes, AsyncResource):
    """Modes of a location (async): ``AsyncSmartThings().locations.modes``."""


class Locations(_Locations, SyncResource):
    """Locations (blocking), with ``rooms`` and ``modes``: ``SmartThings().locations``."""

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.rooms = Rooms(transport)
        self.modes = Modes(transport)


class AsyncLocations(_Locations, AsyncResource):
    """Locations (async), with ``rooms`` and ``modes``: ``AsyncSmartThings().locations``."""

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.rooms = AsyncRooms(transport)
        self.modes = AsyncModes(transport)
