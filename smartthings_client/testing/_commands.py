"""What device commands do to device status.

The rules come from each capability's definition (:mod:`._catalog`): a command the definition does not define, or
whose arguments break its schema, is refused with the real 422 shape (``UnprocessableEntityError`` at
``commands[i].arguments[j]``, C5 ``device_command_error.json``); a valid one sets the attributes whose ``setter``
or ``enumCommands`` name it.  :data:`EXTRAS` adds what a definition cannot say (a dimmer given a level turns on,
volume steps...).  A capability without any definition accepts every command and changes nothing, like a device
that silently ignores what it does not implement.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import _catalog
from ._errors import ApiError, constraint, detail
from ._state import DeviceRecord, State


@dataclass
class CommandCall:
    """One command being applied, with what the checks need to name the culprit."""

    state: State
    device: DeviceRecord
    component: str
    capability: str
    args: list[Any]
    index: int
    #: A dry run checks arguments without touching state, so a bad command fails the whole request.
    dry: bool = False

    def arg_error(self, position: int, message: str) -> ApiError:
        target = f"commands[{self.index}].arguments[{position}]"
        return constraint(
            "The request is malformed.", detail("UnprocessableEntityError", f"{target}: {message}", target)
        )

    def current(self, attribute: str, capability: str | None = None) -> Any:
        state = self._state_of(attribute, capability or self.capability)
        return state.get("value") if isinstance(state, dict) else None

    def set(self, attribute: str, value: Any, capability: str | None = None) -> None:
        """Set an attribute, keeping the unit the device reports it in, or giving it the one its definition
        declares."""
        if self.dry:
            return
        capability = capability or self.capability
        unit = None
        previous = self._state_of(attribute, capability)
        if not (isinstance(previous, dict) and previous.get("unit")):
            definition = _catalog.definition_for(self.state, self.device, self.component, capability)
            if definition is not None:
                unit = _catalog.unit_for(definition, attribute, self.temperature_unit())
        self.state.set_attribute(self.device, self.component, capability, attribute, value, unit)

    def temperature_unit(self) -> str:
        location = self.state.locations.get(self.device.location_id, {})
        return "C" if location.get("temperatureScale") == "C" else "F"

    def _state_of(self, attribute: str, capability: str) -> Any:
        comp = self.device.status.get("components", {}).get(self.component, {})
        return comp.get(capability, {}).get(attribute)


Effect = Callable[[CommandCall], None]


def _level_switches(call: CommandCall) -> None:
    # A dimmer turns on when given a level above zero, as real lights do.
    if "switch" in (call.device.capabilities(call.component) or []):
        call.set("switch", "on" if call.args[0] > 0 else "off", capability="switch")


def _set_color(call: CommandCall) -> None:
    color = call.args[0]
    if "hue" in color:
        call.set("hue", color["hue"])
    if "saturation" in color:
        call.set("saturation", color["saturation"])
    if "hex" in color:
        call.set("color", color["hex"])


def _volume_step(step: int) -> Effect:
    def effect(call: CommandCall) -> None:
        current = call.current("volume")
        base = current if isinstance(current, (int, float)) and not isinstance(current, bool) else 0
        call.set("volume", max(0, min(100, base + step)))

    return effect


def _set_const(attribute: str, value: Any) -> Effect:
    return lambda call: call.set(attribute, value)


#: What some commands do beyond what their definition says; they run after the definition's changes, on
#: arguments the definition has already checked.
EXTRAS: dict[tuple[str, str], Effect] = {
    ("switchLevel", "setLevel"): _level_switches,
    ("colorControl", "setColor"): _set_color,
    ("windowShade", "pause"): _set_const("windowShade", "partially open"),
    ("audioVolume", "volumeUp"): _volume_step(1),
    ("audioVolume", "volumeDown"): _volume_step(-1),
}


def apply(call: CommandCall, command: str) -> None:
    """Check one command against its capability's definition (raising the 422), then apply it.

    A virtual device created with ``commandMappings`` raises the events its mapping names instead: the n-th
    ``ARGUMENT`` event takes the n-th argument, a ``STATIC`` one its ``staticValue``.
    """
    definition = _catalog.definition_for(call.state, call.device, call.component, call.capability)
    if definition is not None:
        refused = _catalog.refusal(definition, command, call.args, call.index)
        if refused is not None:
            raise refused
    mapping = _mapping(call, command)
    if mapping is not None:
        arguments = iter(range(len(call.args)))
        for value in mapping.get("eventValues") or []:
            if not isinstance(value, dict) or not value.get("attribute"):
                continue
            if value.get("inputType") == "STATIC":
                call.set(str(value["attribute"]), value.get("staticValue"))
                continue
            position = next(arguments, len(call.args))
            if position >= len(call.args):
                raise call.arg_error(position, "is required by the device's command mapping")
            call.set(str(value["attribute"]), call.args[position])
        return
    if definition is None:
        return
    for attribute, value in _catalog.changes(definition, command, call.args):
        call.set(attribute, value)
    extra = EXTRAS.get((call.capability, command))
    if extra is not None:
        extra(call)


def _mapping(call: CommandCall, command: str) -> dict[str, Any] | None:
    virtual = call.device.doc.get("virtual")
    mappings = virtual.get("commandMappings") if isinstance(virtual, dict) else None
    commands = mappings.get("commands") if isinstance(mappings, dict) else None
    for item in commands if isinstance(commands, list) else []:
        if isinstance(item, dict) and item.get("capabilityId") == call.capability and item.get("command") == command:
            return item
    return None
