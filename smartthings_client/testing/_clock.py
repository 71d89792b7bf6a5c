"""The emulator's clock: every expiry, rate-limit window and schedule reads it, never ``time.time()``."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone

#: 2025-03-01T12:00:00Z: a fixed instant for tests that want reproducible timestamps (``FakeClock(DEFAULT_START)``).
DEFAULT_START = 1740830400.0


class FakeClock:
    """A settable clock in epoch seconds.

    It starts at the real present unless given ``start``, then by default stands still until a test calls
    :meth:`advance` or :meth:`set`, so token expiry and
    rate-limit windows are exact and tests never sleep. With ``ticking=True`` it also follows real time
    from its start instant, which suits a long-running emulator server (tokens then expire for real).
    """

    def __init__(self, start: float | None = None, *, ticking: bool = False) -> None:
        self._lock = threading.Lock()
        # By default the clock starts at the real present (to the second): clients check times against the
        # real clock too (a "once" schedule must be in the future and under two years ahead), so a fixed past
        # start would make such checks disagree more every year.
        self._base = float(int(time.time())) if start is None else float(start)
        self._ticking = ticking
        # A monotonic origin, so a ticking clock cannot jump when the wall clock is adjusted.
        self._origin = time.monotonic()

    @property
    def ticking(self) -> bool:
        """Whether the clock follows real time (else it stands still between :meth:`advance` and :meth:`set`)."""
        return self._ticking

    def now(self) -> float:
        """Return the current emulated time as epoch seconds."""
        with self._lock:
            if self._ticking:
                return self._base + (time.monotonic() - self._origin)
            return self._base

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` and return the new time."""
        if seconds < 0:
            raise ValueError("a FakeClock only moves forward; use set() to go back")
        with self._lock:
            self._base += seconds
        return self.now()

    def sleep(self, seconds: float) -> None:
        """Wait ``seconds`` on this clock: it moves forward at once and nothing really waits.

        Give it to a client's retry policy, so waits between retries (a 429's requested wait, backoff after a 503)
        pass in emulated time: ``RetryPolicy(sleep=clock.sleep, async_sleep=clock.async_sleep)``.
        """
        self.advance(max(0.0, seconds))

    async def async_sleep(self, seconds: float) -> None:
        """:meth:`sleep` for async code."""
        self.advance(max(0.0, seconds))

    def set(self, epoch: float) -> None:
        """Jump to an absolute epoch time (seconds)."""
        with self._lock:
            self._base = float(epoch)
            self._origin = time.monotonic()

    def millis(self) -> int:
        """Return the current time as epoch milliseconds (the unit of schedules and event times)."""
        return int(self.now() * 1000)

    def iso(self) -> str:
        """Return the current time in the API's timestamp form, e.g. ``2025-03-01T12:00:00.000Z``."""
        return iso_from_epoch(self.now())


def iso_from_epoch(epoch: float) -> str:
    """Format epoch seconds the way SmartThings formats timestamps (UTC, milliseconds, ``Z``)."""
    moment = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
