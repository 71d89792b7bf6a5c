"""Device presentations (how the SmartThings app shows a device) and device configurations (what a device profile
references to get one)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._base import ApiEnum, Model

__all__ = [
    "DeviceConfig",
    "DeviceConfigAutomation",
    "DeviceConfigDashboard",
    "DeviceConfigEntry",
    "DeviceConfigType",
    "DeviceConfigValue",
    "DevicePresentation",
    "DpInfo",
    "PatchItem",
    "PatchOp",
    "PresentationAutomation",
    "PresentationDashboard",
    "PresentationEntry",
]


class DeviceConfigType(ApiEnum):
    """Known values of ``DeviceConfig.type``: ``profile``, or ``dth`` (kept by SmartThings for backwards
    compatibility only)."""

    PROFILE = "profile"
    DTH = "dth"


class PatchOp(ApiEnum):
    """The JSON-patch operations a device configuration entry may apply to its capability's presentation."""

    ADD = "add"
    REPLACE = "replace"
    REMOVE = "remove"


@attrs.frozen(kw_only=True)
class DpInfo(Model):
    """Where a platform's (``ios``, ``android``, ``web``) device plugin lives."""

    os: str | None = None
    dp_uri: str | None = None
    operating_mode: str | None = None


@attrs.frozen(kw_only=True)
class PresentationEntry(Model):
    """One capability's place in a presentation view.

    The widget definition (``slider``, ``switch``, ``state``, ``exclusion``...) depends on ``display_type`` and
    stays, as SmartThings sent it, in ``extra``.
    """

    capability: str | None = None
    component: str | None = None
    version: int | None = None
    label: str | None = None
    display_type: str | None = None
    visible_condition: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class PresentationDashboard(Model):
    """The device tile: the states it shows, its quick actions and the ``basicPlus`` extras."""

    states: tuple[PresentationEntry, ...] = ()
    actions: tuple[PresentationEntry, ...] = ()
    basic_plus: tuple[PresentationEntry, ...] = ()


@attrs.frozen(kw_only=True)
class PresentationAutomation(Model):
    """What automations may test (``conditions``) and do (``actions``) with the device."""

    conditions: tuple[PresentationEntry, ...] = ()
    actions: tuple[PresentationEntry, ...] = ()


@attrs.frozen(kw_only=True)
class DevicePresentation(Model):
    """How the SmartThings app shows a device: dashboard tile, detail view, automation entries, plugin links.

    ``mnmn`` and ``vid`` are the older names of ``manufacturer_name`` and ``presentation_id``; SmartThings still
    sends both.
    """

    manufacturer_name: str | None = None
    presentation_id: str | None = None
    mnmn: str | None = None
    vid: str | None = None
    version: str | None = None
    icon_url: str | None = None
    dashboard: PresentationDashboard | None = None
    detail_view: tuple[PresentationEntry, ...] = ()
    automation: PresentationAutomation | None = None
    dp_info: tuple[DpInfo, ...] = ()
    language: tuple[Mapping[str, Any], ...] = ()

    @property
    def id(self) -> str | None:
        """The presentation id, under its current name or its older one (``vid``)."""
        return self.presentation_id or self.vid

    @property
    def manufacturer(self) -> str | None:
        """The manufacturer name, under its current name or its older one (``mnmn``)."""
        return self.manufacturer_name or self.mnmn


@attrs.frozen(kw_only=True)
class DeviceConfigValue(Model):
    """Narrows one attribute or command of an entry: which values are offered, the range and step."""

    key: str
    enabled_values: tuple[Any, ...] | None = None
    range: tuple[float, ...] | None = None
    step: float | None = None


@attrs.frozen(kw_only=True)
class PatchItem(Model):
    """A JSON-patch step applied to the capability's own presentation."""

    op: PatchOp | str
    path: str
    value: Any = None


@attrs.frozen(kw_only=True)
class DeviceConfigEntry(Model):
    """One capability of one component in a device configuration view."""

    component: str
    capability: str
    version: int | None = None
    values: tuple[DeviceConfigValue, ...] = ()
    patch: tuple[PatchItem, ...] = ()
    visible_condition: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class DeviceConfigDashboard(Model):
    states: tuple[DeviceConfigEntry, ...] = ()
    actions: tuple[DeviceConfigEntry, ...] = ()


@attrs.frozen(kw_only=True)
class DeviceConfigAutomation(Model):
    conditions: tuple[DeviceConfigEntry, ...] = ()
    actions: tuple[DeviceConfigEntry, ...] = ()


@attrs.frozen(kw_only=True)
class DeviceConfig(Model):
    """A device configuration: which capabilities appear where; SmartThings builds the presentation from it.

    Build one without ids for ``presentation.create_config``; the answer carries the ``presentation_id`` and
    ``manufacturer_name`` that a device profile's metadata references (``vid``/``mnmn``).
    """

    manufacturer_name: str | None = None
    presentation_id: str | None = None
    type: DeviceConfigType | str | None = None
    icon_url: str | None = None
    dashboard: DeviceConfigDashboard | None = None
    detail_view: tuple[DeviceConfigEntry, ...] = ()
    automation: DeviceConfigAutomation | None = None
    dp_info: tuple[DpInfo, ...] = ()
