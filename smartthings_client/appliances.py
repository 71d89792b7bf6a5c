"""Samsung appliances: the OCF ``execute`` capability and ``powerConsumptionReport``, typed.

Samsung's air conditioners, washers and fridges expose settings that no SmartThings capability covers through the
OCF ``execute`` capability: a command names an OCF resource (``/mode/vs/0``, ``/temperature/desired/0``...) and
the properties to set; the device answers in the ``execute.data`` attribute, with the resource in its ``data.href``.
Home Assistant's Samsung air conditioner support uses it for the display light and other options::

    from smartthings_client.appliances import ocf_answer, ocf_options, power_consumption

    st.devices.execute(ac_id, ocf_options(["Light_Off"]))        # the display light off
    answer = ocf_answer(st.devices.status(ac_id))                # OcfAnswer(href="/mode/vs/0", payload=...)
    report = power_consumption(st.devices.status(ac_id))         # PowerConsumption(energy=2247300.0, ...)

``powerConsumptionReport`` reports energy in Wh (cumulative ``energy``, ``deltaEnergy`` since the last report),
power in W and the report's period; :class:`PowerConsumption` reads it with numbers as floats and the period as
datetimes, and leaves out (as ``None``) whatever a device did not send or sent in another shape.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from .catalog import execute, power_consumption_report
from .models.converter import parse_datetime
from .models.devices import Command, DeviceStatus

__all__ = ["OPTIONS", "OcfAnswer", "PowerConsumption", "ocf_answer", "ocf_execute", "ocf_options", "power_consumption"]

OPTIONS = "x.com.samsung.da.options"
"""The OCF property Samsung appliances list their on/off options in (``Light_On``, ``Volume_Mute``, ...)."""


def ocf_execute(href: str, properties: Mapping[str, Any] | None = None, *, component: str = "main") -> Command:
    """An OCF request: set ``properties`` on the appliance's resource ``href`` (``/mode/vs/0``); with no
    properties, ask for the resource (its state then arrives in ``execute.data``)."""
    return execute.execute(href, dict(properties) if properties is not None else None, component=component)


def ocf_options(options: Sequence[str], *, href: str = "/mode/vs/0", component: str = "main") -> Command:
    """Turn appliance options on or off (``["Light_Off"]``, ``["Volume_Mute"]``): the request Home Assistant's
    Samsung air conditioner support sends."""
    if isinstance(options, str):
        options = [options]
    return ocf_execute(href, {OPTIONS: list(options)}, component=component)


@attrs.frozen(kw_only=True)
class OcfAnswer:
    """What an appliance answered to an OCF request (the ``execute.data`` attribute): the resource and its
    properties."""

    href: str | None
    payload: Mapping[str, Any]
    timestamp: datetime | None = None

    @property
    def resource_types(self) -> tuple[str, ...]:
        """The OCF resource types (``rt``), e.g. ``("oic.r.temperature",)``."""
        return _strings(self.payload.get("rt"))

    @property
    def interfaces(self) -> tuple[str, ...]:
        """The OCF interfaces (``if``), e.g. ``("oic.if.baseline", "oic.if.a")``."""
        return _strings(self.payload.get("if"))

    @property
    def options(self) -> tuple[str, ...]:
        """The appliance options the answer lists (``x.com.samsung.da.options``)."""
        return _strings(self.payload.get(OPTIONS))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(item for item in value if isinstance(item, str)) if isinstance(value, list) else ()


def ocf_answer(status: DeviceStatus, component: str = "main") -> OcfAnswer | None:
    """The last OCF answer in a device's status, or ``None`` when it has none (or one of another shape)."""
    state = status.attribute(execute.CAPABILITY.id, execute.DATA.attribute, component)
    if state is None or not isinstance(state.value, Mapping):
        return None
    payload = state.value.get("payload")
    href = state.data.get("href") if state.data is not None else None
    return OcfAnswer(
        href=href if isinstance(href, str) else None,
        payload=payload if isinstance(payload, Mapping) else {},
        timestamp=state.timestamp,
    )


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _time(value: Any) -> datetime | None:
    try:
        return parse_datetime(value) if isinstance(value, str) else None
    except ValueError:
        return None


@attrs.frozen(kw_only=True)
class PowerConsumption:
    """One ``powerConsumptionReport`` report: energy in Wh, power in W, and the period it covers."""

    energy: float | None = None
    """Energy used since the device started counting (Wh)."""
    delta_energy: float | None = None
    """Energy used during this report's period (Wh)."""
    power: float | None = None
    """Power at the end of the period (W)."""
    power_energy: float | None = None
    persisted_energy: float | None = None
    energy_saved: float | None = None
    persisted_saved_energy: float | None = None
    start: datetime | None = None
    end: datetime | None = None

    @classmethod
    def from_value(cls, value: Any) -> PowerConsumption | None:
        """Read the attribute's value (from a status or an event); ``None`` when it is not an object."""
        if not isinstance(value, Mapping):
            return None
        return cls(
            energy=_number(value.get("energy")),
            delta_energy=_number(value.get("deltaEnergy")),
            power=_number(value.get("power")),
            power_energy=_number(value.get("powerEnergy")),
            persisted_energy=_number(value.get("persistedEnergy")),
            energy_saved=_number(value.get("energySaved")),
            persisted_saved_energy=_number(value.get("persistedSavedEnergy")),
            start=_time(value.get("start")),
            end=_time(value.get("end")),
        )


def power_consumption(status: DeviceStatus, component: str = "main") -> PowerConsumption | None:
    """The device's last power consumption report, or ``None`` when it has none."""
    return PowerConsumption.from_value(status.read(power_consumption_report.POWER_CONSUMPTION, component))
