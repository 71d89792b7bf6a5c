"""Devices, their status and health, and the commands sent to them."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs

from ._base import NO_EXTRA, ApiEnum, LazyModel, Model
from ._status_tree import StatusTree, check_components
from .converter import decode_as, decoder, register_json_keeping

if TYPE_CHECKING:
    from ..catalog._runtime import Attribute, Reading
    from ..errors import SmartThingsError

T = TypeVar("T")

__all__ = [
    "AttributeState",
    "CapabilityReference",
    "CapabilityStatus",
    "Category",
    "ChosenDevice",
    "Command",
    "CommandResult",
    "CommandStatus",
    "Component",
    "ComponentStatus",
    "Device",
    "DeviceApp",
    "DeviceCommandOutcome",
    "DeviceEvent",
    "DeviceHealth",
    "DevicePreferences",
    "DeviceStatus",
    "DeviceType",
    "HealthState",
    "PreferenceType",
    "PreferenceValue",
    "ProfileReference",
    "VirtualDeviceInfo",
]


class DeviceType(ApiEnum):
    """Known values of ``Device.type``; a value not listed here arrives as a plain ``str``."""

    BLE = "BLE"
    BLE_D2D = "BLE_D2D"
    DTH = "DTH"
    EDGE_CHILD = "EDGE_CHILD"
    ENDPOINT_APP = "ENDPOINT_APP"
    GROUP = "GROUP"
    HUB = "HUB"
    IR = "IR"
    IR_OCF = "IR_OCF"
    LAN = "LAN"
    MATTER = "MATTER"
    MOBILE = "MOBILE"
    MQTT = "MQTT"
    OCF = "OCF"
    PENGYOU = "PENGYOU"
    SHP = "SHP"
    VIDEO = "VIDEO"
    VIPER = "VIPER"
    VIRTUAL = "VIRTUAL"
    WATCH = "WATCH"
    ZIGBEE = "ZIGBEE"
    ZWAVE = "ZWAVE"


class HealthState(ApiEnum):
    """Device health.  ``UNKNOWN`` also stands for devices not enrolled in health checks (their /health is 404)."""

    ONLINE = "ONLINE"
    OFFLINE = "OFFLINE"
    UNHEALTHY = "UNHEALTHY"
    UNKNOWN = "UNKNOWN"


class CommandStatus(ApiEnum):
    """Per-command outcome.  ``ACCEPTED`` only means SmartThings took the command: execution is asynchronous."""

    ACCEPTED = "ACCEPTED"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


@attrs.frozen(kw_only=True)
class CapabilityReference(Model):
    """A capability a component offers, e.g. ``switch`` version 1."""

    __intern__: ClassVar[bool] = True

    id: str
    version: int = 1


@attrs.frozen(kw_only=True)
class Category(Model):
    """A device category, e.g. ``Light`` as set by the ``manufacturer`` or the ``user``."""

    __intern__: ClassVar[bool] = True

    name: str
    category_type: str | None = None


@attrs.frozen(kw_only=True)
class Component(Model):
    """A part of a device (``main``, ``freezer``, ``outlet1``...) with its capabilities."""

    id: str
    label: str | None = None
    capabilities: tuple[CapabilityReference, ...] = ()
    categories: tuple[Category, ...] = ()
    icon: str | None = None
    optional: bool | None = None

    @property
    def capability_ids(self) -> list[str]:
        return [capability.id for capability in self.capabilities]


@attrs.frozen(kw_only=True)
class ProfileReference(Model):
    id: str | None = None


@attrs.frozen(kw_only=True)
class DeviceApp(Model):
    """For SmartApp-managed devices: which installed app owns the device, and its external id."""

    installed_app_id: str | None = None
    external_id: str | None = None
    profile: ProfileReference | None = None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _objects(value: Any) -> list[Mapping[str, Any]]:
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []


def _integration_key(device_type: str) -> str:
    """How a type's block is found: ``BLE_D2D`` -> ``bled2d`` matches ``bleD2D``, ``IR_OCF`` matches ``irOcf``,
    ``MQTT`` matches ``mqtt``: the API names each block after its type in camelCase, so a type added later is
    found too."""
    return device_type.replace("_", "").lower()


@attrs.frozen(kw_only=True)
class Device(LazyModel):
    """A SmartThings device (``GET /devices/{deviceId}``).

    The per-integration block (``zigbee``, ``viper``, ``ocf``...) is kept, as SmartThings sent it, in ``extra``;
    :attr:`integration` returns the one that ``type`` names.
    """

    device_id: str
    name: str | None = None
    label: str | None = None
    manufacturer_name: str | None = None
    presentation_id: str | None = None
    device_manufacturer_code: str | None = None
    location_id: str | None = None
    owner_id: str | None = None
    room_id: str | None = None
    parent_device_id: str | None = None
    components: tuple[Component, ...] = ()
    create_time: datetime | None = None
    profile: ProfileReference | None = None
    app: DeviceApp | None = None
    type: DeviceType | str | None = None
    restriction_tier: int | None = None
    allowed: tuple[str, ...] | None = None
    execution_context: str | None = None

    # Keys that only some devices carry (DTH-era fields, relationships) are read from ``extra`` on demand:
    # every modelled field costs decoding time on every device of every list.
    @property
    def device_type_id(self) -> str | None:
        """The DTH id of a legacy Groovy device."""
        return _text(self.extra.get("deviceTypeId"))

    @property
    def device_type_name(self) -> str | None:
        """The DTH name of a legacy Groovy device."""
        return _text(self.extra.get("deviceTypeName"))

    @property
    def device_network_type(self) -> str | None:
        """ZWAVE, ZIGBEE... for legacy DTH devices."""
        return _text(self.extra.get("deviceNetworkType"))

    @property
    def child_devices(self) -> list[Mapping[str, Any]]:
        return _objects(self.extra.get("childDevices"))

    @property
    def relationships(self) -> list[Mapping[str, Any]]:
        return _objects(self.extra.get("relationships"))

    @property
    def health_state(self) -> Mapping[str, Any] | None:
        """With ``include_health=True``: ``{"state": "ONLINE", "lastUpdatedDate": ...}``."""
        value = self.extra.get("healthState")
        return value if isinstance(value, Mapping) else None

    # The per-integration block (``zigbee``, ``viper``, ``ocf``...) matching ``type`` stays in ``extra`` as
    # SmartThings sent it: most are read rarely, and they are a third of a device's keys.
    @property
    def integration(self) -> Mapping[str, Any] | None:
        """The block for this device's integration type, e.g. the ``zigbee`` object of a ZIGBEE device or the
        ``mqtt`` object of an MQTT one (``None`` when the device has none; an ``ENDPOINT_APP`` device's details
        are its :attr:`app`)."""
        if self.type is None:
            return None
        wanted = _integration_key(str(self.type.value if isinstance(self.type, DeviceType) else self.type))
        for key, block in self.extra.items():
            if isinstance(block, Mapping) and _integration_key(key) == wanted:
                return block
        return None

    @property
    def virtual(self) -> VirtualDeviceInfo | None:
        """The ``virtual`` block of a VIRTUAL device (name, hub, driver, whether it runs locally), typed."""
        block = self.extra.get("virtual")
        if not isinstance(block, Mapping):
            return None
        return decode_as(VirtualDeviceInfo)(block)

    @property
    def display_name(self) -> str:
        """The label a person gave the device, else its name, else its id."""
        return self.label or self.name or self.device_id

    def component(self, component_id: str = "main") -> Component | None:
        for component in self.components:
            if component.id == component_id:
                return component
        return None

    def capability_ids(self, component_id: str = "main") -> list[str]:
        component = self.component(component_id)
        return component.capability_ids if component else []

    def has_capability(self, capability: str, component_id: str = "main") -> bool:
        return capability in self.capability_ids(component_id)


@attrs.frozen(kw_only=True)
class VirtualDeviceInfo(Model):
    """The ``virtual`` block of a VIRTUAL device.  ``executing_locally`` is true when it runs on ``hub_id``;
    ``command_mappings`` is kept as SmartThings sent it."""

    name: str | None = None
    hub_id: str | None = None
    driver_id: str | None = None
    executing_locally: bool | None = None
    command_mappings: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class AttributeState(Model):
    """One attribute's last known state.  ``value`` is any JSON value and is often ``None``."""

    __intern__: ClassVar[bool] = True

    value: Any = None
    unit: str | None = None
    data: Mapping[str, Any] | None = None
    timestamp: datetime | None = None


_NO_ATTRIBUTES: Mapping[str, AttributeState] = {}
_NO_RAW: Mapping[str, Any] = {}
_NO_CAPABILITIES: Mapping[str, Mapping[str, AttributeState]] = {}

CapabilityStatus = Mapping[str, AttributeState]
"""Attribute name -> state."""
ComponentStatus = Mapping[str, CapabilityStatus]
"""Capability id -> its attributes."""


@attrs.frozen(kw_only=True)
class DeviceStatus(Model):
    """The full status of a device: component -> capability -> attribute -> state.

    Samsung devices over-declare capabilities and list the unusable ones in
    ``custom.disabledCapabilities``; :meth:`disabled_capabilities` reads that list.

    A status read from SmartThings keeps the answer as sent and decodes what is read: :meth:`read` and
    :meth:`value` look the value up without building anything, ``components[c]`` builds that component's states
    on first access, and ``encode(status)`` gives the answer back as sent.  It is equal to, prints and pickles as
    the same status built by hand.  A state's field that cannot be decoded (an unreadable timestamp) is kept as
    sent in that state's ``extra`` rather than failing the whole answer.
    """

    components: Mapping[str, ComponentStatus] = attrs.field(factory=dict)

    # A decoded answer's components are a StatusTree: JSON kept as sent, states built where they are read.  The
    # reads below look values up in that JSON directly; a status built by hand holds plain dicts.

    def attribute(self, capability: str, attribute: str, component: str = "main") -> AttributeState | None:
        """The state of one attribute, or ``None`` when the device does not report it."""
        components = self.components
        if type(components) is StatusTree:
            return components.state(component, capability, attribute)
        return components.get(component, _NO_CAPABILITIES).get(capability, _NO_ATTRIBUTES).get(attribute)

    def value(self, capability: str, attribute: str, component: str = "main") -> Any:
        """The value of one attribute (``None`` when absent or null)."""
        components = self.components
        if type(components) is StatusTree:
            return components.value(component, capability, attribute)
        state = components.get(component, _NO_CAPABILITIES).get(capability, _NO_ATTRIBUTES).get(attribute)
        return state.value if state is not None else None

    def read(self, key: Attribute[T], component: str = "main") -> T | None:
        """One attribute's value through a typed key of the catalogue: ``status.read(switch_level.LEVEL)`` is an
        ``int | None``.  ``None`` when the device does not report it.  The value is returned as sent, unchecked, at
        the cost of :meth:`value`; :meth:`reading` says whether it breaks the capability's schema."""
        components = self.components
        if type(components) is StatusTree:  # StatusTree.value, inline: a typed read costs no more than value()
            raw = components._raw.get(component, _NO_RAW).get(key.capability, _NO_RAW).get(key.attribute)
            value: T | None = raw.get("value") if raw.__class__ is dict else None  # not an object: absent
            return value
        state = components.get(component, _NO_CAPABILITIES).get(key.capability, _NO_ATTRIBUTES).get(key.attribute)
        return None if state is None else state.value

    def reading(self, key: Attribute[T], component: str = "main") -> Reading[T] | None:
        """One attribute's value with its unit, time and ``problem`` (how the value breaks the capability's
        schema, ``None`` when it fits); ``None`` when the device does not report the attribute."""
        state = self.attribute(key.capability, key.attribute, component)
        return None if state is None else key.reading(state)

    def disabled_capabilities(self, component: str = "main") -> list[str]:
        """The capabilities the device lists as unusable on a component (``custom.disabledCapabilities``)."""
        value = self.value("custom.disabledCapabilities", "disabledCapabilities", component)
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def disabled_components(self) -> list[str]:
        """The components the device lists as unusable (``custom.disabledComponents`` on ``main``)."""
        value = self.value("custom.disabledComponents", "disabledComponents")
        return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

    def enabled_capabilities(self, component: str = "main") -> list[str]:
        """The capabilities a component really offers: those it reports, less the ones listed in
        ``custom.disabledCapabilities``; none for a component listed in ``custom.disabledComponents``."""
        if component in self.disabled_components():
            return []
        disabled = set(self.disabled_capabilities(component))
        components = self.components
        reported = (
            components.capabilities(component)
            if type(components) is StatusTree
            else components.get(component, _NO_CAPABILITIES)
        )
        return [capability for capability in reported if capability not in disabled]


# A status answer is decoded where it is read (see ._status_tree): the converter hands it over whole.
_STATUS_KEYS = frozenset({"components"})


def _decode_status(o: Any) -> DeviceStatus:
    if o.__class__ is not dict and not isinstance(o, Mapping):
        raise TypeError(f"expected a JSON object for DeviceStatus, got {type(o).__name__}")
    raw = o.get("components")
    tree = StatusTree(check_components({} if raw is None else raw))
    extra = NO_EXTRA if o.keys() <= _STATUS_KEYS else {k: v for k, v in o.items() if k != "components"}
    return DeviceStatus(components=tree, extra=extra)


def _status_as_sent(status: DeviceStatus) -> dict[str, Any] | None:
    components = status.components
    if type(components) is not StatusTree:
        return None
    # The containers are copied (the status is frozen); values are shared, as an eager encode shares them.  An
    # entry that is not a state (read as absent) is copied whole.
    copied = {
        component: {
            capability: {n: dict(state) if state.__class__ is dict else copy.deepcopy(state) for n, state in a.items()}
            for capability, a in capabilities.items()
        }
        for component, capabilities in components.raw.items()
    }
    return {**status.extra, "components": copied}


def _status_components(raw: dict[str, Any]) -> StatusTree:
    """A pickled status's components (pickled as the JSON they keep)."""
    return StatusTree(raw)


def _decode_attribute_state(raw: Any) -> AttributeState:
    # The state's hook is generated with the first state built, not at import; then it takes this one's place.
    hook = StatusTree.decode_state = decoder(AttributeState)
    state: AttributeState = hook(raw)
    return state


StatusTree.decode_state = _decode_attribute_state
StatusTree.restore = _status_components
register_json_keeping(DeviceStatus, _decode_status, _status_as_sent)


@attrs.frozen(kw_only=True)
class DeviceHealth(Model):
    """``GET /devices/{deviceId}/health``."""

    device_id: str | None = None
    state: HealthState | str = HealthState.UNKNOWN
    last_updated_date: datetime | None = None


def _arguments(value: Sequence[Any]) -> tuple[Any, ...]:
    # SmartThings answers 422 BodyMalformedError when arguments is an object: catch it before sending.
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Sequence):
        raise TypeError(f"command arguments must be a list, not {type(value).__name__}")
    return tuple(value)


@attrs.frozen(kw_only=True)
class Command:
    """One command for ``POST /devices/{deviceId}/commands``: ``Command(capability="switch", command="on")``."""

    capability: str
    command: str
    arguments: tuple[Any, ...] = attrs.field(default=(), converter=_arguments)
    component: str = "main"


@attrs.frozen(kw_only=True)
class ChosenDevice:
    """A device chosen in a SmartApp's configuration: the device, the component the user picked, and (when asked
    for) its status, from ``st.devices.get_all(config.devices("lights"), status=True)``."""

    device: Device
    component_id: str = "main"
    status: DeviceStatus | None = None

    @property
    def device_id(self) -> str:
        return self.device.device_id

    @property
    def label(self) -> str | None:
        """The label the user gave, else the device's name."""
        return self.device.label or self.device.name


@attrs.frozen(kw_only=True)
class CommandResult(Model):
    """The outcome SmartThings reports for one command of a batch."""

    id: str | None = None
    status: CommandStatus | str | None = None


@attrs.frozen(kw_only=True)
class DeviceCommandOutcome:
    """What became of the commands sent to one device by ``st.devices.execute_all``: SmartThings' results, or
    the error that request raised (the other devices' requests are sent all the same)."""

    device_id: str
    component_id: str | None = None
    """The component the commands went to when a SmartApp config entry chose it, else ``None`` (as given)."""
    results: tuple[CommandResult, ...] = ()
    error: SmartThingsError | None = None
    """The error this device's request raised, if it failed."""

    @property
    def ok(self) -> bool:
        """Whether SmartThings accepted the request."""
        return self.error is None


@attrs.frozen(kw_only=True)
class DeviceEvent:
    """A state event a SmartApp posts for a device it created (``POST /devices/{deviceId}/events``)."""

    capability: str
    attribute: str
    value: Any
    component: str = "main"
    unit: str | None = None
    data: Mapping[str, Any] | None = None


class PreferenceType(ApiEnum):
    """The type of a device preference value."""

    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    STRING = "string"
    ENUMERATION = "enumeration"


@attrs.frozen(kw_only=True)
class PreferenceValue(Model):
    """One preference setting of a device: its type and current value (any JSON value)."""

    preference_type: PreferenceType | str | None = None
    value: Any = None


@attrs.frozen(kw_only=True)
class DevicePreferences(Model):
    """``GET /devices/{deviceId}/preferences``: preference name -> type and value."""

    values: Mapping[str, PreferenceValue] = attrs.field(factory=dict)

    def value(self, name: str) -> Any:
        """The value of one preference (``None`` when the device has no such preference)."""
        setting = self.values.get(name)
        return setting.value if setting is not None else None
