"""Refreshing RefreshableToken: rotation, proactive and reactive refresh, single flight, invalid_grant."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.auth import (
    LEGACY_TOKEN_URL,
    MemoryTokenStore,
    RefreshableToken,
    TokenStore,
    credential_from_lifecycle,
)
from smartthings_client.errors import (
    AuthenticationError,
    ReauthorizationRequired,
    ResponseDecodeError,
    ServerError,
)
from smartthings_client.testing import EmulatedApp, Emulator, Installation

from .helpers import API, DAY, TOKEN_PATH, Recording, api_statuses, basic_of, form_of, make_token, token_calls, utc


def refresh_directly(http: httpx.Client, app: EmulatedApp, refresh_token: str) -> httpx.Response:
    return http.post(
        API + TOKEN_PATH,
        data={"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": app.client_id},
        auth=(app.client_id, app.client_secret),
    )


def test_each_refresh_rotates_the_pair_and_the_client_keeps_the_newest(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: TokenStore
) -> None:
    token = make_token(emu, app, installation, store=store)
    token.save()
    seen = [installation.refresh_token]
    with SmartThings(token, transport=emu.transport) as st, httpx.Client(transport=emu.transport) as raw:
        for _ in range(4):
            emu.clock.advance(DAY)
            assert st.locations.get(installation.location_id).location_id == installation.location_id
            assert token.refresh_token not in seen
            stored = store.load(installation.installed_app_id)
            assert stored is not None
            assert (stored.access_token, stored.refresh_token) == (token.access_token, token.refresh_token)
            assert stored.expires_at == token.expires_at
            seen.append(token.refresh_token)
        assert token_calls(emu) == 4
        assert 401 not in api_statuses(emu)
        # Every refresh token but the newest was spent: SmartThings refuses a used one.
        for used in seen[:-1]:
            answer = refresh_directly(raw, app, used)
            assert answer.status_code == 400
            assert answer.json()["error"] == "invalid_grant"


def test_the_token_request_is_form_encoded_with_basic_client_auth_and_no_secret_in_the_body(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    recording = Recording(emu)
    token = make_token(emu, app, installation, expires_in=60)
    with SmartThings(token, transport=recording) as st:
        st.locations.get(installation.location_id)
    [request] = recording.token_requests()
    assert request.method == "POST"
    assert str(request.url) == API + TOKEN_PATH
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert basic_of(request) == (app.client_id, app.client_secret)
    assert form_of(request) == {
        "grant_type": "refresh_token",
        "refresh_token": installation.refresh_token,
        "client_id": app.client_id,
    }
    assert app.client_secret not in request.content.decode()


def test_the_legacy_token_host_works_too(emu: Emulator, app: EmulatedApp, installation: Installation) -> None:
    token = make_token(emu, app, installation, expires_in=60, token_url=LEGACY_TOKEN_URL)
    with SmartThings(token, transport=emu.transport) as st:
        st.locations.get(installation.location_id)
    [call] = [r for r in emu.requests if r.path == TOKEN_PATH]
    assert call.url == LEGACY_TOKEN_URL
    assert call.status == 200


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_token_about_to_expire_is_refreshed_before_use_without_a_401(
    emu: Emulator, app: EmulatedApp, installation: Installation, mode: str
) -> None:
    token = make_token(emu, app, installation)
    emu.clock.advance(DAY - 240)  # inside the 5-minute skew, still valid for SmartThings
    assert token.needs_refresh()
    if mode == "sync":
        with SmartThings(token, transport=emu.transport) as st:
            st.locations.get(installation.location_id)
    else:

        async def main() -> None:
            async with AsyncSmartThings(token, transport=emu.transport) as st:
                await st.locations.get(installation.location_id)

        asyncio.run(main())
    assert token_calls(emu) == 1
    assert api_statuses(emu) == [200]
    assert token.refresh_token != installation.refresh_token
    assert not token.needs_refresh()


def test_a_short_lived_token_is_not_refreshed_on_every_call(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    # A 299-second token (the pysmartthings fixture) is shorter than twice the skew.
    token = make_token(emu, app, installation, expires_in=299)
    with SmartThings(token, transport=emu.transport) as st:
        st.locations.get(installation.location_id)
        st.locations.get(installation.location_id)
        emu.clock.advance(200)
        st.locations.get(installation.location_id)
    assert token_calls(emu) == 1


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_a_401_refreshes_once_and_resends_once(
    emu: Emulator, app: EmulatedApp, installation: Installation, mode: str
) -> None:
    token = make_token(emu, app, installation, expires_in=3 * DAY)  # the client believes it is still valid
    emu.clock.advance(DAY + 60)
    if mode == "sync":
        with SmartThings(token, transport=emu.transport) as st:
            location_id = st.locations.get(installation.location_id).location_id
    else:

        async def main() -> str:
            async with AsyncSmartThings(token, transport=emu.transport) as st:
                return (await st.locations.get(installation.location_id)).location_id

        location_id = asyncio.run(main())
    assert location_id == installation.location_id
    assert [(r.path == TOKEN_PATH, r.status) for r in emu.requests] == [(False, 401), (True, 200), (False, 200)]


def test_a_second_401_after_the_refresh_is_an_authentication_error(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    token = make_token(emu, app, installation)
    emu.faults.add("html_error", count=2, method="GET", status=401)
    with SmartThings(token, transport=emu.transport, max_retries=0) as st, pytest.raises(AuthenticationError):
        st.locations.get(installation.location_id)
    assert token_calls(emu) == 1  # one refresh, one re-send, then the error


def concurrent_calls(st: SmartThings, ast: AsyncSmartThings, location_id: str, n: int) -> list[str]:
    """``n`` threads and ``n`` asyncio tasks (in one more thread) call at once; returns what each got."""
    results: list[str] = []
    guard = threading.Lock()
    start = threading.Barrier(n + 1)

    def one_thread() -> None:
        start.wait()
        got = st.locations.get(location_id).location_id
        with guard:
            results.append(got)

    async def tasks() -> None:
        gathered = await asyncio.gather(*(ast.locations.get(location_id) for _ in range(n)))
        with guard:
            results.extend(loc.location_id for loc in gathered)

    def loop_thread() -> None:
        start.wait()
        asyncio.run(tasks())

    threads = [threading.Thread(target=one_thread) for _ in range(n)]
    threads.append(threading.Thread(target=loop_thread))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_fifty_threads_and_fifty_tasks_hitting_a_401_cause_one_refresh(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    n = 50
    recording = Recording(emu, hold_token_requests_until=2 * n)
    store = MemoryTokenStore()
    token = make_token(emu, app, installation, expires_in=3 * DAY, store=store)
    emu.clock.advance(DAY + 60)  # SmartThings says expired; the client does not know
    st = SmartThings(token, transport=recording, max_retries=0)
    ast = AsyncSmartThings(token, transport=recording, max_retries=0)
    try:
        results = concurrent_calls(st, ast, installation.location_id, n)
    finally:
        st.close()
        asyncio.run(ast.aclose())
    assert results == [installation.location_id] * (2 * n)
    assert recording.unauthorized == 2 * n
    assert token_calls(emu) == 1
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == token.refresh_token != installation.refresh_token


@pytest.mark.parametrize("mode", ["threads", "tasks"])
def test_sibling_credentials_holding_the_same_pair_refresh_it_once(
    emu: Emulator, app: EmulatedApp, installation: Installation, mode: str
) -> None:
    # The multi-TV race (ha-samsungtv-smart#180): several objects share one pair and no store.
    siblings = [make_token(emu, app, installation, expires_in=3 * DAY) for _ in range(4)]
    recording = Recording(emu, hold_token_requests_until=len(siblings))
    emu.clock.advance(DAY + 60)
    if mode == "threads":
        clients = [SmartThings(t, transport=recording, max_retries=0) for t in siblings]
        threads = [threading.Thread(target=c.locations.get, args=(installation.location_id,)) for c in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    else:

        async def main() -> None:
            clients = [AsyncSmartThings(t, transport=recording, max_retries=0) for t in siblings]
            await asyncio.gather(*(c.locations.get(installation.location_id) for c in clients))

        asyncio.run(main())
    assert token_calls(emu) == 1
    assert len({(t.access_token, t.refresh_token) for t in siblings}) == 1
    assert api_statuses(emu).count(200) == len(siblings)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_invalid_grant_is_terminal_after_one_token_request(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: TokenStore, mode: str
) -> None:
    token = make_token(emu, app, installation, expires_in=60, store=store)
    token.save()
    emu.update(installation.installed_app_id)  # SmartThings rotates the pair; this one is dead now
    errors: list[ReauthorizationRequired] = []
    if mode == "sync":
        with SmartThings(token, transport=emu.transport) as st:
            for _ in range(3):
                with pytest.raises(ReauthorizationRequired) as caught:
                    st.locations.get(installation.location_id)
                errors.append(caught.value)
    else:

        async def main() -> None:
            async with AsyncSmartThings(token, transport=emu.transport) as st:
                for _ in range(3):
                    with pytest.raises(ReauthorizationRequired) as caught:
                        await st.locations.get(installation.location_id)
                    errors.append(caught.value)

        asyncio.run(main())
    assert token_calls(emu) == 1  # no retries, and no second attempt with a refused token
    assert api_statuses(emu) == []
    error = errors[0]
    assert error.installed_app_id == installation.installed_app_id
    assert "SmartApp" in error.how_to_fix
    assert installation.refresh_token not in str(error)
    assert installation.installed_app_id in str(error)
    stored = store.load(installation.installed_app_id)
    assert stored is not None  # nothing deleted
    assert stored.refresh_token == installation.refresh_token


def test_a_reauthorized_pair_in_the_store_revives_a_refused_credential(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    store = MemoryTokenStore()
    token = make_token(emu, app, installation, expires_in=60, store=store)
    update = emu.update(installation.installed_app_id)
    with SmartThings(token, transport=emu.transport) as st:
        with pytest.raises(ReauthorizationRequired):
            st.locations.get(installation.location_id)
        # The UPDATE handler (maybe in another worker) stores the new pair; this client picks it up.
        credential_from_lifecycle(
            update, client_id=app.client_id, client_secret=app.client_secret, store=store, clock=emu.clock.now
        )
        assert st.locations.get(installation.location_id).location_id == installation.location_id
    assert token_calls(emu) == 1
    assert token.refresh_token == update["updateData"]["refreshToken"]


def test_a_wrong_client_secret_is_an_authentication_error_naming_the_client_credentials(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    token = make_token(emu, app, installation, expires_in=60, client_secret="not-the-secret")
    with SmartThings(token, transport=emu.transport) as st, pytest.raises(AuthenticationError) as caught:
        st.locations.get(installation.location_id)
    assert "client id and secret" in str(caught.value)
    assert "not-the-secret" not in str(caught.value)
    assert token_calls(emu) == 1


def test_a_failing_token_endpoint_is_a_server_error_and_the_call_can_be_retried(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    token = make_token(emu, app, installation, expires_in=60)
    emu.faults.add("server_error", method="POST", path=TOKEN_PATH, status=503)
    with SmartThings(token, transport=emu.transport, max_retries=0) as st:
        with pytest.raises(ServerError):
            st.locations.get(installation.location_id)
        # The refresh token was not spent: the next call refreshes normally.
        assert st.locations.get(installation.location_id).location_id == installation.location_id
    assert token_calls(emu) == 2


def test_a_garbled_token_response_is_a_decode_error_without_the_body(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    recording = Recording(emu)
    token = make_token(emu, app, installation, expires_in=60)
    emu.faults.add("malformed_json", method="POST", path=TOKEN_PATH)
    with SmartThings(token, transport=recording) as st, pytest.raises(ResponseDecodeError) as caught:
        st.locations.get(installation.location_id)
    assert caught.value.body == ""
    assert caught.value.operation == "oauth.refresh"


def test_refresh_outside_a_request_and_its_async_twin(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: TokenStore
) -> None:
    token = make_token(emu, app, installation, store=store)
    first = token.refresh(transport=emu.transport)
    assert first.refresh_token == token.refresh_token != installation.refresh_token
    second = asyncio.run(token.arefresh(transport=emu.transport))
    assert second.refresh_token == token.refresh_token != first.refresh_token
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == second.refresh_token
    assert token_calls(emu) == 2


def test_credentials_check_their_arguments(emu: Emulator, app: EmulatedApp, installation: Installation) -> None:
    base = make_token(emu, app, installation)
    cid, secret, expires = app.client_id, app.client_secret, base.expires_at
    with pytest.raises(ValueError, match="timezone-aware"):
        RefreshableToken("a", "b", utc(0).replace(tzinfo=None), client_id=cid, client_secret=secret)
    with pytest.raises(ValueError, match="client_secret is empty"):
        RefreshableToken("a", "b", expires, client_id=cid, client_secret=" ")
    with pytest.raises(ValueError, match="needs a key"):
        RefreshableToken("a", "b", expires, client_id=cid, client_secret=secret, store=MemoryTokenStore())
    with pytest.raises(ValueError, match="token_url"):
        RefreshableToken("a", "b", expires, client_id=cid, client_secret=secret, token_url="/oauth/token")
    with pytest.raises(ValueError, match="refresh_skew"):
        RefreshableToken("a", "b", expires, client_id=cid, client_secret=secret, refresh_skew=timedelta(seconds=-1))
    with pytest.raises(ValueError, match="Bearer"):
        RefreshableToken("Bearer a", "b", expires, client_id=cid, client_secret=secret)
    with pytest.raises(ValueError, match="no store"):
        base.save()


def test_the_credential_is_a_smartapp_token_for_the_client(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    token = make_token(emu, app, installation)
    with SmartThings(token, transport=emu.transport) as st:
        assert st.credential is token
        assert token.granted_scopes == app.scopes
        assert token.kind.value == "SMARTAPP"
        assert token.description == "SmartApp token"
        assert token.auth() is token.auth()
