"""Running a plan: a generator of steps that decides everything (the event stream's, the device mirror's), carried
out by a sync or an async driver that only does each step's I/O.

:class:`Driving` holds the decisions both drivers share, so they are stated once: a failure of a step goes back
into the plan, which decides; once the consumer has stopped (``break``, ``close``, Ctrl-C, cancellation), the
plan is told to stop and runs only its clean-up steps (nothing more for the consumer, no waiting), and then what
stopped the consumer is raised again.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any, Generic, TypeVar

S = TypeVar("S")


class Driving(Generic[S]):
    """One run of ``steps``.  ``quiet`` are the step types skipped while cleaning up (what the consumer would get,
    and waits); ``stop`` is the exception that tells the plan to clean up and end."""

    def __init__(
        self,
        steps: Generator[S, Any, Any],
        *,
        quiet: tuple[type, ...],
        stop: type[BaseException],
    ) -> None:
        self._steps = steps
        self._quiet = quiet
        self._stop = stop
        self._value: Any = None
        self._pending: BaseException | None = None
        self._stopped: BaseException | None = None

    def next_step(self) -> S | None:
        """The next step to carry out, or ``None`` when the plan is over."""
        while True:
            try:
                if self._pending is None:
                    step = self._steps.send(self._value)
                else:
                    step = self._steps.throw(self._pending)
            except (StopIteration, self._stop):
                return None
            self._value = self._pending = None
            if self._stopped is not None and isinstance(step, self._quiet):
                continue  # cleaning up: nothing more for the consumer, no waiting
            return step

    def done(self, value: Any) -> None:
        """The step was carried out, with this result."""
        self._value = value

    def failed(self, exc: BaseException) -> None:
        """The step failed (a typed error of the client): the plan decides what follows."""
        self._pending = exc

    def interrupted(self, exc: BaseException) -> None:
        """The consumer stopped while a step ran or a value was handed out: clean up, then raise ``exc``."""
        if self._stopped is not None:  # interrupted again while cleaning up: give up the clean-up
            raise exc
        self._stopped, self._pending = exc, self._stop()

    def finish(self) -> None:
        """After the plan ended: raise again what stopped the consumer, if anything did."""
        if self._stopped is not None:
            raise self._stopped
