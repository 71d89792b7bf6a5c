"""``st.locations``, with its rooms (``st.locations.rooms``) and modes (``st.locations.modes``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Operation, ignore_body, query, segment
from ..models.converter import decode_as
from ..models.devices import Device
from ..models.locations import Location, Mode, Room
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncLocations", "AsyncModes", "AsyncRooms", "Locations", "Modes", "Rooms"]

_decode_location = decode_as(Location)
_decode_room = decode_as(Room)
_decode_mode = decode_as(Mode)
_decode_device = decode_as(Device)


def _location_path(location_id: str) -> str:
    return f"/locations/{segment(location_id, 'location_id')}"


def _check_text(value: object, name: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")


def _only_given(**fields: Any) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


class _Locations(ResourceBase):
    @paged
    def list(self) -> Operation[Location]:
        """Every location the token can see (``GET /locations``); each has only ``location_id`` and ``name``.

        Scope: ``r:locations:*`` (or ``l:locations``).  Token kinds: personal access token; a SmartApp token sees
        only its own location.
        """
        return Operation("locations.list", "GET", "/locations", _decode_location, paged=True)

    @endpoint
    def get(self, location_id: str, *, allowed: bool | None = None) -> Operation[Location]:
        """One location with its details (``GET /locations/{locationId}``).

        ``allowed=True`` asks for the actions the token may take on it.  Scope: ``r:locations:*`` or
        ``r:locations:<locationId>``.  Token kinds: personal access token, SmartApp token (its own location).
        """
        return Operation(
            "locations.get",
            "GET",
            _location_path(location_id),
            _decode_location,
            params=query(("allowed", allowed)) or None,
            ids={"locationId": location_id},
        )

    @endpoint
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
    ) -> Operation[Location]:
        """Create a location (``POST /locations``).  A country that cannot host one gives a 422.

        Scope: ``w:locations:*``.  Token kinds: personal access token only.
        """
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
        return Operation("locations.create", "POST", "/locations", _decode_location, json=body)

    @endpoint
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
    ) -> Operation[Location]:
        """Change a location; only the fields given are sent (``PUT /locations/{locationId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token only.
        """
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
        return Operation(
            "locations.update",
            "PUT",
            _location_path(location_id),
            _decode_location,
            json=body,
            ids={"locationId": location_id},
        )

    @endpoint
    def delete(self, location_id: str) -> Operation[None]:
        """Delete a location and everything in it (``DELETE /locations/{locationId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token only.
        """
        return Operation(
            "locations.delete",
            "DELETE",
            _location_path(location_id),
            ignore_body,
            ids={"locationId": location_id},
            empty_ok=True,
        )


class _Rooms(ResourceBase):
    @paged
    def list(self, location_id: str) -> Operation[Room]:
        """The rooms of a location (``GET /locations/{locationId}/rooms``).

        Scope: ``r:locations:*`` or ``r:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        return Operation(
            "rooms.list",
            "GET",
            f"{_location_path(location_id)}/rooms",
            _decode_room,
            paged=True,
            ids={"locationId": location_id},
        )

    @endpoint
    def get(self, location_id: str, room_id: str) -> Operation[Room]:
        """One room (``GET /locations/{locationId}/rooms/{roomId}``).

        Scope: ``r:locations:*`` or ``r:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        path = f"{_location_path(location_id)}/rooms/{segment(room_id, 'room_id')}"
        return Operation("rooms.get", "GET", path, _decode_room, ids={"locationId": location_id})

    @endpoint
    def create(self, location_id: str, name: str) -> Operation[Room]:
        """Create a room (``POST /locations/{locationId}/rooms``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        _check_text(name, "name")
        return Operation(
            "rooms.create",
            "POST",
            f"{_location_path(location_id)}/rooms",
            _decode_room,
            json={"name": name},
            ids={"locationId": location_id},
        )

    @endpoint
    def update(self, location_id: str, room_id: str, name: str) -> Operation[Room]:
        """Rename a room (``PUT /locations/{locationId}/rooms/{roomId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        _check_text(name, "name")
        path = f"{_location_path(location_id)}/rooms/{segment(room_id, 'room_id')}"
        return Operation(
            "rooms.update", "PUT", path, _decode_room, json={"name": name}, ids={"locationId": location_id}
        )

    @endpoint
    def delete(self, location_id: str, room_id: str) -> Operation[None]:
        """Delete a room; its devices stay in the location (``DELETE /locations/{locationId}/rooms/{roomId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        path = f"{_location_path(location_id)}/rooms/{segment(room_id, 'room_id')}"
        return Operation("rooms.delete", "DELETE", path, ignore_body, ids={"locationId": location_id}, empty_ok=True)

    @paged
    def list_devices(self, location_id: str, room_id: str) -> Operation[Device]:
        """The devices in a room (``GET /locations/{locationId}/rooms/{roomId}/devices``).

        Scope: ``r:locations:*`` (and device read access).  Token kinds: personal access token, SmartApp token.
        """
        path = f"{_location_path(location_id)}/rooms/{segment(room_id, 'room_id')}/devices"
        return Operation(
            "rooms.list_devices",
            "GET",
            path,
            _decode_device,
            paged=True,
            ids={"locationId": location_id},
        )


class _Modes(ResourceBase):
    @paged
    def list(self, location_id: str) -> Operation[Mode]:
        """The modes of a location, e.g. Home, Away, Night (``GET /locations/{locationId}/modes``).

        Scope: ``r:locations:*`` or ``r:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        return Operation(
            "modes.list",
            "GET",
            f"{_location_path(location_id)}/modes",
            _decode_mode,
            paged=True,
            ids={"locationId": location_id},
        )

    @endpoint
    def get_current(self, location_id: str) -> Operation[Mode]:
        """The location's current mode (``GET /locations/{locationId}/modes/current``).

        Scope: ``r:locations:*`` or ``r:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        return Operation(
            "modes.get_current",
            "GET",
            f"{_location_path(location_id)}/modes/current",
            _decode_mode,
            ids={"locationId": location_id},
        )

    @endpoint
    def set_current(self, location_id: str, mode_id: str) -> Operation[Mode]:
        """Switch the location to another mode (``PUT /locations/{locationId}/modes/current``).

        Scope: ``x:locations:*`` (or ``w:locations:*``).  Token kinds: personal access token, SmartApp token.
        """
        segment(mode_id, "mode_id")
        return Operation(
            "modes.set_current",
            "PUT",
            f"{_location_path(location_id)}/modes/current",
            _decode_mode,
            json={"modeId": mode_id},
            ids={"locationId": location_id},
        )

    @endpoint
    def create(self, location_id: str, label: str) -> Operation[Mode]:
        """Create a mode (``POST /locations/{locationId}/modes``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        _check_text(label, "label")
        return Operation(
            "modes.create",
            "POST",
            f"{_location_path(location_id)}/modes",
            _decode_mode,
            json={"label": label},
            ids={"locationId": location_id},
        )

    @endpoint
    def update(self, location_id: str, mode_id: str, label: str) -> Operation[Mode]:
        """Relabel a mode (``PUT /locations/{locationId}/modes/{modeId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        _check_text(label, "label")
        path = f"{_location_path(location_id)}/modes/{segment(mode_id, 'mode_id')}"
        return Operation(
            "modes.update", "PUT", path, _decode_mode, json={"label": label}, ids={"locationId": location_id}
        )

    @endpoint
    def delete(self, location_id: str, mode_id: str) -> Operation[None]:
        """Delete a mode (``DELETE /locations/{locationId}/modes/{modeId}``).

        Scope: ``w:locations:*`` or ``w:locations:<locationId>``.  Token kinds: personal access token, SmartApp
        token.
        """
        path = f"{_location_path(location_id)}/modes/{segment(mode_id, 'mode_id')}"
        return Operation("modes.delete", "DELETE", path, ignore_body, ids={"locationId": location_id}, empty_ok=True)


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
