"""Rules (``st.rules``): the rule body typed enough to build common rules, and lossless for the rest.

The Rules API writes every union as a JSON object with exactly one key naming its kind: an action is
``{"if": ...}``, ``{"command": ...}``, ``{"sleep": ...}``, ``{"every": ...}`` or ``{"location": ...}``; a condition
``{"equals": {left, right}}``, ``{"and": [...]}`` ...; an operand ``{"integer": 5}``, ``{"device": {...}}`` ...
The kinds modelled here decode to their classes below.  Anything else (``remains``, ``time`` operands, a kind
newer than this library, a body that does not fit its kind such as a ``decimal`` holding a template placeholder)
decodes as :class:`OtherAction`, :class:`OtherCondition` or :class:`OtherOperand`, which keep the object exactly
as it came, so a rule read from SmartThings (or from a JSON file) is written back unchanged.

Build a rule in Python::

    Rule(name="Lights on when the door opens", actions=(
        IfAction(
            condition=Equals(left=DeviceOperand(devices=(door,), capability="contactSensor", attribute="contact"),
                             right=StringOperand(value="open")),
            then=(CommandAction.single(light, "switch", "on"),),
        ),
    ))
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import attrs

from ._base import ApiEnum, Model
from .converter import converter, decoder, encode, register_keyed_union

__all__ = [
    "Action",
    "ActionResult",
    "And",
    "Between",
    "BooleanOperand",
    "CommandAction",
    "CommandActionResult",
    "CommandExecutionResult",
    "Comparison",
    "Condition",
    "DecimalOperand",
    "DeviceOperand",
    "Equals",
    "EveryAction",
    "ExecutionResult",
    "GreaterThan",
    "GreaterThanOrEquals",
    "IfAction",
    "IfActionResult",
    "IntegerOperand",
    "Interval",
    "IntervalUnit",
    "Junction",
    "LessThan",
    "LessThanOrEquals",
    "LocationAction",
    "LocationActionResult",
    "Not",
    "Operand",
    "Or",
    "OtherAction",
    "OtherCondition",
    "OtherOperand",
    "Rule",
    "RuleCommand",
    "RuleExecution",
    "SleepAction",
    "SleepActionResult",
    "StringOperand",
    "rule_from_json",
    "rule_to_json",
]


class IntervalUnit(ApiEnum):
    SECOND = "Second"
    MINUTE = "Minute"
    HOUR = "Hour"
    DAY = "Day"
    WEEK = "Week"
    MONTH = "Month"
    YEAR = "Year"


class ExecutionResult(ApiEnum):
    """How a rule's execution (or one of its location or sleep actions) ended."""

    SUCCESS = "Success"
    FAILURE = "Failure"
    IGNORED = "Ignored"


class CommandExecutionResult(ApiEnum):
    SUCCESS = "Success"
    FAILURE = "Failure"
    OFFLINE = "Offline"


# --- operands ----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Operand(Model):
    """A value in a condition or a command argument: ``{"integer": 5}``, ``{"device": {...}}`` ..."""


def _scalar(kind: str, accepts: tuple[type, ...]) -> Any:
    """``from_body``/``to_body`` of an operand whose body is a bare JSON value of one of ``accepts``."""

    def from_body(cls: type, body: Any) -> Any:
        # bool is an int in Python but not an integer operand on the wire.
        if not isinstance(body, accepts) or (isinstance(body, bool) and bool not in accepts):
            raise TypeError(f"{kind} operand holds {type(body).__name__}")
        return cls(value=body)

    return classmethod(from_body)


def _value_body(operand: Any) -> Any:
    return operand.value


@attrs.frozen(kw_only=True)
class BooleanOperand(Operand):
    value: bool
    from_body = _scalar("boolean", (bool,))
    to_body = _value_body


@attrs.frozen(kw_only=True)
class IntegerOperand(Operand):
    value: int
    from_body = _scalar("integer", (int,))
    to_body = _value_body


@attrs.frozen(kw_only=True)
class DecimalOperand(Operand):
    value: float
    from_body = _scalar("decimal", (int, float))
    to_body = _value_body


@attrs.frozen(kw_only=True)
class StringOperand(Operand):
    value: str
    from_body = _scalar("string", (str,))
    to_body = _value_body


@attrs.frozen(kw_only=True)
class DeviceOperand(Operand):
    """An attribute of one or more devices.  In an ``if`` condition it is what triggers the rule: the rule runs
    when one of the devices reports an event for the attribute (``trigger="Never"`` reads without triggering)."""

    devices: tuple[str, ...]
    capability: str
    attribute: str
    component: str = "main"
    path: str | None = None
    aggregation: str | None = None
    trigger: str | None = None


@attrs.frozen(kw_only=True)
class OtherOperand(Operand):
    """An operand kind this library does not model (``time``, ``map``, ``location`` ...), kept whole."""

    data: Mapping[str, Any]

    @property
    def kind(self) -> str | None:
        """The operand's kind (its key), if it has exactly one."""
        return next(iter(self.data)) if len(self.data) == 1 else None


@attrs.frozen(kw_only=True)
class Interval(Model):
    """A duration: ``Interval(value=IntegerOperand(value=5), unit=IntervalUnit.MINUTE)``, or ``Interval.of(5,
    "Minute")``."""

    value: Operand
    unit: IntervalUnit | str

    @classmethod
    def of(cls, amount: int, unit: IntervalUnit | str) -> Interval:
        return cls(value=IntegerOperand(value=amount), unit=unit)


# --- conditions --------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Condition(Model):
    """A test: ``{"equals": {left, right}}``, ``{"and": [...]}`` ..."""


@attrs.frozen(kw_only=True)
class Comparison(Condition):
    """``left <op> right``; with several devices in an operand, ``aggregation`` (``Any``/``All``) says how many
    must match."""

    left: Operand
    right: Operand
    aggregation: str | None = None


@attrs.frozen(kw_only=True)
class Equals(Comparison):
    """``left == right`` (strings, numbers, booleans)."""


@attrs.frozen(kw_only=True)
class GreaterThan(Comparison):
    """``left > right``."""


@attrs.frozen(kw_only=True)
class GreaterThanOrEquals(Comparison):
    """``left >= right``."""


@attrs.frozen(kw_only=True)
class LessThan(Comparison):
    """``left < right``."""


@attrs.frozen(kw_only=True)
class LessThanOrEquals(Comparison):
    """``left <= right``."""


@attrs.frozen(kw_only=True)
class Between(Condition):
    value: Operand
    start: Operand
    end: Operand
    aggregation: str | None = None


J = TypeVar("J", bound="Junction")


@attrs.frozen(kw_only=True)
class Junction(Condition):
    """Conditions combined: on the wire ``{"and": [...]}`` or ``{"or": [...]}``."""

    conditions: tuple[Condition, ...]

    @classmethod
    def from_body(cls: type[J], body: Any) -> J:
        if not isinstance(body, list):
            raise TypeError("expected a list of conditions")
        return cls(conditions=tuple(_decode_condition(item) for item in body))

    def to_body(self) -> Any:
        return [encode(item) for item in self.conditions]


@attrs.frozen(kw_only=True)
class And(Junction):
    """Every condition holds."""


@attrs.frozen(kw_only=True)
class Or(Junction):
    """At least one condition holds."""


@attrs.frozen(kw_only=True)
class Not(Condition):
    condition: Condition

    @classmethod
    def from_body(cls, body: Any) -> Not:
        return cls(condition=_decode_condition(body))

    def to_body(self) -> Any:
        return encode(self.condition)


@attrs.frozen(kw_only=True)
class OtherCondition(Condition):
    """A condition this library does not model (``changes``, ``remains``, ``was``, newer kinds), kept whole."""

    data: Mapping[str, Any]


# --- actions -----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Action(Model):
    """One step of a rule: ``{"if": ...}``, ``{"command": ...}``, ``{"sleep": ...}`` ..."""


@attrs.frozen(kw_only=True)
class RuleCommand(Model):
    """A device command inside a rule.  Arguments are operands (``IntegerOperand(value=50)``), not bare JSON;
    ``None`` sends no ``arguments`` key."""

    capability: str
    command: str
    component: str = "main"
    arguments: tuple[Operand, ...] | None = None


@attrs.frozen(kw_only=True)
class CommandAction(Action):
    devices: tuple[str, ...]
    commands: tuple[RuleCommand, ...]
    sequence: Mapping[str, Any] | None = None

    @classmethod
    def single(
        cls, device_id: str, capability: str, command: str, *arguments: Operand, component: str = "main"
    ) -> CommandAction:
        """One command to one device: ``CommandAction.single(light, "switch", "on")``."""
        item = RuleCommand(capability=capability, command=command, component=component, arguments=arguments)
        return cls(devices=(device_id,), commands=(item,))


@attrs.frozen(kw_only=True)
class SleepAction(Action):
    duration: Interval


@attrs.frozen(kw_only=True)
class LocationAction(Action):
    """Set the location's mode; ``location_id`` is needed only for a user-level (not location-level) rule."""

    mode: str | None = None
    location_id: str | None = None


@attrs.frozen(kw_only=True)
class EveryAction(Action):
    """Run ``actions`` every ``interval``, or at a ``specific`` time of day (kept as given: ``{"reference":
    "Sunset", "offset": ...}``)."""

    actions: tuple[Action, ...]
    interval: Interval | None = None
    specific: Mapping[str, Any] | None = None
    sequence: Mapping[str, Any] | None = None


_IF_OWN = ("then", "else", "sequence")


@attrs.frozen(kw_only=True)
class IfAction(Action):
    """``if condition then ... else ...``.  On the wire the condition's key sits inside the ``if`` object next to
    ``then`` and ``else``; SmartThings answers add empty ``and``/``or`` lists there, which are kept in ``extra``."""

    condition: Condition
    then: tuple[Action, ...] | None = None
    else_: tuple[Action, ...] | None = None
    sequence: Mapping[str, Any] | None = None

    @classmethod
    def from_body(cls, body: Any) -> IfAction:
        if not isinstance(body, Mapping):
            raise TypeError("if must be an object")
        rest = {key: value for key, value in body.items() if key not in _IF_OWN}
        known = [key for key in rest if key in _CONDITIONS or key in _UNTYPED_CONDITIONS]
        # The condition is the one condition key with content; empty siblings ride along in extra.
        filled = [key for key in known if rest[key] not in ([], {}, None)] or known[:1]
        condition: Condition
        if len(filled) == 1:
            condition = _decode_condition({filled[0]: rest.pop(filled[0])})
        else:  # several conditions side by side, or only kinds this library does not know
            condition = OtherCondition(data={key: rest.pop(key) for key in (known or list(rest))})
        sequence = body.get("sequence")
        if sequence is not None and not isinstance(sequence, Mapping):
            raise TypeError("sequence must be an object")
        return cls(
            condition=condition,
            then=_actions_or_none(body.get("then")),
            else_=_actions_or_none(body.get("else")),
            sequence=sequence,
            extra=rest,
        )

    def to_body(self) -> dict[str, Any]:
        condition = encode(self.condition)
        body: dict[str, Any] = {**self.extra, **condition}
        for key, value in (("then", self.then), ("else", self.else_)):
            if value is not None:
                body[key] = [encode(action) for action in value]
        if self.sequence is not None:
            body["sequence"] = dict(self.sequence)
        return body


@attrs.frozen(kw_only=True)
class OtherAction(Action):
    """An action this library does not model, kept whole."""

    data: Mapping[str, Any]


# --- rules and executions ---------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Rule(Model):
    """A rule.  ``id``, ``owner_*``, dates, ``status`` and ``creator`` come from SmartThings; ``create`` and
    ``update`` send only ``name``, ``actions``, ``sequence``, ``time_zone_id`` (and unknown keys)."""

    name: str
    actions: tuple[Action, ...]
    id: str | None = None
    sequence: Mapping[str, Any] | None = None
    time_zone_id: str | None = None
    owner_type: str | None = None
    owner_id: str | None = None
    date_created: datetime | None = None
    date_updated: datetime | None = None
    status: str | None = None
    execution_location: str | None = None
    creator: str | None = None


@attrs.frozen(kw_only=True)
class IfActionResult(Model):
    result: str  # "True" or "False"


@attrs.frozen(kw_only=True)
class LocationActionResult(Model):
    result: ExecutionResult | str
    location_id: str | None = None


@attrs.frozen(kw_only=True)
class CommandActionResult(Model):
    result: CommandExecutionResult | str
    device_id: str | None = None


@attrs.frozen(kw_only=True)
class SleepActionResult(Model):
    result: ExecutionResult | str


@attrs.frozen(kw_only=True)
class ActionResult(Model):
    """What one action of an executed rule did."""

    action_id: str | None = None
    if_: IfActionResult | None = None
    location: LocationActionResult | None = None
    command: tuple[CommandActionResult, ...] = ()
    sleep: SleepActionResult | None = None


@attrs.frozen(kw_only=True)
class RuleExecution(Model):
    """The answer to ``rules.execute``.  Current API versions send ``execution_id``, ``id`` and per-action
    results; older ones (2022) sent ``behavior_id`` and ``result`` only."""

    result: ExecutionResult | str
    execution_id: str | None = None
    id: str | None = None
    behavior_id: str | None = None
    actions: tuple[ActionResult, ...] = ()

    @property
    def succeeded(self) -> bool:
        return self.result == ExecutionResult.SUCCESS


# --- wiring ------------------------------------------------------------------------------------------------

_CONDITIONS: dict[str, type] = {
    "equals": Equals,
    "greaterThan": GreaterThan,
    "greaterThanOrEquals": GreaterThanOrEquals,
    "lessThan": LessThan,
    "lessThanOrEquals": LessThanOrEquals,
    "between": Between,
    "and": And,
    "or": Or,
    "not": Not,
}
# Stateful conditions are not typed, but their keys are condition keys inside an ``if`` all the same.
_UNTYPED_CONDITIONS = frozenset({"changes", "remains", "was"})

register_keyed_union(
    Operand,
    {
        "boolean": BooleanOperand,
        "integer": IntegerOperand,
        "decimal": DecimalOperand,
        "string": StringOperand,
        "device": DeviceOperand,
    },
    OtherOperand,
)
register_keyed_union(Condition, _CONDITIONS, OtherCondition)
register_keyed_union(
    Action,
    {
        "if": IfAction,
        "command": CommandAction,
        "sleep": SleepAction,
        "every": EveryAction,
        "location": LocationAction,
    },
    OtherAction,
)

_decode_condition = decoder(Condition)
_decode_actions = decoder(tuple[Action, ...])


def _actions_or_none(value: Any) -> tuple[Action, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise TypeError("expected a list of actions")
    result: tuple[Action, ...] = _decode_actions(value)
    return result


_decode_rule = decoder(Rule)


def rule_from_json(data: Mapping[str, Any]) -> Rule:
    """A rule from its JSON (a file of the Rules API samples, a body written by hand)."""
    rule: Rule = _decode_rule(data)
    return rule


def rule_to_json(rule: Rule) -> dict[str, Any]:
    """The rule's JSON, as SmartThings writes it (lists, camelCase keys, unknown kinds unchanged)."""
    data: dict[str, Any] = converter.unstructure(rule)
    return data
