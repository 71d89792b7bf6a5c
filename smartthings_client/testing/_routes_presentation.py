"""Device presentations and device configurations (contract more §9).

A presentation is what the app shows; a device configuration is what it is built from.  Creating a
configuration is idempotent: the same content gives the same presentation id.  Presentations the emulator has
no document for (most seeded devices) are generated from the device's or profile's capabilities.
"""

from __future__ import annotations

import copy
import hashlib
import json
import uuid

import httpx

from ._errors import JsonDict, bad_request, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response
from ._platform import DEFAULT_MANUFACTURER

table = RouteTable()

_VIEWS = ("dashboard", "detailView", "automation")
_NAMESPACE = uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427")


def _entries(components: list[JsonDict]) -> list[JsonDict]:
    return [
        {"component": component["id"], "capability": capability["id"], "version": capability.get("version", 1)}
        for component in components
        for capability in component.get("capabilities", [])
    ]


def config_from_components(manufacturer: str, presentation_id: str, components: list[JsonDict]) -> JsonDict:
    """A device configuration showing every capability: the first one on the tile, all in the detail view."""
    entries = _entries(components)
    return {
        "manufacturerName": manufacturer,
        "presentationId": presentation_id,
        "type": "profile",
        "iconUrl": None,
        "dashboard": {"states": copy.deepcopy(entries[:1]), "actions": []},
        "detailView": copy.deepcopy(entries),
        "automation": {"conditions": copy.deepcopy(entries), "actions": copy.deepcopy(entries)},
        "dpInfo": [],
    }


def presentation_from_config(config: JsonDict) -> JsonDict:
    """The presentation SmartThings would build from a configuration (labels and widgets left out)."""

    def strip(entries: list[JsonDict]) -> list[JsonDict]:
        keys = ("component", "capability", "version", "visibleCondition")
        return [{key: entry[key] for key in keys if key in entry} for entry in entries]

    dashboard = config.get("dashboard") or {}
    automation = config.get("automation") or {}
    return {
        "manufacturerName": config["manufacturerName"],
        "presentationId": config["presentationId"],
        "mnmn": config["manufacturerName"],
        "vid": config["presentationId"],
        "iconUrl": config.get("iconUrl"),
        "dashboard": {
            "states": strip(dashboard.get("states", [])),
            "actions": strip(dashboard.get("actions", [])),
            "basicPlus": [],
        },
        "detailView": strip(config.get("detailView", [])),
        "automation": {
            "conditions": strip(automation.get("conditions", [])),
            "actions": strip(automation.get("actions", [])),
        },
        "dpInfo": copy.deepcopy(config.get("dpInfo", [])),
    }


def _presentation_key(ctx: Ctx) -> tuple[str, str]:
    presentation_id = ctx.q("presentationId")
    if not presentation_id:
        raise bad_request(
            "presentationId or deviceId is required",
            detail("NotNullError", "presentationId: must not be null", "presentationId"),
        )
    return ctx.q("manufacturerName") or DEFAULT_MANUFACTURER, presentation_id


def _presentation(ctx: Ctx, key: tuple[str, str], components: list[JsonDict] | None = None) -> JsonDict:
    platform = ctx.state.platform
    found = platform.presentations.get(key)
    if found is not None:
        return found
    config = platform.device_configs.get(key)
    if config is None and components is not None:
        config = config_from_components(key[0], key[1], components)
    if config is None:
        raise not_found(f"Presentation {key[1]} of {key[0]}")
    return presentation_from_config(config)


@table.route("GET", "/presentation", scopes=["r:devices:*"])
def get_presentation(ctx: Ctx) -> httpx.Response:
    """GET /presentation?presentationId=[&manufacturerName=] or ?deviceId=: the device presentation."""
    device_id = ctx.q("deviceId")
    if device_id:
        device = ctx.state.device(device_id)
        ctx.check_location(device.location_id)
        doc = device.doc
        key = (str(doc.get("manufacturerName") or DEFAULT_MANUFACTURER), str(doc.get("presentationId") or device_id))
        return json_response(copy.deepcopy(_presentation(ctx, key, doc.get("components", []))))
    return json_response(copy.deepcopy(_presentation(ctx, _presentation_key(ctx))))


@table.route("GET", "/presentation/deviceconfig", scopes=["r:deviceprofiles"])
def get_device_config(ctx: Ctx) -> httpx.Response:
    """GET /presentation/deviceconfig?presentationId=[&manufacturerName=]."""
    key = _presentation_key(ctx)
    config = ctx.state.platform.device_configs.get(key)
    if config is None:
        raise not_found(f"Device configuration {key[1]} of {key[0]}")
    return json_response(copy.deepcopy(config))


def _check_entries(body: JsonDict) -> None:
    views: list[tuple[str, object]] = [("detailView", body.get("detailView"))]
    for view, parts in (("dashboard", ("states", "actions")), ("automation", ("conditions", "actions"))):
        section = body.get(view)
        if section is not None and not isinstance(section, dict):
            raise constraint("The request is malformed.", detail("TypeMismatchError", f"{view}: not an object", view))
        views.extend((f"{view}.{part}", (section or {}).get(part)) for part in parts)
    for where, entries in views:
        if entries is None:
            continue
        if not isinstance(entries, list):
            raise constraint("The request is malformed.", detail("TypeMismatchError", f"{where}: not a list", where))
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict) or not entry.get("component") or not entry.get("capability"):
                target = f"{where}[{index}]"
                raise constraint(
                    "The request is malformed.",
                    detail("NotNullError", f"{target}: component and capability are required", target),
                )


@table.route("POST", "/presentation/deviceconfig", scopes=["w:deviceprofiles"])
def create_device_config(ctx: Ctx) -> httpx.Response:
    """POST /presentation/deviceconfig: idempotent; the content decides the presentation id."""
    body = ctx.json_object()
    _check_entries(body)
    if not any(body.get(view) for view in _VIEWS):
        raise constraint(
            "The request is malformed.",
            detail("NotEmptyError", "a device configuration needs a dashboard, detailView or automation", "body"),
        )
    manufacturer = str(body.get("manufacturerName") or DEFAULT_MANUFACTURER)
    content = {k: v for k, v in body.items() if k not in ("manufacturerName", "presentationId")}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    presentation_id = str(body.get("presentationId") or uuid.uuid5(_NAMESPACE, f"{manufacturer}/{digest}"))
    config = {"type": "profile", "dpInfo": [], **content}
    config.update(manufacturerName=manufacturer, presentationId=presentation_id)
    platform = ctx.state.platform
    platform.device_configs[(manufacturer, presentation_id)] = config
    platform.presentations.pop((manufacturer, presentation_id), None)  # rebuilt from the new configuration
    return json_response(copy.deepcopy(config))


@table.route("GET", "/presentation/types/{profileId}/deviceconfig", scopes=["r:deviceprofiles"])
def generate_device_config(ctx: Ctx) -> httpx.Response:
    """GET /presentation/types/{profileId}/deviceconfig: the profile's configuration, generated if need be."""
    profile = ctx.state.profiles.get(ctx.params["profileId"])
    if profile is None:
        raise not_found(f"Device profile {ctx.params['profileId']}")
    metadata = profile.get("metadata") or {}
    manufacturer = str(metadata.get("mnmn") or DEFAULT_MANUFACTURER)
    presentation_id = str(metadata.get("vid") or uuid.uuid5(_NAMESPACE, f"profile/{profile['id']}"))
    platform = ctx.state.platform
    key = (manufacturer, presentation_id)
    config = platform.device_configs.get(key)
    if config is None:
        config = config_from_components(manufacturer, presentation_id, profile.get("components", []))
        platform.device_configs[key] = config
    return json_response(copy.deepcopy(config))
