"""Fixtures for the client's tests; helpers live in tests/fixtures.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from .fixtures import Harness
from .redis_server import RedisServer, require_redis_server


@pytest.fixture(autouse=True)
def _no_base_url_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's SMARTTHINGS_BASE_URL (e.g. a served emulator) must not redirect the tests' clients."""
    monkeypatch.delenv("SMARTTHINGS_BASE_URL", raising=False)


@pytest.fixture(autouse=True)
def _no_profiles_or_cache_of_the_developer(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The command line reads profiles from $XDG_CONFIG_HOME and caches names under $XDG_CACHE_HOME: a
    developer's own must not change what the tests' commands do (each test starts with none)."""
    home = tmp_path_factory.mktemp("xdg")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("SMARTTHINGS_PROFILE", raising=False)
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)


@pytest.fixture(params=["sync", "async"])
def harness(request: pytest.FixtureRequest) -> Harness:
    """The same test on ``SmartThings`` and on ``AsyncSmartThings``."""
    mode: Literal["sync", "async"] = request.param
    return Harness(mode)


@pytest.fixture
def sync_harness() -> Harness:
    """For tests about parsing, where the blocking client alone is enough."""
    return Harness("sync")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real redis-server for the session (skips, or fails under CI=true, when it is not installed)."""
    server = RedisServer(require_redis_server(), tmp_path_factory.mktemp("redis"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared server, emptied for this test."""
    redis_server.flush()
    return redis_server.url


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, for tests that kill and restart it."""
    server = RedisServer(require_redis_server(), tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
