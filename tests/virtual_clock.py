"""Emulated time shared by processes, for tests of budgets across workers that must not take real minutes.

The clock moves only when every participant sleeps, and then to the earliest wake-up (a discrete-event
simulation): a request in flight never sees time pass, the way a budget of minutes sees a request of milliseconds,
and a loaded machine changes how long the test takes but never what it sees.  Each participant (a process) has an
index; one that is done calls :meth:`leave`, so the others need not wait for it.  A participant that dies without
leaving stalls the clock: every sleep is bounded, and the test watches its children's exit codes.
"""

from __future__ import annotations

import math
import time
from typing import Any

from smartthings_client.testing import FakeClock


class VirtualClock:
    """See the module docstring; made in the parent with a ``multiprocessing`` context, passed to children."""

    def __init__(self, context: Any, participants: int, start: float) -> None:
        self._changed = context.Condition()
        self._now = context.Value("d", start, lock=False)
        self._active = context.Value("i", participants, lock=False)
        self._asleep = context.Value("i", 0, lock=False)
        self._wake_at = context.Array("d", [math.inf] * participants, lock=False)

    def now(self) -> float:
        return float(self._now.value)

    def sleep(self, me: int, seconds: float, timeout: float = 120.0) -> None:
        """Participant ``me`` sleeps ``seconds`` of emulated time (returns when the clock has got there)."""
        if seconds <= 0:
            return
        deadline = time.monotonic() + timeout
        with self._changed:
            self._wake_at[me] = self._now.value + seconds
            self._asleep.value += 1
            self._advance_if_all_asleep()
            while self._wake_at[me] != math.inf:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"the virtual clock stalled at {self._now.value} (a participant died?)")
                self._changed.wait(left)

    def leave(self) -> None:
        """Participant done: the clock no longer waits for it."""
        with self._changed:
            self._active.value -= 1
            self._advance_if_all_asleep()

    def _advance_if_all_asleep(self) -> None:
        if self._asleep.value == 0 or self._asleep.value < self._active.value:
            return
        self._now.value = max(self._now.value, min(self._wake_at))
        for index in range(len(self._wake_at)):
            if self._wake_at[index] <= self._now.value:
                self._wake_at[index] = math.inf
                self._asleep.value -= 1
        self._changed.notify_all()


class VirtualFakeClock(FakeClock):
    """An emulator clock that reads a :class:`VirtualClock` (the emulator serves; only participants sleep)."""

    def __init__(self, clock: VirtualClock) -> None:
        super().__init__(clock.now())
        self._virtual = clock

    def now(self) -> float:
        return self._virtual.now()
