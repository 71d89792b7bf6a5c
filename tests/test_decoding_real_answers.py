"""Answers the models once rejected or misread: the spec's own configuration example (a STRING setting whose value
is null) and the integration block of every device type (an MQTT device's ``mqtt`` block was lost)."""

from __future__ import annotations

import functools
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from smartthings_client import Device, InstalledAppConfigurationDetail, SmartAppToken
from smartthings_client.models import DeviceType
from smartthings_client.resources.installedapps import AsyncInstalledApps, InstalledApps

from .fixtures import DEVICE_ID, FIXTURES, TOKEN, Harness, pysmartthings, resource_caller

SPEC = FIXTURES / "spec" / "st-api.yml"
INSTALLED_APP = "8885b9c3-a50d-427e-ad07-d7a2f94421af"
call = resource_caller(
    InstalledApps, AsyncInstalledApps, token=SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP)
)


@functools.cache
def _definitions() -> Any:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader reads the 5000-line spec 10x faster
    return yaml.load(Path(SPEC).read_text(encoding="utf-8"), Loader=loader)["definitions"]


def spec_example(definition: str) -> Any:
    return _definitions()[definition]["example"]


def as_json(value: Any) -> Any:
    """The example as the API would send it (YAML reads unquoted timestamps as datetimes)."""

    def iso(moment: object) -> str:
        assert isinstance(moment, datetime)
        return moment.isoformat().replace("+00:00", "Z")

    return json.loads(json.dumps(value, default=iso))


def test_get_config_reads_the_specs_example_with_a_null_string(harness: Harness) -> None:
    answer = as_json({**spec_example("InstallConfigurationDetail"), "config": spec_example("ConfigMap")})
    assert answer["config"]["color"] == [{"valueType": "STRING", "stringConfig": {"value": None}}]
    harness.server.reply(200, answer)

    detail = call(harness, lambda r: r.get_config(answer["configurationId"]))

    assert isinstance(detail, InstalledAppConfigurationDetail)
    assert detail.configuration_id == "c71b0a5b-7dab-41fe-b75f-7cf30246468e"
    assert detail.device_ids("switches") == [
        "31192dc9-eb45-4d90-b606-21e9b66d8c2b",
        "bea6074d-7dde-4936-ab79-373fa13250d4",
    ]
    (color,) = detail.entries("color")
    assert color.string_config is not None
    assert color.string_config.value is None
    assert color.value is None
    assert detail.string("color") is None


# The block each type carries, as the API names it (docs/smartthings-api.md §2.1 and the spec's
# DeviceIntegrationType); ENDPOINT_APP devices keep their details in ``app``.
BLOCKS = {
    "BLE": "ble",
    "BLE_D2D": "bleD2D",
    "DTH": "dth",
    "GROUP": "group",
    "HUB": "hub",
    "IR": "ir",
    "IR_OCF": "irOcf",
    "LAN": "lan",
    "MATTER": "matter",
    "MOBILE": "mobile",
    "MQTT": "mqtt",
    "OCF": "ocf",
    "PENGYOU": "pengyou",
    "SHP": "shp",
    "VIDEO": "video",
    "VIPER": "viper",
    "VIRTUAL": "virtual",
    "WATCH": "watch",
    "ZIGBEE": "zigbee",
    "ZWAVE": "zwave",
    "EDGE_CHILD": "edgeChild",
}


def test_every_device_type_is_covered() -> None:
    assert set(BLOCKS) | {"ENDPOINT_APP"} == {member.value for member in DeviceType}


@pytest.mark.parametrize("device_type", sorted(BLOCKS))
def test_integration_is_the_block_of_every_device_type(sync_harness: Harness, device_type: str) -> None:
    real = pysmartthings("device.json")  # a real VIPER device, re-typed
    block = {"brokerId": "b-1", "topic": "home/lamp"} if device_type == "MQTT" else {"from": device_type}
    raw = {key: value for key, value in real.items() if key != "viper"}
    sync_harness.server.reply(json_body={**raw, "type": device_type, BLOCKS[device_type]: block})

    device: Device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert device.type is DeviceType(device_type)
    assert device.integration == block


def test_an_mqtt_device_keeps_its_mqtt_block(sync_harness: Harness) -> None:
    mqtt = {"brokerId": "8b3f", "topicPrefix": "home/lamp", "protocolVersion": "5"}
    sync_harness.server.reply(json_body={**pysmartthings("device.json"), "type": "MQTT", "mqtt": mqtt})

    device: Device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert device.integration == mqtt
    assert device.extra["viper"]  # other blocks stay where they were


def test_an_endpoint_app_device_has_its_details_in_app(sync_harness: Harness) -> None:
    raw = {key: value for key, value in pysmartthings("device.json").items() if key != "viper"}
    app = {"installedAppId": "0b6f", "externalId": "ext-1", "profile": {"id": "p-1"}}
    sync_harness.server.reply(json_body={**raw, "type": "ENDPOINT_APP", "app": app})

    device: Device = sync_harness.run(lambda st: st.devices.get(DEVICE_ID))

    assert device.integration is None
    assert device.app is not None
    assert device.app.external_id == "ext-1"
