"""``st.schedules``: timers of an installed app (``/installedapps/{installedAppId}/schedules``).

Schedules fire as ``TIMER_EVENT`` in the installed app's EVENT lifecycle.  SmartThings' own documentation
contradicts itself on the format (5- and 6-field crons, seconds for "once"), so the arguments are checked here,
before sending, with messages that say what SmartThings actually accepts.
"""

from __future__ import annotations

import contextlib
import functools
import re
import time
import zoneinfo
from collections.abc import Iterable
from datetime import datetime

import attrs

from .._operation import Request, ignore_body, own_app_if_none
from ..errors import NotFoundError
from ..models.converter import decode_as
from ..models.schedules import CronScheduleRequest, Schedule
from ..scopes import SMARTAPP_ONLY
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, collect, endpoint, flow, paged

__all__ = ["MAX_SCHEDULES", "AsyncSchedules", "ScheduleReconcileResult", "Schedules"]

MAX_SCHEDULES = 6  # SmartThings guardrail per installed app
MAX_EXPRESSION = 256
TWO_YEARS_MS = 730 * 24 * 3600 * 1000  # "less than 2 years from now" (S1, core-sdk)

SCHEDULE_NAME = re.compile(r"[A-Za-z0-9._\-]{1,36}")
_LIMIT_HINT = (
    "SmartThings allows six schedules per installed app: delete one you no longer need "
    "(schedules.delete or schedules.delete_all) before creating another"
)
_CRON_FORMAT = (
    "SmartThings wants Quartz cron without the seconds field, exactly six fields: minute hour day-of-month "
    "month day-of-week year, with '?' in day-of-month or day-of-week, e.g. '15 10 * * ? *' (10:15 every day) "
    "or '0 8 ? * MON-FRI *'"
)
# Abbreviations seen in SmartThings' own examples; they are not tz database ids.
_ABBREVIATIONS = {
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
}

_decode_schedule = decode_as(Schedule)


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not SCHEDULE_NAME.fullmatch(name):
        raise ValueError(
            f"schedule name {name!r} is not valid: SmartThings wants 1 to 36 letters, digits, '.', '_' or '-' "
            "(pattern ^[A-Za-z0-9._\\-]{1,36}$)"
        )
    return name


def check_cron(expression: object) -> str:
    """Check a SmartThings cron expression (Quartz, six fields, no seconds); return it stripped."""
    if not isinstance(expression, str) or not expression.strip():
        raise ValueError(f"the cron expression must be a non-empty string; {_CRON_FORMAT}")
    text = " ".join(expression.split())
    if len(text) > MAX_EXPRESSION:
        raise ValueError(f"the cron expression is {len(text)} characters; SmartThings allows {MAX_EXPRESSION}")
    fields = text.split(" ")
    if len(fields) == 5:
        raise ValueError(
            f"cron expression {expression!r} has 5 fields (Unix cron?); add the year field ('*') at the end. "
            + _CRON_FORMAT
        )
    if len(fields) == 7:
        raise ValueError(
            f"cron expression {expression!r} has 7 fields; leave out the leading seconds field (SmartThings picks "
            "the second itself). " + _CRON_FORMAT
        )
    if len(fields) != 6:
        raise ValueError(f"cron expression {expression!r} has {len(fields)} fields. {_CRON_FORMAT}")
    day_of_month, day_of_week = fields[2], fields[4]
    if (day_of_month == "?") == (day_of_week == "?"):
        raise ValueError(
            f"cron expression {expression!r}: Quartz needs '?' in exactly one of day-of-month (3rd field) and "
            f"day-of-week (5th field). {_CRON_FORMAT}"
        )
    return text


@functools.lru_cache(maxsize=1)
def _have_tz_database() -> bool:
    # Without tzdata (Windows without the tzdata package) nothing can be checked: let SmartThings decide.
    return bool(zoneinfo.available_timezones())


def check_timezone(name: object) -> str:
    """Check a timezone id (IANA, e.g. ``America/Los_Angeles``, or ``UTC``/``GMT``); return it."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("timezone must be a tz database id such as 'America/Los_Angeles' or 'UTC'")
    if name in ("UTC", "GMT"):
        return name
    try:
        zoneinfo.ZoneInfo(name)
    except (KeyError, ValueError, OSError):
        if not _have_tz_database():
            return name
        suggestion = _ABBREVIATIONS.get(name.upper())
        hint = f"; for {name!r} use {suggestion!r}" if suggestion else ""
        raise ValueError(
            f"timezone {name!r} is not a tz database id: give one such as 'America/Los_Angeles', "
            f"'Europe/Berlin' or 'UTC' (abbreviations like 'PST' are ambiguous){hint}. The location's own zone is "
            "Location.time_zone_id"
        ) from None
    return name


def once_millis(when: int | datetime, now_ms: int | None = None) -> int:
    """Epoch milliseconds for a once schedule, checked: in the future and less than 2 years ahead."""
    if isinstance(when, bool) or not isinstance(when, (int, datetime)):
        raise TypeError(f"when must be epoch milliseconds (int) or an aware datetime, not {type(when).__name__}")
    if isinstance(when, datetime):
        if when.tzinfo is None or when.utcoffset() is None:
            raise ValueError(
                "when is a naive datetime, which could mean any timezone; give an aware one, e.g. "
                "datetime.now(timezone.utc) + timedelta(hours=1)"
            )
        millis = round(when.timestamp() * 1000)
    else:
        millis = when
        if 10**9 <= millis < 10**10:
            raise ValueError(
                f"when={millis} looks like seconds since the epoch (10 digits); SmartThings wants milliseconds: "
                f"pass {millis * 1000} or an aware datetime"
            )
    now = round(time.time() * 1000) if now_ms is None else now_ms
    if millis <= now:
        raise ValueError(f"when ({millis} ms) is in the past; a once schedule must be in the future")
    if millis - now >= TWO_YEARS_MS:
        raise ValueError(f"when ({millis} ms) is 2 years or more ahead; SmartThings accepts less than 2 years")
    return millis


_SCHEDULES = "/installedapps/{installedAppId}/schedules"
_R_SCHED = (("r:schedules",),)
_W_SCHED = (("w:schedules",),)


class _Schedules(ResourceBase):
    _group = "schedules"

    @paged("schedules.list", "GET", _SCHEDULES, _R_SCHED, implicit=SMARTAPP_ONLY)
    def list(self, *, installed_app_id: str | None = None) -> Request[Schedule]:
        """Every schedule of the installed app; ``installed_app_id`` defaults to the SmartApp token's own."""
        return Request(_decode_schedule, path={"installedAppId": own_app_if_none(installed_app_id)})

    @endpoint("schedules.get", "GET", f"{_SCHEDULES}/{{scheduleName}}", _R_SCHED, implicit=SMARTAPP_ONLY)
    def get(self, name: str, *, installed_app_id: str | None = None) -> Request[Schedule]:
        """One schedule by name; ``installed_app_id`` defaults to the SmartApp token's own."""
        return Request(
            _decode_schedule, path={"installedAppId": own_app_if_none(installed_app_id), "scheduleName": name}
        )

    @endpoint(
        "schedules.create",
        "POST",
        _SCHEDULES,
        _W_SCHED,
        implicit=SMARTAPP_ONLY,
        note="An installed app may hold 6 schedules.",
    )
    def create_cron(
        self, name: str, expression: str, timezone: str, *, installed_app_id: str | None = None
    ) -> Request[Schedule]:
        """A repeating schedule (sends ``{name, cron}``).

        ``expression`` is Quartz cron *without* the seconds field, exactly six fields (minute hour
        day-of-month month day-of-week year), e.g. ``"15 10 * * ? *"``; SmartThings picks a random but stable
        second.  ``timezone`` is a tz database id (``"America/Los_Angeles"``, ``"UTC"``), e.g. the location's
        ``time_zone_id``.  An installed app may hold six schedules: a seventh gives
        :class:`~smartthings_client.errors.LimitError`; a name in use gives
        :class:`~smartthings_client.errors.ConflictError`.
        """
        body: dict[str, object] = {
            "name": _check_name(name),
            "cron": {"expression": check_cron(expression), "timezone": check_timezone(timezone)},
        }
        return _create(body, installed_app_id)

    @create_cron.also
    def create_once(
        self, name: str, when: int | datetime, *, overwrite: bool = True, installed_app_id: str | None = None
    ) -> Request[Schedule]:
        """A schedule that fires once (sends ``{name, once}``).

        ``when`` is epoch *milliseconds* or a timezone-aware datetime, in the future and less than two years
        ahead (a 10-digit number is refused: it is seconds, as in SmartThings' own docs example).  By default
        (``overwrite=True``, like the official SDK's ``runOnce``/``runIn``) a schedule of the same name that has
        not run yet is replaced; ``overwrite=False`` keeps both.  Six schedules per
        installed app at most (:class:`~smartthings_client.errors.LimitError` beyond).
        """
        body: dict[str, object] = {
            "name": _check_name(name),
            "once": {"time": once_millis(when), "overwrite": bool(overwrite)},
        }
        return _create(body, installed_app_id)

    @endpoint("schedules.delete", "DELETE", f"{_SCHEDULES}/{{scheduleName}}", _W_SCHED, implicit=SMARTAPP_ONLY)
    def delete(self, name: str, *, installed_app_id: str | None = None) -> Request[None]:
        """Delete one schedule; ``installed_app_id`` defaults to the SmartApp token's own."""
        path = {"installedAppId": own_app_if_none(installed_app_id), "scheduleName": name}
        return Request(ignore_body, path=path, empty_ok=True)

    @endpoint("schedules.delete_all", "DELETE", _SCHEDULES, _W_SCHED, implicit=SMARTAPP_ONLY)
    def delete_all(self, *, installed_app_id: str | None = None) -> Request[None]:
        """Delete every schedule of the installed app; ``installed_app_id`` defaults to the SmartApp token's own."""
        return Request(ignore_body, path={"installedAppId": own_app_if_none(installed_app_id)}, empty_ok=True)


    @flow
    def reconcile(
        self, wanted: Iterable[CronScheduleRequest], *, installed_app_id: str | None = None
    ) -> Flow[ScheduleReconcileResult]:
        """Make the installed app's schedules exactly ``wanted`` (what an UPDATE needs when the user changed a
        time): schedules with the same name, cron and timezone are kept, the others deleted, the missing created.

        Refused before any call when ``wanted`` holds more than six schedules or a name twice.  If a call fails
        midway, the error is raised and running ``reconcile`` again finishes the job.
        """
        requests = list(wanted)
        names = [r.name for r in requests]
        for item in requests:
            if not isinstance(item, CronScheduleRequest):
                raise TypeError(f"wanted schedules must be CronScheduleRequest objects, not {type(item).__name__}")
            _check_name(item.name)
            check_cron(item.expression)
            check_timezone(item.timezone)
        if len(set(names)) != len(names):
            raise ValueError("two wanted schedules have the same name")
        if len(requests) > MAX_SCHEDULES:
            raise ValueError(f"{len(requests)} schedules wanted: {_LIMIT_HINT}")
        listing = _Schedules.list.operation(self, installed_app_id=installed_app_id)
        existing: list[Schedule] = yield from collect(listing)
        kept = [s for s in existing if any(r.matches(s) for r in requests)]
        stale = [s for s in existing if s not in kept]
        deleted: list[Schedule] = []
        for schedule in stale:
            with contextlib.suppress(NotFoundError):  # already gone: what we wanted
                yield from call(_Schedules.delete.operation(self, schedule.name, installed_app_id=installed_app_id))
            deleted.append(schedule)
        created: list[Schedule] = []
        for request in requests:
            if not any(request.matches(s) for s in kept):
                made: Schedule = yield from call(
                    _Schedules.create_cron.operation(
                        self, request.name, request.expression, request.timezone, installed_app_id=installed_app_id
                    )
                )
                created.append(made)
        return ScheduleReconcileResult(created=tuple(created), deleted=tuple(deleted), kept=tuple(kept))


@attrs.frozen
class ScheduleReconcileResult:
    """What :meth:`reconcile` changed."""

    created: tuple[Schedule, ...]
    deleted: tuple[Schedule, ...]
    kept: tuple[Schedule, ...]


def _create(body: dict[str, object], installed_app_id: str | None) -> Request[Schedule]:
    path = {"installedAppId": own_app_if_none(installed_app_id)}
    return Request(_decode_schedule, path=path, json=body, limit_hint=_LIMIT_HINT)


class Schedules(_Schedules, SyncResource):
    """Schedules of an installed app (blocking).  Reach it as ``SmartThings().schedules``."""


class AsyncSchedules(_Schedules, AsyncResource):
    """Schedules of an installed app (async).  Reach it as ``AsyncSmartThings().schedules``."""
