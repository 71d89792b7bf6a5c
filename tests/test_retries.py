"""Retries: which failures are retried for which methods, how long the client waits, and when it gives up.

Every test records the waits instead of sleeping (``Harness.retry``), so the asserted numbers are exactly what
the client would have slept.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from email.utils import formatdate
from typing import Any

import httpx
import pytest
import tenacity

from smartthings_client import (
    APIConnectionError,
    APITimeoutError,
    Command,
    RateLimitError,
    RetryPolicy,
    ServerError,
    SmartThings,
)

from .fixtures import DEVICE_ID, TOKEN, FakeServer, Harness, load, pysmartthings

SWITCH_ON = Command(capability="switch", command="on")
RATE_LIMITED_BODY = load("core-sdk/errors/429-too-many-requests.json")["body"]

GET: Callable[[Any], Any] = lambda st: st.devices.get(DEVICE_ID)  # noqa: E731
POST: Callable[[Any], Any] = lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON)  # noqa: E731


def test_503_then_200_on_a_get_succeeds_after_one_retry(harness: Harness) -> None:
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(GET, retry=harness.retry(jitter=0))
    assert device.device_id == DEVICE_ID
    assert len(harness.server.requests) == 2
    assert harness.waits == [0.5]


@pytest.mark.parametrize(
    ("method", "call"),
    [
        ("PUT", lambda st: st.devices.update(DEVICE_ID, label="x")),
        ("DELETE", lambda st: st.devices.delete(DEVICE_ID)),
        ("GET", lambda st: st.devices.status(DEVICE_ID)),
    ],
)
@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_are_retried_for_idempotent_methods(
    harness: Harness, method: str, call: Callable[[Any], Any], status: int
) -> None:
    harness.server.reply(status, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json") if method == "PUT" else {})
    harness.run(call)
    assert [r.method for r in harness.server.requests] == [method, method]
    assert len(harness.waits) == 1


@pytest.mark.parametrize("status", [502, 503, 504])
def test_gateway_errors_on_a_post_are_not_retried(harness: Harness, status: int) -> None:
    harness.server.reply(status, content=b"")
    with pytest.raises(ServerError) as caught:
        harness.run(POST)
    assert caught.value.status_code == status
    assert len(harness.server.requests) == 1
    assert harness.waits == []


def test_500_is_not_retried(harness: Harness) -> None:
    harness.server.reply(500, content=b"")
    with pytest.raises(ServerError):
        harness.run(GET)
    assert len(harness.server.requests) == 1


def test_a_read_timeout_on_a_post_is_not_retried(harness: Harness) -> None:
    harness.server.fail(httpx.ReadTimeout)
    with pytest.raises(APITimeoutError) as caught:
        harness.run(POST)
    exc = caught.value
    assert exc.request_sent is True
    assert (exc.method, exc.operation) == ("POST", "devices.execute")
    assert "ReadTimeout" in str(exc)
    assert isinstance(exc.__cause__, httpx.ReadTimeout)
    assert len(harness.server.requests) == 1
    assert harness.waits == []


def test_a_read_timeout_on_a_get_is_retried(harness: Harness) -> None:
    harness.server.fail(httpx.ReadTimeout)
    harness.server.reply(json_body=pysmartthings("device.json"))
    assert harness.run(GET).device_id == DEVICE_ID
    assert len(harness.server.requests) == 2


@pytest.mark.parametrize("error", [httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout])
def test_a_request_that_never_left_is_retried_even_for_a_post(
    harness: Harness, error: type[httpx.TransportError]
) -> None:
    harness.server.fail(error)
    harness.server.reply(json_body=pysmartthings("executed_command.json"))
    results = harness.run(POST, retry=harness.retry(jitter=0))
    assert len(results) == 1
    assert [r.method for r in harness.server.requests] == ["POST", "POST"]
    assert harness.waits == [0.5]


def test_a_dropped_connection_on_a_post_is_not_retried(harness: Harness) -> None:
    harness.server.fail(httpx.RemoteProtocolError)
    with pytest.raises(APIConnectionError) as caught:
        harness.run(POST)
    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.request_sent is True
    assert len(harness.server.requests) == 1


# --- 429 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "body", "expected"),
    [
        ({"x-ratelimit-reset": "7"}, None, 7.0),
        ({"X-RateLimit-Reset": "2.5"}, None, 2.5),
        ({"retry-after": "3"}, None, 3.0),
        ({}, RATE_LIMITED_BODY, 43.074),
        ({"x-ratelimit-reset": "4", "retry-after": "9"}, RATE_LIMITED_BODY, 4.0),
        ({"retry-after": "1"}, RATE_LIMITED_BODY, 1.0),
        ({"x-ratelimit-reset": "0"}, None, 0.0),
    ],
    ids=["reset", "reset-mixed-case", "retry-after", "body-millis", "reset-first", "header-before-body", "zero"],
)
def test_429_waits_what_smartthings_asks(harness: Harness, headers: dict[str, str], body: Any, expected: float) -> None:
    if body:
        harness.server.reply(429, body, headers=headers)
    else:
        harness.server.reply(429, headers=headers)
    harness.server.reply(json_body=pysmartthings("device.json"))
    assert harness.run(GET).device_id == DEVICE_ID
    assert harness.waits == [pytest.approx(expected)]
    assert len(harness.server.requests) == 2


def test_429_waits_until_a_retry_after_date(harness: Harness) -> None:
    harness.server.reply(429, headers={"retry-after": formatdate(time.time() + 30, usegmt=True)})
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(GET)
    (wait,) = harness.waits
    # The HTTP date has whole seconds, and a little time passes between writing and reading it.
    assert 28.0 <= wait <= 30.0


def test_429_reset_given_as_an_epoch_instant(harness: Harness) -> None:
    harness.server.reply(429, headers={"x-ratelimit-reset": str(int(time.time()) + 20)})
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(GET)
    (wait,) = harness.waits
    assert 18.0 <= wait <= 20.0


def test_429_is_retried_for_a_post_too(harness: Harness) -> None:
    harness.server.reply(429, RATE_LIMITED_BODY)
    harness.server.reply(json_body=pysmartthings("executed_command.json"))
    harness.run(POST)
    assert harness.waits == [pytest.approx(43.074)]
    assert len(harness.server.requests) == 2


def test_429_without_hints_backs_off_exponentially(harness: Harness) -> None:
    harness.server.reply(429, content=b"", times=3)
    with pytest.raises(RateLimitError) as caught:
        harness.run(GET, retry=harness.retry(jitter=0))
    assert caught.value.retry_after is None
    assert harness.waits == [0.5, 1.0]
    assert len(harness.server.requests) == 3


def test_backoff_has_jitter_within_bounds(harness: Harness) -> None:
    harness.server.reply(503, content=b"", times=4)
    with pytest.raises(ServerError):
        harness.run(GET, max_retries=3)
    assert len(harness.waits) == 3
    for wait, base in zip(harness.waits, [0.5, 1.0, 2.0], strict=True):
        assert base * 0.5 <= wait <= base


def test_backoff_is_capped(harness: Harness) -> None:
    harness.server.reply(503, content=b"", times=4)
    with pytest.raises(ServerError):
        harness.run(GET, max_retries=3, retry=harness.retry(jitter=0, backoff_initial=4.0, backoff_max=5.0))
    assert harness.waits == [4.0, 5.0, 5.0]


@pytest.mark.parametrize(
    ("policy", "headers", "body", "retry_after"),
    [
        ({}, {"x-ratelimit-reset": "120"}, None, 120.0),
        ({"max_wait": 10.0}, {}, RATE_LIMITED_BODY, 43.074),
        ({"max_wait": 0.0}, {"retry-after": "1"}, None, 1.0),
    ],
    ids=["reset-above-default-cap", "body-above-cap", "zero-cap"],
)
def test_a_wait_above_the_cap_raises_at_once(
    harness: Harness, policy: dict[str, float], headers: dict[str, str], body: Any, retry_after: float
) -> None:
    if body:
        harness.server.reply(429, body, headers=headers)
    else:
        harness.server.reply(429, headers=headers)
    with pytest.raises(RateLimitError) as caught:
        harness.run(GET, retry=harness.retry(**policy))
    assert caught.value.retry_after == pytest.approx(retry_after)
    assert f"{retry_after:.1f} s" in str(caught.value)
    assert harness.waits == []
    assert len(harness.server.requests) == 1


def test_retry_policy_rejects_a_negative_cap() -> None:
    with pytest.raises(ValueError, match="max_wait"):
        RetryPolicy(max_wait=-1)


# --- how many times ------------------------------------------------------------------------------------------


def test_max_retries_zero_on_the_client(harness: Harness) -> None:
    harness.server.reply(503, content=b"")
    with pytest.raises(ServerError):
        harness.run(GET, max_retries=0)
    assert len(harness.server.requests) == 1
    assert harness.waits == []


def test_max_retries_zero_for_one_call_with_options(harness: Harness) -> None:
    harness.server.reply(503, content=b"")
    with pytest.raises(ServerError):
        harness.run(lambda st: st.with_options(max_retries=0).devices.get(DEVICE_ID))
    assert len(harness.server.requests) == 1
    # The client itself keeps its own setting.
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(GET)
    assert len(harness.server.requests) == 3


def test_with_options_keeps_the_original_client_setting() -> None:
    server = FakeServer()
    waits: list[float] = []
    with SmartThings(TOKEN, transport=server.transport(), retry=RetryPolicy(sleep=waits.append)) as st:
        once = st.with_options(max_retries=0)
        server.reply(503, content=b"")
        with pytest.raises(ServerError):
            once.devices.get(DEVICE_ID)
        server.reply(503, content=b"")
        server.reply(json_body={"deviceId": DEVICE_ID})
        assert st.devices.get(DEVICE_ID).device_id == DEVICE_ID
        assert st.with_options().devices is not st.devices
    assert len(server.requests) == 3
    assert len(waits) == 1


def test_per_call_max_retries_more_than_the_client(harness: Harness) -> None:
    harness.server.reply(503, content=b"", times=3)
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(lambda st: st.with_options(max_retries=3).devices.get(DEVICE_ID), max_retries=0)
    assert device.device_id == DEVICE_ID
    assert len(harness.server.requests) == 4


def test_with_options_rejects_negative_retries(harness: Harness) -> None:
    with pytest.raises(ValueError, match="max_retries"):
        harness.run(lambda st: st.with_options(max_retries=-1))


@pytest.mark.parametrize(
    ("reply", "error"),
    [
        (lambda server: server.reply(503, content=b"", times=3), ServerError),
        (lambda server: server.reply(429, content=b"", times=3), RateLimitError),
        (lambda server: server.fail(httpx.ConnectError, times=3), APIConnectionError),
        (lambda server: server.fail(httpx.ReadTimeout, times=3), APITimeoutError),
    ],
    ids=["503", "429", "connect", "read-timeout"],
)
def test_exhausted_retries_raise_our_error_not_tenacitys(
    harness: Harness, reply: Callable[[FakeServer], None], error: type[Exception]
) -> None:
    reply(harness.server)
    with pytest.raises(error) as caught:
        harness.run(GET)
    assert not isinstance(caught.value, tenacity.RetryError)
    assert len(harness.server.requests) == 3
    assert len(harness.waits) == 2


def test_a_retry_does_not_resend_a_changed_request(harness: Harness) -> None:
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.update(DEVICE_ID, label="Porch"))
    first, second = harness.server.requests
    assert (first.method, str(first.url), first.content) == (second.method, str(second.url), second.content)
    assert json.loads(second.content) == {"label": "Porch"}
    assert first.headers["authorization"] == second.headers["authorization"] == f"Bearer {TOKEN}"


def test_a_later_page_is_retried_too(harness: Harness) -> None:
    page2 = "https://api.smartthings.com/devices?page=2"
    harness.server.reply(json_body={"items": [{"deviceId": "a"}], "_links": {"next": {"href": page2}}})
    harness.server.reply(503, content=b"")
    harness.server.reply(json_body={"items": [{"deviceId": "b"}]})
    devices = harness.collect(lambda st: st.devices.list())
    assert [d.device_id for d in devices] == ["a", "b"]
    assert harness.server.urls[1:] == [page2, page2]
