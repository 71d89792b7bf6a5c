"""The command line, run through its entry point against the in-process emulator (--emulator)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client import cli
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

from .fixtures import run_cli, send_cli_clients_to


def run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    code, out, err = run_cli(capsys, *argv, "--json", "--emulator")
    assert code == 0, err
    return json.loads(out)


def test_devices_list_json_is_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    devices = run_json(capsys, "devices", "list")
    assert len(devices) > 10
    labels = {device["label"] for device in devices}
    assert SEED_LIGHT_LABEL in labels
    assert all("deviceId" in device and "components" in device for device in devices)


def test_devices_list_filters_by_capability(capsys: pytest.CaptureFixture[str]) -> None:
    devices = run_json(capsys, "devices", "list", "--capability", "lock")
    assert devices
    for device in devices:
        capabilities = {c["id"] for component in device["components"] for c in component["capabilities"]}
        assert "lock" in capabilities


def test_devices_table_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "devices", "list", "--emulator")
    assert code == 0
    assert out.splitlines()[0].split()[:2] == ["DEVICE", "ID"]
    assert SEED_LIGHT_LABEL in out


def test_command_then_status_shows_the_new_state(capsys: pytest.CaptureFixture[str]) -> None:
    # Each --emulator run starts a fresh emulator, so command and status are checked within one process by
    # the library tests; here the command's own JSON result and exit code are what a script sees.
    devices = run_json(capsys, "devices", "list", "--capability", "switchLevel")
    light = devices[0]["deviceId"]
    results = run_json(capsys, "devices", "command", light, "switchLevel", "setLevel", "35")
    assert results[0]["status"] in ("ACCEPTED", "COMPLETED")
    status = run_json(capsys, "devices", "status", light, "--capability", "switch")
    assert "switch" in status["components"]["main"]


def test_status_table_lists_attributes(capsys: pytest.CaptureFixture[str]) -> None:
    light = run_json(capsys, "devices", "list", "--capability", "switch")[0]["deviceId"]
    code, out, _ = run_cli(capsys, "devices", "status", light, "--capability", "switch", "--emulator")
    assert code == 0
    assert any(line.split()[:3] == ["main", "switch", "switch"] for line in out.splitlines())


def test_locations_and_rooms(capsys: pytest.CaptureFixture[str]) -> None:
    locations = run_json(capsys, "locations", "list")
    assert [loc["name"] for loc in locations] == ["Home"]
    rooms = run_json(capsys, "rooms", "list")
    assert {"Living room", "Kitchen"} <= {room["name"] for room in rooms}


def test_subscriptions_with_a_smartapp_token(capsys: pytest.CaptureFixture[str]) -> None:
    light = run_json(capsys, "devices", "list", "--capability", "switch")[0]["deviceId"]
    created = run_json(capsys, "subscriptions", "create", "device", light, "--capability", "switch", "--name", "sw")
    assert created["sourceType"] == "DEVICE"
    assert created["device"]["subscriptionName"] == "sw"
    assert run_json(capsys, "subscriptions", "list") == []  # a fresh emulator per run
    assert run_json(capsys, "subscriptions", "delete", "--all") == {"deleted": 0}


def test_schedules_create_and_validation(capsys: pytest.CaptureFixture[str]) -> None:
    created = run_json(capsys, "schedules", "create", "nightly", "--cron", "0 22 * * ? *", "--timezone", "UTC")
    assert created["name"] == "nightly"
    assert created["cron"]["expression"] == "0 22 * * ? *"
    code, out, err = run_cli(capsys, "schedules", "create", "bad", "--cron", "0 22 * * ?", "--emulator")
    assert code == cli.EXIT_USAGE
    assert out == ""
    assert "six fields" in err or "6 fields" in err


def test_scopes_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "scopes", "explain", "subscriptions.create")
    assert code == 0
    assert "SmartApp" in out
    assert "/installedapps/{installedAppId}/subscriptions" in out
    rule = json.loads(run_cli(capsys, "scopes", "explain", "devices.execute", "--json")[1])
    assert rule["tokenKinds"] == ["PAT", "SMARTAPP"]
    assert rule["scopes"] == [["x:devices:{deviceId}"]]
    code, _, err = run_cli(capsys, "scopes", "explain", "devices.gett")
    assert code == cli.EXIT_USAGE
    assert "devices.get" in err


def test_no_token_is_an_authentication_exit(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    code, out, err = run_cli(capsys, "devices", "list")
    assert code == cli.EXIT_AUTH
    assert out == ""
    assert "SMARTTHINGS_TOKEN" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, b"<html><title>401 Authorization Required</title></html>", cli.EXIT_AUTH),
        (403, b"", cli.EXIT_FORBIDDEN),
        (404, b'{"error": {"code": "NotFoundError", "message": "no such device"}}', cli.EXIT_NOT_FOUND),
        (429, b'{"error": {"code": "TooManyRequestError", "message": "slow down"}}', cli.EXIT_RATE_LIMITED),
        (500, b"<html>oops</html>", cli.EXIT_ERROR),
    ],
)
def test_errors_map_to_documented_exit_codes(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    status: int,
    body: bytes,
    expected: int,
) -> None:
    secret = "cli-secret-token-123"
    transport = httpx.MockTransport(
        lambda request: httpx.Response(status, content=body, headers={"x-ratelimit-reset": "3600"})
    )
    send_cli_clients_to(monkeypatch, transport, max_retries=0)
    code, out, err = run_cli(capsys, "devices", "get", "abc", "--token", secret)
    assert code == expected
    assert out == ""
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) <= 2
    assert secret not in err


def test_invalid_id_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "devices", "get", "a/b", "--emulator")
    assert code == cli.EXIT_USAGE
    assert "must not contain '/'" in err


def test_module_entry_point_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smartthings_client", "scopes", "explain", "devices.list", "--json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["operation"] == "devices.list"


def test_demo_runs_green(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "demo")
    assert code == 0, err
    assert "TokenKindError: subscriptions.create accepts only a SmartApp token" in out
    assert "created DEVICE subscription 'lightSwitch'" in out
    assert "-> 429" in out
    assert "retrying after 429" in out
    assert "no error reached the caller" in out
    assert "Traceback" not in out + err


REDIRECT = "https://example.com/callback"
OAUTH_SCOPES = ["r:devices:*", "x:devices:*", "r:locations:*"]


def test_auth_login_then_commands_use_the_stored_token_and_keepalive_refreshes_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    emu = Emulator()
    app = emu.create_app("cli-oauth", app_type="API_ONLY", whitelisted_scopes=OAUTH_SCOPES, redirect_uris=[REDIRECT])
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    monkeypatch.setenv("SMARTTHINGS_CLIENT_SECRET", app.client_secret)
    with emu.serve(port=0) as server:
        token_url = f"http://127.0.0.1:{server.port}/oauth/token"
        code = emu.authorize(app.client_id, OAUTH_SCOPES, REDIRECT)
        monkeypatch.setattr("builtins.input", lambda prompt: code)  # a pasted bare code
        dirs = ["--token-dir", str(tmp_path)]
        scopes = [arg for scope in OAUTH_SCOPES for arg in ("--scope", scope)]
        login_argv = ["auth", "login", "--client-id", app.client_id, "--redirect-uri", REDIRECT, *scopes]
        code_, out, err = run_cli(capsys, *login_argv, "--token-url", token_url, *dirs)
        assert code_ == 0, err
        assert "Logged in" in out
        stored = json.loads(run_cli(capsys, "auth", "list", "--json", *dirs)[1])
        assert len(stored) == 1
        assert stored[0]["scopes"].split() == OAUTH_SCOPES
        # Later commands find the token in the store, with no --token and no SMARTTHINGS_TOKEN.
        base = ["--base-url", f"http://127.0.0.1:{server.port}/v1"]
        code_, out, err = run_cli(capsys, "locations", "list", "--json", *dirs, *base)
        assert code_ == 0, err
        assert [loc["name"] for loc in json.loads(out)] == ["Home"]
        before = json.loads(run_cli(capsys, "auth", "list", "--json", *dirs)[1])[0]["updatedAt"]
        code_, out, err = run_cli(capsys, "auth", "keepalive", "--older-than-days", "0", *dirs)
        assert code_ == 0, err
        assert "refreshed 1" in out
        after = json.loads(run_cli(capsys, "auth", "list", "--json", *dirs)[1])[0]["updatedAt"]
        assert after >= before
        everything = out + err + json.dumps(stored)
        assert app.client_secret not in everything


def test_without_any_token_the_store_is_suggested(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    code, _, err = run_cli(capsys, "devices", "list", "--token-dir", str(tmp_path))
    assert code == cli.EXIT_AUTH
    assert "auth login" in err


def test_piping_into_head_is_not_an_error() -> None:
    command = f"'{sys.executable}' -m smartthings_client devices list --emulator | head -1"
    result = subprocess.run(  # a fixed pipeline, as a user would type it
        ["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, check=False, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("DEVICE ID")
    assert "Traceback" not in result.stderr
