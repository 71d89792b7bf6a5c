"""Schedules of an installed app: cron (Quartz without seconds, with a timezone) or once (epoch milliseconds)."""

from __future__ import annotations

from datetime import datetime, time, timezone

import attrs

from ._base import Model

__all__ = ["CronSchedule", "CronScheduleRequest", "OnceSchedule", "Schedule"]


@attrs.frozen(kw_only=True)
class CronSchedule(Model):
    """``expression`` is Quartz cron without the seconds field (``"15 10 * * ? *"``); ``timezone`` a tz id."""

    expression: str
    timezone: str | None = None


@attrs.frozen(kw_only=True)
class OnceSchedule(Model):
    """A single run at ``time`` (epoch milliseconds)."""

    time: int
    overwrite: bool | None = None

    @property
    def at(self) -> datetime:
        """``time`` as an aware UTC datetime."""
        return datetime.fromtimestamp(self.time / 1000.0, tz=timezone.utc)


@attrs.frozen(kw_only=True)
class Schedule(Model):
    """A schedule (``GET /installedapps/{installedAppId}/schedules/{scheduleName}``).

    It fires as a ``TIMER_EVENT`` in the installed app's EVENT lifecycle.  ``scheduled_executions`` are the next
    runs in epoch milliseconds, as SmartThings sends them; :attr:`next_executions` gives them as datetimes.
    """

    name: str
    installed_app_id: str | None = None
    location_id: str | None = None
    scheduled_executions: tuple[int, ...] = ()
    cron: CronSchedule | None = None
    once: OnceSchedule | None = None

    @property
    def next_executions(self) -> tuple[datetime, ...]:
        """The next runs as timezone-aware UTC datetimes."""
        return tuple(datetime.fromtimestamp(ms / 1000.0, tz=timezone.utc) for ms in self.scheduled_executions)


@attrs.frozen
class CronScheduleRequest:
    """A repeating schedule an installed app wants (``st.schedules.reconcile([...])``): its name, Quartz cron
    without seconds, and a tz database id."""

    name: str
    expression: str
    timezone: str

    @classmethod
    def daily(cls, name: str, at: datetime | time, timezone: str) -> CronScheduleRequest:
        """Every day at ``at``'s wall-clock hour and minute (a TIME setting: ``config.date("wakeTime")``) in
        ``timezone`` (the location's ``time_zone_id``)."""
        return cls(name, f"{at.minute} {at.hour} * * ? *", timezone)

    def matches(self, schedule: Schedule) -> bool:
        """Whether an existing schedule is this one (same name, expression and timezone)."""
        cron = schedule.cron
        return (
            schedule.name == self.name
            and cron is not None
            and cron.expression == self.expression
            and (cron.timezone or "UTC") == self.timezone
        )
