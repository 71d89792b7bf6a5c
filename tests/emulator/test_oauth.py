"""OAuth-In: authorize, code exchange, refresh rotation, client authentication, SmartApp refresh."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smartthings_client.testing import EmulatedApp, Emulator, OAuthError

ClientFactory = Callable[..., httpx.Client]
REDIRECT = "https://example.com/callback"
SCOPES = ["r:devices:*", "x:devices:*", "r:locations:*"]


@pytest.fixture
def app(emu: Emulator) -> EmulatedApp:
    return emu.create_app("oauth-app", app_type="API_ONLY", whitelisted_scopes=SCOPES, redirect_uris=[REDIRECT])


@pytest.fixture
def oauth(client_for: ClientFactory) -> httpx.Client:
    """The token endpoint lives at the origin, not under /v1."""
    return client_for(base_url="https://api.smartthings.com")


def exchange(oauth: httpx.Client, app: EmulatedApp, code: str, path: str = "/oauth/token") -> httpx.Response:
    return oauth.post(
        path,
        data={"grant_type": "authorization_code", "code": code, "client_id": app.client_id, "redirect_uri": REDIRECT},
        auth=(app.client_id, app.client_secret),
    )


def refresh(oauth: httpx.Client, app: EmulatedApp, token: str) -> httpx.Response:
    return oauth.post(
        "/oauth/token",
        data={"grant_type": "refresh_token", "refresh_token": token, "client_id": app.client_id},
        auth=(app.client_id, app.client_secret),
    )


def test_code_exchange_returns_the_real_shape(
    emu: Emulator, app: EmulatedApp, oauth: httpx.Client, client_for: ClientFactory
) -> None:
    code = emu.authorize(app.client_id, SCOPES, REDIRECT, state="xyz")
    response = exchange(oauth, app, code)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86399
    assert body["scope"] == "r:devices:* x:devices:* r:locations:*"
    assert set(body) >= {"access_token", "refresh_token", "installed_app_id", "access_tier", "owner_account_id"}
    installed = emu.installed_app(body["installed_app_id"])
    assert installed["installedAppType"] == "API_ONLY"
    assert installed["locationId"] == emu.location_id
    api = client_for(body["access_token"])
    assert api.get("/devices").status_code == 200
    # A code is single use.
    again = exchange(oauth, app, code)
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"


def test_token_endpoint_also_answers_under_v1_and_auth_global(
    emu: Emulator, app: EmulatedApp, oauth: httpx.Client
) -> None:
    assert exchange(oauth, app, emu.authorize(app.client_id, SCOPES, REDIRECT), "/v1/oauth/token").status_code == 200
    legacy = exchange(
        oauth,
        app,
        emu.authorize(app.client_id, SCOPES, REDIRECT),
        "https://auth-global.api.smartthings.com/oauth/token",
    )
    assert legacy.status_code == 200


def test_refresh_rotates_and_a_used_refresh_token_is_invalid_grant(
    emu: Emulator, app: EmulatedApp, oauth: httpx.Client
) -> None:
    first = exchange(oauth, app, emu.authorize(app.client_id, SCOPES, REDIRECT)).json()
    second = refresh(oauth, app, first["refresh_token"])
    assert second.status_code == 200
    rotated = second.json()
    assert rotated["refresh_token"] != first["refresh_token"]
    assert rotated["access_token"] != first["access_token"]
    reused = refresh(oauth, app, first["refresh_token"])
    assert reused.status_code == 400
    assert reused.json() == {
        "error": "invalid_grant",
        "error_description": f"Invalid refresh token: {first['refresh_token']}",
    }
    assert refresh(oauth, app, rotated["refresh_token"]).status_code == 200
    assert refresh(oauth, app, "unknown").json()["error"] == "invalid_grant"


def test_refresh_tokens_expire_after_30_days(emu: Emulator, app: EmulatedApp, oauth: httpx.Client) -> None:
    pair = exchange(oauth, app, emu.authorize(app.client_id, SCOPES, REDIRECT)).json()
    emu.clock.advance(30 * 24 * 3600)
    assert refresh(oauth, app, pair["refresh_token"]).json()["error"] == "invalid_grant"


def test_access_token_expires_after_expires_in(
    emu: Emulator, app: EmulatedApp, oauth: httpx.Client, client_for: ClientFactory
) -> None:
    pair = exchange(oauth, app, emu.authorize(app.client_id, SCOPES, REDIRECT)).json()
    api = client_for(pair["access_token"])
    emu.clock.advance(86399)
    assert api.get("/devices").status_code == 401
    fresh = refresh(oauth, app, pair["refresh_token"]).json()
    assert client_for(fresh["access_token"]).get("/devices").status_code == 200


def test_client_authentication_is_http_basic_only(emu: Emulator, app: EmulatedApp, oauth: httpx.Client) -> None:
    code = emu.authorize(app.client_id, SCOPES, REDIRECT)
    form = {"grant_type": "authorization_code", "code": code, "client_id": app.client_id, "redirect_uri": REDIRECT}
    no_auth = oauth.post("/oauth/token", data=form)
    assert no_auth.status_code == 401
    assert no_auth.json()["error"] == "invalid_client"
    wrong = oauth.post("/oauth/token", data=form, auth=(app.client_id, "wrong-secret"))
    assert wrong.status_code == 401
    secret_in_body = oauth.post(
        "/oauth/token", data={**form, "client_secret": app.client_secret}, auth=(app.client_id, app.client_secret)
    )
    assert secret_in_body.status_code == 400
    as_json = oauth.post("/oauth/token", json=form, auth=(app.client_id, app.client_secret))
    assert as_json.status_code == 400
    assert exchange(oauth, app, code).status_code == 200  # the failed attempts did not burn the code


def test_unsupported_grants_and_redirect_mismatch(emu: Emulator, app: EmulatedApp, oauth: httpx.Client) -> None:
    creds = (app.client_id, app.client_secret)
    client_credentials = oauth.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=creds)
    assert client_credentials.json()["error"] == "unsupported_grant_type"
    code = emu.authorize(app.client_id, SCOPES, REDIRECT)
    mismatch = oauth.post(
        "/oauth/token",
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": "https://evil.example/cb"},
        auth=creds,
    )
    assert mismatch.json()["error"] == "invalid_grant"


def test_authorize_checks_whitelist_redirect_and_client(emu: Emulator, app: EmulatedApp) -> None:
    with pytest.raises(OAuthError) as scope_error:
        emu.authorize(app.client_id, ["r:devices:*", "sse"], REDIRECT)
    assert scope_error.value.error == "invalid_scope"
    assert scope_error.value.description == "sse"
    with pytest.raises(OAuthError, match="invalid_request"):
        emu.authorize(app.client_id, SCOPES, "https://elsewhere.example/cb")
    with pytest.raises(OAuthError, match="invalid_client"):
        emu.authorize("no-such-client", SCOPES, REDIRECT)


def test_authorize_url_redirects_with_code_and_state(emu: Emulator, app: EmulatedApp, oauth: httpx.Client) -> None:
    response = oauth.get(
        "/v1/oauth/authorize",
        params={
            "client_id": app.client_id,
            "scope": "r:devices:* x:devices:*",
            "response_type": "code",
            "redirect_uri": REDIRECT,
            "state": "s1",
        },
    )
    assert response.status_code == 302
    location = urlsplit(response.headers["location"])
    query = parse_qs(location.query)
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    assert query["state"] == ["s1"]
    assert exchange(oauth, app, query["code"][0]).json()["scope"] == "r:devices:* x:devices:*"
    bad = oauth.get(
        "/oauth/authorize",
        params={"client_id": app.client_id, "scope": "sse", "response_type": "code", "redirect_uri": REDIRECT},
    )
    assert parse_qs(urlsplit(bad.headers["location"]).query)["error"] == ["invalid_scope"]


def test_reauthorizing_updates_the_same_installed_app(emu: Emulator, app: EmulatedApp, oauth: httpx.Client) -> None:
    first = exchange(oauth, app, emu.authorize(app.client_id, ["r:devices:*"], REDIRECT)).json()
    second = exchange(oauth, app, emu.authorize(app.client_id, SCOPES, REDIRECT)).json()
    assert first["installed_app_id"] == second["installed_app_id"]
    assert second["scope"] == " ".join(SCOPES)


def test_smartapp_install_refresh_and_update_rotation(
    emu: Emulator, oauth: httpx.Client, client_for: ClientFactory
) -> None:
    app = emu.create_app("webhook", whitelisted_scopes=["r:devices:*", "r:locations:*"])
    installed = emu.install(app)
    refreshed = refresh(oauth, app, installed.refresh_token)
    assert refreshed.status_code == 200
    assert client_for(refreshed.json()["access_token"]).get("/installedapps/me").status_code == 200
    update = emu.update(installed.installed_app_id, permissions=["r:devices:*"])["updateData"]
    # UPDATE rotates: the refresh token from the refresh above is now dead, the new one works.
    assert refresh(oauth, app, refreshed.json()["refresh_token"]).json()["error"] == "invalid_grant"
    again = refresh(oauth, app, update["refreshToken"]).json()
    assert again["scope"] == "r:devices:*"


def test_regenerated_client_secret_invalidates_the_old_one(
    emu: Emulator, app: EmulatedApp, api: httpx.Client, oauth: httpx.Client
) -> None:
    code = emu.authorize(app.client_id, SCOPES, REDIRECT)
    generated = api.post(f"/apps/{app.app_id}/oauth/generate", json={"clientName": "x", "scope": SCOPES}).json()
    assert exchange(oauth, app, code).status_code == 401
    new = emu.app_credentials(app.app_id)
    assert new.client_id == generated["oauthClientId"]
    assert new.client_secret == generated["oauthClientSecret"]
