"""No access token, refresh token, client secret or code appears in a log line, an error or a repr, at DEBUG."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.auth import (
    FileTokenStore,
    RefreshableToken,
    TokenPair,
    classic,
    credential_from_lifecycle,
    exchange_code,
    keepalive,
    login,
    parse_lifecycle,
)
from smartthings_client.errors import BadRequestError, ReauthorizationRequired
from smartthings_client.testing import EmulatedApp, Emulator, Installation

from .helpers import DAY, Recording

REDIRECT = "https://example.com/callback"


def test_every_flow_at_debug_leaks_nothing(
    emu: Emulator, app: EmulatedApp, installation: Installation, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    recording = Recording(emu)
    store = FileTokenStore(tmp_path)
    texts: list[str] = []
    secrets = {installation.auth_token, installation.refresh_token, app.client_secret}

    def keep(*objects: object) -> None:
        texts.extend(repr(o) for o in objects)
        texts.extend(str(o) for o in objects)

    # INSTALL -> stored refreshable token; proactive and reactive refreshes, sync and async.
    token = credential_from_lifecycle(
        installation.payload,
        client_id=app.client_id,
        client_secret=app.client_secret,
        store=store,
        clock=emu.clock.now,
    )
    assert isinstance(token, RefreshableToken)
    with SmartThings(token, transport=recording) as st:
        emu.clock.advance(DAY)
        st.locations.get(installation.location_id)
        keep(
            st,
            token,
            token.pair,
            token.auth(),
            store,
            store.load(installation.installed_app_id),
            parse_lifecycle(installation.payload),
        )

    async def async_calls() -> None:
        async with AsyncSmartThings(token, transport=recording) as ast:
            emu.clock.advance(DAY)
            await ast.locations.get(installation.location_id)
            keep(ast)

    asyncio.run(async_calls())
    stale = RefreshableToken.from_store(store, installation.installed_app_id, clock=emu.clock.now)
    # The client believes the token lasts three more days; SmartThings will say 401.
    stale._adopt(TokenPair(stale.access_token, stale.refresh_token, stale.expires_at + timedelta(days=3)))
    emu.clock.advance(DAY + 60)
    with SmartThings(stale, transport=recording) as st:
        st.locations.get(installation.location_id)  # 401, refresh, re-send

    # EVENT token, keep-alive, then a dead grant.
    event = emu.event(installation.installed_app_id, [])
    secrets.add(event["eventData"]["authToken"])
    keep(credential_from_lifecycle(event), parse_lifecycle(event))
    emu.clock.advance(15 * DAY)
    keep(keepalive(store, transport=recording, clock=emu.clock.now))
    update = emu.update(installation.installed_app_id)
    secrets.update((update["updateData"]["authToken"], update["updateData"]["refreshToken"]))
    emu.clock.advance(DAY)
    with SmartThings(stale, transport=recording) as st, pytest.raises(ReauthorizationRequired) as dead:
        st.locations.get(installation.location_id)
    keep(dead.value, keepalive(store, transport=recording, clock=emu.clock.now, older_than=timedelta(0)))

    # OAuth-In login and a refused code.
    oauth_app = emu.create_app(
        "oauth", app_type="API_ONLY", whitelisted_scopes=["r:devices:*"], redirect_uris=[REDIRECT]
    )
    secrets.add(oauth_app.client_secret)
    printed: list[str] = []

    def browser(_: str) -> str:
        with httpx.Client(transport=emu.transport) as client:
            location = client.get(printed[1]).headers["location"]
        secrets.add(location.split("code=")[1].split("&")[0])
        return location

    oauth_token = login(
        oauth_app.client_id,
        oauth_app.client_secret,
        REDIRECT,
        ["r:devices:*"],
        store=store,
        prompt=browser,
        print_=printed.append,
        transport=recording,
        clock=emu.clock.now,
    )
    texts.extend(printed)
    keep(oauth_token)
    code = emu.authorize(oauth_app.client_id, ["r:devices:*"], REDIRECT)
    secrets.add(code)
    exchange_code(
        code,
        client_id=oauth_app.client_id,
        client_secret=oauth_app.client_secret,
        redirect_uri=REDIRECT,
        transport=recording,
    )
    with pytest.raises(BadRequestError) as refused:
        exchange_code(
            code,
            client_id=oauth_app.client_id,
            client_secret=oauth_app.client_secret,
            redirect_uri=REDIRECT,
            transport=recording,
        )
    keep(refused.value)

    # The classic flow.
    classic_app = emu.create_classic_app(redirect_uris=[REDIRECT])
    secrets.add(classic_app.client_secret)
    classic_code = emu.classic_authorize(classic_app.client_id, REDIRECT)
    secrets.add(classic_code)
    classic_token = classic.exchange_code(
        classic_code,
        client_id=classic_app.client_id,
        client_secret=classic_app.client_secret,
        redirect_uri=REDIRECT,
        transport=recording,
    )
    [endpoint] = classic.discover_endpoints(classic_token, transport=recording)
    with classic.ClassicClient(classic_token, endpoint, transport=recording) as client:
        client.get("/switches")
        keep(client, classic_token, endpoint)

    secrets |= recording.secrets
    secrets.add(classic_token.access_token)
    assert len(recording.secrets) >= 8  # the scenario really handed out tokens
    logged = [record.getMessage() for record in caplog.records]
    assert any("refreshed token for installed app" in line for line in logged)
    assert any(line.startswith("HTTP Request: POST") for line in logged)  # httpx's own lines were captured too
    everything = "\n".join([*logged, caplog.text, *texts])
    leaked = sorted(secret for secret in secrets if secret in everything)
    assert leaked == []
