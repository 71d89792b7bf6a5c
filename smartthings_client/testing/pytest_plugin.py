"""pytest fixtures for testing code against the SmartThings emulator (registered as the ``smartthings`` plugin).

Fixtures:

* ``smartthings_emulator``: a fresh, seeded :class:`~smartthings_client.testing.Emulator` per test.
* ``smartthings_token``: a 24 h PAT with every scope, issued by that emulator.
* ``smartthings_client``: ``smartthings_client.SmartThings(token, transport=emu.transport)``, closed after the test.
* ``async_smartthings_client``: ``smartthings_client.AsyncSmartThings(...)``, closed after the test.
* ``smartthings_webhook``: connects an app to your webhook in one line, ``hook = smartthings_webhook(app.asgi)``
  (ASGI, WSGI or a URL); ``hook.install(...)``, ``hook.deliver_events()``... then POST signed lifecycles to it.

Both clients wait between retries on the emulator's clock (``emu.clock.sleep``): a 429 that asks for 10 s, or the
backoff after a 503, moves ``emu.clock`` forward and costs no real time, so tests with rate limits and faults run
in milliseconds.

The async fixture needs no pytest-asyncio: drive it from a plain test with ``asyncio.run``::

    def test_lights(async_smartthings_client, smartthings_emulator):
        async def main():
            return [d async for d in async_smartthings_client.devices.list()]
        devices = asyncio.run(main())

The client is created outside any event loop and closed with its own ``asyncio.run`` at teardown, which
works because the emulator transport holds no sockets tied to a loop.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Generator, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    # Imported by the fixtures that need them: pytest loads this plugin in every run of every project that has
    # the package installed, and most of those runs never touch the emulator.
    from ._emulator import EmulatedApp, Emulator
    from ._webhook import Webhook


def make_client(emulator: Emulator, token: str) -> Generator[Any, None, None]:
    """Yield a sync client wired to the emulator and close it afterwards (the fixture's body)."""
    # Imported here so the plugin loads even where the client package is broken or absent.
    from smartthings_client import SmartThings

    client = SmartThings(token, transport=emulator.transport, retry=_retry_on_clock(emulator))
    try:
        yield client
    finally:
        client.close()


def make_async_client(emulator: Emulator, token: str) -> Generator[Any, None, None]:
    """Yield an async client wired to the emulator and close it afterwards (the fixture's body)."""
    from smartthings_client import AsyncSmartThings

    client = AsyncSmartThings(token, transport=emulator.transport, retry=_retry_on_clock(emulator))
    try:
        yield client
    finally:
        _run(client.aclose())


def connect_webhook(
    emulator: Emulator, target: str | Callable[..., Any], app: EmulatedApp | None = None, **options: Any
) -> Webhook:
    """The emulator sending signed lifecycles to ``target`` (the ``smartthings_webhook`` fixture's body)."""
    chosen = app if app is not None else emulator.create_app("webhook-app")
    return emulator.webhook(chosen, target, **options)


def _retry_on_clock(emulator: Emulator) -> Any:
    """The default retry policy, waiting on the emulator's clock instead of in real time."""
    from smartthings_client import RetryPolicy

    return RetryPolicy(sleep=emulator.clock.sleep, async_sleep=emulator.clock.async_sleep)


def _run(awaitable: Any) -> None:
    """Run a coroutine to completion from synchronous teardown, even if a loop is already running."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(awaitable)
        return
    # Inside a running loop (e.g. under pytest-asyncio) asyncio.run is not allowed: use a private loop.
    loop = asyncio.new_event_loop()
    with contextlib.closing(loop):
        loop.run_until_complete(awaitable)


@pytest.fixture
def smartthings_emulator() -> Emulator:
    """A fresh seeded emulator (location "Home", rooms, modes, ~24 real devices)."""
    from ._emulator import Emulator

    return Emulator()


@pytest.fixture
def smartthings_token(smartthings_emulator: Emulator) -> str:
    """A 24 h personal access token with every scope."""
    return smartthings_emulator.issue_pat()


@pytest.fixture
def smartthings_client(smartthings_emulator: Emulator, smartthings_token: str) -> Iterator[Any]:
    """A ``smartthings_client.SmartThings`` connected to the emulator."""
    yield from make_client(smartthings_emulator, smartthings_token)


@pytest.fixture
def async_smartthings_client(smartthings_emulator: Emulator, smartthings_token: str) -> Iterator[Any]:
    """A ``smartthings_client.AsyncSmartThings`` connected to the emulator; use it inside ``asyncio.run``."""
    yield from make_async_client(smartthings_emulator, smartthings_token)


@pytest.fixture
def smartthings_webhook(smartthings_emulator: Emulator) -> Callable[..., Webhook]:
    """``smartthings_webhook(target, app=None, **options) -> Webhook``: ``smartthings_emulator`` sending signed
    lifecycle requests to ``target`` (an ASGI app such as ``SmartApp.asgi``, a WSGI app, or a URL).

    Without ``app`` (an :class:`EmulatedApp`), a webhook app named ``webhook-app`` is created with the default
    whitelist; ``options`` go to :meth:`Emulator.webhook` (``target_url=`` the URL registered for the app, whose
    path is signed; ``signature_type=``).  Give the SmartApp ``client_options={"transport":
    smartthings_emulator.transport}`` (its clients and the key-server fetch then reach the emulator) and
    ``clock=smartthings_emulator.clock.now`` (the signatures' Date is the emulator's time)::

        def test_install(smartthings_webhook, smartthings_emulator):
            app = make_my_app(client_options={"transport": smartthings_emulator.transport},
                              clock=smartthings_emulator.clock.now)
            hook = smartthings_webhook(app.asgi, target_url=app.target_url)
            installation, delivery = hook.install(config={"lights": [...]})
            assert delivery.status == 200
    """

    return functools.partial(connect_webhook, smartthings_emulator)
