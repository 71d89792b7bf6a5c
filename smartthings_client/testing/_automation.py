"""What scenes and rules do when they run: device commands through the command table, and the part of the Rules
grammar the emulator evaluates.

Evaluated: ``command`` actions (each command on each device, through :mod:`._commands`, so state changes go
through ``State.set_attribute`` and reach history and subscriptions), ``location`` actions (the mode changes),
``if`` actions whose condition is made of ``equals``/``greaterThan``/``greaterThanOrEquals``/``lessThan``/
``lessThanOrEquals``/``between`` on ``device``, ``string``, ``integer``, ``decimal`` and ``boolean`` operands
(``aggregation: All`` needs every device to match, otherwise any), combined with ``and``/``or``/``not``;
``every`` actions run their actions once (executing a rule runs it now).  ``sleep`` does not wait.  A condition
the emulator cannot evaluate (time, date and location operands, ``changes``/``remains``/``was``) counts as
false, so its ``else`` branch runs.  Rules do not trigger by themselves on device events: ``execute`` runs them.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from ._commands import CommandCall, apply
from ._errors import ApiError, JsonDict
from ._state import State, new_id


def run_device_command(state: State, device_id: str, command: JsonDict) -> str:
    """Run one command on one device the way ``POST /devices/{id}/commands`` would; return the rules-style result:
    ``Success``, ``Offline`` (the device keeps its state) or ``Failure`` (no such device, capability or valid
    arguments)."""
    record = state.devices.get(device_id)
    component = str(command.get("component") or "main")
    capability = command.get("capability")
    arguments = command.get("arguments") or []
    if record is None or capability not in (record.capabilities(component) or []) or not isinstance(arguments, list):
        return "Failure"
    if record.health is not None and record.health.get("state") == "OFFLINE":
        return "Offline"
    if record.creator is not None:
        return "Success"  # its SmartApp reports the new state, as for direct commands
    call = CommandCall(state, record, component, str(capability), arguments, 0)
    try:
        call.dry = True
        apply(call, str(command.get("command")))
        call.dry = False
        apply(call, str(command.get("command")))
    except ApiError:
        return "Failure"
    return "Success"


# ----- rules ---------------------------------------------------------------------------------------------

_UNKNOWN = object()

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "equals": operator.eq,
    "greaterThan": operator.gt,
    "greaterThanOrEquals": operator.ge,
    "lessThan": operator.lt,
    "lessThanOrEquals": operator.le,
}


def _values(state: State, operand: Any) -> list[Any] | None:
    """The values an operand stands for (several for a device operand over several devices); None if unknown."""
    if not isinstance(operand, dict) or len(operand) != 1:
        return None
    ((kind, body),) = operand.items()
    if kind in ("string", "integer", "decimal", "boolean"):
        return [body]
    if kind != "device" or not isinstance(body, dict):
        return None
    values = []
    for device_id in body.get("devices") or []:
        record = state.devices.get(str(device_id))
        if record is None:
            continue
        tree = record.status.get("components", {}).get(body.get("component") or "main", {})
        attribute = tree.get(body.get("capability"), {}).get(body.get("attribute"))
        values.append(attribute.get("value") if isinstance(attribute, dict) else None)
    return values


def _holds(test: Callable[..., bool], *operands: list[Any], every: bool) -> bool:
    """Whether ``test`` holds for the operands' values: for all combinations if ``every``, else for one."""
    combos: list[tuple[Any, ...]] = [()]
    for values in operands:
        combos = [(*combo, value) for combo in combos for value in values]
    results = []
    for combo in combos:
        try:
            results.append(bool(test(*combo)))
        except TypeError:  # a string against a number: no match
            results.append(False)
    return bool(results) and (all(results) if every else any(results))


def evaluate(state: State, condition: Any) -> bool:
    """A condition's truth on the emulator's current state (see the module docstring for what is evaluated)."""
    if not isinstance(condition, dict):
        return False
    keys = [k for k, v in condition.items() if v not in ([], None)] or list(condition)
    if len(keys) != 1:
        return False
    kind = keys[0]
    body = condition[kind]
    if kind == "and":
        return isinstance(body, list) and all(evaluate(state, item) for item in body)
    if kind == "or":
        return isinstance(body, list) and any(evaluate(state, item) for item in body)
    if kind == "not":
        return not evaluate(state, body)
    if not isinstance(body, dict):
        return False
    every = body.get("aggregation") == "All"
    if kind in _COMPARE:
        left, right = _values(state, body.get("left")), _values(state, body.get("right"))
        return left is not None and right is not None and _holds(_COMPARE[kind], left, right, every=every)
    if kind == "between":
        parts = [_values(state, body.get(name)) for name in ("value", "start", "end")]
        if any(part is None for part in parts):
            return False
        value, start, end = (part or [] for part in parts)
        return _holds(lambda v, s, e: s <= v <= e, value, start, end, every=every)
    return False


_IF_OWN = ("then", "else", "sequence")


def run_actions(state: State, location_id: str, actions: Any, results: list[JsonDict]) -> None:
    """Run rule actions in order, appending one ``ActionExecutionResult`` per action to ``results``."""
    for action in actions if isinstance(actions, list) else []:
        if not isinstance(action, dict) or len(action) != 1:
            continue
        ((kind, body),) = action.items()
        if not isinstance(body, dict):
            continue
        entry: JsonDict = {"actionId": new_id()}
        if kind == "command":
            entry["command"] = [
                {"deviceId": str(device_id), "result": run_device_command(state, str(device_id), command)}
                for device_id in body.get("devices") or []
                for command in body.get("commands") or []
                if isinstance(command, dict)
            ]
        elif kind == "location":
            modes = {m["id"] for m in state.modes.get(location_id, [])}
            mode = body.get("mode")
            ok = mode in modes and body.get("locationId", location_id) == location_id
            if ok:
                state.set_current_mode(location_id, str(mode))
            entry["location"] = {"result": "Success" if ok else "Failure", "locationId": location_id}
        elif kind == "sleep":
            entry["sleep"] = {"result": "Success"}
        elif kind == "if":
            condition = {k: v for k, v in body.items() if k not in _IF_OWN}
            truth = evaluate(state, condition)
            entry["if"] = {"result": "True" if truth else "False"}
            results.append(entry)
            run_actions(state, location_id, body.get("then" if truth else "else"), results)
            continue
        elif kind == "every":
            results.append(entry)
            run_actions(state, location_id, body.get("actions"), results)
            continue
        else:
            continue
        results.append(entry)


def overall_result(results: list[JsonDict]) -> str:
    """``Failure`` when a command or location action failed, else ``Success``."""
    for entry in results:
        failed_commands = any(item["result"] == "Failure" for item in entry.get("command", []))
        if failed_commands or entry.get("location", {}).get("result") == "Failure":
            return "Failure"
    return "Success"
