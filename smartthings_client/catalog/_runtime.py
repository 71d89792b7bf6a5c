"""What the generated capability modules are made of: a capability's definition, typed attribute keys, and the
checked command builder.

A generated module holds only names and types; every run-time check reads the capability's definition (the JSON
SmartThings publishes, vendored beside the module in ``_definitions/``), through :mod:`._schema`.  So a type and
its validation come from one definition and cannot disagree.  The definition is read on the first command built,
never at import.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import attrs
import orjson

from ..errors import CommandArgumentError, InvalidArgumentError
from ..models.devices import Command
from . import _schema

if TYPE_CHECKING:
    from ..models.devices import AttributeState

__all__ = ["Attribute", "CapabilityDefinition", "CapabilityHandle", "Command", "Reading", "bundled_definition"]

T = TypeVar("T")

_CATALOG = Path(__file__).resolve().parent
_DEFINITIONS = "_definitions"


class CapabilityDefinition:
    """A capability definition as SmartThings publishes it, read for checking commands and values.

    Built from the raw JSON (``GET /capabilities/{id}/{version}``, or a vendored copy), so that a definition
    fetched at run time checks commands exactly as the generated catalogue does.
    """

    __slots__ = ("attributes", "commands", "id", "name", "raw", "version")

    def __init__(self, raw: Mapping[str, Any]) -> None:
        self.raw = raw
        self.id = str(raw.get("id") or "")
        version = raw.get("version")
        self.version = version if isinstance(version, int) and not isinstance(version, bool) else 1
        name = raw.get("name")
        self.name = name if isinstance(name, str) else self.id
        attributes, commands = raw.get("attributes"), raw.get("commands")
        self.attributes: Mapping[str, Mapping[str, Any]] = attributes if isinstance(attributes, Mapping) else {}
        self.commands: Mapping[str, Mapping[str, Any]] = commands if isinstance(commands, Mapping) else {}

    def __repr__(self) -> str:
        return f"CapabilityDefinition({self.id!r}, version={self.version})"

    def arguments(self, command: str) -> list[Mapping[str, Any]]:
        """The arguments of one command, in call order (raises :class:`InvalidArgumentError` for an unknown one)."""
        spec = self.commands.get(command)
        if not isinstance(spec, Mapping):
            known = ", ".join(self.commands) or "none"
            message = f"{self.id} has no command {command!r} (commands: {known})"
            raise CommandArgumentError(message, capability=self.id, command=command)
        arguments = spec.get("arguments")
        return [a for a in arguments if isinstance(a, Mapping)] if isinstance(arguments, list) else []

    def signature(self, command: str) -> str:
        """``setLevel(level: integer 0..100, rate?: integer 0..)``."""
        parts = []
        for argument in self.arguments(command):
            schema = argument.get("schema")
            text = _schema.describe(schema) if isinstance(schema, Mapping) else "any"
            parts.append(f"{argument.get('name')}{'?' if argument.get('optional') else ''}: {text}")
        return f"{command}({', '.join(parts)})"

    def value_schema(self, attribute: str) -> Mapping[str, Any] | None:
        """The JSON schema of an attribute's value (``None`` for an unknown attribute or one without a schema)."""
        schema = self.attributes.get(attribute, {}).get("schema")
        properties = schema.get("properties") if isinstance(schema, Mapping) else None
        value = properties.get("value") if isinstance(properties, Mapping) else None
        return value if isinstance(value, Mapping) else None

    def check_arguments(self, command: str, arguments: Sequence[Any]) -> list[Any]:
        """The arguments as they are sent, checked against the definition; trailing optional ``None``s are
        dropped.  Raises :class:`~smartthings_client.errors.CommandArgumentError` naming the capability, command,
        argument and what is allowed."""
        specs = self.arguments(command)
        values = list(arguments)
        if len(values) > len(specs):
            raise self._refused(command, f"takes {len(specs)} arguments, not {len(values)}", None)
        while values and values[-1] is None and specs[len(values) - 1].get("optional"):
            values.pop()
        for index, spec in enumerate(specs):
            name = spec.get("name")
            if index >= len(values) or values[index] is None:
                if not spec.get("optional"):
                    raise self._refused(command, f"needs the argument {name!r}", index)
                continue
            schema = spec.get("schema")
            found = _schema.problem(values[index], schema) if isinstance(schema, Mapping) else None
            if found is not None:
                allowed = _schema.describe(schema) if isinstance(schema, Mapping) else "any"
                raise self._refused(command, f"argument {name!r} {found} (allowed: {allowed})", index)
        return values

    def build(self, command: str, *arguments: Any, component: str = "main") -> Command:
        """A checked :class:`Command`: ``definition.build("setLevel", 40)``."""
        return Command(
            capability=self.id, command=command, arguments=self.check_arguments(command, arguments), component=component
        )

    def _refused(self, command: str, what: str, argument: int | None) -> CommandArgumentError:
        message = f"{self.id}.{command} {what}; signature: {self.signature(command)}"
        return CommandArgumentError(message, capability=self.id, command=command, argument=argument)


_loaded: dict[Path, CapabilityDefinition] = {}
_loading = threading.Lock()


def _load(path: Path) -> CapabilityDefinition:
    path = path.resolve()
    found = _loaded.get(path)
    if found is None:
        with _loading:
            found = _loaded.get(path)
            if found is None:
                found = _loaded[path] = CapabilityDefinition(orjson.loads(path.read_bytes()))
    return found


def _definition_path(folder: Path, capability_id: str) -> Path:
    return folder / _DEFINITIONS / f"{capability_id}.json"


_bundled: dict[str, CapabilityDefinition | None] = {}


def _is_file_name(capability_id: object) -> bool:
    # An id comes from callers and the command line: it must not reach outside the catalogue's folders.
    return (
        isinstance(capability_id, str)
        and bool(capability_id)
        and not capability_id.startswith(".")
        and "/" not in capability_id
        and "\\" not in capability_id
        and "\x00" not in capability_id
    )


def bundled_definition(capability_id: str) -> CapabilityDefinition | None:
    """The catalogue's definition of a capability (``switchLevel``, ``samsungce.washerCycle``), or ``None`` when
    the catalogue does not hold it.  Reads one small file, once (answers are kept, misses too, up to a bound)."""
    if capability_id in _bundled:
        return _bundled[capability_id]
    found = None
    if _is_file_name(capability_id):
        namespace = capability_id.split(".", 1)[0] if "." in capability_id else ""
        path = _definition_path(_CATALOG / namespace if namespace else _CATALOG, capability_id)
        found = _load(path) if path.is_file() else None
    if len(_bundled) >= 4096:  # ids that are not in the catalogue are many; the catalogue's own are 585
        _bundled.clear()
    _bundled[capability_id] = found
    return found


class CapabilityHandle:
    """A generated module's capability: its id and version, and its definition read on first use."""

    __slots__ = ("_definition", "_module_file", "id", "version")

    def __init__(self, module_file: str, capability_id: str, version: int) -> None:
        self.id = capability_id
        self.version = version
        self._module_file = module_file  # where its definition is, worked out on first use: imports stay cheap
        self._definition: CapabilityDefinition | None = None

    def __repr__(self) -> str:
        return f"CapabilityHandle({self.id!r}, version={self.version})"

    @property
    def definition(self) -> CapabilityDefinition:
        """The definition the module was generated from (read once, on first use)."""
        if self._definition is None:
            self._definition = _load(_definition_path(Path(self._module_file).parent, self.id))
        return self._definition

    def attribute(self, name: str, json_type: str | None) -> Attribute[Any]:
        return Attribute(self.id, name, json_type, self)

    def command(self, name: str, arguments: Sequence[Any], component: str) -> Command:
        """The checked command; used by every generated builder."""
        if not isinstance(component, str) or not component:
            raise InvalidArgumentError(f"{self.id}.{name}: component must be a non-empty string, not {component!r}")
        values = self.definition.check_arguments(name, arguments)
        return Command(capability=self.id, command=name, arguments=values, component=component)


@attrs.frozen
class Reading(Generic[T]):
    """An attribute's state read through a typed key: the value as sent, its unit and time, and ``problem``,
    which says how the value breaks the capability's schema (``None`` when it fits: then ``value`` has the
    declared type)."""

    value: T | None
    unit: str | None = None
    timestamp: datetime | None = None
    data: Mapping[str, Any] | None = None
    problem: str | None = None


class Attribute(Generic[T]):
    """A typed key for one attribute of one capability: ``status.read(switch_level.LEVEL)`` is an ``int | None``.

    A read returns the value as SmartThings sent it, at the cost of an untyped read: nothing is checked then.
    Values that break the capability's schema (the real API sends some) are never raised on;
    :meth:`smartthings_client.models.devices.DeviceStatus.reading` says what is wrong with one.
    """

    __slots__ = ("attribute", "capability", "handle", "json_type")

    def __init__(self, capability: str, attribute: str, json_type: str | None, handle: CapabilityHandle) -> None:
        self.capability = capability
        self.attribute = attribute
        self.json_type = json_type
        self.handle = handle

    def __repr__(self) -> str:
        return f"Attribute({self.capability}.{self.attribute})"

    def problem(self, value: Any) -> str | None:
        """What is wrong with a value under this attribute's schema, or ``None`` if it fits."""
        schema = self.handle.definition.value_schema(self.attribute)
        return _schema.problem(value, schema) if schema is not None and value is not None else None

    def reading(self, state: AttributeState) -> Reading[T]:
        return Reading(
            value=state.value,
            unit=state.unit,
            timestamp=state.timestamp,
            data=state.data,
            problem=self.problem(state.value),
        )
