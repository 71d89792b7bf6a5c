"""Device profiles: the capability layout of devices that SmartApps create, and their translations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from ._base import ApiEnum, Model
from .devices import CapabilityReference, Category

__all__ = [
    "ComponentTranslation",
    "DeviceProfile",
    "DeviceProfileComponent",
    "DeviceProfileLocalization",
    "DeviceProfilePreference",
    "DeviceProfileStatus",
    "Owner",
    "OwnerType",
]


class DeviceProfileStatus(ApiEnum):
    """A profile's lifecycle: only a ``DEVELOPMENT`` profile can be changed; a ``PUBLISHED`` one can be shared."""

    DEVELOPMENT = "DEVELOPMENT"
    PUBLISHED = "PUBLISHED"


class OwnerType(ApiEnum):
    """Known values of ``Owner.owner_type``; a value not listed here arrives as a plain ``str``."""

    USER = "USER"
    SYSTEM = "SYSTEM"


@attrs.frozen(kw_only=True)
class Owner(Model):
    """Who owns a device profile or an app: a user account (``USER``) or SmartThings (``SYSTEM``)."""

    owner_type: OwnerType | str | None = None
    owner_id: str | None = None


def _capability_references(values: Iterable[CapabilityReference | str]) -> tuple[CapabilityReference, ...]:
    # Lets a profile be written as ``capabilities=["switch", "switchLevel"]``; decoding bypasses this converter.
    if isinstance(values, (str, bytes)):
        raise TypeError("capabilities must be a list of capability ids, not a single string")
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(CapabilityReference(id=value))
        elif isinstance(value, CapabilityReference):
            out.append(value)
        else:
            raise TypeError(f"capabilities must be capability ids or CapabilityReference, not {type(value).__name__}")
    return tuple(out)


def _categories(values: Iterable[Category | str]) -> tuple[Category, ...]:
    if isinstance(values, (str, bytes)):
        raise TypeError("categories must be a list of category names, not a single string")
    out = []
    for value in values:
        if isinstance(value, str):
            out.append(Category(name=value))
        elif isinstance(value, Category):
            out.append(value)
        else:
            raise TypeError(f"categories must be category names or Category, not {type(value).__name__}")
    return tuple(out)


@attrs.frozen(kw_only=True)
class DeviceProfileComponent(Model):
    """One component of a profile (exactly one is ``main``) and the capabilities it offers.

    Build one for ``deviceprofiles.create``/``update`` as
    ``DeviceProfileComponent(id="main", capabilities=["switch"], categories=["Switch"])``.  ``label`` is set by
    SmartThings (localised by the request's ``Accept-Language``) and is not sent back.
    """

    id: str
    capabilities: tuple[CapabilityReference, ...] = attrs.field(default=(), converter=_capability_references)
    categories: tuple[Category, ...] = attrs.field(default=(), converter=_categories)
    label: str | None = None

    @property
    def capability_ids(self) -> list[str]:
        return [capability.id for capability in self.capabilities]


@attrs.frozen(kw_only=True)
class DeviceProfilePreference(Model):
    """A device preference a profile declares: a reference to a standard one (``preference_id``, ``explicit``) or
    a custom one (``name``, ``title``, ``preference_type``, ``definition``)."""

    id: str | None = None
    preference_id: str | None = None
    explicit: bool | None = None
    name: str | None = None
    title: str | None = None
    description: str | None = None
    required: bool | None = None
    preference_type: str | None = None
    definition: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class DeviceProfile(Model):
    """A device profile (``GET /deviceprofiles/{deviceProfileId}``): the components and capabilities of the
    devices created from it."""

    id: str
    name: str | None = None
    owner: Owner | None = None
    components: tuple[DeviceProfileComponent, ...] = ()
    metadata: Mapping[str, Any] | None = None
    status: DeviceProfileStatus | str | None = None
    preferences: tuple[DeviceProfilePreference, ...] = ()

    def component(self, component_id: str = "main") -> DeviceProfileComponent | None:
        for component in self.components:
            if component.id == component_id:
                return component
        return None


@attrs.frozen(kw_only=True)
class ComponentTranslation(Model):
    """A component's label and description in one language."""

    label: str | None = None
    description: str | None = None


@attrs.frozen(kw_only=True)
class DeviceProfileLocalization(Model):
    """A profile's translations for one locale tag (``en``, ``fr``...): component id -> label and description."""

    tag: str
    components: Mapping[str, ComponentTranslation] = attrs.field(factory=dict)
