"""``st.channels``: each call's request (method, path, query, body, headers) and answers decoded.

No real capture of ``/distchannels`` exists (contract §11): answers are built from the official core SDK's
``Channel`` and ``DriverChannelDetails`` types.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest

from smartthings_client import Channel, EdgeDriver
from smartthings_client.errors import MissingScopeError, NotFoundError
from smartthings_client.models.channels import ChannelType, DriverChannelDetails, SubscriberType
from smartthings_client.resources.channels import AsyncChannels, Channels

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, run_resource

CHANNEL = "8e6a2f1c-4d3b-4a5e-b7c9-0f1e2d3c4b5a"
DRIVER = "5f0b2d3e-8c1a-4b7e-9d2f-6a4c1e0b7d93"
HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
VERSION = "2025-02-20T10:00:00.000000000"
ORG = "0d0c2e8b-7c2b-4f52-9c1e-2b8f5b0e6a11"

CHANNEL_DOC = {
    "channelId": CHANNEL,
    "name": "My Edge Drivers",
    "description": "beta drivers",
    "termsOfServiceUrl": "https://example.com/terms",
    "type": "DRIVER",
    "createdDate": "2025-02-20T10:05:00.000Z",
    "lastModifiedDate": "2025-02-21T08:00:00+0000",
}
DETAILS_DOC = {
    "channelId": CHANNEL,
    "driverId": DRIVER,
    "version": VERSION,
    "createdDate": "2025-02-20T10:05:00.000Z",
    "lastModifiedDate": "2025-02-20T10:05:00.000Z",
}
DRIVER_DOC = {"driverId": DRIVER, "name": "x", "packageKey": "x", "version": VERSION, "fingerprints": []}
BODY = {"name": "My Edge Drivers", "description": "beta drivers", "termsOfServiceUrl": "https://example.com/terms"}
KW = {"description": "beta drivers", "terms_of_service_url": "https://example.com/terms"}


def page(*items: Any) -> dict[str, Any]:
    return {"items": list(items), "_links": None}


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: Channels(st._transport),
        async_resource=lambda ast: AsyncChannels(ast._transport),
    )


_C = f"/v1/distchannels/{CHANNEL}"
CASES: list[tuple[str, Callable[[Any], Any], str, str, str, Any, Any]] = [
    ("list", lambda c: c.list(), "GET", "/v1/distchannels", "", None, page(CHANNEL_DOC)),
    (
        "list by hub",
        lambda c: c.list(subscriber_id=HUB, include_read_only=False),
        "GET",
        "/v1/distchannels",
        f"type=HUB&subscriberId={HUB}&includeReadOnly=false",
        None,
        page(CHANNEL_DOC),
    ),
    (
        "list read-only",
        lambda c: c.list(subscriber_type=SubscriberType.HUB, include_read_only=True),
        "GET",
        "/v1/distchannels",
        "type=HUB&includeReadOnly=true",
        None,
        page(CHANNEL_DOC),
    ),
    ("create", lambda c: c.create("My Edge Drivers", **KW), "POST", "/v1/distchannels", "", BODY, CHANNEL_DOC),
    (
        "create typed",
        lambda c: c.create("My Edge Drivers", type=ChannelType.DRIVER, **KW),
        "POST",
        "/v1/distchannels",
        "",
        {**BODY, "type": "DRIVER"},
        CHANNEL_DOC,
    ),
    ("get", lambda c: c.get(CHANNEL), "GET", _C, "", None, CHANNEL_DOC),
    ("update", lambda c: c.update(CHANNEL, name="My Edge Drivers", **KW), "PUT", _C, "", BODY, CHANNEL_DOC),
    ("list_assigned", lambda c: c.list_assigned_drivers(CHANNEL), "GET", f"{_C}/drivers", "", None, page(DETAILS_DOC)),
    (
        "assign",
        lambda c: c.assign_driver(CHANNEL, DRIVER, VERSION),
        "POST",
        f"{_C}/drivers",
        "",
        {"driverId": DRIVER, "version": VERSION},
        DETAILS_DOC,
    ),
    (
        "meta",
        lambda c: c.get_driver_channel_meta(CHANNEL, DRIVER),
        "GET",
        f"{_C}/drivers/{DRIVER}/meta",
        "",
        None,
        DRIVER_DOC,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("label", "call", "method", "path", "query", "body", "answer"), CASES, ids=[c[0] for c in CASES]
)
def test_requests_and_decoding(
    mode: Mode, label: str, call: Callable[[Any], Any], method: str, path: str, query: str, body: Any, answer: Any
) -> None:
    server = Recorder(answer)
    result = run(mode, server, call)
    request = server.only
    assert (request.method, request.url.path, request.url.query.decode()) == (method, path, query)
    assert (server.body_of() if request.content else None) == body
    item = result[0] if isinstance(result, list) else result
    if isinstance(item, Channel):
        assert item.type is ChannelType.DRIVER
        assert item.last_modified_date == datetime(2025, 2, 21, 8, tzinfo=timezone.utc)
        assert item.terms_of_service_url == "https://example.com/terms"
    elif isinstance(item, DriverChannelDetails):
        assert (item.driver_id, item.version) == (DRIVER, VERSION)
        assert item.created_date is not None
        assert item.created_date.tzinfo is not None
    else:
        assert isinstance(item, EdgeDriver)
        assert item.driver_id == DRIVER


EMPTY_CASES: list[tuple[str, Callable[[Any], Any], str, str]] = [
    ("delete", lambda c: c.delete(CHANNEL), "DELETE", _C),
    ("unassign", lambda c: c.unassign_driver(CHANNEL, DRIVER), "DELETE", f"{_C}/drivers/{DRIVER}"),
    ("enroll", lambda c: c.enroll_hub(CHANNEL, HUB), "POST", f"{_C}/hubs/{HUB}"),
    ("unenroll", lambda c: c.unenroll_hub(CHANNEL, HUB), "DELETE", f"{_C}/hubs/{HUB}"),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("label", "call", "method", "path"), EMPTY_CASES, ids=[c[0] for c in EMPTY_CASES])
def test_writes_accept_empty_answers(
    mode: Mode, label: str, call: Callable[[Any], Any], method: str, path: str
) -> None:
    server = Recorder(content=b"")
    assert run(mode, server, call) is None
    assert (server.only.method, server.only.url.path, server.only.content) == (method, path, b"")


@pytest.mark.parametrize("mode", MODES)
def test_organization_header(mode: Mode) -> None:
    server = Recorder(page(CHANNEL_DOC))
    run(mode, server, lambda c: c.list(organization_id=ORG))
    assert server.only.headers["x-st-organization"] == ORG


@pytest.mark.parametrize(
    "call",
    [
        lambda c: c.create("", **KW),
        lambda c: c.create("name", description=" ", terms_of_service_url="https://x"),
        lambda c: c.update(CHANNEL, name="n", description="d", terms_of_service_url=None),
        lambda c: c.assign_driver(CHANNEL, DRIVER, ""),
        lambda c: c.assign_driver(CHANNEL, "a/b", VERSION),
        lambda c: c.list(subscriber_id="a/b"),
    ],
)
def test_invalid_arguments_are_refused_before_sending(call: Callable[[Any], Any]) -> None:
    server = Recorder(CHANNEL_DOC)
    with pytest.raises(ValueError):
        run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(bad: Any, error: type[Exception]) -> None:
    server = Recorder(CHANNEL_DOC)
    for call in (lambda c: c.get(bad), lambda c: c.enroll_hub(CHANNEL, bad), lambda c: c.unassign_driver(bad, DRIVER)):
        with pytest.raises(error):
            run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_403_names_the_operation_and_its_scope(mode: Mode) -> None:
    with pytest.raises(MissingScopeError) as caught:
        run(mode, Recorder(status=403, content=b""), lambda c: c.assign_driver(CHANNEL, DRIVER, VERSION))
    assert "channels.assign_driver" in str(caught.value)
    assert "w:channels:*" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_404(mode: Mode) -> None:
    body = {"requestId": "1", "error": {"code": "NotFoundError", "message": "no channel", "details": []}}
    with pytest.raises(NotFoundError):
        run(mode, Recorder(body, status=404), lambda c: c.get(CHANNEL))
