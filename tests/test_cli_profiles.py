"""`-o/--output table|json|yaml` and profiles (config.yaml, --profile, SMARTTHINGS_PROFILE), as a user sees them."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from smartthings_client import Credential, SmartThings
from smartthings_client.testing import Emulator

from .fixtures import run_cli, run_emulated_cli, send_cli_clients_to


def config_file(text: str) -> Path:
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "smartthings-client" / "config.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)
    return path


# -o / --output


def test_output_yaml_is_the_same_document_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out_json, err = run_emulated_cli(capsys, "locations", "list", "-o", "json")
    assert code == 0, err
    code, out_yaml, err = run_emulated_cli(capsys, "locations", "list", "--output", "yaml")
    assert code == 0, err
    as_json = json.loads(out_json)
    # Each in-process emulator makes its own ids: the shape and the names are the same document.
    assert [loc["name"] for loc in yaml.safe_load(out_yaml)] == [loc["name"] for loc in as_json]
    assert not out_yaml.lstrip().startswith("[")  # YAML's block style, not JSON


def test_output_before_the_command_and_json_as_its_synonym(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "-o", "yaml", "locations", "list", "--emulator")
    assert code == 0, err
    assert isinstance(yaml.safe_load(out), list)
    code, out, err = run_emulated_cli(capsys, "locations", "list", "--json")
    assert code == 0, err
    assert isinstance(json.loads(out), list)
    code, out, _ = run_emulated_cli(capsys, "locations", "list", "-o", "table")
    assert out.splitlines()[0].split() == ["LOCATION", "ID", "NAME"]


def test_json_with_another_output_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_emulated_cli(capsys, "locations", "list", "--json", "-o", "yaml")
    assert code == 2
    assert out == ""
    assert "--json is -o json" in err


def test_an_unknown_output_format_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_emulated_cli(capsys, "locations", "list", "-o", "xml")
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_yaml_without_pyyaml_names_the_extra(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "yaml", None)  # import yaml now fails, as without the package
    code, out, err = run_emulated_cli(capsys, "locations", "list", "-o", "yaml")
    assert code == 1
    assert out == ""
    assert "pip install 'smartthings-client[yaml]'" in err


# Profiles


class Recorder:
    """The API behind the command line's clients: records each request and answers an empty page."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        from smartthings_client._cli import session

        self.requests: list[httpx.Request] = []
        real_make_client = session.make_client

        def recorded(credential: Credential, **options: Any) -> SmartThings:
            return real_make_client(credential, **options, transport=httpx.MockTransport(self._answer))

        monkeypatch.setattr(session, "make_client", recorded)

    def _answer(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, json={"items": []})

    @property
    def token(self) -> str:
        return self.requests[-1].headers["Authorization"].removeprefix("Bearer ")

    @property
    def url(self) -> str:
        return str(self.requests[-1].url)


PROFILES = """
default:
  token: profile-default-token-7c1e
  base_url: http://default.test/v1
work:
  token: profile-work-token-93ab
  base_url: http://work.test/v1
"""


def test_the_default_profile_gives_token_and_base_url(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file(PROFILES)
    api = Recorder(monkeypatch)
    code, _, err = run_cli(capsys, "devices", "list")
    assert code == 0, err
    assert api.token == "profile-default-token-7c1e"
    assert api.url.startswith("http://default.test/v1/devices")


@pytest.mark.parametrize("how", ["flag", "env"])
def test_a_named_profile_by_flag_or_environment(
    how: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file(PROFILES)
    api = Recorder(monkeypatch)
    argv = ["devices", "list"]
    if how == "flag":
        monkeypatch.setenv("SMARTTHINGS_PROFILE", "default")  # the flag wins over the environment
        argv += ["--profile", "work"]
    else:
        monkeypatch.setenv("SMARTTHINGS_PROFILE", "work")
    code, _, err = run_cli(capsys, *argv)
    assert code == 0, err
    assert api.token == "profile-work-token-93ab"
    assert api.url.startswith("http://work.test/v1/devices")


def test_flags_and_environment_win_over_the_profile(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file(PROFILES)
    api = Recorder(monkeypatch)
    monkeypatch.setenv("SMARTTHINGS_TOKEN", "env-token")
    monkeypatch.setenv("SMARTTHINGS_BASE_URL", "http://env.test/v1")
    assert run_cli(capsys, "devices", "list")[0] == 0
    assert (api.token, api.url.startswith("http://env.test/v1/")) == ("env-token", True)
    assert run_cli(capsys, "devices", "list", "--token", "flag-token", "--base-url", "http://flag.test/v1")[0] == 0
    assert (api.token, api.url.startswith("http://flag.test/v1/")) == ("flag-token", True)


def test_the_profile_location_is_the_default_location(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    emulator = Emulator()
    second = emulator.add_location("Cabin")
    send_cli_clients_to(monkeypatch, emulator.transport)
    token = emulator.issue_pat()
    code, _, err = run_cli(capsys, "rooms", "list", "--token", token)
    assert code == 2  # two locations, not a terminal: say which
    assert "--location-id" in err
    config_file(f"default:\n  token: {token}\n  location: {second}\n")
    code, out, err = run_cli(capsys, "rooms", "list", "-o", "json")
    assert code == 0, err
    assert json.loads(out) == []  # the Cabin has no rooms; Home has
    assert token not in out + err


def test_an_unknown_profile_names_the_ones_there(capsys: pytest.CaptureFixture[str]) -> None:
    config_file(PROFILES)
    code, _out, err = run_cli(capsys, "devices", "list", "--profile", "hoem")
    assert code == 2
    assert "no profile 'hoem'" in err
    assert "default, work" in err


def test_an_unknown_setting_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_file("default:\n  tokne: abc\n")
    code, _, err = run_cli(capsys, "devices", "list")
    assert code == 2
    assert str(path) in err
    assert "tokne" in err


def test_a_broken_file_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    config_file("default: [unclosed\n")
    code, _, err = run_cli(capsys, "devices", "list")
    assert code == 2
    assert "not valid YAML" in err


@pytest.mark.parametrize("output", ["table", "json", "yaml"])
def test_profiles_show_never_prints_the_token(output: str, capsys: pytest.CaptureFixture[str]) -> None:
    config_file(PROFILES)
    code, out, err = run_cli(capsys, "profiles", "show", "work", "-o", output)
    assert code == 0, err
    assert "profile-work-token-93ab" not in out + err
    assert "http://work.test/v1" in out
    assert "hidden" in out


def test_profiles_list_and_path(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = config_file(PROFILES)
    monkeypatch.setenv("SMARTTHINGS_PROFILE", "work")
    code, out, _ = run_cli(capsys, "profiles", "list")
    assert code == 0
    rows = [line.split() for line in out.splitlines()[1:]]
    assert rows == [["default", "base_url,token"], ["work", "*", "base_url,token"]]
    assert "profile-" not in out
    assert run_cli(capsys, "profiles", "path")[1].strip() == str(path)


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_token_others_can_read_is_warned_about(capsys: pytest.CaptureFixture[str]) -> None:
    path = config_file(PROFILES)
    assert "warning" not in run_cli(capsys, "profiles", "list")[2]
    path.chmod(0o644)
    code, out, err = run_cli(capsys, "profiles", "list")
    assert code == 0
    assert f"warning: {path} holds a token and other users can read it: chmod 600 {path}" in err
    assert "profile-default-token" not in out + err
