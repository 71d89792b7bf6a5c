"""Values made from a JSON schema: one that fits it, and ones that break it, for every catalogued argument."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import orjson
from hypothesis import Phase, find, settings
from hypothesis import strategies as st

from smartthings_client.catalog import _codegen
from smartthings_client.catalog._codegen import BUNDLED_NAMESPACES, CATALOG
from smartthings_client.catalog._runtime import CapabilityDefinition, bundled_definition
from smartthings_client.catalog._schema import problem


def catalogued_ids() -> list[str]:
    """Every capability id the catalogue holds."""
    ids = []
    for namespace in BUNDLED_NAMESPACES:
        folder = CATALOG if namespace == "standard" else CATALOG / namespace
        ids += sorted(path.stem for path in (folder / "_definitions").glob("*.json"))
    return ids


def definition(capability_id: str) -> CapabilityDefinition:
    found = bundled_definition(capability_id)
    assert found is not None, capability_id
    return found


def module(capability_id: str) -> ModuleType:
    """The generated module of a capability."""
    package = "smartthings_client.catalog"
    if "." in capability_id:
        package += "." + capability_id.split(".", 1)[0]
    return importlib.import_module(f"{package}.{_codegen.module_name(capability_id)}")


def python_name(name: str) -> str:
    """The builder of a command."""
    return _codegen.function_name(name)


def _bounded(schema: Mapping[str, Any], default: float) -> float:
    low, high = schema.get("minimum"), schema.get("maximum")
    value = default
    if isinstance(low, (int, float)):
        value = max(value, low)
    if isinstance(high, (int, float)):
        value = min(value, high)
    return value


_made: dict[bytes, Any] = {}
# The first string the pattern's strategy makes that fits: shrinking to the smallest one is slow and not needed.
_FIRST_FIT = settings(phases=[Phase.generate], database=None, derandomize=True, max_examples=1000)


def valid(schema: Any) -> Any:
    """A value that fits ``schema`` (checked with the same rules as the client); made once per schema."""
    key = orjson.dumps(schema, option=orjson.OPT_SORT_KEYS)
    if key not in _made:
        value = _made[key] = _valid(schema)
        assert problem(value, schema) is None, (schema, value, problem(value, schema))
    return orjson.loads(orjson.dumps(_made[key]))  # a copy: tests change the lists they get


def _valid(schema: Any) -> Any:
    if not isinstance(schema, Mapping):
        return "x"
    options = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(options, list) and options:
        return _valid(options[0])
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "integer":
        return int(_bounded(schema, 1))
    if kind == "number":
        return _bounded(schema, 1.5)
    if kind == "boolean":
        return True
    if kind == "array":
        items = schema.get("items")
        count = max(schema.get("minItems") or 1, 1)
        if isinstance(items, Mapping) and isinstance(items.get("enum"), list) and schema.get("uniqueItems"):
            return list(items["enum"][:count])
        return [_valid(items) for _ in range(count)]
    if kind == "object":
        properties = schema.get("properties") or {}
        return {key: _valid(sub) for key, sub in properties.items()}
    if kind == "string" or kind is None:
        return _string(schema)
    return "x"


def _string(schema: Mapping[str, Any]) -> str:
    pattern = schema.get("pattern")
    low = schema.get("minLength") or 0
    candidate = "x" * max(low, 1)
    if problem(candidate, schema) is None:
        return candidate
    strategy = st.from_regex(pattern) if isinstance(pattern, str) else st.text(min_size=low)
    found: str = find(strategy, lambda text: problem(text, schema) is None, settings=_FIRST_FIT)
    return found


def wrong_type(schema: Any) -> Iterator[Any]:
    """Values of another JSON type than the schema's (nothing for a schema that takes any type)."""
    kind = schema.get("type") if isinstance(schema, Mapping) else None
    if isinstance(schema, Mapping) and (schema.get("oneOf") or schema.get("anyOf")):
        return
    samples = {"integer": "12", "number": "1.5", "string": 12, "boolean": "true", "array": 7, "object": [1]}
    if kind in samples:
        yield samples[kind]
