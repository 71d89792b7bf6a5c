"""The classic graph.api OAuth flow, served by host through the same transport."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smartthings_client.testing import SEED_LIGHT_LABEL, EmulatedApp, Emulator, OAuthError

REDIRECT = "http://localhost:4567/oauth/callback"
GRAPH = "https://graph.api.smartthings.com"


@pytest.fixture
def classic(emu: Emulator) -> EmulatedApp:
    return emu.create_classic_app(redirect_uris=[REDIRECT])


@pytest.fixture
def graph(emu: Emulator) -> Iterator[httpx.Client]:
    with httpx.Client(transport=emu.transport) as client:
        yield client


def token(graph: httpx.Client, app: EmulatedApp, code: str) -> httpx.Response:
    return graph.post(
        f"{GRAPH}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": app.client_id,
            "client_secret": app.client_secret,
            "redirect_uri": REDIRECT,
        },
    )


def test_full_classic_flow(emu: Emulator, classic: EmulatedApp, graph: httpx.Client) -> None:
    authorize = graph.get(
        f"{GRAPH}/oauth/authorize",
        params={"response_type": "code", "scope": "app", "client_id": classic.client_id, "redirect_uri": REDIRECT},
    )
    assert authorize.status_code == 302
    code = parse_qs(urlsplit(authorize.headers["location"]).query)["code"][0]
    issued = token(graph, classic, code)
    assert issued.status_code == 200
    body = issued.json()
    assert (body["token_type"], body["scope"]) == ("bearer", "app")
    assert body["expires_in"] > 10 * 365 * 86400
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    (endpoint,) = graph.get(f"{GRAPH}/api/smartapps/endpoints", headers=headers).json()
    assert endpoint["oauthClientId"] == classic.client_id
    assert endpoint["location"] == {"id": emu.location_id, "name": "Home"}
    assert endpoint["base_url"] == "https://graph-na02-useast1.api.smartthings.com:443"
    assert endpoint["uri"] == endpoint["base_url"] + endpoint["url"]
    switches = graph.get(f"{endpoint['uri']}/switches", headers=headers).json()
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert any(s["id"] == light for s in switches)
    assert graph.put(f"{endpoint['uri']}/switches/{light}", json={"command": "off"}, headers=headers).status_code == 204
    assert emu.attribute(light, "switch", "switch") == "off"
    assert graph.get(f"{endpoint['uri']}/switches/{light}", headers=headers).json()["value"] == "off"
    assert graph.put(f"{endpoint['uri']}/switches/{light}", json={"command": "dim"}, headers=headers).status_code == 400


def test_classic_tokens_and_api_tokens_do_not_mix(
    emu: Emulator, classic: EmulatedApp, graph: httpx.Client, pat: str
) -> None:
    access = token(graph, classic, emu.classic_authorize(classic.client_id, REDIRECT)).json()["access_token"]
    api = graph.get("https://api.smartthings.com/v1/devices", headers={"Authorization": f"Bearer {access}"})
    assert api.status_code == 401
    endpoints = graph.get(f"{GRAPH}/api/smartapps/endpoints", headers={"Authorization": f"Bearer {pat}"})
    assert endpoints.status_code == 401
    assert endpoints.json()["error"] == "invalid_token"


def test_classic_code_rules(emu: Emulator, classic: EmulatedApp, graph: httpx.Client) -> None:
    code = emu.classic_authorize(classic.client_id, REDIRECT)
    wrong_secret = graph.post(
        f"{GRAPH}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": classic.client_id,
            "client_secret": "nope",
            "redirect_uri": REDIRECT,
        },
    )
    assert wrong_secret.status_code == 401
    assert token(graph, classic, code).status_code == 200
    assert token(graph, classic, code).json()["error"] == "invalid_grant"
    with pytest.raises(OAuthError):
        emu.classic_authorize("unknown", REDIRECT)
    # A classic client is not an OAuth-In client of the new API.
    with pytest.raises(OAuthError):
        emu.authorize(classic.client_id, ["r:devices:*"], REDIRECT)
