"""Samsung appliances: OCF requests and answers, and power consumption reports, on real statuses."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from smartthings_client import InvalidArgumentError
from smartthings_client.appliances import (
    OcfAnswer,
    PowerConsumption,
    ocf_answer,
    ocf_execute,
    ocf_options,
    power_consumption,
)
from smartthings_client.models.converter import decode_as
from smartthings_client.models.devices import DeviceStatus
from smartthings_client.resources.devices import encode_command

from ..fixtures import pysmartthings

decode_status = decode_as(DeviceStatus)
AC = "device_status/da_ac_rac_000001.json"


def test_an_ocf_request_is_the_json_the_api_expects() -> None:
    sent = pysmartthings("device_command_post_execute.json")["commands"][0]
    command = ocf_execute("Test", {"data": "Test"})
    assert encode_command(command) == sent
    assert encode_command(ocf_options(["Light_Off"])) == {
        "component": "main",
        "capability": "execute",
        "command": "execute",
        "arguments": ["/mode/vs/0", {"x.com.samsung.da.options": ["Light_Off"]}],
    }
    assert ocf_options("Volume_Mute").arguments[1] == {"x.com.samsung.da.options": ["Volume_Mute"]}
    assert ocf_execute("/temperature/desired/0").arguments == ("/temperature/desired/0",)


def test_an_ocf_request_is_checked_like_every_command() -> None:
    with pytest.raises(InvalidArgumentError, match="must be at most 255 characters long"):
        ocf_execute("/" + "x" * 300)


def test_the_answer_of_a_real_air_conditioner() -> None:
    answer = ocf_answer(decode_status(pysmartthings(AC)))
    assert isinstance(answer, OcfAnswer)
    assert answer.href == "/temperature/desired/0"
    assert answer.resource_types == ("oic.r.temperature",)
    assert answer.interfaces == ("oic.if.baseline", "oic.if.a")
    assert answer.payload["temperature"] == 22.0
    assert answer.options == ()
    assert answer.timestamp == datetime(2023, 7, 19, 3, 7, 43, 270000, tzinfo=timezone.utc)


def test_an_answer_of_another_shape_or_none_is_tolerated() -> None:
    assert ocf_answer(decode_status({"components": {"main": {}}})) is None
    odd = decode_status({"components": {"main": {"execute": {"data": {"value": "oops"}}}}})
    assert ocf_answer(odd) is None
    bare = ocf_answer(decode_status({"components": {"main": {"execute": {"data": {"value": {"payload": 3}}}}}}))
    assert bare == OcfAnswer(href=None, payload={}, timestamp=None)
    options = {"payload": {"x.com.samsung.da.options": ["Light_On", 7]}}
    lit = ocf_answer(decode_status({"components": {"main": {"execute": {"data": {"value": options}}}}}))
    assert lit is not None
    assert lit.options == ("Light_On",)


def test_the_power_report_of_a_real_air_conditioner() -> None:
    report = power_consumption(decode_status(pysmartthings(AC)))
    assert report == PowerConsumption(
        energy=2247300.0,
        delta_energy=400.0,
        power=0.0,
        power_energy=0.0,
        persisted_energy=2247300.0,
        energy_saved=0.0,
        start=datetime(2025, 2, 9, 15, 45, 29, tzinfo=timezone.utc),
        end=datetime(2025, 2, 9, 16, 15, 33, tzinfo=timezone.utc),
    )


def test_a_power_report_of_another_shape_is_tolerated() -> None:
    assert power_consumption(decode_status({"components": {"main": {}}})) is None
    assert PowerConsumption.from_value("12") is None
    odd = PowerConsumption.from_value({"energy": "12", "power": True, "start": "yesterday", "end": 5, "deltaEnergy": 3})
    assert odd == PowerConsumption(delta_energy=3.0)
