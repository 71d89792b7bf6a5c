"""A command line run on a pseudo-terminal, as a person at a keyboard runs it: standard input and standard error
are the terminal (where prompts and progress bars go), standard output a pipe (the answer, clean for parsing).

Every read is bounded, and a child that exits early fails the wait at once, not after a timeout."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence

# Generous for a loaded 2-core machine: the child imports the client and starts an emulator.
DEADLINE = 60.0


class Terminal:
    def __init__(self, argv: Sequence[str], env: Mapping[str, str] | None = None) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smartthings_client", *argv],
            stdin=slave,
            stdout=subprocess.PIPE,
            stderr=slave,
            env={**os.environ, **(env or {}), "COLUMNS": "100"},
            close_fds=True,
        )
        os.close(slave)
        self.screen = ""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.screen += data.decode("utf-8", "replace")
        return bool(data)

    def expect(self, text: str) -> str:
        """Wait until ``text`` is on the terminal; the screen so far."""
        deadline = time.monotonic() + DEADLINE
        while text not in self.screen:
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the terminal shows:\n{self.screen}")
            if not self._read(0.2) and self.process.poll() is not None:
                self._read(0)
                if text not in self.screen:
                    raise AssertionError(f"the command ended before {text!r}; the terminal shows:\n{self.screen}")
        return self.screen

    def type(self, line: str) -> None:
        os.write(self.master, (line + "\n").encode())

    def finish(self) -> tuple[int, str, str]:
        """Exit code, standard output and the whole terminal once the command ends."""
        try:
            out, _ = self.process.communicate(timeout=DEADLINE)
        finally:
            if self.process.poll() is None:
                self.process.kill()
        while self._read(0.05):
            pass
        os.close(self.master)
        return self.process.returncode, out.decode(), self.screen
