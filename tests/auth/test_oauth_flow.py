"""The OAuth-In authorization-code flow: authorize URL, pasted redirects, code exchange, interactive login."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from smartthings_client import SmartThings
from smartthings_client.auth import (
    AuthorizationError,
    FileTokenStore,
    MemoryTokenStore,
    RefreshableToken,
    TokenSource,
    async_exchange_code,
    authorize_url,
    exchange_code,
    login,
    parse_redirect,
)
from smartthings_client.errors import BadRequestError, ReauthorizationRequired
from smartthings_client.scopes import InvalidScopeError
from smartthings_client.testing import EmulatedApp, Emulator

from .helpers import TOKEN_PATH, Recording, basic_of, form_of, token_calls

REDIRECT = "https://example.com/callback"
SCOPES = ["r:devices:*", "x:devices:*", "r:locations:*", "i:deviceprofiles:*"]


@pytest.fixture
def oauth_app(emu: Emulator) -> EmulatedApp:
    return emu.create_app("oauth-in", app_type="API_ONLY", whitelisted_scopes=SCOPES, redirect_uris=[REDIRECT])


def follow(emu: Emulator, url: str) -> str:
    """What the browser ends up at after consent: the redirect's Location."""
    with httpx.Client(transport=emu.transport) as browser:
        answer = browser.get(url)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def test_the_authorize_url_carries_everything_the_consent_page_needs() -> None:
    request = authorize_url("client-1", REDIRECT, ["r:devices:*", " x:devices:* ", "r:devices:*"], state="s-1")
    parts = urlsplit(request.url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "api.smartthings.com", "/v1/oauth/authorize")
    query = parse_qs(parts.query)
    assert query == {
        "client_id": ["client-1"],
        "response_type": ["code"],
        "redirect_uri": [REDIRECT],
        "scope": ["r:devices:* x:devices:*"],
        "state": ["s-1"],
    }
    assert str(request) == request.url
    assert request.scopes == ("r:devices:*", "x:devices:*")
    generated = authorize_url("client-1", REDIRECT, "r:devices:* i:deviceprofiles:*", base_url="http://localhost:1")
    assert len(generated.state) >= 32
    assert generated.state != authorize_url("client-1", REDIRECT, "r:devices:*").state
    assert generated.url.startswith("http://localhost:1/oauth/authorize?")
    # Spellings are what the whitelist has: the consent page compares them verbatim.
    assert generated.scopes == ("r:devices:*", "i:deviceprofiles:*")


@pytest.mark.parametrize(
    ("scopes", "error", "message"),
    [
        (["r:devices:*", "devices"], InvalidScopeError, "devices"),
        ([], ValueError, "scopes is empty"),
        ("", ValueError, "scopes is empty"),
        (["r::x"], InvalidScopeError, "empty segment"),
    ],
)
def test_bad_scopes_are_refused_before_anything_is_opened(
    scopes: list[str] | str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        authorize_url("client-1", REDIRECT, scopes)


def test_bad_urls_and_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="redirect_uri"):
        authorize_url("client-1", "callback", ["r:devices:*"])
    with pytest.raises(ValueError, match="client_id"):
        authorize_url(" ", REDIRECT, ["r:devices:*"])


def test_parse_redirect_accepts_a_url_or_a_bare_code() -> None:
    assert parse_redirect(f"{REDIRECT}?code=AbC123&state=s-1", expected_state="s-1") == "AbC123"
    assert parse_redirect("  AbC123\n") == "AbC123"
    assert parse_redirect("AbC123", expected_state="s-1") == "AbC123"  # a bare code cannot be checked
    assert parse_redirect("?code=AbC123&state=s-1", expected_state="s-1") == "AbC123"
    assert parse_redirect(f"{REDIRECT}#code=AbC123") == "AbC123"


@pytest.mark.parametrize(
    ("pasted", "error", "message"),
    [
        (f"{REDIRECT}?code=AbC123&state=other", None, "state does not match"),
        (f"{REDIRECT}?code=AbC123", None, "no state"),
        (
            f"{REDIRECT}?error=invalid_scope&error_description=w%3Arules%3A*&state=s-1",
            "invalid_scope",
            "invalid_scope: w:rules:\\*.*spelled exactly as whitelisted",
        ),
        (f"{REDIRECT}?error=access_denied&state=s-1", "access_denied", "did not allow access"),
        (f"{REDIRECT}?state=s-1", None, "no code="),
        ("   ", None, "nothing was pasted"),
        ("two words", None, "does not look like"),
    ],
)
def test_parse_redirect_explains_what_went_wrong(pasted: str, error: str | None, message: str) -> None:
    with pytest.raises(AuthorizationError, match=message) as caught:
        parse_redirect(pasted, expected_state="s-1")
    assert caught.value.error == error


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_exchange_a_code_from_the_consent_page(emu: Emulator, oauth_app: EmulatedApp, mode: str) -> None:
    request = authorize_url(oauth_app.client_id, REDIRECT, SCOPES)
    code = parse_redirect(follow(emu, request.url), expected_state=request.state)
    recording = Recording(emu)
    cid, secret = oauth_app.client_id, oauth_app.client_secret
    if mode == "sync":
        token = exchange_code(
            code, client_id=cid, client_secret=secret, redirect_uri=REDIRECT, transport=recording, clock=emu.clock.now
        )
    else:
        token = asyncio.run(
            async_exchange_code(
                code,
                client_id=cid,
                client_secret=secret,
                redirect_uri=REDIRECT,
                transport=recording,
                clock=emu.clock.now,
            )
        )
    assert isinstance(token, RefreshableToken)
    assert token.source is TokenSource.OAUTH
    assert token.description == "OAuth-In (API_ONLY) app token"
    assert token.granted_scopes == tuple(SCOPES)
    assert token.installed_app_id is not None
    assert emu.installed_app(token.installed_app_id)["installedAppType"] == "API_ONLY"
    assert token.expires_at.timestamp() == emu.clock.now() + 86399
    [sent] = recording.token_requests()
    assert basic_of(sent) == (oauth_app.client_id, oauth_app.client_secret)
    assert form_of(sent) == {
        "grant_type": "authorization_code",
        "code": code,
        "client_id": oauth_app.client_id,
        "redirect_uri": REDIRECT,
    }
    with SmartThings(token, transport=emu.transport) as st:
        assert list(st.devices.list())


def test_a_used_code_is_refused_clearly(emu: Emulator, oauth_app: EmulatedApp) -> None:
    code = emu.authorize(oauth_app.client_id, SCOPES, REDIRECT)
    cid, secret = oauth_app.client_id, oauth_app.client_secret
    exchange_code(code, client_id=cid, client_secret=secret, redirect_uri=REDIRECT, transport=emu.transport)
    with pytest.raises(BadRequestError, match="single use") as caught:
        exchange_code(code, client_id=cid, client_secret=secret, redirect_uri=REDIRECT, transport=emu.transport)
    assert caught.value.code == "invalid_grant"
    assert code not in str(caught.value)


def test_a_scope_outside_the_whitelist_comes_back_as_an_error_redirect(emu: Emulator, oauth_app: EmulatedApp) -> None:
    request = authorize_url(oauth_app.client_id, REDIRECT, ["r:devices:*", "w:rules:*"])
    with pytest.raises(AuthorizationError, match="invalid_scope") as caught:
        parse_redirect(follow(emu, request.url), expected_state=request.state)
    assert caught.value.error == "invalid_scope"


def test_login_end_to_end_then_calls_refresh_themselves(emu: Emulator, oauth_app: EmulatedApp, tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path)
    printed: list[str] = []

    def browser(question: str) -> str:
        assert "Paste" in question
        url = next(line for line in printed if line.startswith("https://"))
        return follow(emu, url)

    token = login(
        oauth_app.client_id,
        oauth_app.client_secret,
        REDIRECT,
        SCOPES,
        store=store,
        prompt=browser,
        print_=printed.append,
        transport=emu.transport,
        clock=emu.clock.now,
    )
    assert token.installed_app_id is not None
    assert store.keys() == [token.installed_app_id]
    stored = store.load(token.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == token.refresh_token
    assert stored.source is TokenSource.OAUTH
    assert "Logged in" in printed[-1]
    assert all(
        secret not in "\n".join(printed)
        for secret in (oauth_app.client_secret, token.access_token, token.refresh_token)
    )
    # A later run picks the tokens up from the store; calls refresh them when they expire.
    emu.clock.advance(24 * 3600)
    again = RefreshableToken.from_store(FileTokenStore(tmp_path), token.installed_app_id, clock=emu.clock.now)
    with SmartThings(again, transport=emu.transport) as st:
        assert list(st.devices.list())
    assert token_calls(emu) == 2  # the code exchange and one refresh
    refreshed = store.load(token.installed_app_id)
    assert refreshed is not None
    assert refreshed.refresh_token == again.refresh_token != token.refresh_token
    # When the grant is gone, the error says how to get a new one.
    emu.uninstall(token.installed_app_id)
    emu.clock.advance(24 * 3600)
    with SmartThings(again, transport=emu.transport) as st, pytest.raises(ReauthorizationRequired) as caught:
        list(st.devices.list())
    assert "auth login" in caught.value.how_to_fix


def test_login_with_a_foreign_redirect_stores_nothing(emu: Emulator, oauth_app: EmulatedApp) -> None:
    store = MemoryTokenStore()
    code = emu.authorize(oauth_app.client_id, SCOPES, REDIRECT)
    with pytest.raises(AuthorizationError, match="state does not match"):
        login(
            oauth_app.client_id,
            oauth_app.client_secret,
            REDIRECT,
            SCOPES,
            store=store,
            prompt=lambda _: f"{REDIRECT}?code={code}&state=forged",
            print_=lambda _: None,
            transport=emu.transport,
        )
    assert store.keys() == []
    assert not [r for r in emu.requests if r.path == TOKEN_PATH]
