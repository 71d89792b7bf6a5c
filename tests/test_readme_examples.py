"""Every Python block of README.md and of the testing README, extracted from the Markdown, run as written against
a served emulator (through ``SMARTTHINGS_BASE_URL`` and ``SMARTTHINGS_TOKEN``, as a reader would), and
type-checked with ``mypy --strict``: the docs cannot drift from the library.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from smartthings_client import FileTokenStore
from smartthings_client.auth.lifecycle import credential_from_lifecycle
from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator
from smartthings_client.testing.pytest_plugin import connect_webhook, make_client

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = [ROOT / "README.md", ROOT / "smartthings_client" / "testing" / "README.md"]

# Names the prose hands to a fragment ("given the installed_app_id of an install and a device_id..."); the runner
# supplies them, and the type check declares them.
GIVEN_TYPES = {"installed_app_id": "str", "device_id": "str", "location_id": "str", "sse_token": "str"}

# The user code the README's pytest example imports.
MY_AUTOMATION = '''\
from smartthings_client import SmartThings


def turn_on_lights(st: SmartThings) -> None:
    for device in st.devices.list(capability="switch"):
        st.devices.command(device.device_id, "switch", "on")
'''

# What a block must print, where its comments promise it.
EXPECTED_OUTPUT = {
    "print(error)": "subscriptions.list accepts only a SmartApp token; a personal access token always gets 403 here",
    "waited {emu.clock": "waited 10 s of emulated time",
    "the 13th read was not sent": "the 13th read was not sent: the next may go in 60 s",
    '"429s")': "0 429s",
}


class Block(NamedTuple):
    document: Path
    line: int
    code: str

    @property
    def name(self) -> str:
        return f"{self.document.relative_to(ROOT)}:{self.line}"

    def given(self) -> list[str]:
        return [name for name in GIVEN_TYPES if re.search(rf"\b{name}\b", self.code)]


def python_blocks(document: Path) -> list[Block]:
    blocks: list[Block] = []
    lines = document.read_text(encoding="utf-8").splitlines()
    start: int | None = None
    for number, line in enumerate(lines, 1):
        if start is None and line.strip() == "```python":
            start = number
        elif start is not None and line.strip() == "```":
            blocks.append(Block(document, start + 1, "\n".join(lines[start:number - 1]) + "\n"))
            start = None
    return blocks


BLOCKS = [block for document in DOCUMENTS for block in python_blocks(document)]


def test_the_documents_have_the_blocks_we_expect() -> None:
    assert len(python_blocks(DOCUMENTS[0])) >= 6
    assert len(python_blocks(DOCUMENTS[1])) >= 2


class World(NamedTuple):
    emulator: Emulator
    given: dict[str, Any]


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """A served emulator the environment points at, a stored SmartApp token pair, and the reader's own module."""
    emu = Emulator()
    with emu.serve(port=0) as server:
        tokens = tmp_path / "tokens"
        monkeypatch.setenv("SMARTTHINGS_BASE_URL", server.base_url)
        monkeypatch.setenv("SMARTTHINGS_TOKEN", emu.issue_pat())
        monkeypatch.setenv("SMARTTHINGS_TOKEN_DIR", str(tokens))
        app = emu.create_app("readme-app")
        install = emu.install(app)
        credential_from_lifecycle(
            install.payload,
            client_id=app.client_id,
            client_secret=app.client_secret,
            store=FileTokenStore(tokens),
            token_url=f"{server.url}/oauth/token",
        )
        (tmp_path / "my_automation.py").write_text(MY_AUTOMATION, encoding="utf-8")
        monkeypatch.syspath_prepend(str(tmp_path))
        light = emu.devices_by_label()[SEED_LIGHT_LABEL]
        emu.set_attribute(light, "switch", "switch", "on")  # something in the history
        sse = emu.install_sse_app()
        given = {
            "installed_app_id": install.installed_app_id,
            "device_id": light,
            "location_id": emu.location_id,
            "sse_token": sse.auth_token,
        }
        yield World(emu, given)


@pytest.mark.parametrize("block", BLOCKS, ids=[block.name for block in BLOCKS])
def test_the_block_runs_as_written(block: Block, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    namespace: dict[str, Any] = {"__name__": f"readme_block_{block.line}"}
    namespace.update({name: world.given[name] for name in block.given()})

    if "events.watch" in block.code or "mirror.changes()" in block.code:
        # Something to watch: the light keeps changing until the block has seen it.
        stop = threading.Event()
        light = str(world.given["device_id"])

        def toggle() -> None:
            value = "off"
            while not stop.wait(0.05):
                value = "on" if value == "off" else "off"
                world.emulator.set_attribute(light, "switch", "switch", value)

        toggler = threading.Thread(target=toggle, daemon=True)
        toggler.start()
        try:
            exec(compile(block.code, block.name, "exec"), namespace)  # the documentation's own code
        finally:
            stop.set()
            toggler.join(5)
    else:
        exec(compile(block.code, block.name, "exec"), namespace)  # the documentation's own code

    # A block that defines a test of the reader's code (the pytest plugin examples) is run with the plugin's
    # fixtures, by parameter name.
    for name, function in list(namespace.items()):
        if name.startswith("test_") and callable(function):
            emulator = Emulator()
            clients = make_client(emulator, emulator.issue_pat())
            fixtures = {
                "smartthings_emulator": emulator,
                "smartthings_client": next(clients),
                "smartthings_webhook": functools.partial(connect_webhook, emulator),
            }
            function(**{parameter: fixtures[parameter] for parameter in inspect.signature(function).parameters})
            clients.close()
    out = capsys.readouterr().out
    if "print(" in block.code:
        assert out.strip(), f"{block.name} promises output and printed nothing"
    for marker, expected in EXPECTED_OUTPUT.items():
        if marker in block.code:
            assert expected in out


def test_every_block_passes_mypy_strict(tmp_path: Path) -> None:
    from mypy import api

    files = []
    for index, block in enumerate(BLOCKS):
        declarations = "".join(f"{name}: {GIVEN_TYPES[name]}\n" for name in block.given())
        path = tmp_path / f"readme_block_{index}.py"
        path.write_text(declarations + block.code, encoding="utf-8")
        files.append(str(path))
    (tmp_path / "my_automation.py").write_text(MY_AUTOMATION, encoding="utf-8")

    out, err, status = api.run(
        [
            "--config-file",
            str(ROOT / "pyproject.toml"),
            "--cache-dir",
            str(ROOT / ".mypy_cache"),
            "--strict",
            *files,
        ]
    )

    names = {f"readme_block_{index}.py": block.name for index, block in enumerate(BLOCKS)}
    report = "".join(
        names.get(line.split(":", 1)[0].rsplit("/", 1)[-1], "") + " " + line for line in out.splitlines(True)
    )
    assert status == 0, report + err
