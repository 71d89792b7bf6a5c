"""Location services: weather, forecast and air quality for a location's coordinates, and subscriptions to them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._base import ApiEnum, Model

__all__ = [
    "LocationServiceInfo",
    "ServiceCapability",
    "ServiceCapabilityData",
    "ServiceSubscription",
    "ServiceSubscriptionResult",
    "ServiceSubscriptionType",
    "ServiceValue",
]


class ServiceCapability(ApiEnum):
    """The location service capabilities SmartThings offers (for locations with coordinates)."""

    WEATHER = "weather"
    FORECAST = "forecast"
    AIR_QUALITY = "airQuality"
    AIR_QUALITY_FORECAST = "airQualityForecast"


class ServiceSubscriptionType(ApiEnum):
    """``DIRECT``: events go to the installed app; ``EXECUTION``: they arrive as an EXECUTE lifecycle."""

    DIRECT = "DIRECT"
    EXECUTION = "EXECUTION"


@attrs.frozen(kw_only=True)
class ServiceValue(Model):
    """One reading: ``value`` (a number, a phrase, or epoch milliseconds for times) and its ``unit`` if any."""

    value: Any = None
    unit: str | None = None


@attrs.frozen(kw_only=True)
class ServiceSubscription(Model):
    """A location service subscription of an installed app."""

    subscription_id: str
    type: ServiceSubscriptionType | str | None = None
    predicate: str | None = None
    subscribed_capabilities: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class LocationServiceInfo(Model):
    """A location as location services see it: coordinates, city and the subscriptions on it."""

    location_id: str
    latitude: float | None = None
    longitude: float | None = None
    city: str | None = None
    subscriptions: tuple[ServiceSubscription, ...] = ()


Readings = Mapping[str, ServiceValue]


@attrs.frozen(kw_only=True)
class ServiceCapabilityData(Model):
    """The values of the capabilities asked for, each a map of reading name to :class:`ServiceValue`.

    Reading names are as SmartThings sends them (``temperature``, ``precip1hour``, ``temperatureAmount4hour``...);
    a capability this library does not know stays in ``extra``.
    """

    location_id: str | None = None
    weather: Readings | None = None
    forecast: Readings | None = None
    air_quality: Readings | None = None
    air_quality_forecast: Readings | None = None


@attrs.frozen(kw_only=True)
class ServiceSubscriptionResult(Model):
    """The answer to creating or updating a location service subscription."""

    location_id: str | None = None
    subscription_id: str
