"""OAuth follows the base URL: `auth login --base-url` logs in at that API, and lifecycle clients refresh there.

A client pointed at a served emulator (``base_url=`` or ``$SMARTTHINGS_BASE_URL``) must exchange and refresh its
tokens at the emulator, never at the real API with the emulator's tokens; a token endpoint that cannot be reached is
a typed one-line error, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings, cli
from smartthings_client.auth import DEFAULT_TOKEN_URL
from smartthings_client.errors import APIConnectionError
from smartthings_client.smartapp import SmartApp
from smartthings_client.testing import Emulator, LoopbackServer

from .fixtures import run_cli

REDIRECT = "https://example.com/callback"
SCOPES = ["r:devices:*", "r:locations:*"]


@pytest.fixture
def served() -> Iterator[tuple[Emulator, LoopbackServer]]:
    emu = Emulator()
    with emu.serve(port=0) as server:
        yield emu, server


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _login_argv(client_id: str, *extra: str) -> list[str]:
    scopes = [arg for scope in SCOPES for arg in ("--scope", scope)]
    return ["auth", "login", "--client-id", client_id, "--redirect-uri", REDIRECT, *scopes, *extra]


@pytest.mark.parametrize("given_by", ["--base-url", "environment"])
def test_auth_login_against_a_served_emulator_shows_its_consent_page_and_stores_a_token_that_works(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    served: tuple[Emulator, LoopbackServer],
    given_by: str,
) -> None:
    emu, server = served
    app = emu.create_app("login-app", app_type="API_ONLY", whitelisted_scopes=SCOPES, redirect_uris=[REDIRECT])
    monkeypatch.setenv("SMARTTHINGS_CLIENT_SECRET", app.client_secret)
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    shown: list[str] = []

    def paste_the_redirect(prompt: str) -> str:
        # What a person does: open the printed URL in a browser and paste the address it redirects to.
        printed = capsys.readouterr().out
        shown.append(printed)
        url = re.search(r"^(\S+/oauth/authorize\?\S+)$", printed, re.MULTILINE)
        assert url is not None, printed
        answer = httpx.get(url.group(1), follow_redirects=False, timeout=5)
        assert answer.status_code == 302, answer.text
        return str(answer.headers["location"])

    monkeypatch.setattr("builtins.input", paste_the_redirect)
    dirs = ["--token-dir", str(tmp_path)]
    if given_by == "--base-url":
        base = ["--base-url", server.base_url]
    else:
        monkeypatch.setenv("SMARTTHINGS_BASE_URL", server.base_url)
        base = []
    code, out, err = run_cli(capsys, *_login_argv(app.client_id, *dirs, *base))

    assert code == 0, err
    assert f"{server.base_url}/oauth/authorize?client_id={app.client_id}" in shown[0]
    assert "api.smartthings.com" not in shown[0] + out
    assert "Logged in: installed app" in out
    exchanges = [r for r in emu.requests if r.path == "/oauth/token"]
    assert [(r.method, r.status) for r in exchanges] == [("POST", 200)]
    # The stored token works against the emulator, and refreshes there (keepalive).
    code, out, err = run_cli(capsys, "locations", "list", "--json", *dirs, "--base-url", server.base_url)
    assert code == 0, err
    assert [loc["name"] for loc in json.loads(out)] == ["Home"]
    code, out, err = run_cli(capsys, "auth", "keepalive", "--older-than-days", "0", *dirs)
    assert code == 0, err
    assert "refreshed 1" in out
    assert len([r for r in emu.requests if r.path == "/oauth/token"]) == 2


def test_auth_login_when_the_token_endpoint_cannot_be_reached_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    base_url = f"http://127.0.0.1:{_closed_port()}/v1"
    monkeypatch.setattr("builtins.input", lambda prompt: "a-code")
    code, out, err = run_cli(
        capsys, *_login_argv("client", "--client-secret", "s3cret-value", "--token-dir", str(tmp_path)),
        "--base-url", base_url,
    )  # fmt: skip

    assert code == cli.EXIT_ERROR
    assert f"{base_url}/oauth/authorize?" in out
    assert err.count("\n") == 1
    assert err.startswith("error: ConnectError")
    assert f"oauth.exchange_code (POST {base_url}/oauth/token)" in err
    assert "Traceback" not in err
    assert "s3cret-value" not in out + err
    assert list(tmp_path.iterdir()) == []


def test_a_lifecycle_client_pointed_at_a_served_emulator_refreshes_there(
    served: tuple[Emulator, LoopbackServer],
) -> None:
    emu, server = served
    app = emu.create_app("lifecycle-app")
    install = emu.install(app)
    st = SmartThings.from_lifecycle(
        install.payload, client_id=app.client_id, client_secret=app.client_secret, base_url=server.base_url
    )
    with st:
        emu.clock.advance(25 * 3600)  # the INSTALL token has expired on the emulator
        assert [loc.name for loc in st.locations.list()] == ["Home"]
    refreshes = [r for r in emu.requests if r.path == "/oauth/token"]
    assert [(r.status, r.url.startswith(server.url)) for r in refreshes] == [(200, True)]


def test_an_async_lifecycle_client_pointed_at_a_served_emulator_refreshes_there(
    served: tuple[Emulator, LoopbackServer],
) -> None:
    emu, server = served
    app = emu.create_app("async-lifecycle-app")
    install = emu.install(app)

    async def call() -> list[str | None]:
        st = await AsyncSmartThings.from_lifecycle(
            install.payload, client_id=app.client_id, client_secret=app.client_secret, base_url=server.base_url
        )
        async with st:
            emu.clock.advance(25 * 3600)
            return [loc.name async for loc in st.locations.list()]

    assert asyncio.run(call()) == ["Home"]
    assert [r.status for r in emu.requests if r.path == "/oauth/token"] == [200]


def test_the_base_url_from_the_environment_sets_the_lifecycle_and_smartapp_token_url(
    monkeypatch: pytest.MonkeyPatch, served: tuple[Emulator, LoopbackServer]
) -> None:
    emu, server = served
    monkeypatch.setenv("SMARTTHINGS_BASE_URL", server.base_url)
    app = emu.create_app("env-app")
    install = emu.install(app)
    with SmartThings.from_lifecycle(install.payload, client_id=app.client_id, client_secret=app.client_secret) as st:
        emu.clock.advance(25 * 3600)
        assert [loc.name for loc in st.locations.list()] == ["Home"]
    assert [r.status for r in emu.requests if r.path == "/oauth/token"] == [200]
    assert SmartApp(target_url="https://app.example/hook").token_url == f"{server.base_url}/oauth/token"
    given = SmartApp(target_url="https://app.example/hook", client_options={"base_url": "http://other:1/v1"})
    assert given.token_url == "http://other:1/v1/oauth/token"
    # An injected transport decides where requests go: the environment does not redirect its tokens.
    injected = SmartApp(target_url="https://app.example/hook", client_options={"transport": emu.transport})
    assert injected.token_url == DEFAULT_TOKEN_URL


def test_an_unreachable_token_endpoint_is_an_api_connection_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from smartthings_client.auth.oauth import exchange_code

    url = f"http://127.0.0.1:{_closed_port()}/v1/oauth/token"
    with pytest.raises(APIConnectionError) as caught:
        exchange_code("code", client_id="c", client_secret="secret-value", redirect_uri=REDIRECT, token_url=url)
    assert caught.value.request_sent is False
    assert url in str(caught.value)
    assert "secret-value" not in str(caught.value)
