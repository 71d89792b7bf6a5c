"""The documented SmartThings rate limits: one table, each row with its source, read by the client's budgets and by
the emulator that plays them.

SmartThings changes these numbers without notice and its published copies disagree, so every row can be replaced
(:meth:`RateLimitTable.replace`) and rows can be added or dropped; a 429 still wins over any row (it holds the
budget for the wait SmartThings asked for).
"""

from __future__ import annotations

import fnmatch
import types
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

Per = Literal["caller", "installed_app", "location", "device"]
"""What a row's budget is kept per: the caller (the token's installed app, or the token itself), the installed app
in the path (``/installedapps/{installedAppId}/...``), the location in the path, or the device in the path."""

_PATH_ID: Mapping[str, str] = types.MappingProxyType(
    {"installed_app": "installedAppId", "location": "locationId", "device": "deviceId"}
)

RATE_LIMITS_PAGE = "https://developer.smartthings.com/docs/getting-started/rate-limits"
_SECONDARY = (
    "api-evangelist/smartthings rate-limits/smartthings-rate-limits.yml (a secondary summary marked approximate; "
    "SmartThings publishes no per-device number)"
)


def _patterns(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class RateLimit:
    """One documented limit: at most ``limit`` calls per ``period`` seconds of the ``operations`` it covers, kept
    ``per`` caller, installed app, location or device.

    ``operations`` and ``excluding`` are operation names or shell patterns (``"subscriptions.*"``), as in
    ``smartthings-client scopes explain``; ``source`` says where the number comes from.
    """

    name: str
    limit: int = attrs.field(validator=attrs.validators.gt(0))
    period: float = attrs.field(validator=attrs.validators.gt(0))
    per: Per
    operations: tuple[str, ...] = attrs.field(converter=_patterns)
    source: str
    excluding: tuple[str, ...] = attrs.field(default=(), converter=_patterns)

    def __attrs_post_init__(self) -> None:
        if self.per not in ("caller", *_PATH_ID):
            raise ValueError(f"per must be caller, installed_app, location or device, got {self.per!r}")

    def covers(self, operation: str) -> bool:
        """Whether calls of ``operation`` (``"subscriptions.create"``) count against this limit."""
        return any(fnmatch.fnmatchcase(operation, p) for p in self.operations) and not any(
            fnmatch.fnmatchcase(operation, p) for p in self.excluding
        )

    @property
    def path_id(self) -> str | None:
        """The path placeholder the budget is kept per (``deviceId``), or None when it is kept per caller."""
        return _PATH_ID.get(self.per)

    @property
    def rate(self) -> str:
        """``"12 calls per 1 min"``."""
        return f"{self.limit} calls per {_duration(self.period)}"

    def describe(self) -> str:
        """``"schedules.create: 12 calls per 1 min per installed app"``."""
        return f"{self.name}: {self.rate} per {self.per.replace('_', ' ')}"


def _duration(seconds: float) -> str:
    for unit, size in (("h", 3600.0), ("min", 60.0)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds / size:g} {unit}"
    return f"{seconds:g} s"


class RateLimitTable(Mapping[str, RateLimit]):
    """Rate limits by name, and which of them each operation counts against (worked out once per operation)."""

    def __init__(self, limits: Iterable[RateLimit]) -> None:
        rows: dict[str, RateLimit] = {}
        for row in limits:
            if not isinstance(row, RateLimit):
                raise TypeError(f"a rate limit table holds RateLimit rows, not {type(row).__name__}")
            if row.name in rows:
                raise ValueError(f"rate limit {row.name!r} is given twice")
            rows[row.name] = row
        self._rows = rows
        self._by_operation: dict[str, tuple[RateLimit, ...]] = {}

    def __getitem__(self, name: str) -> RateLimit:
        return self._rows[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def for_operation(self, operation: str) -> tuple[RateLimit, ...]:
        """The rows a call of ``operation`` counts against (a dict lookup after the first call)."""
        found = self._by_operation.get(operation)
        if found is None:
            found = self._by_operation[operation] = tuple(r for r in self._rows.values() if r.covers(operation))
        return found

    def replace(self, name: str, **changes: Any) -> RateLimitTable:
        """A copy with row ``name`` changed, e.g. ``DOCUMENTED_LIMITS.replace("devices", limit=6)``."""
        row = attrs.evolve(self._rows[name], **changes)
        return RateLimitTable(row if r.name == name else r for r in self._rows.values())

    def without(self, *names: str) -> RateLimitTable:
        """A copy without the named rows."""
        for name in names:
            self._rows[name]
        return RateLimitTable(r for r in self._rows.values() if r.name not in names)

    def with_limits(self, *limits: RateLimit) -> RateLimitTable:
        """A copy with more rows (or rows of the same name replaced)."""
        names = {r.name for r in limits}
        return RateLimitTable([*(r for r in self._rows.values() if r.name not in names), *limits])

    def __repr__(self) -> str:
        return f"RateLimitTable({', '.join(r.describe() for r in self._rows.values())})"


_MINUTE, _HOUR = 60.0, 3600.0

DOCUMENTED_LIMITS = RateLimitTable(
    [
        RateLimit("apps", 60, _MINUTE, "caller", "apps.*", RATE_LIMITS_PAGE + " (Apps: all Apps APIs)"),
        RateLimit(
            "installedapps",
            60,
            _MINUTE,
            "caller",
            "installedapps.*",
            RATE_LIMITS_PAGE + " (Installed Apps: all Installed Apps APIs)",
        ),
        RateLimit(
            "rules",
            60,
            _MINUTE,
            "caller",
            "rules.*",
            "SmartThingsDevelopers/Sample-RulesAPI README: rules are subject to the same rate limits as Apps",
        ),
        RateLimit(
            "locations.read",
            100,
            _MINUTE,
            "caller",
            ("locations.get", "locations.list"),
            RATE_LIMITS_PAGE + " (Locations: Get Location, List Location)",
        ),
        RateLimit(
            "locations.update",
            20,
            _HOUR,
            "location",
            "locations.update",
            RATE_LIMITS_PAGE + " (Locations: Update Location)",
        ),
        RateLimit(
            "locations.create_delete",
            50,
            _HOUR,
            "caller",
            ("locations.create", "locations.delete"),
            RATE_LIMITS_PAGE + " (Locations: Create Location, Delete Location)",
        ),
        RateLimit(
            "rooms", 50, _HOUR, "location", "rooms.*", RATE_LIMITS_PAGE + " (Rooms: Get, List, Update, Create, Delete)"
        ),
        RateLimit(
            "subscriptions.create",
            40,
            15 * _MINUTE,
            "installed_app",
            "subscriptions.create",
            RATE_LIMITS_PAGE + " (Subscriptions: creating)",
        ),
        RateLimit(
            "subscriptions.other",
            15,
            15 * _MINUTE,
            "installed_app",
            "subscriptions.*",
            RATE_LIMITS_PAGE + " (Subscriptions: all other Subscriptions APIs)",
            excluding="subscriptions.create",
        ),
        RateLimit(
            "schedules.create",
            12,
            _MINUTE,
            "installed_app",
            "schedules.create",
            RATE_LIMITS_PAGE + " (Schedules: POST)",
        ),
        RateLimit(
            "schedules.other",
            20,
            6 * _MINUTE,
            "installed_app",
            "schedules.*",
            RATE_LIMITS_PAGE + " (Schedules: all other Schedules APIs)",
            excluding="schedules.create",
        ),
        RateLimit(
            "devices",
            12,
            _MINUTE,
            "device",
            ("devices.status", "devices.component_status", "devices.execute", "devices.create_events"),
            _SECONDARY + ": Devices - Get State / Send Commands / Create Events, 12 per minute per device",
        ),
        RateLimit(
            "definitions.get",
            15,
            _MINUTE,
            "caller",
            ("capabilities.get", "deviceprofiles.get"),
            _SECONDARY + ": Capabilities / Device Profiles - Get by Id, 15 per minute",
        ),
    ]
)
"""The documented limits SmartThings enforces, as of 2026 (see each row's ``source``).  Not in the table: the
lifecycle limits (20 per minute per installed app), which count calls SmartThings makes to your app, and
guardrails (counts such as 6 schedules per installed app), which answer 422 ``LimitError``, not 429."""
