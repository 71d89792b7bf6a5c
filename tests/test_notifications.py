"""``notifications.send``: the request pieces, the answer, refusals before sending, and the emulator's record."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.errors import NotFoundError, ResponseDecodeError, ScopeError
from smartthings_client.models.notifications import DeepLink, DeepLinkType, NotificationMessage, NotificationType
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, LOCATION_ID, MODES, Mode, Recorder, run_resource

ANSWER = {"code": 200, "message": "Success"}


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.notifications,
        async_resource=lambda ast: ast.notifications,
    )


@pytest.mark.parametrize("mode", MODES)
def test_send_posts_every_piece(mode: Mode) -> None:
    server = Recorder(ANSWER)
    result = run(
        mode,
        server,
        lambda n: n.send(
            LOCATION_ID,
            NotificationType.ALERT,
            {"en_US": NotificationMessage(title="Door", body="${door} opened"), "fr": {"title": "Porte"}},
            replacements={"${door}": "Front door"},
            deep_link=DeepLink(type=DeepLinkType.DEVICE, id="dev-1"),
            image_url="https://example.com/door.png",
        ),
    )
    assert (server.only.method, server.only.url.path) == ("POST", "/v1/notification")
    assert server.body_of() == {
        "locationId": LOCATION_ID,
        "type": "ALERT",
        "messages": [{"en_US": {"title": "Door", "body": "${door} opened"}}, {"fr": {"title": "Porte"}}],
        "replacements": [{"key": "${door}", "value": "Front door"}],
        "deepLink": {"type": "device", "id": "dev-1"},
        "imageUrl": "https://example.com/door.png",
    }
    assert (result.code, result.message) == (200, "Success")


def test_one_message_is_the_default_language_and_types_may_be_strings() -> None:
    server = Recorder(ANSWER)
    run("sync", server, lambda n: n.send(LOCATION_ID, "EVENT_LOGGING", NotificationMessage(body="logged")))
    assert server.body_of() == {
        "locationId": LOCATION_ID,
        "type": "EVENT_LOGGING",
        "messages": [{"default": {"body": "logged"}}],
    }


def test_an_html_answer_is_a_decode_error_not_a_crash() -> None:
    with pytest.raises(ResponseDecodeError):
        run(
            "sync",
            Recorder(content=b"<html>oops</html>"),
            lambda n: n.send(LOCATION_ID, "ALERT", NotificationMessage(title="x")),
        )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"type": "SHOUT"}, ValueError),
        ({"messages": {}}, TypeError),
        ({"messages": ["hello"]}, TypeError),
        ({"messages": NotificationMessage()}, ValueError),
        ({"messages": {"": NotificationMessage(title="x")}}, ValueError),
        ({"messages": {"en": 5}}, TypeError),
        ({"replacements": {"door": "x"}}, ValueError),
        ({"replacements": {"${door}": 5}}, TypeError),
        ({"deep_link": DeepLink(type="room", id="r1")}, ValueError),
        ({"deep_link": {"type": "device", "id": "d"}}, TypeError),
        ({"deep_link": DeepLink(type="device", id="a/b")}, ValueError),
        ({"image_url": ""}, ValueError),
    ],
)
def test_a_broken_notification_is_refused_before_sending(kwargs: dict[str, Any], error: type[Exception]) -> None:
    arguments: dict[str, Any] = {"type": "ALERT", "messages": NotificationMessage(title="t"), **kwargs}
    server = Recorder(ANSWER)
    with pytest.raises(error):
        run("sync", server, lambda n: n.send(LOCATION_ID, **arguments))
    assert server.requests == []


@pytest.mark.parametrize(("value", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_an_invalid_location_id_is_refused(value: Any, error: type[Exception]) -> None:
    server = Recorder(ANSWER)
    with pytest.raises(error):
        run("sync", server, lambda n: n.send(value, "ALERT", NotificationMessage(title="t")))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_names_the_location_scope(mode: Mode) -> None:
    with pytest.raises(ScopeError) as caught:
        run(
            mode,
            Recorder(status=403, content=b""),
            lambda n: n.send(LOCATION_ID, "ALERT", NotificationMessage(title="t")),
        )
    assert caught.value.operation == "notifications.send"
    assert f"x:locations:{LOCATION_ID}" in str(caught.value)


def test_emulator_records_what_was_sent() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        result = st.notifications.send(
            emu.location_id, "ALERT", NotificationMessage(title="Hi"), replacements={"${x}": "y"}
        )
        assert result.code == 200
        with pytest.raises(NotFoundError):
            st.notifications.send("00000000-0000-0000-0000-00000000dead", "ALERT", NotificationMessage(title="x"))
    sent = emu.notifications
    assert len(sent) == 1
    assert sent[0]["messages"] == [{"default": {"title": "Hi"}}]
    assert sent[0]["locationId"] == emu.location_id
    assert "sentAt" in sent[0]


def test_emulator_checks_the_scope() -> None:
    emu = Emulator()

    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(["r:locations:*"]), transport=emu.transport) as st:
            await st.notifications.send(emu.location_id, "ALERT", NotificationMessage(title="Hi"))

    with pytest.raises(ScopeError) as caught:
        asyncio.run(main())
    assert caught.value.operation == "notifications.send"
    assert emu.notifications == []


@pytest.mark.parametrize(
    "change",
    [
        {"type": "SHOUT"},
        {"messages": []},
        {"messages": [{"en": {}}]},
        {"replacements": [{"key": "door", "value": "x"}]},
        {"deepLink": {"type": "room", "id": "x"}},
        {"locationId": None},
    ],
)
def test_emulator_refuses_a_broken_body_with_422(change: dict[str, Any]) -> None:
    emu = Emulator()
    body = {"locationId": emu.location_id, "type": "ALERT", "messages": [{"default": {"title": "t"}}], **change}
    headers = {"Authorization": f"Bearer {emu.issue_pat()}"}
    with httpx.Client(transport=emu.transport, base_url="https://api.smartthings.com/v1", headers=headers) as http:
        response = http.post("/notification", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "ConstraintViolationError"
    assert emu.notifications == []
