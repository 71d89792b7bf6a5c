"""Subscriptions of an installed app (contract §2.3): its own SmartApp token only, 20 per app."""

from __future__ import annotations

import copy
import re

import httpx

from ._errors import ApiError, Forbidden, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._routes_installedapps import installed_for
from ._state import InstalledAppRecord, new_id

table = RouteTable()

MAX_SUBSCRIPTIONS = 20
MAX_LIFECYCLE_DEVICES = 20
SUBSCRIPTION_NAME = re.compile(r"^[-_!.~'()*0-9a-zA-Z]{1,36}$")

#: sourceType -> key of its detail object (contract §2.3).
SOURCE_KEYS = {
    "DEVICE": "device",
    "CAPABILITY": "capability",
    "MODE": "mode",
    "DEVICE_LIFECYCLE": "deviceLifecycle",
    "DEVICE_HEALTH": "deviceHealth",
    "SECURITY_ARM_STATE": "securityArmState",
    "HUB_HEALTH": "hubHealth",
    "SCENE_LIFECYCLE": "sceneLifecycle",
}


def _own_app_only(ctx: Ctx) -> InstalledAppRecord:
    """Subscriptions need the installed app's own token; PATs always get an empty 403 (contract §7)."""
    if not ctx.is_app_token:
        raise Forbidden("subscriptions accept only the installed app's own SmartApp token, never a PAT")
    return installed_for(ctx)


def _subscription_scopes(ctx: Ctx, installed: InstalledAppRecord, source: str, spec: JsonDict) -> None:
    """Check the per-sourceType read scope (contract §2.3 table) and that the source is in the app's location."""
    location_id = installed.location_id
    if source == "DEVICE":
        device_id = str(spec.get("deviceId"))
        device = ctx.state.devices.get(device_id)
        if device is None:
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", f"{device_id} is not a valid value.", "device.deviceId"),
            )
        if device.location_id != location_id:
            raise Forbidden("the device is not in the installed app's location")
        if device.creator != installed.id:
            ctx.require(f"r:devices:{device_id}")
    elif source == "CAPABILITY":
        ctx.require("r:devices:*", f"r:devices:*:*:{spec.get('capability')}")
    elif source == "MODE":
        ctx.require(f"r:locations:{location_id}")
    elif source in ("DEVICE_LIFECYCLE", "DEVICE_HEALTH"):
        device_ids = spec.get("deviceIds") or []
        if len(device_ids) > MAX_LIFECYCLE_DEVICES:
            raise constraint(
                "The request is malformed.",
                detail("SizeError", f"deviceIds: size must be between 0 and {MAX_LIFECYCLE_DEVICES}", "deviceIds"),
            )
        for device_id in device_ids or ["*"]:
            ctx.require(f"r:devices:{device_id}")
    elif source == "SECURITY_ARM_STATE":
        ctx.require(f"r:security:locations:{location_id}:armstate")
    elif source == "HUB_HEALTH":
        ctx.require("r:hubs")
    elif source == "SCENE_LIFECYCLE":
        ctx.require("r:scenes:*")
    spec_location = spec.get("locationId")
    if spec_location is not None and spec_location != location_id:
        raise Forbidden("the subscription's location must be the installed app's location")


@table.route("GET", "/installedapps/{installedAppId}/subscriptions")
def list_subscriptions(ctx: Ctx) -> httpx.Response:
    """GET the installed app's subscriptions (its own token only)."""
    installed = _own_app_only(ctx)
    return paged(ctx, copy.deepcopy(list(installed.subscriptions.values())))


@table.route("POST", "/installedapps/{installedAppId}/subscriptions")
def create_subscription(ctx: Ctx) -> httpx.Response:
    """POST a subscription: name rules (400), duplicate names (409), the 20-per-app guardrail (422)."""
    installed = _own_app_only(ctx)
    body = ctx.json_object()
    source = body.get("sourceType")
    key = SOURCE_KEYS.get(str(source))
    if key is None:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{source} is not a valid value.", "sourceType")
        )
    spec = body.get(key)
    if not isinstance(spec, dict):
        raise constraint("The request is malformed.", detail("NotNullError", f"{key}: must not be null", key))
    spec = copy.deepcopy(spec)
    name = spec.get("subscriptionName")
    if name is not None and (not isinstance(name, str) or not SUBSCRIPTION_NAME.match(name)):
        raise ApiError(
            400,
            "PatternError",
            "subscriptionName must match ^[-_!.~'()*0-9a-zA-Z]{1,36}$",
            target=f"{key}.subscriptionName",
            details=[detail("PatternError", f"{name!r} does not match the pattern", f"{key}.subscriptionName")],
        )
    if source in ("CAPABILITY", "MODE", "SECURITY_ARM_STATE", "HUB_HEALTH", "SCENE_LIFECYCLE") and not spec.get(
        "locationId"
    ):
        raise constraint(
            "The request is malformed.", detail("NotNullError", "locationId: must not be null", f"{key}.locationId")
        )
    if source == "DEVICE" and not spec.get("deviceId"):
        raise constraint(
            "The request is malformed.", detail("NotNullError", "deviceId: must not be null", "device.deviceId")
        )
    if source == "CAPABILITY" and not spec.get("capability"):
        raise constraint(
            "The request is malformed.",
            detail("NotNullError", "capability: must not be null", "capability.capability"),
        )
    _subscription_scopes(ctx, installed, str(source), spec)
    if name is not None and any(
        (s.get(SOURCE_KEYS[s["sourceType"]]) or {}).get("subscriptionName") == name
        for s in installed.subscriptions.values()
    ):
        raise ApiError(409, "ConflictError", f"A subscription named {name} already exists", target="subscriptionName")
    if len(installed.subscriptions) >= MAX_SUBSCRIPTIONS:
        raise ApiError(
            422,
            "LimitError",
            f"An installed app is only permitted to create {MAX_SUBSCRIPTIONS} subscriptions",
            details=[detail("LimitError", f"limit of {MAX_SUBSCRIPTIONS} subscriptions reached", "subscriptions")],
        )
    if source in ("DEVICE", "CAPABILITY"):
        if source == "DEVICE":
            spec.setdefault("componentId", "*")
            spec.setdefault("capability", "*")
        spec.setdefault("attribute", "*")
        spec.setdefault("value", "*")
        spec.setdefault("stateChangeOnly", True)
        spec.setdefault("modes", [])
    subscription_id = new_id()
    subscription: JsonDict = {"id": subscription_id, "installedAppId": installed.id, "sourceType": source, key: spec}
    installed.subscriptions[subscription_id] = subscription
    return json_response(copy.deepcopy(subscription))


def _find_subscription(installed: InstalledAppRecord, id_or_name: str) -> JsonDict:
    """Subscriptions are addressed by id or by subscriptionName (C1 deletes by name)."""
    found = installed.subscriptions.get(id_or_name)
    if found is not None:
        return found
    for subscription in installed.subscriptions.values():
        if (subscription.get(SOURCE_KEYS[subscription["sourceType"]]) or {}).get("subscriptionName") == id_or_name:
            return subscription
    raise not_found(f"Subscription {id_or_name}")


@table.route("GET", "/installedapps/{installedAppId}/subscriptions/{subscriptionId}")
def get_subscription(ctx: Ctx) -> httpx.Response:
    """GET one subscription by id or name."""
    installed = _own_app_only(ctx)
    return json_response(copy.deepcopy(_find_subscription(installed, ctx.params["subscriptionId"])))


@table.route("DELETE", "/installedapps/{installedAppId}/subscriptions/{subscriptionId}")
def delete_subscription(ctx: Ctx) -> httpx.Response:
    """DELETE one subscription: ``{count: 1}``."""
    installed = _own_app_only(ctx)
    subscription = _find_subscription(installed, ctx.params["subscriptionId"])
    del installed.subscriptions[subscription["id"]]
    return json_response({"count": 1})


@table.route("DELETE", "/installedapps/{installedAppId}/subscriptions")
def delete_subscriptions(ctx: Ctx) -> httpx.Response:
    """DELETE all subscriptions, or only those of ``deviceId``/``modeId``: ``{count: n}``."""
    installed = _own_app_only(ctx)
    device_ids = set(ctx.q_all("deviceId"))
    mode_ids = set(ctx.q_all("modeId"))
    doomed = []
    for sub_id, subscription in installed.subscriptions.items():
        spec = subscription.get(SOURCE_KEYS[subscription["sourceType"]]) or {}
        if device_ids or mode_ids:
            hits_device = bool(device_ids) and (
                spec.get("deviceId") in device_ids or bool(device_ids & set(spec.get("deviceIds") or []))
            )
            hits_mode = bool(mode_ids) and bool(mode_ids & set(spec.get("modes") or []))
            if not (hits_device or hits_mode):
                continue
        doomed.append(sub_id)
    for sub_id in doomed:
        del installed.subscriptions[sub_id]
    return json_response({"count": len(doomed)})
