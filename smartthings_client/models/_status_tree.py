"""A device status's components as SmartThings sent them, decoded into attribute states only where they are read.

A 62 KB status holds a few hundred attribute states, and a caller typically reads three.  ``StatusTree`` keeps
the parsed JSON (:func:`check_components` checks its shape when the answer is decoded: objects down to each
capability's attributes) and builds a component's ``{capability: {attribute: AttributeState}}`` on first
access, as plain dicts of the same states an eager decode gives.  ``DeviceStatus.read``/``value`` look values up
in the JSON itself and build nothing.  An attribute whose entry is not an object (never seen from SmartThings)
reads as absent, and is left out of its built component.

``models.devices`` registers DeviceStatus's hooks with the converter (``register_json_keeping``) and installs
the state decoder below; this module imports neither, so there is no import circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

if TYPE_CHECKING:
    from .devices import AttributeState

__all__ = ["StatusTree", "check_components"]

_NOTHING: dict[str, Any] = {}


def _state(raw: Mapping[str, Any]) -> AttributeState:
    """One attribute's state; a field that does not decode (an unreadable timestamp, ``data`` that is not an
    object) is kept as sent in ``extra`` instead of failing the read: the shape was checked at decode time, the
    fields of states nobody reads are never looked at."""
    decode = StatusTree.decode_state
    try:
        return decode(raw)
    except (TypeError, ValueError, KeyError, OverflowError):
        pass
    kept: dict[str, Any] = {"value": raw.get("value")}
    unreadable: dict[str, Any] = {}
    for key, item in raw.items():
        if key == "value":
            continue
        try:
            decode({key: item})
        except (TypeError, ValueError, KeyError, OverflowError):
            unreadable[key] = item
        else:
            kept[key] = item
    state = decode(kept)
    return attrs.evolve(state, extra={**state.extra, **unreadable})


def check_components(raw: Any) -> dict[str, Any]:
    """The ``components`` object of a status answer, checked to be objects down to each capability's attributes
    (what an eager decode would have refused), as plain dicts.  Raises ``TypeError`` naming the first misfit.

    The states themselves are not looked at here: a status has a few hundred, and checking each costs more than
    decoding the three a caller reads.  A state that is not an object reads as absent (:func:`_is_state`).
    """
    if raw.__class__ is not dict:
        if not isinstance(raw, Mapping):
            raise TypeError(f"expected a JSON object for components, got {type(raw).__name__}")
        raw = dict(raw)
    for capabilities in raw.values():
        if capabilities.__class__ is not dict:
            return _copied(raw)
        for attributes in capabilities.values():
            if attributes.__class__ is not dict:
                return _copied(raw)
    checked: dict[str, Any] = raw
    return checked


def _copied(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The slow path of :func:`check_components`: other mappings become dicts (states too); anything else where
    an object belongs is refused."""

    def objects(value: Any, what: str) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise TypeError(f"expected a JSON object for {what}, got {type(value).__name__}")
        return dict(value)

    tree: dict[str, Any] = {}
    for component, capabilities in raw.items():
        level: dict[str, Any] = {}
        for capability, attributes in objects(capabilities, f"component {component!r}").items():
            where = f"{component}/{capability}"
            level[capability] = {
                name: dict(state) if isinstance(state, Mapping) else state
                for name, state in objects(attributes, f"capability {where}").items()
            }
        tree[component] = level
    return tree


def _is_state(state: Any) -> bool:
    """Whether an attribute's entry is a state (an object); anything else is treated as if it were absent."""
    return state.__class__ is dict


class StatusTree(Mapping[str, "Mapping[str, Mapping[str, AttributeState]]"]):
    """``DeviceStatus.components`` of a decoded answer: a read-only mapping, component -> capability ->
    attribute -> :class:`AttributeState`, equal to (and printed as) the dicts an eager decode builds."""

    __slots__ = ("_built", "_raw")

    # Installed by the converter, which creates every tree (and rebuilds pickled ones): this module imports nothing
    # of it, so models and converter form no import circle.
    decode_state: ClassVar[Callable[[Any], AttributeState]]
    restore: ClassVar[Callable[[dict[str, Any]], StatusTree]]

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw  # checked by check_components
        self._built: dict[str, dict[str, dict[str, AttributeState]]] = {}

    @property
    def raw(self) -> dict[str, Any]:
        """The JSON as SmartThings sent it (not to be changed: the status is frozen)."""
        return self._raw

    def __getitem__(self, component: str) -> dict[str, dict[str, AttributeState]]:
        built = self._built.get(component)
        if built is None:
            capabilities = self._raw[component]
            built = {
                capability: {name: _state(state) for name, state in attributes.items() if _is_state(state)}
                for capability, attributes in capabilities.items()
            }
            # Two threads may build the same component: both results are equal, either one is kept.
            built = self._built.setdefault(component, built)
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __contains__(self, component: object) -> bool:
        return component in self._raw

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StatusTree) and other._raw == self._raw:
            return True  # the same JSON decodes the same (the other way round, equal states may differ in JSON)
        return super().__eq__(other)

    __hash__ = None  # type: ignore[assignment]  # as a dict: the status is not hashable either way

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (StatusTree.restore, (self._raw,))

    def raw_state(self, component: str, capability: str, attribute: str) -> dict[str, Any] | None:
        """An attribute's state as sent, or ``None`` when the device does not report it."""
        state = self._raw.get(component, _NOTHING).get(capability, _NOTHING).get(attribute)
        return state if _is_state(state) else None

    def value(self, component: str, capability: str, attribute: str) -> Any:
        """An attribute's value as sent (``None`` when absent or null), read without building anything."""
        state = self._raw.get(component, _NOTHING).get(capability, _NOTHING).get(attribute)
        return state.get("value") if _is_state(state) else None

    def state(self, component: str, capability: str, attribute: str) -> AttributeState | None:
        """One attribute's state, built alone unless its component already was."""
        built = self._built.get(component)
        if built is not None:
            return built.get(capability, _NOTHING).get(attribute)
        raw = self.raw_state(component, capability, attribute)
        return None if raw is None else _state(raw)

    def capabilities(self, component: str) -> list[str]:
        """The capability ids a component reports."""
        return list(self._raw.get(component, _NOTHING))
