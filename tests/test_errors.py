"""Every failure a user can meet is one typed error that says what happened, where, and what to do."""

from __future__ import annotations

from typing import Any

import pytest

from smartthings_client import (
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    Command,
    ConflictError,
    Device,
    LimitError,
    MissingScopeError,
    NotFoundError,
    PersonalAccessToken,
    ResponseDecodeError,
    ScopeError,
    ServerError,
    SmartAppToken,
    SmartThingsError,
    TokenKind,
    TokenKindError,
    UnprocessableEntityError,
)

from .fixtures import (
    API,
    DEVICE_ID,
    INSTALLED_APP_ID,
    LOCATION_ID,
    PROFILE_ID,
    TOKEN,
    Harness,
    pysmartthings,
)

DEVICE_URL = f"{API}/devices/{DEVICE_ID}"
COMMANDS_URL = f"{DEVICE_URL}/commands"
SWITCH_ON = Command(capability="switch", command="on")


def envelope(code: str, message: str, request_id: str = "req-7f3a") -> dict[str, Any]:
    return {"requestId": request_id, "error": {"code": code, "message": message, "details": []}}


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (400, envelope("BadRequestError", "label is required"), BadRequestError),
        (404, envelope("NotFoundError", "Device not found"), NotFoundError),
        (409, envelope("ConflictError", "duplicate"), ConflictError),
        (422, envelope("ConstraintViolationError", "bad value"), UnprocessableEntityError),
        (422, envelope("LimitError", "too many devices"), LimitError),
        (500, envelope("UnexpectedError", "unsuccessful-http-call status=424"), ServerError),
        (501, envelope("NotImplemented", "not here"), ServerError),
        (418, envelope("Teapot", "short and stout"), APIStatusError),
    ],
    ids=["400", "404", "409", "422", "422-limit", "500", "501", "418"],
)
def test_status_codes_map_to_typed_errors_with_every_detail(
    harness: Harness, status: int, body: dict[str, Any], error: type[APIStatusError]
) -> None:
    harness.server.reply(status, body)
    with pytest.raises(error) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    exc = caught.value
    assert type(exc) is error
    assert (exc.status_code, exc.request_id, exc.code, exc.message) == (
        status,
        "req-7f3a",
        body["error"]["code"],
        body["error"]["message"],
    )
    assert (exc.method, exc.url, exc.operation) == ("GET", DEVICE_URL, "devices.get")
    text = str(exc)
    assert text.startswith(f"{status} on devices.get (GET {DEVICE_URL})")
    assert f"SmartThings said {body['error']['code']}: {body['error']['message']}" in text
    assert "request id req-7f3a" in text
    assert len(harness.server.requests) == 1


def test_limit_error_is_also_unprocessable(harness: Harness) -> None:
    harness.server.reply(422, envelope("LimitError", "too many"))
    with pytest.raises(UnprocessableEntityError) as caught:
        harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON))
    assert isinstance(caught.value, LimitError)


def test_the_real_command_error_body(harness: Harness) -> None:
    harness.server.reply(422, pysmartthings("device_command_error.json"))
    with pytest.raises(UnprocessableEntityError) as caught:
        harness.run(lambda st: st.devices.command(DEVICE_ID, "colorTemperature", "setColorTemperature", 40000))
    exc = caught.value
    assert type(exc) is UnprocessableEntityError
    assert exc.code == "ConstraintViolationError"
    assert exc.message == "The request is malformed."
    assert exc.request_id == "3051095549439698997"
    assert exc.details[0].code == "UnprocessableEntityError"
    assert exc.details[0].target == "commands[0].arguments[0]"
    assert exc.detail_messages == ["commands[0].arguments[0]: must have a maximum value of 30000"]
    assert (exc.method, exc.url, exc.operation) == ("POST", COMMANDS_URL, "devices.execute")
    assert str(exc) == (
        f"422 on devices.execute (POST {COMMANDS_URL}). SmartThings said ConstraintViolationError: The request is "
        "malformed. [commands[0].arguments[0]: must have a maximum value of 30000]. request id 3051095549439698997"
    )


def test_request_id_falls_back_to_the_header(harness: Harness) -> None:
    harness.server.reply(404, {"error": {"code": "NotFoundError", "message": "gone"}}, headers={"x-request-id": "h-1"})
    with pytest.raises(NotFoundError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert caught.value.request_id == "h-1"


# --- 401 -----------------------------------------------------------------------------------------------------


def test_401_with_a_pat_mentions_the_24_hour_lifetime(harness: Harness) -> None:
    harness.server.reply(401, content=b"")
    with pytest.raises(AuthenticationError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    text = str(caught.value)
    assert "24 hours" in text
    assert "personal access token" in text
    assert "devices.get" in text
    assert caught.value.status_code == 401


def test_401_with_an_event_token_mentions_5_minutes(harness: Harness) -> None:
    harness.server.reply(401, content=b"")
    with pytest.raises(AuthenticationError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID), token=SmartAppToken(TOKEN, event=True))
    text = str(caught.value)
    assert "5 minutes" in text
    assert "SmartApp EVENT token" in text


# --- 403 -----------------------------------------------------------------------------------------------------


def test_403_empty_body_on_a_smartapp_only_call_is_a_token_kind_error(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(TokenKindError) as caught:
        harness.run(
            lambda st: st.devices.install(
                location_id=LOCATION_ID, profile_id=PROFILE_ID, installed_app_id=INSTALLED_APP_ID
            ),
            check_token_kind=False,
        )
    exc = caught.value
    assert len(harness.server.requests) == 1
    assert exc.preflight is False
    assert (exc.status_code, exc.operation, exc.method) == (403, "devices.install", "POST")
    assert exc.token_kind is TokenKind.PAT
    assert exc.required == "i:deviceprofiles"
    text = str(exc)
    assert "devices.install" in text
    assert "personal access token" in text
    assert "SmartApp token" in text


def test_403_with_known_pat_scopes_names_the_missing_scope(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    token = PersonalAccessToken(TOKEN, scopes=["r:devices:*"])
    with pytest.raises(MissingScopeError) as caught:
        harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON), token=token)
    exc = caught.value
    assert exc.missing == (f"x:devices:{DEVICE_ID}",)
    assert exc.granted == ("r:devices:*",)
    text = str(exc)
    assert "x:devices" in text
    assert "devices.execute" in text
    assert "r:devices:*" in text


def test_403_when_the_granted_scopes_cover_is_a_plain_scope_error(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    token = PersonalAccessToken(TOKEN, scopes=["x:devices:*"])
    with pytest.raises(ScopeError) as caught:
        harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON), token=token)
    assert type(caught.value) is ScopeError
    assert "does not exist" in str(caught.value)


def test_403_with_unknown_scopes_suspects_a_missing_scope(harness: Harness) -> None:
    harness.server.reply(403, envelope("Forbidden", "Access is denied"))
    with pytest.raises(MissingScopeError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    exc = caught.value
    assert exc.missing == ()
    assert exc.granted is None
    assert f"r:devices:{DEVICE_ID}" in str(exc)
    assert exc.code == "Forbidden"


def test_403_for_a_smartapp_token(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    token = SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP_ID, scopes=["r:devices:*"])
    with pytest.raises(MissingScopeError) as caught:
        harness.run(lambda st: st.devices.delete(DEVICE_ID), token=token)
    assert "w:devices" in str(caught.value)
    assert "Developer Workspace" in str(caught.value)


# --- pre-flight ----------------------------------------------------------------------------------------------


def test_a_pat_calling_install_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError) as caught:
        harness.run(
            lambda st: st.devices.install(
                location_id=LOCATION_ID, profile_id=PROFILE_ID, installed_app_id=INSTALLED_APP_ID
            )
        )
    exc = caught.value
    assert harness.server.requests == []
    assert exc.preflight is True
    assert (exc.operation, exc.method, exc.url) == ("devices.install", "POST", f"{API}/devices")
    assert "refused before sending" in str(exc)
    assert "personal access token" in str(exc)


def test_create_events_with_a_pat_is_refused_before_sending(harness: Harness) -> None:
    from smartthings_client import DeviceEvent

    with pytest.raises(TokenKindError):
        harness.run(
            lambda st: st.devices.create_events(
                DEVICE_ID, DeviceEvent(capability="switch", attribute="switch", value=1)
            )
        )
    assert harness.server.requests == []


def test_check_token_kind_false_sends_the_request(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(
        lambda st: st.devices.install(
            location_id=LOCATION_ID, profile_id=PROFILE_ID, installed_app_id=INSTALLED_APP_ID
        ),
        check_token_kind=False,
    )
    assert isinstance(device, Device)
    assert len(harness.server.requests) == 1


def test_a_smartapp_token_calling_location_create_is_refused(harness: Harness) -> None:
    with pytest.raises(TokenKindError) as caught:
        harness.run(lambda st: st.locations.create("Home", "USA"), token=SmartAppToken(TOKEN))
    assert caught.value.token_kind is TokenKind.SMARTAPP
    assert harness.server.requests == []


# --- 5xx and bodies that are not SmartThings JSON ------------------------------------------------------------

HTML = b"<!DOCTYPE html><html><head><title>Internal Server Error</title></head><body>" + b"x" * 2000 + b"</body>"


def test_500_with_an_html_body(harness: Harness) -> None:
    harness.server.reply(500, content=HTML, headers={"content-type": "text/html"})
    with pytest.raises(ServerError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    exc = caught.value
    assert exc.message == "Internal Server Error"
    assert exc.code is None
    assert len(exc.body) <= 500
    assert str(exc) == f"500 on devices.get (GET {DEVICE_URL}). SmartThings said Internal Server Error"
    assert len(harness.server.requests) == 1  # 500 is not retried


def test_502_on_a_post(harness: Harness) -> None:
    harness.server.reply(502, content=b"Bad Gateway", headers={"content-type": "text/plain"})
    with pytest.raises(ServerError) as caught:
        harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON))
    assert caught.value.status_code == 502
    assert caught.value.message == "Bad Gateway"
    assert "Bad Gateway" in str(caught.value)


def test_an_error_without_any_body_says_so(harness: Harness) -> None:
    harness.server.reply(409, content=b"")
    with pytest.raises(ConflictError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert "returned no error details" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "content_type", "words"),
    [
        (b'{"deviceId": ', "application/json", "not JSON"),
        (b"", "application/json", "the body is empty"),
        (b"<html><body>maintenance</body></html>", "text/html", "text/html"),
        (b"null", "application/json", "expected a JSON object"),
    ],
    ids=["malformed", "empty", "html", "null"],
)
def test_2xx_bodies_that_cannot_be_decoded(harness: Harness, content: bytes, content_type: str, words: str) -> None:
    harness.server.reply(200, content=content, headers={"content-type": content_type})
    with pytest.raises(ResponseDecodeError, match=words) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))
    exc = caught.value
    assert (exc.status_code, exc.method, exc.url, exc.operation) == (200, "GET", DEVICE_URL, "devices.get")
    assert exc.body == content.decode()
    assert str(exc).startswith(f"could not decode the 200 response of devices.get (GET {DEVICE_URL})")
    assert isinstance(exc, SmartThingsError)


def test_every_error_is_a_smartthings_error() -> None:
    import smartthings_client

    errors = [
        getattr(smartthings_client, name)
        for name in smartthings_client.__all__
        if isinstance(getattr(smartthings_client, name), type)
        and issubclass(getattr(smartthings_client, name), BaseException)
    ]
    assert len(errors) >= 19
    for error in errors:
        assert issubclass(error, SmartThingsError), error
