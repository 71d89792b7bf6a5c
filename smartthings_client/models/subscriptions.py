"""Subscriptions of an installed app: the requests that create them and the subscriptions SmartThings returns.

A request names its source (``DeviceSubscription(device_id=...)``, ``CapabilitySubscription(...)``...); the same
classes come back as :attr:`Subscription.detail` of what SmartThings lists, so an existing subscription can be
compared with a wanted one, or re-created, as is.  Requests check their fields when built, so an invalid one
raises ``ValueError`` before anything is sent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

import attrs

from ._base import ApiEnum, Model
from .converter import encode, register_tagged_union

__all__ = [
    "MAX_LIFECYCLE_DEVICES",
    "CapabilitySourceSubscription",
    "CapabilitySubscription",
    "DeviceHealthSourceSubscription",
    "DeviceHealthSubscription",
    "DeviceLifecycleSourceSubscription",
    "DeviceLifecycleSubscription",
    "DeviceSourceSubscription",
    "DeviceSubscription",
    "HubHealthSourceSubscription",
    "HubHealthSubscription",
    "ModeSourceSubscription",
    "ModeSubscription",
    "ReconcileResult",
    "SceneLifecycleSourceSubscription",
    "SceneLifecycleSubscription",
    "SecurityArmStateSourceSubscription",
    "SecurityArmStateSubscription",
    "SourceType",
    "Subscription",
    "SubscriptionRequest",
    "UnknownSubscription",
]

SUBSCRIPTION_NAME = re.compile(r"[-_!.~'()*0-9a-zA-Z]{1,36}")
MAX_LIFECYCLE_DEVICES = 20  # S1: deviceIds maxItems for DEVICE_LIFECYCLE and DEVICE_HEALTH


class SourceType(ApiEnum):
    """What a subscription listens to (``sourceType``); a type newer than this list arrives as a plain ``str``."""

    DEVICE = "DEVICE"
    CAPABILITY = "CAPABILITY"
    MODE = "MODE"
    DEVICE_LIFECYCLE = "DEVICE_LIFECYCLE"
    DEVICE_HEALTH = "DEVICE_HEALTH"
    SECURITY_ARM_STATE = "SECURITY_ARM_STATE"
    HUB_HEALTH = "HUB_HEALTH"
    SCENE_LIFECYCLE = "SCENE_LIFECYCLE"


# --- validators (they run when a request is built; decoding SmartThings' answers skips them) -----------------


def _check_name(_: Any, attribute: attrs.Attribute[Any], value: str | None) -> None:
    if value is None:
        return
    if not isinstance(value, str) or not SUBSCRIPTION_NAME.fullmatch(value):
        raise ValueError(
            f"subscription_name {value!r} is not valid: SmartThings wants 1 to 36 characters of letters, digits "
            "and -_!.~'()* (pattern ^[-_!.~'()*0-9a-zA-Z]{1,36}$)"
        )


def _check_id(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _check_optional_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_id(instance, attribute, value)


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    # A lone string would otherwise become a tuple of its characters.
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _check_ids(_: Any, attribute: attrs.Attribute[Any], value: tuple[Any, ...]) -> None:
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise ValueError(f"{attribute.name} values must be non-empty strings, got {item!r}")


# --- requests (also the detail objects of listed subscriptions) ------------------------------------------------


@attrs.frozen(kw_only=True)
class SubscriptionRequest(Model):
    """Base of the eight subscription requests; ``source_type`` says which one it is.

    ``subscription_name`` is passed to the installed app with each event and must be unique per installed app
    (1 to 36 of ``-_!.~'()*``, letters and digits).
    """

    source_type: ClassVar[SourceType]

    subscription_name: str | None = attrs.field(default=None, validator=_check_name)


@attrs.frozen(kw_only=True)
class DeviceSubscription(SubscriptionRequest):
    """Events of one device: ``DeviceSubscription(device_id=..., capability="switch", attribute="switch")``.

    ``"*"`` means any component, capability, attribute or value.  ``modes`` limits delivery to those location
    modes.  Needs ``r:devices:<deviceId>`` (or ``r:devices:*``).
    """

    source_type: ClassVar[SourceType] = SourceType.DEVICE

    device_id: str = attrs.field(validator=_check_id)
    component_id: str = attrs.field(default="*", validator=_check_id)
    capability: str = attrs.field(default="*", validator=_check_id)
    attribute: str = attrs.field(default="*", validator=_check_id)
    value: Any = "*"
    state_change_only: bool = True
    modes: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)


@attrs.frozen(kw_only=True)
class CapabilitySubscription(SubscriptionRequest):
    """Events of one capability on every device of a location the app may read.

    Needs ``r:devices:*`` (all devices): with per-device grants, use :class:`DeviceSubscription` instead.
    """

    source_type: ClassVar[SourceType] = SourceType.CAPABILITY

    location_id: str = attrs.field(validator=_check_id)
    capability: str = attrs.field(validator=_check_id)
    attribute: str = attrs.field(default="*", validator=_check_id)
    value: Any = "*"
    state_change_only: bool = True
    modes: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)


@attrs.frozen(kw_only=True)
class ModeSubscription(SubscriptionRequest):
    """Mode changes of a location.  Needs ``r:locations:<locationId>`` (or ``r:locations:*``)."""

    source_type: ClassVar[SourceType] = SourceType.MODE

    location_id: str = attrs.field(validator=_check_id)


def _check_device_set(request: DeviceLifecycleSubscription | DeviceHealthSubscription) -> None:
    kind = request.source_type.value
    if not request.device_ids and request.location_id is None:
        raise ValueError(f"a {kind} subscription needs device_ids or location_id")
    if request.device_ids and request.location_id is not None:
        raise ValueError(f"a {kind} subscription takes device_ids or location_id, not both")
    if len(request.device_ids) > MAX_LIFECYCLE_DEVICES:
        raise ValueError(
            f"a {kind} subscription takes at most {MAX_LIFECYCLE_DEVICES} device ids, got {len(request.device_ids)}; "
            "subscribe by location_id instead, or split the devices over several subscriptions"
        )


@attrs.frozen(kw_only=True)
class DeviceLifecycleSubscription(SubscriptionRequest):
    """Devices created, deleted, changed or moved: up to 20 ``device_ids``, or a whole ``location_id``."""

    source_type: ClassVar[SourceType] = SourceType.DEVICE_LIFECYCLE

    device_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)
    location_id: str | None = attrs.field(default=None, validator=_check_optional_id)

    def __attrs_post_init__(self) -> None:
        _check_device_set(self)


@attrs.frozen(kw_only=True)
class DeviceHealthSubscription(SubscriptionRequest):
    """Devices going ONLINE/OFFLINE: up to 20 ``device_ids``, or a whole ``location_id``."""

    source_type: ClassVar[SourceType] = SourceType.DEVICE_HEALTH

    device_ids: tuple[str, ...] = attrs.field(default=(), converter=_ids, validator=_check_ids)
    location_id: str | None = attrs.field(default=None, validator=_check_optional_id)

    def __attrs_post_init__(self) -> None:
        _check_device_set(self)


@attrs.frozen(kw_only=True)
class SecurityArmStateSubscription(SubscriptionRequest):
    """Arm state changes of a location's security system.  Needs ``r:security:locations:<id>:armstate``."""

    source_type: ClassVar[SourceType] = SourceType.SECURITY_ARM_STATE

    location_id: str = attrs.field(validator=_check_id)


@attrs.frozen(kw_only=True)
class HubHealthSubscription(SubscriptionRequest):
    """Hub health changes in a location.  Needs ``r:hubs``."""

    source_type: ClassVar[SourceType] = SourceType.HUB_HEALTH

    location_id: str = attrs.field(validator=_check_id)


@attrs.frozen(kw_only=True)
class SceneLifecycleSubscription(SubscriptionRequest):
    """Scenes created, changed or deleted in a location.  Needs ``r:scenes:*``."""

    source_type: ClassVar[SourceType] = SourceType.SCENE_LIFECYCLE

    location_id: str = attrs.field(validator=_check_id)


# --- subscriptions as SmartThings returns them: one class per sourceType, decoded by the tag ----------------


@attrs.frozen(kw_only=True)
class Subscription(Model):
    """A subscription of an installed app (``GET .../subscriptions/{subscriptionId}``).

    Decoded as the subclass that its ``sourceType`` names (``DeviceSourceSubscription``...), or as
    :class:`UnknownSubscription` for a type this library does not know.  :attr:`detail` gives the request object
    it matches, whatever the type.
    """

    id: str
    installed_app_id: str | None = None
    source_type: SourceType | str | None = None

    @property
    def detail(self) -> SubscriptionRequest | None:
        """The request this subscription matches (``None`` for an :class:`UnknownSubscription`)."""
        return None

    @property
    def subscription_name(self) -> str | None:
        detail = self.detail
        return detail.subscription_name if detail is not None else None


@attrs.frozen(kw_only=True)
class DeviceSourceSubscription(Subscription):
    device: DeviceSubscription

    @property
    def detail(self) -> DeviceSubscription:
        return self.device


@attrs.frozen(kw_only=True)
class CapabilitySourceSubscription(Subscription):
    capability: CapabilitySubscription

    @property
    def detail(self) -> CapabilitySubscription:
        return self.capability


@attrs.frozen(kw_only=True)
class ModeSourceSubscription(Subscription):
    mode: ModeSubscription

    @property
    def detail(self) -> ModeSubscription:
        return self.mode


@attrs.frozen(kw_only=True)
class DeviceLifecycleSourceSubscription(Subscription):
    device_lifecycle: DeviceLifecycleSubscription

    @property
    def detail(self) -> DeviceLifecycleSubscription:
        return self.device_lifecycle


@attrs.frozen(kw_only=True)
class DeviceHealthSourceSubscription(Subscription):
    device_health: DeviceHealthSubscription

    @property
    def detail(self) -> DeviceHealthSubscription:
        return self.device_health


@attrs.frozen(kw_only=True)
class SecurityArmStateSourceSubscription(Subscription):
    security_arm_state: SecurityArmStateSubscription

    @property
    def detail(self) -> SecurityArmStateSubscription:
        return self.security_arm_state


@attrs.frozen(kw_only=True)
class HubHealthSourceSubscription(Subscription):
    hub_health: HubHealthSubscription

    @property
    def detail(self) -> HubHealthSubscription:
        return self.hub_health


@attrs.frozen(kw_only=True)
class SceneLifecycleSourceSubscription(Subscription):
    scene_lifecycle: SceneLifecycleSubscription

    @property
    def detail(self) -> SceneLifecycleSubscription:
        return self.scene_lifecycle


@attrs.frozen(kw_only=True)
class UnknownSubscription(Subscription):
    """A subscription whose ``sourceType`` this library does not know: its detail object stays in ``extra``."""

    @property
    def raw(self) -> Mapping[str, Any]:
        """The subscription as SmartThings sent it (null fields left out)."""
        data: Mapping[str, Any] = encode(self)
        return data


register_tagged_union(
    Subscription,
    "source_type",
    {
        SourceType.DEVICE.value: DeviceSourceSubscription,
        SourceType.CAPABILITY.value: CapabilitySourceSubscription,
        SourceType.MODE.value: ModeSourceSubscription,
        SourceType.DEVICE_LIFECYCLE.value: DeviceLifecycleSourceSubscription,
        SourceType.DEVICE_HEALTH.value: DeviceHealthSourceSubscription,
        SourceType.SECURITY_ARM_STATE.value: SecurityArmStateSourceSubscription,
        SourceType.HUB_HEALTH.value: HubHealthSourceSubscription,
        SourceType.SCENE_LIFECYCLE.value: SceneLifecycleSourceSubscription,
    },
    default=UnknownSubscription,
)


@attrs.frozen(kw_only=True)
class ReconcileResult:
    """What ``subscriptions.reconcile`` did: the subscriptions it created, deleted and left as they were."""

    created: tuple[Subscription, ...] = ()
    deleted: tuple[Subscription, ...] = ()
    kept: tuple[Subscription, ...] = ()

    @property
    def changes(self) -> int:
        """How many calls changed state (creates plus deletes); 0 when everything already matched."""
        return len(self.created) + len(self.deleted)
