"""The client end to end against the emulator, sync and async: what a user of both sees together."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

from smartthings_client import (
    APIConnectionError,
    APITimeoutError,
    AsyncSmartThings,
    AuthenticationError,
    Command,
    ConflictError,
    LimitError,
    MissingScopeError,
    PersonalAccessToken,
    RateLimitError,
    ResponseDecodeError,
    RetryPolicy,
    ScopeError,
    ServerError,
    SmartAppToken,
    SmartThings,
    TokenKindError,
    UnprocessableEntityError,
)
from smartthings_client.models.subscriptions import DeviceSubscription, ModeSubscription
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

MODES = ["sync", "async"]


class Both:
    """Runs the same scenario through SmartThings or AsyncSmartThings, on the emulator's clock."""

    def __init__(self, mode: str, emulator: Emulator) -> None:
        self.mode = mode
        self.emulator = emulator
        self.sleeps: list[float] = []

    def retry(self) -> RetryPolicy:
        def sleep(seconds: float) -> None:
            self.sleeps.append(seconds)
            self.emulator.clock.advance(seconds)

        async def async_sleep(seconds: float) -> None:
            sleep(seconds)

        return RetryPolicy(sleep=sleep, async_sleep=async_sleep)

    def run(self, credential: Any, call: Callable[[Any], Any], **options: Any) -> Any:
        options.setdefault("retry", self.retry())
        if self.mode == "sync":
            with SmartThings(credential, transport=self.emulator.transport, **options) as st:
                return _materialise(call(st))

        async def main() -> Any:
            async with AsyncSmartThings(credential, transport=self.emulator.transport, **options) as st:
                result = call(st)
                if hasattr(result, "__aiter__"):
                    return [item async for item in result]
                return await result

        return asyncio.run(main())


def _materialise(result: Any) -> Any:
    return list(result) if hasattr(result, "__iter__") and hasattr(result, "pages") else result


@pytest.fixture
def emulator() -> Emulator:
    return Emulator()


@pytest.fixture(params=MODES)
def both(request: pytest.FixtureRequest, emulator: Emulator) -> Both:
    return Both(request.param, emulator)


@pytest.fixture
def pat(emulator: Emulator) -> str:
    return emulator.issue_pat()


@pytest.fixture
def smartapp(emulator: Emulator) -> SmartAppToken:
    app = emulator.create_app("e2e-app")
    install = emulator.install(app)
    data = install.payload["installData"]
    return SmartAppToken(
        data["authToken"],
        installed_app_id=data["installedApp"]["installedAppId"],
        location_id=data["installedApp"]["locationId"],
        scopes=data["installedApp"]["permissions"],
    )


def light_id(emulator: Emulator) -> str:
    return emulator.devices_by_label()[SEED_LIGHT_LABEL]


def test_command_changes_the_status_that_is_read_back(both: Both, emulator: Emulator, pat: str) -> None:
    light = light_id(emulator)
    both.run(pat, lambda st: st.devices.execute(light, [Command(capability="switch", command="off")]))
    status = both.run(pat, lambda st: st.devices.status(light))
    assert status.value("switch", "switch") == "off"
    both.run(pat, lambda st: st.devices.command(light, "switchLevel", "setLevel", 25))
    assert both.run(pat, lambda st: st.devices.status(light)).value("switchLevel", "level") == 25


def test_five_hundred_devices_page_through(both: Both, emulator: Emulator, pat: str) -> None:
    seeded = len(emulator.devices)
    emulator.add_devices(500)
    devices = both.run(pat, lambda st: st.devices.list(page_size=200))
    assert len(devices) == seeded + 500
    assert len({d.device_id for d in devices}) == seeded + 500
    pages = [r for r in emulator.requests if r.path.rstrip("/").endswith("/devices")]
    assert len(pages) == 3


def test_pat_on_subscriptions_is_refused_before_sending(both: Both, emulator: Emulator, pat: str) -> None:
    emulator.clear_requests()
    request = ModeSubscription(location_id=emulator.location_id)
    with pytest.raises(TokenKindError) as caught:
        both.run(pat, lambda st: st.subscriptions.create(request, installed_app_id="1234"))
    assert caught.value.preflight
    assert emulator.requests == []


def test_blank_403_becomes_the_same_token_kind_error(both: Both, emulator: Emulator, pat: str) -> None:
    request = ModeSubscription(location_id=emulator.location_id)
    with pytest.raises(TokenKindError) as caught:
        both.run(pat, lambda st: st.subscriptions.create(request, installed_app_id="1234"), check_token_kind=False)
    assert caught.value.status_code == 403
    assert caught.value.body == ""
    assert not caught.value.preflight
    assert "Use the authToken from the INSTALL, UPDATE or EVENT payload" in str(caught.value)


def test_missing_scope_names_it(both: Both, emulator: Emulator) -> None:
    token = emulator.issue_pat(scopes=["r:devices:*", "r:locations:*"])
    credential = PersonalAccessToken(token, scopes=["r:devices:*", "r:locations:*"])
    with pytest.raises(MissingScopeError) as caught:
        both.run(credential, lambda st: st.devices.command(light_id(emulator), "switch", "on"))
    assert "x:devices" in str(caught.value)
    assert caught.value.missing


def test_smartapp_token_is_limited_to_its_location(both: Both, emulator: Emulator, smartapp: SmartAppToken) -> None:
    other = emulator.add_location("Cabin")
    with pytest.raises(ScopeError):
        both.run(smartapp, lambda st: st.locations.get(other))
    locations = both.run(smartapp, lambda st: st.locations.list())
    assert [loc.location_id for loc in locations] == [smartapp.location_id]


def test_smartapp_subscribes_and_reconciles(both: Both, emulator: Emulator, smartapp: SmartAppToken) -> None:
    light = light_id(emulator)
    wanted = [
        DeviceSubscription(device_id=light, capability="switch", attribute="switch", subscription_name="sw"),
        ModeSubscription(location_id=emulator.location_id, subscription_name="mode"),
    ]
    first = both.run(smartapp, lambda st: st.subscriptions.reconcile(wanted))
    assert len(first.created) == 2
    emulator.clear_requests()
    again = both.run(smartapp, lambda st: st.subscriptions.reconcile(wanted))
    assert (len(again.created), len(again.deleted)) == (0, 0)
    assert [r.method for r in emulator.requests] == ["GET"]
    assert len(emulator.subscriptions(str(smartapp.installed_app_id))) == 2


def test_subscription_guardrail_and_duplicates(both: Both, emulator: Emulator, smartapp: SmartAppToken) -> None:
    request = ModeSubscription(location_id=emulator.location_id, subscription_name="dup")
    both.run(smartapp, lambda st: st.subscriptions.create(request))
    with pytest.raises(ConflictError):
        both.run(smartapp, lambda st: st.subscriptions.create(request))
    for index in range(19):
        named = ModeSubscription(location_id=emulator.location_id, subscription_name=f"m{index}")
        both.run(smartapp, _create_subscription(named))
    extra = ModeSubscription(location_id=emulator.location_id, subscription_name="one-too-many")
    with pytest.raises(LimitError):
        both.run(smartapp, _create_subscription(extra))


def _create_subscription(request: ModeSubscription) -> Callable[[Any], Any]:
    return lambda st: st.subscriptions.create(request)


def _create_schedule(name: str) -> Callable[[Any], Any]:
    return lambda st: st.schedules.create_cron(name, "0 8 * * ? *", "UTC")


def test_schedule_guardrail_explains_six(both: Both, smartapp: SmartAppToken) -> None:
    for index in range(6):
        both.run(smartapp, _create_schedule(f"s{index}"))
    with pytest.raises(LimitError) as caught:
        both.run(smartapp, _create_schedule("s6"))
    assert "six" in str(caught.value)


def test_expired_pat_gets_a_401_that_says_why(both: Both, emulator: Emulator) -> None:
    token = emulator.issue_pat()
    emulator.clock.advance(24 * 3600 + 1)
    with pytest.raises(AuthenticationError) as caught:
        both.run(token, lambda st: st.locations.list())
    assert "24 hours" in str(caught.value)


def test_event_token_expires_after_five_minutes(both: Both, emulator: Emulator, smartapp: SmartAppToken) -> None:
    payload = emulator.event(str(smartapp.installed_app_id))
    data = payload["eventData"]
    event_token = SmartAppToken(
        data["authToken"],
        installed_app_id=smartapp.installed_app_id,
        scopes=data["installedApp"]["permissions"],
        event=True,
    )
    assert both.run(event_token, lambda st: st.devices.get(light_id(emulator))).label == SEED_LIGHT_LABEL
    emulator.clock.advance(5 * 60 + 1)
    with pytest.raises(AuthenticationError) as caught:
        both.run(event_token, lambda st: st.devices.get(light_id(emulator)))
    assert "5 minutes" in str(caught.value)


def test_rate_limit_is_waited_out(both: Both, emulator: Emulator, pat: str) -> None:
    emulator.rate_limits.enable(limit=2, window=30.0)
    light = light_id(emulator)
    for _ in range(3):
        both.run(pat, lambda st: st.devices.status(light))
    assert len(both.sleeps) == 1
    assert 0 < both.sleeps[0] <= 30.0


def test_rate_limit_above_the_cap_raises_at_once(both: Both, emulator: Emulator, pat: str) -> None:
    emulator.faults.add("rate_limit", retry_millis=600_000)
    with pytest.raises(RateLimitError) as caught:
        both.run(pat, lambda st: st.locations.list())
    assert caught.value.retry_after == pytest.approx(600.0)
    assert both.sleeps == []


FAULTS: list[tuple[str, dict[str, Any], type[Exception]]] = [
    ("server_error", {"status": 503, "count": 5}, ServerError),
    ("html_error", {"status": 401}, AuthenticationError),
    ("empty_body", {"status": 403}, ScopeError),
    ("malformed_json", {}, ResponseDecodeError),
    ("unexpected_error", {}, ServerError),
    ("drop", {"count": 5}, APIConnectionError),
    ("drop", {"count": 5, "error": "connect"}, APIConnectionError),
    ("slow", {"seconds": 120.0, "count": 5}, APITimeoutError),
]


@pytest.mark.parametrize(("kind", "options", "expected"), FAULTS, ids=[f"{f[0]}-{i}" for i, f in enumerate(FAULTS)])
def test_every_fault_mode_is_a_typed_error(
    both: Both, emulator: Emulator, pat: str, kind: str, options: dict[str, Any], expected: type[Exception]
) -> None:
    emulator.faults.add(kind, **options)  # type: ignore[arg-type]
    with pytest.raises(expected):
        both.run(pat, lambda st: st.locations.list(), timeout=5.0)


def test_a_transient_503_is_retried_for_a_read(both: Both, emulator: Emulator, pat: str) -> None:
    emulator.faults.add("server_error", status=503, count=1)
    locations = both.run(pat, lambda st: st.locations.list())
    assert [loc.name for loc in locations] == ["Home"]
    assert len(both.sleeps) == 1


def test_a_command_is_not_resent_after_a_dropped_answer(both: Both, emulator: Emulator, pat: str) -> None:
    light = light_id(emulator)
    emulator.faults.add("drop", method="POST", processed=True)
    emulator.clear_requests()
    with pytest.raises(APIConnectionError):
        both.run(pat, lambda st: st.devices.command(light, "switch", "off"))
    posts = [r for r in emulator.requests if r.method == "POST"]
    assert len(posts) == 1
    assert emulator.attribute(light, "switch", "switch") == "off"


def test_invalid_command_is_a_typed_422(both: Both, emulator: Emulator, pat: str) -> None:
    with pytest.raises(UnprocessableEntityError) as caught:
        both.run(pat, lambda st: st.devices.command(light_id(emulator), "thermostatMode", "heat"))
    assert caught.value.code
