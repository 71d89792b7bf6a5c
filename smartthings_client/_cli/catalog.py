"""The capability catalogue as the command line (and the catalogue's documentation pages) read it: command-line
arguments typed and checked against a definition before anything is sent, a definition as a table, and the Python
names the generated modules give each attribute and command.

Everything here reads a :class:`~smartthings_client.catalog.CapabilityDefinition`, bundled or fetched, so the
checks are the ones the generated builders make (:meth:`CapabilityDefinition.check_arguments`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..catalog import CapabilityDefinition
from ..catalog._codegen import constant_name, function_name, module_name
from ..catalog._schema import describe, problem

__all__ = [
    "PythonNames",
    "attribute_setter",
    "attribute_units",
    "attribute_value",
    "checked_arguments",
    "definition_rows",
    "python_names",
    "typed_argument",
]

_UNPARSED = object()


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return _UNPARSED


def _kinds(schema: Mapping[str, Any]) -> set[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return {kind} if isinstance(kind, str) else set()


def typed_argument(text: str, schema: Mapping[str, Any] | None) -> Any:
    """A command-line argument as the schema's type: the text itself for a string, else its JSON reading
    (``40``, ``true``, ``{"hue": 10}``); whichever fits the schema when one of the two does, so ``'"on"'`` is
    ``on`` too.  When neither fits, the one of the schema's type is returned, for the check to say why."""
    parsed = _json(text)
    if schema is None:
        return text if parsed is _UNPARSED else parsed
    candidates = [text, parsed] if "string" in _kinds(schema) else [parsed, text]
    candidates = [candidate for candidate in candidates if candidate is not _UNPARSED]
    return next((candidate for candidate in candidates if problem(candidate, schema) is None), candidates[0])


def _schema_of(argument: Mapping[str, Any]) -> Mapping[str, Any] | None:
    schema = argument.get("schema")
    return schema if isinstance(schema, Mapping) else None


def checked_arguments(definition: CapabilityDefinition, command: str, texts: Sequence[str]) -> list[Any]:
    """The command's arguments typed from their schemas and checked, as they are sent.

    Raises :class:`~smartthings_client.errors.InvalidArgumentError` (a ``ValueError``: exit code 2) naming the
    capability, the command, the argument and what is allowed, with the command's signature; for an unknown
    command, with the signatures of all of them."""
    from ..errors import InvalidArgumentError

    if command not in definition.commands:
        signatures = "; ".join(definition.signature(name) for name in definition.commands) or "none"
        raise InvalidArgumentError(f"{definition.id} has no command {command!r}; its commands: {signatures}")
    specs = definition.arguments(command)
    values = [
        typed_argument(text, _schema_of(specs[index]) if index < len(specs) else None)
        for index, text in enumerate(texts)
    ]
    return definition.check_arguments(command, values)


@attrs.frozen
class PythonNames:
    """What the generated module of a capability calls it: ``smartthings_client.catalog.switch_level``, its
    attribute keys (``LEVEL``) and its command builders (``set_level``)."""

    module: str
    attributes: Mapping[str, str]
    commands: Mapping[str, str]


def python_names(definition: CapabilityDefinition, package: str = "smartthings_client.catalog") -> PythonNames:
    """The names :mod:`smartthings_client.catalog._codegen` gives a capability's module, keys and builders (a
    namespaced capability's module is in the namespace's package under ``package``)."""
    namespace = definition.id.rsplit(".", 1)[0] if "." in definition.id else ""
    module = ".".join(part for part in (package, namespace, module_name(definition.id)) if part)
    return PythonNames(
        module=module,
        attributes={name: constant_name(name) for name in definition.attributes},
        commands={name: function_name(name) for name in definition.commands},
    )


def attribute_value(definition: CapabilityDefinition, name: str) -> str:
    """``integer 0..100``: the value's type and allowed values."""
    schema = definition.value_schema(name)
    return describe(schema) if schema is not None else "any"


def attribute_units(definition: CapabilityDefinition, name: str) -> list[str]:
    """The units the value may come in (``["F", "C"]``); empty when it has none."""
    raw = definition.attributes.get(name, {}).get("schema")
    properties = raw.get("properties") if isinstance(raw, Mapping) else None
    unit = properties.get("unit") if isinstance(properties, Mapping) else None
    units = unit.get("enum") if isinstance(unit, Mapping) else None
    return [str(u) for u in units] if isinstance(units, list) else []


def attribute_text(definition: CapabilityDefinition, name: str) -> str:
    """``integer 0..100 [%]``: the value's type and allowed values, and its units."""
    units = attribute_units(definition, name)
    return attribute_value(definition, name) + (f" [{', '.join(units)}]" if units else "")


def attribute_setter(definition: CapabilityDefinition, name: str) -> str | None:
    setter = definition.attributes.get(name, {}).get("setter")
    return setter if isinstance(setter, str) else None


def definition_rows(definition: CapabilityDefinition, names: PythonNames | None) -> Iterator[Sequence[str]]:
    """The rows of ``capabilities show``: kind, name, what it holds or takes, notes, and the Python name in the
    generated module ``names`` describes (blank for what that module does not have)."""
    for name in definition.attributes:
        setter = attribute_setter(definition, name)
        python = names.attributes.get(name, "") if names is not None else ""
        yield "attribute", name, attribute_text(definition, name), f"set by {setter}" if setter else "", python
    for name, spec in definition.commands.items():
        python = f"{names.commands[name]}()" if names is not None and name in names.commands else ""
        sensitive = "sensitive" if isinstance(spec, Mapping) and spec.get("sensitive") else ""
        yield "command", name, definition.signature(name), sensitive, python
