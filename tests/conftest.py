"""Fixtures for the client's tests; helpers live in tests/fixtures.py."""

from __future__ import annotations

from typing import Literal

import pytest

from .fixtures import Harness


@pytest.fixture(autouse=True)
def _no_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's SMARTTHINGS_BASE_URL (e.g. a served emulator) must not redirect the tests' clients."""
    monkeypatch.delenv("SMARTTHINGS_BASE_URL", raising=False)


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """The same test on ``SmartThings`` and on ``AsyncSmartThings``."""
    mode: Literal["sync", "async"] = request.param
    return Harness(mode)


@pytest.fixture
def sync_harness() -> Harness:
    """For tests about parsing, where the blocking client alone is enough."""
    return Harness("sync")
