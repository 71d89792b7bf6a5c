"""Schedules of an installed app (contract §2.4): cron or once, 6 per app, fired as TIMER_EVENTs."""

from __future__ import annotations

import copy
import re
import zlib
from datetime import datetime, timezone

import httpx

from . import _cron
from ._clock import iso_from_epoch
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._routes_installedapps import installed_for
from ._state import InstalledAppRecord, ScheduleRecord, State, new_id

table = RouteTable()

MAX_SCHEDULES = 6
SCHEDULE_NAME = re.compile(r"^[A-Za-z0-9._\-]{1,36}$")
TWO_YEARS = 2 * 365 * 24 * 3600.0


def _schedule_access(ctx: Ctx, write: bool) -> InstalledAppRecord:
    """SmartApp tokens reach their own installed app's schedules; PATs need ``r:``/``w:schedules``."""
    record = installed_for(ctx)
    if not ctx.is_app_token:
        ctx.require("w:schedules" if write else "r:schedules")
    return record


def _schedule_doc(record: ScheduleRecord) -> JsonDict:
    doc = copy.deepcopy(record.doc)
    doc["scheduledExecutions"] = [record.next_ms] if record.next_ms is not None else []
    return doc


def schedule_second(installed_app_id: str, name: str) -> int:
    """ "The exact second will be chosen at random but will remain consistent" (S1): a stable hash."""
    return zlib.crc32(f"{installed_app_id}/{name}".encode()) % 60


@table.route("GET", "/installedapps/{installedAppId}/schedules")
def list_schedules(ctx: Ctx) -> httpx.Response:
    """GET the installed app's schedules."""
    installed = _schedule_access(ctx, write=False)
    return paged(ctx, [_schedule_doc(s) for s in installed.schedules.values()])


@table.route("POST", "/installedapps/{installedAppId}/schedules")
def create_schedule(ctx: Ctx) -> httpx.Response:
    """POST a cron or once schedule with the name, uniqueness, 6-per-app and 2-year rules."""
    installed = _schedule_access(ctx, write=True)
    body = ctx.json_object()
    name = body.get("name")
    if not isinstance(name, str) or not SCHEDULE_NAME.match(name):
        raise ApiError(
            400,
            "PatternError",
            "name must match ^[A-Za-z0-9._\\-]{1,36}$",
            target="name",
            details=[detail("PatternError", f"{name!r} does not match the pattern", "name")],
        )
    cron, once = body.get("cron"), body.get("once")
    if (cron is None) == (once is None):
        raise constraint(
            "The request is malformed.",
            detail("ConstraintViolationError", "exactly one of cron or once is required", "cron"),
        )
    now = ctx.state.clock.now()
    overwrite = isinstance(once, dict) and bool(once.get("overwrite"))
    if name in installed.schedules and not overwrite:
        raise ApiError(409, "ConflictError", f"A schedule named {name} already exists", target="name")
    if name not in installed.schedules and len(installed.schedules) >= MAX_SCHEDULES:
        raise ApiError(
            422,
            "LimitError",
            f"An installed app is only permitted to create {MAX_SCHEDULES} schedules",
            details=[detail("LimitError", f"limit of {MAX_SCHEDULES} schedules reached", "schedules")],
        )
    doc: JsonDict = {"installedAppId": installed.id, "locationId": installed.location_id, "name": name}
    if cron is not None:
        next_ms = _check_cron(cron, now, schedule_second(installed.id, name))
        doc["cron"] = {"expression": cron["expression"], "timezone": cron["timezone"]}
    else:
        next_ms = _check_once(once, now)
        doc["once"] = {"time": next_ms, "overwrite": overwrite}
    record = ScheduleRecord(doc=doc, next_ms=next_ms)
    installed.schedules[name] = record
    return json_response(_schedule_doc(record))


def _check_cron(cron: object, now: float, second: int) -> int | None:
    if not isinstance(cron, dict) or not isinstance(cron.get("expression"), str):
        raise constraint(
            "The request is malformed.", detail("NotNullError", "expression: must not be null", "cron.expression")
        )
    if not isinstance(cron.get("timezone"), str) or not cron["timezone"]:
        raise constraint(
            "The request is malformed.", detail("NotNullError", "timezone: must not be null", "cron.timezone")
        )
    expression = cron["expression"]
    if len(expression) > 256:
        raise constraint(
            "The request is malformed.", detail("SizeError", "expression: at most 256 characters", "cron.expression")
        )
    try:
        fields = _cron.parse(expression)
    except _cron.CronError as exc:
        raise constraint("The request is malformed.", detail("PatternError", str(exc), "cron.expression")) from exc
    years = fields[5]
    if years is not None and min(years) * 1.0 > _year_of(now) + 2:
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", "the years part must fall within 2 years from now", "cron.expression"),
        )
    return _cron.next_run(expression, cron["timezone"], now, second)


def _year_of(epoch: float) -> int:
    return datetime.fromtimestamp(epoch, timezone.utc).year


def _check_once(once: object, now: float) -> int:
    time_ms = once.get("time") if isinstance(once, dict) else None
    if isinstance(time_ms, bool) or not isinstance(time_ms, int):
        raise constraint(
            "The request is malformed.", detail("NotNullError", "time: must be epoch milliseconds", "once.time")
        )
    if time_ms < (now - 60) * 1000:
        # Also what a seconds value (10 digits, as in the docs' own example) looks like read as milliseconds.
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", "once.time is in the past (it is epoch milliseconds)", "once.time"),
        )
    if time_ms > (now + TWO_YEARS) * 1000:
        raise constraint(
            "The request is malformed.",
            detail("NotValidValue", "once.time must be less than 2 years from now", "once.time"),
        )
    return time_ms


@table.route("GET", "/installedapps/{installedAppId}/schedules/{scheduleName}")
def get_schedule(ctx: Ctx) -> httpx.Response:
    """GET one schedule by name."""
    installed = _schedule_access(ctx, write=False)
    record = installed.schedules.get(ctx.params["scheduleName"])
    if record is None:
        raise not_found(f"Schedule {ctx.params['scheduleName']}")
    return json_response(_schedule_doc(record))


@table.route("DELETE", "/installedapps/{installedAppId}/schedules/{scheduleName}")
def delete_schedule(ctx: Ctx) -> httpx.Response:
    """DELETE one schedule: ``{}``."""
    installed = _schedule_access(ctx, write=True)
    if installed.schedules.pop(ctx.params["scheduleName"], None) is None:
        raise not_found(f"Schedule {ctx.params['scheduleName']}")
    return json_response({})


@table.route("DELETE", "/installedapps/{installedAppId}/schedules")
def delete_schedules(ctx: Ctx) -> httpx.Response:
    """DELETE all schedules: ``{}``."""
    installed = _schedule_access(ctx, write=True)
    installed.schedules.clear()
    return json_response({})


def due_timer_events(state: State, installed: InstalledAppRecord) -> list[JsonDict]:
    """TIMER_EVENTs for schedules whose next run has passed on the emulator clock.

    Several missed runs of one cron schedule coalesce into one event; once-schedules are removed after firing.
    """
    now = state.clock.now()
    events = []
    for name, record in list(installed.schedules.items()):
        if record.next_ms is None or record.next_ms > now * 1000:
            continue
        cron = record.doc.get("cron")
        events.append(
            {
                "eventTime": state.now_iso(),
                "eventType": "TIMER_EVENT",
                "timerEvent": {
                    "eventId": new_id(),
                    "name": name,
                    "type": "CRON" if cron else "ONCE",
                    "time": iso_from_epoch(record.next_ms / 1000)[:19] + "Z",
                    "expression": cron["expression"] if cron else None,
                },
            }
        )
        if cron:
            record.next_ms = _cron.next_run(
                cron["expression"], cron["timezone"], now, schedule_second(installed.id, name)
            )
        else:
            del installed.schedules[name]
    return events
