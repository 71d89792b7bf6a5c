"""The classic (Groovy-era) SmartThings OAuth flow on the graph origin, kept small.

``GET /oauth/authorize`` -> code, ``POST /oauth/token`` (client secret in the form) -> a long-lived token with
``scope: "app"``, ``GET /api/smartapps/endpoints`` -> the installation URL, and the installation's own
``/switches`` endpoints. Only the classic hosts accept classic tokens, and they accept nothing else.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlencode

import httpx

from . import _auth
from ._errors import OAuthError
from ._oauth import basic_credentials, new_code, oauth_response
from ._state import ClassicInstall, State, new_id

_INSTALLATION = re.compile(r"^/api/smartapps/installations/(?P<install>[^/]+)(?P<rest>/.*)?$")


def _json(body: object, status: int = 200) -> httpx.Response:
    return httpx.Response(
        status, headers={"content-type": "application/json;charset=utf-8"}, content=json.dumps(body).encode()
    )


def _classic_error(status: int, message: str) -> httpx.Response:
    # The classic platform's own error shape.
    return _json({"error": True, "type": "SmartAppException", "message": message}, status)


def classic_authorize(state: State, client_id: str, redirect_uri: str, location_id: str | None = None) -> str:
    """Consent for a classic SmartApp: installs it (once per location) and returns a code."""
    app = state.app_by_client_id(client_id)
    if app is None or not app.classic:
        raise OAuthError(401, "invalid_client", f"Unknown client_id: {client_id}")
    if app.oauth["redirectUris"] and redirect_uri not in app.oauth["redirectUris"]:
        raise OAuthError(400, "invalid_request", f"Invalid redirect: {redirect_uri}")
    location_id = location_id or next(iter(state.locations), None)
    if location_id is None or location_id not in state.locations:
        raise OAuthError(400, "invalid_request", f"Unknown location: {location_id}")
    install = next(
        (i for i in state.classic_installs.values() if i.client_id == client_id and i.location_id == location_id),
        None,
    )
    if install is None:
        install = ClassicInstall(installation_id=new_id(), client_id=client_id, location_id=location_id)
        state.classic_installs[install.installation_id] = install
    code = _auth.AuthCode(
        value=new_code(state),
        client_id=client_id,
        redirect_uri=redirect_uri,
        installed_app_id=install.installation_id,
        scopes=("app",),
        expires_at=state.clock.now() + _auth.CODE_LIFETIME,
        classic=True,
    )
    state.tokens.codes[code.value] = code
    return code.value


def handle_classic(state: State, request: httpx.Request, install_origin: str) -> httpx.Response:
    """Serve one request addressed to a classic host."""
    path = request.url.path
    method = request.method
    if path == "/oauth/authorize" and method == "GET":
        return _authorize(state, request)
    if path == "/oauth/token" and method == "POST":
        try:
            return _token(state, request)
        except OAuthError as error:
            return oauth_response(error)
    token = _bearer(state, request)
    if isinstance(token, httpx.Response):
        return token
    if path == "/api/smartapps/endpoints" and method == "GET":
        install = state.classic_installs.get(str(token.installed_app_id))
        if install is None:
            return _json([])
        location = state.locations.get(install.location_id, {})
        url = f"/api/smartapps/installations/{install.installation_id}"
        return _json(
            [
                {
                    "oauthClientId": install.client_id,
                    "location": {"id": install.location_id, "name": location.get("name")},
                    "uri": install_origin + url,
                    "base_url": install_origin,
                    "url": url,
                }
            ]
        )
    match = _INSTALLATION.match(path)
    if match is None or match.group("install") != token.installed_app_id:
        return _classic_error(404, "Not Found")
    install = state.classic_installs.get(match.group("install"))
    if install is None:
        return _classic_error(404, "Not Found")
    return _installation(state, install, method, match.group("rest") or "/", request)


def _authorize(state: State, request: httpx.Request) -> httpx.Response:
    params = request.url.params
    redirect_uri = params.get("redirect_uri", "")
    try:
        if params.get("response_type") != "code":
            raise OAuthError(400, "unsupported_response_type", "response_type must be code")
        code = classic_authorize(state, params.get("client_id", ""), redirect_uri)
    except OAuthError as error:
        if not redirect_uri:
            return oauth_response(error)
        query = urlencode({"error": error.error, "error_description": error.description})
        return httpx.Response(302, headers={"location": f"{redirect_uri}?{query}"})
    return httpx.Response(302, headers={"location": f"{redirect_uri}?{urlencode({'code': code})}"})


def _token(state: State, request: httpx.Request) -> httpx.Response:
    form = dict(parse_qsl(request.content.decode("utf-8", "replace")))
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    basic = basic_credentials(request)
    if basic is not None:
        client_id, secret = basic
    app = state.app_by_client_id(client_id)
    if app is None or not app.classic or app.client_secret != secret:
        raise OAuthError(401, "invalid_client", "Bad client credentials")
    if form.get("grant_type") != "authorization_code":
        raise OAuthError(400, "unsupported_grant_type", f"Unsupported grant type: {form.get('grant_type')}")
    code_value = form.get("code", "")
    code = state.tokens.codes.get(code_value)
    now = state.clock.now()
    if code is None or not code.classic or code.used or code.expires_at <= now or code.client_id != client_id:
        raise OAuthError(400, "invalid_grant", f"Invalid authorization code: {code_value}")
    if form.get("redirect_uri") != code.redirect_uri:
        raise OAuthError(400, "invalid_grant", "Redirect URI mismatch.")
    code.used = True
    install = state.classic_installs[str(code.installed_app_id)]
    token = state.tokens.issue(
        _auth.CLASSIC,
        ("app",),
        now,
        _auth.CLASSIC_LIFETIME,
        installed_app_id=install.installation_id,
        location_id=install.location_id,
        client_id=client_id,
    )
    body = {
        "access_token": token.value,
        "expires_in": int(_auth.CLASSIC_LIFETIME),
        "token_type": "bearer",
        "scope": "app",
    }
    return _json(body)


def _bearer(state: State, request: httpx.Request) -> _auth.AccessToken | httpx.Response:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    token = state.tokens.access.get(value.strip()) if scheme.lower() == "bearer" else None
    if token is None or token.kind != _auth.CLASSIC or token.revoked or token.expires_at <= state.clock.now():
        return oauth_response(OAuthError(401, "invalid_token", f"Invalid access token: {value.strip()}"))
    return token


def _installation(
    state: State, install: ClassicInstall, method: str, rest: str, request: httpx.Request
) -> httpx.Response:
    """The example SmartApp's declared paths: ``GET /switches``, ``GET|PUT /switches/{id}``."""
    switches = [
        d for d in state.devices.values() if d.location_id == install.location_id and "switch" in d.all_capabilities()
    ]

    def describe(device_id: str) -> dict[str, object]:
        record = state.devices[device_id]
        main = record.status.get("components", {}).get("main", {})
        value = main.get("switch", {}).get("switch", {}).get("value")
        return {"id": device_id, "label": record.doc.get("label") or record.doc.get("name"), "value": value}

    if rest.rstrip("/") == "/switches" and method == "GET":
        return _json([describe(d.id) for d in switches])
    parts = rest.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "switches":
        device = next((d for d in switches if d.id == parts[1]), None)
        if device is None:
            return _classic_error(404, "Not Found")
        if method == "GET":
            return _json(describe(device.id))
        if method == "PUT":
            try:
                command = json.loads(request.content or b"{}").get("command")
            except (ValueError, AttributeError):
                command = None
            if command not in ("on", "off"):
                return _classic_error(400, f"Unknown command {command!r}: use on or off")
            state.set_attribute(device, "main", "switch", "switch", command)
            return httpx.Response(204)
        return _classic_error(405, "Method Not Allowed")
    return _classic_error(404, "Not Found")
