"""Nothing but SmartThingsError leaves a public call: hostile error bodies, broken next links, closed clients and
invalid ids each become a typed error whose message says what happened."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from smartthings_client import (
    AsyncSmartThings,
    ClientClosedError,
    InvalidArgumentError,
    NotFoundError,
    PaginationError,
    ServerError,
    SmartThings,
    SmartThingsError,
)
from smartthings_client.errors import ArgumentTypeError

from .fixtures import DEVICE_ID, TOKEN, Harness, pysmartthings

DEEP = 100_000


def nested_json(depth: int) -> bytes:
    return b'{"error": ' + b"[" * depth + b"]" * depth + b"}"


def test_a_deeply_nested_error_body_is_a_typed_error(harness: Harness) -> None:
    harness.server.reply(404, content=nested_json(DEEP), headers={"content-type": "application/json"})

    with pytest.raises(NotFoundError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert caught.value.status_code == 404
    assert caught.value.body.startswith('{"error": [[[')  # kept as an excerpt, not parsed


def test_a_deeply_nested_503_body_is_still_retried(harness: Harness) -> None:
    harness.server.reply(503, content=nested_json(DEEP), headers={"content-type": "application/json"})
    harness.server.reply(200, pysmartthings("device.json"))

    device = harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert device.device_id == pysmartthings("device.json")["deviceId"]
    assert len(harness.server.requests) == 2


def test_a_huge_error_body_is_kept_as_an_excerpt(harness: Harness) -> None:
    body = b'{"error": {"code": "X", "message": "' + b"m" * 5_000_000 + b'"}}'
    harness.server.reply(502, content=body, headers={"content-type": "application/json"}, times=3)

    with pytest.raises(ServerError) as caught:
        harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert len(caught.value.body) <= 500
    assert len(str(caught.value)) < 1000


@pytest.mark.parametrize(
    "href",
    [
        "https://[not-an-ip/devices?page=1",
        "https://api.smartthings.com/devices?page=\x00\x01",
        "https://api.smartthings.com:99999999/devices",
        "https://" + "a" * 70_000 + ".com/devices",
        "https://api.smartthings.com/" + "x" * 70_000,
        "https://\u0080\u00ff\u2028/devices",
    ],
    ids=["bad-ipv6", "control-chars", "port-out-of-range", "huge-host", "huge-path", "odd-host"],
)
def test_a_next_link_that_cannot_be_parsed_is_a_pagination_error(harness: Harness, href: str) -> None:
    harness.server.reply(200, {"items": [], "_links": {"next": {"href": href}}})

    with pytest.raises(PaginationError) as caught:
        harness.collect(lambda st: st.devices.list())

    message = str(caught.value)
    assert message.startswith("devices.list: ")
    assert repr(href[:20])[:-1] in message  # the link itself is named (cut short when long)
    assert len(message) < 600
    assert len(harness.server.requests) == 1


def test_a_next_link_with_credentials_in_it_is_refused(harness: Harness) -> None:
    harness.server.reply(
        200, {"items": [], "_links": {"next": {"href": "https://user:pw@api.smartthings.com/devices?page=1"}}}
    )

    with pytest.raises(PaginationError, match="carries credentials"):
        harness.collect(lambda st: st.devices.list())


def test_a_closed_client_says_it_was_closed() -> None:
    st = SmartThings(TOKEN)
    st.close()
    with pytest.raises(ClientClosedError, match=r"devices.get: this client was closed \(by close\(\)/aclose\(\)"):
        st.devices.get(DEVICE_ID)
    with pytest.raises(ClientClosedError):
        st.devices.list().first()


def test_a_client_after_its_with_block_says_it_was_closed() -> None:
    with SmartThings(TOKEN) as st:
        pass
    with pytest.raises(ClientClosedError, match="end of its with block"):
        st.locations.list().to_list()
    with pytest.raises(ClientClosedError):
        st.with_options(max_retries=0).devices.status(DEVICE_ID)


def test_an_async_client_after_aclose_says_it_was_closed() -> None:
    async def main() -> None:
        async with AsyncSmartThings(TOKEN) as st:
            pass
        with pytest.raises(ClientClosedError, match="create a new client"):
            await st.devices.get(DEVICE_ID)
        with pytest.raises(ClientClosedError):
            await st.devices.list().first()

    asyncio.run(main())


@pytest.mark.parametrize(
    ("device_id", "expected"),
    [("", "device_id must not be empty"), ("a/b", "must not contain '/'"), ("  ", "must not be empty")],
)
def test_an_invalid_id_is_a_smartthings_error_and_a_value_error(
    harness: Harness, device_id: str, expected: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=expected) as caught:
        harness.run(lambda st: st.devices.get(device_id))

    assert isinstance(caught.value, SmartThingsError)
    assert isinstance(caught.value, ValueError)
    assert harness.server.requests == []


def test_an_id_of_the_wrong_type_is_also_a_type_error(harness: Harness) -> None:
    not_an_id: Any = 42
    with pytest.raises(ArgumentTypeError, match="must be a str, not int") as caught:
        harness.run(lambda st: st.devices.get(not_an_id))

    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, InvalidArgumentError)


def test_other_argument_checks_are_typed_too(harness: Harness) -> None:
    with pytest.raises(InvalidArgumentError, match="give at least one command"):
        harness.run(lambda st: st.devices.execute(DEVICE_ID, []))
    with pytest.raises(InvalidArgumentError, match="installed_app_id is required"):
        harness.run(lambda st: st.subscriptions.delete_all(), check_token_kind=False)
    assert harness.server.requests == []
