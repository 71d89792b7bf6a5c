"""ST Schema connectors, installed connectors and connector invitations (contract-more §12): in-memory CRUD.

Connector management is developer-account administration: personal access tokens only (SmartApp tokens get the
empty 403).  Installed connectors belong to a location, which a SmartApp token must be installed in.
"""

from __future__ import annotations

import copy
import json
import weakref
from dataclasses import dataclass, field
from importlib import resources

import httpx

from . import _auth
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, empty_response, json_response, paged
from ._state import OWNER_ID, State, new_id

table = RouteTable()

PAT_ONLY = [_auth.PAT]
_REQUIRED = ("partnerName", "userEmail", "hostingType")
_CERTIFIED = ("cst", "wwst")


@dataclass
class SchemaStore:
    """The emulator's ST Schema data."""

    apps: dict[str, JsonDict] = field(default_factory=dict)
    installed: dict[str, JsonDict] = field(default_factory=dict)
    invitations: dict[str, JsonDict] = field(default_factory=dict)


_stores: weakref.WeakKeyDictionary[State, SchemaStore] = weakref.WeakKeyDictionary()


def store(state: State) -> SchemaStore:
    """The ST Schema data of one emulator, seeded with the real connectors of ``data/schema.json``."""
    found = _stores.get(state)
    if found is None:
        found = _stores[state] = SchemaStore()
        seed = json.loads(resources.files("smartthings_client.testing").joinpath("data/schema.json").read_text())
        for app in seed["endpointApps"]:
            found.apps[app["endpointAppId"]] = dict(app, userId=OWNER_ID)
    return found


def install(state: State, endpoint_app_id: str, location_id: str, device_names: list[str]) -> str:
    """Install a connector in a location, the way a user does in the app; returns the isaId."""
    app = _app(state, endpoint_app_id)
    isa_id = new_id()
    store(state).installed[isa_id] = {
        "isaId": isa_id,
        "locationId": location_id,
        "endpointAppId": endpoint_app_id,
        "pageType": "loggedIn",
        "partnerName": app.get("partnerName"),
        "appName": app.get("appName"),
        "icon": app.get("icon"),
        "icon2x": app.get("icon2x"),
        "icon3x": app.get("icon3x"),
        "partnerSTConnection": "connected",
        "devices": [{"deviceId": new_id(), "name": name} for name in device_names],
    }
    return isa_id


def _app(state: State, endpoint_app_id: str) -> JsonDict:
    app = store(state).apps.get(endpoint_app_id)
    if app is None:
        raise not_found(f"Schema app {endpoint_app_id}")
    return app


def _checked_body(ctx: Ctx) -> JsonDict:
    body = ctx.json_object()
    missing = [name for name in _REQUIRED if not body.get(name)]
    hosting = body.get("hostingType")
    if hosting == "webhook" and not body.get("webhookUrl"):
        missing.append("webhookUrl")
    if hosting == "lambda" and not body.get("lambdaArn"):
        missing.append("lambdaArn")
    if hosting not in (None, "lambda", "webhook"):
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{hosting} is not a valid value.", "hostingType")
        )
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotNullError", f"{m}: must not be null", m) for m in missing)
        )
    return body


def _credentials(endpoint_app_id: str) -> JsonDict:
    return {"endpointAppId": endpoint_app_id, "stClientId": new_id(), "stClientSecret": new_id().replace("-", "")}


@table.route("GET", "/schema/apps", kinds=PAT_ONLY)
def list_apps(ctx: Ctx) -> httpx.Response:
    """GET /schema/apps: ``{userId, endpointApps}``."""
    return json_response({"userId": OWNER_ID, "endpointApps": copy.deepcopy(list(store(ctx.state).apps.values()))})


@table.route("GET", "/schema/apps/organizations/", kinds=PAT_ONLY)
def list_organization_apps(ctx: Ctx) -> httpx.Response:
    """GET /schema/apps/organizations/: the connectors of the X-ST-Organization organization, or of all."""
    organization = ctx.request.headers.get("x-st-organization")
    apps = [
        app
        for app in store(ctx.state).apps.values()
        if organization is None or app.get("organizationId") == organization
    ]
    return json_response({"userId": OWNER_ID, "endpointApps": copy.deepcopy(apps)})


@table.route("GET", "/schema/apps/{endpointAppId}", kinds=PAT_ONLY)
def get_app(ctx: Ctx) -> httpx.Response:
    """GET /schema/apps/{id}."""
    return json_response(copy.deepcopy(_app(ctx.state, ctx.params["endpointAppId"])))


@table.route("POST", "/schema/apps", kinds=PAT_ONLY)
def create_app(ctx: Ctx) -> httpx.Response:
    """POST /schema/apps: answers the new id and SmartThings client credentials."""
    body = _checked_body(ctx)
    endpoint_app_id = f"viper_{new_id()}"
    credentials = _credentials(endpoint_app_id)
    app = dict(body, endpointAppId=endpoint_app_id, userId=OWNER_ID, stClientId=credentials["stClientId"])
    app.setdefault("schemaType", "st-schema")
    app["certificationStatus"] = ""
    organization = ctx.request.headers.get("x-st-organization")
    if organization:
        app["organizationId"] = organization
    store(ctx.state).apps[endpoint_app_id] = app
    return json_response(credentials)


@table.route("PUT", "/schema/apps/{endpointAppId}", kinds=PAT_ONLY)
def update_app(ctx: Ctx) -> httpx.Response:
    """PUT /schema/apps/{id}: an empty 200, as the real API answers; certified connectors are refused."""
    app = _app(ctx.state, ctx.params["endpointAppId"])
    if app.get("certificationStatus") in _CERTIFIED:
        raise ApiError(403, "ForbiddenError", "A certified connector cannot be updated.")
    body = _checked_body(ctx)
    app.update({key: value for key, value in body.items() if key not in ("endpointAppId", "stClientId", "userId")})
    return empty_response(200)


@table.route("DELETE", "/schema/apps/{endpointAppId}", kinds=PAT_ONLY)
def delete_app(ctx: Ctx) -> httpx.Response:
    """DELETE /schema/apps/{id}: empty body."""
    endpoint_app_id = ctx.params["endpointAppId"]
    _app(ctx.state, endpoint_app_id)
    data = store(ctx.state)
    del data.apps[endpoint_app_id]
    for isa_id in [k for k, v in data.installed.items() if v["endpointAppId"] == endpoint_app_id]:
        del data.installed[isa_id]
    return empty_response(200)


@table.route("POST", "/schema/oauth/stclient/credentials", kinds=PAT_ONLY)
def regenerate_credentials(ctx: Ctx) -> httpx.Response:
    """POST /schema/oauth/stclient/credentials: new client id and secret; the old ones stop working."""
    endpoint_app_id = ctx.json_object().get("endpointAppId")
    if not isinstance(endpoint_app_id, str):
        raise constraint("The request is malformed.", detail("NotNullError", "endpointAppId: must not be null"))
    app = _app(ctx.state, endpoint_app_id)
    credentials = _credentials(endpoint_app_id)
    app["stClientId"] = credentials["stClientId"]
    return json_response(credentials)


@table.route("GET", "/schema/install/{endpointAppId}")
def get_page(ctx: Ctx) -> httpx.Response:
    """GET /schema/install/{id}?locationId=&type=oauthLink: the installed connector, or a login link."""
    endpoint_app_id = ctx.params["endpointAppId"]
    location_id = ctx.q("locationId") or ""
    ctx.state.location(location_id)
    ctx.check_location(location_id)
    app = _app(ctx.state, endpoint_app_id)
    for installed in store(ctx.state).installed.values():
        if installed["endpointAppId"] == endpoint_app_id and installed["locationId"] == location_id:
            return json_response(copy.deepcopy(installed))
    link = f"{app.get('oAuthAuthorizationUrl') or 'https://partner.example.invalid/oauth'}?client_id=emulator"
    return json_response({"pageType": "requiresLogin", "oAuthLink": link})


@table.route("GET", "/schema/installedapps/location/{locationId}")
def list_installed(ctx: Ctx) -> httpx.Response:
    """GET /schema/installedapps/location/{locationId}: ``{installedSmartApps}``."""
    location_id = ctx.params["locationId"]
    ctx.state.location(location_id)
    ctx.check_location(location_id)
    items = [
        {key: value for key, value in installed.items() if key != "devices"}
        for installed in store(ctx.state).installed.values()
        if installed["locationId"] == location_id
    ]
    return json_response({"installedSmartApps": items})


def _installed(ctx: Ctx) -> JsonDict:
    installed = store(ctx.state).installed.get(ctx.params["isaId"])
    if installed is None:
        raise not_found(f"Installed schema app {ctx.params['isaId']}")
    ctx.check_location(installed["locationId"])
    return installed


@table.route("GET", "/schema/installedapps/{isaId}")
def get_installed(ctx: Ctx) -> httpx.Response:
    """GET /schema/installedapps/{isaId}, with its devices."""
    return json_response(copy.deepcopy(_installed(ctx)))


@table.route("DELETE", "/schema/installedapps/{isaId}")
def delete_installed(ctx: Ctx) -> httpx.Response:
    """DELETE /schema/installedapps/{isaId}: empty body."""
    installed = _installed(ctx)
    del store(ctx.state).installed[installed["isaId"]]
    return empty_response(200)


@table.route("POST", "/invites/schemaApp", kinds=PAT_ONLY)
def create_invitation(ctx: Ctx) -> httpx.Response:
    """POST /invites/schemaApp: ``{invitationId}``."""
    body = ctx.json_object()
    schema_app_id = body.get("schemaAppId")
    if not isinstance(schema_app_id, str):
        raise constraint("The request is malformed.", detail("NotNullError", "schemaAppId: must not be null"))
    _app(ctx.state, schema_app_id)
    invitation_id = new_id()
    store(ctx.state).invitations[invitation_id] = {
        "id": invitation_id,
        "schemaAppId": schema_app_id,
        "description": body.get("description"),
        "acceptances": 0,
        "acceptUrl": f"https://my.smartthings.com/invite/{invitation_id}",
        "shortCode": invitation_id[:8].upper(),
    }
    return json_response({"invitationId": invitation_id})


@table.route("GET", "/invites/schemaApp", kinds=PAT_ONLY)
def list_invitations(ctx: Ctx) -> httpx.Response:
    """GET /invites/schemaApp?schemaAppId=: paged; a connector without invitations answers 403 (as the real API
    does, which the official SDK reads as "none")."""
    schema_app_id = ctx.q("schemaAppId")
    items = [i for i in store(ctx.state).invitations.values() if i["schemaAppId"] == schema_app_id]
    if not items:
        raise ApiError(403, "ForbiddenError", "Access is denied")
    return paged(ctx, copy.deepcopy(items))


@table.route("DELETE", "/invites/schemaApp/{invitationId}", kinds=PAT_ONLY)
def revoke_invitation(ctx: Ctx) -> httpx.Response:
    """DELETE /invites/schemaApp/{id}: empty body."""
    if store(ctx.state).invitations.pop(ctx.params["invitationId"], None) is None:
        raise not_found(f"Invitation {ctx.params['invitationId']}")
    return empty_response(200)
