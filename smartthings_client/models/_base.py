"""The base of every response model."""

from __future__ import annotations

import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs


class _NoExtra(Mapping[str, Any]):
    """The read-only empty mapping that objects without unknown keys share (instead of a dict each).  It pickles
    as a reference to itself, so models pickle (a ``MappingProxyType`` cannot)."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"

    def __reduce__(self) -> str:
        return "NO_EXTRA"


NO_EXTRA: Mapping[str, Any] = _NoExtra()


@attrs.frozen(kw_only=True)
class Model:
    """Base of SmartThings response models.

    Keys that this version of the library does not know are kept, as SmartThings sent them, in ``extra`` (the
    API keeps adding fields).  ``extra`` does not take part in equality.
    """

    extra: Mapping[str, Any] = attrs.field(default=NO_EXTRA, repr=False, eq=False)


class ApiEnum(str, enum.Enum):
    """Base of the server's enums.  Members are strings, so they compare equal to the raw values, and print as
    their value; a value the library does not know arrives as a plain ``str`` instead of raising."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
