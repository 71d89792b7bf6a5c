"""`smartthings-client emulator` with its options, as a script in another language runs it: a child process whose
banner gives the base URL, the fixed token and the control API, which then scripts the running emulator."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import IO

import httpx
import pytest

from smartthings_client import SmartThings, cli
from smartthings_client._cli import tools
from smartthings_client.errors import AuthenticationError, RateLimitError, ScopeError, ServerError
from smartthings_client.testing import EmulatorControl

from .fixtures import run_cli

BANNER_LINES = 8  # the API, the token, two ways to use it, the key server, the control API, an example, the console
WAIT = 30.0  # seconds: generous for a loaded 2-core machine, but never forever


class Child:
    """A running `smartthings-client emulator`; its output is read by a thread, so no read blocks the test."""

    def __init__(self, *options: str) -> None:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "smartthings_client", "emulator", "--port", "0", *options],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.stopped: tuple[str, str] | None = None
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))
        self.lines.put(None)

    def banner(self) -> list[str]:
        """The banner's lines; a child that exits first fails the test at once, with its error output."""
        lines: list[str] = []
        deadline = time.monotonic() + WAIT
        while len(lines) < BANNER_LINES:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no banner within {WAIT} s; so far: {lines}")
            if line is None:
                self.process.wait(WAIT)
                error = self.process.stderr.read() if self.process.stderr else ""
                pytest.fail(f"the emulator exited ({self.process.returncode}) before its banner: {error}")
            lines.append(line)
        return lines

    def stop(self) -> tuple[str, str]:
        """Ctrl-C, then what it printed after its banner, and its error output (the same again on a second call)."""
        if self.stopped is not None:
            return self.stopped
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(WAIT)
        rest: list[str] = []
        while (line := self.lines.get(timeout=WAIT)) is not None:
            rest.append(line)
        error = ""
        if self.process.stderr is not None:
            error = self.process.stderr.read()
            self.process.stderr.close()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.stopped = ("\n".join(rest), error)
        return self.stopped


@pytest.fixture
def child_factory() -> Iterator[type[Child]]:
    started: list[Child] = []

    class Tracked(Child):
        def __init__(self, *options: str) -> None:
            super().__init__(*options)
            started.append(self)

    yield Tracked
    for child in started:
        child.stop()


def _url(banner: list[str], pattern: str) -> str:
    found = re.search(pattern, "\n".join(banner), re.MULTILINE)
    assert found is not None, banner
    return found.group(1)


def test_the_banner_gives_the_base_url_the_fixed_token_and_a_working_curl_line_for_the_control_api(
    child_factory: type[Child],
) -> None:
    child = child_factory("--token", "scripted-token", "--scopes", "r:locations:*", "r:devices:*")
    banner = child.banner()
    base_url = _url(banner, r"SmartThings emulator on (http://127\.0\.0\.1:\d+/v1)")
    control_url = _url(banner, r"control API .*: (http://127\.0\.0\.1:\d+/_emulator)$")
    assert f"use it: export SMARTTHINGS_BASE_URL={base_url} SMARTTHINGS_TOKEN=scripted-token" in banner
    assert "a personal access token with r:locations:* r:devices:* (24 h): scripted-token" in banner
    assert "its clock follows real time" in banner[0]
    curl = _url(banner, r"e\.g\. an SSE app token: (curl .*)$")
    assert curl == f"curl -X POST {control_url}/tokens/sse"
    console = _url(banner, r"console .* in a browser: (http://127\.0\.0\.1:\d+/)$")
    assert console == control_url.removesuffix("_emulator")
    assert "SmartThings emulator console" in httpx.get(console, timeout=WAIT).text
    # What the curl line does, done with httpx: an SSE token, JSON.
    sse = httpx.post(f"{control_url}/tokens/sse", timeout=WAIT).json()
    assert "sse" in sse["scopes"]
    with SmartThings("scripted-token", base_url=base_url) as st:
        assert [loc.name for loc in st.locations.list()] == ["Home"]
        with pytest.raises(ScopeError):
            st.scenes.list().to_list()  # the token has only the scopes asked for
    out, err = child.stop()
    assert "stopped" in out
    assert "Traceback" not in err


def test_options_set_the_clock_rate_limits_faults_and_an_empty_account(child_factory: type[Child]) -> None:
    child = child_factory(
        "--token", "t0k3n", "--clock", "manual", "--start-time", "2025-03-01T12:00:00Z", "--empty",
        "--rate-limits", "2/60", "--fault", "server_error,path=/locations,status=502", "--token-lifetime", "3600",
    )  # fmt: skip
    banner = child.banner()
    assert "its clock stands still" in banner[0]
    assert "(1 h): t0k3n" in banner[1]
    base_url = _url(banner, r"SmartThings emulator on (\S+)")
    with EmulatorControl(base_url) as control:
        assert control.clock() == {"now": 1740830400.0, "iso": "2025-03-01T12:00:00.000Z", "ticking": False}
        assert control.rate_limits()["limit"] == 2
        assert [(f["kind"], f["path"], f["status"]) for f in control.faults()] == [("server_error", "/locations", 502)]
        assert control.devices() == []
        with SmartThings("t0k3n", base_url=base_url, max_retries=0) as st:
            with pytest.raises(ServerError):
                st.locations.list().to_list()  # the fault answers before the limiter counts
            assert st.locations.list().to_list() == []
            assert st.locations.list().to_list() == []
            with pytest.raises(RateLimitError):
                st.locations.list().to_list()
            control.disable_rate_limits()
            control.advance(3601)
            with pytest.raises(AuthenticationError, match="expired"):
                st.locations.list().to_list()
        assert control.reset()["token"] == "t0k3n"  # hard-coded scripts keep working after a reset
        with SmartThings("t0k3n", base_url=base_url) as st:
            assert [loc.name for loc in st.locations.list()] == ["Home"]


@pytest.mark.parametrize(
    ("options", "words"),
    [
        (["--fault", "meteor"], "unknown fault kind 'meteor'"),
        (["--fault", "drop,count"], "is not key=value"),
        (["--fault", "drop,cuont=2"], "unknown field(s) cuont"),
        (["--rate-limits", "ten"], "expected LIMIT/SECONDS[/token|device]"),
        (["--rate-limits", "10/60/planet"], "per must be token or device"),
        (["--start-time", "yesterday"], "neither epoch seconds nor an ISO 8601"),
        (["--token-lifetime", "0"], "lifetime must be > 0"),
        (["--token", " "], "must not be empty"),
    ],
)
def test_a_bad_option_is_a_usage_error_before_anything_is_served(
    capsys: pytest.CaptureFixture[str], options: list[str], words: str
) -> None:
    code, out, err = run_cli(capsys, "emulator", "--port", "0", *options)
    assert code == cli.EXIT_USAGE, err
    assert out == ""
    assert err.startswith("error: ")
    assert words in err
    assert "Traceback" not in err


def test_every_emulator_option_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["emulator", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for option, words in [
        ("--host HOST", "the address to listen on"),
        ("--port PORT", "0 picks any free port"),
        ("--token TOKEN", "scripts can hard-code it"),
        ("--clock {real,manual}", "stands still until advanced"),
        ("--rate-limits", "x-ratelimit-*"),
        ("--fault", "server_error,count=3"),
        ("--empty", "no location or device"),
        ("--start-time TIME", "ISO 8601"),
    ]:
        assert f"{option} {words}" in text or (option in text and words in text), option


def test_serve_emulator_in_process_applies_the_options() -> None:
    import argparse

    args = argparse.Namespace(
        fixed_token="in-process", scopes=None, token_lifetime=60.0, clock="manual", start_time="1740830400",
        empty=False, rate_limits="5/10/device", fault=["slow,seconds=0.5"],
    )  # fmt: skip
    emulator, server, token = tools.serve_emulator("127.0.0.1", 0, args)
    try:
        assert token == "in-process"
        assert emulator.clock.now() == 1740830400.0
        assert not emulator.clock.ticking
        settings = emulator.rate_limits.settings
        assert (settings.enabled, settings.limit, settings.window, settings.per) == (True, 5, 10.0, "device")
        assert [(f.kind, f.seconds) for f in emulator.faults.pending] == [("slow", 0.5)]
        answer = httpx.get(f"{server.url}/_emulator/clock", timeout=WAIT)
        assert answer.json()["now"] == 1740830400.0
    finally:
        server.shutdown()
