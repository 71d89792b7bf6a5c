"""Apps (registrations, OAuth clients, settings) and device profiles (contract §2.5, §2.7): PAT only."""

from __future__ import annotations

import copy
import re

import httpx

from . import _auth
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._state import OWNER_ID, AppRecord, State, new_id

table = RouteTable()

#: Account-level admin needs a PAT; SmartApp tokens get an empty 403 (contract §7).
PAT_ONLY = [_auth.PAT]
MAX_APPS_PER_TYPE = 100
APP_TYPES = ("WEBHOOK_SMART_APP", "LAMBDA_SMART_APP", "API_ONLY", "BEHAVIOR")
_APP_NAME = re.compile(r"^[a-z0-9][a-z0-9-]{0,249}$")
_REQUIRED_APP_FIELDS = ("appName", "displayName", "description", "appType", "classifications")
_UPDATABLE_APP_FIELDS = (
    "displayName",
    "description",
    "singleInstance",
    "iconImage",
    "appType",
    "classifications",
    "principalType",
    "lambdaSmartApp",
    "webhookSmartApp",
    "apiOnly",
    "ui",
)


def new_app(
    state: State,
    body: JsonDict,
    *,
    signature_type: str = "ST_PADLOCK",
    require_confirmation: bool = False,
    classic: bool = False,
) -> AppRecord:
    """Create and store an app from a CreateAppRequest-shaped dict."""
    app_id = new_id()
    doc: JsonDict = {
        "appName": body["appName"],
        "appId": app_id,
        "appType": body["appType"],
        "principalType": body.get("principalType", "LOCATION"),
        "classifications": list(body.get("classifications") or ["AUTOMATION"]),
        "displayName": body.get("displayName", body["appName"]),
        "description": body.get("description", ""),
        "singleInstance": bool(body.get("singleInstance", False)),
        "iconImage": body.get("iconImage") or {"url": None},
        "installMetadata": {},
        "owner": {"ownerType": "USER", "ownerId": OWNER_ID},
        "createdDate": state.now_iso_seconds(),
        "lastUpdatedDate": state.now_iso_seconds(),
        "ui": body.get("ui") or {"dashboardCardsEnabled": False, "preInstallDashboardCardsEnabled": False},
    }
    if body["appType"] == "WEBHOOK_SMART_APP":
        webhook = dict(body.get("webhookSmartApp") or {"targetUrl": "https://smartapp.example.invalid/"})
        webhook.update(
            {
                "targetStatus": "PENDING" if require_confirmation else "CONFIRMED",
                "publicKey": "-----BEGIN PUBLIC KEY-----\nEMULATOR\n-----END PUBLIC KEY-----",
                "signatureType": signature_type,
            }
        )
        doc["webhookSmartApp"] = webhook
    elif body["appType"] == "LAMBDA_SMART_APP":
        doc["lambdaSmartApp"] = body.get("lambdaSmartApp") or {"functions": []}
    elif body["appType"] == "API_ONLY":
        doc["apiOnly"] = body.get("apiOnly") or {}
    oauth = body.get("oauth") or {}
    record = AppRecord(
        doc=doc,
        oauth={
            "clientName": oauth.get("clientName", body["appName"]),
            "scope": list(oauth.get("scope") or []),
            "redirectUris": list(oauth.get("redirectUris") or []),
        },
        settings={},
        client_id=new_id(),
        client_secret=new_id(),
        classic=classic,
    )
    state.apps[app_id] = record
    return record


def _app_for(ctx: Ctx) -> AppRecord:
    return ctx.state.app(ctx.params["appNameOrId"])


def _check_app_body(body: JsonDict, required: tuple[str, ...]) -> None:
    missing = [f for f in required if body.get(f) in (None, "", [])]
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotNullError", f"{f}: must not be null", f) for f in missing)
        )
    if "appType" in body and body["appType"] not in APP_TYPES:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"{body['appType']} is not a valid value.", "appType")
        )


@table.route("GET", "/apps", scopes=["r:apps:*"], kinds=PAT_ONLY)
def list_apps(ctx: Ctx) -> httpx.Response:
    """GET /apps, filtered by ``appType`` and ``classification``."""
    app_type = ctx.q("appType")
    classification = ctx.q("classification")
    keys = (
        "appName",
        "appId",
        "appType",
        "classifications",
        "displayName",
        "description",
        "iconImage",
        "owner",
        "createdDate",
        "lastUpdatedDate",
    )
    items = [
        {k: copy.deepcopy(r.doc.get(k)) for k in keys}
        for r in ctx.state.apps.values()
        if not r.classic
        and (app_type is None or r.doc["appType"] == app_type)
        and (classification is None or classification in r.doc["classifications"])
    ]
    return paged(ctx, items)


@table.route("POST", "/apps", scopes=["w:apps:*"], kinds=PAT_ONLY)
def create_app(ctx: Ctx) -> httpx.Response:
    """POST /apps: ``{app, oauthClientId, oauthClientSecret}``; 409 on a taken appName, 422 LimitError at 100."""
    body = ctx.json_object()
    _check_app_body(body, _REQUIRED_APP_FIELDS)
    if not _APP_NAME.match(str(body["appName"])):
        raise constraint(
            "The request is malformed.",
            detail("PatternError", "appName must be lowercase letters, digits and hyphens", "appName"),
        )
    if any(r.doc["appName"] == body["appName"] for r in ctx.state.apps.values()):
        raise ApiError(409, "ConflictError", f"appName {body['appName']} is already taken", target="appName")
    if sum(1 for r in ctx.state.apps.values() if r.doc["appType"] == body["appType"]) >= MAX_APPS_PER_TYPE:
        raise ApiError(422, "LimitError", f"Limit of {MAX_APPS_PER_TYPE} apps per app type reached")
    if body["appType"] == "WEBHOOK_SMART_APP" and not (body.get("webhookSmartApp") or {}).get("targetUrl"):
        raise constraint(
            "The request is malformed.",
            detail("NotNullError", "targetUrl: must not be null", "webhookSmartApp.targetUrl"),
        )
    record = new_app(
        ctx.state,
        body,
        signature_type=ctx.q("signatureType") or "ST_PADLOCK",
        require_confirmation=ctx.q_bool("requireConfirmation"),
    )
    return json_response(
        {"app": copy.deepcopy(record.doc), "oauthClientId": record.client_id, "oauthClientSecret": record.client_secret}
    )


@table.route("GET", "/apps/{appNameOrId}", scopes=["r:apps:*"], kinds=PAT_ONLY)
def get_app(ctx: Ctx) -> httpx.Response:
    """GET an app by id or appName."""
    return json_response(copy.deepcopy(_app_for(ctx).doc))


@table.route("PUT", "/apps/{appNameOrId}", scopes=["w:apps:*"], kinds=PAT_ONLY)
def update_app(ctx: Ctx) -> httpx.Response:
    """PUT an UpdateAppRequest (displayName, description, appType, classifications required)."""
    record = _app_for(ctx)
    body = ctx.json_object()
    _check_app_body(body, ("displayName", "description", "appType", "classifications"))
    for key in _UPDATABLE_APP_FIELDS:
        if key in body:
            record.doc[key] = copy.deepcopy(body[key])
    if ctx.q("signatureType") and "webhookSmartApp" in record.doc:
        record.doc["webhookSmartApp"]["signatureType"] = ctx.q("signatureType")
    record.doc["lastUpdatedDate"] = ctx.state.now_iso_seconds()
    return json_response(copy.deepcopy(record.doc))


@table.route("DELETE", "/apps/{appNameOrId}", scopes=["w:apps:*"], kinds=PAT_ONLY)
def delete_app(ctx: Ctx) -> httpx.Response:
    """DELETE an app and its installations."""
    record = _app_for(ctx)
    del ctx.state.apps[record.id]
    for installed_id in [i for i, r in ctx.state.installed_apps.items() if r.app_id == record.id]:
        ctx.state.remove_installed_app(installed_id)
    return json_response({})


@table.route("GET", "/apps/{appNameOrId}/settings", scopes=["r:apps:*"], kinds=PAT_ONLY)
def get_settings(ctx: Ctx) -> httpx.Response:
    """GET ``{settings: {k: v}}``."""
    return json_response({"settings": dict(_app_for(ctx).settings)})


@table.route("PUT", "/apps/{appNameOrId}/settings", scopes=["w:apps:*"], kinds=PAT_ONLY)
def put_settings(ctx: Ctx) -> httpx.Response:
    """PUT ``{settings: {k: string}}`` (replaces them)."""
    record = _app_for(ctx)
    settings = ctx.json_object().get("settings")
    if not isinstance(settings, dict) or not all(isinstance(v, str) for v in settings.values()):
        raise constraint(
            "The request is malformed.", detail("NotValidValue", "settings must map names to strings", "settings")
        )
    record.settings = dict(settings)
    return json_response({"settings": dict(record.settings)})


@table.route("GET", "/apps/{appNameOrId}/oauth", scopes=["r:apps:*"], kinds=PAT_ONLY)
def get_oauth(ctx: Ctx) -> httpx.Response:
    """GET ``{clientName, scope, redirectUris}``."""
    return json_response(copy.deepcopy(_app_for(ctx).oauth))


@table.route("PUT", "/apps/{appNameOrId}/oauth", scopes=["w:apps:*"], kinds=PAT_ONLY)
def put_oauth(ctx: Ctx) -> httpx.Response:
    """PUT ``{clientName*, scope*, redirectUris*}``: this is the scope whitelist the authorize step checks."""
    record = _app_for(ctx)
    body = ctx.json_object()
    missing = [f for f in ("clientName", "scope", "redirectUris") if f not in body]
    if missing:
        raise constraint(
            "The request is malformed.", *(detail("NotNullError", f"{f}: must not be null", f) for f in missing)
        )
    record.oauth = {
        "clientName": body["clientName"],
        "scope": list(body["scope"]),
        "redirectUris": list(body["redirectUris"]),
    }
    return json_response(copy.deepcopy(record.oauth))


@table.route("POST", "/apps/{appNameOrId}/oauth/generate", scopes=["w:apps:*"], kinds=PAT_ONLY)
def generate_oauth(ctx: Ctx) -> httpx.Response:
    """POST: new client id and secret; the old pair stops working at the token endpoint."""
    record = _app_for(ctx)
    body = ctx.json(required=False) or {}
    if isinstance(body, dict):
        if "clientName" in body:
            record.oauth["clientName"] = body["clientName"]
        if "scope" in body:
            record.oauth["scope"] = list(body["scope"])
    record.client_id = new_id()
    record.client_secret = new_id()
    return json_response(
        {
            "oauthClientDetails": copy.deepcopy(record.oauth),
            "oauthClientId": record.client_id,
            "oauthClientSecret": record.client_secret,
        }
    )


@table.route("PUT", "/apps/{appNameOrId}/register", scopes=["w:apps:*"], kinds=PAT_ONLY)
def register_app(ctx: Ctx) -> httpx.Response:
    """PUT register: would send a CONFIRMATION lifecycle; here it just answers ``{}``."""
    _app_for(ctx)
    return json_response({})


@table.route("GET", "/apps/{appNameOrId}/confirm-registration", public=True)
def confirm_registration(ctx: Ctx) -> httpx.Response:
    """GET the confirmation URL of a CONFIRMATION lifecycle: proves the target belongs to the app's owner."""
    record = _app_for(ctx)
    token = ctx.request.url.params.get("token", "")
    if ctx.state.confirmation_tokens.get(token) != record.id:
        raise not_found(f"confirmation token for app {record.id}")
    del ctx.state.confirmation_tokens[token]
    ctx.state.confirmed_apps.add(record.id)
    return json_response({"appId": record.id, "status": "CONFIRMED"})


@table.route("PUT", "/apps/{appNameOrId}/signature-type", scopes=["w:apps:*"], kinds=PAT_ONLY)
def set_signature_type(ctx: Ctx) -> httpx.Response:
    """PUT ``{signatureType: APP_RSA|ST_PADLOCK}``."""
    record = _app_for(ctx)
    signature_type = ctx.json_object().get("signatureType")
    if signature_type not in ("APP_RSA", "ST_PADLOCK"):
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", f"{signature_type} is not a valid value.", "signatureType"),
        )
    if "webhookSmartApp" in record.doc:
        record.doc["webhookSmartApp"]["signatureType"] = signature_type
    return json_response({})


# ----- device profiles -----------------------------------------------------------------------------------------
def _profile_for(ctx: Ctx) -> JsonDict:
    profile = ctx.state.profiles.get(ctx.params["profileId"])
    if profile is None:
        raise not_found(f"DeviceProfile {ctx.params['profileId']}")
    return profile


def _check_components(body: JsonDict) -> list[JsonDict]:
    components = body.get("components")
    if not isinstance(components, list) or not components:
        raise constraint(
            "The request is malformed.", detail("NotEmptyError", "components: must not be empty", "components")
        )
    checked = []
    for index, component in enumerate(components):
        if not isinstance(component, dict) or not component.get("id"):
            raise constraint(
                "The request is malformed.",
                detail("NotNullError", "id: must not be null", f"components[{index}].id"),
            )
        capabilities = component.get("capabilities")
        if not isinstance(capabilities, list) or not capabilities:
            raise constraint(
                "The request is malformed.",
                detail("NotEmptyError", "capabilities: must not be empty", f"components[{index}].capabilities"),
            )
        checked.append(
            {
                "label": component.get("label", component["id"]),
                "id": component["id"],
                "capabilities": [{"id": c["id"], "version": c.get("version", 1)} for c in capabilities],
                "categories": list(component.get("categories") or []),
            }
        )
    return checked


@table.route("GET", "/deviceprofiles", scopes=["r:deviceprofiles"], kinds=PAT_ONLY)
def list_profiles(ctx: Ctx) -> httpx.Response:
    """GET /deviceprofiles, optionally ``profileId`` (multi)."""
    wanted = set(ctx.q_all("profileId"))
    items = [copy.deepcopy(p) for p in ctx.state.profiles.values() if not wanted or p["id"] in wanted]
    return paged(ctx, items)


@table.route("POST", "/deviceprofiles", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def create_profile(ctx: Ctx) -> httpx.Response:
    """POST a profile; it starts in DEVELOPMENT."""
    body = ctx.json_object()
    if not isinstance(body.get("name"), str) or not body["name"]:
        raise constraint("The request is malformed.", detail("NotNullError", "name: must not be null", "name"))
    profile = {
        "id": new_id(),
        "name": body["name"],
        "owner": {"ownerType": "USER", "ownerId": OWNER_ID},
        "components": _check_components(body),
        "metadata": copy.deepcopy(body.get("metadata") or {}),
        "status": "DEVELOPMENT",
    }
    if "preferences" in body:
        profile["preferences"] = copy.deepcopy(body["preferences"])
    ctx.state.profiles[profile["id"]] = profile
    return json_response(copy.deepcopy(profile))


@table.route("GET", "/deviceprofiles/{profileId}", scopes=["r:deviceprofiles"], kinds=PAT_ONLY)
def get_profile(ctx: Ctx) -> httpx.Response:
    """GET one profile."""
    return json_response(copy.deepcopy(_profile_for(ctx)))


@table.route("PUT", "/deviceprofiles/{profileId}", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def update_profile(ctx: Ctx) -> httpx.Response:
    """PUT components/metadata/preferences: the profile "has to be in development status" (S1)."""
    profile = _profile_for(ctx)
    if profile.get("status") != "DEVELOPMENT":
        raise constraint(
            "The request is malformed.",
            detail("UnsupportedOperationError", "a published device profile cannot be changed", "status"),
        )
    body = ctx.json_object()
    if "components" in body:
        profile["components"] = _check_components(body)
    for key in ("metadata", "preferences"):
        if key in body:
            profile[key] = copy.deepcopy(body[key])
    return json_response(copy.deepcopy(profile))


@table.route("DELETE", "/deviceprofiles/{profileId}", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def delete_profile(ctx: Ctx) -> httpx.Response:
    """DELETE a profile: ``{}``."""
    profile = _profile_for(ctx)
    del ctx.state.profiles[profile["id"]]
    ctx.state.i18n.pop(profile["id"], None)
    return json_response({})


@table.route("POST", "/deviceprofiles/{profileId}/status", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def set_profile_status(ctx: Ctx) -> httpx.Response:
    """POST ``{deviceProfileStatus: DEVELOPMENT|PUBLISHED}``."""
    profile = _profile_for(ctx)
    status = ctx.json_object().get("deviceProfileStatus")
    if status not in ("DEVELOPMENT", "PUBLISHED"):
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", f"{status} is not a valid value.", "deviceProfileStatus"),
        )
    profile["status"] = status
    return json_response(copy.deepcopy(profile))


@table.route("GET", "/deviceprofiles/{profileId}/i18n", scopes=["r:deviceprofiles"], kinds=PAT_ONLY)
def list_i18n(ctx: Ctx) -> httpx.Response:
    """GET the locales that have translations: ``{items: [{tag}]}``."""
    profile = _profile_for(ctx)
    return paged(ctx, [{"tag": tag} for tag in ctx.state.i18n.get(profile["id"], {})])


@table.route("GET", "/deviceprofiles/{profileId}/i18n/{tag}", scopes=["r:deviceprofiles"], kinds=PAT_ONLY)
def get_i18n(ctx: Ctx) -> httpx.Response:
    """GET one locale's translations."""
    profile = _profile_for(ctx)
    entry = ctx.state.i18n.get(profile["id"], {}).get(ctx.params["tag"])
    if entry is None:
        raise not_found(f"Translations {ctx.params['tag']}")
    return json_response(copy.deepcopy(entry))


@table.route("PUT", "/deviceprofiles/{profileId}/i18n/{tag}", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def put_i18n(ctx: Ctx) -> httpx.Response:
    """PUT (create or replace) one locale's translations ``{tag, components: {id: {label, description}}}``."""
    profile = _profile_for(ctx)
    body = ctx.json_object()
    components = body.get("components")
    if not isinstance(components, dict):
        raise constraint(
            "The request is malformed.", detail("NotNullError", "components: must not be null", "components")
        )
    entry = {"tag": ctx.params["tag"], "components": copy.deepcopy(components)}
    ctx.state.i18n.setdefault(profile["id"], {})[ctx.params["tag"]] = entry
    return json_response(copy.deepcopy(entry))


@table.route("DELETE", "/deviceprofiles/{profileId}/i18n/{tag}", scopes=["w:deviceprofiles"], kinds=PAT_ONLY)
def delete_i18n(ctx: Ctx) -> httpx.Response:
    """DELETE one locale's translations: ``{}``."""
    profile = _profile_for(ctx)
    if ctx.state.i18n.get(profile["id"], {}).pop(ctx.params["tag"], None) is None:
        raise not_found(f"Translations {ctx.params['tag']}")
    return json_response({})
