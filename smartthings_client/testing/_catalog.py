"""What a capability's definition says about a command: whether its arguments are allowed, and which attributes it
sets.

The definition is the one SmartThings publishes, read from the client's capability catalogue
(``smartthings_client/catalog``, 585 definitions vendored as JSON), or, for a custom capability made through the
emulated API, the definition the emulator stores.  Arguments are checked by the catalogue's own
``CapabilityDefinition.check_arguments``, so the emulator refuses exactly what the client's command builders refuse,
by one implementation of the rules.  What a command does is read from the definition too: an attribute's
``setter`` sets it to the command's first argument, its ``enumCommands`` (``[{command, value}]``) set it to
``value``.  A capability known to neither keeps the old behaviour: any command, no change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..catalog._runtime import CapabilityDefinition, bundled_definition
from ..errors import CommandArgumentError
from ._errors import ApiError, constraint, detail
from ._state import DeviceRecord, State

__all__ = ["changes", "definition_for", "refusal", "unit_for"]


def definition_for(state: State, device: DeviceRecord, component: str, capability: str) -> CapabilityDefinition | None:
    """The definition of a capability as the device uses it: the catalogue's, else the account's custom one (the
    version the device's component names, else the newest), else ``None``."""
    bundled = bundled_definition(capability)
    if bundled is not None:
        return bundled
    stored = state.custom_capabilities.definitions
    versions = sorted(version for (capability_id, version) in stored if capability_id == capability)
    if not versions:
        return None
    wanted = _version_used(device, component, capability)
    return CapabilityDefinition(stored[(capability, wanted if wanted in versions else versions[-1])])


def _version_used(device: DeviceRecord, component: str, capability: str) -> int | None:
    for item in device.doc.get("components", []):
        if item.get("id") != component:
            continue
        for reference in item.get("capabilities", []):
            if reference.get("id") == capability and isinstance(reference.get("version"), int):
                return int(reference["version"])
    return None


def refusal(definition: CapabilityDefinition, command: str, arguments: Sequence[Any], index: int) -> ApiError | None:
    """The 422 the real API answers for a command its capability does not define or whose arguments break the
    schema (``ConstraintViolationError`` with one detail naming the field, as in the captured
    ``device_command_error.json``), or ``None`` when the command is allowed."""
    try:
        definition.check_arguments(command, arguments)
    except CommandArgumentError as error:
        if not _defines(definition, command):
            target = f"commands[{index}].command"
            return constraint("The request is malformed.", detail("NotValidValue", f"{target}: {error}", target))
        field = "arguments" if error.argument is None else f"arguments[{error.argument}]"
        target = f"commands[{index}].{field}"
        return constraint("The request is malformed.", detail("UnprocessableEntityError", f"{target}: {error}", target))
    return None


def _defines(definition: CapabilityDefinition, command: str) -> bool:
    return isinstance(definition.commands.get(command), Mapping)


def changes(definition: CapabilityDefinition, command: str, arguments: Sequence[Any]) -> list[tuple[str, Any]]:
    """The ``(attribute, new value)`` pairs a valid command sets, from the definition: an attribute whose
    ``setter`` it is takes its first argument (when given), one that lists it in ``enumCommands`` its ``value``."""
    found = []
    for attribute, spec in definition.attributes.items():
        if spec.get("setter") == command and arguments and arguments[0] is not None:
            found.append((attribute, arguments[0]))
        enum_commands = spec.get("enumCommands")
        for item in enum_commands if isinstance(enum_commands, list) else ():
            if isinstance(item, Mapping) and item.get("command") == command and "value" in item:
                found.append((attribute, item["value"]))
    return found


def unit_for(definition: CapabilityDefinition, attribute: str, temperature_scale: str) -> str | None:
    """The unit a new value of ``attribute`` gets when the device has none yet: the one its schema declares by
    default, or its only one, or the location's temperature scale among ``F``/``C``; ``None`` for an attribute
    without units."""
    schema = definition.attributes.get(attribute, {}).get("schema")
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    unit = properties.get("unit") if isinstance(properties, Mapping) else None
    if not isinstance(unit, Mapping):
        return None
    default, listed = unit.get("default"), unit.get("enum")
    if isinstance(default, str):
        return default
    allowed = [item for item in listed if isinstance(item, str)] if isinstance(listed, list) else []
    if len(allowed) == 1:
        return allowed[0]
    return temperature_scale if temperature_scale in allowed else None
