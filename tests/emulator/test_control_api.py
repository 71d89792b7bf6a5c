"""The control API of a served emulator (``/_emulator/...``), called over real HTTP on loopback: what a test suite in
another language sees with curl, and what ``EmulatorControl`` gives Python suites in another process."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest

from smartthings_client import SmartThings
from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import (
    APIConnectionError,
    AuthenticationError,
    RateLimitError,
    ScopeError,
    ServerError,
)
from smartthings_client.testing import (
    DEFAULT_START,
    ControlAPI,
    ControlAPIError,
    Emulator,
    EmulatorControl,
    FakeClock,
    LoopbackServer,
)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(clock=FakeClock(DEFAULT_START))


@pytest.fixture
def server(emu: Emulator) -> Iterator[LoopbackServer]:
    with ControlAPI(emu).serve(port=0) as served:
        yield served


@pytest.fixture
def control(server: LoopbackServer) -> Iterator[EmulatorControl]:
    with EmulatorControl(server.url) as made:
        yield made


@pytest.fixture
def http(server: LoopbackServer) -> Iterator[httpx.Client]:
    """A plain HTTP client on the control URL, as curl would call it."""
    with httpx.Client(base_url=f"{server.url}/_emulator", timeout=10) as client:
        yield client


def _client(server: LoopbackServer, token: str, **options: Any) -> SmartThings:
    return SmartThings(token, base_url=server.base_url, **options)


# --- the API beside it, the index and errors --------------------------------------------------------------------


def test_the_index_lists_every_endpoint_and_the_api_is_served_beside_it(
    http: httpx.Client, server: LoopbackServer, emu: Emulator
) -> None:
    answer = http.get("")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    index = answer.json()
    assert index["apiBaseUrl"] == server.base_url
    assert {"POST /_emulator/faults", "PUT /_emulator/rate-limits", "POST /_emulator/tokens/sse"} <= set(
        index["endpoints"]
    )
    with _client(server, emu.issue_pat()) as st:
        assert [loc.name for loc in st.locations.list()] == ["Home"]
    assert all(not r.path.startswith("/_emulator") for r in emu.requests)  # control calls are not API traffic


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code", "words"),
    [
        ("GET", "/nothing-here", None, 404, "no_such_endpoint", "GET /_emulator lists them"),
        ("DELETE", "/clock", None, 405, "method_not_allowed", "takes GET, PUT"),
        ("POST", "/faults", {"kind": "meteor"}, 400, "invalid_argument", "unknown fault kind 'meteor'"),
        ("POST", "/faults", {"kind": "drop", "cuont": 2}, 400, "invalid_argument", "unknown field(s) cuont"),
        ("POST", "/faults", {"kind": "drop", "count": "2"}, 400, "invalid_argument", "count must be an integer"),
        ("POST", "/faults", {"kind": "drop", "pathRegex": "("}, 400, "invalid_argument", "not a regular expression"),
        ("POST", "/clock/advance", {"seconds": -5}, 400, "invalid_argument", "only moves forward"),
        ("PUT", "/clock", {"iso": "yesterday"}, 400, "invalid_argument", "neither epoch seconds nor an ISO 8601"),
        ("PUT", "/rate-limits", {"per": "planet"}, 400, "invalid_argument", "per must be token or device"),
        ("PUT", "/rate-limits", {"limit": 0}, 400, "invalid_argument", "limit must be >= 1"),
        ("GET", "/devices/no-such-device/attributes/switch/switch", None, 404, "not_found", "no-such-device"),
        ("POST", "/installedapps/nope/update", None, 404, "not_found", "nope"),
        ("POST", "/webhooks", {"targetUrl": "ftp://x"}, 400, "invalid_argument", "absolute http(s) URL"),
        ("POST", "/webhooks/unknown-app/ping", None, 404, "not_found", "no webhook registered"),
        ("POST", "/tokens/smartapp", {"appId": "no-such-app"}, 404, "not_found", "no-such-app"),
    ],
)
def test_a_refused_control_call_is_a_json_error_with_a_fitting_status(
    http: httpx.Client, method: str, path: str, body: Any, status: int, code: str, words: str
) -> None:
    answer = http.request(method, path, json=body)
    assert answer.status_code == status, answer.text
    error = answer.json()["error"]
    assert error["code"] == code
    assert words in error["message"]


def test_a_failure_inside_the_emulator_is_a_json_500(
    http: httpx.Client, emu: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(device_id: str) -> dict[str, Any]:
        raise RuntimeError("the device store is on fire")

    monkeypatch.setattr(emu, "device", broken)
    answer = http.get("/devices")
    assert answer.status_code == 500
    assert answer.json()["error"] == {
        "code": "internal_error",
        "message": "the emulator failed: RuntimeError: the device store is on fire",
    }


def test_a_body_that_is_not_a_json_object_is_a_400(http: httpx.Client) -> None:
    broken = http.post("/faults", content=b"{kind:", headers={"content-type": "application/json"})
    assert (broken.status_code, broken.json()["error"]["code"]) == (400, "invalid_argument")
    listed = http.post("/faults", json=["server_error"])
    assert "must be a JSON object" in listed.json()["error"]["message"]


def test_the_python_client_raises_the_control_apis_error(control: EmulatorControl) -> None:
    with pytest.raises(ControlAPIError) as caught:
        control.add_fault("meteor")
    assert (caught.value.status, caught.value.code) == (400, "invalid_argument")
    assert "unknown fault kind" in str(caught.value)


def test_the_python_client_on_a_closed_port_or_another_server_says_so() -> None:
    emu = Emulator(seed=False)
    with emu.serve(port=0) as plain:  # an emulator served without its control API
        with EmulatorControl(plain.url) as control, pytest.raises(ControlAPIError) as caught:
            control.clock()
        assert caught.value.status == 404
        assert caught.value.code == "not_a_control_api"
        port = plain.port
    with EmulatorControl(f"http://127.0.0.1:{port}", timeout=2) as control, pytest.raises(ControlAPIError) as gone:
        control.clock()
    assert (gone.value.status, gone.value.code) == (0, "unreachable")


# --- faults ------------------------------------------------------------------------------------------------------


def test_faults_are_added_listed_fired_and_cleared(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    added = control.add_fault("server_error", 1, path="/locations", status=502)
    assert added["kind"] == "server_error"
    assert added["remaining"] == 1
    control.add_fault("drop", 3, method="GET", path_regex=r"^/devices$", error="connect")
    assert [(f["kind"], f["pathRegex"]) for f in control.faults()] == [("server_error", None), ("drop", "^/devices$")]
    with _client(server, emu.issue_pat(), max_retries=0) as st:
        with pytest.raises(ServerError) as failed:
            st.locations.list().to_list()
        assert failed.value.status_code == 502
        assert [loc.name for loc in st.locations.list()] == ["Home"]  # one hit only
        with pytest.raises(APIConnectionError):
            st.devices.list().to_list()
    assert [f["remaining"] for f in control.faults()] == [2]
    assert control.clear_faults() == 1
    assert control.faults() == []


# --- rate limits -------------------------------------------------------------------------------------------------


def test_rate_limits_are_turned_on_read_and_off(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    assert control.rate_limits()["enabled"] is False
    enabled = control.enable_rate_limits(limit=2, window=30, paths=["/locations"])
    assert enabled == {
        "enabled": True, "documented": False, "limit": 2, "window": 30.0, "per": "token", "paths": ["/locations"]
    }
    with _client(server, emu.issue_pat(), max_retries=0) as st:
        st.locations.list().to_list()
        st.locations.list().to_list()
        with pytest.raises(RateLimitError) as limited:
            st.locations.list().to_list()
        assert limited.value.retry_after == 30
        st.devices.list().to_list()  # not a counted path
        assert control.disable_rate_limits()["enabled"] is False
        st.locations.list().to_list()


def test_the_documented_limits_are_switched_on_over_http(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    assert control.enable_documented_rate_limits()["documented"] is True
    location = emu.location_id
    with _client(server, emu.issue_pat(), max_retries=0) as st:
        # Location updates: 20 an hour, as SmartThings documents (ratelimits.DOCUMENTED_LIMITS).
        for _ in range(20):
            st.locations.update(location, name="Home")
        with pytest.raises(RateLimitError) as limited:
            st.locations.update(location, name="Home")
        assert limited.value.retry_after is not None
        assert control.rate_limits()["documented"] is True
        assert control.disable_rate_limits() == {**control.rate_limits(), "enabled": False, "documented": False}
        st.locations.update(location, name="Home")


def test_per_device_limits_count_each_device_apart(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    assert control.enable_rate_limits(limit=1, window=60, per="device")["per"] == "device"
    first, second = emu.devices[:2]
    with _client(server, emu.issue_pat(), max_retries=0) as st:
        st.devices.get(first)
        st.devices.get(second)
        with pytest.raises(RateLimitError):
            st.devices.get(first)
        assert st.locations.list().to_list()  # not a device path


# --- the clock ---------------------------------------------------------------------------------------------------


def test_the_clock_is_read_advanced_and_set(control: EmulatorControl, server: LoopbackServer, emu: Emulator) -> None:
    assert control.clock() == {"now": DEFAULT_START, "iso": "2025-03-01T12:00:00.000Z", "ticking": False}
    pat = control.issue_pat(lifetime=60)["token"]
    with _client(server, pat) as st:
        assert st.locations.list().to_list()
        assert control.advance(61)["iso"] == "2025-03-01T12:01:01.000Z"
        with pytest.raises(AuthenticationError, match="expired"):
            st.locations.list().to_list()
    assert control.set_time("2030-01-01T00:00:00Z")["now"] == 1893456000.0
    assert control.set_time(DEFAULT_START)["iso"] == "2025-03-01T12:00:00.000Z"
    assert emu.clock.now() == DEFAULT_START


# --- tokens ------------------------------------------------------------------------------------------------------


def test_a_pat_with_chosen_scopes_and_value(control: EmulatorControl, server: LoopbackServer) -> None:
    issued = control.issue_pat(["r:locations:*"], token="scripted-token")
    assert issued["token"] == "scripted-token"
    assert issued["scopes"] == ["r:locations:*"]
    assert issued["expiresAt"] == DEFAULT_START + 24 * 3600
    with _client(server, "scripted-token") as st:
        assert [loc.name for loc in st.locations.list()] == ["Home"]
        with pytest.raises(ScopeError):
            st.devices.list().to_list()
    with pytest.raises(ControlAPIError) as taken:
        control.issue_pat(token="scripted-token")
    assert (taken.value.status, taken.value.code) == (409, "conflict")


def test_a_smartapp_install_gives_a_token_pair_that_refreshes_on_the_emulator(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    install = control.install_app(permissions=["r:devices:*", "r:locations:*"])
    assert install["scopes"] == ["r:devices:*", "r:locations:*"]
    assert install["tokenUrl"] == f"{server.base_url}/oauth/token"
    assert install["delivery"] is None  # no webhook registered for the new app
    assert emu.installed_app(install["installedAppId"])["installedAppStatus"] == "AUTHORIZED"
    # The pair works and refreshes at tokenUrl with the app's OAuth client.
    refreshed = httpx.post(
        install["tokenUrl"],
        data={"grant_type": "refresh_token", "refresh_token": install["refreshToken"]},
        auth=(install["clientId"], install["clientSecret"]),
    )
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["installed_app_id"] == install["installedAppId"]
    again = control.install_app(install["appId"], location_id=emu.location_id)
    assert again["appId"] == install["appId"]


def test_an_sse_token_creates_an_event_sink_where_a_pat_gets_403(
    control: EmulatorControl, server: LoopbackServer
) -> None:
    sse = control.sse_token()
    assert "sse" in sse["scopes"]
    assert sse["refreshToken"]
    with SmartThings(
        SmartAppToken(sse["accessToken"], installed_app_id=sse["installedAppId"], scopes=sse["scopes"]),
        base_url=server.base_url,
    ) as st:
        sink = st.events.create_sink([sse["locationId"]])
        assert sink.id
    assert control.requests()[-1]["tokenKind"] in ("smartapp", "oauth")
    with _client(server, control.issue_pat()["token"]) as st, pytest.raises(ScopeError):
        st.events.create_sink([sse["locationId"]])


# --- webhooks and lifecycles ---------------------------------------------------------------------------------------


class _Recorder(BaseHTTPRequestHandler):
    """A SmartApp stand-in: records every lifecycle POST and answers 200 (or what ``answer`` says)."""

    received: list[tuple[dict[str, str], dict[str, Any]]]
    answer_status = 200

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        self.received.append((dict(self.headers), body))
        data = json.dumps({"ok": body["lifecycle"]}).encode()
        self.send_response(self.answer_status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def smartapp() -> Iterator[tuple[str, list[tuple[dict[str, str], dict[str, Any]]]]]:
    received: list[tuple[dict[str, str], dict[str, Any]]] = []
    handler = type("Recorder", (_Recorder,), {"received": received})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/smartapp", received
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_a_registered_webhook_receives_signed_install_update_event_and_uninstall(
    control: EmulatorControl,
    emu: Emulator,
    smartapp: tuple[str, list[tuple[dict[str, str], dict[str, Any]]]],
) -> None:
    url, received = smartapp
    hook = control.register_webhook(url, app_name="scripted-app", permissions=["r:devices:*", "r:locations:*"])
    assert hook["targetUrl"] == url
    assert hook["signatureType"] == "ST_PADLOCK"
    assert control.webhooks() == [hook]
    assert control.ping(hook["appId"])["delivery"] == {"lifecycle": "PING", "status": 200, "body": {"ok": "PING"}}

    install = control.install_app(hook["appId"])
    assert install["delivery"] == {"lifecycle": "INSTALL", "status": 200, "body": {"ok": "INSTALL"}}
    headers, body = received[-1]
    assert body["installData"]["authToken"] == install["accessToken"]
    assert headers["Authorization"].startswith('Signature keyId="/pl/useast1/')
    assert headers["Digest"].startswith("SHA256=")

    update = control.update(install["installedAppId"], config={"switches": []})
    assert update["delivery"] == {"lifecycle": "UPDATE", "status": 200, "body": {"ok": "UPDATE"}}
    assert received[-1][1]["updateData"]["refreshToken"] == update["refreshToken"] != install["refreshToken"]

    light = control.device_id("Bathroom spot")
    emu.install(emu.create_app("other"))  # an unrelated install: its events never reach this webhook
    event = control.event(install["installedAppId"], [{"eventType": "TIMER_EVENT", "timerEvent": {"name": "t"}}])
    assert (event["events"], event["delivery"]) == (1, {"lifecycle": "EVENT", "status": 200, "body": {"ok": "EVENT"}})
    assert event["payload"] is not None
    assert event["payload"]["eventData"]["authToken"]
    nothing = control.event(install["installedAppId"])  # nothing queued: nothing is sent
    assert (nothing["events"], nothing["delivery"]) == (0, None)
    assert control.attribute(light, "switch", "switch") in ("on", "off")

    gone = control.uninstall(install["installedAppId"])
    assert gone["delivery"] == {"lifecycle": "UNINSTALL", "status": 200, "body": {"ok": "UNINSTALL"}}
    assert [b["lifecycle"] for _, b in received] == ["PING", "INSTALL", "UPDATE", "EVENT", "UNINSTALL"]
    with pytest.raises(ControlAPIError) as uninstalled:
        control.update(install["installedAppId"])
    assert uninstalled.value.status == 404


def test_a_webhook_for_an_existing_app_and_with_app_rsa(control: EmulatorControl, emu: Emulator) -> None:
    app = emu.create_app("existing")
    hook = control.register_webhook("http://127.0.0.1:9/hook", app_id=app.app_id, signature_type="APP_RSA")
    assert hook["appId"] == app.app_id
    assert str(hook["publicKey"]).startswith("-----BEGIN PUBLIC KEY-----")
    with pytest.raises(ControlAPIError) as taken:
        control.register_webhook("http://127.0.0.1:9/hook", app_name="existing")
    assert (taken.value.status, taken.value.code) == (409, "conflict")


def test_an_unreachable_webhook_is_a_502_and_the_install_still_happened(
    control: EmulatorControl, emu: Emulator
) -> None:
    with socket_closed_port() as port:
        hook = control.register_webhook(f"http://127.0.0.1:{port}/gone")
    with pytest.raises(ControlAPIError) as caught:
        control.install_app(hook["appId"])
    assert (caught.value.status, caught.value.code) == (502, "webhook_unreachable")
    assert "ConnectError" in caught.value.message
    assert len(emu.installed_app_ids(hook["appId"])) == 1


def socket_closed_port() -> Any:
    import contextlib
    import socket

    @contextlib.contextmanager
    def closed() -> Iterator[int]:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = int(probe.getsockname()[1])
        yield port

    return closed()


# --- devices, streams, the journal, reset --------------------------------------------------------------------------


def test_device_attributes_and_health_are_set_and_read(
    control: EmulatorControl, server: LoopbackServer, emu: Emulator
) -> None:
    light = control.device_id("Bathroom spot")
    assert "switchLevel" in next(d for d in control.devices() if d["deviceId"] == light)["capabilities"]
    changed = control.set_attribute(light, "switchLevel", "level", 42, unit="%")
    assert changed["value"] == 42
    assert control.attribute(light, "switchLevel", "level") == 42
    assert emu.attribute(light, "switchLevel", "level") == 42
    with _client(server, emu.issue_pat()) as st:
        status = st.devices.status(light)
    assert "42" in repr(status)
    assert control.attribute(light, "switch", "nonsense") is None
    control.set_health(light, "OFFLINE")
    with _client(server, emu.issue_pat()) as st:
        assert st.devices.health(light).state == "OFFLINE"
    with pytest.raises(ControlAPIError):
        control.set_health(light, "ASLEEP")  # type: ignore[arg-type]
    with pytest.raises(LookupError):
        control.device_id("No such lamp")


def test_event_streams_are_ended_or_dropped(control: EmulatorControl, server: LoopbackServer) -> None:
    assert control.end_event_streams() == 0
    sse = control.sse_token()
    credential = SmartAppToken(sse["accessToken"], installed_app_id=sse["installedAppId"], scopes=sse["scopes"])
    with SmartThings(credential, base_url=server.base_url) as st:
        st.events.create_sink([sse["locationId"]])
    assert control.end_event_streams() == 1
    assert control.drop_event_streams() == 1


def test_the_journal_is_read_and_cleared(control: EmulatorControl, server: LoopbackServer, emu: Emulator) -> None:
    with _client(server, emu.issue_pat()) as st:
        st.locations.list().to_list()
    (entry,) = control.requests()
    assert (entry["method"], entry["path"], entry["status"], entry["tokenKind"]) == ("GET", "/locations", 200, "pat")
    assert control.clear_requests() == 1
    assert control.requests() == []


def test_reset_starts_over_and_keeps_the_fixed_token(server: LoopbackServer, emu: Emulator) -> None:
    api = ControlAPI(emu)
    with api.serve(port=0) as served, EmulatorControl(served.url) as control:
        assert api.issue_fixed_pat("fixed-token", ["r:locations:*"]) == "fixed-token"
        other = control.issue_pat()["token"]
        control.add_fault("server_error", 5)
        control.enable_rate_limits()
        control.register_webhook("http://127.0.0.1:9/hook")
        assert control.reset(seed=False) == {"seeded": False, "token": "fixed-token"}
        assert (control.faults(), control.rate_limits()["enabled"], control.webhooks()) == ([], False, [])
        assert control.devices() == []
        with _client(served, "fixed-token") as st:
            assert st.locations.list().to_list() == []
        with _client(served, other) as st, pytest.raises(AuthenticationError):
            st.locations.list().to_list()
        with pytest.raises(ControlAPIError) as empty:
            control.sse_token()
        assert empty.value.status == 404
        assert control.reset() == {"seeded": True, "token": "fixed-token"}
        assert control.device_id("Bathroom spot")


def test_the_control_api_in_process_through_its_transport(emu: Emulator) -> None:
    api = ControlAPI(emu)
    with EmulatorControl("http://emulator.test", transport=api.transport) as control:
        assert control.api_base_url == "http://emulator.test/v1"
        control.add_fault("server_error", path="/locations")
        assert control.faults()[0]["path"] == "/locations"
    with httpx.Client(transport=api.transport) as http:
        assert http.get("https://api.smartthings.com/v1/locations").status_code == 503  # the fault, then the API


def test_silent_streams_and_the_sink_limit_are_switched_over_http(control: EmulatorControl, emu: Emulator) -> None:
    assert control.event_streams() == {"silent": emu.event_streams_silent, "sinkLimit": emu.sink_limit}
    assert control.silence_event_streams()["silent"] is True
    assert emu.event_streams_silent is True
    assert control.silence_event_streams(False)["silent"] is False
    assert control.set_sink_limit(1)["sinkLimit"] == 1
    assert emu.sink_limit == 1
    assert control.set_sink_limit(None)["sinkLimit"] is None
    with pytest.raises(ControlAPIError) as refused:
        control.set_sink_limit(-1)
    assert (refused.value.status, refused.value.code) == (400, "invalid_argument")
