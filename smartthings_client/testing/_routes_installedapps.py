"""Installed apps, their configurations and SmartApp events (contract §2.2)."""

from __future__ import annotations

import copy
import re

import httpx

from . import _auth
from ._errors import Forbidden, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._state import OWNER_ID, InstalledAppRecord, State, new_id

table = RouteTable()


def installed_for(ctx: Ctx) -> InstalledAppRecord:
    """The installed app in the path; a SmartApp-type token only reaches its own (and its location)."""
    installed_app_id = ctx.params["installedAppId"]
    if ctx.is_app_token and ctx.token is not None and ctx.token.installed_app_id != installed_app_id:
        raise Forbidden("a SmartApp token only reaches its own installed app")
    record = ctx.state.installed_app(installed_app_id)
    ctx.check_location(record.location_id)
    return record


# ----- installed apps ---------------------------------------------------------------------------------------
@table.route("GET", "/installedapps")
def list_installed_apps(ctx: Ctx) -> httpx.Response:
    """GET /installedapps with the S1 filters; a SmartApp token sees its location's installed apps."""
    if not ctx.is_app_token:
        ctx.require("l:installedapps", "r:installedapps:*")
    filters = {
        "locationId": set(ctx.q_all("locationId")),
        "installedAppStatus": set(ctx.q_all("installedAppStatus")),
        "installedAppType": set(ctx.q_all("installedAppType")),
        "appId": set(ctx.q_all("appId")),
    }
    device_ids = set(ctx.q_all("deviceId"))
    mode_ids = set(ctx.q_all("modeId"))
    items = []
    for record in ctx.state.installed_apps.values():
        if not ctx.sees_location(record.location_id):
            continue
        if any(values and record.doc.get(key) not in values for key, values in filters.items()):
            continue
        config = record.current_config()
        referenced = {
            (entry.get("deviceConfig") or {}).get("deviceId") for entries in config.values() for entry in entries
        } | {(entry.get("modeConfig") or {}).get("modeId") for entries in config.values() for entry in entries}
        if device_ids and not device_ids & referenced:
            continue
        if mode_ids and not mode_ids & referenced:
            continue
        items.append(copy.deepcopy(record.doc))
    return paged(ctx, items)


@table.route("GET", "/installedapps/me", kinds=_auth.APP_KINDS)
def installed_app_me(ctx: Ctx) -> httpx.Response:
    """GET /installedapps/me: introspect a SmartApp or OAuth-In token (C1 ``tokenInfo``)."""
    assert ctx.token is not None
    return json_response(
        {
            "installedAppId": ctx.token.installed_app_id,
            "locationId": ctx.token.location_id,
            "scope": list(ctx.token.scopes),
        }
    )


@table.route("GET", "/installedapps/{installedAppId}")
def get_installed_app(ctx: Ctx) -> httpx.Response:
    """GET one installed app (a SmartApp token may read its own without a scope)."""
    record = installed_for(ctx)
    if not ctx.is_app_token:
        ctx.require(f"r:installedapps:{record.id}")
    return json_response(copy.deepcopy(record.doc))


@table.route("POST", "/installedapps", scopes=["w:installedapps"], kinds=[_auth.PAT])
def create_installed_app(ctx: Ctx) -> httpx.Response:
    """POST /installedapps (C1 ``create``): returns ``{installedApp, configurationDetail}``."""
    body = ctx.json_object()
    missing = [f for f in ("appId", "locationId") if not body.get(f)]
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotNullError", f"{f}: must not be null", f) for f in missing)
        )
    app = ctx.state.app(str(body["appId"]))
    ctx.state.location(str(body["locationId"]))
    config = body.get("config") or {}
    record = new_installed_app(
        ctx.state,
        app_id=app.id,
        display_name=str(app.doc.get("displayName") or app.doc.get("appName")),
        app_type=str(body.get("installedAppType") or app.doc.get("appType")),
        location_id=str(body["locationId"]),
        permissions=[],
        status="PENDING",
        config=config,
        config_status=str(body.get("configurationStatus") or "DONE"),
    )
    return json_response(
        {"installedApp": copy.deepcopy(record.doc), "configurationDetail": copy.deepcopy(record.configs[-1])}
    )


@table.route("PUT", "/installedapps/{installedAppId}", scopes=["w:installedapps:{installedAppId}"])
def update_installed_app(ctx: Ctx) -> httpx.Response:
    """PUT ``{displayName}``."""
    record = installed_for(ctx)
    name = ctx.json_object().get("displayName")
    if not isinstance(name, str) or not name.strip():
        raise constraint(
            "The request is malformed.", detail("NotEmptyError", "displayName: must not be empty", "displayName")
        )
    record.doc["displayName"] = name
    record.doc["lastUpdatedDate"] = ctx.state.now_iso_seconds()
    return json_response(copy.deepcopy(record.doc))


@table.route("DELETE", "/installedapps/{installedAppId}", scopes=["w:installedapps:{installedAppId}"])
def delete_installed_app(ctx: Ctx) -> httpx.Response:
    """DELETE an installed app; its tokens stop working. Answers ``{count}``."""
    record = installed_for(ctx)
    ctx.state.remove_installed_app(record.id)
    return json_response({"count": 1})


@table.route("GET", "/installedapps/{installedAppId}/configs")
def list_configs(ctx: Ctx) -> httpx.Response:
    """GET the configurations (summaries, newest first), optionally by ``configurationStatus``."""
    record = installed_for(ctx)
    if not ctx.is_app_token:
        ctx.require(f"r:installedapps:{record.id}")
    wanted = set(ctx.q_all("configurationStatus"))
    items = [
        {k: v for k, v in config.items() if k != "config"}
        for config in reversed(record.configs)
        if not wanted or config["configurationStatus"] in wanted
    ]
    return paged(ctx, items)


@table.route("GET", "/installedapps/{installedAppId}/configs/{configurationId}")
def get_config(ctx: Ctx) -> httpx.Response:
    """GET one configuration with its ``config`` map."""
    record = installed_for(ctx)
    if not ctx.is_app_token:
        ctx.require(f"r:installedapps:{record.id}")
    for config in record.configs:
        if config["configurationId"] == ctx.params["configurationId"]:
            return json_response(copy.deepcopy(config))
    raise not_found(f"Configuration {ctx.params['configurationId']}")


@table.route("PUT", "/installedapps/{installedAppId}/configs", scopes=["w:installedapps:{installedAppId}"])
def stage_config(ctx: Ctx) -> httpx.Response:
    """PUT ``{config}``: replace the latest STAGED configuration, or stage a new one (C1)."""
    record = installed_for(ctx)
    config = ctx.json_object().get("config")
    if not isinstance(config, dict):
        raise constraint("The request is malformed.", detail("NotNullError", "config: must not be null", "config"))
    staged = next((c for c in reversed(record.configs) if c["configurationStatus"] == "STAGED"), None)
    if staged is None:
        staged = add_config(ctx.state, record, config, "STAGED")
    else:
        staged["config"] = copy.deepcopy(config)
        staged["lastUpdatedDate"] = ctx.state.now_iso_seconds()
    return json_response(copy.deepcopy(staged))


@table.route(
    "PUT",
    "/installedapps/{installedAppId}/configs/{configurationId}",
    scopes=["w:installedapps:{installedAppId}"],
)
def patch_config(ctx: Ctx) -> httpx.Response:
    """PUT ``{removals, upserts}`` on a STAGED configuration only (C1)."""
    record = installed_for(ctx)
    config = next((c for c in record.configs if c["configurationId"] == ctx.params["configurationId"]), None)
    if config is None:
        raise not_found(f"Configuration {ctx.params['configurationId']}")
    if config["configurationStatus"] != "STAGED":
        raise constraint(
            "The request is malformed.",
            detail("UnsupportedOperationError", "only STAGED configurations can be changed", "configurationId"),
        )
    body = ctx.json_object()
    for name in body.get("removals") or []:
        config["config"].pop(name, None)
    for name, entries in (body.get("upserts") or {}).items():
        config["config"][name] = copy.deepcopy(entries)
    config["lastUpdatedDate"] = ctx.state.now_iso_seconds()
    return json_response(copy.deepcopy(config))


@table.route("POST", "/installedapps/{installedAppId}/events", kinds=_auth.APP_KINDS)
def installed_app_events(ctx: Ctx) -> httpx.Response:
    """POST SmartApp events: "Requires a SmartApp token" (S1) of that installed app."""
    installed_for(ctx)
    body = ctx.json_object()
    for key in ("smartAppEvents", "smartAppDashboardCardEvents", "smartAppDashboardEvents"):
        if key in body and not isinstance(body[key], list):
            raise constraint("The request is malformed.", detail("BodyMalformedError", f"{key} must be an array", key))
    return json_response({})


_MESSAGE_GROUP_KEY = re.compile(r"[a-z0-9._]{1,36}")


@table.route("POST", "/installedapps/{installedAppId}/send-message", kinds=_auth.APP_KINDS)
def send_message(ctx: Ctx) -> httpx.Response:
    """POST a message to a message group (S1 schemas; not live on SmartThings): checked, accepted, not delivered."""
    installed_for(ctx)
    body = ctx.json_object()
    key = body.get("messageGroupKey")
    if not isinstance(key, str) or not _MESSAGE_GROUP_KEY.fullmatch(key):
        raise constraint(
            "The request is malformed.",
            detail("PatternError", "messageGroupKey must match ^[a-z0-9._]{1,36}$", "messageGroupKey"),
        )
    kind = body.get("messageType")
    block = {"PREDEFINED": "predefinedMessage", "ADHOC": "adhocMessage"}.get(str(kind))
    if block is None or not isinstance(body.get(block), dict):
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", "messageType must be PREDEFINED or ADHOC with its message", "messageType"),
        )
    if block == "adhocMessage":
        templates = body[block].get("templates")
        if not isinstance(templates, list) or not 1 <= len(templates) <= 35:
            raise constraint(
                "The request is malformed.",
                detail("SizeError", "templates: size must be between 1 and 35", "adhocMessage.templates"),
            )
    return json_response({})


# ----- helpers used by the Emulator's lifecycle methods -----------------------------------------------------------
def add_config(state: State, record: InstalledAppRecord, config: JsonDict, status: str) -> JsonDict:
    """Append a configuration record."""
    entry = {
        "installedAppId": record.id,
        "configurationId": new_id(),
        "configurationStatus": status,
        "config": copy.deepcopy(config),
        "createdDate": state.now_iso_seconds(),
        "lastUpdatedDate": state.now_iso_seconds(),
    }
    record.configs.append(entry)
    return entry


def new_installed_app(
    state: State,
    *,
    app_id: str,
    display_name: str,
    app_type: str,
    location_id: str,
    permissions: list[str],
    status: str,
    config: JsonDict,
    config_status: str,
) -> InstalledAppRecord:
    """Create and store an installed app with one configuration."""
    installed_app_id = new_id()
    doc: JsonDict = {
        "installedAppId": installed_app_id,
        "installedAppType": app_type,
        "installedAppStatus": status,
        "displayName": display_name,
        "appId": app_id,
        "referenceId": None,
        "locationId": location_id,
        "owner": {"ownerType": "USER", "ownerId": OWNER_ID},
        "notices": [],
        "createdDate": state.now_iso_seconds(),
        "lastUpdatedDate": state.now_iso_seconds(),
        "ui": {"pluginId": None, "dashboardCardsEnabled": False, "preInstallDashboardCardsEnabled": False},
        "iconImage": {"url": None},
        "classifications": ["AUTOMATION"],
        "principalType": "LOCATION",
        "singleInstance": False,
    }
    record = InstalledAppRecord(doc=doc, permissions=list(permissions))
    add_config(state, record, config, config_status)
    state.installed_apps[installed_app_id] = record
    return record
