"""Location services (contract more §15): the location's coordinates, The Weather Channel readings from the
seed data for every location with coordinates, and subscriptions kept per installed app.

Quirk kept from the real API: deleting the subscriptions of an installed app that has none answers 400
"Installed App ID is not found".
"""

from __future__ import annotations

import copy

import httpx

from . import _auth
from ._errors import ApiError, Forbidden, JsonDict, bad_request, constraint, detail, not_found
from ._http import Ctx, RouteTable, empty_response, json_response
from ._platform import not_emulated
from ._state import new_id

table = RouteTable()

_LOCATION = "/services/coordinate/locations/{locationId}"
_SCOPE = ["r:locations:{locationId}"]
_TYPES = ("DIRECT", "EXECUTION")
_CAPABILITIES = ("airQuality", "airQualityForecast", "forecast", "weather")
NO_SUBSCRIPTIONS = "Installed App ID is not found"


def _location(ctx: Ctx) -> JsonDict:
    location = ctx.state.location(ctx.params["locationId"])
    ctx.check_location(str(location["locationId"]))
    return location


def _available(ctx: Ctx, location: JsonDict) -> list[str]:
    if location.get("latitude") is None or location.get("longitude") is None:
        return []
    return sorted(ctx.state.platform.service_data)


def _public(subscription: JsonDict) -> JsonDict:
    keys = ("subscriptionId", "type", "predicate", "subscribedCapabilities")
    return {key: copy.deepcopy(subscription[key]) for key in keys if key in subscription}


def _of_location(ctx: Ctx, location_id: str, isa_id: str | None = None) -> list[JsonDict]:
    return [
        s
        for s in ctx.state.platform.service_subscriptions.values()
        if s["locationId"] == location_id and (isa_id is None or s["isaId"] == isa_id)
    ]


@table.route("GET", _LOCATION, scopes=_SCOPE)
def get_info(ctx: Ctx) -> httpx.Response:
    """GET /services/coordinate/locations/{id}: coordinates and subscriptions (``city`` is not emulated)."""
    location = _location(ctx)
    location_id = str(location["locationId"])
    return json_response(
        {
            "locationId": location_id,
            "subscriptions": [_public(s) for s in _of_location(ctx, location_id)],
            "city": location.get("city"),
            "latitude": location.get("latitude"),
            "longitude": location.get("longitude"),
        }
    )


@table.route("GET", f"{_LOCATION}/capabilities", scopes=_SCOPE)
def capabilities(ctx: Ctx) -> httpx.Response:
    """Without ``name``: the available capability names; with ``name=a,b``: their readings."""
    location = _location(ctx)
    available = _available(ctx, location)
    wanted = ctx.q("name")
    if wanted is None:
        return json_response({"name": available})
    answer: JsonDict = {"locationId": location["locationId"]}
    for name in (part.strip() for part in wanted.split(",")):
        if name not in _CAPABILITIES:
            raise bad_request(f"Unknown location service capability {name}", detail("InvalidValue", name, "name"))
        if name not in ctx.state.platform.service_data and available:
            raise not_emulated(f"the {name} location service capability (services.list_capabilities)")
        if name not in available:
            raise bad_request(f"Location {location['locationId']} has no coordinates for {name}")
        answer[name] = copy.deepcopy(ctx.state.platform.service_data[name])
    return json_response(answer)


def _isa_id(ctx: Ctx, location: JsonDict, isa_id: object) -> str:
    """The subscribing installed app: it must exist at the location, and an app token may only act for itself."""
    if not isinstance(isa_id, str) or not isa_id:
        raise constraint("The request is malformed.", detail("NotNullError", "isaId: must not be null", "isaId"))
    record = ctx.state.installed_apps.get(isa_id)
    if record is None or record.location_id != location["locationId"]:
        raise bad_request(NO_SUBSCRIPTIONS)
    token = ctx.token
    if token is not None and token.kind in _auth.APP_KINDS and token.installed_app_id != isa_id:
        raise Forbidden(f"token belongs to installed app {token.installed_app_id}, not {isa_id}")
    return isa_id


def _subscription_fields(ctx: Ctx, location: JsonDict, body: JsonDict) -> JsonDict:
    kind = body.get("type", "DIRECT")
    if kind not in _TYPES:
        raise constraint("The request is malformed.", detail("InvalidValue", f"type: {kind}", "type"))
    names = body.get("capabilities")
    available = _available(ctx, location)
    if not isinstance(names, list) or not names or any(name not in available for name in names):
        raise constraint(
            "The request is malformed.",
            detail("InvalidValue", f"capabilities: must be some of {', '.join(available) or '(none)'}", "capabilities"),
        )
    predicate = body.get("predicate")
    if predicate is not None and not isinstance(predicate, str):
        raise constraint("The request is malformed.", detail("InvalidValue", "predicate: not a string", "predicate"))
    return {
        "type": kind,
        "predicate": predicate,
        "subscribedCapabilities": list(names),
        "isaId": _isa_id(ctx, location, body.get("isaId")),
        "locationId": location["locationId"],
    }


@table.route("POST", f"{_LOCATION}/subscriptions", scopes=_SCOPE)
def create_subscription(ctx: Ctx) -> httpx.Response:
    location = _location(ctx)
    fields = _subscription_fields(ctx, location, ctx.json_object())
    subscription_id = new_id()
    ctx.state.platform.service_subscriptions[subscription_id] = {"subscriptionId": subscription_id, **fields}
    return json_response({"locationId": location["locationId"], "subscriptionId": subscription_id})


def _subscription(ctx: Ctx, location: JsonDict, isa_id: str) -> JsonDict:
    found = ctx.state.platform.service_subscriptions.get(ctx.params["subscriptionId"])
    if found is None or found["locationId"] != location["locationId"] or found["isaId"] != isa_id:
        raise not_found(f"Subscription {ctx.params['subscriptionId']}")
    return found


@table.route("PUT", f"{_LOCATION}/subscriptions/{{subscriptionId}}", scopes=_SCOPE)
def update_subscription(ctx: Ctx) -> httpx.Response:
    location = _location(ctx)
    fields = _subscription_fields(ctx, location, ctx.json_object())
    found = _subscription(ctx, location, fields["isaId"])
    found.update(fields)
    return json_response({"locationId": location["locationId"], "subscriptionId": found["subscriptionId"]})


def _deleting_app(ctx: Ctx, location: JsonDict) -> str:
    isa_id = _isa_id(ctx, location, ctx.q("isaId"))
    if not _of_location(ctx, str(location["locationId"]), isa_id):
        raise ApiError(400, "BadRequestError", NO_SUBSCRIPTIONS)
    return isa_id


@table.route("DELETE", f"{_LOCATION}/subscriptions/{{subscriptionId}}", scopes=_SCOPE)
def delete_subscription(ctx: Ctx) -> httpx.Response:
    location = _location(ctx)
    found = _subscription(ctx, location, _deleting_app(ctx, location))
    del ctx.state.platform.service_subscriptions[found["subscriptionId"]]
    return empty_response(200)


@table.route("DELETE", f"{_LOCATION}/subscriptions", scopes=_SCOPE)
def delete_subscriptions(ctx: Ctx) -> httpx.Response:
    location = _location(ctx)
    isa_id = _deleting_app(ctx, location)
    for subscription in _of_location(ctx, str(location["locationId"]), isa_id):
        del ctx.state.platform.service_subscriptions[subscription["subscriptionId"]]
    return empty_response(200)
