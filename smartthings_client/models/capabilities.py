"""Capability definitions: what a capability's attributes hold and what its commands take, plus the namespaces,
translations and presentations of custom capabilities.

A definition as SmartThings returns it (``GET /capabilities/{id}/{version}``)::

    {id, version, status, name, ephemeral,
     attributes: {<name>: {schema: {type: "object", properties: {value: <JSON schema>, unit?: {...}}, ...},
                           setter?, enumCommands: [{command, value}]}},
     commands: {<name>: {name, arguments: [{name, optional, schema: <JSON schema>}], sensitive}}}

The value schemas are JSON Schema fragments; :class:`ValueSchema` reads the parts a script needs (type, range,
allowed values) and keeps the rest in ``extra``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from ._base import ApiEnum, Model
from .converter import decode_as, encode

if TYPE_CHECKING:
    from .devices import Command

__all__ = [
    "ArgumentLocalization",
    "AttributeLocalization",
    "AttributeProperties",
    "AttributeSchema",
    "Capability",
    "CapabilityArgument",
    "CapabilityAttribute",
    "CapabilityCommand",
    "CapabilityDefinitionStatus",
    "CapabilityLocalization",
    "CapabilityNamespace",
    "CapabilityPresentation",
    "CapabilitySummary",
    "CommandLocalization",
    "EnumCommand",
    "ValueLabel",
    "ValueSchema",
]

Number = int | float


class CapabilityDefinitionStatus(ApiEnum):
    """A capability definition's lifecycle (``status``); custom capabilities start as ``proposed``."""

    PROPOSED = "proposed"
    LIVE = "live"
    DEPRECATED = "deprecated"
    DEAD = "dead"


def _number(value: Any) -> Number | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


@attrs.frozen(kw_only=True)
class ValueSchema(Model):
    """The JSON schema of an attribute's value, a unit or a command argument.

    ``minimum``/``maximum`` keep the JSON number as sent (``0``, not ``0.0``).  ``properties`` (for objects)
    and ``items`` (for arrays) stay raw JSON; :meth:`property_schema` and :attr:`item_schema` read them as
    schemas.  Anything else JSON Schema allows (``pattern``, ``patternProperties``, ``examples``...) is in
    ``extra``.
    """

    type: str | None = None
    title: str | None = None
    minimum: Any = None
    maximum: Any = None
    min_length: int | None = None
    max_length: int | None = None
    enum: tuple[Any, ...] | None = None
    default: Any = None
    properties: Mapping[str, Any] | None = None
    items: Any = None
    required: tuple[str, ...] | None = None
    additional_properties: Any = None

    @property
    def item_schema(self) -> ValueSchema | None:
        """The schema of an array's items (``None`` for other types, or for tuple-style ``items`` lists)."""
        return _decode_schema(self.items) if isinstance(self.items, Mapping) else None

    def property_schema(self, name: str) -> ValueSchema | None:
        """The schema of one property of an object value (``None`` if it has no such property)."""
        raw = (self.properties or {}).get(name)
        return _decode_schema(raw) if isinstance(raw, Mapping) else None

    @property
    def allowed_values(self) -> tuple[Any, ...] | None:
        """The values allowed by ``enum``; for an array, the values its items may take.  ``None``: any value of
        the type (within :attr:`range`)."""
        if self.enum is not None:
            return self.enum
        items = self.item_schema
        return items.enum if items is not None else None

    @property
    def range(self) -> tuple[Number | None, Number | None] | None:
        """``(minimum, maximum)`` for a number with either bound, else ``None``."""
        low, high = _number(self.minimum), _number(self.maximum)
        return None if low is None and high is None else (low, high)

    def describe(self) -> str:
        """One line for people: ``integer 0..100``, ``string one of on, off``, ``array of string one of ...``."""
        from ..catalog._schema import describe

        return describe(encode(self))


@attrs.frozen(kw_only=True)
class AttributeProperties(Model):
    """The parts of an attribute's state: its ``value``, its ``unit`` and optional extra ``data``."""

    value: ValueSchema | None = None
    unit: ValueSchema | None = None
    data: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AttributeSchema(Model):
    """An attribute's state schema: an object whose ``properties`` are the value, unit and data schemas."""

    type: str | None = None
    title: str | None = None
    properties: AttributeProperties | None = None
    additional_properties: bool | None = None
    required: tuple[str, ...] | None = None


@attrs.frozen(kw_only=True)
class EnumCommand(Model):
    """A command that sets an attribute to one value (``switch``: ``on`` sets ``on``)."""

    command: str
    value: Any = None


@attrs.frozen(kw_only=True)
class CapabilityAttribute(Model):
    """One attribute: its schema, the command that sets it (``setter``) and the commands that set one value."""

    schema: AttributeSchema | None = None
    setter: str | None = None
    enum_commands: tuple[EnumCommand, ...] = ()

    @property
    def value_schema(self) -> ValueSchema | None:
        """The JSON schema of the attribute's value."""
        return self.schema.properties.value if self.schema and self.schema.properties else None

    @property
    def type(self) -> str | None:
        """The JSON type of the value (``string``, ``integer``, ``number``, ``object``, ``array``...)."""
        schema = self.value_schema
        return schema.type if schema is not None else None

    @property
    def allowed_values(self) -> tuple[Any, ...] | None:
        """The values the attribute may take, where the schema lists them (``("on", "off")``), else ``None``."""
        schema = self.value_schema
        return schema.allowed_values if schema is not None else None

    @property
    def units(self) -> tuple[str, ...]:
        """The units the value may come in (``("F", "C")``); empty when it has none."""
        unit = self.schema.properties.unit if self.schema and self.schema.properties else None
        return tuple(_text(u) for u in unit.enum) if unit is not None and unit.enum else ()

    def describe(self) -> str:
        """One line for people: the value's type and allowed values, and the units."""
        schema = self.value_schema
        text = schema.describe() if schema is not None else "any"
        return f"{text} [{', '.join(self.units)}]" if self.units else text


@attrs.frozen(kw_only=True)
class CapabilityArgument(Model):
    """One argument of a command, in call order."""

    name: str
    optional: bool = False
    schema: ValueSchema | None = None

    @property
    def type(self) -> str | None:
        return self.schema.type if self.schema is not None else None

    @property
    def allowed_values(self) -> tuple[Any, ...] | None:
        """The values the argument accepts where the schema lists them, else ``None``."""
        return self.schema.allowed_values if self.schema is not None else None

    def describe(self) -> str:
        """``level: integer 0..100`` (``rate?: ...`` when optional)."""
        text = self.schema.describe() if self.schema is not None else "any"
        return f"{self.name}{'?' if self.optional else ''}: {text}"


@attrs.frozen(kw_only=True)
class CapabilityCommand(Model):
    """One command: its arguments in call order; ``sensitive`` commands carry secrets (lock codes)."""

    name: str | None = None
    arguments: tuple[CapabilityArgument, ...] = ()
    sensitive: bool | None = None

    @property
    def required_arguments(self) -> tuple[CapabilityArgument, ...]:
        """The arguments a call must give."""
        return tuple(argument for argument in self.arguments if not argument.optional)

    def describe(self) -> str:
        """``setLevel(level: integer 0..100, rate?: integer 0..)``."""
        return f"{self.name or ''}({', '.join(argument.describe() for argument in self.arguments)})"


@attrs.frozen(kw_only=True)
class Capability(Model):
    """A capability definition (``GET /capabilities/{id}/{version}``).

    ``cap.commands["setLevel"].arguments`` lists what a command takes; ``cap.allowed_values("switch")`` what an
    attribute may hold.  ``ephemeral`` capabilities' states are not kept in history.
    """

    id: str | None = None
    version: int | None = None
    status: CapabilityDefinitionStatus | str | None = None
    name: str | None = None
    ephemeral: bool | None = None
    attributes: Mapping[str, CapabilityAttribute] = attrs.field(factory=dict)
    commands: Mapping[str, CapabilityCommand] = attrs.field(factory=dict)

    @property
    def namespace(self) -> str | None:
        """The namespace of a custom capability (``samsungce`` of ``samsungce.washerCycle``); ``None`` for a
        standard one."""
        if self.id is None or "." not in self.id:
            return None
        return self.id.rsplit(".", 1)[0]

    @property
    def is_standard(self) -> bool:
        """Whether this is a standard SmartThings capability (its id has no namespace)."""
        return self.id is not None and "." not in self.id

    def command(self, name: str) -> CapabilityCommand:
        """One command, with a message naming the ones there are when it has no such command."""
        try:
            return self.commands[name]
        except KeyError:
            known = ", ".join(self.commands) or "none"
            raise KeyError(f"capability {self.id} has no command {name!r} (commands: {known})") from None

    def attribute(self, name: str) -> CapabilityAttribute:
        """One attribute, with a message naming the ones there are when it has no such attribute."""
        try:
            return self.attributes[name]
        except KeyError:
            known = ", ".join(self.attributes) or "none"
            raise KeyError(f"capability {self.id} has no attribute {name!r} (attributes: {known})") from None

    def allowed_values(self, attribute: str) -> tuple[Any, ...] | None:
        """The values an attribute may take, where its schema lists them; ``None`` when any value of its type
        goes (see ``attribute(name).value_schema.range``)."""
        return self.attribute(attribute).allowed_values

    def build(self, command: str, *arguments: Any, component: str = "main") -> Command:
        """A :class:`~smartthings_client.models.devices.Command` checked against this definition, as the
        catalogue's builders check theirs: ``definition.build("setLevel", 40)``.  A wrong command name, argument
        count or value raises :class:`~smartthings_client.errors.InvalidArgumentError` naming what is allowed.
        For many commands, ``st.capabilities.command(...)`` keeps the checked definition per client."""
        from ..catalog._runtime import CapabilityDefinition

        return CapabilityDefinition(encode(self)).build(command, *arguments, component=component)


@attrs.frozen(kw_only=True)
class CapabilitySummary(Model):
    """One entry of a capability list: id, version and (for standard ones) status."""

    id: str
    version: int = 1
    status: CapabilityDefinitionStatus | str | None = None


@attrs.frozen(kw_only=True)
class CapabilityNamespace(Model):
    """A namespace custom capabilities live in, and who owns it (``ownerType`` ``user`` or ``organization``)."""

    name: str
    owner_type: str | None = None
    owner_id: str | None = None


@attrs.frozen(kw_only=True)
class ValueLabel(Model):
    """The translated label (and description) of one value."""

    label: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class AttributeLocalization(Model):
    """An attribute's translations; ``i18n`` maps a state property (``value``) to value -> label."""

    label: str | None = None
    description: str | None = None
    display_template: str | None = None
    i18n: Mapping[str, Mapping[str, ValueLabel]] | None = None


@attrs.frozen(kw_only=True)
class ArgumentLocalization(Model):
    """A command argument's translations; ``i18n`` maps argument values to labels."""

    label: str | None = None
    description: str | None = None
    i18n: Mapping[str, ValueLabel] | None = None


@attrs.frozen(kw_only=True)
class CommandLocalization(Model):
    """A command's translations, and those of its arguments by name."""

    label: str | None = None
    description: str | None = None
    arguments: Mapping[str, ArgumentLocalization] | None = None


@attrs.frozen(kw_only=True)
class CapabilityLocalization(Model):
    """A capability's translations for one locale ``tag`` (``en``, ``fr``...)."""

    tag: str
    label: str | None = None
    description: str | None = None
    attributes: Mapping[str, AttributeLocalization] | None = None
    commands: Mapping[str, CommandLocalization] | None = None


@attrs.frozen(kw_only=True)
class CapabilityPresentation(Model):
    """How the SmartThings app shows a capability: dashboard, detail view and automation widgets.

    Kept as SmartThings' JSON (the widget vocabulary is large and keeps growing); see the developer docs for
    the ``displayType`` values.
    """

    id: str | None = None
    version: int | None = None
    dashboard: Mapping[str, Any] | None = None
    detail_view: tuple[Mapping[str, Any], ...] | None = None
    automation: Mapping[str, Any] | None = None


def _decode_schema(raw: Mapping[str, Any]) -> ValueSchema:
    return decode_as(ValueSchema)(raw)
