"""What the emulator console reads and calls besides the API, over real HTTP: the page and its assets at ``/``,
``GET /_emulator/console/state``, its event stream, and ``POST /_emulator/webhooks/{appId}/configuration`` (the
CONFIGURATION pages of any webhook app, signed by the emulator)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from smartthings_client.testing import ControlAPI, Emulator, FakeClock, LoopbackServer


def answering_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """A WSGI webhook app: CONFIGURATION gets a one-page flow, every other lifecycle an empty answer."""
    request = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
    lifecycle = request["lifecycle"]
    if lifecycle == "CONFIGURATION" and request["configurationData"]["phase"] == "INITIALIZE":
        answer: dict[str, Any] = {"configurationData": {"initialize": {"name": "A", "firstPageId": "one"}}}
    elif lifecycle == "CONFIGURATION":
        page = {"pageId": request["configurationData"]["pageId"], "complete": True, "sections": []}
        answer = {"configurationData": {"page": page, "seen": request["configurationData"]["config"]}}
    else:
        answer = {f"{lifecycle.lower()}Data": {}}
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(answer).encode()]


@pytest.fixture
def emu() -> Emulator:
    return Emulator(clock=FakeClock())


@pytest.fixture
def api(emu: Emulator) -> ControlAPI:
    return ControlAPI(emu)


@pytest.fixture
def server(api: ControlAPI) -> Iterator[LoopbackServer]:
    with api.serve(port=0) as served:
        yield served


@pytest.fixture
def http(server: LoopbackServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def test_the_console_page_and_its_assets_are_served_at_the_root(http: httpx.Client) -> None:
    page = http.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assets = [a for a in ("/console/console.js", "/console/settings.js", "/console/console.css") if a in page.text]
    assert len(assets) == 3
    for asset in assets:
        answer = http.get(asset)
        assert answer.status_code == 200, asset
        assert answer.headers["content-type"].startswith("text/css" if asset.endswith(".css") else "text/javascript")
        assert answer.content
    # Only GET: anything else at / is the emulator's, which knows no such route; other paths are untouched.
    assert http.post("/").status_code == 404
    assert http.get("/console/nothing.js").status_code == 404
    assert http.get("/v1/devices").status_code == 401


def test_the_console_state_has_the_world_the_webhooks_without_secrets_and_a_journal_without_tokens(
    api: ControlAPI, emu: Emulator, http: httpx.Client
) -> None:
    app = emu.create_app("console-app")
    api.register(emu.webhook(app, answering_app, target_url="https://console-app.example/st"))
    installed = http.post("/_emulator/tokens/smartapp", json={"appId": app.app_id}).json()
    lamp = emu.devices_by_label()["Kitchen Lights"]
    emu.set_attribute(lamp, "switch", "switch", "on")

    state = http.get("/_emulator/console/state").json()
    world = state["world"]
    [home] = world["locations"]
    assert {m["name"] for m in home["modes"]} == {"Home", "Away", "Night"}
    assert home["currentModeId"] == emu.current_mode_id
    [device] = [d for d in world["devices"] if d["deviceId"] == lamp]
    assert device["status"]["main"]["switch"]["switch"]["value"] == "on"
    assert device["roomId"] == emu.rooms["Kitchen"]
    assert {"VIRTUAL_SWITCH", "VIRTUAL_LOCK"} <= set(world["prototypes"])
    assert [a["installedAppId"] for a in world["installedApps"]] == [installed["installedAppId"]]
    assert {s["sceneName"] for s in world["scenes"]} >= {"Good Night"}
    [hook] = state["webhooks"]
    assert (hook["appId"], hook["clientSecret"]) == (app.app_id, None)
    assert [(entry["lifecycle"], entry["status"]) for entry in state["journal"]["lifecycles"]] == [("INSTALL", 200)]
    text = json.dumps(state)
    for secret in (installed["accessToken"], installed["refreshToken"], installed["clientSecret"]):
        assert secret not in text
    assert '"authToken": "(redacted)"' in text


def test_the_event_stream_sends_the_state_at_once_and_again_when_it_changes(
    server: LoopbackServer, emu: Emulator
) -> None:
    lamp = emu.devices_by_label()["Kitchen Lights"]
    emu.set_attribute(lamp, "switch", "switch", "off")

    def value(frame: dict[str, Any]) -> Any:
        [device] = [d for d in frame["world"]["devices"] if d["deviceId"] == lamp]
        return device["status"]["main"]["switch"]["switch"]["value"]

    with httpx.stream("GET", server.url + "/_emulator/console/stream", timeout=10) as stream:
        assert stream.headers["content-type"] == "text/event-stream"
        frames = (json.loads(line[len("data: ") :]) for line in stream.iter_lines() if line.startswith("data: "))
        assert value(next(frames)) == "off"
        emu.set_attribute(lamp, "switch", "switch", "on")
        assert value(next(frames)) == "on"


def test_configuration_pages_are_asked_for_through_the_emulator(
    api: ControlAPI, emu: Emulator, http: httpx.Client
) -> None:
    app = emu.create_app("console-app")
    hook = emu.webhook(app, answering_app, target_url="https://console-app.example/st")
    api.register(hook)
    path = f"/_emulator/webhooks/{app.app_id}/configuration"

    first = http.post(path, json={}).json()
    assert first["lifecycle"] == "CONFIGURATION"
    assert first["delivery"]["body"]["configurationData"]["initialize"]["firstPageId"] == "one"
    config = {"n": [{"valueType": "STRING", "stringConfig": {"value": "1"}}]}
    body = {"phase": "PAGE", "pageId": "one", "installedAppId": first["installedAppId"], "config": config}
    page = http.post(path, json=body).json()
    assert page["installedAppId"] == first["installedAppId"]
    assert page["delivery"]["body"]["configurationData"]["seen"] == config
    # Signed as SmartThings signs every lifecycle but PING.
    assert [d.lifecycle for d in hook.deliveries] == ["CONFIGURATION", "CONFIGURATION"]
    assert page["payload"]["configurationData"]["pageId"] == "one"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"phase": "PAGE"}, 400, "phase PAGE needs pageId"),
        ({"phase": "DONE"}, 400, "phase must be INITIALIZE or PAGE"),
        ({"config": "lights"}, 400, "config"),
        ({"colour": "red"}, 400, "colour"),
    ],
)
def test_a_wrong_configuration_call_is_a_400_saying_why(
    api: ControlAPI, emu: Emulator, http: httpx.Client, body: dict[str, Any], status: int, says: str
) -> None:
    app = emu.create_app("console-app")
    api.register(emu.webhook(app, answering_app, target_url="https://console-app.example/st"))
    answer = http.post(f"/_emulator/webhooks/{app.app_id}/configuration", json=body)
    assert answer.status_code == status
    assert says in answer.json()["error"]["message"]


def test_configuration_of_an_unknown_or_unreachable_app(emu: Emulator, http: httpx.Client) -> None:
    unknown = http.post("/_emulator/webhooks/no-such-app/configuration", json={})
    assert (unknown.status_code, unknown.json()["error"]["code"]) == (404, "not_found")
    registered = http.post("/_emulator/webhooks", json={"targetUrl": "http://127.0.0.1:1/st"}).json()
    gone = http.post(f"/_emulator/webhooks/{registered['appId']}/configuration", json={})
    assert (gone.status_code, gone.json()["error"]["code"]) == (502, "webhook_unreachable")


def test_emulator_control_asks_for_pages_and_reads_the_console_state(
    api: ControlAPI, emu: Emulator, server: LoopbackServer
) -> None:
    from smartthings_client.testing import EmulatorControl

    app = emu.create_app("console-app")
    api.register(emu.webhook(app, answering_app, target_url="https://console-app.example/st"))
    with EmulatorControl(server.url) as control:
        first = control.configuration(app.app_id)
        assert first["delivery"] is not None
        page = control.configuration(app.app_id, "PAGE", page_id="one", installed_app_id=first["installedAppId"])
        assert page["delivery"] is not None
        assert page["delivery"]["body"]["configurationData"]["page"]["pageId"] == "one"
        assert [w["appId"] for w in control.console_state()["webhooks"]] == [app.app_id]


def test_in_process_the_stream_is_refused_and_the_state_is_read_instead(api: ControlAPI) -> None:
    with httpx.Client(transport=api.transport, base_url="http://emulator.local") as client:
        refused = client.get("/_emulator/console/stream")
        assert refused.status_code == 400
        assert "needs a served emulator" in refused.json()["error"]["message"]
        assert client.get("/_emulator/console/state").json()["world"]["locations"][0]["name"] == "Home"
        assert client.get("/").text.startswith("<!doctype html>")
