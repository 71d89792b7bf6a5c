"""dev.py, the quick start's entry point: switching between `demo` and `test` installs nothing the second time."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load_dev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dev_script", ROOT / "dev.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_then_test_then_demo_installs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    dev = load_dev()
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.touch()  # an existing environment, as after the first run
    installs: list[list[str]] = []

    def record(command: list[str], **_: Any) -> Any:
        if "install" in command:
            installs.append(command)
        return None

    monkeypatch.setattr(dev, "ROOT", tmp_path)
    monkeypatch.setattr(dev.subprocess, "run", record)
    monkeypatch.setattr(dev, "_run", lambda venv, *command: None)

    dev.demo([])
    dev.test(None, [])
    dev.demo([])
    dev.test(None, [])

    project_installs = [command for command in installs if "-e" in command]
    assert len(project_installs) == 1
    assert project_installs[0][-1].endswith("[dev]")
