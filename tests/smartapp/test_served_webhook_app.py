"""The README's webhook app served by real servers (uvicorn, waitress) in processes of their own, as its docstring
says, driven over loopback by the served emulator: every lifecycle signed with ST_PADLOCK, the app fetching the
emulator's certificate from the key server the emulator serves, as it fetches SmartThings' in production."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import RedisTokenStore
from smartthings_client.smartapp import SmartApp
from smartthings_client.testing import EmulatedApp, Emulator, FakeClock, LoopbackServer

from .. import readme_webhook

ROOT = Path(__file__).resolve().parents[2]
#: A server process gets this long to listen (a loaded 2-core machine imports slowly); dying fails at once.
START_TIMEOUT = 30.0
#: What the README's docstring says to run, with a loopback host and a free port added.
COMMANDS = {
    "uvicorn": [sys.executable, "-m", "uvicorn", "tests.smartapp.serve_app:app.asgi", "--host", "127.0.0.1",
                "--port", "0"],
    "waitress": [sys.executable, "-m", "waitress", "--listen=127.0.0.1:0", "tests.smartapp.serve_app:app.wsgi"],
}  # fmt: skip
LISTENING = re.compile(r"http://127\.0\.0\.1:(\d+)")


@contextlib.contextmanager
def served(server: str, env: dict[str, str], log_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """Start ``server`` on the app; yield its origin once it accepts connections, and stop it afterwards."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            COMMANDS[server], cwd=ROOT, env={**os.environ, **env, "PYTHONUNBUFFERED": "1"}, stdout=log, stderr=log
        )
    try:
        port = wait_until_listening(process, log_path)
        yield f"http://127.0.0.1:{port}", process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def wait_until_listening(process: subprocess.Popen[bytes], log_path: Path) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        output = log_path.read_text(errors="replace")
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode} before listening:\n{output}", pytrace=False)
        found = LISTENING.search(output)
        if found is not None and accepts(int(found.group(1))):
            return int(found.group(1))
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"the server did not listen within {START_TIMEOUT} s:\n{output}", pytrace=False)
        time.sleep(0.05)


def accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def emu() -> Emulator:
    # The app checks the Date header against its own (real) clock: the emulator's clock follows real time.
    return Emulator(clock=FakeClock(ticking=True))


@pytest.fixture
def emulator_server(emu: Emulator) -> Iterator[LoopbackServer]:
    with emu.serve(port=0) as running:
        yield running


@pytest.fixture
def store(redis_url: str) -> Iterator[RedisTokenStore]:
    made = RedisTokenStore.from_url(redis_url)
    yield made
    made.close()


def app_environment(registered: EmulatedApp, server: LoopbackServer, redis_url: str) -> dict[str, str]:
    return {
        "SERVED_EMULATOR": server.url,
        "SERVED_EMULATOR_KEY_SERVER": server.key_server_url,
        "SERVED_APP_CLIENT_ID": registered.client_id,
        "SERVED_APP_CLIENT_SECRET": registered.client_secret,
        "SERVED_APP_ID": registered.app_id,
        "SERVED_APP_REDIS_URL": redis_url,
    }


@pytest.mark.parametrize("server", ["uvicorn", "waitress"])
def test_the_readme_app_served_by_a_real_server_verifies_the_served_emulators_signatures(
    emu: Emulator,
    emulator_server: LoopbackServer,
    store: RedisTokenStore,
    redis_url: str,
    tmp_path: Path,
    server: str,
) -> None:
    registered = emu.create_app("lights-together")
    target_url = readme_webhook.make_app(store).target_url  # the registered URL: its path is what is signed
    env = app_environment(registered, emulator_server, redis_url)
    log_path = tmp_path / f"{server}.log"
    with served(server, env, log_path) as (origin, process):
        hook = emu.webhook(registered, origin + "/smartthings", target_url=target_url)
        assert hook.ping().status == 200, log_path.read_text(errors="replace")
        initialize = hook.configuration("INITIALIZE")
        assert initialize.status == 200, log_path.read_text(errors="replace")
        assert initialize.body["configurationData"]["initialize"]["firstPageId"] == "main"

        lights = emu.find_devices("switch")[:2]
        config = {"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": d, "componentId": "main"}}
                             for d in lights]}  # fmt: skip
        installation, installed = hook.install(config=config)
        assert (installed.status, installed.body) == (200, {"installData": {}}), log_path.read_text(errors="replace")
        key = installation.installed_app_id
        stored = store.load(key)
        assert stored is not None
        assert stored.refresh_token == installation.refresh_token
        # The handler ran in the server's process, calling the served emulator with the INSTALL token.
        assert sorted(s["device"]["deviceId"] for s in emu.subscriptions(key)) == sorted(lights)

        for light in lights:
            emu.set_attribute(light, "switch", "switch", "off")
        hook.deliver_events()
        emu.set_attribute(lights[0], "switch", "switch", "on")
        delivered = hook.deliver_events()
        assert [(d.lifecycle, d.status, d.body) for d in delivered] == [("EVENT", 200, {"eventData": {}})]
        assert emu.attribute(lights[1], "switch", "switch") == "on"

        updated = hook.update(key)
        assert (updated.status, updated.body) == (200, {"updateData": {}})
        stored = store.load(key)
        assert stored is not None
        assert stored.refresh_token == updated.request["updateData"]["refreshToken"]

        # The signatures are really checked over there: a tampered Digest and an unsigned request get 401.
        assert hook.post(installation.payload, headers={"Digest": "SHA256=AAAA"}).status == 401
        assert hook.post(installation.payload, signed=False).status == 401

        assert hook.uninstall(key).body == {"uninstallData": {}}
        assert store.load(key) is None
        assert process.poll() is None
    output = log_path.read_text(errors="replace")
    # One fetch of the certificate, at the keyId path on the served key server, then the app's cache.
    fetched = [(r.method, r.path, r.status) for r in emu.requests if r.path.startswith("/keys/")]
    assert fetched == [("GET", "/keys" + hook.key.key_id, 200)], output
    assert "unknown-key" not in output
    assert "Traceback" not in output
    if server == "uvicorn":  # the lifespan protocol is answered, not reported unsupported
        assert "Application startup complete." in output
        assert "Application shutdown complete." in output
        assert "unsupported" not in output


def test_uvicorn_reads_app_asgi_as_asgi3() -> None:
    from uvicorn.config import Config

    config = Config(SmartApp(target_url="https://x.example/st").asgi, lifespan="on")
    config.load()
    assert config.interface == "asgi3"


def test_hypercorn_reads_app_asgi_as_asgi3_and_starlette_mounts_it() -> None:
    from hypercorn.utils import is_asgi
    from starlette.applications import Starlette
    from starlette.routing import Mount

    emu = Emulator()
    app = SmartApp(
        target_url="https://x.example/apps/st", client_options={"transport": emu.transport}, clock=emu.clock.now
    )
    assert is_asgi(app.asgi)  # hypercorn's own test: an ASGI 3 callable
    site = Starlette(routes=[Mount("/apps", app=app.asgi)])  # the app beside others, under a path of the site
    hook = emu.webhook(emu.create_app("mounted"), site, target_url=app.target_url)
    assert hook.ping().status == 200
    assert hook.configuration().body["configurationData"]["initialize"]["firstPageId"] == "main"


def test_a_server_that_cannot_start_fails_the_test_at_once_with_its_output(tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(pytest.fail.Exception, match=r"(?s)exited with 1 before listening.*KeyError"):
        with served("uvicorn", {"SERVED_EMULATOR": "http://127.0.0.1:1"}, tmp_path / "uvicorn.log"):
            pass  # pragma: no cover - never reached
    assert time.monotonic() - started < START_TIMEOUT


def asgi_call(app: Any, scope: dict[str, Any], messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    import asyncio

    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return messages.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def test_the_asgi_app_answers_lifespan_and_refuses_websockets() -> None:
    app = SmartApp(target_url="https://x.example/st").asgi
    lifespan = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    assert asgi_call(app, {"type": "lifespan"}, lifespan) == [
        {"type": "lifespan.startup.complete"},
        {"type": "lifespan.shutdown.complete"},
    ]
    assert asgi_call(app, {"type": "websocket"}, [{"type": "websocket.connect"}]) == [
        {"type": "websocket.close", "code": 1008}
    ]
    # A client that disconnects before its body arrived gets no answer (there is nobody to send it to).
    assert asgi_call(app, {"type": "http", "method": "POST", "path": "/st"}, [{"type": "http.disconnect"}]) == []
