"""Bodies of the child processes of test_rate_limit_processes.py (importable by name, as the spawn start method needs).

Each child reports ``("ok", payload)`` or ``("error", traceback)`` on its queue and leaves the virtual clock however
it ends, so the others never wait for it.
"""

from __future__ import annotations

import asyncio
import traceback
from collections.abc import Callable
from typing import Any

from smartthings_client import AsyncSmartThings, RetryPolicy, SmartAppToken, SmartThings
from smartthings_client._operation import Operation, ignore_body
from smartthings_client.ratelimits import RedisRateLimiter
from smartthings_client.ratelimits._budgets import Budgets
from smartthings_client.scopes import OPERATIONS

from .virtual_clock import VirtualClock


def _report(me: int, clock: VirtualClock, results: Any, body: Callable[[], Any]) -> None:
    try:
        results.put((me, "ok", body()))
    except BaseException:
        results.put((me, "error", traceback.format_exc()))
        raise
    finally:
        clock.leave()


def _operation(name: str, **ids: str) -> Operation[None]:
    rule = OPERATIONS[name]
    return Operation(name, rule.method, rule.path, ignore_body, ids=ids or None, rule=rule)


def take_budgets(me: int, url: str, clock: VirtualClock, until: float, ids: dict[str, str], results: Any) -> None:
    """Take every call the shared budgets allow until ``until`` (emulated), sleeping when all are spent; report
    the emulated time of each grant per documented row."""

    def body() -> dict[str, list[float]]:
        limiter = RedisRateLimiter.from_url(url, clock=clock.now)
        budgets = Budgets(limiter, "wait", SmartAppToken("t", installed_app_id=ids["installed_app"]), 3600.0)
        ops = {
            "locations.read": _operation("locations.get", locationId=ids["location"]),
            "schedules.create": _operation("schedules.create", installedAppId=ids["installed_app"]),
            "devices": _operation("devices.status", deviceId=ids["device"]),
        }
        granted: dict[str, list[float]] = {row: [] for row in ops}
        while (now := clock.now()) < until:
            waits = []
            for row, op in ops.items():
                decision = limiter.acquire(budgets.slots(op))
                if decision.wait:
                    waits.append(decision.wait)
                else:
                    granted[row].append(now)
            if len(waits) == len(ops):
                clock.sleep(me, min(*waits, until - now))
        return granted

    _report(me, clock, results, body)


def call_the_emulator(
    me: int, url: str, clock: VirtualClock, base_url: str, pat: str, app: tuple[str, str], ids: dict[str, str],
    results: Any,
) -> None:  # fmt: skip
    """Make this child's share of calls through real clients (sync or async by parity) with rate_limits="wait"."""

    def sleep(seconds: float) -> None:
        clock.sleep(me, seconds)

    async def async_sleep(seconds: float) -> None:
        await asyncio.to_thread(clock.sleep, me, seconds)

    retry = RetryPolicy(sleep=sleep, async_sleep=async_sleep, max_wait=3600.0)
    limiter = RedisRateLimiter.from_url(url, clock=clock.now)
    app_token = SmartAppToken(app[0], installed_app_id=app[1])
    options: dict[str, Any] = {"base_url": base_url, "retry": retry, "rate_limiter": limiter, "max_retries": 0}

    def sync_calls() -> int:
        with SmartThings(pat, **options) as st, SmartThings(app_token, **options) as smartapp:
            for _ in range(30):
                st.locations.get(ids["location"])
            for _ in range(4):
                st.devices.status(ids["device"])
            for _ in range(4):
                smartapp.schedules.list().to_list()
        return 38

    async def async_calls() -> int:
        async with AsyncSmartThings(pat, **options) as st, AsyncSmartThings(app_token, **options) as smartapp:
            for _ in range(30):
                await st.locations.get(ids["location"])
            for _ in range(4):
                await st.devices.status(ids["device"])
            for _ in range(4):
                await smartapp.schedules.list().to_list()
        return 38

    _report(me, clock, results, lambda: sync_calls() if me % 2 == 0 else asyncio.run(async_calls()))
