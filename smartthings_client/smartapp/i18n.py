"""Translations of a SmartApp's labels from locale files: ``locales/<language>.json``, one file per language.

A file maps keys to text, flat (``{"pages.main.name": "Lumières"}``) or nested (``{"pages": {"main": {"name":
"Lumières"}}}``), like the files of the Node SDK.  :meth:`Locales.translator` picks the user's language: the exact
tag (``fr-CA``), then its base language (``fr``), then the default language, then the text the code gives.
The page builder asks for the keys it documents (``pages.<pageId>.name``, ``pages.<pageId>.sections.<name>.name``,
``pages.<pageId>.settings.<settingId>.name``/``description``/``options.<optionId>.name``...).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

import attrs
import orjson

from ..errors import SmartThingsError

__all__ = ["LocaleFileError", "Locales", "Translator"]


class LocaleFileError(SmartThingsError, ValueError):
    """A locale file that is not a JSON object of strings (the message names the file and the key)."""


def _flatten(data: Mapping[str, Any], prefix: str, into: dict[str, str], source: Path) -> None:
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            _flatten(value, f"{name}.", into, source)
        elif isinstance(value, str):
            into[name] = value
        else:
            raise LocaleFileError(f"{source}: {name!r} must be text or an object, not {type(value).__name__}")


def _read(path: Path) -> dict[str, str]:
    try:
        data = orjson.loads(path.read_bytes())
    except orjson.JSONDecodeError as exc:
        raise LocaleFileError(f"{path} is not JSON: {exc}") from None
    if not isinstance(data, Mapping):
        raise LocaleFileError(f"{path} must hold a JSON object")
    flat: dict[str, str] = {}
    _flatten(data, "", flat, path)
    return flat


def _tag(language: str) -> str:
    return language.strip().replace("_", "-").lower()


@attrs.frozen
class Translator:
    """Text for one language, with the default language's behind it."""

    language: str | None
    _chain: tuple[Mapping[str, str], ...] = ()

    def get(self, key: str, fallback: str) -> str:
        """The translation of ``key``, else ``fallback``."""
        for messages in self._chain:
            text = messages.get(key)
            if text is not None:
                return text
        return fallback

    def has(self, key: str) -> bool:
        """Whether some file of the chain has ``key``."""
        return any(key in messages for messages in self._chain)


#: A translator without locale files: every label is the text the code gives.
UNTRANSLATED = Translator(None)


class _Pages(Protocol):
    def to_json(self, translator: Translator = ...) -> Any: ...


@attrs.frozen
class _Recording(Translator):
    """A translator that notes every key asked for."""

    asked: list[str] = attrs.field(factory=list)

    def get(self, key: str, fallback: str) -> str:
        self.asked.append(key)
        return super().get(key, fallback)


class Locales:
    """Every ``<language>.json`` of a directory, read once; ``default`` is the language used when the user's has
    no file or no entry for a key."""

    def __init__(self, directory: str | os.PathLike[str] = "locales", *, default: str = "en") -> None:
        self.directory = Path(directory)
        self.default = _tag(default)
        if not self.directory.is_dir():
            raise LocaleFileError(f"no locale directory at {self.directory}")
        self._messages = {_tag(p.stem): _read(p) for p in sorted(self.directory.glob("*.json"))}

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages that have a file (lower-case tags, e.g. ``("en", "fr-ca")``)."""
        return tuple(self._messages)

    def translator(self, language: str | None) -> Translator:
        """The translator for a user's language (``"fr-CA"``, ``"fr_CA"``, ``"fr"``, or None for the default)."""
        wanted: list[str] = []
        if language:
            tag = _tag(language)
            wanted += [tag, tag.split("-")[0]]
        wanted.append(self.default)
        chain: list[Mapping[str, str]] = []
        for tag in dict.fromkeys(wanted):
            messages = self._messages.get(tag)
            if messages is not None:
                chain.append(messages)
        return Translator(language, tuple(chain))

    def missing_keys(self, page: _Pages, language: str | None = None) -> list[str]:
        """The keys ``page`` asks for that ``language``'s own file (the default language's without one) lacks:
        what a translator still has to write (a test can require none)."""
        own = self._messages.get(_tag(language or self.default), {})
        recording = _Recording(language, (own,))
        page.to_json(recording)
        return sorted(key for key in dict.fromkeys(recording.asked) if key not in own)

    def __repr__(self) -> str:
        return f"Locales({str(self.directory)!r}, languages={list(self.languages)}, default={self.default!r})"
