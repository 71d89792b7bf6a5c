"""Configuration pages, typed: a :class:`Page` of :class:`Section` objects holding settings, one class per setting type.

Every setting type the Node SDK builds (23 with the section) is a frozen class whose fields are the properties the
lifecycle spec (smartapps-v1.yml) gives that type, plus those the Node SDK sends beyond it (``closeOnSelection``,
``excludeCapabilities``, ``step``...)::

    Page("main", name="Lights", sections=[
        Section("Which lights?", [DeviceSetting("lights", capabilities=["switch"], multiple=True,
                                                 permissions=["r", "x"])]),
    ])

A page is data: :meth:`Page.to_json` writes the wire form SmartThings shows (every label translated by a
:class:`~smartthings_client.smartapp.i18n.Translator`), and :func:`page_from_json` reads one back into these
classes (what a tool that shows the pages of any app, in any language, needs).

Labels come from the locale files when they have the key, else from the text given here, else a default (the
setting id for a name, ``"Tap to set"`` for the description of a choice).  The keys, as in the Node SDK:
``pages.<pageId>.name``, ``pages.<pageId>.nextText``, ``pages.<pageId>.sections.<section name>.name``,
``pages.<pageId>.settings.<settingId>.name``, ``.description``, ``.postMessage``, ``.options.<optionId>.name``
and ``.groups.<group name>.name``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from ..errors import SmartThingsError
from .i18n import UNTRANSLATED, Translator

__all__ = [
    "SETTING_TYPES",
    "BooleanSetting",
    "DecimalSetting",
    "DeviceSetting",
    "EmailSetting",
    "EnumSetting",
    "ImageSetting",
    "ImagesSetting",
    "LinkSetting",
    "MessageGroupSetting",
    "ModeSetting",
    "NumberSetting",
    "OAuthSetting",
    "Option",
    "OptionGroup",
    "Page",
    "PageError",
    "PageSetting",
    "ParagraphSetting",
    "PasswordSetting",
    "PhoneSetting",
    "SceneSetting",
    "Section",
    "SecuritySetting",
    "Setting",
    "SoundOption",
    "SoundSetting",
    "Style",
    "TextSetting",
    "TimeSetting",
    "VideoSetting",
    "page_from_json",
]

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


def _page_id(value: str) -> str:
    if not isinstance(value, str) or not _PAGE_ID.fullmatch(value):
        raise PageError(f"a page id must be 1-36 letters, digits, '.', '_' or '-', not {value!r}")
    return value


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    if isinstance(values, str):
        return (values,)
    return tuple(values)


def _permissions(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)  # a string is its letters: "rx" is short for ["r", "x"]


def _style(value: Style | str | None) -> Style | None:
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
    style: Style | None = attrs.field(default=None, converter=_style)


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
    style: Style | None = attrs.field(default=None, converter=_style)

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
    style: Style | None = attrs.field(default=None, converter=_style)


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
    style: Style | None = attrs.field(default=None, converter=_style)


@attrs.frozen(field_transformer=_id_first)
class PageSetting(Setting):
    """A link to another configuration page (``page``: its id)."""

    TYPE: ClassVar[str] = "PAGE"
    page: str | None = attrs.field(default=None, converter=attrs.converters.optional(_page_id))
    image: str | None = None
    style: Style | None = attrs.field(default=None, converter=_style)


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


def _settings(values: Iterable[Setting]) -> tuple[Setting, ...]:
    settings = tuple(values)
    for item in settings:
        if not isinstance(item, Setting):
            raise PageError(f"a section holds settings (DeviceSetting(...)...), not {type(item).__name__}")
    return settings


@attrs.frozen
class Section:
    """A titled group of settings; ``hideable`` sections can be collapsed, and start so when ``hidden``;
    ``default_required`` is ``required`` for its settings that do not say (None: the page's)."""

    name: str | None = None
    settings: tuple[Setting, ...] = attrs.field(default=(), converter=_settings)
    hideable: bool = attrs.field(default=False, kw_only=True)
    hidden: bool = attrs.field(default=False, kw_only=True)
    style: Style | None = attrs.field(default=None, converter=_style, kw_only=True)
    default_required: bool | None = attrs.field(default=None, kw_only=True)

    def to_json(
        self, page_id: str = "", translator: Translator = UNTRANSLATED, *, default_required: bool = False
    ) -> dict[str, Any]:
        result: dict[str, Any] = {}
        if self.name is not None:
            result["name"] = translator.get(f"pages.{page_id}.sections.{self.name}.name", self.name)
        for flag in ("hideable", "hidden"):
            if getattr(self, flag):
                result[flag] = True
        if self.style is not None:
            result["style"] = self.style.value
        required = default_required if self.default_required is None else self.default_required
        result["settings"] = [s.to_json(page_id, translator, default_required=required) for s in self.settings]
        return result


def _sections(values: Iterable[Section]) -> tuple[Section, ...]:
    sections = tuple(values)
    for item in sections:
        if not isinstance(item, Section):
            raise PageError(f"a page holds Section objects, not {type(item).__name__}")
    return sections


@attrs.frozen
class Page:
    """One configuration page.  ``complete`` (this is the last page) defaults to having neither a next nor a
    previous page, as in the Node SDK; setting ids must be unique on a page; ``default_required`` is ``required``
    for settings (of sections) that do not say."""

    page_id: str = attrs.field(converter=_page_id)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    name: str | None = attrs.field(default=None, kw_only=True)
    next_page_id: str | None = attrs.field(default=None, kw_only=True, converter=attrs.converters.optional(_page_id))
    previous_page_id: str | None = attrs.field(
        default=None, kw_only=True, converter=attrs.converters.optional(_page_id)
    )
    complete: bool | None = attrs.field(default=None, kw_only=True)
    style: Style | None = attrs.field(default=None, converter=_style, kw_only=True)
    next_text: str | None = attrs.field(default=None, kw_only=True)
    default_required: bool = attrs.field(default=False, kw_only=True)

    def __attrs_post_init__(self) -> None:
        seen: set[str] = set()
        for setting in self.settings:
            if setting.id in seen:
                raise PageError(f"page {self.page_id!r}: setting id {setting.id!r} is used twice")
            seen.add(setting.id)

    @property
    def settings(self) -> tuple[Setting, ...]:
        """Every setting of every section, in order."""
        return tuple(s for section in self.sections for s in section.settings)

    @property
    def is_complete(self) -> bool:
        """Whether this is the last page (``complete`` given, else no next and no previous page)."""
        if self.complete is not None:
            return self.complete
        return self.next_page_id is None and self.previous_page_id is None

    def to_json(self, translator: Translator = UNTRANSLATED) -> dict[str, Any]:
        """The page as SmartThings reads it (``configurationData.page``), every label translated."""
        result: dict[str, Any] = {
            "pageId": self.page_id,
            "name": translator.get(f"pages.{self.page_id}.name", self.name or self.page_id),
            "nextPageId": self.next_page_id,
            "previousPageId": self.previous_page_id,
            "complete": self.is_complete,
            "sections": [
                section.to_json(self.page_id, translator, default_required=self.default_required)
                for section in self.sections
            ],
        }
        if self.style is not None:
            result["style"] = self.style.value
        if self.next_text is not None:
            result["nextText"] = translator.get(f"pages.{self.page_id}.nextText", self.next_text)
        return result


# --- reading pages back ---------------------------------------------------------------------------------------

_SNAKE = re.compile(r"(?<!^)(?=[A-Z])")


def _option_from_json(data: Any, cls: type[Option]) -> Option:
    if not isinstance(data, Mapping) or not isinstance(data.get("id"), str):
        raise PageError(f"an option must be an object with an id, not {data!r}")
    if cls is SoundOption:
        return SoundOption(data["id"], data.get("name"), sound=data.get("sound"))
    return Option(data["id"], data.get("name"))


def _options_from_json(data: Any, cls: type[Option]) -> tuple[Option, ...]:
    return tuple(_option_from_json(o, cls) for o in data or ())


def _setting_from_json(data: Any) -> Setting:
    if not isinstance(data, Mapping):
        raise PageError(f"a setting must be an object, not {type(data).__name__}")
    kind = data.get("type")
    cls = SETTING_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise PageError(f"setting {data.get('id')!r} has an unknown type {kind!r}")
    known = {f.name for f in attrs.fields(cls)}
    option_cls = SoundOption if cls is SoundSetting else Option
    values: dict[str, Any] = {}
    for key, raw in data.items():
        name = _SNAKE.sub("_", key).lower()
        if name == "options":
            values[name] = _options_from_json(raw, option_cls)
        elif name == "grouped_options":
            values[name] = tuple(
                OptionGroup(str(g.get("name", "")), _options_from_json(g.get("options"), option_cls)) for g in raw or ()
            )
        elif name in known:
            values[name] = raw
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise PageError(f"setting {data.get('id')!r} cannot be read: {exc}") from None


def page_from_json(data: Mapping[str, Any]) -> Page:
    """A page as SmartThings receives it (``configurationData.page``), read into the typed classes; labels are
    kept as sent (already translated by the app)."""
    if not isinstance(data, Mapping):
        raise PageError("a page must be a JSON object")
    try:
        sections = [
            Section(
                s.get("name"),
                [_setting_from_json(item) for item in s.get("settings", ())],
                hideable=bool(s.get("hideable", False)),
                hidden=bool(s.get("hidden", False)),
                style=s.get("style"),
            )
            for s in data.get("sections", ())
        ]
        return Page(
            data["pageId"],
            sections,
            name=data.get("name"),
            next_page_id=data.get("nextPageId"),
            previous_page_id=data.get("previousPageId"),
            complete=data.get("complete"),
            style=data.get("style"),
            next_text=data.get("nextText"),
        )
    except PageError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise PageError(f"the page cannot be read: {exc!r}") from None


def sections_json(
    sections: Sequence[Section | Mapping[str, Any]], page_id: str, translator: Translator
) -> list[Mapping[str, Any]]:
    """Sections of a page handler (typed or the older plain dicts) in wire form."""
    return [s.to_json(page_id, translator) if isinstance(s, Section) else s for s in sections]
