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

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ._settings import (
    SETTING_TYPES,
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
    Option,
    OptionGroup,
    PageError,
    PageSetting,
    ParagraphSetting,
    PasswordSetting,
    PhoneSetting,
    SceneSetting,
    SecuritySetting,
    Setting,
    SoundOption,
    SoundSetting,
    Style,
    TextSetting,
    TimeSetting,
    VideoSetting,
    check_page_id,
    to_style,
)
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
    style: Style | None = attrs.field(default=None, converter=to_style, kw_only=True)
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


def _optional_page_id(value: str | None) -> str | None:
    return None if value is None else check_page_id(value)


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

    page_id: str = attrs.field(converter=check_page_id)
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_sections)
    name: str | None = attrs.field(default=None, kw_only=True)
    next_page_id: str | None = attrs.field(default=None, kw_only=True, converter=_optional_page_id)
    previous_page_id: str | None = attrs.field(default=None, kw_only=True, converter=_optional_page_id)
    complete: bool | None = attrs.field(default=None, kw_only=True)
    style: Style | None = attrs.field(default=None, converter=to_style, kw_only=True)
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
