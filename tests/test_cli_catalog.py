"""The command line and the capability catalogue: `devices command` checks arguments offline before sending,
`capabilities show` reads the bundled catalogue (or the API with --live), and `capabilities generate` writes typed
modules for an account's own capabilities."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client.catalog import definition as bundled_definition
from smartthings_client.errors import InvalidArgumentError
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to

DEVICE = "0a1b2c3d-0000-4000-8000-000000000001"


class Recorder:
    """An API that records what it is sent and answers each command as ACCEPTED (or a capability definition)."""

    def __init__(self, definitions: dict[str, Any] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self.definitions = definitions or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path.endswith("/commands"):
            return httpx.Response(200, json={"results": [{"id": "c1", "status": "ACCEPTED"}]})
        capability = self.definitions.get(request.url.path.removeprefix("/v1/capabilities/"))
        if capability is not None:
            return httpx.Response(200, json=capability)
        return httpx.Response(404, json={"error": {"code": "NotFoundError", "message": "nothing here"}})

    def sent_arguments(self) -> list[Any]:
        [request] = self.requests
        [command] = json.loads(request.content)["commands"]
        arguments: list[Any] = command["arguments"]
        return arguments


@pytest.fixture
def api(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    send_cli_clients_to(monkeypatch, httpx.MockTransport(recorder), max_retries=0)
    return recorder


@pytest.fixture
def no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No token anywhere: a command that needed the API would exit 3."""
    monkeypatch.delenv("SMARTTHINGS_TOKEN", raising=False)
    monkeypatch.setenv("SMARTTHINGS_TOKEN_DIR", str(tmp_path / "no-tokens"))


# ---------------------------------------------------------------------------------------------------------
# devices command


@pytest.mark.parametrize(
    ("capability", "command", "texts", "sent"),
    [
        ("switchLevel", "setLevel", ["40", "5"], [40, 5]),
        ("thermostatHeatingSetpoint", "setHeatingSetpoint", ["21.5"], [21.5]),
        ("thermostatMode", "setThermostatMode", ["heat"], ["heat"]),
        ("securitySystem", "armAway", ["true"], [True]),
        ("colorControl", "setColor", ['{"hue": 10, "saturation": 50}'], [{"hue": 10, "saturation": 50}]),
        # A string argument stays a string even when it reads as a number; a JSON string is read as one.
        ("samsungce.washerCycle", "setWasherCycle", ["123"], ["123"]),
        ("samsungce.washerCycle", "setCycleType", ['"washingOnly"'], ["washingOnly"]),
        ("switch", "on", [], []),
    ],
)
def test_command_arguments_are_typed_from_the_catalogue(
    capsys: pytest.CaptureFixture[str], api: Recorder, capability: str, command: str, texts: list[str], sent: list[Any]
) -> None:
    code, out, err = run_cli(capsys, "devices", "command", DEVICE, capability, command, *texts, "--token", "t")
    assert (code, err) == (0, "")
    assert "ACCEPTED" in out
    assert api.sent_arguments() == sent


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["switchLevel", "setLevel", "400"], "argument 'level' must be at most 100, not 400 (allowed: integer 0..100)"),
        (["switchLevel", "setLevel", "forty"], "argument 'level' must be an integer, not 'forty'"),
        (["switchLevel", "setLevel", "40", "1", "2"], "switchLevel.setLevel takes 2 arguments, not 3"),
        (["switchLevel", "setLevel"], "switchLevel.setLevel needs the argument 'level'"),
        (["thermostatMode", "setThermostatMode", "tepid"], "must be one of 'antifreezing', 'asleep', 'auto'"),
        (["securitySystem", "armAway", "yes"], "argument 'bypassAll' must be true or false, not 'yes'"),
        (["colorControl", "setColor", '{"hue": "red"}'], "key 'hue' must be a number"),
    ],
)
def test_a_mistake_is_a_usage_error_with_the_signature_and_nothing_is_sent(
    capsys: pytest.CaptureFixture[str], api: Recorder, argv: list[str], said: str
) -> None:
    code, out, err = run_cli(capsys, "devices", "command", DEVICE, *argv, "--token", "t")
    assert (code, out, api.requests) == (2, "", [])
    error, note = err.splitlines()
    assert error.startswith("error: ")
    assert said in error
    capability, command = argv[:2]
    signature = bundled_definition(capability).signature(command)  # type: ignore[union-attr]
    assert error.endswith(f"; signature: {signature}")
    assert note == (
        f"  note: checked offline against {capability} version 1 of the bundled catalogue "
        f"(`smartthings-client capabilities show {capability}`); --no-check sends the command as given"
    )


def test_an_unknown_command_lists_the_capabilitys_commands(capsys: pytest.CaptureFixture[str], api: Recorder) -> None:
    code, out, err = run_cli(capsys, "devices", "command", DEVICE, "switchLevel", "setLvl", "40", "--token", "t")
    assert (code, out, api.requests) == (2, "", [])
    assert err.splitlines()[0] == (
        "error: switchLevel has no command 'setLvl'; its commands: setLevel(level: integer 0..100, rate?: integer 0..)"
    )


def test_a_refused_command_needs_no_token(capsys: pytest.CaptureFixture[str], no_token: None) -> None:
    code, _, err = run_cli(capsys, "devices", "command", DEVICE, "switch", "on", "please")
    assert code == 2
    assert "switch.on takes 0 arguments, not 1; signature: on()" in err


def test_a_capability_the_catalogue_does_not_hold_is_sent_as_given(
    capsys: pytest.CaptureFixture[str], api: Recorder
) -> None:
    argv = ["myns12345.fancyMode", "setFancy", "40", "on", '{"a": 1}', "--token", "t"]
    code, _, err = run_cli(capsys, "devices", "command", DEVICE, *argv)
    assert (code, err) == (0, "")
    assert api.sent_arguments() == [40, "on", {"a": 1}]


def test_no_check_sends_the_arguments_as_given(capsys: pytest.CaptureFixture[str], api: Recorder) -> None:
    argv = ["switchLevel", "setLevel", "400", "--no-check", "--token", "t"]
    code, _, err = run_cli(capsys, "devices", "command", DEVICE, *argv)
    assert (code, err) == (0, "")
    assert api.sent_arguments() == [400]


def test_a_checked_command_reaches_the_emulated_device(capsys: pytest.CaptureFixture[str]) -> None:
    emulator = Emulator()
    light = emulator.find_devices("switchLevel")[0]
    token = emulator.issue_pat()
    with pytest.MonkeyPatch.context() as patch:
        send_cli_clients_to(patch, emulator.transport)
        code, _, err = run_cli(capsys, "devices", "command", light, "switchLevel", "setLevel", "35", "--token", token)
    assert (code, err) == (0, "")
    assert emulator.attribute(light, "switchLevel", "level") == 35


# ---------------------------------------------------------------------------------------------------------
# capabilities show


def test_show_reads_the_catalogue_offline(capsys: pytest.CaptureFixture[str], no_token: None) -> None:
    code, out, err = run_cli(capsys, "capabilities", "show", "switchLevel")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "switchLevel version 1 (live): Switch Level",
        "Python: smartthings_client.catalog.switch_level",
    ]
    assert lines[2].split() == ["KIND", "NAME", "HOLDS", "/", "TAKES", "NOTES", "PYTHON"]
    rows = [line.split() for line in lines[3:]]
    assert ["attribute", "level", "integer", "0..100", "[%]", "set", "by", "setLevel", "LEVEL"] in rows
    assert ["attribute", "levelRange", "object", "{minimum,", "maximum,", "step}", "[%]", "LEVEL_RANGE"] in rows
    signature = ["setLevel(level:", "integer", "0..100,", "rate?:", "integer", "0..)"]
    assert ["command", "setLevel", *signature, "set_level()"] in rows


def test_show_names_a_namespaced_capabilitys_module(capsys: pytest.CaptureFixture[str], no_token: None) -> None:
    code, out, _ = run_cli(capsys, "capabilities", "show", "samsungce.washerCycle")
    assert code == 0
    assert out.splitlines()[1] == "Python: smartthings_client.catalog.samsungce.washer_cycle"
    assert "setCycleType(cycleType: string one of allInOne, washingOnly, dryingOnly, washerCycle?: string)" in out
    assert "set_cycle_type()" in out


def test_show_json_is_the_definition_as_published(capsys: pytest.CaptureFixture[str], no_token: None) -> None:
    code, out, _ = run_cli(capsys, "capabilities", "show", "lock", "--json")
    assert code == 0
    shown = json.loads(out)
    assert shown == bundled_definition("lock").raw  # type: ignore[union-attr]
    assert shown["commands"]["unlatch"] == {"name": "unlatch", "arguments": [], "sensitive": False}


def _switch_level_with(extra_command: str) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads(json.dumps(bundled_definition("switchLevel").raw))  # type: ignore[union-attr]
    raw["commands"][extra_command] = {"name": extra_command, "arguments": [], "sensitive": False}
    return raw


def test_show_live_asks_the_api(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder({"switchLevel/1": _switch_level_with("blink")})
    send_cli_clients_to(monkeypatch, httpx.MockTransport(recorder), max_retries=0)
    code, out, err = run_cli(capsys, "capabilities", "show", "switchLevel", "--live", "--token", "t")
    assert (code, err) == (0, "")
    assert [r.url.path for r in recorder.requests] == ["/v1/capabilities/switchLevel/1"]
    lines = out.splitlines()
    assert lines[0] == "switchLevel version 1 (live, from the API): Switch Level"
    # The API's definition, with the Python names of the bundled module where it has them.
    assert any(line.split() == ["command", "blink", "blink()"] for line in lines)
    assert any(line.split()[-1] == "set_level()" for line in lines)
    code, out, _ = run_cli(capsys, "capabilities", "show", "switchLevel", "--live", "--json", "--token", "t")
    assert "blink" in json.loads(out)["commands"]


def test_show_asks_the_api_for_another_version_or_an_unknown_capability(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    version_2 = {**_switch_level_with("blink"), "version": 2}
    recorder = Recorder({"switchLevel/2": version_2})
    send_cli_clients_to(monkeypatch, httpx.MockTransport(recorder), max_retries=0)
    code, out, _ = run_cli(capsys, "capabilities", "show", "switchLevel", "--version", "2", "--token", "t")
    assert code == 0
    assert out.splitlines()[0] == "switchLevel version 2 (live, from the API): Switch Level"
    assert "Python:" not in out  # the bundled module is version 1's
    code, out, err = run_cli(capsys, "capabilities", "show", "myns12345.fancyMode", "--token", "t")
    assert (code, out) == (5, "")
    assert "capabilities.get" in err
    assert [r.url.path for r in recorder.requests][-1] == "/v1/capabilities/myns12345.fancyMode/1"


# ---------------------------------------------------------------------------------------------------------
# capabilities generate

FANCY: dict[str, Any] = {
    "attributes": {
        "fancy": {
            "schema": {
                "type": "object",
                "properties": {"value": {"type": "string", "enum": ["on", "off"]}},
                "additionalProperties": False,
                "required": ["value"],
            },
            "setter": "setFancy",
        },
        "sparkle": {
            "schema": {
                "type": "object",
                "properties": {"value": {"type": "integer", "minimum": 0, "maximum": 10}},
                "required": ["value"],
            }
        },
    },
    "commands": {
        "setFancy": {
            "name": "setFancy",
            "arguments": [{"name": "fancy", "optional": False, "schema": {"type": "string", "enum": ["on", "off"]}}],
        },
        "setSparkle": {
            "name": "setSparkle",
            "arguments": [
                {"name": "sparkle", "optional": False, "schema": {"type": "integer", "minimum": 0, "maximum": 10}}
            ],
        },
    },
}


@pytest.fixture
def account(monkeypatch: pytest.MonkeyPatch) -> tuple[Emulator, str, str]:
    """An emulated account with two custom capabilities; the command line's clients talk to it."""
    emulator = Emulator()
    token = emulator.issue_pat()
    from smartthings_client import SmartThings

    with SmartThings(token, transport=emulator.transport) as st:
        fancy = st.capabilities.create("Fancy Mode", attributes=FANCY["attributes"], commands=FANCY["commands"])
        st.capabilities.create("Plain Thing")
    assert fancy.namespace is not None
    send_cli_clients_to(monkeypatch, emulator.transport)
    return emulator, token, fancy.namespace


@pytest.fixture
def generated_package() -> Iterator[str]:
    name = "st_generated_caps"
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def test_generate_writes_typed_modules_that_check_commands(
    capsys: pytest.CaptureFixture[str],
    account: tuple[Emulator, str, str],
    generated_package: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, token, namespace = account
    output = tmp_path / generated_package
    code, out, err = run_cli(capsys, "capabilities", "generate", namespace, "--out-dir", str(output), "--token", token)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"2 modules in {output} (package {generated_package}):"
    assert [line.split() for line in lines[2:]] == [
        [f"{namespace}.fancyMode", "1", f"{generated_package}.fancy_mode"],
        [f"{namespace}.plainThing", "1", f"{generated_package}.plain_thing"],
    ]
    assert sorted(p.name for p in (output / "_definitions").iterdir()) == [
        f"{namespace}.fancyMode.json",
        f"{namespace}.plainThing.json",
    ]

    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    fancy = importlib.import_module(f"{generated_package}.fancy_mode")
    command = fancy.set_fancy("on", component="side")
    assert (command.capability, command.command, command.arguments, command.component) == (
        f"{namespace}.fancyMode",
        "setFancy",
        ("on",),
        "side",
    )
    with pytest.raises(InvalidArgumentError, match=r"argument 'sparkle' must be at most 10, not 11"):
        fancy.set_sparkle(11)
    assert fancy.FANCY.attribute == "fancy"

    # mypy --strict reads the generated types: a good call passes, a wrong one is reported.
    (tmp_path / "good.py").write_text(
        f"from {generated_package} import fancy_mode\n"
        "from smartthings_client.models.devices import Command\n"
        "command: Command = fancy_mode.set_fancy('off')\n"
        "level: int = fancy_mode.set_sparkle(3).arguments[0]\n",
        encoding="utf-8",
    )
    (tmp_path / "bad.py").write_text(
        f"from {generated_package} import fancy_mode\nfancy_mode.set_fancy('dim')\n", encoding="utf-8"
    )
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / ".mypy_cache"), "good.py", "bad.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, checked.stdout
    assert errors[0].startswith('bad.py:2: error: Argument 1 to "set_fancy" has incompatible type')


def test_generate_again_removes_the_modules_of_capabilities_that_are_gone(
    capsys: pytest.CaptureFixture[str], account: tuple[Emulator, str, str], tmp_path: Path
) -> None:
    _, token, namespace = account
    output = tmp_path / "mine"
    argv = ["capabilities", "generate", namespace, "--out-dir", str(output), "--token", token]
    assert run_cli(capsys, *argv)[0] == 0
    (output / "notes.py").write_text("# mine\n", encoding="utf-8")
    from smartthings_client import SmartThings

    with SmartThings(token, transport=account[0].transport) as st:
        st.capabilities.delete(f"{namespace}.plainThing")
    code, out, _ = run_cli(capsys, *argv, "--json")
    assert code == 0
    assert json.loads(out) == {
        "package": str(output),
        "capabilities": [{"capability": f"{namespace}.fancyMode", "version": 1, "module": "mine.fancy_mode"}],
    }
    assert sorted(p.name for p in output.glob("*.py")) == ["__init__.py", "fancy_mode.py", "notes.py"]


def test_generate_errors(
    capsys: pytest.CaptureFixture[str], account: tuple[Emulator, str, str], tmp_path: Path
) -> None:
    _, token, namespace = account

    def generate(namespace: str, output: Path) -> tuple[int, str, str]:
        return run_cli(capsys, "capabilities", "generate", namespace, "--out-dir", str(output), "--token", token)

    code, out, err = generate("nobodys", tmp_path / "x")
    assert (code, out) == (5, "")
    assert "Namespace nobodys not found" in err
    assert not (tmp_path / "x").exists()
    a_file = tmp_path / "taken"
    a_file.write_text("", encoding="utf-8")
    code, _, err = generate(namespace, a_file)
    assert code == 2
    assert "is a file" in err
    code, out, err = generate(namespace, a_file / "inside")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: cannot write the package {a_file / 'inside'}: ")
    code, _, err = generate(namespace, tmp_path / "my-caps")
    assert code == 2
    assert "'my-caps', which is not a Python name" in err
