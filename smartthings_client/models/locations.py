"""Locations, their rooms and their modes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ._base import Model

__all__ = ["Location", "LocationParent", "Mode", "Room"]


@attrs.frozen(kw_only=True)
class LocationParent(Model):
    type: str | None = None
    id: str | None = None


@attrs.frozen(kw_only=True)
class Location(Model):
    """A location (a home).  ``locations.list`` returns only ``location_id`` and ``name`` of each."""

    location_id: str
    name: str | None = None
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    region_radius: int | None = None
    temperature_scale: str | None = None
    time_zone_id: str | None = None
    locale: str | None = None
    background_image: str | None = None
    additional_properties: Mapping[str, Any] | None = None
    allowed: tuple[str, ...] | None = None
    parent: LocationParent | None = None
    created: datetime | None = None
    last_modified: datetime | None = None


@attrs.frozen(kw_only=True)
class Room(Model):
    room_id: str
    location_id: str | None = None
    name: str | None = None
    background_image: str | None = None


@attrs.frozen(kw_only=True)
class Mode(Model):
    """A location mode (Home, Away, Night...).  ``label`` is what people see; ``name`` is the original name."""

    id: str
    label: str | None = None
    name: str | None = None
