"""What device commands do to device status.

A table of well-known capability commands and the attributes they set. Commands not in the table are
accepted without a state change, like a device that silently ignores what it does not implement.
Argument checks mirror the real 422 detail shape (``UnprocessableEntityError`` at ``commands[i].arguments[j]``,
C5 ``device_command_error.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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

    def number(self, position: int = 0, low: float | None = None, high: float | None = None) -> float | int:
        if position >= len(self.args):
            target = f"commands[{self.index}].arguments"
            raise constraint(
                "The request is malformed.",
                detail("UnprocessableEntityError", f"{target}: argument {position} is required", target),
            )
        value = self.args[position]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.arg_error(position, f"{value!r} is not a valid number")
        if low is not None and value < low:
            raise self.arg_error(position, f"must have a minimum value of {low:g}")
        if high is not None and value > high:
            raise self.arg_error(position, f"must have a maximum value of {high:g}")
        return value

    def text(self, position: int = 0) -> str:
        if position >= len(self.args) or not isinstance(self.args[position], str):
            raise self.arg_error(position, "must be a string")
        return str(self.args[position])

    def obj(self, position: int = 0) -> dict[str, Any]:
        if position >= len(self.args) or not isinstance(self.args[position], dict):
            raise self.arg_error(position, "must be an object")
        return dict(self.args[position])

    def current(self, attribute: str, capability: str | None = None) -> Any:
        comp = self.device.status.get("components", {}).get(self.component, {})
        state = comp.get(capability or self.capability, {}).get(attribute, {})
        return state.get("value") if isinstance(state, dict) else None

    def set(self, attribute: str, value: Any, unit: str | None = None, capability: str | None = None) -> None:
        if self.dry:
            return
        self.state.set_attribute(self.device, self.component, capability or self.capability, attribute, value, unit)

    def temperature_unit(self) -> str:
        location = self.state.locations.get(self.device.location_id, {})
        return "C" if location.get("temperatureScale") == "C" else "F"


Effect = Callable[[CommandCall], None]


def _set_const(attribute: str, value: Any) -> Effect:
    return lambda call: call.set(attribute, value)


def _set_text(attribute: str) -> Effect:
    return lambda call: call.set(attribute, call.text())


def _set_level(call: CommandCall) -> None:
    level = call.number(0, 0, 100)
    call.set("level", level, "%")
    # A dimmer turns on when given a level above zero, as real lights do.
    if "switch" in (call.device.capabilities(call.component) or []):
        call.set("switch", "on" if level > 0 else "off", capability="switch")


def _set_color_temperature(call: CommandCall) -> None:
    call.set("colorTemperature", call.number(0, 1, 30000), "K")


def _set_hue(call: CommandCall) -> None:
    call.set("hue", call.number(0, 0, 100), "%")


def _set_saturation(call: CommandCall) -> None:
    call.set("saturation", call.number(0, 0, 100), "%")


def _set_color(call: CommandCall) -> None:
    color = call.obj()
    if "hue" in color:
        call.set("hue", color["hue"], "%")
    if "saturation" in color:
        call.set("saturation", color["saturation"], "%")
    if "hex" in color:
        call.set("color", color["hex"])


def _setpoint(attribute: str, capability: str | None = None) -> Effect:
    def effect(call: CommandCall) -> None:
        call.set(attribute, call.number(0, -460, 1000), call.temperature_unit(), capability)

    return effect


def _volume_step(step: int) -> Effect:
    def effect(call: CommandCall) -> None:
        current = call.current("volume")
        base = current if isinstance(current, (int, float)) and not isinstance(current, bool) else 0
        call.set("volume", max(0, min(100, base + step)), "%")

    return effect


def _set_volume(call: CommandCall) -> None:
    call.set("volume", call.number(0, 0, 100), "%")


def _set_mute(call: CommandCall) -> None:
    call.set("mute", call.text())


def _set_fan_speed(call: CommandCall) -> None:
    call.set("fanSpeed", call.number(0, 0, 100))


def _set_shade_level(call: CommandCall) -> None:
    call.set("shadeLevel", call.number(0, 0, 100), "%")


COMMANDS: dict[tuple[str, str], Effect] = {
    ("switch", "on"): _set_const("switch", "on"),
    ("switch", "off"): _set_const("switch", "off"),
    ("switchLevel", "setLevel"): _set_level,
    ("colorTemperature", "setColorTemperature"): _set_color_temperature,
    ("colorControl", "setHue"): _set_hue,
    ("colorControl", "setSaturation"): _set_saturation,
    ("colorControl", "setColor"): _set_color,
    ("lock", "lock"): _set_const("lock", "locked"),
    ("lock", "unlock"): _set_const("lock", "unlocked"),
    ("thermostatHeatingSetpoint", "setHeatingSetpoint"): _setpoint("heatingSetpoint"),
    ("thermostatCoolingSetpoint", "setCoolingSetpoint"): _setpoint("coolingSetpoint"),
    ("thermostat", "setHeatingSetpoint"): _setpoint("heatingSetpoint"),
    ("thermostat", "setCoolingSetpoint"): _setpoint("coolingSetpoint"),
    ("thermostatMode", "setThermostatMode"): _set_text("thermostatMode"),
    ("thermostat", "setThermostatMode"): _set_text("thermostatMode"),
    ("thermostatFanMode", "setThermostatFanMode"): _set_text("thermostatFanMode"),
    ("thermostat", "setThermostatFanMode"): _set_text("thermostatFanMode"),
    ("windowShade", "open"): _set_const("windowShade", "open"),
    ("windowShade", "close"): _set_const("windowShade", "closed"),
    ("windowShade", "pause"): _set_const("windowShade", "partially open"),
    ("windowShadeLevel", "setShadeLevel"): _set_shade_level,
    ("doorControl", "open"): _set_const("door", "open"),
    ("doorControl", "close"): _set_const("door", "closed"),
    ("garageDoorControl", "open"): _set_const("door", "open"),
    ("garageDoorControl", "close"): _set_const("door", "closed"),
    ("valve", "open"): _set_const("valve", "open"),
    ("valve", "close"): _set_const("valve", "closed"),
    ("audioVolume", "setVolume"): _set_volume,
    ("audioVolume", "volumeUp"): _volume_step(1),
    ("audioVolume", "volumeDown"): _volume_step(-1),
    ("audioMute", "mute"): _set_const("mute", "muted"),
    ("audioMute", "unmute"): _set_const("mute", "unmuted"),
    ("audioMute", "setMute"): _set_mute,
    ("mediaPlayback", "play"): _set_const("playbackStatus", "playing"),
    ("mediaPlayback", "pause"): _set_const("playbackStatus", "paused"),
    ("mediaPlayback", "stop"): _set_const("playbackStatus", "stopped"),
    ("airConditionerMode", "setAirConditionerMode"): _set_text("airConditionerMode"),
    ("fanSpeed", "setFanSpeed"): _set_fan_speed,
    ("mediaInputSource", "setInputSource"): _set_text("inputSource"),
    ("tvChannel", "setTvChannel"): _set_text("tvChannel"),
    ("alarm", "off"): _set_const("alarm", "off"),
    ("alarm", "siren"): _set_const("alarm", "siren"),
    ("alarm", "strobe"): _set_const("alarm", "strobe"),
    ("alarm", "both"): _set_const("alarm", "both"),
}
# The shorthand thermostat mode commands of the thermostatMode capability.
for _mode in ("heat", "cool", "auto", "off", "emergencyHeat"):
    COMMANDS[("thermostatMode", _mode)] = _set_const("thermostatMode", _mode)
for _cmd, _fan in (("fanAuto", "auto"), ("fanOn", "on"), ("fanCirculate", "circulate")):
    COMMANDS[("thermostatFanMode", _cmd)] = _set_const("thermostatFanMode", _fan)


def apply(call: CommandCall, command: str) -> None:
    """Apply one validated command; unknown commands change nothing.

    A virtual device created with ``commandMappings`` raises the events its mapping names instead: the n-th
    ``ARGUMENT`` event takes the n-th argument, a ``STATIC`` one its ``staticValue``.
    """
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
    effect = COMMANDS.get((call.capability, command))
    if effect is not None:
        effect(call)


def _mapping(call: CommandCall, command: str) -> dict[str, Any] | None:
    virtual = call.device.doc.get("virtual")
    mappings = virtual.get("commandMappings") if isinstance(virtual, dict) else None
    commands = mappings.get("commands") if isinstance(mappings, dict) else None
    for item in commands if isinstance(commands, list) else []:
        if isinstance(item, dict) and item.get("capabilityId") == call.capability and item.get("command") == command:
            return item
    return None
