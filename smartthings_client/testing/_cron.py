"""Just enough Quartz cron (without the seconds field, contract §2.4) to validate and compute next runs.

Fields: ``minute hour day-of-month month day-of-week year``. Supported: ``*``, ``?``, numbers, ranges ``a-b``,
steps ``*/n`` and ``a/n``, lists ``a,b``, month and weekday names. ``L``, ``W`` and ``#`` are accepted and
treated as "any", so such schedules fire more often here than on SmartThings.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo

_MONTHS = {
    m: i
    for i, m in enumerate(["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)
}
_DAYS = {d: i for i, d in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], start=1)}
#: (low, high, names) per field; the year range is Quartz's.
_FIELDS: tuple[tuple[int, int, dict[str, int]], ...] = (
    (0, 59, {}),
    (0, 23, {}),
    (1, 31, {}),
    (1, 12, _MONTHS),
    (1, 7, _DAYS),
    (1970, 2099, {}),
)
_FIELD_NAMES = ("minutes", "hours", "day-of-month", "month", "day-of-week", "year")
#: Abbreviations seen in SmartThings' own examples ("PST", "CST"), mapped to real zones.
_ABBREVIATIONS = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MST": "America/Denver",
    "CST": "America/Chicago",
    "EST": "America/New_York",
    "GMT": "UTC",
}


class CronError(ValueError):
    """An expression the emulator refuses (the route answers 422)."""


def _value(token: str, low: int, high: int, names: dict[str, int], field: str) -> int:
    number = names.get(token.upper()) if not token.isdigit() else int(token)
    if number is None or not low <= number <= high:
        raise CronError(f"{field}: {token!r} is not a valid value")
    return number


def _parse_field(text: str, index: int) -> set[int] | None:
    """Return the allowed values, or None for "any"."""
    low, high, names = _FIELDS[index]
    field = _FIELD_NAMES[index]
    if text in ("*", "?") or any(c in text for c in "LW#"):
        return None
    allowed: set[int] = set()
    for item in text.split(","):
        step = 1
        stepped = "/" in item
        part = item
        if stepped:
            part, step_text = item.split("/", 1)
            if not step_text.isdigit() or int(step_text) < 1:
                raise CronError(f"{field}: bad step {step_text!r}")
            step = int(step_text)
        if part in ("*", ""):
            start, end = low, high
        elif "-" in part:
            first, last = part.split("-", 1)
            start, end = _value(first, low, high, names, field), _value(last, low, high, names, field)
        else:
            start = _value(part, low, high, names, field)
            # Quartz "a/n" means from a to the end of the range, every n.
            end = high if stepped else start
        if start > end:
            raise CronError(f"{field}: range {part!r} is empty")
        allowed.update(range(start, end + 1, step))
    return allowed


def parse(expression: str) -> list[set[int] | None]:
    """Validate an expression: exactly six fields (SmartThings' Quartz without seconds)."""
    parts = expression.split()
    if len(parts) != 6:
        raise CronError(
            f"cron expression must have 6 fields (minute hour day-of-month month day-of-week year), got {len(parts)}"
        )
    return [_parse_field(part, index) for index, part in enumerate(parts)]


def zone(name: str) -> tzinfo:
    """Resolve a schedule's timezone; unknown names fall back to UTC."""
    name = _ABBREVIATIONS.get(name.upper(), name)
    if name.upper() in ("UTC", "Z"):
        return timezone.utc
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo(name)
    except (ImportError, KeyError, ValueError):
        # zoneinfo raises ZoneInfoNotFoundError (a KeyError) when the tz database lacks the name.
        return timezone.utc


def next_run(expression: str, timezone_name: str, after: float, second: int) -> int | None:
    """The first run strictly after ``after`` (epoch seconds) within two years, in epoch ms, or None."""
    fields = parse(expression)
    minutes, hours, days, months, weekdays, years = fields
    tz = zone(timezone_name)
    start = datetime.fromtimestamp(after, tz)
    for offset in range(2 * 366 + 1):
        day = start.date() + timedelta(days=offset)
        if years is not None and day.year not in years:
            continue
        if months is not None and day.month not in months:
            continue
        quartz_weekday = (day.weekday() + 1) % 7 + 1
        if days is not None and day.day not in days:
            continue
        if weekdays is not None and quartz_weekday not in weekdays:
            continue
        for hour in sorted(hours) if hours is not None else range(24):
            for minute in sorted(minutes) if minutes is not None else range(60):
                moment = datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)
                if moment.timestamp() > after:
                    return int(moment.timestamp() * 1000)
    return None
