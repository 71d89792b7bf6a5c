"""The README's webhook SmartApp end to end: the emulator POSTs signed lifecycles, tokens live in a real Redis."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest

from smartthings_client import RedisTokenStore
from smartthings_client.smartapp import SmartApp
from smartthings_client.testing import EmulatedApp, Emulator, LoopbackServer, Webhook

from .. import readme_webhook
from ..children import SPAWN, Children
from ..readme_blocks import assert_readme_shows
from . import _workers

TOKEN_PATH = "/oauth/token"


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def registered(emu: Emulator, monkeypatch: pytest.MonkeyPatch) -> EmulatedApp:
    app = emu.create_app("lights-together")
    monkeypatch.setattr(readme_webhook, "CLIENT_ID", app.client_id)
    monkeypatch.setattr(readme_webhook, "CLIENT_SECRET", app.client_secret)
    monkeypatch.setattr(readme_webhook, "APP_ID", app.app_id)
    return app


@pytest.fixture
def store(redis_url: str) -> Iterator[RedisTokenStore]:
    made = RedisTokenStore.from_url(redis_url)
    yield made
    made.close()


@pytest.fixture
def server(emu: Emulator) -> Iterator[LoopbackServer]:
    with emu.serve(port=0) as running:
        yield running


def lights_config(emu: Emulator, count: int = 2) -> tuple[list[str], dict[str, Any]]:
    lights = emu.find_devices("switch")[:count]
    entries = [{"valueType": "DEVICE", "deviceConfig": {"deviceId": d, "componentId": "main"}} for d in lights]
    return lights, {"lights": entries}


def connect(
    emu: Emulator, registered: EmulatedApp, store: RedisTokenStore, kind: str = "wsgi", **options: Any
) -> tuple[SmartApp, Webhook]:
    app = readme_webhook.make_app(
        store, client_options={"transport": emu.transport}, clock=emu.clock.now, confirm_registrations=True, **options
    )
    target = app.wsgi if kind == "wsgi" else app.asgi
    return app, emu.webhook(registered, target, target_url=app.target_url)


@pytest.mark.parametrize("kind", ["wsgi", "asgi"])
def test_the_readme_app_end_to_end(emu: Emulator, registered: EmulatedApp, store: RedisTokenStore, kind: str) -> None:
    app, hook = connect(emu, registered, store, kind)
    assert hook.ping().body == {"pingData": {"challenge": hook.deliveries[0].request["pingData"]["challenge"]}}

    confirmed = hook.confirm()
    assert (confirmed.status, confirmed.body) == (200, {"targetUrl": app.target_url})
    assert emu.is_confirmed(registered.app_id)

    initialize = hook.configuration("INITIALIZE").body["configurationData"]["initialize"]
    assert initialize["firstPageId"] == "main"
    assert initialize["permissions"] == ["r:devices:*", "x:devices:*"]
    page = hook.configuration("PAGE", page_id="main").body["configurationData"]["page"]
    assert page["complete"] is True
    assert page["sections"][0]["settings"][0]["id"] == "lights"

    lights, config = lights_config(emu)
    installation, installed = hook.install(config=config)
    assert (installed.status, installed.body) == (200, {"installData": {}})
    key = installation.installed_app_id
    stored = store.load(key)
    assert stored is not None
    assert stored.refresh_token == installation.refresh_token
    assert store.client.llen(readme_webhook.JOBS) == 30
    assert sorted(s["device"]["deviceId"] for s in emu.subscriptions(key)) == sorted(lights)

    # A light turns on in the house: SmartThings sends the EVENT, the handler turns the other one on.
    for light in lights:
        emu.set_attribute(light, "switch", "switch", "off")
    hook.deliver_events()  # (whatever those changes queued)
    emu.set_attribute(lights[0], "switch", "switch", "on")
    delivered = hook.deliver_events()
    assert [(d.lifecycle, d.status, d.body) for d in delivered] == [("EVENT", 200, {"eventData": {}})]
    assert emu.attribute(lights[1], "switch", "switch") == "on"

    updated = hook.update(key)
    assert (updated.status, updated.body) == (200, {"updateData": {}})
    stored = store.load(key)
    assert stored is not None
    assert stored.refresh_token == updated.request["updateData"]["refreshToken"]
    # Delivered twice (SmartThings documents no retry policy, so expect duplicates): still one stored pair.
    emu.clock.advance(1)  # a redelivery is signed anew, later
    assert hook.post(updated.request).status == 200

    assert hook.uninstall(key).body == {"uninstallData": {}}
    assert store.load(key) is None
    emu.clock.advance(1)
    assert hook.post(hook.deliveries[-1].request).status == 200  # a repeated UNINSTALL is harmless


def test_forged_unsigned_replayed_and_tampered_requests_get_401_and_run_nothing(
    emu: Emulator, registered: EmulatedApp, store: RedisTokenStore, caplog: pytest.LogCaptureFixture
) -> None:
    _, hook = connect(emu, registered, store)
    installation = emu.install(registered.app_id, config=lights_config(emu)[1])
    payload = installation.payload
    with caplog.at_level(logging.WARNING, "smartthings_client"):
        assert hook.post(payload, signed=False).status == 401
        tampered = {**payload, "installData": {**payload["installData"], "authToken": "attacker-token"}}
        signed = hook.key.sign("POST", hook.target_url, b"{}", emu_now(emu))
        assert hook.post(tampered, headers=signed).status == 401  # a signature made for another body
        assert hook.post(payload, headers={"Date": "Mon, 02 Nov 2026 10:15:30 UTC"}).status == 401
    assert store.load(installation.installed_app_id) is None
    assert not emu.subscriptions(installation.installed_app_id)
    assert "attacker-token" not in caplog.text
    assert hook.post(payload).status == 200  # the genuine request
    assert store.load(installation.installed_app_id) is not None


def emu_now(emu: Emulator) -> datetime:
    return datetime.fromtimestamp(emu.clock.now(), tz=timezone.utc)


def test_a_replayed_signed_request_is_refused(emu: Emulator, registered: EmulatedApp, store: RedisTokenStore) -> None:
    app, hook = connect(emu, registered, store)
    payload = emu.lifecycle_payload("CONFIGURATION", app_id=registered.app_id)
    raw = json.dumps(payload, separators=(",", ":")).encode()
    headers = hook.key.sign("POST", hook.target_url, raw, emu_now(emu))
    assert app.handle("POST", "/smartthings", headers, raw).status == 200
    assert app.handle("POST", "/smartthings", headers, raw).status == 401
    assert app.handle("GET", "/smartthings", headers, raw).status == 405


def test_app_rsa_signatures_over_real_http(
    emu: Emulator, registered: EmulatedApp, store: RedisTokenStore, server: LoopbackServer
) -> None:
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    # APP_RSA: the app is given its public key when created; the emulator signs with the private half.
    probe = emu.webhook(registered, "http://127.0.0.1:1/", signature_type="APP_RSA")
    app = readme_webhook.make_app(
        store, client_options={"transport": emu.transport}, clock=emu.clock.now, app_rsa_public_key=probe.public_key_pem
    )
    httpd = make_server("127.0.0.1", 0, app.wsgi, handler_class=Quiet)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{httpd.server_port}/smartthings?code=s3cret"  # the query is not signed
        hook = emu.webhook(registered, url, signature_type="APP_RSA")
        installation, installed = hook.install(config=lights_config(emu)[1])
        assert installed.status == 200
        assert store.load(installation.installed_app_id) is not None
        padlock = emu.webhook(registered, url)  # switched to ST_PADLOCK: its keys come from the key server
        assert padlock.configuration().status == 200
        assert padlock.post(installation.payload, headers={"Digest": "SHA256=AAAA"}).status == 401
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_configuration_permissions_are_checked_against_the_whitelist(store: RedisTokenStore) -> None:
    with pytest.raises(ValueError, match="install fail"):
        SmartApp(target_url="https://x.example/st", permissions=["r:devices:*", "i:deviceprofiles:*"],
                 whitelist=["r:devices:*", "i:deviceprofiles"])  # fmt: skip
    with pytest.raises(ValueError, match="target_url"):
        SmartApp(target_url="/relative")


def test_a_failing_handler_is_a_500_without_details(
    emu: Emulator, registered: EmulatedApp, store: RedisTokenStore
) -> None:
    app, hook = connect(emu, registered, store)

    @app.on_install
    def explode(request: Any, st: Any) -> None:
        raise RuntimeError("secret internals")

    installation, installed = hook.install(config=lights_config(emu)[1])
    assert installed.status == 500
    assert "secret" not in str(installed.body)
    # The pair was stored before the handler ran: nothing is lost.
    assert store.load(installation.installed_app_id) is not None


def test_the_pytest_fixture_is_one_line(smartthings_webhook: Any, smartthings_emulator: Emulator) -> None:
    app = SmartApp(target_url="https://x.example/st", client_options={"transport": smartthings_emulator.transport},
                   clock=smartthings_emulator.clock.now)  # fmt: skip
    hook = smartthings_webhook(app.asgi, target_url=app.target_url)
    initialize = hook.configuration().body["configurationData"]["initialize"]
    assert initialize["firstPageId"] == "main"
    assert hook.configuration("PAGE", page_id="main").body["configurationData"]["page"]["complete"] is True


def test_jobs_outlive_the_token_one_refresh_for_all(
    emu: Emulator, registered: EmulatedApp, store: RedisTokenStore, server: LoopbackServer, redis_url: str
) -> None:
    _, hook = connect(emu, registered, store, token_url=server.url + TOKEN_PATH)
    installation, installed = hook.install(config=lights_config(emu)[1])
    assert installed.status == 200
    assert store.client.llen(readme_webhook.JOBS) == 30
    emu.clock.advance(25 * 3600)  # the jobs reach the front of the queue after the 24-hour token died
    emu.clear_requests()
    workers = 3
    go = SPAWN.Event()
    with Children(_workers.work, (redis_url, server.base_url, go), workers) as running:
        running.release(go, timeout=120)
        done = running.collect(workers, timeout=120, what="the job counts")
        assert running.join(30) == [0] * workers
    assert sum(done) == 30
    assert [r.status for r in emu.requests if r.path == TOKEN_PATH] == [200]
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert stored.refresh_token != installation.refresh_token
    api = [r.status for r in emu.requests if r.path != TOKEN_PATH]
    assert api.count(200) == 30


def test_readme_shows_exactly_this_app() -> None:
    assert_readme_shows("## A webhook SmartApp", "readme_webhook.py")
