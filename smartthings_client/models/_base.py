"""The base of every response model."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

# Most objects have no unknown keys: they share one read-only empty mapping instead of a dict each.
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


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
