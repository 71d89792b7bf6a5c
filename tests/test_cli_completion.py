"""Shell completion: the scripts `completion bash|zsh|fish` print, and what a Tab offers (commands, options,
device and location ids with their names, from a cache of a few minutes that never makes a Tab wait long)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from smartthings_client._cli import completion

from .fixtures import run_cli

SEEDED_DEVICE = "440063de-a200-40b5-8a6b-f3399eaa0370"  # "Bathroom spot" of the seeded emulator


def complete(capsys: pytest.CaptureFixture[str], *words: str) -> list[str]:
    code, out, err = run_cli(capsys, "completion", "--complete", *words)
    assert code == 0, err
    return out.splitlines()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_each_shell_gets_a_script_calling_the_completer(shell: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "completion", shell)
    assert code == 0
    assert "smartthings-client completion --complete" in out
    assert {"bash": "complete -o default -F", "zsh": "compdef", "fish": "complete -c"}[shell] in out


def test_no_shell_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(capsys, "completion")
    assert code == 2
    assert "bash|zsh|fish" in err


def test_commands_options_and_values(capsys: pytest.CaptureFixture[str]) -> None:
    assert complete(capsys, "devices", "st") == ["status\ta device's attribute values"]
    assert "--location-id" in complete(capsys, "devices", "list", "--loc")
    assert complete(capsys, "devices", "list", "-o", "") == ["table", "json", "yaml"]
    assert complete(capsys, "completion", "") == ["bash", "fish", "zsh"]


def test_device_and_location_ids_come_with_their_names(capsys: pytest.CaptureFixture[str]) -> None:
    devices = complete(capsys, "--emulator", "devices", "get", "")
    assert f"{SEEDED_DEVICE}\tBathroom spot" in devices
    assert complete(capsys, "--emulator", "devices", "status", "bathroom") == [f"{SEEDED_DEVICE}\tBathroom spot"]
    locations = complete(capsys, "--emulator", "rooms", "list", "--location-id", "")
    assert [line.split("\t")[1] for line in locations] == ["Home"]


def test_names_are_cached_for_five_minutes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fetched = []
    real_fetch = completion._fetch_names

    def counted(args: object) -> dict[str, list[list[str]]]:
        fetched.append(1)
        return real_fetch(args)  # type: ignore[arg-type]

    monkeypatch.setattr(completion, "_fetch_names", counted)
    complete(capsys, "--emulator", "devices", "get", "")
    assert complete(capsys, "--emulator", "devices", "get", "")  # from the cache
    assert len(fetched) == 1
    cache = completion.cache_dir() / "names.json"
    stale = json.loads(cache.read_text())
    stale["emulator"]["time"] -= completion.CACHE_SECONDS + 1
    cache.write_text(json.dumps(stale))
    complete(capsys, "--emulator", "devices", "get", "")
    assert len(fetched) == 2


def test_the_cache_never_holds_the_token(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    token = "completion-secret-token-5e1d"
    monkeypatch.setattr(completion, "_fetch_names", lambda args: {"devices": [["d1", "Lamp"]]})
    assert complete(capsys, "--token", token, "devices", "get", "") == ["d1\tLamp"]
    text = (completion.cache_dir() / "names.json").read_text()
    assert "Lamp" in text
    assert token not in text


def test_an_unreachable_api_offers_nothing_quickly(capsys: pytest.CaptureFixture[str]) -> None:
    # A port that accepts nothing: listening, never answering (a black hole rather than a refusal).
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        started = time.monotonic()
        assert complete(capsys, "--base-url", url, "--token", "t", "devices", "get", "") == []
        assert time.monotonic() - started < completion.REFRESH_TIMEOUT + 5


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_through_the_script(tmp_path: Path) -> None:
    script = tmp_path / "complete.bash"
    script.write_text(
        subprocess.run(
            [sys.executable, "-m", "smartthings_client", "completion", "bash"],
            check=True,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout
    )
    # The script calls `smartthings-client`: this interpreter's, as an installed one would be.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "smartthings-client"
    launcher.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m smartthings_client "$@"\n')
    launcher.chmod(0o755)
    test = (
        f"source {script}; COMP_WORDS=(smartthings-client --emulator devices status Bath); COMP_CWORD=4; "
        '_smartthings_client; printf "%s\\n" "${COMPREPLY[@]}"'
    )
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(["bash", "-c", test], check=False, capture_output=True, text=True, timeout=60, env=env)
    assert result.stdout.split() == [SEEDED_DEVICE], result.stderr
