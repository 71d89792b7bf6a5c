"""Without Chromium the browser tests skip locally, and fail under CI=true (CI installs it)."""

from __future__ import annotations

import pytest

from .. import browser


@pytest.fixture
def no_chromium(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browser, "CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "/nonexistent")


@pytest.mark.usefixtures("no_chromium")
def test_a_missing_chromium_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="chromium not installed"):
        browser.require_chromium()


@pytest.mark.usefixtures("no_chromium")
def test_a_missing_chromium_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=r"chromium not installed .* and CI=true"):
        browser.require_chromium()
