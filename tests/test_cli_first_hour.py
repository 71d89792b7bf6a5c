"""The command line as a newcomer meets it: --version, pointing it at a served emulator, the emulator's banner,
tokens that are empty or of the wrong kind, tables that fit and stream, and OAuth login with --emulator."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from smartthings_client import SmartThings, __version__, cli
from smartthings_client._cli import tools
from smartthings_client.testing import Emulator, LoopbackServer

from .fixtures import pysmartthings, run_cli, send_cli_clients_to


@pytest.fixture
def served() -> Iterator[tuple[Emulator, LoopbackServer]]:
    emu = Emulator()
    with emu.serve(port=0) as server:
        yield emu, server


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"smartthings-client {__version__}"


@pytest.mark.parametrize("token", ["", "   "], ids=["empty", "blank"])
def test_an_empty_or_blank_token_is_the_same_authentication_exit(
    capsys: pytest.CaptureFixture[str], token: str
) -> None:
    code, out, err = run_cli(capsys, "devices", "list", "--token", token)
    assert code == cli.EXIT_AUTH
    assert out == ""
    assert err.startswith("error: --token is empty")


def test_emulator_with_a_token_is_refused_not_ignored(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "devices", "list", "--emulator", "--token", "some-token")
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "--token would be ignored" in err


def test_base_url_and_the_environment_variable_point_the_cli_at_a_served_emulator(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, served: tuple[Emulator, LoopbackServer]
) -> None:
    emu, server = served
    token = emu.issue_pat()
    code, out, err = run_cli(capsys, "locations", "list", "--json", "--token", token, "--base-url", server.base_url)
    assert code == 0, err
    assert [loc["name"] for loc in json.loads(out)] == ["Home"]

    monkeypatch.setenv("SMARTTHINGS_BASE_URL", server.base_url)
    monkeypatch.setenv("SMARTTHINGS_TOKEN", token)
    code, out, err = run_cli(capsys, "locations", "list", "--json")
    assert code == 0, err
    assert [loc["name"] for loc in json.loads(out)] == ["Home"]
    with SmartThings() as st:  # the clients read it too
        assert [loc.name for loc in st.locations.list()] == ["Home"]


def test_base_url_is_documented_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["devices", "list", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "--base-url BASE_URL the API to call (default: $SMARTTHINGS_BASE_URL" in shown


def test_a_pat_on_subscriptions_says_a_pat_cannot_call_them(
    capsys: pytest.CaptureFixture[str], served: tuple[Emulator, LoopbackServer]
) -> None:
    emu, server = served
    install = emu.install(emu.create_app("cli-app"))
    pat = emu.issue_pat()
    code, out, err = run_cli(
        capsys,
        "subscriptions",
        "list",
        "--token",
        pat,
        "--installed-app-id",
        install.installed_app_id,
        "--base-url",
        server.base_url,
    )
    assert code == cli.EXIT_FORBIDDEN
    assert out == ""
    first = err.splitlines()[0]
    assert first.startswith("error: subscriptions.list was refused (403) for the token given")
    assert "If it is a personal access token, that is the cause: subscriptions.list accepts only a SmartApp" in first
    assert "Use the authToken from the INSTALL, UPDATE or EVENT payload" in first
    assert pat not in err


def test_devices_status_capability_applies_to_json(capsys: pytest.CaptureFixture[str]) -> None:
    light = json.loads(run_cli(capsys, "devices", "list", "--capability", "switchLevel", "--json", "--emulator")[1])[0]
    code, out, err = run_cli(
        capsys, "devices", "status", light["deviceId"], "--capability", "switch", "--json", "--emulator"
    )
    assert code == 0, err
    status = json.loads(out)
    assert set(status["components"]["main"]) == {"switch"}
    code, out, err = run_cli(
        capsys, "devices", "status", light["deviceId"], "--capability", "switch", "--capability", "switchLevel",
        "--json", "--emulator",
    )  # fmt: skip
    assert set(json.loads(out)["components"]["main"]) == {"switch", "switchLevel"}


@pytest.mark.parametrize("columns", [80, 100, 160])
def test_scopes_explain_fits_the_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, columns: int
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    code, out, _ = run_cli(capsys, "scopes", "explain")
    assert code == 0
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= columns
    assert lines[0].split()[:2] == ["OPERATION", "CALL"]
    names = [line.split()[0] for line in lines[1:]]  # one line per operation, its name never cut
    assert {"devices.list", "subscriptions.create", "devices.execute", "services.delete_all_subscriptions"} <= set(
        names
    )
    assert len(names) == len(set(names))
    if columns >= 160:
        assert "GET /devices/{deviceId}" in out  # cut only where the terminal is too narrow for it
    else:
        assert "…" in out


def test_a_table_shows_each_page_as_it_arrives(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = pysmartthings("device.json"), {**pysmartthings("device.json"), "deviceId": "d2", "label": "Two"}
    printed_before_page_two: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if "page=1" not in str(request.url):
            next_link = {"next": {"href": "https://api.smartthings.com/devices?page=1"}}
            return httpx.Response(200, json={"items": [first], "_links": next_link})
        printed_before_page_two.append(capsys.readouterr().out)
        return httpx.Response(200, json={"items": [second]})

    send_cli_clients_to(monkeypatch, httpx.MockTransport(handler))
    code, out, err = run_cli(capsys, "devices", "list", "--token", "a-token")

    assert code == 0, err
    assert printed_before_page_two
    assert "Bathroom spot" in printed_before_page_two[0]
    assert "Two" in out


def test_auth_login_with_emulator_runs_the_whole_flow_offline(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SMARTTHINGS_TOKEN_DIR", str(tmp_path))
    code, out, err = run_cli(
        capsys,
        "auth",
        "login",
        "--emulator",
        "--redirect-uri",
        "https://example.com/callback",
        "--scope",
        "r:devices:*",
        "--scope",
        "r:locations:*",
    )
    assert code == 0, err
    assert "an emulated API_ONLY app" in out
    redirect = re.search(r"https://example\.com/callback\?code=\S+", out)
    assert redirect is not None
    assert "consent given by the emulator" in out
    assert "Logged in: installed app" in out
    assert "scopes r:devices:* r:locations:*" in out
    assert list(tmp_path.iterdir()) == []  # real stored tokens are never touched


def test_auth_login_without_emulator_needs_a_client_id(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "auth", "login", "--redirect-uri", "https://e.com/cb", "--scope", "r:devices:*")
    assert code == cli.EXIT_USAGE
    assert "--client-id" in err


def test_the_served_emulator_clock_follows_real_time() -> None:
    emulator, server, _ = tools.serve_emulator("127.0.0.1", 0)
    try:
        before = emulator.clock.now()
        time.sleep(0.02)
        assert emulator.clock.now() > before
        assert server.port != 0
    finally:
        server.shutdown()


def test_a_taken_port_is_an_error_message_not_a_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run_cli(capsys, "emulator", "--port", str(port))
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert err.startswith(f"error: cannot serve the emulator on 127.0.0.1:{port}")
    assert "--port 0" in err
    assert "Traceback" not in err


def test_the_emulator_banner_is_printed_once_with_one_token_and_the_real_port() -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "smartthings_client", "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        banner = [process.stdout.readline() for _ in range(5)]
        match = re.match(r"SmartThings emulator on (http://127\.0\.0\.1:(\d+)/v1)", banner[0])
        assert match is not None, banner
        base_url, port = match.group(1), int(match.group(2))
        assert port != 0
        tokens = set(re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "".join(banner)))
        assert len(tokens) == 1
        (token,) = tokens
        assert f"SMARTTHINGS_BASE_URL={base_url}" in "".join(banner)
        assert f"SmartApp(key_server='{base_url.removesuffix('/v1')}/keys', ...)" in banner[4]
        with SmartThings(token, base_url=base_url) as st:
            assert [loc.name for loc in st.locations.list()] == ["Home"]
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert "SmartThings emulator on" not in out  # no second banner
    assert "stopped" in out
    assert "Traceback" not in err


def test_the_demo_shows_each_steps_python_call_before_its_result(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "demo")
    assert code == 0, err
    lines = out.splitlines()
    steps = [index for index, line in enumerate(lines) if re.match(r"\d\. ", line)]
    assert len(steps) == 6
    for index in steps:
        assert lines[index + 1].startswith("   >>> "), lines[index : index + 2]
    assert '   >>> light = st.devices.list(capability=["switch", "switchLevel"]).first()' in lines
