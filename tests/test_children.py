"""The multi-process harness itself: a child that fails, dies or hangs fails the test in seconds, not minutes."""

from __future__ import annotations

import time

import pytest

from .auth import _procs
from .children import SPAWN, Children

# Far below the minutes a plain ``queue.get(timeout=300)`` would wait, and far above what starting one
# interpreter takes on a loaded 2-core machine.
FAST = 30.0


def test_a_child_that_raises_fails_the_test_at_once_with_its_traceback() -> None:
    started = time.monotonic()
    with (
        pytest.raises(pytest.fail.Exception, match=r"(?s)child-0 failed while the test waited for the pairs.*boom"),
        Children(_procs.fail_at_once, ("boom",), 1) as child,
    ):
        child.collect(1, timeout=300, what="the pairs")
    assert time.monotonic() - started < FAST


def test_a_child_that_dies_without_a_word_fails_the_test_at_once_with_its_exit_code() -> None:
    started = time.monotonic()
    with (
        pytest.raises(pytest.fail.Exception, match="child-0 exited with code 3 without a report"),
        Children(_procs.exit_silently, (3,), 1) as child,
    ):
        child.collect(1, timeout=300)
    assert time.monotonic() - started < FAST


def test_a_child_that_fails_before_the_start_fails_the_release_at_once() -> None:
    go = SPAWN.Event()
    started = time.monotonic()
    with (
        pytest.raises(pytest.fail.Exception, match="waited for the children to be ready"),
        Children(_procs.fail_at_once, ("no start",), 2) as children,
    ):
        children.release(go, timeout=300)
    assert time.monotonic() - started < FAST
    assert not go.is_set()


def test_a_hung_child_fails_the_test_after_the_bounded_wait_and_is_killed() -> None:
    with Children(_procs.report_then_hang, (), 1) as child:
        assert child.collect(1, timeout=60) == ["first"]
        started = time.monotonic()
        with pytest.raises(pytest.fail.Exception, match="waited 1 s for the second report: got 0 of 1"):
            child.collect(1, timeout=1, what="the second report")
        assert time.monotonic() - started < FAST
        child.stop(grace=0)
        assert not child.processes[0].is_alive()
