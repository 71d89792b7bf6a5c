"""A served emulator with its console, and a headless Chromium page on it (see tests/browser.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from smartthings_client.testing import Emulator, FakeClock, LoopbackServer
from smartthings_client.testing._control import ControlAPI

from ..browser import TIMEOUT_MS, launched

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


@pytest.fixture
def emu() -> Emulator:
    # A webhook app checks the Date header against its own (real) clock: the emulator's clock follows real time.
    return Emulator(clock=FakeClock(ticking=True))


@pytest.fixture
def console(emu: Emulator) -> Iterator[LoopbackServer]:
    with ControlAPI(emu).serve(port=0) as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as running:
        from playwright.sync_api import expect

        expect.set_options(timeout=TIMEOUT_MS)
        yield running


@pytest.fixture
def page(browser: Browser, console: LoopbackServer) -> Iterator[Page]:
    """The console, open and live; any JavaScript error on it fails the test."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(console.url + "/")
    expect(opened.get_by_test_id("live")).to_have_text("live", timeout=TIMEOUT_MS)
    yield opened
    context.close()
    assert errors == [], errors
