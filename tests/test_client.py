"""The clients themselves: credentials, headers, configuration, and closing what they own."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from smartthings_client import (
    APIStatusError,
    AsyncSmartThings,
    Credential,
    NoCredentialsError,
    PersonalAccessToken,
    SmartAppToken,
    SmartThings,
    __version__,
)
from smartthings_client.auth import BearerAuth

from .fixtures import API, DEVICE_ID, TOKEN, FakeServer, Harness, pysmartthings

ACCEPT = "application/vnd.smartthings+json;v=1"


class ClosingTransport(httpx.MockTransport):
    """A mock transport that remembers being closed (httpx closes it with the client that owns it)."""

    def __init__(self, server: FakeServer) -> None:
        super().__init__(server.handler)
        self.closed = 0

    def close(self) -> None:
        self.closed += 1

    async def aclose(self) -> None:
        self.closed += 1


# --- credentials ---------------------------------------------------------------------------------------------


def test_the_token_is_sent_as_a_bearer_header(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert harness.server.last.headers["authorization"] == f"Bearer {TOKEN}"


def test_the_token_comes_from_the_environment(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMARTTHINGS_TOKEN", f"  {TOKEN}\n")
    harness.server.reply(json_body=pysmartthings("device.json"))
    server, waits = harness.server, harness.waits

    def call(st: Any) -> Any:
        return st.devices.get(DEVICE_ID)

    if harness.is_async:

        async def main() -> None:
            async with AsyncSmartThings(transport=server.transport()) as st:
                await call(st)

        asyncio.run(main())
    else:
        with SmartThings(transport=server.transport()) as st:
            call(st)
    assert server.last.headers["authorization"] == f"Bearer {TOKEN}"
    assert waits == []


@pytest.mark.parametrize("value", [None, "", "   "], ids=["unset", "empty", "blank"])
@pytest.mark.parametrize("client", [SmartThings, AsyncSmartThings])
def test_no_token_at_all_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, value: str | None, client: type[SmartThings] | type[AsyncSmartThings]
) -> None:
    if value is None:
        monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    else:
        monkeypatch.setenv("SMARTTHINGS_TOKEN", value)
    with pytest.raises(NoCredentialsError) as caught:
        client()
    text = str(caught.value)
    assert "SMARTTHINGS_TOKEN" in text
    assert "https://account.smartthings.com/tokens" in text


def test_an_explicit_token_wins_over_the_environment(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SMARTTHINGS_TOKEN", "from-the-environment")
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert harness.server.last.headers["authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("token", "error", "words"),
    [
        ("", ValueError, "empty"),
        (f"Bearer {TOKEN}", ValueError, "without the 'Bearer ' prefix"),
        (f"{TOKEN} extra", ValueError, "whitespace"),
        (object(), TypeError, "str or a credential"),
    ],
    ids=["empty", "bearer-prefix", "whitespace", "object"],
)
def test_bad_tokens_are_refused(token: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error, match=words):
        SmartThings(token, transport=FakeServer().transport())


def test_a_credential_token_must_be_a_str() -> None:
    with pytest.raises(TypeError, match="must be a str"):
        PersonalAccessToken(12345)


def test_a_str_token_is_a_personal_access_token() -> None:
    with SmartThings(f" {TOKEN} ", transport=FakeServer().transport()) as st:
        assert st.credential == PersonalAccessToken(TOKEN)
    smartapp = SmartAppToken(TOKEN, installed_app_id="ia")
    assert isinstance(smartapp, Credential)
    with SmartThings(smartapp, transport=FakeServer().transport()) as st:
        assert st.credential is smartapp


# --- headers -------------------------------------------------------------------------------------------------


HEALTH = {"deviceId": DEVICE_ID, "state": "ONLINE"}
ACCEPT_DATED = "application/vnd.smartthings+json;v=20170916"


def test_default_headers(harness: Harness) -> None:
    harness.server.reply(json_body=HEALTH)
    harness.run(lambda st: st.devices.health(DEVICE_ID))
    headers = harness.server.last.headers
    assert headers["accept"] == ACCEPT
    assert headers["user-agent"].startswith(f"smartthings-client/{__version__} ")
    assert f"httpx/{httpx.__version__}" in headers["user-agent"]
    assert "content-type" not in headers


def test_device_reads_send_the_dated_version_the_official_sdk_pins(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert harness.server.last.headers["accept"] == ACCEPT_DATED


def test_a_json_body_is_sent_as_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.update(DEVICE_ID, label="x"))
    assert harness.server.last.headers["content-type"] == "application/json"


def test_a_custom_user_agent(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID), user_agent="my-app/1.0")
    assert harness.server.last.headers["user-agent"] == "my-app/1.0"


def test_an_injected_http_client_gets_the_headers_and_stays_open() -> None:
    server = FakeServer()
    server.reply(json_body=HEALTH, times=2)
    http = httpx.Client(transport=server.transport(), headers={"X-Trace": "abc"})
    with SmartThings(TOKEN, http_client=http) as st:
        st.devices.health(DEVICE_ID)
    assert not http.is_closed
    headers = server.last.headers
    assert headers["accept"] == ACCEPT
    assert headers["user-agent"].startswith("smartthings-client/")
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["x-trace"] == "abc"
    # Still usable by its owner afterwards.
    assert http.get(f"{API}/devices/{DEVICE_ID}").status_code == 200
    http.close()


def test_an_injected_async_http_client_stays_open() -> None:
    server = FakeServer()
    server.reply(json_body=HEALTH)

    async def main() -> httpx.AsyncClient:
        http = httpx.AsyncClient(transport=server.transport())
        async with AsyncSmartThings(TOKEN, http_client=http) as st:
            await st.devices.health(DEVICE_ID)
        assert not http.is_closed
        await http.aclose()
        return http

    http = asyncio.run(main())
    assert http.is_closed
    assert server.last.headers["accept"] == ACCEPT


def test_cookies_set_by_the_api_are_not_sent_back(harness: Harness) -> None:
    # SmartThings sets none; a load balancer's stickiness cookie must not follow the token around either.
    sticky = {"set-cookie": "AWSALB=sticky; Path=/; Domain=api.smartthings.com"}
    harness.server.reply(json_body=pysmartthings("device.json"), headers=sticky, times=2)

    async def twice_async(st: AsyncSmartThings) -> None:
        await st.devices.get(DEVICE_ID)
        await st.devices.get(DEVICE_ID)

    def twice(st: Any) -> Any:
        if harness.is_async:
            return twice_async(st)
        st.devices.get(DEVICE_ID)
        return st.devices.get(DEVICE_ID)

    harness.run(twice)
    assert len(harness.server.requests) == 2
    assert "cookie" not in harness.server.last.headers


def test_an_injected_http_client_keeps_its_own_cookies() -> None:
    server = FakeServer()
    server.reply(json_body=pysmartthings("device.json"), headers={"set-cookie": "AWSALB=sticky; Path=/"}, times=2)
    with httpx.Client(transport=server.transport()) as http, SmartThings(TOKEN, http_client=http) as st:
        st.devices.get(DEVICE_ID)
        st.devices.get(DEVICE_ID)
        assert http.cookies["AWSALB"] == "sticky"
    assert server.last.headers["cookie"] == "AWSALB=sticky"


def test_calls_with_many_distinct_urls_each_reach_their_own() -> None:
    # Parsed URLs are kept for repeated calls, in a bounded memo that is cleared when full.
    server = FakeServer()
    ids = [f"00000000-0000-0000-0000-{n:012d}" for n in range(600)]
    server.reply(json_body=pysmartthings("device.json"), times=len(ids) + 1)
    with SmartThings(TOKEN, transport=server.transport()) as st:
        for device_id in ids:
            st.devices.get(device_id)
        st.devices.get(ids[0])
    assert server.urls == [f"{API}/devices/{device_id}" for device_id in [*ids, ids[0]]]


def test_timeouts_reach_the_request(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"), times=2)
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert harness.server.last.extensions["timeout"] == {"connect": 10.0, "read": 30.0, "write": 30.0, "pool": 30.0}
    harness.run(lambda st: st.devices.get(DEVICE_ID), timeout=5.0)
    assert harness.server.last.extensions["timeout"] == {"connect": 5.0, "read": 5.0, "write": 5.0, "pool": 5.0}


def test_redirects_are_not_followed(harness: Harness) -> None:
    harness.server.reply(302, content=b"", headers={"location": "https://elsewhere.example.com/"})
    with pytest.raises(APIStatusError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert caught.value.status_code == 302
    assert harness.server.urls == [f"{API}/devices/{DEVICE_ID}"]


def test_a_custom_base_url(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID), base_url="http://127.0.0.1:8089/v1/")
    assert harness.server.urls == [f"http://127.0.0.1:8089/v1/devices/{DEVICE_ID}"]


# --- configuration errors ------------------------------------------------------------------------------------


def test_transport_and_http_client_together_are_refused() -> None:
    transport = FakeServer().transport()
    with httpx.Client() as http, pytest.raises(ValueError, match="not both"):
        SmartThings(TOKEN, transport=transport, http_client=http)

    async def main() -> None:
        async with httpx.AsyncClient() as http:
            with pytest.raises(ValueError, match="not both"):
                AsyncSmartThings(TOKEN, transport=transport, http_client=http)

    asyncio.run(main())


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ({"base_url": "api.smartthings.com/v1"}, "base_url"),
        ({"base_url": "ftp://api.smartthings.com/v1"}, "base_url"),
        ({"max_retries": -1}, "max_retries"),
    ],
    ids=["no-scheme", "ftp", "negative-retries"],
)
@pytest.mark.parametrize("client", [SmartThings, AsyncSmartThings])
def test_bad_options_are_refused(
    client: type[SmartThings] | type[AsyncSmartThings], options: dict[str, Any], words: str
) -> None:
    with pytest.raises(ValueError, match=words):
        client(TOKEN, transport=FakeServer().transport(), **options)


# --- closing -------------------------------------------------------------------------------------------------


def test_the_sync_context_manager_closes_what_it_owns() -> None:
    transport = ClosingTransport(FakeServer())
    with SmartThings(TOKEN, transport=transport) as st:
        assert transport.closed == 0
        assert repr(st).startswith("SmartThings(")
    assert transport.closed == 1


def test_close_closes_what_it_owns() -> None:
    transport = ClosingTransport(FakeServer())
    st = SmartThings(TOKEN, transport=transport)
    st.with_options(max_retries=0).close()  # a derived client shares the pool and does not own it
    assert transport.closed == 0
    st.close()
    assert transport.closed == 1


def test_the_async_context_manager_closes_what_it_owns() -> None:
    transport = ClosingTransport(FakeServer())

    async def main() -> None:
        async with AsyncSmartThings(TOKEN, transport=transport) as st:
            assert transport.closed == 0
            await st.with_options(max_retries=1).aclose()
            assert transport.closed == 0
        assert transport.closed == 1
        other = AsyncSmartThings(TOKEN, transport=transport)
        await other.aclose()
        assert transport.closed == 2

    asyncio.run(main())


def test_a_client_closes_even_when_the_block_raises() -> None:
    transport = ClosingTransport(FakeServer())
    with pytest.raises(RuntimeError), SmartThings(TOKEN, transport=transport):
        raise RuntimeError("boom")
    assert transport.closed == 1


# --- repr ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("client", [SmartThings, AsyncSmartThings])
def test_repr_never_shows_the_token(client: type[SmartThings] | type[AsyncSmartThings]) -> None:
    st = client(PersonalAccessToken(TOKEN, scopes=["r:devices:*"]), transport=FakeServer().transport())
    text = repr(st)
    assert TOKEN not in text
    assert "<redacted>" in text
    assert "base_url='https://api.smartthings.com/v1'" in text
    assert "r:devices:*" in text


@pytest.mark.parametrize(
    "credential",
    [
        PersonalAccessToken(TOKEN),
        SmartAppToken(TOKEN, installed_app_id="ia", location_id="loc", scopes=["r:devices:*"], event=True),
        BearerAuth(TOKEN),
    ],
    ids=["pat", "smartapp", "bearer-auth"],
)
def test_credentials_never_show_the_token(credential: object) -> None:
    assert TOKEN not in repr(credential)
    assert TOKEN not in str(credential)
