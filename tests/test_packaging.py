"""What ``pip install smartthings-client`` gets: the wheel and the sdist, built with hatchling (the build backend,
installed by the dev extra, so no network), their metadata, licence and dependencies, and the README's account of
them."""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import zipfile
from email.message import Message
from email.parser import Parser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GITHUB = "https://github.com/smartthings-client/smartthings-client"


def _build(kind: str, into: Path) -> Path:
    # The PEP 517 hook pip would call, in a child with the checkout as its working directory, as pip runs it.
    script = f"import sys, hatchling.build; print(hatchling.build.build_{kind}(sys.argv[1]))"
    done = subprocess.run(
        [sys.executable, "-c", script, str(into)], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return into / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build("wheel", tmp_path_factory.mktemp("wheel"))


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as built:
        name = next(n for n in built.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(built.read(name).decode())


def test_the_wheel_carries_the_apache_license_and_says_so(wheel: Path, metadata: Message) -> None:
    license_text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License\n                           Version 2.0, January 2004" in license_text
    assert "END OF TERMS AND CONDITIONS" in license_text
    with zipfile.ZipFile(wheel) as built:
        shipped = [n for n in built.namelist() if n.endswith(".dist-info/licenses/LICENSE")]
        assert len(shipped) == 1
        assert built.read(shipped[0]).decode() == license_text
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("License-File") == ["LICENSE"]


def test_pip_show_gives_the_project_urls(metadata: Message) -> None:
    urls = dict(entry.split(", ", 1) for entry in metadata.get_all("Project-URL") or [])
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
    assert all(url.startswith(GITHUB) for url in urls.values())
    assert urls["Issues"] == f"{GITHUB}/issues"


def _requirement_names(metadata: Message, extra: str | None) -> set[str]:
    names: set[str] = set()
    for requirement in metadata.get_all("Requires-Dist") or []:
        marker = re.search(r"extra == ['\"]([\w-]+)['\"]", requirement)
        if (marker.group(1) if marker else None) == extra:
            names.add(re.split(r"[\s<>=!~;\[(]", requirement, maxsplit=1)[0].lower())
    return names


def test_aiohttp_is_an_extra_and_the_readme_lists_the_real_dependencies(metadata: Message) -> None:
    base = _requirement_names(metadata, None)
    assert "aiohttp" not in base
    assert _requirement_names(metadata, "aiohttp") == {"aiohttp"}
    assert {"aiohttp", "redis", "smartapp"} <= set(metadata.get_all("Provides-Extra") or [])
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install = readme.split("## Install\n", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"Dependencies: ([^.]+)\.", install)
    assert listed is not None, "the Install section names the dependencies"
    assert {name.strip().lower() for name in listed.group(1).replace(" and ", ", ").split(",")} == base
    for extra in ("aiohttp", "redis", "smartapp"):
        assert f"smartthings-client[{extra}]" in install, f"the Install section explains the {extra} extra"


def test_the_sdist_carries_the_license(tmp_path: Path) -> None:
    with tarfile.open(_build("sdist", tmp_path)) as built:
        names = built.getnames()
    assert any(name.endswith("/LICENSE") and name.count("/") == 1 for name in names)
    assert any(name.endswith("/smartthings_client/py.typed") for name in names)
