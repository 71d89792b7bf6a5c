"""Devices (contract §2.1): list, get, update, delete, status, health, commands, events, install, profile."""

from __future__ import annotations

import copy
from typing import Any

import httpx

from . import _auth, _commands
from ._errors import Forbidden, JsonDict, bad_request, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._state import DeviceRecord, State, new_id

table = RouteTable()

MAX_COMMANDS = 10
MAX_EVENTS = 50

#: Starting values for synthetic devices; app-installed devices start with null values instead.
DEFAULT_VALUES: dict[str, tuple[str, Any, str | None]] = {
    "switch": ("switch", "off", None),
    "switchLevel": ("level", 0, "%"),
    "colorTemperature": ("colorTemperature", 2700, "K"),
    "lock": ("lock", "locked", None),
    "contactSensor": ("contact", "closed", None),
    "motionSensor": ("motion", "inactive", None),
    "temperatureMeasurement": ("temperature", 70, "F"),
    "battery": ("battery", 100, "%"),
    "valve": ("valve", "closed", None),
    "windowShade": ("windowShade", "closed", None),
    "presenceSensor": ("presence", "present", None),
}


def initial_status(components: list[JsonDict], timestamp: str, *, with_values: bool) -> JsonDict:
    """Build a status tree for a new device from its components."""
    tree: JsonDict = {}
    for component in components:
        caps: JsonDict = {}
        for cap in component.get("capabilities", []):
            cap_id = str(cap["id"])
            default = DEFAULT_VALUES.get(cap_id)
            if default is None:
                caps[cap_id] = {}
                continue
            attribute, value, unit = default
            state: JsonDict = {"value": value if with_values else None}
            if with_values:
                if unit is not None:
                    state["unit"] = unit
                state["timestamp"] = timestamp
            caps[cap_id] = {attribute: state}
        tree[str(component["id"])] = caps
    return {"components": tree}


def visible(ctx: Ctx, record: DeviceRecord) -> bool:
    """Whether the token may see a device: its location, and read access (or having created it)."""
    if not ctx.sees_location(record.location_id):
        return False
    if ctx.is_app_token and ctx.token is not None and record.creator == ctx.token.installed_app_id:
        return True
    return ctx.can(f"r:devices:{record.id}", "l:devices")


def render(record: DeviceRecord, *, include_status: bool = False, include_health: bool = False) -> JsonDict:
    """The device document as returned, optionally with per-capability status and health (C1 options)."""
    doc = copy.deepcopy(record.doc)
    if include_status:
        tree = record.status.get("components", {})
        for component in doc.get("components", []):
            comp_status = tree.get(component.get("id"), {})
            for cap in component.get("capabilities", []):
                cap["status"] = copy.deepcopy(comp_status.get(cap.get("id"), {}))
    if include_health:
        if record.health is None:
            doc["healthState"] = {"state": "UNKNOWN"}
        else:
            doc["healthState"] = {
                "state": record.health["state"],
                "lastUpdatedDate": record.health["lastUpdatedDate"],
            }
    return doc


def _device_for(ctx: Ctx) -> DeviceRecord:
    record = ctx.state.device(ctx.params["deviceId"])
    ctx.check_location(record.location_id)
    return record


@table.route("GET", "/devices")
def list_devices(ctx: Ctx) -> httpx.Response:
    """GET /devices: ``l:devices`` or read access; results are filtered to what the token can read."""
    if not (ctx.can("l:devices", "r:devices:*") or any(s.startswith("r:devices:") for s in ctx.scopes)):
        raise Forbidden("token lacks scope l:devices or r:devices:*")
    capabilities = ctx.q_all("capability")
    mode = (ctx.q("capabilitiesMode") or "and").lower()
    if mode not in ("and", "or"):
        raise bad_request(
            "Invalid capabilitiesMode",
            detail("NotValidValue", f"{mode} is not a valid value.", "capabilitiesMode"),
        )
    locations = set(ctx.q_all("locationId"))
    device_ids = set(ctx.q_all("deviceId"))
    types = set(ctx.q_all("type"))
    installed_app_id = ctx.q("installedAppId")
    include_status = ctx.q_bool("includeStatus")
    include_health = ctx.q_bool("includeHealth")
    items = []
    for record in ctx.state.devices.values():
        if not visible(ctx, record):
            continue
        if locations and record.location_id not in locations:
            continue
        if device_ids and record.id not in device_ids:
            continue
        if types and record.doc.get("type") not in types:
            continue
        if installed_app_id and record.creator != installed_app_id:
            continue
        if capabilities:
            present = record.all_capabilities()
            hits = [c in present for c in capabilities]
            if not (all(hits) if mode == "and" else any(hits)):
                continue
        items.append(render(record, include_status=include_status, include_health=include_health))
    return paged(ctx, items)


@table.route("GET", "/devices/{deviceId}", scopes=["r:devices:{deviceId}"], implicit_device=True)
def get_device(ctx: Ctx) -> httpx.Response:
    """GET /devices/{id}."""
    record = _device_for(ctx)
    return json_response(
        render(record, include_status=ctx.q_bool("includeStatus"), include_health=ctx.q_bool("includeHealth"))
    )


@table.route("PUT", "/devices/{deviceId}", scopes=["w:devices:{deviceId}"], implicit_device=True)
def update_device(ctx: Ctx) -> httpx.Response:
    """PUT /devices/{id}: label, roomId, locationId and component categories (S1 + C1 ``DeviceUpdate``)."""
    record = _device_for(ctx)
    body = ctx.json_object()
    label = body.get("label")
    if "label" in body and (not isinstance(label, str) or not 1 <= len(label) <= 255):
        raise constraint(
            "The request is malformed.", detail("SizeError", "label: size must be between 1 and 255", "label")
        )
    location_id = body.get("locationId", record.location_id)
    if location_id not in ctx.state.locations:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{location_id} is not a valid value.", "locationId")
        )
    ctx.check_location(str(location_id))
    room_id = body.get("roomId", record.doc.get("roomId"))
    if room_id is not None:
        room = ctx.state.rooms.get(str(room_id))
        if room is None or room["locationId"] != location_id:
            raise constraint(
                "The request is malformed.", detail("NotValidValue", f"{room_id} is not a valid value.", "roomId")
            )
    updates = body.get("components") or []
    by_id = {c["id"]: c for c in record.doc.get("components", [])}
    for index, update in enumerate(updates):
        component = by_id.get(update.get("id")) if isinstance(update, dict) else None
        if component is None:
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", "component is not a valid value.", f"components[{index}].id"),
            )
        if "categories" in update:
            component["categories"] = [
                c if isinstance(c, dict) else {"name": c, "categoryType": "user"} for c in update["categories"]
            ]
        if "icon" in update:
            component["icon"] = update["icon"]
    if label is not None:
        record.doc["label"] = label
    record.doc["locationId"] = location_id
    if room_id is None:
        record.doc.pop("roomId", None)
    else:
        record.doc["roomId"] = room_id
    return json_response(render(record))


@table.route("DELETE", "/devices/{deviceId}", scopes=["w:devices:{deviceId}"], implicit_device=True)
def delete_device(ctx: Ctx) -> httpx.Response:
    """DELETE /devices/{id} answers ``{}`` (S1 ``DeleteDeviceCommandsResponse``)."""
    record = _device_for(ctx)
    ctx.state.remove_device(record.id)
    return json_response({})


@table.route("GET", "/devices/{deviceId}/status", scopes=["r:devices:{deviceId}"], implicit_device=True)
def device_status(ctx: Ctx) -> httpx.Response:
    """GET /devices/{id}/status: ``{components: {comp: {cap: {attr: {value, unit, data, timestamp}}}}}``."""
    return json_response(copy.deepcopy(_device_for(ctx).status))


@table.route(
    "GET",
    "/devices/{deviceId}/components/{componentId}/status",
    scopes=["r:devices:{deviceId}"],
    implicit_device=True,
)
def component_status(ctx: Ctx) -> httpx.Response:
    """GET one component's status."""
    record = _device_for(ctx)
    component = ctx.params["componentId"]
    if record.capabilities(component) is None:
        raise not_found(f"Component {component}")
    return json_response(copy.deepcopy(record.status.get("components", {}).get(component, {})))


@table.route(
    "GET",
    "/devices/{deviceId}/components/{componentId}/capabilities/{capabilityId}/status",
    scopes=["r:devices:{deviceId}"],
    implicit_device=True,
)
def capability_status(ctx: Ctx) -> httpx.Response:
    """GET one capability's attribute map."""
    record = _device_for(ctx)
    component, capability = ctx.params["componentId"], ctx.params["capabilityId"]
    capabilities = record.capabilities(component)
    if capabilities is None:
        raise not_found(f"Component {component}")
    if capability not in capabilities:
        raise not_found(f"Capability {capability}")
    tree = record.status.get("components", {}).get(component, {})
    return json_response(copy.deepcopy(tree.get(capability, {})))


@table.route("GET", "/devices/{deviceId}/health", scopes=["r:devices:{deviceId}"], implicit_device=True)
def device_health(ctx: Ctx) -> httpx.Response:
    """GET /devices/{id}/health; 404 for devices not enrolled in health, like the real API (user-pains §4.4)."""
    record = _device_for(ctx)
    if record.health is None:
        raise not_found(f"Health of device {record.id}")
    return json_response(copy.deepcopy(record.health))


@table.route("GET", "/devices/{deviceId}/preferences", scopes=["r:devices:{deviceId}"], implicit_device=True)
def device_preferences(ctx: Ctx) -> httpx.Response:
    """GET /devices/{id}/preferences (C1 ``getPreferences``): ``{values: {name: {preferenceType, value}}}``."""
    return json_response({"values": copy.deepcopy(_device_for(ctx).preferences)})


def _validate_commands(ctx: Ctx, record: DeviceRecord, body: JsonDict) -> list[tuple[str, str, str, list[Any]]]:
    commands = body.get("commands")
    if not isinstance(commands, list) or not commands:
        raise constraint(
            "The request is malformed.",
            detail("NotEmptyError", "commands: must not be empty", "commands"),
        )
    if len(commands) > MAX_COMMANDS:
        raise constraint(
            "The request is malformed.",
            detail("SizeError", f"commands: size must be between 1 and {MAX_COMMANDS}", "commands"),
        )
    parsed = []
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            raise constraint(
                "The request is malformed.",
                detail("BodyMalformedError", "command must be an object", f"commands[{index}]"),
            )
        component = command.get("component", "main")
        capability = command.get("capability")
        name = command.get("command")
        arguments = command.get("arguments", [])
        for field_name, value in (("capability", capability), ("command", name)):
            if not isinstance(value, str) or not value:
                raise constraint(
                    "The request is malformed.",
                    detail("NotNullError", f"{field_name}: must not be null", f"commands[{index}].{field_name}"),
                )
        if not isinstance(arguments, list):
            # The classic mistake: arguments sent as an object (user-pains §4.3, community t/248557).
            raise constraint(
                "The request is malformed.",
                detail("BodyMalformedError", "arguments must be an array", "commands.arguments"),
            )
        capabilities = record.capabilities(str(component))
        if capabilities is None:
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", f"{component} is not a valid value.", f"[{index}].component"),
            )
        if capability not in capabilities:
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", f"{capability} is not a valid value.", f"[{index}].capability"),
            )
        parsed.append((str(component), str(capability), str(name), arguments))
    return parsed


@table.route("POST", "/devices/{deviceId}/commands", scopes=["x:devices:{deviceId}"], implicit_device=True)
def execute_commands(ctx: Ctx) -> httpx.Response:
    """POST /devices/{id}/commands: validate everything first, then change state.

    Devices created by a SmartApp do not change state here: their app receives a DEVICE_COMMANDS_EVENT
    and reports new state with ``POST /devices/{id}/events``, as C2C devices work. Offline devices accept
    commands and keep their stale state (user-pains §4.4).
    """
    record = _device_for(ctx)
    parsed = _validate_commands(ctx, record, ctx.json_object())
    calls = [
        _commands.CommandCall(ctx.state, record, component, capability, args, index)
        for index, (component, capability, _name, args) in enumerate(parsed)
    ]
    for call, (_c, _cap, name, _a) in zip(calls, parsed, strict=True):
        call.dry = True
        _commands.apply(call, name)
    creator = record.creator
    if creator is not None:
        installed = ctx.state.installed_apps.get(creator)
        if installed is not None:
            installed.pending_events.append(
                {
                    "eventTime": ctx.state.now_iso(),
                    "eventType": "DEVICE_COMMANDS_EVENT",
                    "deviceCommandsEvent": {
                        "eventId": new_id(),
                        "deviceId": record.id,
                        "profileId": record.doc.get("profile", {}).get("id"),
                        "externalId": record.doc.get("app", {}).get("externalId"),
                        "commands": [
                            {"componentId": c, "capability": cap, "command": n, "arguments": a}
                            for c, cap, n, a in parsed
                        ],
                    },
                }
            )
    elif record.health is None or record.health.get("state") != "OFFLINE":
        for call, (_c, _cap, name, _a) in zip(calls, parsed, strict=True):
            call.dry = False
            _commands.apply(call, name)
    return json_response({"results": [{"id": new_id(), "status": "ACCEPTED"} for _ in parsed]})


@table.route("POST", "/devices/{deviceId}/events", kinds=_auth.APP_KINDS)
def create_device_events(ctx: Ctx) -> httpx.Response:
    """POST /devices/{id}/events: only the SmartApp that created the device (S1 createDeviceEvents)."""
    record = _device_for(ctx)
    if ctx.token is None or record.creator != ctx.token.installed_app_id:
        raise Forbidden("only the SmartApp that created the device may post its events")
    checked = checked_events(record, ctx.json_object())
    for component, capability, attribute, event in checked:
        ctx.state.set_attribute(
            record, component, capability, attribute, event["value"], event.get("unit"), event.get("data")
        )
    return json_response({})


def checked_events(record: DeviceRecord, body: JsonDict) -> list[tuple[str, str, str, JsonDict]]:
    """The ``deviceEvents`` of a body as (component, capability, attribute, event), all validated first."""
    events = body.get("deviceEvents")
    if not isinstance(events, list) or not events:
        raise constraint(
            "The request is malformed.", detail("NotEmptyError", "deviceEvents: must not be empty", "deviceEvents")
        )
    if len(events) > MAX_EVENTS:
        raise constraint(
            "The request is malformed.",
            detail("SizeError", f"deviceEvents: size must be between 1 and {MAX_EVENTS}", "deviceEvents"),
        )
    checked = []
    for index, event in enumerate(events):
        target = f"deviceEvents[{index}]"
        if not isinstance(event, dict) or "value" not in event:
            raise constraint(
                "The request is malformed.", detail("NotNullError", "value: must not be null", f"{target}.value")
            )
        component = str(event.get("component", "main"))
        capability, attribute = event.get("capability"), event.get("attribute")
        if capability not in (record.capabilities(component) or []):
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", f"{capability} is not a valid value.", f"{target}.capability"),
            )
        if not isinstance(attribute, str) or not attribute:
            raise constraint(
                "The request is malformed.",
                detail("NotNullError", "attribute: must not be null", f"{target}.attribute"),
            )
        checked.append((component, str(capability), attribute, event))
    return checked


def _install_fields(body: JsonDict) -> JsonDict:
    """Accept both body shapes: S1 ``{label, locationId, app: {...}}`` and C1's flat ``{profileId, ...}``."""
    app = body.get("app")
    if isinstance(app, dict):
        return {**body, **app}
    return body


@table.route("POST", "/devices", kinds=_auth.APP_KINDS, scopes=["i:deviceprofiles"])
def install_device(ctx: Ctx) -> httpx.Response:
    """POST /devices: a SmartApp token with ``i:deviceprofiles`` creates a device of one of the owner's profiles."""
    assert ctx.token is not None
    fields = _install_fields(ctx.json_object())
    installed_app_id = fields.get("installedAppId") or ctx.token.installed_app_id
    if installed_app_id != ctx.token.installed_app_id:
        raise Forbidden("a SmartApp can only install devices for itself")
    location_id = str(fields.get("locationId") or ctx.token.location_id)
    ctx.check_location(location_id)
    profile_id = fields.get("profileId")
    profile = ctx.state.profiles.get(str(profile_id))
    if profile is None:
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", f"{profile_id} is not a valid value.", "app.profileId"),
        )
    external_id = fields.get("externalId")
    if external_id is not None and (not isinstance(external_id, str) or len(external_id) > 64):
        raise constraint(
            "The request is malformed.",
            detail("SizeError", "externalId: size must be between 0 and 64", "app.externalId"),
        )
    room_id = fields.get("roomId")
    if room_id is not None and ctx.state.rooms.get(str(room_id), {}).get("locationId") != location_id:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{room_id} is not a valid value.", "roomId")
        )
    record = build_app_device(
        ctx.state, profile, location_id, str(installed_app_id), fields.get("label"), external_id, room_id
    )
    ctx.state.add_device(record)
    return json_response(render(record))


def profile_components(profile: JsonDict) -> list[JsonDict]:
    """A device's components as a device profile defines them."""
    return [
        {
            "id": c["id"],
            "label": c.get("label", c["id"]),
            "capabilities": [{"id": cap["id"], "version": cap.get("version", 1)} for cap in c.get("capabilities", [])],
            "categories": [
                cat if isinstance(cat, dict) else {"name": cat, "categoryType": "manufacturer"}
                for cat in c.get("categories", [])
            ],
        }
        for c in profile.get("components", [])
    ]


def build_app_device(
    state: State,
    profile: JsonDict,
    location_id: str,
    installed_app_id: str,
    label: Any,
    external_id: Any,
    room_id: Any,
) -> DeviceRecord:
    """A SmartApp-managed (ENDPOINT_APP) device built from a device profile."""
    components = profile_components(profile)
    doc: JsonDict = {
        "deviceId": new_id(),
        "name": profile.get("name"),
        "label": label if isinstance(label, str) and label else profile.get("name"),
        "manufacturerName": "SmartThingsCommunity",
        "presentationId": profile.get("metadata", {}).get("vid", "emulator-presentation"),
        "locationId": location_id,
        "ownerId": profile.get("owner", {}).get("ownerId"),
        "components": components,
        "createTime": state.now_iso(),
        "profile": {"id": profile["id"]},
        "app": {"installedAppId": installed_app_id, "externalId": external_id, "profile": {"id": profile["id"]}},
        "type": "ENDPOINT_APP",
        "restrictionTier": 0,
        "allowed": None,
        "executionContext": "CLOUD",
    }
    if room_id is not None:
        doc["roomId"] = room_id
    status = initial_status(components, state.now_iso(), with_values=False)
    health = {"deviceId": doc["deviceId"], "state": "ONLINE", "lastUpdatedDate": state.now_iso()}
    return DeviceRecord(doc=doc, status=status, health=health)


@table.route("PUT", "/devices/{deviceId}/profile", kinds=_auth.APP_KINDS, scopes=["i:deviceprofiles"])
def update_device_profile(ctx: Ctx) -> httpx.Response:
    """PUT /devices/{id}/profile: only the creating SmartApp, with ``i:deviceprofiles`` (C1 ``updateProfile``)."""
    record = _device_for(ctx)
    if ctx.token is None or record.creator != ctx.token.installed_app_id:
        raise Forbidden("only the SmartApp that created the device may change its profile")
    profile_id = ctx.json_object().get("profileId")
    profile = ctx.state.profiles.get(str(profile_id))
    if profile is None:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{profile_id} is not a valid value.", "profileId")
        )
    rebuilt = build_app_device(
        ctx.state,
        profile,
        record.location_id,
        str(record.creator),
        record.doc.get("label"),
        record.doc.get("app", {}).get("externalId"),
        record.doc.get("roomId"),
    )
    record.doc["components"] = rebuilt.doc["components"]
    record.doc["profile"] = {"id": profile["id"]}
    record.doc["app"]["profile"] = {"id": profile["id"]}
    old = record.status.get("components", {})
    fresh = rebuilt.status["components"]
    record.status = {"components": {c: old.get(c, caps) for c, caps in fresh.items()}}
    return json_response(render(record))


