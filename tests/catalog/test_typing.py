"""mypy --strict sees the catalogue: a wrong command name, arity, argument type or enum value, or a misread
attribute, is an error before anything runs.  Each expected error is checked by line (``# E: <part of it>``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

MUST_PASS = '''
from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.catalog import color_control, switch, switch_level, thermostat_mode
from smartthings_client.catalog.samsungce import washer_operating_state
from smartthings_client.models.devices import DeviceStatus
from smartthings_client.models.events import DeviceEvent


def sync(st: SmartThings, status: DeviceStatus, event: DeviceEvent) -> None:
    st.devices.execute("d", [switch.on(), switch_level.set_level(40), switch_level.set_level(40, rate=5)])
    st.devices.execute("d", switch.off(component="light1"))
    level: int | None = status.read(switch_level.LEVEL)
    mode = status.read(thermostat_mode.THERMOSTAT_MODE)
    if mode == "cool" and level is not None and level > 50:
        st.devices.execute("d", thermostat_mode.set_thermostat_mode("heat"))
    color_control.set_color({"hue": 10.0, "saturation": 5})
    washer_operating_state.set_delay_end(30)
    on: bool = event.read(switch.SWITCH) == "on"
    print(on)


async def run(st: AsyncSmartThings) -> None:
    await st.devices.execute("d", [switch_level.set_level(10)])
'''

MUST_FAIL = '''
from smartthings_client.catalog import color_control, switch, switch_level, thermostat_mode
from smartthings_client.models.devices import DeviceStatus


def wrong(status: DeviceStatus) -> None:
    switch_level.set_lvel(40)  # E: Module has no attribute "set_lvel"
    switch_level.set_level("40")  # E: Argument 1 to "set_level" has incompatible type "str"; expected "int"
    switch_level.set_level(40, 5, 6)  # E: Too many positional arguments for "set_level"
    switch_level.set_level()  # E: Missing positional argument "level" in call to "set_level"
    thermostat_mode.set_thermostat_mode("toasty")  # E: Argument 1 to "set_thermostat_mode" has incompatible type
    text: str = status.read(switch_level.LEVEL)  # E: Incompatible types in assignment
    if status.read(switch.SWITCH) == "onn":  # E: Non-overlapping equality check
        pass
    color_control.set_color({"hue": "red"})  # E: TypedDict item "hue" has type "float"
    switch.on(component=1)  # E: Argument "component" to "on" has incompatible type "int"; expected "str"
    status.read(switch_level.LEVL)  # E: Module has no attribute "LEVL"
    print(text)
'''


def _mypy(tmp_path: Path, source: str) -> dict[int, list[str]]:
    snippet = tmp_path / "snippet.py"
    snippet.write_text(source.lstrip("\n"))
    # The project's own cache (dev.py test runs mypy first, so it is warm): the snippet alone is checked anew.
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(ROOT / ".mypy_cache"), "--no-error-summary",
         "--python-version", "3.10", str(snippet)],
        capture_output=True, text=True, cwd=tmp_path, timeout=300, check=False,
        env={**os.environ, "MYPYPATH": ""},
    )
    assert "error: Cannot find implementation or library stub" not in result.stdout, result.stdout
    errors: dict[int, list[str]] = {}
    for line in result.stdout.splitlines():
        match = re.match(r".*snippet\.py:(\d+): error: (.*)", line)
        if match:
            errors.setdefault(int(match[1]), []).append(match[2])
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return errors


def test_correct_use_of_the_catalogue_passes_mypy_strict(tmp_path: Path) -> None:
    assert _mypy(tmp_path, MUST_PASS) == {}


def test_each_mistake_is_a_mypy_error_on_its_line(tmp_path: Path) -> None:
    errors = _mypy(tmp_path, MUST_FAIL)
    expected = {
        number: line.split("# E: ", 1)[1]
        for number, line in enumerate(MUST_FAIL.lstrip("\n").splitlines(), 1)
        if "# E: " in line
    }
    assert sorted(errors) == sorted(expected), errors
    for number, fragment in expected.items():
        assert any(fragment in message for message in errors[number]), (number, fragment, errors[number])
