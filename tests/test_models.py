"""Real SmartThings responses decode into the models, keeping what the models do not name.

Every file is fed through the client (a page of ``devices.list``, ``devices.status``...), so what is tested is what
a user gets back.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest

from smartthings_client import (
    Command,
    CommandResult,
    CommandStatus,
    Device,
    DeviceEvent,
    DeviceHealth,
    DeviceStatus,
    HealthState,
    ResponseDecodeError,
)
from smartthings_client.models import AttributeState, Category, DeviceType
from smartthings_client.models.converter import decode_as, encode, parse_datetime, wire_name

from .fixtures import DEVICE_ID, PYSMARTTHINGS, Harness, pysmartthings

DEVICE_KEYS = {wire_name(field.name) for field in attrs.fields(Device) if field.name != "extra"}
DEVICE_PAGES = sorted(path.name for path in PYSMARTTHINGS.glob("devices_*.json"))
STATUS_FILES = sorted(
    [f"device_status/{path.name}" for path in (PYSMARTTHINGS / "device_status").glob("*.json")]
    + ["legacy-andrewsayre/device_status.json", "device_samsungac_status.json"]
)
INTEGRATION_KEYS = {"VIPER": "viper", "ZIGBEE": "zigbee", "ZWAVE": "zwave", "OCF": "ocf", "HUB": "hub", "LAN": "lan"}


def _first_page(harness: Harness, body: Any) -> tuple[list[Device], str | None]:
    harness.server.reply(json_body=body)

    def first(st: Any) -> tuple[list[Device], str | None]:
        page = next(iter(st.devices.list().pages()))
        return page.items, page.next_url

    result: tuple[list[Device], str | None] = harness.run(first)
    return result


def _check_device(device: Device, raw: dict[str, Any]) -> None:
    assert device.device_id == raw["deviceId"]
    assert (device.name, device.label, device.location_id) == (raw.get("name"), raw.get("label"), raw["locationId"])
    assert device.room_id == raw.get("roomId")
    if raw.get("type") in DeviceType.__members__:
        assert device.type is DeviceType(raw["type"])
    else:
        assert device.type == raw.get("type")
    assert [c.id for c in device.components] == [c["id"] for c in raw["components"]]
    for component, raw_component in zip(device.components, raw["components"], strict=True):
        assert component.capability_ids == [c["id"] for c in raw_component["capabilities"]]
        assert [c.name for c in component.categories] == [c["name"] for c in raw_component.get("categories", [])]
    if "createTime" in raw:
        assert device.create_time is not None
        assert device.create_time.tzinfo is not None
    # Whatever the model does not name stays reachable, exactly as sent.
    unknown = {key: value for key, value in raw.items() if key not in DEVICE_KEYS}
    assert dict(device.extra) == unknown
    key = INTEGRATION_KEYS.get(str(raw.get("type")))
    if key is not None and key in raw:
        assert device.integration == raw[key]


@pytest.mark.parametrize("name", DEVICE_PAGES)
def test_every_real_devices_page_decodes(sync_harness: Harness, name: str) -> None:
    raw = pysmartthings(name)
    devices, next_url = _first_page(sync_harness, raw)
    assert len(devices) == len(raw["items"])
    for device, raw_device in zip(devices, raw["items"], strict=True):
        _check_device(device, raw_device)
    links = raw.get("_links") or {}
    expected_next = (links.get("next") or {}).get("href")
    assert next_url == expected_next


def test_devices_continued_has_a_next_link_without_v1(sync_harness: Harness) -> None:
    _, next_url = _first_page(sync_harness, pysmartthings("devices_continued.json"))
    assert next_url == "https://api.smartthings.com/devices?max=200&page=1"


def test_an_unknown_category_and_capability_are_tolerated(sync_harness: Harness) -> None:
    devices, _ = _first_page(sync_harness, pysmartthings("devices_fake.json"))
    (device,) = devices
    assert device.components[0].categories == (Category(name="fakeCategory", category_type="manufacturer"),)
    assert device.has_capability("fakeCapability")
    assert device.type is DeviceType.OCF
    assert device.integration is not None
    assert device.integration["ocfDeviceType"] == "oic.d.refrigerator"
    assert device.allowed == ()


def test_devices_filtered(sync_harness: Harness) -> None:
    devices, next_url = _first_page(sync_harness, pysmartthings("devices_filtered.json"))
    assert [device.type for device in devices] == [DeviceType.DTH, DeviceType.DTH]
    assert next_url is None


def test_the_0x_era_devices_json_decodes(sync_harness: Harness) -> None:
    # pysmartthings 4.x cannot read this older shape (it raises mashumaro's InvalidFieldValue); this client can.
    raw = pysmartthings("devices.json")
    devices, next_url = _first_page(sync_harness, raw)
    assert [device.device_id for device in devices] == [item["deviceId"] for item in raw["items"]]
    for device, raw_device in zip(devices, raw["items"], strict=True):
        _check_device(device, raw_device)
    assert devices[0].device_type_name == "GE Dimmer Switch 14294"
    assert devices[0].integration == raw["items"][0]["dth"]
    assert next_url is None


def test_device_json_in_detail(sync_harness: Harness) -> None:
    sync_harness.server.reply(json_body=pysmartthings("device.json"))
    device: Device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert device.manufacturer_name == "0A2r"
    assert device.presentation_id == "ST_b93bec0e-1a81-4471-83fc-4dddca504acd"
    assert device.device_manufacturer_code == "Signify Netherlands B.V."
    assert device.owner_id == "12d4af93-cb68-b108-87f5-625437d7371f"
    assert device.profile is not None
    assert device.profile.id == "a79e4507-ecaa-3c7e-b660-a3a71f30eafb"
    assert device.type is DeviceType.VIPER
    assert device.restriction_tier == 0
    assert device.allowed is None
    assert device.execution_context == "CLOUD"
    assert device.integration is not None
    assert device.integration["modelName"] == "Hue ambiance spot"
    assert device.components[0].categories == (Category(name="Light", category_type="manufacturer"),)
    assert device.display_name == "Bathroom spot"
    assert device.has_capability("switchLevel")
    assert not device.has_capability("lock")
    assert device.capability_ids("nope") == []
    assert device.component("nope") is None


def test_unknown_device_type_stays_a_string(sync_harness: Harness) -> None:
    raw = {**pysmartthings("device.json"), "type": "FUTURE_TYPE", "futureBlock": {"a": 1}}
    sync_harness.server.reply(json_body=raw)
    device: Device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert device.type == "FUTURE_TYPE"
    assert not isinstance(device.type, DeviceType)
    assert device.integration is None
    assert device.extra["futureBlock"] == {"a": 1}


def test_display_name_falls_back_to_name_then_id() -> None:
    decode = decode_as(Device)
    assert decode({"deviceId": "d", "name": "n"}).display_name == "n"
    assert decode({"deviceId": "d"}).display_name == "d"


# --- status --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", STATUS_FILES)
def test_every_real_status_decodes_with_every_value_reachable(sync_harness: Harness, name: str) -> None:
    raw = pysmartthings(name)
    sync_harness.server.reply(json_body=raw)
    status: DeviceStatus = sync_harness.run(lambda st: st.devices.status(DEVICE_ID))
    assert isinstance(status, DeviceStatus)
    assert set(status.components) == set(raw["components"])
    checked = 0
    for component, capabilities in raw["components"].items():
        for capability, attributes in capabilities.items():
            for attribute, state in attributes.items():
                parsed = status.attribute(capability, attribute, component)
                assert parsed is not None, (component, capability, attribute)
                assert parsed.value == state.get("value")
                assert status.value(capability, attribute, component) == state.get("value")
                assert parsed.unit == state.get("unit")
                assert parsed.data == state.get("data")
                if state.get("timestamp") is not None:
                    assert parsed.timestamp is not None
                    assert parsed.timestamp.tzinfo is not None
                    assert parsed.timestamp == parse_datetime(state["timestamp"])
                else:
                    assert parsed.timestamp is None
                checked += 1
    assert checked == sum(len(attrs_) for caps in raw["components"].values() for attrs_ in caps.values())


def test_status_shortcuts() -> None:
    decode = decode_as(DeviceStatus)
    status = decode(pysmartthings("device_status/c2c_switch.json"))
    assert status.value("switch", "switch") == "off"
    assert status.attribute("switch", "nope") is None
    assert status.value("lock", "lock") is None
    assert status.value("switch", "switch", component="nope") is None
    assert decode(pysmartthings("device_status/hub.json")).components == {}
    fake = decode(pysmartthings("device_status/fake.json"))
    assert fake.value("fakeCapability", "fakeAttribute") == "BOOOOOOOM"


def test_disabled_capabilities_of_a_samsung_appliance() -> None:
    raw = pysmartthings("device_status/da_ac_rac_01001.json")
    expected = raw["components"]["main"]["custom.disabledCapabilities"]["disabledCapabilities"]["value"]
    status = decode_as(DeviceStatus)(raw)
    assert status.disabled_capabilities() == expected
    assert "custom.deodorFilter" in status.disabled_capabilities()
    assert decode_as(DeviceStatus)(pysmartthings("device_status/c2c_switch.json")).disabled_capabilities() == []


def test_legacy_status_with_several_components() -> None:
    status = decode_as(DeviceStatus)(pysmartthings("legacy-andrewsayre/device_status.json"))
    assert {"main", "topButton", "bottomButton"} <= set(status.components)
    assert status.value("button", "numberOfButtons", component="topButton") == 1


def test_repeated_attribute_states_keep_their_types_and_values() -> None:
    # Unchanged states are shared between decodes (a dashboard polls the same status again and again); equal
    # JSON of another type must not come back as the first one decoded.
    decode = decode_as(DeviceStatus)

    def status(value: Any, **state: Any) -> DeviceStatus:
        attribute = {"value": value, "timestamp": "2025-01-01T00:00:00Z", **state}
        return decode({"components": {"main": {"cap": {"attr": attribute}}}})

    for value in (1, True, 1.0, "1", None, 0, False, 0.0):
        for _ in range(2):
            got = status(value).value("cap", "attr")
            assert got == value, (value, got)
            assert type(got) is type(value), (value, got)
    first, second = status("on"), status("on")
    assert first == second
    assert first.attribute("cap", "attr") is second.attribute("cap", "attr")
    assert status("on", unit="F").attribute("cap", "attr") == AttributeState(
        value="on", unit="F", timestamp=datetime(2025, 1, 1, tzinfo=timezone.utc)
    )
    with_extra = status("on", newField=3).attribute("cap", "attr")
    assert with_extra is not None
    assert with_extra.extra == {"newField": 3}
    assert status("on").attribute("cap", "attr").extra == {}  # type: ignore[union-attr]


def test_list_and_object_attribute_values_are_never_shared() -> None:
    decode = decode_as(DeviceStatus)
    body = b'{"components": {"main": {"cap": {"modes": {"value": ["a", "b"]}, "data": {"value": 1, "data": {}}}}}}'
    first, second = decode(json.loads(body)), decode(json.loads(body))  # two answers, as the transport parses them
    modes = first.value("cap", "modes")
    assert modes == ["a", "b"]
    assert modes is not second.value("cap", "modes")
    modes.append("c")
    assert second.value("cap", "modes") == ["a", "b"]
    assert first.attribute("cap", "data") is not second.attribute("cap", "data")
    assert second.attribute("cap", "data").data == {}  # type: ignore[union-attr]


def test_many_distinct_states_decode_past_the_shared_cache() -> None:
    decode = decode_as(AttributeState)
    states = [decode({"value": n, "timestamp": n}) for n in range(10_000)]
    assert [state.value for state in states] == list(range(10_000))
    assert states[-1].timestamp == datetime(1970, 1, 1, 0, 0, 9, 999000, tzinfo=timezone.utc)
    assert decode({"value": 5, "timestamp": 5}) == states[5]


# --- health, commands ----------------------------------------------------------------------------------------


def test_health_json() -> None:
    health = decode_as(DeviceHealth)(pysmartthings("health.json"))
    assert health.state is HealthState.ONLINE
    assert health.last_updated_date == datetime(2025, 4, 28, 11, 43, 31, 600000, tzinfo=timezone.utc)


def test_unknown_health_and_command_states_stay_strings() -> None:
    assert decode_as(DeviceHealth)({"deviceId": "d", "state": "SLEEPING"}).state == "SLEEPING"
    assert decode_as(DeviceHealth)({"deviceId": "d"}).state is HealthState.UNKNOWN
    assert decode_as(CommandResult)({"id": "c", "status": "QUEUED"}).status == "QUEUED"


def test_executed_command_json(sync_harness: Harness) -> None:
    sync_harness.server.reply(json_body=pysmartthings("executed_command.json"))
    results = sync_harness.run(lambda st: st.devices.execute(DEVICE_ID, Command(capability="switch", command="on")))
    assert results == [CommandResult(id="183359b2-ea00-4b51-87ab-c7f9e1426696", status=CommandStatus.ACCEPTED)]
    assert results[0].status is CommandStatus.ACCEPTED


def test_device_event_encoding_leaves_out_none() -> None:
    event = DeviceEvent(capability="switch", attribute="switch", value="on")
    assert encode(event) == {"capability": "switch", "attribute": "switch", "value": "on", "component": "main"}


def test_command_keeps_list_arguments_as_a_tuple() -> None:
    command = Command(capability="switchLevel", command="setLevel", arguments=[50])
    assert command.arguments == (50,)
    assert command.component == "main"


# --- the converter's scalars ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-12-17T18:11:41.453Z", datetime(2023, 12, 17, 18, 11, 41, 453000, tzinfo=timezone.utc)),
        ("2023-12-17T18:11:41Z", datetime(2023, 12, 17, 18, 11, 41, tzinfo=timezone.utc)),
        ("2023-12-17T18:11:41.4531234Z", datetime(2023, 12, 17, 18, 11, 41, 453123, tzinfo=timezone.utc)),
        ("2023-12-17T18:11:41.4Z", datetime(2023, 12, 17, 18, 11, 41, 400000, tzinfo=timezone.utc)),
        ("2023-12-17T18:11:41", datetime(2023, 12, 17, 18, 11, 41, tzinfo=timezone.utc)),
        (
            "2023-12-17T19:11:41+01:00",
            datetime(2023, 12, 17, 19, 11, 41, tzinfo=timezone(timedelta(hours=1))),
        ),
        (1702836701453, datetime(2023, 12, 17, 18, 11, 41, 453000, tzinfo=timezone.utc)),
    ],
    ids=["millis-z", "z", "seven-digits", "one-digit", "naive", "offset", "epoch-ms"],
)
def test_timestamps_are_aware(text: str | int, expected: datetime) -> None:
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_extra_is_read_only_and_not_part_of_equality() -> None:
    decode = decode_as(Device)
    plain = decode({"deviceId": "d"})
    richer = decode({"deviceId": "d", "vid": "x"})
    assert plain == richer
    assert richer.extra == {"vid": "x"}
    with pytest.raises(TypeError):
        plain.extra["x"] = 1  # type: ignore[index]


# --- what a broken body becomes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"name": "no id"}, "required field is missing: 'deviceId'"),
        ({"deviceId": None}, "deviceId"),
        ([1, 2], "Device"),
    ],
    ids=["missing-id", "null-id", "list"],
)
def test_wrong_shapes_are_response_decode_errors(sync_harness: Harness, body: Any, words: str) -> None:
    sync_harness.server.reply(json_body=body)
    with pytest.raises(ResponseDecodeError, match=words) as caught:
        sync_harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert caught.value.operation == "devices.get"
    assert caught.value.__cause__ is not None


@pytest.mark.parametrize(
    ("body", "field", "default"),
    [
        ({"deviceId": "d", "components": "main"}, "components", ()),
        ({"deviceId": "d", "components": [{"id": "main", "capabilities": {"switch": 1}}]}, "components", ()),
        ({"deviceId": "d", "createTime": "yesterday"}, "create_time", None),
        ({"deviceId": "d", "type": 5}, "type", None),
    ],
    ids=["components-str", "capabilities-object", "bad-time", "type-int"],
)
def test_an_optional_field_of_a_wrong_shape_reads_as_its_default(
    sync_harness: Harness, body: Any, field: str, default: Any
) -> None:
    # A device decodes each optional field when it is read; one that does not decode reads as its default, and the
    # rest of the device reads as sent (an eager decode refused the whole answer).
    sync_harness.server.reply(json_body={**body, "label": "Lamp"})
    device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))
    assert getattr(device, field) == default
    assert device.label == "Lamp"


@pytest.mark.parametrize(
    "body",
    [{"items": "nope"}, {"items": [{"name": "no id"}]}, ["not", "a", "page"]],
    ids=["items-str", "item-without-id", "list"],
)
def test_broken_pages_are_response_decode_errors(sync_harness: Harness, body: Any) -> None:
    sync_harness.server.reply(json_body=body)
    with pytest.raises(ResponseDecodeError) as caught:
        sync_harness.collect(lambda st: st.devices.list())
    assert caught.value.operation == "devices.list"


def test_a_page_with_null_items_is_empty(sync_harness: Harness) -> None:
    sync_harness.server.reply(json_body={"items": None, "_links": None})
    assert sync_harness.collect(lambda st: st.devices.list()) == []


def test_fixture_directory_holds_the_real_answers() -> None:
    # The real answers live in tests/data; a wrong path would make the parametrised tests vanish.
    assert len(DEVICE_PAGES) >= 20
    assert len(STATUS_FILES) >= 80
    assert Path(PYSMARTTHINGS, "device.json").is_file()
