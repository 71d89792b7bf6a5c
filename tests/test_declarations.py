"""Each operation is declared once, on the method that makes it, and everything else reads that declaration."""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.cli import main
from smartthings_client.scopes import OPERATIONS, UnknownOperationError, declare, python_calls, rule_for

PACKAGE = Path(__file__).resolve().parent.parent / "smartthings_client"


def _descriptor(client: SmartThings | AsyncSmartThings, call: str) -> Any:
    *groups, method = call.split(".")
    target: Any = client
    for group in groups:
        target = getattr(target, group)
    return type(target).__dict__.get(method) or next(
        klass.__dict__[method] for klass in type(target).__mro__ if method in klass.__dict__
    )


def _bound(client: SmartThings | AsyncSmartThings, call: str) -> Any:
    target: Any = client
    for part in call.split("."):
        target = getattr(target, part)
    return target


def _declared_methods() -> Iterator[tuple[str, str]]:
    for name in OPERATIONS:
        for call in python_calls(name):
            yield name, call


def test_every_operation_is_made_by_a_public_method_of_both_clients() -> None:
    assert len(OPERATIONS) >= 70
    sync_client, async_client = SmartThings("pat"), AsyncSmartThings("pat")
    try:
        for name, call in _declared_methods():
            assert not call.rsplit(".", 1)[1].startswith("_"), call
            for client in (sync_client, async_client):
                assert _descriptor(client, call).rule is OPERATIONS[name], (name, call)
                assert callable(_bound(client, call))
    finally:
        sync_client.close()
        asyncio.run(async_client.aclose())
    assert all(python_calls(name) for name in OPERATIONS)


def test_docstrings_carry_the_declaration_and_hand_written_text_does_not_repeat_it() -> None:
    http_call = re.compile(r"``(GET|POST|PUT|PATCH|DELETE) /")
    with SmartThings("pat") as st:
        for name, call in _declared_methods():
            descriptor = _descriptor(st, call)
            rule = OPERATIONS[name]
            written = descriptor.written_doc or ""
            assert "Scope:" not in written, call
            assert "Token kinds" not in written, call
            assert not http_call.search(written), call
            doc = descriptor.__doc__ or ""
            assert f"``{rule.method} {rule.path}``" in doc, call
            assert f"Scope: {rule.requirement_text()}" in " ".join(doc.split()), call


def test_help_shows_the_call_as_users_make_it() -> None:
    with SmartThings("pat") as st:
        signature = str(inspect.signature(st.devices.execute))
    assert signature.startswith("(device_id")
    assert "Request" not in signature


@pytest.mark.parametrize(
    ("asked", "operation"),
    [
        ("devices.command", "devices.execute"),
        ("st.devices.command", "devices.execute"),
        ("devices.execute", "devices.execute"),
        ("schedules.create_once", "schedules.create"),
        ("locations.rooms.list", "rooms.list"),
    ],
)
def test_rule_for_accepts_operations_and_the_methods_that_make_them(asked: str, operation: str) -> None:
    assert rule_for(asked) is OPERATIONS[operation]


def test_rule_for_suggests_method_names_too() -> None:
    with pytest.raises(UnknownOperationError, match=r"did you mean .*devices\.command"):
        rule_for("devices.comand")


def test_scopes_explain_takes_a_method_name(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scopes", "explain", "devices.command"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("devices.execute: POST /devices/{deviceId}/commands")
    assert "python: st.devices.execute(), st.devices.command()" in out


def test_an_operation_cannot_be_declared_twice() -> None:
    with pytest.raises(RuntimeError, match="declared twice"):
        declare("devices.get", "GET", "/devices/{deviceId}")


def test_operations_are_grouped_in_module_order() -> None:
    groups = list(dict.fromkeys(name.split(".", 1)[0] for name in OPERATIONS))
    assert groups[:3] == ["devices", "locations", "rooms"]


def test_a_path_placeholder_is_checked_and_named_as_the_argument() -> None:
    with SmartThings("pat") as st, pytest.raises(ValueError, match="component_id"):
        st.devices.component_status("device-1", "a/b")


# --- the import graph -----------------------------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    """Every smartthings_client module ``path`` imports when it runs (top level or in a function), leaving out
    imports only type checkers see."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text())
    type_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            type_only.update(id(child) for child in ast.walk(node))
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("smartthings_client"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("smartthings_client"))
    return found


def _graph() -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    return {name: {m for m in _imports(path) if m in modules and m != name} for name, path in modules.items()}


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            # A package's __init__ is run by importing any of its modules; importing a submodule from it is the
            # package offering its parts, not an arrow up.
            if node.startswith(f"{nxt}.") or nxt.startswith(f"{node}."):
                continue
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_circles_in_the_package() -> None:
    graph = _graph()
    # The one deliberate arrow up: OPERATIONS imports every resource module on first use, so the registry is
    # complete however the package was imported.
    graph["smartthings_client.scopes"].discard("smartthings_client.resources")
    assert _cycle(graph) is None
    assert "smartthings_client.auth.refresh" not in graph["smartthings_client.auth.credentials"]
    assert "smartthings_client.client" not in graph["smartthings_client.auth.lifecycle"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_the_registry_covers_every_operation_of_the_official_core_sdk() -> None:
    """The official TypeScript SDK 8.5.4 makes 163 distinct calls; each is one declared operation here."""
    listed = Path(__file__).parent / "data" / "core_sdk_8_5_4_operations.txt"
    lines = [line for line in listed.read_text().splitlines() if line and not line.startswith("#")]
    core = {(method, path.rstrip("/")) for method, path in (line.split(" ", 1) for line in lines)}
    assert len(core) == 163
    ours = {(rule.method, re.sub(r"\{[^}]*\}", "{}", rule.path).rstrip("/")) for rule in OPERATIONS.values()}
    assert sorted(core - ours) == []
    # Beyond the SDK: the SSE sinks API that pysmartthings and Home Assistant use.
    sse_sinks = [("DELETE", "/subscriptions/{}"), ("GET", "/filters/{}/activate"), ("POST", "/subscriptions")]
    assert sorted(ours - core) == sse_sinks
