"""Locations, rooms and modes (contract §2.6)."""

from __future__ import annotations

import copy
import re

import httpx

from . import _auth
from ._errors import ApiError, Forbidden, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, empty_response, json_response, paged
from ._routes_devices import render, visible
from ._state import OWNER_ID, new_id

table = RouteTable()

MAX_LOCATIONS = 50
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_UPDATABLE = ("name", "latitude", "longitude", "regionRadius", "temperatureScale", "locale", "additionalProperties")


def _location_for(ctx: Ctx) -> JsonDict:
    location = ctx.state.location(ctx.params["locationId"])
    ctx.check_location(str(location["locationId"]))
    return location


def _validate_location_fields(body: JsonDict) -> None:
    if "name" in body and (not isinstance(body["name"], str) or not body["name"].strip()):
        raise constraint("The request is malformed.", detail("NotEmptyError", "name: must not be empty", "name"))
    scale = body.get("temperatureScale")
    if scale is not None and scale not in ("F", "C"):
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", f"{scale} is not a valid value.", "temperatureScale"),
        )


@table.route("GET", "/locations")
def list_locations(ctx: Ctx) -> httpx.Response:
    """GET /locations: ``l:locations`` or ``r:locations:*``; a SmartApp token lists only its own location."""
    if not (ctx.can("l:locations", "r:locations:*") or any(s.startswith("r:locations:") for s in ctx.scopes)):
        raise Forbidden("token lacks scope l:locations or r:locations:*")
    items = [
        {"locationId": loc["locationId"], "name": loc["name"], "parent": copy.deepcopy(loc.get("parent"))}
        for loc in ctx.state.locations.values()
        if ctx.sees_location(str(loc["locationId"])) and ctx.can(f"r:locations:{loc['locationId']}", "l:locations")
    ]
    return paged(ctx, items)


@table.route("POST", "/locations", scopes=["w:locations:*"], kinds=[_auth.PAT])
def create_location(ctx: Ctx) -> httpx.Response:
    """POST /locations (PAT only): ``name`` and ``countryCode`` required; creates Home/Away/Night modes."""
    body = ctx.json_object()
    missing = [f for f in ("name", "countryCode") if not body.get(f)]
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotNullError", f"{f}: must not be null", f) for f in missing)
        )
    _validate_location_fields(body)
    if not _COUNTRY.match(str(body["countryCode"])):
        raise ApiError(
            422,
            "UnsupportedGeoRegionError",
            f"Country code {body['countryCode']} cannot host a location",
            target="countryCode",
        )
    if len(ctx.state.locations) >= MAX_LOCATIONS:
        raise ApiError(422, "LimitError", f"Limit of {MAX_LOCATIONS} locations per user reached")
    location_id = new_id()
    doc: JsonDict = {
        "locationId": location_id,
        "name": body["name"],
        "countryCode": body["countryCode"],
        "latitude": body.get("latitude"),
        "longitude": body.get("longitude"),
        "regionRadius": body.get("regionRadius", 150),
        "temperatureScale": body.get("temperatureScale", "F"),
        "timeZoneId": body.get("timeZoneId"),
        "locale": body.get("locale", "en"),
        "backgroundImage": None,
        "additionalProperties": body.get("additionalProperties", {}),
        "parent": {"type": "ACCOUNT", "id": OWNER_ID},
        "created": ctx.state.now_iso(),
        "lastModified": ctx.state.now_iso(),
    }
    ctx.state.add_location(doc)
    return json_response(copy.deepcopy(doc))


@table.route("GET", "/locations/{locationId}", scopes=["r:locations:{locationId}"])
def get_location(ctx: Ctx) -> httpx.Response:
    """GET /locations/{id}; ``?allowed=true`` adds the permitted actions (C1)."""
    doc = copy.deepcopy(_location_for(ctx))
    if ctx.q_bool("allowed"):
        location_id = doc["locationId"]
        doc["allowed"] = [
            action
            for action, scope in (
                ("r:locations", f"r:locations:{location_id}"),
                ("w:locations", f"w:locations:{location_id}"),
                ("d:locations", f"w:locations:{location_id}"),
                ("x:locations", f"x:locations:{location_id}"),
            )
            if ctx.can(scope)
        ]
    return json_response(doc)


@table.route("PUT", "/locations/{locationId}", scopes=["w:locations:{locationId}"])
def update_location(ctx: Ctx) -> httpx.Response:
    """PUT /locations/{id}: only the fields sent are changed (S1 description)."""
    location = _location_for(ctx)
    body = ctx.json_object()
    _validate_location_fields(body)
    for key in _UPDATABLE:
        if key in body:
            location[key] = body[key]
    location["lastModified"] = ctx.state.now_iso()
    return json_response(copy.deepcopy(location))


@table.route("DELETE", "/locations/{locationId}", scopes=["w:locations:{locationId}"], kinds=[_auth.PAT])
def delete_location(ctx: Ctx) -> httpx.Response:
    """DELETE /locations/{id}: removes its rooms, modes, devices and installed apps too."""
    location = _location_for(ctx)
    ctx.state.remove_location(str(location["locationId"]))
    return json_response({})


# ----- rooms ------------------------------------------------------------------------------------------------
def _room_for(ctx: Ctx) -> JsonDict:
    location = _location_for(ctx)
    room = ctx.state.rooms.get(ctx.params["roomId"])
    if room is None or room["locationId"] != location["locationId"]:
        raise not_found(f"Room {ctx.params['roomId']}")
    return room


def _room_name(body: JsonDict) -> str:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise constraint("The request is malformed.", detail("NotEmptyError", "name: must not be empty", "name"))
    return name


@table.route("GET", "/locations/{locationId}/rooms", scopes=["r:locations:{locationId}"])
def list_rooms(ctx: Ctx) -> httpx.Response:
    """GET the rooms of a location."""
    location = _location_for(ctx)
    items = [copy.deepcopy(r) for r in ctx.state.rooms.values() if r["locationId"] == location["locationId"]]
    return paged(ctx, items)


@table.route("POST", "/locations/{locationId}/rooms", scopes=["w:locations:{locationId}"])
def create_room(ctx: Ctx) -> httpx.Response:
    """POST a room ``{name}``."""
    location = _location_for(ctx)
    room = {
        "roomId": new_id(),
        "locationId": location["locationId"],
        "name": _room_name(ctx.json_object()),
        "backgroundImage": None,
    }
    ctx.state.rooms[room["roomId"]] = room
    return json_response(copy.deepcopy(room))


@table.route("GET", "/locations/{locationId}/rooms/{roomId}", scopes=["r:locations:{locationId}"])
def get_room(ctx: Ctx) -> httpx.Response:
    """GET one room."""
    return json_response(copy.deepcopy(_room_for(ctx)))


@table.route("PUT", "/locations/{locationId}/rooms/{roomId}", scopes=["w:locations:{locationId}"])
def update_room(ctx: Ctx) -> httpx.Response:
    """PUT a room ``{name, backgroundImage?}``."""
    room = _room_for(ctx)
    body = ctx.json_object()
    room["name"] = _room_name(body)
    if "backgroundImage" in body:
        room["backgroundImage"] = body["backgroundImage"]
    return json_response(copy.deepcopy(room))


@table.route("DELETE", "/locations/{locationId}/rooms/{roomId}", scopes=["w:locations:{locationId}"])
def delete_room(ctx: Ctx) -> httpx.Response:
    """DELETE a room; its devices stay in the location without a room."""
    room = _room_for(ctx)
    del ctx.state.rooms[room["roomId"]]
    for record in ctx.state.devices.values():
        if record.doc.get("roomId") == room["roomId"]:
            record.doc.pop("roomId", None)
    return json_response({})


@table.route("GET", "/locations/{locationId}/rooms/{roomId}/devices", scopes=["r:locations:{locationId}"])
def room_devices(ctx: Ctx) -> httpx.Response:
    """GET the devices in a room (C1), filtered to what the token may read."""
    room = _room_for(ctx)
    items = [
        render(rec)
        for rec in ctx.state.devices.values()
        if rec.doc.get("roomId") == room["roomId"] and visible(ctx, rec)
    ]
    return paged(ctx, items)


# ----- modes ------------------------------------------------------------------------------------------------
def _modes_for(ctx: Ctx) -> list[JsonDict]:
    location = _location_for(ctx)
    return ctx.state.modes.setdefault(str(location["locationId"]), [])


def _mode_for(ctx: Ctx) -> JsonDict:
    for mode in _modes_for(ctx):
        if mode["id"] == ctx.params["modeId"]:
            return mode
    raise not_found(f"Mode {ctx.params['modeId']}")


def _label(body: JsonDict) -> str:
    label = body.get("label")
    if not isinstance(label, str) or not label.strip():
        raise constraint("The request is malformed.", detail("NotEmptyError", "label: must not be empty", "label"))
    return label


@table.route("GET", "/locations/{locationId}/modes", scopes=["r:locations:{locationId}"])
def list_modes(ctx: Ctx) -> httpx.Response:
    """GET the modes of a location ``{id, label, name}``."""
    return paged(ctx, copy.deepcopy(_modes_for(ctx)))


@table.route("GET", "/locations/{locationId}/modes/current", scopes=["r:locations:{locationId}"])
def current_mode(ctx: Ctx) -> httpx.Response:
    """GET the current mode."""
    modes = _modes_for(ctx)
    current = ctx.state.current_mode.get(ctx.params["locationId"])
    for mode in modes:
        if mode["id"] == current:
            return json_response(copy.deepcopy(mode))
    raise not_found("Current mode")


@table.route(
    "PUT",
    "/locations/{locationId}/modes/current",
    scopes=["x:locations:{locationId}", "w:locations:{locationId}"],
)
def set_current_mode(ctx: Ctx) -> httpx.Response:
    """PUT ``{modeId}`` to change the mode (queues MODE_EVENTs for MODE subscriptions)."""
    modes = _modes_for(ctx)
    mode_id = ctx.json_object().get("modeId")
    for mode in modes:
        if mode["id"] == mode_id:
            ctx.state.set_current_mode(ctx.params["locationId"], str(mode_id))
            return json_response(copy.deepcopy(mode))
    raise constraint("The request is malformed.", detail("NotValidValue", f"{mode_id} is not a valid value.", "modeId"))


@table.route("POST", "/locations/{locationId}/modes", scopes=["w:locations:{locationId}"])
def create_mode(ctx: Ctx) -> httpx.Response:
    """POST ``{label}``: the name is fixed at creation, later PUTs change only the label (C1 samples)."""
    modes = _modes_for(ctx)
    label = _label(ctx.json_object())
    mode = {"id": new_id(), "label": label, "name": label}
    modes.append(mode)
    return json_response(copy.deepcopy(mode))


@table.route("PUT", "/locations/{locationId}/modes/{modeId}", scopes=["w:locations:{locationId}"])
def update_mode(ctx: Ctx) -> httpx.Response:
    """PUT ``{label}``."""
    mode = _mode_for(ctx)
    mode["label"] = _label(ctx.json_object())
    return json_response(copy.deepcopy(mode))


@table.route("DELETE", "/locations/{locationId}/modes/{modeId}", scopes=["w:locations:{locationId}"])
def delete_mode(ctx: Ctx) -> httpx.Response:
    """DELETE a mode (answered with an empty body, as in the C1 samples); the current mode cannot go."""
    mode = _mode_for(ctx)
    if ctx.state.current_mode.get(ctx.params["locationId"]) == mode["id"]:
        raise constraint(
            "The request is malformed.",
            detail("UnsupportedOperationError", "the current mode cannot be deleted", "modeId"),
        )
    _modes_for(ctx).remove(mode)
    return empty_response(200)
