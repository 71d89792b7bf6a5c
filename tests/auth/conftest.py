"""Fixtures of the token-lifecycle tests: a fresh emulator, a webhook SmartApp and its installation."""

from __future__ import annotations

from pathlib import Path

import pytest

from smartthings_client.auth import FileTokenStore, MemoryTokenStore, TokenStore
from smartthings_client.testing import EmulatedApp, Emulator, Installation


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


@pytest.fixture
def app(emu: Emulator) -> EmulatedApp:
    return emu.create_app("lifecycle-tests")


@pytest.fixture
def installation(emu: Emulator, app: EmulatedApp) -> Installation:
    return emu.install(app)


@pytest.fixture(params=["memory", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> TokenStore:
    """Every behaviour that involves a store is checked on both stores."""
    if request.param == "memory":
        return MemoryTokenStore()
    return FileTokenStore(tmp_path / "tokens")
