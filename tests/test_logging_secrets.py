"""Logging that helps (one line per request, one per retry decision) and never shows the token.

The token must not appear in any log record (ours, httpx's or httpcore's, all at DEBUG), in ``str()``/``repr()``
or the traceback of any error, or in the ``repr`` of a client or credential.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import httpx
import pytest

from smartthings_client import (
    Command,
    PersonalAccessToken,
    SmartAppToken,
    SmartThings,
    SmartThingsError,
)

from .fixtures import (
    API,
    DEVICE_ID,
    INSTALLED_APP_ID,
    LOCATION_ID,
    PROFILE_ID,
    TOKEN,
    FakeServer,
    Harness,
    pysmartthings,
)

OURS = "smartthings_client"
PATH = f"/v1/devices/{DEVICE_ID}"
SWITCH_ON = Command(capability="switch", command="on")


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, ours and httpx's and httpcore's included."""
    caplog.set_level(logging.DEBUG)
    for name in (OURS, "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def our_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == OURS]


def assert_token_absent_from_logs(caplog: pytest.LogCaptureFixture) -> None:
    assert caplog.records, "nothing was logged, so the check proves nothing"
    for record in caplog.records:
        assert TOKEN not in record.getMessage(), record.name
        assert TOKEN not in repr(record.args), record.name
        if record.exc_info and record.exc_info[1] is not None:
            assert TOKEN not in "".join(traceback.format_exception(record.exc_info[1]))


def assert_token_absent_from_error(error: BaseException) -> None:
    assert TOKEN not in str(error)
    assert TOKEN not in repr(error)
    assert TOKEN not in "".join(traceback.format_exception(error))
    for value in vars(error).values():
        assert TOKEN not in repr(value)


# --- what is logged ------------------------------------------------------------------------------------------


def test_one_line_per_request(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    (line,) = our_lines(debug_logs)
    assert line.startswith(f"GET {PATH} -> 200 in ")
    assert "(attempt 1, devices.get)" in line


def test_an_error_response_is_logged_with_its_status(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(404, content=b"")
    with pytest.raises(SmartThingsError):
        harness.run(lambda st: st.devices.delete(DEVICE_ID))
    (line,) = our_lines(debug_logs)
    assert line.startswith(f"DELETE {PATH} -> 404 in ")
    assert "attempt 1" in line


def test_a_retry_logs_its_decision(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID), retry=harness.retry(jitter=0))
    lines = our_lines(debug_logs)
    assert len(lines) == 3
    assert lines[0].startswith(f"GET {PATH} -> 503 in ")
    assert "attempt 1" in lines[0]
    assert lines[1] == "devices.get: retrying after 503 ServerError in 0.50 s (attempt 2 of 3)"
    assert lines[2].startswith(f"GET {PATH} -> 200 in ")
    assert "attempt 2" in lines[2]


def test_a_request_without_an_answer_is_logged(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.fail(httpx.ReadTimeout)
    with pytest.raises(SmartThingsError):
        harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON))
    assert our_lines(debug_logs) == [
        f"POST {PATH}/commands -> ReadTimeout (attempt 1, devices.execute)",
        "devices.execute: not retrying APITimeoutError: POST is not idempotent and the request may have been processed",
    ]


def test_a_retried_connection_failure_is_logged(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.fail(httpx.ConnectError)
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID), retry=harness.retry(jitter=0))
    lines = our_lines(debug_logs)
    assert lines[:2] == [
        f"GET {PATH} -> ConnectError (attempt 1, devices.get)",
        "devices.get: retrying after APIConnectionError in 0.50 s (attempt 2 of 3)",
    ]
    assert lines[2].startswith(f"GET {PATH} -> 200 in ")
    assert "attempt 2" in lines[2]
    assert len(lines) == 3


def test_giving_up_is_logged(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(503, content=b"", times=2)
    with pytest.raises(SmartThingsError):
        harness.run(lambda st: st.devices.get(DEVICE_ID), max_retries=1)
    assert our_lines(debug_logs)[-1] == "devices.get: giving up after 2 attempts (ServerError)"


def test_a_wait_above_the_cap_is_logged(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(429, headers={"x-ratelimit-reset": "600"})
    with pytest.raises(SmartThingsError):
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert our_lines(debug_logs)[-1] == (
        "devices.get: not retrying: SmartThings asked to wait 600.0 s, above the 60.0 s cap"
    )


def test_a_preflight_refusal_is_logged(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    with pytest.raises(SmartThingsError):
        harness.run(
            lambda st: st.devices.install(
                location_id=LOCATION_ID, profile_id=PROFILE_ID, installed_app_id=INSTALLED_APP_ID
            )
        )
    assert our_lines(debug_logs) == ["refusing devices.install before sending: PAT tokens always get 403 there"]


def test_nothing_is_logged_below_debug(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=OURS)
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert our_lines(caplog) == []


# --- the token never shows -----------------------------------------------------------------------------------


def _scenarios() -> dict[str, tuple[Callable[[FakeServer], None], Callable[[Any], Any], Any]]:
    """name -> (what the server answers, the call, the credential)."""
    pat = PersonalAccessToken(TOKEN, scopes=["r:devices:*"])
    event = SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP_ID, event=True)
    get: Callable[[Any], Any] = lambda st: st.devices.get(DEVICE_ID)  # noqa: E731
    execute: Callable[[Any], Any] = lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON)  # noqa: E731
    return {
        "401-pat": (lambda s: s.reply(401, content=b""), get, TOKEN),
        "401-event": (lambda s: s.reply(401, content=b""), get, event),
        "403-missing-scope": (lambda s: s.reply(403, content=b""), execute, pat),
        "403-token-kind": (
            lambda s: s.reply(403, content=b""),
            lambda st: st.devices.create_events(DEVICE_ID, []),
            TOKEN,
        ),
        "404": (
            lambda s: s.reply(404, {"requestId": "r", "error": {"code": "NotFoundError", "message": "no"}}),
            get,
            TOKEN,
        ),
        "429-exhausted": (lambda s: s.reply(429, content=b"", times=3), get, TOKEN),
        "429-above-cap": (lambda s: s.reply(429, headers={"retry-after": "9999"}), get, TOKEN),
        "500-html": (lambda s: s.reply(500, content=b"<html><title>oops</title></html>"), get, TOKEN),
        "connect-exhausted": (lambda s: s.fail(httpx.ConnectError, times=3), get, TOKEN),
        "read-timeout-post": (lambda s: s.fail(httpx.ReadTimeout), execute, TOKEN),
        "decode": (lambda s: s.reply(200, content=b"{not json"), get, TOKEN),
        "pagination": (
            lambda s: s.reply(json_body={"items": [], "_links": {"next": {"href": "https://evil.example/x"}}}),
            lambda st: st.devices.list().to_list(),
            TOKEN,
        ),
        "preflight": (
            lambda s: None,
            lambda st: st.devices.install(location_id=LOCATION_ID, profile_id=PROFILE_ID, installed_app_id="ia"),
            TOKEN,
        ),
    }


SCENARIOS = _scenarios()


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_the_token_never_appears_in_errors_or_logs(
    harness: Harness, debug_logs: pytest.LogCaptureFixture, name: str
) -> None:
    answer, call, token = SCENARIOS[name]
    answer(harness.server)
    if name == "403-token-kind":
        # The refusal must come from SmartThings here, not from the client's pre-flight check.
        with pytest.raises(ValueError, match="at least one event"):
            harness.run(call, token=token)
        harness.server.reply(403, content=b"")
        call = lambda st: st.devices.update_profile(DEVICE_ID, PROFILE_ID)  # noqa: E731
        kwargs: dict[str, Any] = {"check_token_kind": False}
    else:
        kwargs = {}
    with pytest.raises(SmartThingsError) as caught:
        harness.run(call, token=token, **kwargs)
    assert_token_absent_from_error(caught.value)
    if caught.value.__cause__ is not None:
        assert TOKEN not in str(caught.value.__cause__)
    assert_token_absent_from_logs(debug_logs)


def test_a_successful_session_logs_no_token(harness: Harness, debug_logs: pytest.LogCaptureFixture) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.server.reply(json_body=pysmartthings("devices_3.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID))
    harness.run(lambda st: st.devices.list().to_list())
    assert_token_absent_from_logs(debug_logs)
    # httpx logs each request with its URL: proof that its logger was listening.
    httpx_lines = [r.getMessage() for r in debug_logs.records if r.name == "httpx"]
    assert any(f"{API}/devices/{DEVICE_ID}" in line for line in httpx_lines)


# --- a real socket, so that httpcore logs too ----------------------------------------------------------------


class _DeviceHandler(BaseHTTPRequestHandler):
    # The server builds a handler per request; the test reads what they saw from the class.
    seen_authorization: ClassVar[list[str | None]] = []

    def do_GET(self) -> None:
        type(self).seen_authorization.append(self.headers.get("Authorization"))
        body = b'{"deviceId": "d-1", "label": "Lamp"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def loopback() -> Iterator[str]:
    """A tiny HTTP server on 127.0.0.1 (nothing leaves the machine); yields its base URL."""
    _DeviceHandler.seen_authorization = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _DeviceHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_httpx_and_httpcore_debug_logs_carry_no_token(loopback: str, debug_logs: pytest.LogCaptureFixture) -> None:
    with SmartThings(TOKEN, base_url=loopback) as st:
        device = st.devices.get("d-1")
    assert device.label == "Lamp"
    assert _DeviceHandler.seen_authorization == [f"Bearer {TOKEN}"]
    names = {record.name.split(".")[0] for record in debug_logs.records}
    assert {"httpx", "httpcore", OURS} <= names
    assert_token_absent_from_logs(debug_logs)
    httpcore_lines = [r.getMessage() for r in debug_logs.records if r.name.startswith("httpcore")]
    assert any("send_request_headers" in line for line in httpcore_lines)


def test_client_and_credential_reprs_carry_no_token() -> None:
    credential = SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP_ID, scopes=["r:devices:*"])
    with SmartThings(credential, transport=FakeServer().transport()) as st:
        for text in (repr(st), str(st), repr(st.credential), repr(st.with_options(max_retries=0))):
            assert TOKEN not in text
            assert "<redacted>" in text
