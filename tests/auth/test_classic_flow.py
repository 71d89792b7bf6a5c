"""The classic graph flow: authorize, code exchange, endpoint discovery and calls to the SmartApp's paths."""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smartthings_client.auth import classic
from smartthings_client.auth.classic import AsyncClassicClient, ClassicClient, ClassicEndpoint, ClassicToken
from smartthings_client.errors import AuthenticationError, BadRequestError, NotFoundError
from smartthings_client.testing import EmulatedApp, Emulator

from .helpers import form_of

REDIRECT = "https://example.com/classic/callback"


@pytest.fixture
def classic_app(emu: Emulator) -> EmulatedApp:
    return emu.create_classic_app(redirect_uris=[REDIRECT])


def consent(emu: Emulator, app: EmulatedApp) -> str:
    url = classic.authorize_url(app.client_id, REDIRECT)
    with httpx.Client(transport=emu.transport) as browser:
        location = browser.get(url).headers["location"]
    return parse_qs(urlsplit(location).query)["code"][0]


def test_the_authorize_url() -> None:
    url = classic.authorize_url("client-1", REDIRECT, state="s")
    parts = urlsplit(url)
    assert (parts.netloc, parts.path) == ("graph.api.smartthings.com", "/oauth/authorize")
    assert parse_qs(parts.query) == {
        "response_type": ["code"],
        "client_id": ["client-1"],
        "scope": ["app"],
        "redirect_uri": [REDIRECT],
        "state": ["s"],
    }
    assert classic.authorize_url("c", REDIRECT, base_url="https://graph-eu01.example").startswith(
        "https://graph-eu01.example/oauth/authorize?"
    )


def test_sync_end_to_end(emu: Emulator, classic_app: EmulatedApp) -> None:
    sent: list[httpx.Request] = []

    def spy(request: httpx.Request) -> httpx.Response:
        request.read()
        sent.append(request)
        return emu.handle(request)

    code = consent(emu, classic_app)
    token = classic.exchange_code(
        code,
        client_id=classic_app.client_id,
        client_secret=classic_app.client_secret,
        redirect_uri=REDIRECT,
        transport=httpx.MockTransport(spy),
        clock=emu.clock.now,
    )
    assert token.scope == "app"
    assert token.expires_at is not None
    assert token.expires_at.timestamp() > emu.clock.now() + 40 * 365 * 86400
    assert token.access_token not in repr(token)
    [exchange] = sent
    assert "authorization" not in exchange.headers
    assert form_of(exchange) == {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": classic_app.client_id,
        "client_secret": classic_app.client_secret,
        "redirect_uri": REDIRECT,
    }
    [endpoint] = classic.discover_endpoints(token, transport=emu.transport)
    assert endpoint.location_id == emu.location_id
    assert endpoint.location_name == "Home"
    assert endpoint.oauth_client_id == classic_app.client_id
    assert endpoint.url is not None
    assert endpoint.url.startswith("/api/smartapps/installations/")
    assert endpoint.uri == f"{endpoint.base_url}{endpoint.url}"
    with ClassicClient(token, endpoint, transport=emu.transport) as app:
        switches = app.get("/switches")
        assert switches
        device = switches[0]["id"]
        assert app.put(f"switches/{device}", json={"command": "off"}) is None
        assert app.get(f"/switches/{device}")["value"] == "off"
        assert emu.attribute(device, "switch", "switch") == "off"
        with pytest.raises(BadRequestError, match="Unknown command"):
            app.put(f"/switches/{device}", json={"command": "dim"})
        with pytest.raises(NotFoundError):
            app.get("/nothing-here")
        with pytest.raises(ValueError, match="under the installation"):
            app.get("https://elsewhere.example/switches")
        with pytest.raises(ValueError, match="under the installation"):
            app.get("/../../other")


def test_async_end_to_end(emu: Emulator, classic_app: EmulatedApp) -> None:
    code = consent(emu, classic_app)

    async def main() -> str:
        token = await classic.async_exchange_code(
            code,
            client_id=classic_app.client_id,
            client_secret=classic_app.client_secret,
            redirect_uri=REDIRECT,
            transport=emu.transport,
        )
        [endpoint] = await classic.async_discover_endpoints(token, transport=emu.transport)
        async with AsyncClassicClient(token, endpoint.uri, transport=emu.transport) as app:
            switches = await app.get("switches")
            await app.put(f"/switches/{switches[0]['id']}", json={"command": "on"})
            value: str = (await app.get(f"/switches/{switches[0]['id']}"))["value"]
            return value

    assert asyncio.run(main()) == "on"


def test_failures(emu: Emulator, classic_app: EmulatedApp) -> None:
    code = consent(emu, classic_app)
    with pytest.raises(AuthenticationError, match="client credentials"):
        classic.exchange_code(
            code, client_id=classic_app.client_id, client_secret="wrong", redirect_uri=REDIRECT, transport=emu.transport
        )
    token = classic.exchange_code(
        code,
        client_id=classic_app.client_id,
        client_secret=classic_app.client_secret,
        redirect_uri=REDIRECT,
        transport=emu.transport,
    )
    with pytest.raises(BadRequestError, match="authorise again") as caught:
        classic.exchange_code(
            code,
            client_id=classic_app.client_id,
            client_secret=classic_app.client_secret,
            redirect_uri=REDIRECT,
            transport=emu.transport,
        )
    assert code not in str(caught.value)
    # An API token is no classic token.
    foreign = ClassicToken(access_token=emu.issue_pat(), expires_at=None, scope="app", client_id="x")
    with pytest.raises(AuthenticationError):
        classic.discover_endpoints(foreign, transport=emu.transport)
    with pytest.raises(ValueError, match="code is empty"):
        classic.exchange_code(" ", client_id="c", client_secret="s", redirect_uri=REDIRECT)
    assert isinstance(classic.discover_endpoints(token, transport=emu.transport)[0], ClassicEndpoint)
