"""``st.services``: location services (weather, forecast, air quality at a location's coordinates) and an
installed app's subscriptions to them."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping
from typing import Any

from .._operation import Request, ignore_body, one_or_many, query, segment
from ..errors import BadRequestError
from ..models.converter import decode_as
from ..models.services import (
    LocationServiceInfo,
    ServiceCapability,
    ServiceCapabilityData,
    ServiceSubscriptionResult,
    ServiceSubscriptionType,
)
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, declared_flow, endpoint, own_installed_app_id

__all__ = ["AsyncServices", "Services"]

_decode_info = decode_as(LocationServiceInfo)
_decode_data = decode_as(ServiceCapabilityData)
_decode_subscription = decode_as(ServiceSubscriptionResult)
_SUBSCRIPTION_TYPES = frozenset(member.value for member in ServiceSubscriptionType)

# SmartThings answers a delete for an installed app without subscriptions with this 400; the official SDK
# treats it as success, and so does this client.
NO_SUBSCRIPTIONS_MESSAGE = "Installed App ID is not found"

_LOCATION = "/services/coordinate/locations/{locationId}"
_SUBSCRIPTIONS = f"{_LOCATION}/subscriptions"
_R = (("r:locations:{locationId}",),)
_NOTE = "The scope is not documented (unverified)."
_APP_NOTE = "The subscription belongs to an installed app (isaId), by default the SmartApp token's own. " + _NOTE

CapabilityName = ServiceCapability | str


def _names(capabilities: CapabilityName | Iterable[CapabilityName]) -> builtins.list[str]:
    values = [capabilities] if isinstance(capabilities, str) else list(capabilities)
    names = one_or_many([str(value) for value in values], "capabilities")
    if not names:
        raise ValueError("give at least one capability (weather, forecast, airQuality, airQualityForecast)")
    return names


def _names_of(data: Any) -> builtins.list[str]:
    # ``{"name": ["airQuality", "forecast", "weather"]}``
    names = data.get("name") if isinstance(data, Mapping) else None
    if names is None:
        return []
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise TypeError(f"expected a list of capability names, got {names!r}")
    return names


def _delete(request: Request[None]) -> Flow[None]:
    """A delete in which SmartThings' "nothing to delete" 400 means done."""
    try:
        yield from call(request)
    except BadRequestError as error:
        if error.message != NO_SUBSCRIPTIONS_MESSAGE:
            raise


class _Services(ResourceBase):
    _group = "services"

    def _isa_id(self, installed_app_id: str | None, operation: Any) -> str:
        app_id = installed_app_id or own_installed_app_id(self, operation.rule)
        segment(app_id, "installed_app_id")
        return app_id

    def _subscription_body(
        self,
        capabilities: CapabilityName | Iterable[CapabilityName],
        predicate: str | None,
        type: ServiceSubscriptionType | str,
        installed_app_id: str | None,
        operation: Any,
    ) -> dict[str, Any]:
        kind = type.value if isinstance(type, ServiceSubscriptionType) else type
        if kind not in _SUBSCRIPTION_TYPES:
            raise ValueError(f"type must be one of {', '.join(sorted(_SUBSCRIPTION_TYPES))}, got {type!r}")
        body: dict[str, Any] = {
            "type": kind,
            "isaId": self._isa_id(installed_app_id, operation),
            "capabilities": _names(capabilities),
        }
        if predicate is not None:
            if not isinstance(predicate, str) or not predicate.strip():
                raise ValueError(f"predicate must be a JEXL expression, got {predicate!r}")
            body["predicate"] = predicate
        return body

    @endpoint("services.get_info", "GET", _LOCATION, _R, note=_NOTE)
    def get_info(self, location_id: str) -> Request[LocationServiceInfo]:
        """A location as location services see it: latitude, longitude, city and the subscriptions on it."""
        return Request(_decode_info, path={"locationId": location_id})

    @endpoint("services.list_capabilities", "GET", f"{_LOCATION}/capabilities", _R, note=_NOTE)
    def list_capabilities(self, location_id: str) -> Request[builtins.list[str]]:
        """The location service capabilities available at the location (none without coordinates)."""
        return Request(_names_of, path={"locationId": location_id})

    @list_capabilities.also
    def get_capabilities(
        self, location_id: str, capabilities: CapabilityName | Iterable[CapabilityName]
    ) -> Request[ServiceCapabilityData]:
        """The current values of one or several capabilities: ``get_capabilities(location_id, ["weather",
        "forecast"])``; each reading is a :class:`ServiceValue` with its unit."""
        params = query(("name", ",".join(_names(capabilities))))
        return Request(_decode_data, path={"locationId": location_id}, params=params)

    @endpoint("services.create_subscription", "POST", _SUBSCRIPTIONS, _R, note=_APP_NOTE)
    def create_subscription(
        self,
        location_id: str,
        capabilities: CapabilityName | Iterable[CapabilityName],
        *,
        predicate: str | None = None,
        type: ServiceSubscriptionType | str = ServiceSubscriptionType.DIRECT,
        installed_app_id: str | None = None,
    ) -> Request[ServiceSubscriptionResult]:
        """Subscribe an installed app to location service capabilities.

        With a JEXL ``predicate`` (``"weather.temperature.value > 30"``) an event comes every 20 minutes while it
        holds, carrying every value of the subscribed capabilities.
        """
        body = self._subscription_body(capabilities, predicate, type, installed_app_id, _Services.create_subscription)
        return Request(_decode_subscription, path={"locationId": location_id}, json=body)

    @endpoint("services.update_subscription", "PUT", f"{_SUBSCRIPTIONS}/{{subscriptionId}}", _R, note=_APP_NOTE)
    def update_subscription(
        self,
        location_id: str,
        subscription_id: str,
        capabilities: CapabilityName | Iterable[CapabilityName],
        *,
        predicate: str | None = None,
        type: ServiceSubscriptionType | str = ServiceSubscriptionType.DIRECT,
        installed_app_id: str | None = None,
    ) -> Request[ServiceSubscriptionResult]:
        """Replace a location service subscription's capabilities, predicate and type."""
        body = self._subscription_body(capabilities, predicate, type, installed_app_id, _Services.update_subscription)
        path = {"locationId": location_id, "subscriptionId": subscription_id}
        return Request(_decode_subscription, path=path, json=body)

    @declared_flow("services.delete_subscription", "DELETE", f"{_SUBSCRIPTIONS}/{{subscriptionId}}", _R, note=_APP_NOTE)
    def delete_subscription(
        self, location_id: str, subscription_id: str, *, installed_app_id: str | None = None
    ) -> Flow[None]:
        """Delete one location service subscription (an app without any is not an error)."""
        params = query(("isaId", self._isa_id(installed_app_id, _Services.delete_subscription)))
        path = {"locationId": location_id, "subscriptionId": subscription_id}
        yield from _delete(Request(ignore_body, path=path, params=params, empty_ok=True))

    @declared_flow("services.delete_all_subscriptions", "DELETE", _SUBSCRIPTIONS, _R, note=_APP_NOTE)
    def delete_all_subscriptions(self, location_id: str, *, installed_app_id: str | None = None) -> Flow[None]:
        """Delete every location service subscription of the installed app at the location.

        SmartThings answers 400 "Installed App ID is not found" when there are none; that is success here.
        """
        params = query(("isaId", self._isa_id(installed_app_id, _Services.delete_all_subscriptions)))
        yield from _delete(Request(ignore_body, path={"locationId": location_id}, params=params, empty_ok=True))


class Services(_Services, SyncResource):
    """Location services (blocking).  Reach it as ``SmartThings().services``."""


class AsyncServices(_Services, AsyncResource):
    """Location services (async).  Reach it as ``AsyncSmartThings().services``."""
