"""Device preferences: the settings a device profile offers users (a temperature offset, a reporting interval),
each with a definition that depends on its type, and their translations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import attrs

from ._base import ApiEnum, Model
from .converter import register_tagged_union
from .devices import PreferenceType  # one enum for definitions and a device's values

__all__ = [
    "BooleanDefinition",
    "BooleanPreference",
    "DevicePreference",
    "EnumerationDefinition",
    "EnumerationPreference",
    "IntegerDefinition",
    "IntegerPreference",
    "NumberDefinition",
    "NumberPreference",
    "PreferenceLocalization",
    "PreferenceOptionLabel",
    "PreferenceType",
    "StringDefinition",
    "StringPreference",
    "StringType",
    "UnknownPreference",
]


class StringType(ApiEnum):
    """How the app shows a string preference's input."""

    TEXT = "text"
    PASSWORD = "password"
    PARAGRAPH = "paragraph"


@attrs.frozen(kw_only=True)
class IntegerDefinition(Model):
    minimum: int | None = None
    maximum: int | None = None
    default: int | None = None


@attrs.frozen(kw_only=True)
class NumberDefinition(Model):
    minimum: float | None = None
    maximum: float | None = None
    default: float | None = None


@attrs.frozen(kw_only=True)
class BooleanDefinition(Model):
    default: bool | None = None


@attrs.frozen(kw_only=True)
class StringDefinition(Model):
    min_length: int | None = None
    max_length: int | None = None
    string_type: StringType | str | None = None
    default: str | None = None


@attrs.frozen(kw_only=True)
class EnumerationDefinition(Model):
    """``options`` maps each value the device gets to the label users see."""

    options: Mapping[str, str] = attrs.field(factory=dict)
    default: str | None = None


@attrs.frozen(kw_only=True)
class DevicePreference(Model):
    """A device preference definition (``GET /devicepreferences/{id}``).

    Decoded as the subclass of its ``preference_type`` (:class:`IntegerPreference`, :class:`EnumerationPreference`
    ...), whose ``definition`` is typed; a type this library does not know is an :class:`UnknownPreference` with
    the definition as sent.  ``preference_id`` is ``<namespace>.<name>``; ``explicit`` preferences are shared
    definitions that profiles reference by id.  To create one, build a subclass without ids:
    ``IntegerPreference(name="tempOffset", title="Offset", definition=IntegerDefinition(minimum=-5, maximum=5))``.
    """

    type_name: ClassVar[str | None] = None

    preference_id: str | None = None
    name: str | None = None
    title: str | None = None
    description: str | None = None
    required: bool | None = None
    explicit: bool | None = None
    preference_type: PreferenceType | str | None = None

    @property
    def namespace(self) -> str | None:
        """The namespace part of ``preference_id`` (``"mynamespace"`` of ``"mynamespace.tempOffset"``)."""
        if not self.preference_id or "." not in self.preference_id:
            return None
        return self.preference_id.split(".", 1)[0]


@attrs.frozen(kw_only=True)
class IntegerPreference(DevicePreference):
    type_name: ClassVar[str | None] = PreferenceType.INTEGER.value
    definition: IntegerDefinition = attrs.field(factory=IntegerDefinition)


@attrs.frozen(kw_only=True)
class NumberPreference(DevicePreference):
    type_name: ClassVar[str | None] = PreferenceType.NUMBER.value
    definition: NumberDefinition = attrs.field(factory=NumberDefinition)


@attrs.frozen(kw_only=True)
class BooleanPreference(DevicePreference):
    type_name: ClassVar[str | None] = PreferenceType.BOOLEAN.value
    definition: BooleanDefinition = attrs.field(factory=BooleanDefinition)


@attrs.frozen(kw_only=True)
class StringPreference(DevicePreference):
    type_name: ClassVar[str | None] = PreferenceType.STRING.value
    definition: StringDefinition = attrs.field(factory=StringDefinition)


@attrs.frozen(kw_only=True)
class EnumerationPreference(DevicePreference):
    type_name: ClassVar[str | None] = PreferenceType.ENUMERATION.value
    definition: EnumerationDefinition = attrs.field(factory=EnumerationDefinition)


@attrs.frozen(kw_only=True)
class UnknownPreference(DevicePreference):
    """A preference of a type this library does not know (or without a type): the definition as sent."""

    definition: Mapping[str, Any] | None = None


register_tagged_union(
    DevicePreference,
    "preference_type",
    {
        cls.type_name: cls
        for cls in (IntegerPreference, NumberPreference, BooleanPreference, StringPreference, EnumerationPreference)
        if cls.type_name is not None
    },
    UnknownPreference,
)


@attrs.frozen(kw_only=True)
class PreferenceOptionLabel(Model):
    label: str


@attrs.frozen(kw_only=True)
class PreferenceLocalization(Model):
    """A preference's title and description in one locale (``tag``); for an enumeration, its options' labels
    (one per option)."""

    tag: str
    label: str | None = None
    description: str | None = None
    options: Mapping[str, PreferenceOptionLabel] | None = None
