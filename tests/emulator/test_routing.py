"""Routing: /v1 and bare paths, Accept versions, unknown routes and hosts, error envelopes."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from smartthings_client.testing import Emulator

ClientFactory = Callable[..., httpx.Client]


def test_v1_and_bare_paths_reach_the_same_endpoint(emu: Emulator, client_for: ClientFactory, pat: str) -> None:
    with_v1 = client_for(pat).get("/devices")
    bare = client_for(pat, base_url="https://api.smartthings.com").get(
        "/devices", headers={"Accept": "application/vnd.smartthings+json;v=1"}
    )
    assert with_v1.status_code == bare.status_code == 200
    assert with_v1.json()["items"] == bare.json()["items"]
    assert {r.path for r in emu.requests} == {"/devices"}


@pytest.mark.parametrize("accept", ["application/vnd.smartthings+json;v=20170916", "application/json", "*/*"])
def test_accepted_versions(api: httpx.Client, accept: str) -> None:
    assert api.get("/locations", headers={"Accept": accept}).status_code == 200


def test_unknown_version_and_media_type_are_406(api: httpx.Client) -> None:
    assert api.get("/locations", headers={"Accept": "application/vnd.smartthings+json;v=7"}).status_code == 406
    response = api.get("/locations", headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response.json()["error"]["code"] == "NotAcceptableError"


def test_unknown_path_is_404_and_wrong_method_405_with_envelope(api: httpx.Client) -> None:
    missing = api.get("/nothing-here")
    assert missing.status_code == 404
    body = missing.json()
    assert body["error"]["code"] == "NotFoundError"
    assert isinstance(body["requestId"], str)
    assert body["requestId"]
    assert api.patch("/devices").status_code == 405


def test_unknown_device_is_404_not_found_error(api: httpx.Client) -> None:
    response = api.get("/devices/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "NotFoundError",
        "message": "Device 00000000-0000-0000-0000-000000000000 not found",
        "details": [],
    }


def test_unknown_host_is_a_connect_error(emu: Emulator, pat: str) -> None:
    with httpx.Client(transport=emu.transport) as client, pytest.raises(httpx.ConnectError):
        client.get("https://api.smartthings.example/v1/devices", headers={"Authorization": f"Bearer {pat}"})


def test_json_body_needs_json_content_type(api: httpx.Client, emu: Emulator) -> None:
    light = emu.find_devices("switch")[0]
    response = api.post(
        f"/devices/{light}/commands",
        content=b'{"commands": [{"capability": "switch", "command": "on"}]}',
        headers={"Content-Type": "text/plain"},
    )
    assert response.status_code == 415
    broken = api.post(
        f"/devices/{light}/commands", content=b'{"commands": [', headers={"Content-Type": "application/json"}
    )
    assert broken.status_code == 400
    assert broken.json()["error"]["details"][0]["code"] == "BodyMalformedError"


def test_async_client_works_through_the_same_transport(emu: Emulator, pat: str) -> None:
    import asyncio

    async def main() -> int:
        async with httpx.AsyncClient(
            transport=emu.transport,
            base_url="https://api.smartthings.com/v1",
            headers={"Authorization": f"Bearer {pat}"},
        ) as client:
            response = await client.get("/devices")
            return len(response.json()["items"])

    assert asyncio.run(main()) == len(emu.devices)


def test_journal_records_method_path_status_and_token_kind(api: httpx.Client, emu: Emulator) -> None:
    api.get("/locations")
    api.get("/v1/devices")  # base_url already ends in /v1: a doubled prefix is a client bug, and a 404
    assert [(r.method, r.path, r.status, r.token_kind) for r in emu.requests] == [
        ("GET", "/locations", 200, "pat"),
        ("GET", "/v1/devices", 404, None),
    ]
    emu.clear_requests()
    assert emu.requests == []
