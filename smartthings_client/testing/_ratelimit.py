"""Opt-in fixed-window rate limiting with the real 429 body and ``x-ratelimit-*`` headers (contract §5).

Two ways to switch it on: one rule of your own (``enable(limit, window, per, paths)``), or the documented SmartThings
limits (``enable_documented()``), read from the client's one table,
:data:`smartthings_client.ratelimits.DOCUMENTED_LIMITS`, each row kept per caller, installed app, location or
device as documented.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from ._clock import FakeClock

if TYPE_CHECKING:
    from ..ratelimits import RateLimitTable

_DEVICE_PATH = re.compile(r"^/devices/([^/]+)")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# A rule's key for one request (None: the rule does not count it), from the caller and the request's method and path.
Keyer = Callable[[str, str, str], str | None]


@dataclass
class _Window:
    started: float
    count: int = 0


@dataclass(frozen=True)
class _Rule:
    name: str
    limit: int
    window: float
    key: Keyer


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
    documented: bool = False
    """The documented SmartThings limits are enforced (:meth:`RateLimiter.enable_documented`), not the rule above."""


class RateLimiter:
    """Counts requests in fixed windows measured on the emulator's clock, per rule.

    Disabled by default. Once enabled every counted response carries the ``x-ratelimit-*`` headers (of the rule
    closest to its limit), and a request beyond the limit of any rule that counts it gets 429. Refused attempts
    still count, which is why the real message can read ``attempt 20 limit 10``.
    """

    def __init__(self, clock: FakeClock) -> None:
        self._clock = clock
        self._rules: tuple[_Rule, ...] = ()
        self._windows: dict[tuple[str, str], _Window] = {}
        self._settings = RateLimitSettings(enabled=False, limit=10, window=60.0, per="token", paths=None)

    @property
    def enabled(self) -> bool:
        """Whether limits are being enforced."""
        return bool(self._rules)

    def enable(
        self,
        limit: int = 10,
        window: float = 60.0,
        per: Literal["token", "device"] = "token",
        paths: list[str | re.Pattern[str]] | tuple[str | re.Pattern[str], ...] | None = None,
    ) -> None:
        """Limit to ``limit`` requests per ``window`` seconds, per bearer token or per device id (replacing any
        limits enabled before).

        ``paths`` restricts counting to requests whose path (without ``/v1``) contains one of the strings
        or matches one of the compiled regexes. With ``per="device"`` only ``/devices/{id}/...`` requests count.
        """
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        if per not in ("token", "device"):
            raise ValueError("per must be 'token' or 'device'")
        selectors = tuple(paths) if paths is not None else None

        def key(caller: str, method: str, path: str) -> str | None:
            if selectors is not None and not _selected(selectors, path):
                return None
            if per == "device":
                match = _DEVICE_PATH.match(path)
                return None if match is None else "device:" + match.group(1)
            return "token:" + caller

        self._set((_Rule("custom", limit, float(window), key),))
        self._settings = RateLimitSettings(enabled=True, limit=limit, window=float(window), per=per, paths=selectors)

    def enable_documented(self, limits: RateLimitTable | None = None) -> None:
        """Enforce the documented SmartThings rate limits (``limits`` replaces the table), each as documented:
        per caller (the installed app of a SmartApp token, else the token), per installed app, location or device
        in the path (replacing any limits enabled before)."""
        from ..ratelimits import DOCUMENTED_LIMITS
        from ..scopes import OPERATIONS

        table = DOCUMENTED_LIMITS if limits is None else limits
        rules = []
        for row in table.values():
            routes = [
                (rule.method, _template_regex(rule.path)) for name, rule in OPERATIONS.items() if row.covers(name)
            ]
            rules.append(_Rule(row.name, row.limit, row.period, _documented_key(routes, row.path_id)))
        self._set(tuple(rules))
        self._settings = replace(self._settings, enabled=True, documented=True)

    @property
    def settings(self) -> RateLimitSettings:
        """The current settings (the last ones given to :meth:`enable` while disabled)."""
        return self._settings

    def disable(self) -> None:
        """Stop limiting and forget all counters."""
        self._set(())
        self._settings = replace(self._settings, enabled=False, documented=False)

    def _set(self, rules: tuple[_Rule, ...]) -> None:
        self._rules = rules
        self._windows.clear()

    def check(self, caller: str | None, path: str, method: str = "GET") -> RateDecision | None:
        """Count one request of ``caller`` (its installed app, else its token); None when no rule counts it."""
        rules = self._rules
        if not rules:
            return None
        who = caller or "<anonymous>"
        now = self._clock.now()
        counted: list[RateDecision] = []
        for rule in rules:
            key = rule.key(who, method, path)
            if key is not None:
                counted.append(self._count(rule, key, now))
        if not counted:
            return None
        refused = [d for d in counted if d.limited]
        if refused:
            return max(refused, key=lambda d: d.retry_millis)
        return min(counted, key=lambda d: d.remaining)

    def _count(self, rule: _Rule, key: str, now: float) -> RateDecision:
        window = self._windows.get((rule.name, key))
        if window is None or now >= window.started + rule.window:
            window = self._windows[(rule.name, key)] = _Window(started=now)
        window.count += 1
        left = max(0.0, window.started + rule.window - now)
        return RateDecision(
            limited=window.count > rule.limit,
            attempt=window.count,
            limit=rule.limit,
            remaining=max(0, rule.limit - window.count),
            reset_seconds=math.ceil(left),
            retry_millis=math.ceil(left * 1000),
        )


def _template_regex(template: str) -> re.Pattern[str]:
    return re.compile("^" + _PLACEHOLDER.sub(r"(?P<\1>[^/]+)", template) + "/?$")


def _documented_key(routes: list[tuple[str, re.Pattern[str]]], path_id: str | None) -> Keyer:
    def key(caller: str, method: str, path: str) -> str | None:
        for route_method, regex in routes:
            if route_method == method:
                match = regex.match(path)
                if match is not None:
                    value = match.groupdict().get(path_id) if path_id is not None else None
                    return f"{path_id}:{value}" if value else "caller:" + caller
        return None

    return key


def _selected(selectors: tuple[str | re.Pattern[str], ...], path: str) -> bool:
    for selector in selectors:
        if isinstance(selector, re.Pattern):
            if selector.search(path):
                return True
        elif selector in path:
            return True
    return False
