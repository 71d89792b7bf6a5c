"""Shared fixtures for the emulator's own tests: plain httpx clients over ``emu.transport``."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from smartthings_client.testing import DEFAULT_START, Emulator, FakeClock

API = "https://api.smartthings.com/v1"
ClientFactory = Callable[..., httpx.Client]


@pytest.fixture
def emu() -> Emulator:
    """A fresh seeded emulator on a fixed clock (2025-03-01T12:00:00Z), so timestamps can be asserted exactly."""
    return Emulator(clock=FakeClock(DEFAULT_START))


@pytest.fixture
def pat(emu: Emulator) -> str:
    """An all-scopes PAT."""
    return emu.issue_pat()


@pytest.fixture
def client_for(emu: Emulator) -> Iterator[ClientFactory]:
    """Make httpx clients bound to the emulator, optionally authenticated; all closed at teardown."""
    made: list[httpx.Client] = []

    def make(token: str | None = None, base_url: str = API) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(transport=emu.transport, base_url=base_url, headers=headers)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def api(client_for: ClientFactory, pat: str) -> httpx.Client:
    """A client authenticated with the all-scopes PAT."""
    return client_for(pat)
