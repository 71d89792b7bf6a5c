"""Clients share one SSL context: a burst of clients does not load the CA bundle once each."""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Iterator
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, SmartThings, SmartThingsError
from smartthings_client._tls import default_ssl_context


@pytest.fixture
def bundle_loads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Every CA bundle load (what makes an SSL context expensive), from a fresh process-wide context on."""
    loads: list[Any] = []
    real = ssl.SSLContext.load_verify_locations

    def counted(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args or kwargs)
        real(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counted)
    default_ssl_context.cache_clear()
    yield loads
    default_ssl_context.cache_clear()


def test_blocking_and_async_clients_load_the_ca_bundle_once_per_process(bundle_loads: list[Any]) -> None:
    for _ in range(5):
        with SmartThings("token", base_url="https://127.0.0.1:1/v1"):
            pass

    async def calls() -> None:
        for _ in range(3):
            async with AsyncSmartThings("token", base_url="https://127.0.0.1:1/v1", max_retries=0) as st:
                with pytest.raises(SmartThingsError):  # nothing listens there: the pool was made, then refused
                    await st.locations.list().first()

    asyncio.run(calls())
    assert len(bundle_loads) == 1
    assert default_ssl_context().verify_mode == ssl.CERT_REQUIRED  # shared, and still verifying
