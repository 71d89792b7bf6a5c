"""The base of every response model."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

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


class LazyModel(Model):
    """A model of the large answers' items (devices of a list, events of a history page) that keeps the JSON it
    was decoded from and decodes each field the first time it is read.

    Decoding checks that the item is an object and decodes its required fields; the others stay in the JSON until
    read, then live in their slots like any model's.  Equality, hashing, ``repr``, pickling and ``encode()`` read
    every field, so a lazily decoded object is indistinguishable from one decoded eagerly (or built by hand).  A
    field whose value does not decode reads as its default instead of failing later.

    The JSON is kept as given, not copied: decode answers parsed for the purpose (as the client does), not a dict
    that is changed afterwards.  Not an attrs class itself: it adds the ``_json`` slot to its attrs subclasses,
    and ``__getattr__``, which Python calls only for a slot not yet filled.
    """

    __slots__ = ("_json",)

    # Set by the converter for each lazy class: field name -> the function that reads it from the JSON.
    __lazy_fields__: ClassVar[Mapping[str, Callable[[Mapping[str, Any]], Any]]] = {}

    if not TYPE_CHECKING:  # hidden from type checkers, which would otherwise accept any attribute name

        def __getattr__(self, name: str) -> Any:
            try:
                raw = object.__getattribute__(self, "_json")
            except AttributeError:  # built by hand or unpickled: every slot is filled, this one does not exist
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}") from None
            read = type(self).__lazy_fields__.get(name)
            if read is None:
                raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
            value = read(raw)
            object.__setattr__(self, name, value)  # the slot, past the frozen guard (as attrs' own __init__ does)
            return value


class ApiEnum(str, enum.Enum):
    """Base of the server's enums.  Members are strings, so they compare equal to the raw values, and print as
    their value; a value the library does not know arrives as a plain ``str`` instead of raising."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self.value), spec)
