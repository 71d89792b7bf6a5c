"""The setting types of configuration pages, one frozen class each (see :mod:`smartthings_client.smartapp.pages`).

Each class's fields are the properties the lifecycle spec (smartapps-v1.yml) gives its type, plus those the Node SDK
sends beyond it; :meth:`Setting.to_json` writes them camel-cased, leaving out what is unset, labels translated.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from ..errors import SmartThingsError
from .i18n import UNTRANSLATED, Translator

_ID = re.compile(r"[A-Za-z0-9._-]{1,128}")
_PAGE_ID = re.compile(r"[A-Za-z0-9._-]{1,36}")
TAP_TO_SET = "Tap to set"


class PageError(SmartThingsError, ValueError):
    """A page SmartThings would refuse (a bad id, two settings with one id, min above max...), or page JSON that
    cannot be read back."""


class Style(str, enum.Enum):
    """How a setting is drawn (``StyleType``)."""

    COMPLETE = "COMPLETE"
    ERROR = "ERROR"
    DEFAULT = "DEFAULT"
    DROPDOWN = "DROPDOWN"  # the Node SDK's enum style, beyond the 2019 spec


def _setting_id(value: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise PageError(f"a setting id must be 1-128 letters, digits, '.', '_' or '-', not {value!r}")
    return value


def check_page_id(value: str) -> str:
    if not isinstance(value, str) or not _PAGE_ID.fullmatch(value):
        raise PageError(f"a page id must be 1-36 letters, digits, '.', '_' or '-', not {value!r}")
    return value


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def _permissions(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)  # a string is its letters: "rx" is short for ["r", "x"]


def to_style(value: Style | str | None) -> Style | None:
    return None if value is None else Style(value)


def _id_first(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    # Settings read like the Node SDK's builders: the id positional, every property a keyword.
    return [field.evolve(kw_only=field.name != "id") for field in fields]


@attrs.frozen
class Option:
    """One choice of an ENUM (or MESSAGE_GROUP) setting: the id stored in the configuration, the name shown."""

    id: str
    name: str | None = None

    def to_json(self, label: str) -> dict[str, Any]:
        return {"id": self.id, "name": label}


@attrs.frozen
class SoundOption(Option):
    """One choice of a SOUND setting: also the sound's URL."""

    sound: str | None = None

    def to_json(self, label: str) -> dict[str, Any]:
        return {**super().to_json(label), **({"sound": self.sound} if self.sound else {})}


def _options(values: Iterable[Option | str] | Mapping[str, str]) -> tuple[Option, ...]:
    if isinstance(values, Mapping):
        return tuple(Option(key, name) for key, name in values.items())
    return tuple(v if isinstance(v, Option) else Option(str(v), str(v)) for v in values)


@attrs.frozen
class OptionGroup:
    """A named group of choices (``groupedOptions``)."""

    name: str
    options: tuple[Option, ...] = attrs.field(converter=_options)


def _groups(values: Iterable[OptionGroup] | Mapping[str, Iterable[Option | str]]) -> tuple[OptionGroup, ...]:
    if isinstance(values, Mapping):
        return tuple(OptionGroup(name, _options(options)) for name, options in values.items())
    return tuple(values)


@attrs.frozen(kw_only=True)
class _Labels:
    """What a setting needs to write its labels: the translator and its key prefix."""

    translator: Translator
    prefix: str

    def get(self, suffix: str, fallback: str) -> str:
        return self.translator.get(f"{self.prefix}.{suffix}", fallback)


# Fields written as they are named in Python, camel-cased; those in _LABELS are translated.
_LABELS = frozenset({"name", "description", "post_message"})


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


@attrs.frozen(field_transformer=_id_first)
class Setting:
    """What every setting has (``SectionSetting``): ``id`` (the configuration key), ``name``, ``description``,
    ``required`` (None: the section's or page's ``default_required``), ``default_value`` (translated from the
    ``.defaultValue`` key when ``translate_default_value``), ``disabled`` and ``submit_on_change`` (SmartThings asks
    for the page again when the value changes)."""

    TYPE: ClassVar[str] = ""
    DEFAULT_DESCRIPTION: ClassVar[str | None] = None

    id: str = attrs.field(converter=_setting_id)
    name: str | None = None
    description: str | None = None
    required: bool | None = None
    default_value: str | None = attrs.field(default=None, converter=attrs.converters.optional(str))
    translate_default_value: bool = attrs.field(default=False, metadata={"wire": False})
    disabled: bool = False
    submit_on_change: bool = False

    @property
    def type(self) -> str:
        """The wire ``type`` (``"DEVICE"``, ``"ENUM"``...)."""
        return self.TYPE

    def _fallback_name(self) -> str:
        return self.id

    def to_json(
        self, page_id: str = "", translator: Translator = UNTRANSLATED, *, default_required: bool = False
    ) -> dict[str, Any]:
        """The setting as SmartThings reads it, its labels translated."""
        labels = _Labels(translator=translator, prefix=f"pages.{page_id}.settings.{self.id}")
        result: dict[str, Any] = {"id": self.id, "type": self.type}
        for field in attrs.fields(type(self)):
            if field.name == "id" or field.metadata.get("wire") is False:
                continue
            value = getattr(self, field.name)
            key = _camel(field.name)
            if field.name == "required":
                result[key] = default_required if value is None else value
            elif field.name == "default_value" and self.translate_default_value:
                result[key] = labels.get("defaultValue", value or "")
            elif field.name == "name":
                result[key] = labels.get("name", value if value is not None else self._fallback_name())
            elif field.name == "description":
                fallback = value if value is not None else self.DEFAULT_DESCRIPTION
                if fallback is not None or translator.has(f"{labels.prefix}.description"):
                    result[key] = labels.get("description", fallback or "")
            elif field.name in _LABELS:
                if value is not None:
                    result[key] = labels.get(key, value)
            elif field.name in ("options", "grouped_options"):
                if value:
                    result[key] = self._options_json(field.name, value, labels)
            elif value is not None and value is not False and value != ():
                result[key] = _plain(value)
        return result

    def _options_json(self, kind: str, value: Any, labels: _Labels) -> list[dict[str, Any]]:
        def option(item: Option, prefix: str) -> dict[str, Any]:
            return item.to_json(labels.get(f"{prefix}options.{item.id}.name", item.name or item.id))

        if kind == "options":
            return [option(item, "") for item in value]
        return [
            {
                "name": labels.get(f"groups.{group.name}.name", group.name),
                "options": [option(item, f"groups.{group.name}.") for item in group.options],
            }
            for group in value
        ]


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _check_range(low: float | None, high: float | None, what: str) -> None:
    if low is not None and high is not None and low > high:
        raise PageError(f"{what}: min {low} is above max {high}")


@attrs.frozen(field_transformer=_id_first)
class _Choice(Setting):
    """Settings that pick among things: several at once, close the picker on selection, a style."""

    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET

    multiple: bool = False
    close_on_selection: bool = False
    style: Style | None = attrs.field(default=None, converter=to_style)


@attrs.frozen(field_transformer=_id_first)
class BooleanSetting(Setting):
    """A switch (``"true"``/``"false"``; read it with ``config.boolean(id)``)."""

    TYPE: ClassVar[str] = "BOOLEAN"
    image: str | None = None


@attrs.frozen(field_transformer=_id_first)
class DecimalSetting(Setting):
    """A decimal number between ``min`` and ``max`` (``config.number(id)``)."""

    TYPE: ClassVar[str] = "DECIMAL"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    min: float | None = None
    max: float | None = None
    image: str | None = None
    post_message: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_range(self.min, self.max, f"setting {self.id!r}")


@attrs.frozen(field_transformer=_id_first)
class NumberSetting(Setting):
    """A whole number between ``min`` and ``max``, in steps of ``step`` (``config.number(id)``)."""

    TYPE: ClassVar[str] = "NUMBER"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    min: int | None = None
    max: int | None = None
    step: int | None = None
    image: str | None = None
    post_message: str | None = None
    style: Style | None = attrs.field(default=None, converter=to_style)

    def __attrs_post_init__(self) -> None:
        _check_range(self.min, self.max, f"setting {self.id!r}")
        if self.step is not None and self.step <= 0:
            raise PageError(f"setting {self.id!r}: step must be positive, not {self.step}")


@attrs.frozen(field_transformer=_id_first)
class DeviceSetting(_Choice):
    """Devices of the location that have every one of ``capabilities`` (and none of ``exclude_capabilities``),
    with the ``permissions`` the app needs on them (``"r"``, ``"x"``, ``"w"``; read only by default)."""

    TYPE: ClassVar[str] = "DEVICE"
    preselect: bool = False
    capabilities: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    exclude_capabilities: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    permissions: tuple[str, ...] = attrs.field(default=("r",), converter=_permissions)

    def __attrs_post_init__(self) -> None:
        wrong = [p for p in self.permissions if p not in ("r", "x", "w")]
        if wrong or not self.permissions:
            raise PageError(f"setting {self.id!r}: device permissions are 'r', 'x' or 'w', not {wrong or '()'}")

    def to_json(
        self, page_id: str = "", translator: Translator = UNTRANSLATED, *, default_required: bool = False
    ) -> dict[str, Any]:
        # SmartThings (and the Node SDK) always send "multiple" for devices.
        return {**super().to_json(page_id, translator, default_required=default_required), "multiple": self.multiple}


@attrs.frozen(field_transformer=_id_first)
class EmailSetting(Setting):
    """An email address (``config.string(id)``)."""

    TYPE: ClassVar[str] = "EMAIL"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    image: str | None = None


@attrs.frozen(field_transformer=_id_first)
class EnumSetting(_Choice):
    """One choice (or several, ``multiple=True``) among ``options`` or ``grouped_options``; read the chosen ids
    with ``config.string(id)``/``config.strings(id)``.  Options may be given as ``Option`` objects, plain strings
    (id = name) or a mapping id -> name; groups as ``OptionGroup`` objects or a mapping name -> options."""

    TYPE: ClassVar[str] = "ENUM"
    options: tuple[Option, ...] = attrs.field(default=(), converter=_options)
    grouped_options: tuple[OptionGroup, ...] = attrs.field(default=(), converter=_groups)

    def __attrs_post_init__(self) -> None:
        ids = [o.id for o in self.options] + [o.id for g in self.grouped_options for o in g.options]
        if len(ids) != len(set(ids)):
            raise PageError(f"setting {self.id!r}: two options share an id")


@attrs.frozen(field_transformer=_id_first)
class ImageSetting(Setting):
    """An image shown on the page."""

    TYPE: ClassVar[str] = "IMAGE"
    image: str | None = None


@attrs.frozen(field_transformer=_id_first)
class ImagesSetting(Setting):
    """Several images shown on the page."""

    TYPE: ClassVar[str] = "IMAGES"
    images: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(field_transformer=_id_first)
class LinkSetting(Setting):
    """A link to a web page (``url``)."""

    TYPE: ClassVar[str] = "LINK"
    url: str | None = None
    image: str | None = None
    style: Style | None = attrs.field(default=None, converter=to_style)


@attrs.frozen(field_transformer=_id_first)
class MessageGroupSetting(EnumSetting):
    """A notification message group (``message_group_key``), chosen like an enum."""

    TYPE: ClassVar[str] = "MESSAGE_GROUP"
    message_group_key: str = ""


@attrs.frozen(field_transformer=_id_first)
class ModeSetting(_Choice):
    """Location modes (``config.mode_ids(id)``)."""

    TYPE: ClassVar[str] = "MODE"


@attrs.frozen(field_transformer=_id_first)
class OAuthSetting(Setting):
    """A third-party OAuth sign-in; ``url_template`` holds ``__SmartThingsOAuthCallback__`` where the callback URL
    goes (the redirect comes back as OAUTH_CALLBACK)."""

    TYPE: ClassVar[str] = "OAUTH"
    url_template: str | None = None
    style: Style | None = attrs.field(default=None, converter=to_style)


@attrs.frozen(field_transformer=_id_first)
class PageSetting(Setting):
    """A link to another configuration page (``page``: its id)."""

    TYPE: ClassVar[str] = "PAGE"
    page: str | None = attrs.field(default=None, converter=attrs.converters.optional(check_page_id))
    image: str | None = None
    style: Style | None = attrs.field(default=None, converter=to_style)


@attrs.frozen(field_transformer=_id_first)
class ParagraphSetting(Setting):
    """Text shown on the page: ``name`` is its heading, ``description`` its body."""

    TYPE: ClassVar[str] = "PARAGRAPH"
    image: str | None = None

    def _fallback_name(self) -> str:
        return ""


@attrs.frozen(field_transformer=_id_first)
class PasswordSetting(Setting):
    """A secret text (``config.string(id)``; store it like a token)."""

    TYPE: ClassVar[str] = "PASSWORD"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    min_length: int | None = None
    max_length: int | None = None
    image: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_range(self.min_length, self.max_length, f"setting {self.id!r} length")


@attrs.frozen(field_transformer=_id_first)
class PhoneSetting(Setting):
    """A phone number (``config.string(id)``)."""

    TYPE: ClassVar[str] = "PHONE"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    image: str | None = None


@attrs.frozen(field_transformer=_id_first)
class SceneSetting(_Choice):
    """Scenes of the location (``config.scene_ids(id)``)."""

    TYPE: ClassVar[str] = "SCENE"


_ARM_STATES = (Option("DISARMED", "Disarmed"), Option("ARMED_STAY", "Armed/Stay"), Option("ARMED_AWAY", "Armed/Away"))


@attrs.frozen(field_transformer=_id_first)
class SecuritySetting(_Choice):
    """Security arm states (an ENUM of ``DISARMED``, ``ARMED_STAY``, ``ARMED_AWAY`` on the wire)."""

    TYPE: ClassVar[str] = "ENUM"
    options: tuple[Option, ...] = attrs.field(default=_ARM_STATES, converter=_options)


@attrs.frozen(field_transformer=_id_first)
class SoundSetting(_Choice):
    """A sound among ``options`` (``SoundOption`` with a URL) or ``grouped_options``."""

    TYPE: ClassVar[str] = "SOUND"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = None
    options: tuple[Option, ...] = attrs.field(default=(), converter=_options)
    grouped_options: tuple[OptionGroup, ...] = attrs.field(default=(), converter=_groups)


@attrs.frozen(field_transformer=_id_first)
class TextSetting(Setting):
    """A line of text between ``min_length`` and ``max_length`` characters (``config.string(id)``)."""

    TYPE: ClassVar[str] = "TEXT"
    DEFAULT_DESCRIPTION: ClassVar[str | None] = TAP_TO_SET
    min_length: int | None = None
    max_length: int | None = None
    image: str | None = None
    post_message: str | None = None

    def __attrs_post_init__(self) -> None:
        _check_range(self.min_length, self.max_length, f"setting {self.id!r} length")


@attrs.frozen(field_transformer=_id_first)
class TimeSetting(Setting):
    """A time of day (``config.date(id)``, ``config.time_string(id)``)."""

    TYPE: ClassVar[str] = "TIME"
    image: str | None = None


@attrs.frozen(field_transformer=_id_first)
class VideoSetting(Setting):
    """A video shown on the page (``video``: its URL; ``image``: its poster)."""

    TYPE: ClassVar[str] = "VIDEO"
    video: str | None = None
    image: str | None = None


#: Wire ``type`` -> class, for reading pages back (SECURITY settings come back as ENUM).
SETTING_TYPES: Mapping[str, type[Setting]] = {
    cls.TYPE: cls
    for cls in (
        BooleanSetting,
        DecimalSetting,
        DeviceSetting,
        EmailSetting,
        EnumSetting,
        ImageSetting,
        ImagesSetting,
        LinkSetting,
        MessageGroupSetting,
        ModeSetting,
        NumberSetting,
        OAuthSetting,
        PageSetting,
        ParagraphSetting,
        PasswordSetting,
        PhoneSetting,
        SceneSetting,
        SoundSetting,
        TextSetting,
        TimeSetting,
        VideoSetting,
    )
}
