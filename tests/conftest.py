"""Fixtures for the client's tests; helpers live in tests/fixtures.py."""

from __future__ import annotations

from typing import Literal

import pytest

from .fixtures import Harness


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """The same test on ``SmartThings`` and on ``AsyncSmartThings``."""
    mode: Literal["sync", "async"] = request.param
    return Harness(mode)


@pytest.fixture
def sync_harness() -> Harness:
    """For tests about parsing, where the blocking client alone is enough."""
    return Harness("sync")
