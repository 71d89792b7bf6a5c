"""The JSON Schema subset capability definitions use: checking a value against a schema, and saying in one line what
a schema allows.

Capability definitions (``GET /capabilities/{id}/{version}``) describe attribute values and command arguments
with JSON Schema fragments: ``type``, ``enum``, ``minimum``/``maximum``, ``minLength``/``maxLength``, ``pattern``,
``items``, ``minItems``/``maxItems``, ``uniqueItems``, ``properties``, ``required``, ``additionalProperties``,
``patternProperties`` and ``oneOf``.  This module reads exactly those, on the raw JSON, so the generated
catalogue, a definition fetched at run time and the emulator all apply one set of rules.  Anything else a schema
says (``title``, ``format``, ``default``...) is not a constraint here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any

__all__ = ["describe", "problem"]

Schema = Mapping[str, Any]

_TYPE_NAMES = {
    "integer": "an integer",
    "number": "a number",
    "string": "a string",
    "boolean": "true or false",
    "array": "a list",
    "object": "an object",
    "null": "null",
}


@lru_cache(maxsize=512)
def _pattern(source: str) -> re.Pattern[str] | None:
    try:
        return re.compile(source)
    except re.error:  # a pattern Python cannot read constrains nothing here rather than failing every call
        return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _type_problem(kind: str, value: Any) -> str | None:
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif kind == "number":
        ok = _is_number(value) and math.isfinite(value)
    elif kind == "string":
        ok = isinstance(value, str)
    elif kind == "boolean":
        ok = isinstance(value, bool)
    elif kind == "array":
        ok = isinstance(value, (list, tuple))
    elif kind == "object":
        ok = isinstance(value, Mapping) and all(isinstance(key, str) for key in value)
    elif kind == "null":
        ok = value is None
    else:  # a type this version does not know constrains nothing
        ok = True
    return None if ok else f"must be {_TYPE_NAMES.get(kind, kind)}, not {_shown(value)}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _number_problem(schema: Schema, value: Any) -> str | None:
    low, high = schema.get("minimum"), schema.get("maximum")
    if _is_number(low) and value < low:
        return f"must be at least {low}, not {value!r}"
    if _is_number(high) and value > high:
        return f"must be at most {high}, not {value!r}"
    low, high = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if _is_number(low) and value <= low:
        return f"must be above {low}, not {value!r}"
    if _is_number(high) and value >= high:
        return f"must be below {high}, not {value!r}"
    return None


def _string_problem(schema: Schema, value: str) -> str | None:
    shortest, longest = schema.get("minLength"), schema.get("maxLength")
    if isinstance(shortest, int) and len(value) < shortest:
        return f"must be at least {shortest} characters long, not {len(value)}"
    if isinstance(longest, int) and len(value) > longest:
        return f"must be at most {longest} characters long, not {len(value)}"
    source = schema.get("pattern")
    pattern = _pattern(source) if isinstance(source, str) else None
    if pattern is not None and pattern.search(value) is None:
        return f"must match the pattern {source}, not {_shown(value)}"
    return None


def _array_problem(schema: Schema, value: Sequence[Any]) -> str | None:
    fewest, most = schema.get("minItems"), schema.get("maxItems")
    if isinstance(fewest, int) and len(value) < fewest:
        return f"must have at least {fewest} items, not {len(value)}"
    if isinstance(most, int) and len(value) > most:
        return f"must have at most {most} items, not {len(value)}"
    items = schema.get("items")
    if isinstance(items, Mapping):
        for index, item in enumerate(value):
            found = problem(item, items)
            if found is not None:
                return f"item {index} {found}"
    if schema.get("uniqueItems") is True:
        seen: list[Any] = []
        for item in value:
            if item in seen:
                return f"must not repeat {_shown(item)}"
            seen.append(item)
    return None


def _object_problem(schema: Schema, value: Mapping[str, Any]) -> str | None:
    properties = schema.get("properties")
    properties = properties if isinstance(properties, Mapping) else {}
    required = schema.get("required")
    for name in required if isinstance(required, list) else ():
        if name not in value:
            return f"is missing the required key {name!r}"
    patterns = schema.get("patternProperties")
    patterns = patterns if isinstance(patterns, Mapping) else {}
    for key, item in value.items():
        sub = properties.get(key)
        matched = False
        if isinstance(sub, Mapping):
            matched = True
            found = problem(item, sub)
            if found is not None:
                return f"key {key!r} {found}"
        for source, pattern_schema in patterns.items():
            pattern = _pattern(source)
            if pattern is not None and pattern.search(key) is not None:
                matched = True
                found = problem(item, pattern_schema) if isinstance(pattern_schema, Mapping) else None
                if found is not None:
                    return f"key {key!r} {found}"
        if not matched and schema.get("additionalProperties") is False:
            allowed = ", ".join(properties) or "none"
            return f"has the unknown key {key!r} (keys: {allowed})"
    return None


def problem(value: Any, schema: Schema) -> str | None:
    """What is wrong with ``value`` under ``schema`` (``"must be at most 100, not 400"``), or ``None`` if it fits."""
    options = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(options, list) and options:
        found = [problem(value, option) for option in options if isinstance(option, Mapping)]
        if found and all(item is not None for item in found):
            return f"matches none of: {describe(schema)}"
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and not any(_same(value, allowed) for allowed in enum):
        return f"must be one of {', '.join(_shown(item) for item in enum)}, not {_shown(value)}"
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if isinstance(k, str)]
    else:
        kinds = [kind] if isinstance(kind, str) else []
    if kinds:
        found = [_type_problem(k, value) for k in kinds]
        if all(item is not None for item in found):
            return found[0] if len(found) == 1 else f"must be one of the types {', '.join(kinds)}, not {_shown(value)}"
    if _is_number(value):
        return _number_problem(schema, value)
    if isinstance(value, str):
        return _string_problem(schema, value)
    if isinstance(value, (list, tuple)):
        return _array_problem(schema, value)
    if isinstance(value, Mapping):
        return _object_problem(schema, value)
    return None


def _same(value: Any, allowed: Any) -> bool:
    # JSON has one number type but True == 1 in Python: an enum of numbers must not accept a boolean.
    return value == allowed and isinstance(value, bool) == isinstance(allowed, bool)


def describe(schema: Schema) -> str:
    """One line for people: ``integer 0..100``, ``string one of on, off``, ``array of string``."""
    options = schema.get("oneOf") or schema.get("anyOf")
    if isinstance(options, list) and options and "type" not in schema:
        return " | ".join(describe(option) for option in options if isinstance(option, Mapping))
    kind = schema.get("type")
    kind = kind if isinstance(kind, str) else "/".join(kind) if isinstance(kind, list) else "any"
    if kind == "array":
        items = schema.get("items")
        text = f"array of {describe(items)}" if isinstance(items, Mapping) else "array"
        most = schema.get("maxItems")
        return f"{text} (at most {most})" if isinstance(most, int) else text
    parts = [kind]
    enum = schema.get("enum")
    if isinstance(enum, list) and enum:
        parts.append("one of " + ", ".join(item if isinstance(item, str) else str(item) for item in enum))
    low, high = schema.get("minimum"), schema.get("maximum")
    if _is_number(low) or _is_number(high):
        parts.append(f"{low if _is_number(low) else ''}..{high if _is_number(high) else ''}")
    if isinstance(schema.get("maxLength"), int):
        parts.append(f"max length {schema['maxLength']}")
    if isinstance(schema.get("pattern"), str) and not enum:
        parts.append(f"matching {schema['pattern']}")
    properties = schema.get("properties")
    if kind == "object" and isinstance(properties, Mapping) and properties:
        parts.append("{" + ", ".join(properties) + "}")
    return " ".join(parts)
