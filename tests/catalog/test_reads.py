"""Typed reads: every real device status read through the catalogue's keys gives the raw JSON's values."""

from __future__ import annotations

import json
from typing import Any

import pytest

from smartthings_client.catalog import (
    Attribute,
    definition,
    power_consumption_report,
    switch,
    switch_level,
    temperature_measurement,
    thermostat_cooling_setpoint,
)
from smartthings_client.catalog._codegen import constant_name
from smartthings_client.catalog.custom import disabled_capabilities
from smartthings_client.models.converter import decode_as
from smartthings_client.models.devices import DeviceStatus
from smartthings_client.models.events import DeviceEvent, DeviceEventData

from ..fixtures import PYSMARTTHINGS, pysmartthings
from .schema_examples import module

STATUS_FILES = sorted(path.name for path in (PYSMARTTHINGS / "device_status").glob("*.json"))
decode_status = decode_as(DeviceStatus)


def _catalogued(raw: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(component, capability, attribute, state) of every attribute of a raw status that the catalogue knows."""
    found = []
    for component, capabilities in raw["components"].items():
        for capability, attributes in capabilities.items():
            known = definition(capability)
            for attribute, state in attributes.items():
                if known is not None and attribute in known.attributes:
                    found.append((component, capability, attribute, state))
    return found


def _key(capability: str, attribute: str) -> Attribute[Any]:
    key: Attribute[Any] = getattr(module(capability), constant_name(attribute))
    return key


@pytest.mark.parametrize("name", STATUS_FILES)
def test_a_real_status_reads_the_same_through_typed_keys(name: str) -> None:
    raw = pysmartthings(f"device_status/{name}")
    status = decode_status(raw)
    for component, capability, attribute, state in _catalogued(raw):
        key = _key(capability, attribute)
        assert (key.capability, key.attribute) == (capability, attribute)
        assert status.read(key, component) == state.get("value"), (component, capability, attribute)
        reading = status.reading(key, component)
        assert reading is not None
        assert (reading.value, reading.unit) == (state.get("value"), state.get("unit"))


def test_the_real_statuses_cover_many_catalogued_attributes() -> None:
    seen = {(c, a) for name in STATUS_FILES for _, c, a, _ in _catalogued(pysmartthings(f"device_status/{name}"))}
    assert len(seen) >= 400


def test_a_read_returns_the_declared_value_and_none_when_absent() -> None:
    status = decode_status(pysmartthings("device_status/base_lock.json"))
    main = {"switchLevel": {"level": {"value": 40, "unit": "%"}}, "switch": {"switch": {"value": "on"}}}
    light = decode_status({"components": {"main": main}})
    assert light.read(switch_level.LEVEL) == 40
    assert light.read(switch.SWITCH) == "on"
    assert light.read(switch.SWITCH, "other") is None
    assert status.read(switch_level.LEVEL) is None
    reading = light.reading(switch_level.LEVEL)
    assert reading is not None
    assert (reading.value, reading.unit, reading.problem) == (40, "%", None)
    assert light.reading(temperature_measurement.TEMPERATURE) is None


def test_a_value_that_breaks_its_schema_is_returned_as_sent_and_flagged_by_reading() -> None:
    status = decode_status({"components": {"main": {"switchLevel": {"level": {"value": "40"}}}}})
    sent: Any = status.read(switch_level.LEVEL)  # typed int | None: what mypy believes, while the value is a str
    assert sent == "40"  # as sent, never raised on
    reading = status.reading(switch_level.LEVEL)
    assert reading is not None
    assert reading.value == sent
    assert reading.problem == "must be an integer, not '40'"
    over = decode_status({"components": {"main": {"switchLevel": {"level": {"value": 140}}}}})
    assert over.read(switch_level.LEVEL) == 140
    flagged = over.reading(switch_level.LEVEL)
    assert flagged is not None
    assert flagged.problem == "must be at most 100, not 140"
    fitting = decode_status({"components": {"main": {"switchLevel": {"level": {"value": 40}}}}})
    fits = fitting.reading(switch_level.LEVEL)
    assert fits is not None
    assert fits.problem is None


def test_units_come_with_the_value() -> None:
    status = decode_status(pysmartthings("device_status/da_ac_rac_000001.json"))
    reading = status.reading(thermostat_cooling_setpoint.COOLING_SETPOINT)
    assert reading is not None
    assert reading.unit in ("C", "F")
    assert isinstance(reading.value, (int, float))


def test_object_values_read_as_their_typed_dict() -> None:
    raw = pysmartthings("device_status/da_ac_rac_000001.json")
    status = decode_status(raw)
    report = status.read(power_consumption_report.POWER_CONSUMPTION)
    assert report is not None
    assert report == raw["components"]["main"]["powerConsumptionReport"]["powerConsumption"]["value"]
    assert isinstance(report.get("energy"), (int, float))


def test_enabled_capabilities_honour_disabled_capabilities_and_components() -> None:
    raw = pysmartthings("device_status/da_ref_normal_000001.json")
    status = decode_status(raw)
    assert status.read(disabled_capabilities.DISABLED_CAPABILITIES, "cooler") == ["custom.fridgeMode"]
    enabled = status.enabled_capabilities()
    assert "temperatureMeasurement" not in enabled
    assert "custom.fridgeMode" not in enabled
    assert set(enabled) == set(raw["components"]["main"]) - set(status.disabled_capabilities())
    assert status.enabled_capabilities("pantry-01") == []  # listed in custom.disabledComponents
    assert "custom.fridgeMode" not in status.enabled_capabilities("cooler")
    assert status.enabled_capabilities("cooler")
    assert status.enabled_capabilities("no-such-component") == []
    assert status.disabled_components() == ["icemaker-02", "pantry-01", "pantry-02", "cvroom", "onedoor"]


def test_events_read_through_the_same_keys() -> None:
    event = DeviceEvent(capability="switchLevel", attribute="level", value=30, component_id="main")
    assert event.read(switch_level.LEVEL) == 30
    assert event.read(switch.SWITCH) is None
    lifecycle_item = DeviceEventData(capability="switch", attribute="switch", value="off")
    assert lifecycle_item.read(switch.SWITCH) == "off"


def test_keys_say_what_they_are() -> None:
    assert repr(switch_level.LEVEL) == "Attribute(switchLevel.level)"
    assert repr(switch_level.CAPABILITY) == "CapabilityHandle('switchLevel', version=1)"
    assert json.loads(json.dumps(switch_level.set_level(5).arguments)) == [5]
