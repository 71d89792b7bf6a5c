"""Headless Chromium for the console's tests, driven by Playwright for Python on Debian's ``chromium`` package.

Playwright's own browser download cannot work offline, so the tests point it at ``/usr/bin/chromium``
(``apt-get install chromium``) and never run ``playwright install``.  Without that binary (or without the
``playwright`` package) the browser tests skip with one line saying so, except under ``CI=true``, where they fail:
CI installs chromium (``.ci/run``), so a missing browser there is a broken machine, not a reason to pass.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"
#: What a headless Chromium needs in a container: no sandbox (no user namespaces), no GPU, nothing phoning home.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Screenshots of every page the tests visit, to look at after a run: test-artifacts/console/ (gitignored), or
#: $TEST_ARTIFACTS/console/ when set (a CI job keeps that folder).
ARTIFACTS = Path(os.environ.get("TEST_ARTIFACTS") or Path(__file__).resolve().parents[1] / "test-artifacts") / "console"
#: Every wait of a browser test is bounded by this (milliseconds): a loaded 2-core machine draws slowly.
TIMEOUT_MS = 15_000


def _missing(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason + " and CI=true", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> str:
    """Debian's chromium binary, or skip (fail under CI=true)."""
    binary = CHROMIUM if os.access(CHROMIUM, os.X_OK) else shutil.which("chromium")
    if binary is None:
        _missing("chromium not installed (apt-get install chromium); the console's browser tests need it")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _missing("playwright not installed (pip install -e '.[dev]'); the console's browser tests need it")
    assert binary is not None
    return binary


@contextmanager
def launched() -> Iterator[Browser]:
    """A headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    binary = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=binary, args=ARGS, timeout=TIMEOUT_MS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / f"{name}.png"
