"""OAuth-In: the authorize step (without a browser) and ``POST /oauth/token`` (contract §6.1).

The token endpoint wants ``application/x-www-form-urlencoded``, HTTP Basic client authentication and no
secret in the body. Refresh tokens rotate: each use returns a new pair and retires the old refresh token;
a used, unknown, foreign or expired one gets 400 ``invalid_grant`` (the field behaviour, user-pains §2.2).
"""

from __future__ import annotations

import base64
import binascii
import json
import secrets
from urllib.parse import urlencode

import httpx

from . import _auth
from ._errors import OAuthError
from ._http import Ctx, RouteTable
from ._routes_installedapps import add_config, new_installed_app
from ._scopes import normalise
from ._state import OWNER_ID, AppRecord, InstalledAppRecord, State

table = RouteTable()

#: Stable ids for the extra account fields of the token response (D-token).
DEVELOPER_ACCOUNT_ID = "8b3f5d2e-4d6c-4bb5-9d4e-2f1a7c9e0d11"
IOT_ACCOUNT_ID = "e1c6a9b0-3f57-4b1e-8f0a-6d2c4b7e9a52"


def oauth_response(error: OAuthError) -> httpx.Response:
    """The ``{"error", "error_description"}`` body of OAuth failures."""
    body = {"error": error.error, "error_description": error.description}
    headers = {"content-type": "application/json;charset=utf-8", "cache-control": "no-store"}
    if error.status == 401:
        headers["www-authenticate"] = 'Basic realm="oauth2/client"'
    return httpx.Response(error.status, headers=headers, content=json.dumps(body).encode())


def installed_app_for_location(state: State, app: AppRecord, location_id: str) -> InstalledAppRecord | None:
    """The installed app an app already has in a location (one per user and location, contract §6.1)."""
    for record in state.installed_apps.values():
        if record.app_id == app.id and record.location_id == location_id:
            return record
    return None


def authorize(
    state: State,
    client_id: str,
    scopes: list[str] | str,
    redirect_uri: str,
    location_id: str | None,
) -> str:
    """Grant consent as the user would and return the authorization code.

    Requested scopes must be whitelisted on the app with the very same strings (community t/304668,
    t/250198); otherwise ``invalid_scope``. Creates or updates the installed app for the location.
    """
    app = state.app_by_client_id(client_id)
    if app is None or app.classic:
        raise OAuthError(401, "invalid_client", f"Unknown client_id: {client_id}")
    if redirect_uri not in app.oauth["redirectUris"]:
        raise OAuthError(400, "invalid_request", f"Invalid redirect: {redirect_uri} does not match a registered URI")
    requested = normalise(scopes)
    if not requested:
        raise OAuthError(400, "invalid_scope", "Empty scope")
    not_whitelisted = [s for s in requested if s not in app.oauth["scope"]]
    if not_whitelisted:
        raise OAuthError(400, "invalid_scope", " ".join(not_whitelisted))
    location_id = location_id or next(iter(state.locations), None)
    if location_id is None or location_id not in state.locations:
        raise OAuthError(400, "invalid_request", f"Unknown location: {location_id}")
    installed = installed_app_for_location(state, app, location_id)
    if installed is None:
        installed = new_installed_app(
            state,
            app_id=app.id,
            display_name=str(app.doc.get("displayName")),
            app_type=str(app.doc.get("appType")),
            location_id=location_id,
            permissions=requested,
            status="AUTHORIZED",
            config={},
            config_status="AUTHORIZED",
        )
    else:
        installed.permissions = list(requested)
        add_config(state, installed, installed.current_config(), "AUTHORIZED")
    code = _auth.AuthCode(
        value=new_code(state),
        client_id=client_id,
        redirect_uri=redirect_uri,
        installed_app_id=installed.id,
        scopes=tuple(requested),
        expires_at=state.clock.now() + _auth.CODE_LIFETIME,
    )
    state.tokens.codes[code.value] = code
    return code.value


def new_code(state: State) -> str:
    """A short opaque authorization code, like the six-character ones SmartThings hands out."""
    while True:
        value = secrets.token_urlsafe(8)[:6]
        if value not in state.tokens.codes:
            return value


def basic_credentials(request: httpx.Request) -> tuple[str, str] | None:
    """Decode ``Authorization: Basic`` into (client_id, client_secret)."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


def token_kind(state: State, installed_app_id: str) -> str:
    """OAuth-In installs get ``oauth`` tokens; webhook/lambda SmartApps refresh into ``smartapp`` tokens."""
    record = state.installed_apps.get(installed_app_id)
    if record is not None and record.doc.get("installedAppType") == "API_ONLY":
        return _auth.OAUTH
    return _auth.SMARTAPP


def issue_pair(
    state: State, app: AppRecord, installed: InstalledAppRecord, scopes: tuple[str, ...]
) -> dict[str, object]:
    """Issue an access + refresh token pair and build the token-endpoint body (D-token fields)."""
    now = state.clock.now()
    access = state.tokens.issue(
        token_kind(state, installed.id),
        scopes,
        now,
        float(_auth.EXPIRES_IN),
        installed_app_id=installed.id,
        location_id=installed.location_id,
        client_id=app.client_id,
    )
    refresh = state.tokens.issue_refresh(app.client_id, installed.id, scopes, now)
    return {
        "access_token": access.value,
        "token_type": "bearer",
        "refresh_token": refresh.value,
        "expires_in": _auth.EXPIRES_IN,
        "scope": " ".join(scopes),
        "access_tier": 0,
        "installed_app_id": installed.id,
        "developer_account_id": DEVELOPER_ACCOUNT_ID,
        "iot_account_id": IOT_ACCOUNT_ID,
        "owner_account_id": OWNER_ID,
    }


def _token_exchange(ctx: Ctx) -> dict[str, object]:
    state = ctx.state
    content_type = ctx.request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type:
        raise OAuthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
    credentials = basic_credentials(ctx.request)
    if credentials is None:
        raise OAuthError(401, "invalid_client", "Full authentication is required: use HTTP Basic client credentials")
    client_id, secret = credentials
    app = state.app_by_client_id(client_id)
    if app is None or app.classic or app.client_secret != secret:
        raise OAuthError(401, "invalid_client", "Bad client credentials")
    form = ctx.form()
    if form.get("client_id", client_id) != client_id:
        raise OAuthError(401, "invalid_client", "client_id does not match the authenticated client")
    if "client_secret" in form:
        raise OAuthError(400, "invalid_request", "Do not send client_secret in the body; use HTTP Basic auth")
    grant_type = form.get("grant_type")
    now = state.clock.now()
    if grant_type == "authorization_code":
        code_value = form.get("code", "")
        code = state.tokens.codes.get(code_value)
        if code is None or code.used or code.classic or code.expires_at <= now or code.client_id != client_id:
            raise OAuthError(400, "invalid_grant", f"Invalid authorization code: {code_value}")
        if form.get("redirect_uri") != code.redirect_uri:
            raise OAuthError(400, "invalid_grant", "Redirect URI mismatch.")
        code.used = True
        installed = state.installed_apps.get(str(code.installed_app_id))
        if installed is None:
            raise OAuthError(400, "invalid_grant", f"Invalid authorization code: {code_value}")
        return issue_pair(state, app, installed, code.scopes)
    if grant_type == "refresh_token":
        value = form.get("refresh_token", "")
        refresh = state.tokens.refresh.get(value)
        if refresh is None or refresh.used or refresh.expires_at <= now or refresh.client_id != client_id:
            raise OAuthError(400, "invalid_grant", f"Invalid refresh token: {value}")
        installed = state.installed_apps.get(refresh.installed_app_id)
        if installed is None:
            raise OAuthError(400, "invalid_grant", f"Invalid refresh token: {value}")
        # Single use: "Once a refresh token is used, it is no longer valid" (D-token).
        refresh.used = True
        return issue_pair(state, app, installed, refresh.scopes)
    if not grant_type:
        raise OAuthError(400, "invalid_request", "Missing grant type")
    raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {grant_type}")


@table.route("POST", "/oauth/token", public=True)
def token_endpoint(ctx: Ctx) -> httpx.Response:
    """POST /oauth/token (also answered under /v1 and on auth-global)."""
    try:
        body = _token_exchange(ctx)
    except OAuthError as error:
        return oauth_response(error)
    headers = {"content-type": "application/json;charset=utf-8", "cache-control": "no-store"}
    return httpx.Response(200, headers=headers, content=json.dumps(body).encode())


@table.route("GET", "/oauth/authorize", public=True)
def authorize_endpoint(ctx: Ctx) -> httpx.Response:
    """GET /oauth/authorize: consent is assumed, so it redirects straight back with a code (or an error)."""
    client_id = ctx.q("client_id") or ""
    redirect_uri = ctx.q("redirect_uri") or ""
    state_param = ctx.q("state")
    app = ctx.state.app_by_client_id(client_id)
    if app is None or redirect_uri not in app.oauth["redirectUris"]:
        return oauth_response(OAuthError(400, "invalid_request", "Unknown client_id or redirect_uri"))
    params: list[tuple[str, str]] = []
    if ctx.q("response_type") != "code":
        params = [("error", "unsupported_response_type"), ("error_description", "response_type must be code")]
    else:
        try:
            code = authorize(ctx.state, client_id, ctx.q("scope") or "", redirect_uri, ctx.q("location_id"))
            params = [("code", code)]
        except OAuthError as error:
            params = [("error", error.error), ("error_description", error.description)]
    if state_param is not None:
        params.append(("state", state_param))
    separator = "&" if "?" in redirect_uri else "?"
    return httpx.Response(302, headers={"location": redirect_uri + separator + urlencode(params)})
