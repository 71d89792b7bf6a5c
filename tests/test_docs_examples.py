"""The example at the top of every resource group's page in the API reference (docs/examples.py) runs as written
against a served emulator, as the README's blocks do, prints what it promises and passes ``mypy --strict``."""

from __future__ import annotations

import contextlib
import importlib.util
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from .test_docs_reference import _generator
from .test_readme_examples import World, world  # noqa: F401  # world: the README's served emulator, reused

ROOT = Path(__file__).resolve().parents[1]


def _examples() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_examples", ROOT / "docs" / "examples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EXAMPLES: dict[str, str] = _examples().EXAMPLES
GIVEN: dict[str, tuple[str, str]] = _examples().GIVEN


def _given(code: str) -> list[str]:
    return [name for name in GIVEN if re.search(rf"\b{name}\b", code)]


def test_every_group_page_has_an_example_of_that_group() -> None:
    generator = _generator()
    groups = generator.groups()
    assert set(EXAMPLES) == set(groups)
    pages = generator.pages()
    for group, rules in groups.items():
        prefix = generator._prefix(group, rules)
        assert f"st.{prefix}." in EXAMPLES[group], f"the {group} example does not use st.{prefix}"
        page = pages[f"reference/{group}.md"]
        assert f"```python\n{EXAMPLES[group]}```" in page
        for name in _given(EXAMPLES[group]):
            assert f"`{name}` is {GIVEN[name][1]}" in page, f"the {group} page does not say what {name} is"


@contextlib.contextmanager
def _light_keeps_changing(running: World) -> Iterator[None]:
    """Something for an event stream to see until the example has seen it."""
    stop = threading.Event()
    light = str(running.given["device_id"])

    def toggle() -> None:
        value = "off"
        while not stop.wait(0.05):
            value = "on" if value == "off" else "off"
            running.emulator.set_attribute(light, "switch", "switch", value)

    toggler = threading.Thread(target=toggle, daemon=True)
    toggler.start()
    try:
        yield
    finally:
        stop.set()
        toggler.join(5)


@pytest.mark.parametrize("group", sorted(EXAMPLES))
def test_the_example_runs_as_written(group: str, world: World, capsys: pytest.CaptureFixture[str]) -> None:  # noqa: F811
    code = EXAMPLES[group]
    namespace: dict[str, Any] = {"__name__": f"docs_example_{group}"}
    namespace.update({name: world.given[name] for name in _given(code)})
    watching = _light_keeps_changing(world) if "events.watch" in code else contextlib.nullcontext()
    with watching:
        exec(compile(code, f"docs/examples.py:{group}", "exec"), namespace)  # the documentation's own code
    assert capsys.readouterr().out.strip(), f"the {group} example printed nothing"


def test_every_example_passes_mypy_strict(tmp_path: Path) -> None:
    from mypy import api

    files = []
    for group, code in EXAMPLES.items():
        declarations = "".join(f"{name}: {GIVEN[name][0]}\n" for name in _given(code))
        path = tmp_path / f"docs_example_{group}.py"
        path.write_text(declarations + code, encoding="utf-8")
        files.append(str(path))
    out, err, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(ROOT / ".mypy_cache"), "--strict", *files]
    )
    assert status == 0, out + err
