"""Context stores (memory, file, Redis) keeping each installed app's configuration beside its token pair, and the
AWS Lambda adapter driven by synthetic API Gateway, function URL and direct-invocation events."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import MemoryTokenStore, RedisTokenStore, SmartThings
from smartthings_client.auth.lifecycle import AppConfig, InstallRequest, UpdateRequest, parse_lifecycle
from smartthings_client.auth.stores import TokenStoreError
from smartthings_client.smartapp import (
    ContextStore,
    FileContextStore,
    InstalledAppContext,
    MemoryContextStore,
    RedisContextStore,
    SmartApp,
)
from smartthings_client.testing import EmulatedApp, Emulator

IID = "5f0e0a43-8b0b-4d3c-9f2e-2d4a8c1e7b10"
CONFIG = {
    "lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": "d1", "componentId": "main"}}],
    "delay": [{"valueType": "STRING", "stringConfig": {"value": "5"}}],
    "modes": [{"valueType": "MODE", "modeConfig": {"modeId": "m1"}}],
}


def context() -> InstalledAppContext:
    request = parse_lifecycle(
        {
            "lifecycle": "EVENT",
            "eventData": {"authToken": "t", "installedApp": {"installedAppId": IID, "config": CONFIG}, "events": []},
        }
    )
    return InstalledAppContext(
        installed_app_id=IID,
        location_id="loc-1",
        config=request.config,
        permissions=("r:devices:*",),
        locale="fr",
        updated_at=datetime(2026, 12, 6, tzinfo=timezone.utc),
    )


@pytest.fixture
def redis_store(redis_url: str) -> Iterator[RedisTokenStore]:
    made = RedisTokenStore.from_url(redis_url)
    yield made
    made.close()


@pytest.fixture(params=["memory", "file", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ContextStore:
    if request.param == "memory":
        return MemoryContextStore()
    if request.param == "file":
        return FileContextStore(tmp_path / "contexts")
    return RedisContextStore.beside(request.getfixturevalue("redis_store"))


def test_a_context_is_saved_read_back_and_deleted(store: ContextStore) -> None:
    assert store.load(IID) is None
    store.save(IID, context())
    loaded = store.load(IID)
    assert loaded == context()
    assert loaded is not None
    assert loaded.config.number("delay") == 5
    assert loaded.config.devices("lights")[0].component_id == "main"
    assert loaded.config.mode_ids("modes") == ("m1",)
    store.save(IID, InstalledAppContext(installed_app_id=IID))  # replaced whole
    replaced = store.load(IID)
    assert replaced is not None
    assert dict(replaced.config) == {}
    store.delete(IID)
    store.delete(IID)  # twice: harmless
    assert store.load(IID) is None
    with pytest.raises(TokenStoreError, match="invalid context store key"):
        store.load("../etc/passwd")


def test_file_contexts_are_private_and_unreadable_ones_say_which_file(tmp_path: Path) -> None:
    store = FileContextStore(tmp_path / "contexts")
    store.save(IID, context())
    path = tmp_path / "contexts" / f"{IID}.context.json"
    assert os.stat(path).st_mode & 0o777 == 0o600  # a PASSWORD setting's answer may be in there
    assert os.stat(tmp_path / "contexts").st_mode & 0o777 == 0o700
    path.write_text("{not json")
    with pytest.raises(TokenStoreError, match=r"is not a stored context"):
        store.load(IID)
    path.write_text(json.dumps({"version": 1, "installed_app_id": IID}))  # no updated_at
    with pytest.raises(TokenStoreError, match="cannot be read"):
        store.load(IID)
    blocked = FileContextStore(path)  # a file where the directory should be
    with pytest.raises(TokenStoreError, match="cannot save"):
        blocked.save(IID, context())
    with pytest.raises(TokenStoreError, match="cannot read"):
        blocked.load(IID)


def test_redis_contexts_fail_typed_when_redis_is_gone(redis_store: RedisTokenStore) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    no_retries = Retry(NoBackoff(), 0)
    gone = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2, retry=no_retries)
    store = RedisContextStore(gone)
    calls: list[Callable[[], object]] = [
        lambda: store.load(IID),
        lambda: store.save(IID, context()),
        lambda: store.delete(IID),
    ]
    for call in calls:
        with pytest.raises(TokenStoreError, match="in Redis"):
            call()
    shared = RedisContextStore.beside(redis_store)
    redis_store.client.set(shared.prefix + IID, b"garbage")
    with pytest.raises(TokenStoreError, match="not a stored context"):
        shared.load(IID)


# --- AWS Lambda ---------------------------------------------------------------------------------------------------


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def registered(emu: Emulator) -> EmulatedApp:
    return emu.create_app("lambda-app")


def lambda_app(emu: Emulator, registered: EmulatedApp, seen: list[str]) -> SmartApp:
    app = SmartApp(
        target_url="https://abc.lambda-url.eu-west-1.on.aws/",
        app_id=registered.app_id,
        client_id=registered.client_id,
        client_secret=registered.client_secret,
        store=MemoryTokenStore(),
        client_options={"transport": emu.transport},
        clock=emu.clock.now,
    )

    @app.on_installed
    def installed(request: InstallRequest | UpdateRequest, st: SmartThings) -> None:
        seen.append(request.installed_app.installed_app_id)

    return app


def signed(
    emu: Emulator, registered: EmulatedApp, app: SmartApp, payload: dict[str, Any]
) -> tuple[bytes, dict[str, str]]:
    hook = emu.webhook(registered, app.wsgi, target_url=app.target_url)
    body = json.dumps(payload).encode()
    return body, hook.key.sign("POST", app.target_url, body, datetime.fromtimestamp(emu.clock.now(), tz=timezone.utc))


Event = Callable[[bytes, dict[str, str]], dict[str, Any]]


def rest_api(body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    return {"httpMethod": "POST", "path": "/", "headers": headers, "body": body.decode(), "isBase64Encoded": False}


def function_url(body: bytes, headers: dict[str, str]) -> dict[str, Any]:
    return {
        "version": "2.0",
        "rawPath": "/",
        "headers": {k.lower(): v for k, v in headers.items()},
        "requestContext": {"http": {"method": "POST", "path": "/"}},
        "body": base64.b64encode(body).decode(),
        "isBase64Encoded": True,
    }


@pytest.mark.parametrize("shape", [rest_api, function_url], ids=["api-gateway-rest", "function-url"])
def test_http_lambda_events_are_verified_and_answered_as_http(
    emu: Emulator, registered: EmulatedApp, shape: Event
) -> None:
    seen: list[str] = []
    app = lambda_app(emu, registered, seen)
    installation = emu.install(registered.app_id)
    body, headers = signed(emu, registered, app, installation.payload)
    answer = app.lambda_handler(shape(body, headers), None)
    assert answer["statusCode"] == 200
    assert json.loads(answer["body"]) == {"installData": {}}
    assert answer["headers"]["Content-Type"] == "application/json"
    assert seen == [installation.installed_app_id]

    forged = shape(body.replace(b"installData", b"installdata"), headers)  # a signature over another body
    assert app.lambda_handler(forged, None)["statusCode"] == 401
    unsigned = shape(body, {"Content-Type": "application/json"})
    assert app.lambda_handler(unsigned, None)["statusCode"] == 401
    assert seen == [installation.installed_app_id]


def test_a_direct_invocation_is_the_lifecycle_itself(emu: Emulator, registered: EmulatedApp) -> None:
    seen: list[str] = []
    app = lambda_app(emu, registered, seen)
    installation = emu.install(registered.app_id)
    # SmartThings invokes a Lambda app through AWS (which authenticates the caller): no HTTP signature.
    assert app.lambda_handler(installation.payload, object()) == {"statusCode": 200, "installData": {}}
    assert seen == [installation.installed_app_id]
    ping = emu.lifecycle_payload("PING", challenge="c-1")
    assert app.lambda_handler(ping) == {"statusCode": 200, "pingData": {"challenge": "c-1"}}
    assert app.lambda_handler({"lifecycle": "INSTALL"})["statusCode"] == 400
    assert app.lambda_handler("not an object")["statusCode"] == 400


def test_a_stored_context_keeps_every_kind_of_entry() -> None:
    raw = {**CONFIG, "scenes": [{"valueType": "SCENE", "sceneConfig": {"sceneId": "s1"}}]}
    entries = parse_lifecycle(
        {"lifecycle": "EVENT", "eventData": {"authToken": "t", "installedApp": {"installedAppId": IID, "config": raw}}}
    ).config
    again = InstalledAppContext.from_json(InstalledAppContext(installed_app_id=IID, config=entries).to_json())
    assert again.config.scene_ids("scenes") == ("s1",)
    assert isinstance(again.config, AppConfig)
    with pytest.raises(ValueError, match="format version 1"):
        InstalledAppContext.from_json(b'{"version": 9}')
