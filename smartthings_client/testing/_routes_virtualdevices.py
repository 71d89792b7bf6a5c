"""Virtual devices (contract-more §7): list, create from a profile or a prototype, and post their events.

A virtual device is an ordinary emulator device of type VIRTUAL afterwards: ``/devices`` reads, renames,
deletes and commands it (through the command table, or through its ``commandMappings``), and every state change
goes through ``State.set_attribute``, so it reaches history and subscriptions.  Prototypes come from
``data/virtualdevices.json`` (real captures where there are any).
"""

from __future__ import annotations

import copy
import uuid
from typing import Any

import httpx

from . import _seed
from ._errors import Forbidden, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._routes_devices import checked_events, initial_status, profile_components, render, visible
from ._state import OWNER_ID, DeviceRecord, new_id

table = RouteTable()

def _invalid(target: str, message: str | None = None) -> Exception:
    return constraint(
        "The request is malformed.", detail("NotValidValue", message or f"{target} is not a valid value.", target)
    )


def _owner_location(ctx: Ctx, body: JsonDict) -> str:
    """The location a new device lives in: the owning location, or (USER owner) the account's first one."""
    owner = body.get("owner")
    if not isinstance(owner, dict):
        raise constraint("The request is malformed.", detail("NotNullError", "owner: must not be null", "owner"))
    owner_type, owner_id = owner.get("ownerType"), owner.get("ownerId")
    if owner_type == "LOCATION":
        if str(owner_id) not in ctx.state.locations:
            raise _invalid("owner.ownerId")
        ctx.check_location(str(owner_id))
        return str(owner_id)
    if owner_type == "USER":
        if owner_id != OWNER_ID or not ctx.state.locations:
            raise _invalid("owner.ownerId")
        location_id = next(iter(ctx.state.locations))
        ctx.check_location(location_id)
        return location_id
    raise _invalid("owner.ownerType")


def _placement(ctx: Ctx, body: JsonDict, location_id: str) -> JsonDict:
    """Room, execution target, hub and driver, checked against the emulator's world."""
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise constraint("The request is malformed.", detail("NotNullError", "name: must not be null", "name"))
    room_id = body.get("roomId")
    if room_id is not None and ctx.state.rooms.get(str(room_id), {}).get("locationId") != location_id:
        raise _invalid("roomId")
    target = body.get("executionTarget") or "CLOUD"
    if target not in ("CLOUD", "LOCAL"):
        raise _invalid("executionTarget")
    hub_id = body.get("hubId")
    if hub_id is not None or target == "LOCAL":
        hub = ctx.state.devices.get(str(hub_id))
        if hub is None or hub.doc.get("type") != "HUB" or hub.location_id != location_id:
            raise _invalid("hubId", "hubId must name a hub of the device's location")
    virtual: JsonDict = {"name": name, "executingLocally": target == "LOCAL"}
    for key in ("hubId", "driverId", "channelId"):
        if body.get(key) is not None:
            virtual[key] = body[key]
    return {"name": name, "roomId": room_id, "virtual": virtual, "local": target == "LOCAL"}


def _build(
    ctx: Ctx,
    location_id: str,
    placed: JsonDict,
    components: list[JsonDict],
    status: JsonDict,
    *,
    device_name: str,
    profile_id: str,
    presentation_id: str,
    manufacturer: str = "SmartThingsCommunity",
) -> DeviceRecord:
    doc: JsonDict = {
        "deviceId": new_id(),
        "name": device_name,
        "label": placed["name"],
        "manufacturerName": manufacturer,
        "presentationId": presentation_id,
        "locationId": location_id,
        "ownerId": OWNER_ID,
        "components": components,
        "createTime": ctx.state.now_iso(),
        "profile": {"id": profile_id},
        "virtual": placed["virtual"],
        "type": "VIRTUAL",
        "restrictionTier": 0,
        "allowed": [],
        "executionContext": "LOCAL" if placed["local"] else "CLOUD",
    }
    if placed["roomId"] is not None:
        doc["roomId"] = placed["roomId"]
    if placed["virtual"].get("hubId"):
        doc["parentDeviceId"] = placed["virtual"]["hubId"]
    health = {"deviceId": doc["deviceId"], "state": "ONLINE", "lastUpdatedDate": ctx.state.now_iso()}
    return ctx.state.add_device(DeviceRecord(doc=doc, status=status, health=health))


def _stamped(tree: JsonDict, timestamp: str) -> JsonDict:
    """A prototype's starting status, stamped now (attributes without a value stay unstamped, as real ones do)."""
    status = copy.deepcopy(tree)
    for attributes in status.values():
        for state in attributes.values():
            if state.get("value") is not None:
                state["timestamp"] = timestamp
    return {"components": {"main": status}}


@table.route("GET", "/virtualdevices")
def list_virtual_devices(ctx: Ctx) -> httpx.Response:
    """GET /virtualdevices?locationId=: the VIRTUAL devices the token may read."""
    if not (ctx.can("l:devices", "r:devices:*") or any(s.startswith("r:devices:") for s in ctx.scopes)):
        raise Forbidden("token lacks scope r:devices:*")
    location_id = ctx.q("locationId")
    items = [
        render(record)
        for record in ctx.state.devices.values()
        if record.doc.get("type") == "VIRTUAL"
        and (location_id is None or record.location_id == location_id)
        and visible(ctx, record)
    ]
    return paged(ctx, items)


@table.route("POST", "/virtualdevices", scopes=["w:devices:*"])
def create_virtual_device(ctx: Ctx) -> httpx.Response:
    """POST /virtualdevices: from an existing profile (``deviceProfileId``) or an inline one (``deviceProfile``)."""
    body = ctx.json_object()
    location_id = _owner_location(ctx, body)
    placed = _placement(ctx, body, location_id)
    profile_id, inline = body.get("deviceProfileId"), body.get("deviceProfile")
    if (profile_id is None) == (inline is None):
        raise _invalid("deviceProfileId", "give exactly one of deviceProfileId and deviceProfile")
    if profile_id is not None:
        profile = ctx.state.profiles.get(str(profile_id))
        if profile is None:
            raise _invalid("deviceProfileId")
    else:
        if not isinstance(inline, dict) or not isinstance(inline.get("components"), list) or not inline["components"]:
            raise _invalid("deviceProfile.components", "deviceProfile needs at least one component")
        profile = {**inline, "id": new_id()}
    components = profile_components(profile)
    if "main" not in {c["id"] for c in components}:
        raise _invalid("deviceProfile.components", "one component must have the id 'main'")
    mappings = body.get("commandMappings")
    if mappings is not None:
        if not isinstance(mappings, dict) or not isinstance(mappings.get("commands"), list):
            raise _invalid("commandMappings", "commandMappings must be {commands: [...]}")
        placed["virtual"]["commandMappings"] = copy.deepcopy(mappings)
    status = initial_status(components, ctx.state.now_iso(), with_values=True)
    record = _build(
        ctx,
        location_id,
        placed,
        components,
        status,
        device_name=str(profile.get("name") or placed["name"]),
        profile_id=str(profile["id"]),
        presentation_id=str(profile.get("metadata", {}).get("vid") or new_id()),
    )
    return json_response(render(record))


@table.route("POST", "/virtualdevices/prototypes", scopes=["w:devices:*"])
def create_standard_virtual_device(ctx: Ctx) -> httpx.Response:
    """POST /virtualdevices/prototypes: a device of one of the standard prototypes."""
    body = ctx.json_object()
    location_id = _owner_location(ctx, body)
    placed = _placement(ctx, body, location_id)
    prototype_id = body.get("prototype")
    prototype = _seed.virtual_prototypes().get(str(prototype_id))
    if prototype is None:
        raise _invalid("prototype", f"{prototype_id} is not a valid value.")
    if placed["local"] and prototype_id not in ("VIRTUAL_SWITCH", "VIRTUAL_DIMMER_SWITCH"):
        raise _invalid("executionTarget", f"{prototype_id} cannot run locally")
    components = [
        {
            "id": "main",
            "label": "main",
            "capabilities": [{"id": capability, "version": 1} for capability in prototype["capabilities"]],
            "categories": [{"name": prototype["category"], "categoryType": "manufacturer"}],
        }
    ]
    record = _build(
        ctx,
        location_id,
        placed,
        components,
        _stamped(prototype["status"], ctx.state.now_iso()),
        device_name=str(prototype["name"]),
        profile_id=_prototype_profile_id(str(prototype_id)),
        presentation_id=str(prototype.get("presentationId") or _prototype_profile_id(str(prototype_id))),
        manufacturer=str(prototype["manufacturerName"]),
    )
    return json_response(render(record))


def _prototype_profile_id(prototype_id: str) -> str:
    """Every device of one prototype shares one profile, as real ones do."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"smartthings-emulator:virtual-prototype:{prototype_id}"))


@table.route("POST", "/virtualdevices/{deviceId}/events", scopes=["w:devices:{deviceId}"])
def create_virtual_device_events(ctx: Ctx) -> httpx.Response:
    """POST /virtualdevices/{id}/events: set state as the device would report it; ``{stateChanges: [bool]}``."""
    record = ctx.state.device(ctx.params["deviceId"])
    ctx.check_location(record.location_id)
    if record.doc.get("type") != "VIRTUAL":
        raise not_found(f"Virtual device {record.id}")
    checked = checked_events(record, ctx.json_object())
    changes = []
    for component, capability, attribute, event in checked:
        before = _value(record, component, capability, attribute)
        ctx.state.set_attribute(
            record, component, capability, attribute, event["value"], event.get("unit"), event.get("data")
        )
        changes.append(before != event["value"])
    return json_response({"stateChanges": changes})


def _value(record: DeviceRecord, component: str, capability: str, attribute: str) -> Any:
    state = record.status.get("components", {}).get(component, {}).get(capability, {}).get(attribute)
    return state.get("value") if isinstance(state, dict) else None
