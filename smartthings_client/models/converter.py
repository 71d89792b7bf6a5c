"""The only module that knows what SmartThings JSON looks like.

Models are attrs classes with snake_case names.  Hooks registered here, once at import, translate them to and from
the camelCase wire format, keep unknown keys (the API keeps adding fields) in ``Model.extra``, turn unknown enum
values into plain strings instead of errors, and parse timestamps into timezone-aware datetimes.

cattrs generates one structuring function per class on first use and caches it, so decoding costs no reflection
per response.
"""

from __future__ import annotations

import enum
import logging
import re
import sys
import types
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from functools import cache
from operator import itemgetter
from typing import Any, TypeVar, Union, cast, get_args, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from ._base import NO_EXTRA, LazyModel, Model

T = TypeVar("T")

_log = logging.getLogger("smartthings_client")

__all__ = [
    "WIRE",
    "converter",
    "decoder",
    "encode",
    "parse_datetime",
    "register_json_keeping",
    "register_tagged_union",
    "wire_name",
]

# detailed_validation=False: generated code without per-field try/except; errors are wrapped once by the
# transport into ResponseDecodeError.
converter = cattrs.Converter(detailed_validation=False, forbid_extra_keys=False)

# Keys that are not the plain camelCase of their Python name.
_WIRE_EXCEPTIONS = {"ble_d2d": "bleD2D", "links": "_links", "ir_ocf": "irOCF", "ip_address": "ipAddress"}


#: Field metadata key for a field whose wire name is not the camelCase of its Python name and is not one of the
#: global exceptions: ``attrs.field(metadata={WIRE: "oAuthClientId"})``.
WIRE = "smartthings_wire_name"


def _field_wire_name(field: attrs.Attribute[Any]) -> str:
    wire: str | None = field.metadata.get(WIRE)
    return wire or wire_name(field.name)


def wire_name(name: str) -> str:
    """``device_id`` -> ``deviceId``; a handful of keys are spelled otherwise on the wire."""
    special = _WIRE_EXCEPTIONS.get(name)
    if special is not None:
        return special
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


# --- scalars -------------------------------------------------------------------------------------------------

_FRACTION = re.compile(r"\.(\d+)")
# History times end in "+0000"; Python 3.10's fromisoformat only reads "+00:00".
_COMPACT_OFFSET = re.compile(r"([+-]\d{2})(\d{2})$")


# Timestamps repeat: a device status carries ~100, mostly a few distinct ones, and the same device's next
# status carries the same again.  datetimes are immutable, so parsed text is kept (a bounded cache, cleared when
# full).
_PARSED: dict[str, datetime] = {}
_PARSED_MAX = 4096

# Python 3.11+ reads "Z", compact offsets and any number of fractional digits itself.
_FROMISOFORMAT_READS_Z = sys.version_info >= (3, 11)


def parse_datetime(value: Any) -> datetime:
    """ISO-8601 text (``Z`` or offset; naive means UTC) or epoch milliseconds, as an aware datetime."""
    if value.__class__ is str:
        parsed = _PARSED.get(value)
        if parsed is None:
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.clear()
            parsed = _PARSED[value] = _parse_datetime(value)
        return parsed
    return _parse_datetime(value)


def _parse_datetime(value: Any) -> datetime:
    if _FROMISOFORMAT_READS_Z and value.__class__ is str:
        try:  # the common case
            parsed = datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / 1000.0, tz=timezone.utc)
    if not isinstance(value, str):
        raise TypeError(f"expected a timestamp, got {type(value).__name__}")
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else _COMPACT_OFFSET.sub(r"\1:\2", value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        # Python 3.10 only reads 3 or 6 fractional digits; SmartThings sometimes sends other counts.
        parsed = datetime.fromisoformat(_FRACTION.sub(lambda m: "." + m.group(1)[:6].ljust(6, "0"), text, 1))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)


def _structure_datetime(value: Any, _: Any) -> datetime:
    return parse_datetime(value)


def _structure_bool(value: Any, _: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        # Seen in the wild: "true," (a stray comma in a core-sdk sample) - read the word, not the punctuation.
        return value.strip().lower().startswith("true")
    return bool(value)


def _passthrough(value: Any, _: Any) -> Any:
    return value


def _structure_json_object(value: Any, _: Any) -> Any:
    if value is None or isinstance(value, Mapping):
        return value
    raise TypeError(f"expected a JSON object, got {type(value).__name__}")


converter.register_structure_hook(datetime, _structure_datetime)
converter.register_unstructure_hook(datetime, lambda d: d.isoformat().replace("+00:00", "Z"))
converter.register_structure_hook(bool, _structure_bool)
converter.register_structure_hook_func(lambda t: t is Any, _passthrough)


# `Mapping[str, Any]` fields hold JSON objects we do not model: keep them as parsed, without copying.
def _is_json_object_type(type_: Any) -> bool:
    return get_origin(type_) in (Mapping, dict) and get_args(type_) == (str, Any)


converter.register_structure_hook_func(_is_json_object_type, _structure_json_object)


# `Mapping[str, Model]` (a device status is three of them nested): one dict comprehension calling the value's
# hook directly; cattrs' generic mapping code checks and converts every key as well.
def _is_typed_mapping(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) in (Mapping, dict) and len(args) == 2 and args[0] is str and args[1] is not Any


def _make_mapping_hook(type_: Any) -> Callable[[Any, Any], dict[str, Any]]:
    value_type = get_args(type_)[1]
    value_hook = converter.get_structure_hook(value_type)

    def structure_mapping(value: Any, _: Any) -> dict[str, Any]:
        if value.__class__ is not dict and not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object, got {type(value).__name__}")
        return {key: value_hook(item, value_type) for key, item in value.items()}

    return structure_mapping


converter.register_structure_hook_factory(_is_typed_mapping, _make_mapping_hook)


# --- open enums: `SomeEnum | str` keeps known values as members and unknown ones as plain strings ------------


def _enum_of_open_union(type_: Any) -> type[enum.Enum] | None:
    if get_origin(type_) not in (Union, types.UnionType):
        return None
    args = [a for a in get_args(type_) if a is not type(None)]
    if len(args) == 2 and str in args:
        other = args[0] if args[1] is str else args[1]
        if isinstance(other, type) and issubclass(other, enum.Enum):
            return other
    return None


def _make_open_enum_hook(type_: Any) -> Callable[[Any, Any], Any]:
    enum_cls = _enum_of_open_union(type_)
    assert enum_cls is not None
    members = {member.value: member for member in enum_cls}
    allows_none = type(None) in get_args(type_)

    def structure_open_enum(value: Any, _: Any) -> Any:
        if value is None and allows_none:
            return None
        member = members.get(value)
        if member is not None:
            return member
        if isinstance(value, str):
            return value
        raise TypeError(f"expected a string for {enum_cls.__name__}, got {type(value).__name__}")

    return structure_open_enum


converter.register_structure_hook_factory(lambda t: _enum_of_open_union(t) is not None, _make_open_enum_hook)


# --- sequences: JSON null where a list is expected means empty ----------------------------------------------


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _make_tuple_hook(type_: Any) -> Callable[[Any, Any], tuple[Any, ...]]:
    element = get_args(type_)[0]
    if element in (str, Any):

        def structure_plain_tuple(value: Any, _: Any) -> tuple[Any, ...]:
            return () if value is None else tuple(value)

        return structure_plain_tuple
    element_hook = converter.get_structure_hook(element)
    interned = getattr(element_hook, "interned", None)
    if interned is not None:
        return _interned_tuple_hook(element, element_hook, *interned)

    def structure_tuple(value: Any, _: Any) -> tuple[Any, ...]:
        if value.__class__ is list:  # what JSON gives; checked first because isinstance on ABCs is slow
            return tuple([element_hook(item, element) for item in value])
        if value is None:
            return ()
        if isinstance(value, (str, bytes, Mapping)):
            raise TypeError(f"expected a JSON array, got {type(value).__name__}")
        return tuple([element_hook(item, element) for item in value])

    return structure_tuple


def _interned_tuple_hook(
    element: Any, element_hook: Any, cache: dict[Any, Any], keys: tuple[str, ...]
) -> Callable[[Any, Any], tuple[Any, ...]]:
    """Lists of interned objects (a device's capability references): look each one up without a call."""
    key_of = itemgetter(*keys) if len(keys) > 1 else (lambda item: (item[keys[0]],))
    size = len(keys)

    def structure_interned_tuple(value: Any, _: Any) -> tuple[Any, ...]:
        if value.__class__ is not list:
            if value is None:
                return ()
            if isinstance(value, (str, bytes, Mapping)):
                raise TypeError(f"expected a JSON array, got {type(value).__name__}")
            value = list(value)
        out = []
        for item in value:
            # A dict with exactly the known keys has no extras, so the shared instance stands for it.
            if item.__class__ is dict and len(item) == size:
                try:
                    found = cache.get(key_of(item))
                except (KeyError, TypeError):
                    found = None
                if found is not None:
                    out.append(found)
                    continue
            out.append(element_hook(item, element))
        return tuple(out)

    return structure_interned_tuple


converter.register_structure_hook_factory(_is_homogeneous_tuple, _make_tuple_hook)


# --- attrs models: camelCase on the wire, unknown keys kept in `extra` ---------------------------------------


def _renames(cls: type) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name == "extra" and issubclass(cls, Model):
            overrides["extra"] = override(omit=True)
        else:
            overrides[field.name] = override(rename=_field_wire_name(field))
    return overrides


_MISSING = object()
_INTERNED_MAX = 4096


def _field_converter(type_: Any) -> tuple[str, Any]:
    """How to turn one JSON value into a field of ``type_``: (kind, hook).

    Plain JSON types pass through when they already have the right class; anything else goes to the cattrs hook
    registered for the type (nested models, tuples, datetimes, open enums).
    """
    args = [a for a in get_args(type_) if a is not type(None)] if get_origin(type_) in (Union, types.UnionType) else []
    inner = args[0] if len(args) == 1 else type_
    if inner is Any:
        return "any", None
    if inner in (str, int, float):
        return "plain", inner
    if _is_json_object_type(inner):
        return "object", None
    return "hook", converter.get_structure_hook(inner)


def _slot_setter(cls: type, name: str) -> Callable[[Any, Any], None]:
    """The setter of a slotted class's field, bypassing the frozen guard (as attrs' own __init__ does)."""
    for klass in cls.__mro__:
        descriptor = klass.__dict__.get(name)
        if descriptor is not None and hasattr(descriptor, "__set__"):
            setter: Callable[[Any, Any], None] = descriptor.__set__
            return setter
    raise TypeError(f"{cls.__name__}.{name} is not a slot")


def _field_lines(
    index: int, field: Any, kind_hook: tuple[str, Any], namespace: dict[str, Any], got: str | None
) -> list[str]:
    """The generated lines that read field number ``index`` from the JSON object ``o`` into ``v{index}``: a
    required field must be present and not null; null or absent gives the default; plain JSON types pass through
    when they have the right class; anything else goes to its hook.  ``got``: a variable already holding
    ``o.get(key)`` (else the generated function must bind ``g = o.get``).  The one place that says how a field is
    read, for eager and lazy decoding alike."""
    kind, hook = kind_hook
    key = _field_wire_name(field)
    value = f"v{index}"
    namespace[f"h{index}"] = hook
    namespace[f"t{index}"] = field.type
    lines = []
    if field.default is attrs.NOTHING:
        lines.append(f"    {value} = o[{key!r}]")
        lines.append(f"    if {value} is None: raise TypeError('{key} must not be null')")
    else:
        lines.append(f"    {value} = {got}" if got is not None else f"    {value} = g({key!r})")
    if kind == "plain":
        expr = f"{value} if {value}.__class__ is h{index} else h{index}({value})"
    elif kind == "hook":
        expr = f"h{index}({value}, t{index})"
    elif kind == "object":
        expr = f"{value} if {value}.__class__ is dict else h_object({value}, None)"
        namespace["h_object"] = _structure_json_object
    else:
        expr = value
    if field.default is attrs.NOTHING:
        lines.append(f"    {value} = {expr}")
    else:
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            namespace[f"f{index}"] = default.factory
            fallback = f"f{index}()"
        elif default is None:
            fallback = "None"
        else:
            namespace[f"d{index}"] = default
            fallback = f"d{index}"
        # JSON null and an absent key mean the same: the field's default.
        lines.append(f"    {value} = {fallback} if {value} is None else {expr}")
    return lines


def _make_model_structure_hook(cls: type) -> Callable[[Any, Any], Any]:
    """Generate a straight-line structuring function for a model class.

    cattrs' own generated functions build a kwargs dict and test every key twice; on a 40-field Device that cost
    as much as the HTTP round trip, so this emits one ``get`` per field and constructs the instance directly.
    """
    attrs.resolve_types(cls)
    is_model = issubclass(cls, Model)
    fields = [f for f in attrs.fields(cls) if not (is_model and f.name == "extra")]
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_Mapping": Mapping,
        "_known": frozenset(_field_wire_name(f) for f in fields),
    }
    body = [
        "def structure(o, _=None):",
        "    if o.__class__ is not dict and not isinstance(o, _Mapping):",
        f"        raise TypeError('expected a JSON object for {cls.__name__}, got ' + type(o).__name__)",
        "    g = o.get",
    ]
    interned = is_model and getattr(cls, "__intern__", False)
    # Fields holding any JSON value join the key with their class (1, 1.0 and True are equal keys) and are only
    # interned when they are scalars; unmodelled JSON objects only when absent.  Other values are hashed as they
    # come, and an unhashable one (a list where a scalar belongs) skips the cache.
    converters = [_field_converter(f.type) for f in fields]
    any_fields = [i for i, (kind, _) in enumerate(converters) if kind == "any"]
    object_fields = [i for i, (kind, _) in enumerate(converters) if kind == "object"]
    if interned:
        # Small value objects that repeat across a response and across polls (capability references, an
        # attribute's unchanged state) are frozen, so one shared instance per distinct raw value saves most of
        # their decoding.  Only objects without unknown keys are cached, and only dicts without them reuse one.
        namespace["_cache"] = {}
        namespace["_scalars"] = frozenset({str, int, float, bool, type(None)})
        for index, field in enumerate(fields):
            body.append(f"    r{index} = g({_field_wire_name(field)!r})")
        raw_key = [f"r{i}" for i in range(len(fields))] + [f"r{i}.__class__" for i in any_fields]
        cacheable = [f"r{i}.__class__ in _scalars" for i in any_fields] + [f"r{i} is None" for i in object_fields]
        body += [
            f"    raw_key = ({', '.join(raw_key)},)",
            f"    if {' and '.join(cacheable) or 'True'}:",
            "        try:",
            "            cached = _cache.get(raw_key)",
            "        except TypeError:",
            "            cached = raw_key = None",
            "    else:",
            "        cached = raw_key = None",
            "    if cached is not None and o.keys() <= _known:",
            "        return cached",
        ]
    arguments = []
    for index, (field, converter_of_field) in enumerate(zip(fields, converters, strict=True)):
        body += _field_lines(index, field, converter_of_field, namespace, f"r{index}" if interned else None)
        arguments.append(f"{field.name}=v{index}")
    if not is_model:
        body.append(f"    return _cls({', '.join(arguments)})")
    else:
        namespace["_no_extra"] = NO_EXTRA
        body.append("    if o.keys() <= _known:")
        body.append("        extra = _no_extra")
        body.append("    else:")
        body.append("        extra = {k: o[k] for k in o.keys() - _known}")
        # Build the instance without attrs' __init__: one slot store per field is cheaper than matching dozens
        # of keyword arguments, and this generated code is the only caller.
        namespace["_new"] = object.__new__
        namespace["_extra_slot"] = _slot_setter(cls, "extra")
        body.append("    obj = _new(_cls)")
        for index, field in enumerate(fields):
            namespace[f"s{index}"] = _slot_setter(cls, field.name)
            body.append(f"    s{index}(obj, v{index})")
        body.append("    _extra_slot(obj, extra)")
        if interned:
            body.append("    if raw_key is not None and extra is _no_extra:")
            body.append(f"        if len(_cache) >= {_INTERNED_MAX}:")
            body.append("            _cache.clear()")
            body.append("        _cache[raw_key] = obj")
        body.append("    return obj")
    exec("\n".join(body), namespace)  # noqa: S102 - code generated from our own class definitions
    structure: Callable[[Any, Any], Any] = namespace["structure"]
    if interned and not any_fields and not object_fields:  # the key is the raw values: lists look them up inline
        structure.interned = (namespace["_cache"], tuple(_field_wire_name(f) for f in fields))  # type: ignore[attr-defined]
    return structure


def _make_model_unstructure_hook(cls: type) -> Callable[[Any], dict[str, Any]]:
    generated: Callable[[Any], dict[str, Any]] = make_dict_unstructure_fn(cls, converter, **_renames(cls))
    has_extra = issubclass(cls, Model)

    def unstructure_model(obj: Any) -> dict[str, Any]:
        # SmartThings treats null and absent differently on some writes; absent is what we mean by None.
        data = {key: value for key, value in generated(obj).items() if value is not None}
        if has_extra and obj.extra:
            return {**obj.extra, **data}
        return data

    return unstructure_model


converter.register_structure_hook_factory(attrs.has, _make_model_structure_hook)
converter.register_unstructure_hook_factory(attrs.has, _make_model_unstructure_hook)


# --- lazily decoded models: the items of large answers (device lists, history pages) ----------------------------


def _is_lazy_model(type_: Any) -> bool:
    return isinstance(type_, type) and issubclass(type_, LazyModel) and attrs.has(type_)


def _default_of(field: Any) -> Callable[[], Any]:
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        factory: Callable[[], Any] = default.factory
        return factory
    return lambda: default


def _lazy_reader(
    cls: type, index: int, field: attrs.Attribute[Any], kind_hook: tuple[str, Any]
) -> Callable[[Mapping[str, Any]], Any]:
    """The function that reads an optional field of ``cls`` from its JSON when it is first read (generated by
    :func:`_field_lines`, as the eager hook reads it); a value that does not decode gives the field's default."""
    namespace: dict[str, Any] = {}
    lines = _field_lines(index, field, kind_hook, namespace, None)
    body = ["def read(o):", "    g = o.get", *lines, f"    return v{index}"]
    exec("\n".join(body), namespace)  # noqa: S102 - code generated from our own class definitions
    read: Callable[[Mapping[str, Any]], Any] = namespace["read"]
    default = _default_of(field)
    where = f"{cls.__name__}.{field.name}"

    def tolerant(o: Mapping[str, Any]) -> Any:
        try:
            return read(o)
        except Exception as exc:  # any decoder failure: the field reads as its default
            _log.debug("%s does not decode (%s): reading it as its default", where, type(exc).__name__)
            return default()

    return tolerant


class _Readers(dict[str, Callable[[Mapping[str, Any]], Any]]):
    """A lazy class's field readers, each made the first time its field is read: the hooks of nested types (a
    device's components, profile, app...) are not built before anyone reads them (a script's first call pays no
    more than it did)."""

    def __init__(
        self,
        cls: type,
        optional: Mapping[str, tuple[int, attrs.Attribute[Any]]],
        extra: Callable[[Mapping[str, Any]], Any],
    ) -> None:
        super().__init__(extra=extra)
        self._cls = cls
        self._optional = optional

    def get(self, name: str, default: Any = None) -> Any:
        reader = super().get(name)
        if reader is None:
            found = self._optional.get(name)
            if found is None:
                return default
            index, field = found
            # Two threads may make the same reader: both are equal, either one is kept.
            reader = self.setdefault(name, _lazy_reader(self._cls, index, field, _field_converter(field.type)))
        return reader


def _make_lazy_structure_hook(cls: type) -> Callable[[Any, Any], Any]:
    """Decode a :class:`LazyModel`: check the object and decode its required fields now; install the readers of
    the others (and of ``extra``) for :meth:`LazyModel.__getattr__`."""
    attrs.resolve_types(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "extra"]
    known = frozenset(_field_wire_name(f) for f in fields)
    required = [(i, f) for i, f in enumerate(fields) if f.default is attrs.NOTHING]
    optional = {field.name: (index, field) for index, field in enumerate(fields) if field.default is not attrs.NOTHING}

    def extra(o: Mapping[str, Any]) -> Mapping[str, Any]:
        return NO_EXTRA if o.keys() <= known else {k: o[k] for k in o.keys() - known}

    cls.__lazy_fields__ = _Readers(cls, optional, extra)  # type: ignore[attr-defined]
    namespace: dict[str, Any] = {
        "_cls": cls,
        "_Mapping": Mapping,
        "_new": object.__new__,
        "_json_slot": _slot_setter(cls, "_json"),
    }
    body = [
        "def structure(o, _=None):",
        "    if o.__class__ is not dict:",
        "        if not isinstance(o, _Mapping):",
        f"            raise TypeError('expected a JSON object for {cls.__name__}, got ' + type(o).__name__)",
        "        o = dict(o)",
        "    g = o.get",
    ]
    for index, field in required:
        body += _field_lines(index, field, _field_converter(field.type), namespace, None)
    body.append("    obj = _new(_cls)")
    for index, field in required:
        namespace[f"s{index}"] = _slot_setter(cls, field.name)
        body.append(f"    s{index}(obj, v{index})")
    body += ["    _json_slot(obj, o)", "    return obj"]
    exec("\n".join(body), namespace)  # noqa: S102 - code generated from our own class definitions
    structure: Callable[[Any, Any], Any] = namespace["structure"]
    return structure


converter.register_structure_hook_factory(_is_lazy_model, _make_lazy_structure_hook)
converter.register_unstructure_hook(enum.Enum, lambda member: member.value)


# --- models that keep the JSON they were decoded from (a device status) -----------------------------------------


def register_json_keeping(
    cls: type, structure: Callable[[Any], Any], as_sent: Callable[[Any], dict[str, Any] | None]
) -> None:
    """Decode ``cls`` with ``structure`` (a model that keeps its JSON and decodes parts of it when they are read)
    and encode it with ``as_sent``, which gives the JSON it keeps, or ``None`` for an object built by hand (then
    encoded field by field, as every model is)."""

    def structure_hook(o: Any, _: Any = None) -> Any:
        return structure(o)

    by_fields = _make_model_unstructure_hook(cls)

    def unstructure_hook(obj: Any) -> dict[str, Any]:
        kept = as_sent(obj)
        return by_fields(obj) if kept is None else kept

    converter.register_structure_hook_func(lambda t: t is cls, structure_hook)
    converter.register_unstructure_hook_func(lambda t: t is cls, unstructure_hook)


# --- tagged unions: a base class decoded as the subclass its tag names -----------------------------------------


def register_tagged_union(base: type, tag_field: str, variants: Mapping[str, type], default: type) -> None:
    """Decode ``base`` as ``variants[tag]``, where ``tag`` is the JSON value of the field named ``tag_field``.

    A tag that is missing or not in ``variants`` (a type newer than this library) decodes as ``default``, with
    every key kept (the unknown ones in ``extra``), rather than failing the whole response.  Not cattrs'
    ``configure_tagged_union``: that one works on a ``Union``, not on a base class that users can ``isinstance``
    and that carries the common fields.  Variants and ``default`` must be subclasses of ``base`` (its own hook is
    the dispatcher).
    """
    key = wire_name(tag_field)
    for cls in (*variants.values(), default):
        if cls is base or not issubclass(cls, base):
            raise TypeError(f"{cls.__name__} must be a proper subclass of {base.__name__}")
    # Built on first use: the subclasses' hooks are generated from their resolved annotations.
    hooks: dict[Any, Callable[[Any, Any], Any]] = {}

    def structure_tagged(o: Any, _: Any = None) -> Any:
        if not hooks:
            hooks.update({tag: converter.get_structure_hook(cls) for tag, cls in variants.items()})
            hooks[None] = converter.get_structure_hook(default)
        if not isinstance(o, Mapping):
            raise TypeError(f"expected a JSON object for {base.__name__}, got {type(o).__name__}")
        tag = o.get(key)
        hook = hooks.get(tag) if isinstance(tag, str) else None
        return hook(o, None) if hook is not None else hooks[None](o, None)

    converter.register_structure_hook_func(lambda t: t is base, structure_tagged)


@cache
def decoder(type_: Any) -> Callable[[Any], Any]:
    """A function that turns parsed JSON into ``type_``; built once per type and cached."""
    hook = converter.get_structure_hook(type_)
    if attrs.has(type_):
        # Model hooks generated above take the type as an optional second argument: call them directly.
        return cast("Callable[[Any], Any]", hook)

    def decode(data: Any) -> Any:
        return hook(data, type_)

    return decode


def encode(value: Any) -> Any:
    """A model (or a structure of models) as JSON-ready data, camelCase keys, ``None`` fields left out."""
    return converter.unstructure(value)


def decode_as(type_: type[T]) -> Callable[[Any], T]:
    """Typed front of :func:`decoder` for resources."""
    decode: Callable[[Any], T] = decoder(type_)  # type: ignore[arg-type]
    return decode


# --- keyed unions: an object with exactly one key, which names the variant (the Rules API grammar) ------------


def body_decoder(cls: type) -> Callable[[Any], Any]:
    """How a keyed-union variant's body becomes the variant: its ``from_body`` classmethod, else the model hook."""
    custom = getattr(cls, "from_body", None)
    return custom if custom is not None else decoder(cls)


def body_encoder(cls: type) -> Callable[[Any], Any]:
    """How a keyed-union variant becomes its body: its ``to_body`` method, else the model's own encoding."""
    custom = getattr(cls, "to_body", None)
    return custom if custom is not None else _make_model_unstructure_hook(cls)


def register_keyed_union(base: type, variants: Mapping[str, type], other: type) -> None:
    """Decode ``base`` from ``{key: body}`` as ``variants[key]`` made from ``body``, and encode it back.

    An object that is not exactly one known key, or whose body does not fit its variant (a ``decimal`` holding a
    template placeholder string), decodes as ``other(data=object)``, kept as it came, so that whatever a newer API
    or a hand-written rule contains round-trips unchanged.  A variant may define ``from_body`` (a classmethod)
    and ``to_body`` for bodies that are not plain objects.
    """
    for cls in (*variants.values(), other):
        if cls is base or not issubclass(cls, base):
            raise TypeError(f"{cls.__name__} must be a proper subclass of {base.__name__}")
    keys = {cls: key for key, cls in variants.items()}
    decoders: dict[str, Callable[[Any], Any]] = {}
    encoders: dict[type, Callable[[Any], Any]] = {}

    def structure_keyed(o: Any, _: Any = None) -> Any:
        if not isinstance(o, Mapping):
            raise TypeError(f"expected a JSON object for {base.__name__}, got {type(o).__name__}")
        if len(o) == 1:
            ((key, body),) = o.items()
            cls = variants.get(key)
            if cls is not None:
                decode = decoders.get(key)
                if decode is None:
                    decode = decoders[key] = body_decoder(cls)
                try:
                    return decode(body)
                except (TypeError, ValueError, KeyError):
                    pass  # kept whole below
        return other(data=o)

    def unstructure_keyed(obj: Any) -> Any:
        cls = obj.__class__
        if cls is other:
            return dict(obj.data)
        encode_body = encoders.get(cls)
        if encode_body is None:
            encode_body = encoders[cls] = body_encoder(cls)
        return {keys[cls]: encode_body(obj)}

    def is_member(t: Any) -> bool:
        return isinstance(t, type) and issubclass(t, base)

    converter.register_structure_hook_func(lambda t: t is base, structure_keyed)
    # Fields are declared as the base: encode by the object's own class, whatever the declared type.
    converter.register_unstructure_hook_func(is_member, unstructure_keyed)
