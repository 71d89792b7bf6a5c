"""Client-side rate budgets as a user sees them, sync and async, against the emulator playing the documented limits.

Every client here waits on the emulator's clock (its retry policy sleeps with ``emu.clock.sleep``) and keeps its
budgets on that clock (``LocalRateLimiter(clock=emu.clock.now)``), so a minute's budget costs no real time.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

from smartthings_client import (
    AsyncSmartThings,
    RateBudgetExceeded,
    RateLimitError,
    RetryPolicy,
    SmartAppToken,
    SmartThings,
)
from smartthings_client.ratelimits import (
    DOCUMENTED_LIMITS,
    RATE_LIMITS_PAGE,
    LocalRateLimiter,
    RateLimit,
    RateLimitTable,
)
from smartthings_client.ratelimits._budgets import Budgets
from smartthings_client.scopes import OPERATIONS
from smartthings_client.testing import Emulator

from .fixtures import MODES, Mode


@pytest.fixture
def emu() -> Emulator:
    emulator = Emulator()
    emulator.rate_limits.enable_documented()
    return emulator


def on_clock(emu: Emulator, **options: Any) -> RetryPolicy:
    return RetryPolicy(sleep=emu.clock.sleep, async_sleep=emu.clock.async_sleep, **options)


def calls(
    mode: Mode, emu: Emulator, call: Callable[[Any], Any], times: int, *, token: Any = None, **options: Any
) -> list[Any]:
    """Make ``call`` ``times`` times on one client; a raised error ends the list (as its last item)."""
    options.setdefault("retry", on_clock(emu))
    options.setdefault("rate_limiter", LocalRateLimiter(clock=emu.clock.now))
    token = token if token is not None else emu.issue_pat()
    results: list[Any] = []
    if mode == "sync":
        with SmartThings(token, transport=emu.transport, **options) as st:
            for _ in range(times):
                try:
                    results.append(call(st))
                except Exception as exc:
                    results.append(exc)
                    break
        return results

    async def main() -> None:
        async with AsyncSmartThings(token, transport=emu.transport, **options) as st:
            for _ in range(times):
                try:
                    results.append(await call(st))
                except Exception as exc:
                    results.append(exc)
                    break

    asyncio.run(main())
    return results


def statuses(emu: Emulator) -> list[int | None]:
    return [r.status for r in emu.requests]


@pytest.mark.parametrize("mode", MODES)
def test_twelve_status_reads_of_a_device_go_at_once_and_the_thirteenth_waits_out_the_minute(
    mode: Mode, emu: Emulator
) -> None:
    device = emu.devices[0]
    started = emu.clock.now()
    results = calls(mode, emu, lambda st: st.devices.status(device), 13)

    assert not [r for r in results if isinstance(r, Exception)]
    assert emu.clock.now() - started == pytest.approx(60.0)  # the 13th waited for the first to leave the window
    assert statuses(emu) == [200] * 13  # SmartThings never had to refuse one


@pytest.mark.parametrize("mode", MODES)
def test_raise_mode_refuses_the_call_before_sending_it_and_says_when_it_may_go(mode: Mode, emu: Emulator) -> None:
    device = emu.devices[0]
    results = calls(mode, emu, lambda st: st.devices.command(device, "switch", "on"), 13, rate_limits="raise")

    refused = results[-1]
    assert isinstance(refused, RateBudgetExceeded)
    assert len(results) == 13
    assert refused.operation == "devices.execute"
    assert refused.retry_after == pytest.approx(60.0)
    assert refused.limit is DOCUMENTED_LIMITS["devices"]
    assert refused.held is False
    assert f"device {device}" in str(refused)
    assert "12 calls per 1 min per device" in str(refused)
    assert "rate_limits='wait'" in str(refused)
    assert len(emu.requests) == 12  # the 13th never left


@pytest.mark.parametrize("mode", MODES)
def test_each_device_has_its_own_budget(mode: Mode, emu: Emulator) -> None:
    first, second = emu.devices[:2]
    limiter = LocalRateLimiter(clock=emu.clock.now)
    calls(mode, emu, lambda st: st.devices.status(first), 12, rate_limiter=limiter)
    started = emu.clock.now()

    results = calls(mode, emu, lambda st: st.devices.status(second), 1, rate_limiter=limiter, rate_limits="raise")

    assert not isinstance(results[0], Exception)
    assert emu.clock.now() == started


@pytest.mark.parametrize("mode", MODES)
def test_a_smartapps_schedule_calls_are_budgeted_per_installed_app(mode: Mode, emu: Emulator) -> None:
    installation = emu.install(emu.create_app("budgeted"))
    token = SmartAppToken(installation.auth_token, installed_app_id=installation.installed_app_id)

    results = calls(mode, emu, lambda st: st.schedules.list().to_list(), 21, token=token, rate_limits="raise")

    refused = results[-1]
    assert isinstance(refused, RateBudgetExceeded)
    assert refused.limit.name == "schedules.other"
    assert refused.retry_after == pytest.approx(360.0)
    assert f"installed app {installation.installed_app_id}" in str(refused)
    assert statuses(emu) == [200] * 20


@pytest.mark.parametrize("mode", MODES)
def test_a_429_holds_the_budget_for_the_wait_smartthings_asked(mode: Mode, emu: Emulator) -> None:
    # SmartThings limits tighter than the table says (new PATs got lower /devices limits): its view wins.
    emu.rate_limits.enable(limit=2, window=30.0, per="device")
    device = emu.devices[0]
    limiter = LocalRateLimiter(clock=emu.clock.now)

    def status(st: Any) -> Any:
        return st.devices.status(device)

    *sent, answered_429 = calls(mode, emu, status, 3, rate_limits="raise", rate_limiter=limiter, max_retries=0)
    (refused,) = calls(mode, emu, status, 1, rate_limits="raise", rate_limiter=limiter, max_retries=0)

    assert len(sent) == 2
    assert isinstance(answered_429, RateLimitError)
    assert isinstance(refused, RateBudgetExceeded)
    assert refused.held is True
    assert refused.retry_after == pytest.approx(30.0)
    assert "SmartThings answered 429" in str(refused)
    assert statuses(emu) == [200, 200, 429]  # the held call was not sent

    started = emu.clock.now()
    waited = calls(mode, emu, status, 1, rate_limiter=limiter, max_retries=0)
    assert not isinstance(waited[0], Exception)
    assert emu.clock.now() - started == pytest.approx(30.0)
    assert statuses(emu) == [200, 200, 429, 200]


@pytest.mark.parametrize("mode", MODES)
def test_a_retried_429_waits_once_not_twice(mode: Mode, emu: Emulator) -> None:
    emu.rate_limits.enable(limit=2, window=30.0, per="device")
    device = emu.devices[0]
    started = emu.clock.now()

    results = calls(mode, emu, lambda st: st.devices.status(device), 3)

    assert not [r for r in results if isinstance(r, Exception)]
    assert statuses(emu) == [200, 200, 429, 200]  # the retry went when the hold ended, in the same wait
    assert emu.clock.now() - started == pytest.approx(30.0)


@pytest.mark.parametrize("mode", MODES)
def test_a_wait_longer_than_max_wait_raises_instead_of_sleeping(mode: Mode, emu: Emulator) -> None:
    location = emu.location_id
    started = emu.clock.now()

    results = calls(mode, emu, lambda st: st.locations.update(location, name="Home"), 21)

    refused = results[-1]
    assert isinstance(refused, RateBudgetExceeded)
    assert len(results) == 21
    assert refused.limit.name == "locations.update"
    assert refused.retry_after == pytest.approx(3600.0)
    assert "max_wait of 60 s" in str(refused)
    assert emu.clock.now() == started
    assert statuses(emu) == [200] * 20


@pytest.mark.parametrize("mode", MODES)
def test_without_rate_limits_calls_are_not_budgeted(mode: Mode, emu: Emulator) -> None:
    device = emu.devices[0]

    results = calls(mode, emu, lambda st: st.devices.status(device), 13, rate_limiter=None, max_retries=0)

    assert isinstance(results[-1], RateLimitError)  # the emulator's 429: the client did not hold back
    assert statuses(emu) == [200] * 12 + [429]


def test_clients_of_one_process_share_their_budgets_by_default() -> None:
    emu = Emulator()  # no server-side limits: only the shared budget can refuse
    token = emu.issue_pat()
    with (
        SmartThings(token, transport=emu.transport, rate_limits="raise") as first,
        SmartThings(token, transport=emu.transport, rate_limits="raise") as second,
    ):
        for _ in range(100):
            first.locations.get(emu.location_id)
        with pytest.raises(RateBudgetExceeded) as refused:
            second.locations.get(emu.location_id)
    assert refused.value.limit.name == "locations.read"
    assert 59.0 < refused.value.retry_after <= 60.0  # on the real clock, a moment after the first call


def test_async_waiting_leaves_the_event_loop_free() -> None:
    emu = Emulator()
    table = RateLimitTable([RateLimit("test", 1, 0.3, "caller", "locations.get", "a test")])
    ticks: list[float] = []

    async def main() -> float:
        async def tick() -> None:
            while True:
                ticks.append(time.monotonic())
                await asyncio.sleep(0.01)

        ticker = asyncio.ensure_future(tick())
        async with AsyncSmartThings(
            emu.issue_pat(), transport=emu.transport, rate_limiter=LocalRateLimiter(table)
        ) as st:
            await st.locations.get(emu.location_id)
            started = time.monotonic()
            await st.locations.get(emu.location_id)  # waits 0.3 s, with asyncio.sleep
            waited = time.monotonic() - started
        ticker.cancel()
        return waited

    waited = asyncio.run(main())
    assert waited >= 0.25
    assert len(ticks) >= 10  # the ticker kept running while the call waited


def test_threads_never_take_more_than_the_budget() -> None:
    now = [1000.0]
    limiter = LocalRateLimiter(clock=lambda: now[0])
    budgets = Budgets(limiter, "raise", SmartAppToken("t", installed_app_id="app"), 60.0)
    op = _operation("locations.get")
    granted: list[int] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait(10)
        mine = 0
        for _ in range(50):
            if not limiter.acquire(budgets.slots(op)).wait:
                mine += 1
        granted.append(mine)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(granted) == 100  # 400 attempts at one instant, exactly the documented 100 per minute granted
    now[0] += 60.0
    assert limiter.acquire(budgets.slots(op)).wait == 0.0  # the window moved on


def _operation(name: str) -> Any:
    from smartthings_client._operation import Operation, ignore_body

    rule = OPERATIONS[name]
    return Operation(name, rule.method, rule.path, ignore_body, rule=rule)


# --- the table ------------------------------------------------------------------------------------------------


def test_every_documented_row_covers_declared_operations_and_names_its_source() -> None:
    for row in DOCUMENTED_LIMITS.values():
        covered = [name for name in OPERATIONS if row.covers(name)]
        assert covered, f"{row.name} covers no declared operation: {row.operations}"
        for pattern in row.operations:  # a misspelt name would silently budget nothing
            assert any(row.covers(n) or n in row.excluding for n in OPERATIONS if _matches(n, pattern))
        assert row.source.startswith((RATE_LIMITS_PAGE, "api-evangelist/", "SmartThingsDevelopers/"))
        if row.path_id is not None:
            for name in covered:
                assert f"{{{row.path_id}}}" in OPERATIONS[name].path, (row.name, name)


def _matches(name: str, pattern: str) -> bool:
    import fnmatch

    return fnmatch.fnmatchcase(name, pattern)


def test_the_documented_numbers() -> None:
    got = {name: (row.limit, row.period, row.per) for name, row in DOCUMENTED_LIMITS.items()}
    assert got["installedapps"] == (60, 60.0, "caller")
    assert got["subscriptions.create"] == (40, 900.0, "installed_app")
    assert got["subscriptions.other"] == (15, 900.0, "installed_app")
    assert got["schedules.create"] == (12, 60.0, "installed_app")
    assert got["schedules.other"] == (20, 360.0, "installed_app")
    assert got["locations.update"] == (20, 3600.0, "location")
    assert DOCUMENTED_LIMITS.for_operation("subscriptions.create") == (DOCUMENTED_LIMITS["subscriptions.create"],)
    assert DOCUMENTED_LIMITS.for_operation("subscriptions.delete") == (DOCUMENTED_LIMITS["subscriptions.other"],)
    assert DOCUMENTED_LIMITS.for_operation("devices.get") == ()


def test_a_table_is_overridden_by_copies() -> None:
    halved = DOCUMENTED_LIMITS.replace("devices", limit=6)
    assert halved["devices"].limit == 6
    assert DOCUMENTED_LIMITS["devices"].limit == 12
    assert "devices" not in DOCUMENTED_LIMITS.without("devices")
    extra = RateLimit("history", 10, 60.0, "caller", "history.*", "my own measurements")
    assert DOCUMENTED_LIMITS.with_limits(extra).for_operation("history.devices") == (extra,)
    assert "12 calls per 1 min per device" in repr(DOCUMENTED_LIMITS)
    with pytest.raises(KeyError):
        DOCUMENTED_LIMITS.without("no-such-row")
    with pytest.raises(ValueError, match="twice"):
        RateLimitTable([extra, extra])
    with pytest.raises(ValueError):
        RateLimit("bad", 0, 60.0, "caller", "x", "s")
    with pytest.raises(ValueError, match="per must be"):
        RateLimit("bad", 1, 60.0, "token", "x", "s")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        RateLimitTable(["devices"])  # type: ignore[list-item]


@pytest.mark.parametrize("mode", MODES)
def test_an_overridden_table_budgets_by_its_own_numbers(mode: Mode, emu: Emulator) -> None:
    limiter = LocalRateLimiter(DOCUMENTED_LIMITS.replace("devices", limit=3), clock=emu.clock.now)
    device = emu.devices[0]

    results = calls(mode, emu, lambda st: st.devices.status(device), 4, rate_limiter=limiter, rate_limits="raise")

    assert isinstance(results[-1], RateBudgetExceeded)
    assert len(emu.requests) == 3


def test_bad_options_are_refused_when_the_client_is_made() -> None:
    with pytest.raises(ValueError, match="rate_limits must be"):
        SmartThings("token", rate_limits="sometimes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="rate_limiter must be"):
        SmartThings("token", rate_limiter=object())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="RateLimitTable"):
        LocalRateLimiter([])  # type: ignore[arg-type]
