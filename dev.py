#!/usr/bin/env python3
"""Set up and run the project's jobs with nothing but python3 and the package index.

    python3 dev.py demo                 # the offline demo against the built-in SmartThings emulator
    python3 dev.py test                 # ruff, mypy --strict and the test suite
    python3 dev.py test --python 3.10   # the same on another interpreter (found on PATH or under pyenv)
    python3 dev.py bench                # benchmarks/ on Python 3.13 (ratios against raw httpx and pysmartthings)
    python3 dev.py bench async_fan_out --quick   # one benchmark, fewer rounds (a smoke run)
    python3 dev.py docs                 # the API reference site into site/ (mkdocs build --strict)
    python3 dev.py docs serve           # ...previewed while you edit
    python3 dev.py capabilities         # regenerate the capability catalogue from its vendored definitions
    python3 dev.py capabilities --vendor DIR   # ...after copying them from a pySmartThings/capabilities json/ folder

Each job creates its virtual environment on first use (.venv, .venv-3.10, ...) and reinstalls only when
pyproject.toml changes.  `demo` and `test` share .venv (with the dev extra), so switching between them never
reinstalls or needs the package index.
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def _interpreter(version: str | None) -> str:
    if version is None:
        return sys.executable
    pyenv_root = os.environ.get("PYENV_ROOT") or str(Path.home() / ".pyenv")
    candidates = sorted(glob.glob(f"{pyenv_root}/versions/{version}*/bin/python{version}"))
    if candidates:
        return candidates[-1]
    found = shutil.which(f"python{version}")
    # A pyenv shim for a version that is not selected fails when run, so only a real interpreter counts.
    if found and "/shims/" not in found:
        return found
    sys.exit(f"dev.py: no Python {version} found under {pyenv_root}/versions or on PATH")


def _venv(version: str | None, extras: str, name: str | None = None) -> Path:
    """A virtual environment with the project installed in editable mode (plus extras)."""
    name = name or (".venv" if version is None else f".venv-{version}")
    venv = ROOT / name
    python = venv / "bin" / "python"
    stamp_text = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = venv / ".installed"
    if not python.exists():
        print(f"dev.py: creating {name}", flush=True)
        subprocess.run([_interpreter(version), "-m", "venv", str(venv)], check=True)
    if not stamp.exists() or stamp.read_text() != stamp_text:
        print(f"dev.py: installing smartthings-client[{extras}] into {name}", flush=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, "-e", f"{ROOT}[{extras}]" if extras else str(ROOT)], check=True)
        stamp.write_text(stamp_text)
    return venv


def _run(venv: Path, *command: str) -> None:
    print(f"dev.py: {' '.join(command)}", flush=True)
    result = subprocess.run([str(venv / "bin" / command[0]), *command[1:]], cwd=ROOT, check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)


def test(versions: list[str] | None, pytest_args: list[str]) -> None:
    targets: list[str | None] = list(versions) if versions else [None]
    for version in targets:
        venv = _venv(version, "dev")
        _run(venv, "ruff", "check", ".")
        _run(venv, "mypy", "--strict")
        _run(venv, "python", "-m", "pytest", *pytest_args)


def demo(args: list[str]) -> None:
    # The same environment as `test`: one stamp, so alternating demo and test installs nothing.
    venv = _venv(None, "dev")
    _run(venv, "smartthings-client", "demo", *args)


def bench(args: list[str]) -> None:
    # pysmartthings 4.x needs Python 3.13; both libraries are measured in that one interpreter.
    venv = _venv("3.13", "bench", name=".venv-bench")
    _run(venv, "python", "benchmarks/run.py", *args)


def docs(args: list[str]) -> None:
    # Its own environment (the docs extra), like bench, so the test environment never carries mkdocs.
    venv = _venv(None, "docs", name=".venv-docs")
    # mkdocs plugins and the theme may print banners about MkDocs 2 on every build; they are not about this site.
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if args[:1] == ["serve"]:  # python3 dev.py docs serve: preview while editing
        _run(venv, "mkdocs", "serve", *args[1:])
    else:
        _run(venv, "mkdocs", "build", "--strict", *args)


def capabilities(args: list[str]) -> None:
    # The generator is part of the package (users run it for their own capabilities), so it runs from .venv.
    venv = _venv(None, "dev")
    _run(venv, "python", "-m", "smartthings_client.catalog._codegen", *args)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("job", choices=["test", "demo", "bench", "docs", "capabilities"])
    parser.add_argument("--python", action="append", metavar="X.Y", help="test on this Python (repeatable)")
    args, rest = parser.parse_known_args()
    if args.job == "test":
        test(args.python, rest)
    elif args.job == "demo":
        demo(rest)
    elif args.job == "docs":
        docs(rest)
    elif args.job == "capabilities":
        capabilities(rest)
    else:
        bench(rest)


if __name__ == "__main__":
    main()
