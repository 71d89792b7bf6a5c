"""Rate limits (429 body and x-ratelimit-* headers on the fake clock) and every injected fault kind."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable

import httpx
import pytest

from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

ClientFactory = Callable[..., httpx.Client]


def test_rate_limit_per_token_with_real_body_and_headers(
    emu: Emulator, api: httpx.Client, client_for: ClientFactory
) -> None:
    emu.rate_limits.enable(limit=3, window=60.0)
    first = api.get("/devices")
    assert first.headers["x-ratelimit-limit"] == "3"
    assert first.headers["x-ratelimit-remaining"] == "2"
    api.get("/devices")
    api.get("/devices")
    emu.clock.advance(20.5)
    limited = api.get("/devices")
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-remaining"] == "0"
    assert limited.headers["x-ratelimit-reset"] == "40"
    body = limited.json()
    assert body["error"]["code"] == "TooManyRequestError"
    assert body["error"]["message"] == "Too Many Requests"
    (detail,) = body["error"]["details"]
    assert detail == {
        "code": "TooManyRequestError",
        "message": "attempt 4 limit 3 - retry in 39500 millis",
        "details": [],
    }
    # Another token has its own budget; the window resets on the clock.
    assert client_for(emu.issue_pat()).get("/devices").status_code == 200
    emu.clock.advance(40)
    assert api.get("/devices").status_code == 200
    emu.rate_limits.disable()
    assert "x-ratelimit-limit" not in api.get("/devices").headers


def test_rate_limit_per_device_and_paths(emu: Emulator, api: httpx.Client) -> None:
    first, second = emu.find_devices("switch")[:2]
    emu.rate_limits.enable(limit=1, window=10, per="device", paths=["/status"])
    assert api.get(f"/devices/{first}/status").status_code == 200
    assert api.get(f"/devices/{first}/status").status_code == 429
    assert api.get(f"/devices/{second}/status").status_code == 200
    assert api.get(f"/devices/{first}").status_code == 200  # not a selected path
    emu.rate_limits.enable(limit=1, window=10, paths=[re.compile(r"^/locations$")])
    assert api.get("/locations").status_code == 200
    assert api.get("/locations").status_code == 429
    with pytest.raises(ValueError):
        emu.rate_limits.enable(limit=0)


def test_documented_limits_are_kept_per_location_with_the_real_body(emu: Emulator, api: httpx.Client) -> None:
    emu.rate_limits.enable_documented()
    home, cabin = emu.location_id, emu.add_location("Cabin")
    for _ in range(20):
        assert api.put(f"/locations/{home}", json={"name": "Home"}).status_code == 200
    emu.clock.advance(600)
    limited = api.put(f"/locations/{home}", json={"name": "Home"})
    assert limited.status_code == 429
    (detail,) = limited.json()["error"]["details"]
    assert detail["message"] == "attempt 21 limit 20 - retry in 3000000 millis"  # 20 updates per hour
    assert limited.headers["x-ratelimit-reset"] == "3000"
    assert api.put(f"/locations/{cabin}", json={"name": "Cabin"}).status_code == 200  # another location
    read = api.get(f"/locations/{home}")  # reads have their own budget: 100 per minute per caller
    assert read.status_code == 200
    assert read.headers["x-ratelimit-limit"] == "100"
    assert "x-ratelimit-limit" not in api.get("/devices").headers  # no documented limit on listing devices


def test_documented_limits_per_caller_and_per_device(
    emu: Emulator, api: httpx.Client, client_for: ClientFactory
) -> None:
    from smartthings_client.ratelimits import DOCUMENTED_LIMITS

    emu.rate_limits.enable_documented(DOCUMENTED_LIMITS.replace("locations.read", limit=2))
    assert [api.get("/locations").status_code for _ in range(3)] == [200, 200, 429]
    assert client_for(emu.issue_pat()).get("/locations").status_code == 200  # another caller
    first, second = emu.find_devices("switch")[:2]
    assert [api.get(f"/devices/{first}/status").status_code for _ in range(13)][-2:] == [200, 429]
    assert api.get(f"/devices/{second}/status").status_code == 200
    assert api.get(f"/devices/{first}").status_code == 200  # devices.get is not in the per-device row
    emu.rate_limits.disable()
    assert not emu.rate_limits.enabled


@pytest.mark.parametrize("status", [502, 503, 504])
def test_server_error_fault_has_an_html_body(emu: Emulator, api: httpx.Client, status: int) -> None:
    emu.faults.add("server_error", status=status)
    response = api.get("/devices")
    assert response.status_code == status
    assert response.headers["content-type"] == "text/html"
    assert b"openresty" in response.content
    assert api.get("/devices").status_code == 200  # count=1: only the first request


def test_fault_count_method_and_path_selection(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("server_error", count=2, method="POST", path="/commands")
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert api.get("/devices").status_code == 200
    on = {"commands": [{"capability": "switch", "command": "on"}]}
    assert api.post(f"/devices/{light}/commands", json=on).status_code == 503
    assert api.post(f"/devices/{light}/commands", json=on).status_code == 503
    assert api.post(f"/devices/{light}/commands", json=on).status_code == 200
    emu.faults.add("empty_body", path=re.compile(r"^/v1/locations$"))
    assert api.get(f"/locations/{emu.location_id}").status_code == 200
    empty = api.get("/locations")
    assert (empty.status_code, empty.content) == (403, b"")
    emu.faults.add("html_error")
    assert emu.faults.pending
    emu.faults.clear()
    assert api.get("/locations").status_code == 200


def test_dropped_connections(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    emu.faults.add("drop")
    with pytest.raises(httpx.RemoteProtocolError):
        api.get("/devices")
    emu.faults.add("drop", error="connect")
    with pytest.raises(httpx.ConnectError):
        api.get("/devices")
    # processed=True: the command ran, but the answer never arrived.
    state = emu.attribute(light, "switch", "switch")
    target = "off" if state == "on" else "on"
    emu.faults.add("drop", processed=True)
    with pytest.raises(httpx.RemoteProtocolError):
        api.post(f"/devices/{light}/commands", json={"commands": [{"capability": "switch", "command": target}]})
    assert emu.attribute(light, "switch", "switch") == target
    assert [r.status for r in emu.requests] == [None, None, None]


def test_slow_answers_time_out_only_past_the_read_timeout(emu: Emulator, pat: str) -> None:
    emu.faults.add("slow", seconds=5.0)
    with httpx.Client(
        transport=emu.transport,
        base_url="https://api.smartthings.com/v1",
        timeout=2.0,
        headers={"Authorization": f"Bearer {pat}"},
    ) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get("/devices")
        emu.faults.add("slow", seconds=1.0)
        assert client.get("/devices").status_code == 200  # in-process: no real waiting


def test_malformed_json_is_truncated_after_processing(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("malformed_json", path="/devices")
    response = api.get("/devices")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    assert api.get("/devices").json()["items"]


def test_html_error_rate_limit_and_unexpected_error(emu: Emulator, api: httpx.Client) -> None:
    emu.faults.add("html_error")
    unauthorized = api.get("/devices")
    assert unauthorized.status_code == 401
    assert b"401 Authorization Required" in unauthorized.content
    emu.faults.add("rate_limit", retry_millis=2500)
    limited = api.get("/devices")
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-reset"] == "3"
    assert "retry in 2500 millis" in limited.json()["error"]["details"][0]["message"]
    emu.faults.add("unexpected_error")
    broken = api.get("/devices")
    assert broken.status_code == 500
    assert broken.json()["error"] == {
        "code": "UnexpectedError",
        "message": "unsuccessful-http-call status=424",
        "details": [],
    }
    with pytest.raises(ValueError):
        emu.faults.add("nonsense")  # type: ignore[arg-type]


def test_faults_reach_async_clients(emu: Emulator, pat: str) -> None:
    emu.faults.add("drop")
    emu.faults.add("server_error", status=502)

    async def main() -> int:
        async with httpx.AsyncClient(
            transport=emu.transport,
            base_url="https://api.smartthings.com/v1",
            headers={"Authorization": f"Bearer {pat}"},
        ) as client:
            with pytest.raises(httpx.RemoteProtocolError):
                await client.get("/devices")
            return (await client.get("/devices")).status_code

    assert asyncio.run(main()) == 502
