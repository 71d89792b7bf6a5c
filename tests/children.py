"""Child processes for the multi-process tests: every child reports, and a failing child fails the test at once.

A child runs ``target(*args, results)`` (a module-level function, as the ``spawn`` start method needs) and puts
what it has to say on ``results``.  If it raises, its traceback goes on the same queue before it exits; if it dies
without a word (SIGKILL, ``os._exit``), the parent sees its exit code.  The parent never blocks for long: it polls
the queue in short steps and looks at the children in between, so a broken child fails the test within a second or
two with the child's own traceback, and a hung one after the test's bounded ``timeout``, naming what it waited for.

Children start together through :meth:`Children.release`: each one says it is ready and waits on an event the
parent sets once all are (a ``multiprocessing.Barrier`` would make the parent wait out its whole timeout when a
child dies before reaching it).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import queue
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any

import pytest

SPAWN = multiprocessing.get_context("spawn")
#: How long the parent blocks on the queue before looking at the children again.
_POLL = 0.1
#: How long a child waits to be released: the parent set it, or the parent is gone and the child should go too.
_START_WAIT = 300.0


@dataclass(frozen=True)
class ChildFailed:
    """What a child that raised puts on the queue."""

    name: str
    traceback: str


@dataclass(frozen=True)
class Ready:
    """What a child puts on the queue once it waits to be released."""

    name: str


def _main(target: Callable[..., None], args: Sequence[Any], results: Any) -> None:
    try:
        target(*args, results)
    except BaseException:
        results.put(ChildFailed(multiprocessing.current_process().name, traceback.format_exc()))
        raise


def wait_for_release(results: Any, go: Any) -> None:
    """In a child: tell the parent this child is ready, then wait until the parent releases every child at once."""
    results.put(Ready(multiprocessing.current_process().name))
    if not go.wait(_START_WAIT):
        raise RuntimeError(f"not released within {_START_WAIT:.0f} s: the parent is gone or stuck")


class Children:
    """``count`` children running ``target(*args, results)``; use as a context manager (it kills leftovers)."""

    def __init__(self, target: Callable[..., None], args: Sequence[Any], count: int) -> None:
        self.results: Any = SPAWN.Queue()
        self.processes: list[BaseProcess] = [
            SPAWN.Process(target=_main, args=(target, tuple(args), self.results), name=f"child-{i}", daemon=True)
            for i in range(count)
        ]
        # A quick child may say it is ready for the next round before a slow one has reported this round's result:
        # the two kinds are told apart here, whatever order they come in.
        self._ready = 0
        self._early: list[Any] = []

    def __enter__(self) -> Children:
        for process in self.processes:
            process.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop(grace=10.0 if exc_type is None else 0.0)

    def collect(self, count: int, timeout: float, what: str = "results") -> list[Any]:
        """The next ``count`` results; fails the test at once when a child fails, after ``timeout`` when stuck."""
        found, self._early = self._early[:count], self._early[count:]
        deadline = time.monotonic() + timeout
        while len(found) < count:
            item = self._next(deadline, timeout, what, len(found), count)
            if isinstance(item, Ready):
                self._ready += 1
            else:
                found.append(item)
        return found

    def release(self, go: Any, timeout: float) -> None:
        """Wait until every child is in :func:`wait_for_release`, then let them all go at once."""
        deadline = time.monotonic() + timeout
        while self._ready < len(self.processes):
            item = self._next(deadline, timeout, "the children to be ready", self._ready, len(self.processes))
            if isinstance(item, Ready):
                self._ready += 1
            else:
                self._early.append(item)
        self._ready = 0
        go.set()

    def _next(self, deadline: float, timeout: float, what: str, got: int, count: int) -> Any:
        while True:
            try:
                item = self.results.get(timeout=_POLL)
            except queue.Empty:
                item = self._last_word_of_the_ended(what, got, count)
                if item is None:
                    if time.monotonic() > deadline:
                        pytest.fail(f"waited {timeout:.0f} s for {what}: got {got} of {count}", pytrace=False)
                    continue
            if isinstance(item, ChildFailed):
                pytest.fail(f"{item.name} failed while the test waited for {what}:\n{item.traceback}", pytrace=False)
            return item

    def _last_word_of_the_ended(self, what: str, got: int, count: int) -> Any:
        """None while some child runs that may still report; else what is left in the pipe, or fail the test."""
        dead = [p for p in self.processes if p.exitcode not in (None, 0)]
        if not dead and any(p.exitcode is None for p in self.processes):
            return None
        # A child that ended has put everything it ever will, but its last item may still be in the pipe.
        with contextlib.suppress(queue.Empty):
            return self.results.get(timeout=1.0)
        if dead:
            pytest.fail(
                f"{dead[0].name} exited with code {dead[0].exitcode} without a report while the test waited for "
                f"{what} ({got} of {count})",
                pytrace=False,
            )
        pytest.fail(f"every child has exited, and the test got {got} of {count} {what}", pytrace=False)

    def join(self, timeout: float) -> list[int | None]:
        """Wait (bounded) for every child to end; their exit codes."""
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
        return [p.exitcode for p in self.processes]

    def stop(self, grace: float) -> None:
        """Kill the children still running after ``grace`` seconds."""
        self.join(grace)
        for process in self.processes:
            if process.is_alive():
                process.kill()
                process.join(5)
