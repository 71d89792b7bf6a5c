"""The loopback server: real sockets on 127.0.0.1, links on the server's origin, faults over the wire."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator, LoopbackServer


@pytest.fixture
def server(emu: Emulator) -> Iterator[LoopbackServer]:
    with emu.serve(port=0) as running:
        yield running


@pytest.fixture
def http(server: LoopbackServer, pat: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {pat}"}, timeout=5.0) as client:
        yield client


def test_serves_the_api_over_a_socket(server: LoopbackServer, http: httpx.Client, emu: Emulator) -> None:
    assert server.port > 0
    assert server.url == f"http://127.0.0.1:{server.port}"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    response = http.post(f"/devices/{light}/commands", json={"commands": [{"capability": "switch", "command": "off"}]})
    assert response.status_code == 200
    assert emu.attribute(light, "switch", "switch") == "off"
    unauthorized = httpx.get(f"{server.base_url}/devices")
    assert unauthorized.status_code == 401
    assert unauthorized.json()["error"]["code"] == "UnauthorizedError"


def test_next_links_point_at_the_server(server: LoopbackServer, http: httpx.Client) -> None:
    href = http.get("/devices", params={"max": 5}).json()["_links"]["next"]["href"]
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}" == server.url
    assert parts.path == "/devices"
    assert http.get(href).status_code == 200


def test_empty_403_survives_the_wire(server: LoopbackServer, http: httpx.Client, emu: Emulator) -> None:
    installed = emu.install(emu.create_app())
    response = http.get(f"/installedapps/{installed.installed_app_id}/subscriptions")
    assert response.status_code == 403
    assert response.content == b""


def test_drop_fault_closes_the_connection(http: httpx.Client, emu: Emulator) -> None:
    emu.faults.add("drop")
    with pytest.raises(httpx.RemoteProtocolError):
        http.get("/devices")
    assert http.get("/devices").status_code == 200


def test_slow_fault_really_waits(server: LoopbackServer, pat: str, emu: Emulator) -> None:
    emu.faults.add("slow", seconds=0.5)
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {pat}"}, timeout=0.1) as client:
        with pytest.raises(httpx.ReadTimeout):
            client.get("/locations")
    emu.faults.add("slow", seconds=0.05)
    with httpx.Client(base_url=server.base_url, headers={"Authorization": f"Bearer {pat}"}, timeout=2.0) as client:
        assert client.get("/locations").status_code == 200


def test_concurrent_clients_are_safe(server: LoopbackServer, pat: str, emu: Emulator) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    errors: list[BaseException] = []

    def worker(level: int) -> None:
        try:
            with httpx.Client(
                base_url=server.base_url, headers={"Authorization": f"Bearer {pat}"}, timeout=5.0
            ) as client:
                for _ in range(5):
                    body = {"commands": [{"capability": "switchLevel", "command": "setLevel", "arguments": [level]}]}
                    assert client.post(f"/devices/{light}/commands", json=body).status_code == 200
                    assert client.get(f"/devices/{light}/status").status_code == 200
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(level,)) for level in range(10, 90, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert emu.attribute(light, "switchLevel", "level") in range(10, 90, 10)
    assert sum(1 for r in emu.requests if r.method == "POST") == 40


def test_shutdown_releases_the_port(emu: Emulator) -> None:
    server = emu.serve(port=0)
    url = server.base_url
    server.shutdown()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/devices", timeout=1.0)
