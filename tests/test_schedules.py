"""st.schedules: cron and once bodies against core-sdk samples, the checks made before sending, sync and async."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from smartthings_client.auth.credentials import PersonalAccessToken, SmartAppToken
from smartthings_client.errors import ConflictError, LimitError, NotFoundError
from smartthings_client.models.schedules import CronSchedule, Schedule
from smartthings_client.resources.schedules import AsyncSchedules, Schedules

from .fixtures import TOKEN, Harness, core_sdk, error_body, resource_caller, sent

IA = "39d84b7a-edf8-4213-b256-122d90a94b3e"
LOCATION = "0bcbe542-d340-42a9-b00a-a2067170810e"
APP = SmartAppToken(TOKEN, installed_app_id=IA, location_id=LOCATION)
PAT = PersonalAccessToken(TOKEN)
BASE = f"/v1/installedapps/{IA}/schedules"
HOUR_MS = 3600 * 1000


# The resource under test, attached to the harness's client (the lead wires it onto the clients).
call = resource_caller(Schedules, AsyncSchedules, token=APP)


def now_ms() -> int:
    return int(time.time() * 1000)


# --- cron --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sample_name", ["post_daily_location", "post_daily_date"])
def test_create_cron_sends_the_core_sdk_body(harness: Harness, sample_name: str) -> None:
    sample = core_sdk("schedules", "post", sample_name)
    data = sample["request"]["data"]
    harness.server.reply(200, sample["response"])

    made = call(harness, lambda r: r.create_cron(data["name"], data["cron"]["expression"], data["cron"]["timezone"]))

    assert sent(harness) == [("POST", "/v1" + httpx.URL(sample["request"]["url"]).path)]
    assert harness.server.body() == data
    assert isinstance(made, Schedule)
    assert made.cron == CronSchedule(expression=data["cron"]["expression"], timezone=data["cron"]["timezone"])
    assert made.scheduled_executions == (1583763662000,)
    assert made.next_executions == (datetime(2020, 3, 9, 14, 21, 2, tzinfo=timezone.utc),)
    assert (made.installed_app_id, made.location_id) == (IA, LOCATION)


def test_create_cron_accepts_gmt_and_collapses_spaces(harness: Harness) -> None:
    harness.server.reply(200, core_sdk("schedules", "post", "post_daily_date")["response"])
    call(harness, lambda r: r.create_cron("nightly", " 0/5  *  * * ? * ", "GMT"))
    assert harness.server.body() == {"name": "nightly", "cron": {"expression": "0/5 * * * ? *", "timezone": "GMT"}}


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("0/10 9 * * ?", "has 5 fields"),
        ("0 15 10 * * ? *", "has 7 fields; leave out the leading seconds"),
        ("15 10 * *", "has 4 fields"),
        ("0 9 * * * *", "'\\?' in exactly one"),
        ("0 9 ? * ? *", "'\\?' in exactly one"),
        ("", "non-empty"),
        ("0 9 * * ? " + "*" * 300, "256"),
    ],
)
def test_create_cron_rejects_bad_expressions_before_sending(harness: Harness, expression: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        call(harness, lambda r: r.create_cron("daily", expression, "UTC"))
    if "fields" in message:
        assert "'15 10 * * ? *'" in str(caught.value)
    assert harness.server.requests == []


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        ("PST", "use 'America/Los_Angeles'"),
        ("Mars/Olympus", "not a tz database id"),
        ("../etc/passwd", "not a tz database id"),
        ("", "tz database id"),
    ],
)
def test_create_cron_rejects_timezones_that_are_not_tz_ids(harness: Harness, zone: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(harness, lambda r: r.create_cron("daily", "15 10 * * ? *", zone))
    assert harness.server.requests == []


@pytest.mark.parametrize("name", ["", "has space", "x" * 37, "semi;colon", "slash/name"])
def test_create_rejects_bad_names_before_sending(harness: Harness, name: str) -> None:
    with pytest.raises(ValueError, match="schedule name"):
        call(harness, lambda r: r.create_cron(name, "15 10 * * ? *", "UTC"))
    with pytest.raises(ValueError, match="schedule name"):
        call(harness, lambda r: r.create_once(name, now_ms() + HOUR_MS))
    assert harness.server.requests == []


# --- once --------------------------------------------------------------------------------------------------


def test_create_once_sends_milliseconds_and_overwrite(harness: Harness) -> None:
    sample = core_sdk("schedules", "post", "post_once")
    harness.server.reply(200, sample["response"])
    when = now_ms() + HOUR_MS

    made = call(harness, lambda r: r.create_once("onOnce", when))

    # The core-sdk sample's shape (overwrite true: the SDK's runOnce default, and ours), with a future time.
    expected = {**sample["request"]["data"], "once": {**sample["request"]["data"]["once"], "time": when}}
    assert harness.server.body() == expected
    assert sent(harness) == [("POST", BASE)]
    assert made.name == "preGameStart"
    assert (made.scheduled_executions, made.cron, made.once) == ((), None, None)
    assert made.next_executions == ()


def test_create_once_converts_an_aware_datetime(harness: Harness) -> None:
    when = datetime.now(timezone(timedelta(hours=-7))).replace(microsecond=0) + timedelta(days=3)
    harness.server.reply(200, {"name": "later", "once": {"time": int(when.timestamp() * 1000), "overwrite": False}})

    made = call(harness, lambda r: r.create_once("later", when, overwrite=False))

    assert harness.server.body() == {
        "name": "later",
        "once": {"time": int(when.timestamp()) * 1000, "overwrite": False},
    }
    assert made.once is not None
    assert made.once.at == when


@pytest.mark.parametrize(
    ("when", "error", "message"),
    [
        (datetime(2030, 1, 1, 9, 0), ValueError, "naive datetime"),
        (1587409157, ValueError, "looks like seconds.*pass 1587409157000"),
        (now_ms() - HOUR_MS, ValueError, "in the past"),
        (now_ms() + 731 * 24 * HOUR_MS, ValueError, "2 years"),
        (datetime.now(timezone.utc) + timedelta(days=800), ValueError, "2 years"),
        (True, TypeError, "epoch milliseconds"),
        (1.5e12, TypeError, "epoch milliseconds"),
        ("2030-01-01", TypeError, "epoch milliseconds"),
    ],
    ids=["naive", "seconds", "past", "too-far", "too-far-datetime", "bool", "float", "text"],
)
def test_create_once_rejects_bad_times_before_sending(
    harness: Harness, when: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call(harness, lambda r: r.create_once("once", when))
    assert harness.server.requests == []


# --- answers that are errors -------------------------------------------------------------------------------


def test_the_seventh_schedule_is_a_limit_error_that_says_six(harness: Harness) -> None:
    harness.server.reply(422, error_body("LimitError", "An installed app is only permitted to create 6 schedules"))
    with pytest.raises(LimitError) as caught:
        call(harness, lambda r: r.create_cron("seventh", "15 10 * * ? *", "UTC"))
    assert "six schedules per installed app" in str(caught.value)


def test_the_limit_hint_applies_to_once_schedules_too(harness: Harness) -> None:
    harness.server.reply(422, error_body("LimitError", "limit reached"))
    with pytest.raises(LimitError, match="six schedules"):
        call(harness, lambda r: r.create_once("seventh", now_ms() + HOUR_MS))


def test_a_duplicate_name_is_a_conflict(harness: Harness) -> None:
    harness.server.reply(409, error_body("ConflictError", "A schedule named daily already exists"))
    with pytest.raises(ConflictError, match="daily already exists"):
        call(harness, lambda r: r.create_cron("daily", "15 10 * * ? *", "UTC"))


# --- list, get, delete -------------------------------------------------------------------------------------


def test_list_parses_schedules(harness: Harness) -> None:
    daily = core_sdk("schedules", "post", "post_daily")["response"]
    once = core_sdk("schedules", "post", "post_once")["response"]
    harness.server.reply(200, {"items": [daily, once], "_links": {"next": None}})

    found = call(harness, lambda r: r.list())

    assert sent(harness) == [("GET", BASE)]
    assert [s.name for s in found] == ["refreshHandler", "preGameStart"]
    assert found[0].cron == CronSchedule(expression="35 16 * * ? *", timezone="PST")


def test_get_by_name(harness: Harness) -> None:
    harness.server.reply(200, core_sdk("schedules", "post", "post_daily")["response"])
    found = call(harness, lambda r: r.get("refreshHandler"))
    assert sent(harness) == [("GET", f"{BASE}/refreshHandler")]
    assert found.name == "refreshHandler"


def test_get_missing_is_not_found(harness: Harness) -> None:
    harness.server.reply(404, error_body("NotFoundError", "Schedule nope"))
    with pytest.raises(NotFoundError):
        call(harness, lambda r: r.get("nope"))


def test_delete_one_and_all(harness: Harness) -> None:
    harness.server.reply(200, {})
    harness.server.reply(200)

    assert call(harness, lambda r: r.delete("daily")) is None
    assert call(harness, lambda r: r.delete_all()) is None
    assert sent(harness) == [("DELETE", f"{BASE}/daily"), ("DELETE", BASE)]


def test_delete_refuses_a_path_like_name(harness: Harness) -> None:
    with pytest.raises(ValueError, match="name"):
        call(harness, lambda r: r.delete("../x"))
    assert harness.server.requests == []


# --- token kinds -------------------------------------------------------------------------------------------


def test_a_pat_may_manage_schedules_of_a_given_installed_app(harness: Harness) -> None:
    harness.server.reply(200, {"items": [], "_links": {}})
    assert call(harness, lambda r: r.list(installed_app_id="other-app"), token=PAT) == []
    assert sent(harness) == [("GET", "/v1/installedapps/other-app/schedules")]


def test_a_pat_must_name_the_installed_app(harness: Harness) -> None:
    with pytest.raises(ValueError, match="installed_app_id is required"):
        call(harness, lambda r: r.list(), token=PAT)
    assert harness.server.requests == []
