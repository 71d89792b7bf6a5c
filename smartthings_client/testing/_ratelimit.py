"""Opt-in fixed-window rate limiting with the real 429 body and ``x-ratelimit-*`` headers (contract §5)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from ._clock import FakeClock

_DEVICE_PATH = re.compile(r"^/devices/([^/]+)")


@dataclass
class _Window:
    started: float
    count: int = 0


@dataclass(frozen=True)
class RateDecision:
    """The outcome of counting one request: whether to refuse it, and the header values."""

    limited: bool
    attempt: int
    limit: int
    remaining: int
    reset_seconds: int
    retry_millis: int

    def headers(self) -> dict[str, str]:
        """Return the ``x-ratelimit-*`` headers (reset is in seconds, contract §5)."""
        return {
            "x-ratelimit-limit": str(self.limit),
            "x-ratelimit-remaining": str(self.remaining),
            "x-ratelimit-reset": str(self.reset_seconds),
        }

    def body(self, request_id: str) -> dict[str, object]:
        """Return the real ``TooManyRequestError`` body, retry hint in the detail's free text."""
        message = f"attempt {self.attempt} limit {self.limit} - retry in {self.retry_millis} millis"
        return {
            "requestId": request_id,
            "error": {
                "code": "TooManyRequestError",
                "message": "Too Many Requests",
                "details": [{"code": "TooManyRequestError", "message": message, "details": []}],
            },
        }


@dataclass(frozen=True)
class RateLimitSettings:
    """What the limiter enforces now (``emu.rate_limits.settings``)."""

    enabled: bool
    limit: int
    window: float
    per: Literal["token", "device"]
    paths: tuple[str | re.Pattern[str], ...] | None


class RateLimiter:
    """Counts requests per token or per device in fixed windows measured on the emulator's clock.

    Disabled by default. Once enabled every counted response carries the ``x-ratelimit-*`` headers, and
    requests beyond ``limit`` in a window get 429. Refused attempts still count, which is why the real
    message can read ``attempt 20 limit 10``.
    """

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._enabled = False
        self._limit = 10
        self._window = 60.0
        self._per: Literal["token", "device"] = "token"
        self._paths: tuple[str | re.Pattern[str], ...] | None = None
        self._windows: dict[str, _Window] = {}

    @property
    def enabled(self) -> bool:
        """Whether limits are being enforced."""
        return self._enabled

    def enable(
        self,
        limit: int = 10,
        window: float = 60.0,
        per: Literal["token", "device"] = "token",
        paths: list[str | re.Pattern[str]] | tuple[str | re.Pattern[str], ...] | None = None,
    ) -> None:
        """Start limiting: ``limit`` requests per ``window`` seconds, per bearer token or per device id.

        ``paths`` restricts counting to requests whose path (without ``/v1``) contains one of the strings
        or matches one of the compiled regexes. With ``per="device"`` only ``/devices/{id}/...`` requests count.
        """
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        if per not in ("token", "device"):
            raise ValueError("per must be 'token' or 'device'")
        self._enabled = True
        self._limit = limit
        self._window = float(window)
        self._per = per
        self._paths = tuple(paths) if paths is not None else None
        self._windows.clear()

    @property
    def settings(self) -> RateLimitSettings:
        """The current settings (the last ones given to :meth:`enable` while disabled)."""
        return RateLimitSettings(self._enabled, self._limit, self._window, self._per, self._paths)

    def disable(self) -> None:
        """Stop limiting and forget all counters."""
        self._enabled = False
        self._windows.clear()

    def check(self, token: str | None, path: str) -> RateDecision | None:
        """Count one request; return None when it is not subject to limiting."""
        if not self._enabled or not self._path_selected(path):
            return None
        if self._per == "device":
            match = _DEVICE_PATH.match(path)
            if match is None:
                return None
            key = "device:" + match.group(1)
        else:
            key = "token:" + (token or "<anonymous>")
        now = self._clock.now()
        window = self._windows.get(key)
        if window is None or now >= window.started + self._window:
            window = _Window(started=now)
            self._windows[key] = window
        window.count += 1
        left = max(0.0, window.started + self._window - now)
        return RateDecision(
            limited=window.count > self._limit,
            attempt=window.count,
            limit=self._limit,
            remaining=max(0, self._limit - window.count),
            reset_seconds=math.ceil(left),
            retry_millis=math.ceil(left * 1000),
        )

    def _path_selected(self, path: str) -> bool:
        if self._paths is None:
            return True
        for selector in self._paths:
            if isinstance(selector, re.Pattern):
                if selector.search(path):
                    return True
            elif selector in path:
                return True
        return False
