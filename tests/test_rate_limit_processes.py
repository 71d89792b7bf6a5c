"""Six processes sharing one RedisRateLimiter (a real redis-server), on emulated time shared by all of them.

The budgets hold across processes: over three emulated minutes every documented per-minute budget grants between
95% and 100% of its limit per minute and never more than its limit in any minute; and six processes of real
clients calling the emulator, which plays the documented limits, never get a 429.  Waits are bounded, and a child
that fails fails the test at once.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from typing import Any

import pytest

from smartthings_client.ratelimits import DOCUMENTED_LIMITS
from smartthings_client.testing import Emulator

from . import rate_limit_children
from .virtual_clock import VirtualClock, VirtualFakeClock

pytest.importorskip("redis")

SPAWN = multiprocessing.get_context("spawn")
CHILDREN = 6
START = 1_750_000_000.0
# Starting six interpreters on a loaded 2-core machine is slow; the work itself takes seconds.
DEADLINE = 180.0


def run_children(target: Any, args: tuple[Any, ...], clock: VirtualClock) -> list[Any]:
    """Start the children and collect their reports; fail at once when one fails or dies."""
    results: Any = SPAWN.Queue()
    children = [SPAWN.Process(target=target, args=(me, *args, results)) for me in range(CHILDREN)]
    for child in children:
        child.start()
    reports: dict[int, Any] = {}
    deadline = time.monotonic() + DEADLINE
    try:
        while len(reports) < CHILDREN:
            try:
                me, status, payload = results.get(timeout=0.2)
            except queue.Empty:
                dead = [c.exitcode for c in children if c.exitcode not in (None, 0)]
                if dead:
                    pytest.fail(f"a child died with exit code {dead[0]} before reporting")
                if time.monotonic() > deadline:
                    pytest.fail(f"the children did not finish within {DEADLINE:.0f} s (at {clock.now() - START} s)")
                continue
            if status != "ok":
                pytest.fail(f"child {me} failed:\n{payload}")
            reports[me] = payload
    finally:
        for child in children:
            child.join(10)
            if child.is_alive():
                child.kill()
                child.join(10)
    return [reports[me] for me in range(CHILDREN)]


def test_six_processes_never_take_more_than_a_budget_and_use_at_least_95_percent_of_it(redis_url: str) -> None:
    clock = VirtualClock(SPAWN, CHILDREN, START)
    minutes = 3
    ids = {"location": "loc-1", "installed_app": "app-1", "device": "dev-1"}

    reports = run_children(rate_limit_children.take_budgets, (redis_url, clock, START + minutes * 60.0, ids), clock)

    for row in ("locations.read", "schedules.create", "devices"):
        limit = DOCUMENTED_LIMITS[row].limit
        grants = sorted(t for report in reports for t in report[row])
        # No span of a minute holds more than the limit: the grant `limit` places later is a minute on at least.
        assert all(later - first >= 60.0 for first, later in zip(grants, grants[limit:], strict=False)), row
        assert 0.95 * minutes * limit <= len(grants) <= minutes * limit, (row, len(grants))
        assert len({tuple(report[row]) for report in reports}) > 1  # the processes really shared the work


def test_six_processes_of_clients_sharing_a_redis_limiter_get_no_429_from_the_documented_limits(
    redis_url: str,
) -> None:
    clock = VirtualClock(SPAWN, CHILDREN, START)
    emu = Emulator(clock=VirtualFakeClock(clock))
    emu.rate_limits.enable_documented()
    installation = emu.install(emu.create_app("budgeted"))
    pat = emu.issue_pat()
    ids = {"location": emu.location_id, "device": emu.devices[0], "installed_app": installation.installed_app_id}
    app = (installation.auth_token, installation.installed_app_id)

    with emu.serve(port=0) as server:
        reports = run_children(
            rate_limit_children.call_the_emulator, (redis_url, clock, server.base_url, pat, app, ids), clock
        )

    statuses = [r.status for r in emu.requests]
    assert sum(reports) == len(statuses) == CHILDREN * 38
    assert set(statuses) == {200}  # no 429: every budget held across the six processes
    # The budgets made them wait: 180 location reads at 100 a minute, 24 status reads of one device at 12 a minute
    # and 24 schedule lists of one installed app at 20 per 6 minutes.
    assert clock.now() - START >= 360.0
