"""``presentation``: device presentations (by id and by device) and device configurations, against the core-sdk
samples, and end to end on the emulator."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.errors import NotFoundError, ScopeError, UnprocessableEntityError
from smartthings_client.models.presentation import (
    DeviceConfig,
    DeviceConfigDashboard,
    DeviceConfigEntry,
    DeviceConfigType,
    DevicePresentation,
    PatchOp,
)
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, load, run_resource

PRESENTATION = load("core-sdk-more/presentation/device-presentation.json")["get_presentation_response"]
SYNTHETIC = load("core-sdk-more/presentation/models-synthetic.json")
PRESENTATION_ID = "dd8fee94-0896-327c-bcb7-330955289c6d"
DEVICE = "385931b6-0121-4848-bcc8-54cb76436de1"
PROFILE = "32c0fcf0-6940-43ee-9caf-ce3f6fb73ab6"  # "Simple Switch" of the emulator's seed


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.presentation,
        async_resource=lambda ast: ast.presentation,
    )


# ---------------------------------------------------------------------------------------------------------
# requests and the real answer


@pytest.mark.parametrize("mode", MODES)
def test_get_by_presentation_id_decodes_the_real_presentation(mode: Mode) -> None:
    server = Recorder(PRESENTATION)
    shown = run(mode, server, lambda p: p.get(PRESENTATION_ID, "SmartThingsCommunity"))
    request = server.only
    assert (request.method, request.url.path) == ("GET", "/v1/presentation")
    assert request.url.params.multi_items() == [
        ("presentationId", PRESENTATION_ID),
        ("manufacturerName", "SmartThingsCommunity"),
    ]
    assert isinstance(shown, DevicePresentation)
    assert shown.id == shown.vid == PRESENTATION_ID
    assert shown.manufacturer == shown.mnmn == "SmartThingsCommunity"
    assert shown.dashboard is not None
    assert shown.dashboard.states[0].label == "{{outputVoltage.value}} V"
    assert shown.dashboard.basic_plus == ()
    slider = shown.detail_view[0]
    assert (slider.capability, slider.display_type) == ("detailmedia27985.outputVoltage", "slider")
    # the widget, with its null unit and state, is kept as sent
    assert slider.extra["slider"]["range"] == [0, 240]
    assert slider.extra["slider"]["unit"] is None
    assert "state" in slider.extra
    assert shown.automation is not None
    assert shown.automation.conditions[0].extra["exclusion"] == []
    assert [info.os for info in shown.dp_info] == ["ios", "android", "web"]
    assert shown.dp_info[1].dp_uri == "plugin://com.samsung.android.plugin.stplugin"


@pytest.mark.parametrize("mode", MODES)
def test_get_without_manufacturer_leaves_the_default_to_smartthings(mode: Mode) -> None:
    server = Recorder(PRESENTATION)
    run(mode, server, lambda p: p.get(PRESENTATION_ID))
    assert server.only.url.params.multi_items() == [("presentationId", PRESENTATION_ID)]


@pytest.mark.parametrize("mode", MODES)
def test_for_device_asks_by_device_id(mode: Mode) -> None:
    server = Recorder(PRESENTATION)
    shown = run(mode, server, lambda p: p.for_device(DEVICE))
    assert server.only.url.path == "/v1/presentation"
    assert server.only.url.params.multi_items() == [("deviceId", DEVICE)]
    assert shown.presentation_id == PRESENTATION_ID


def test_the_older_names_alone_still_give_the_ids() -> None:
    older = {k: v for k, v in PRESENTATION.items() if k not in ("presentationId", "manufacturerName")}
    shown = run("sync", Recorder(older), lambda p: p.get(PRESENTATION_ID))
    assert (shown.id, shown.manufacturer, shown.presentation_id) == (PRESENTATION_ID, "SmartThingsCommunity", None)


@pytest.mark.parametrize("mode", MODES)
def test_get_config_decodes_entries_values_and_patches(mode: Mode) -> None:
    server = Recorder(SYNTHETIC["deviceConfig"])
    config = run(mode, server, lambda p: p.get_config("d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5", "Test Manufacturer"))
    assert (server.only.method, server.only.url.path) == ("GET", "/v1/presentation/deviceconfig")
    assert server.only.url.params["manufacturerName"] == "Test Manufacturer"
    assert config.type is DeviceConfigType.PROFILE
    assert config.dashboard is not None
    entry = config.dashboard.states[0]
    assert (entry.component, entry.capability, entry.version) == ("component", "testCapability", 1)
    assert entry.values[0].key == "keyName"
    assert entry.patch[0].op is PatchOp.REPLACE
    assert entry.patch[0].value == "New Value"
    assert entry.visible_condition is not None
    assert entry.visible_condition["operator"] == "GREATER_THAN_OR_EQUALS"


@pytest.mark.parametrize("mode", MODES)
def test_create_config_posts_the_model_as_smartthings_json(mode: Mode) -> None:
    answer = SYNTHETIC["deviceConfig"]
    server = Recorder(answer)
    sent = DeviceConfig(
        dashboard=DeviceConfigDashboard(states=(DeviceConfigEntry(component="main", capability="switch", version=1),)),
        detail_view=(DeviceConfigEntry(component="main", capability="switch", version=1),),
    )
    created = run(mode, server, lambda p: p.create_config(sent))
    assert (server.only.method, server.only.url.path) == ("POST", "/v1/presentation/deviceconfig")
    body = server.body_of()
    assert body["dashboard"] == {
        "states": [{"component": "main", "capability": "switch", "version": 1, "values": [], "patch": []}],
        "actions": [],
    }
    assert body["detailView"][0]["capability"] == "switch"
    assert "presentationId" not in body
    assert "manufacturerName" not in body
    assert created.presentation_id == answer["presentationId"]


def test_create_config_sends_a_dict_as_given_and_refuses_anything_else() -> None:
    server = Recorder(SYNTHETIC["deviceConfig"])
    run("sync", server, lambda p: p.create_config(SYNTHETIC["deviceConfig"]))
    assert server.body_of() == SYNTHETIC["deviceConfig"]
    with pytest.raises(TypeError, match="DeviceConfig or a dict"):
        run("sync", Recorder({}), lambda p: p.create_config(["not", "a", "config"]))


@pytest.mark.parametrize("mode", MODES)
def test_generate_config_takes_the_profile_and_the_deprecated_options(mode: Mode) -> None:
    server = Recorder(SYNTHETIC["deviceConfig"])
    run(mode, server, lambda p: p.generate_config(PROFILE, type_integration="dth"))
    assert server.only.url.path == f"/v1/presentation/types/{PROFILE}/deviceconfig"
    assert server.only.url.params.multi_items() == [("typeIntegration", "dth")]
    server = Recorder(SYNTHETIC["deviceConfig"])
    run(mode, server, lambda p: p.generate_config(PROFILE))
    assert server.only.url.query == b""


# ---------------------------------------------------------------------------------------------------------
# errors


@pytest.mark.parametrize(("value", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(value: Any, error: type[Exception]) -> None:
    server = Recorder(PRESENTATION)
    with pytest.raises(error):
        run("sync", server, lambda p: p.for_device(value))
    with pytest.raises(error):
        run("sync", server, lambda p: p.generate_config(value))
    assert server.requests == []


@pytest.mark.parametrize("value", ["", "  ", None, 3])
def test_a_missing_presentation_id_or_manufacturer_is_refused(value: Any) -> None:
    server = Recorder(PRESENTATION)
    with pytest.raises(ValueError, match="presentation_id"):
        run("sync", server, lambda p: p.get(value))
    with pytest.raises(ValueError, match="manufacturer_name"):
        run("sync", server, lambda p: p.get_config(PRESENTATION_ID, value if value is not None else ""))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_names_the_operation_and_its_scope(mode: Mode) -> None:
    with pytest.raises(ScopeError) as caught:
        run(mode, Recorder(status=403, content=b""), lambda p: p.for_device(DEVICE))
    assert caught.value.operation == "presentation.get"
    assert "r:devices:*" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_not_found(mode: Mode) -> None:
    body = {"requestId": "1", "error": {"code": "NotFoundError", "message": "not found", "details": []}}
    with pytest.raises(NotFoundError) as caught:
        run(mode, Recorder(body, status=404), lambda p: p.get_config(PRESENTATION_ID))
    assert caught.value.operation == "presentation.get_config"


# ---------------------------------------------------------------------------------------------------------
# end to end on the emulator


def test_emulator_serves_the_seeded_real_presentation_and_one_for_every_device() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        seeded = st.presentation.get(PRESENTATION_ID)
        assert seeded.detail_view[0].extra["slider"]["command"] == "setOutputVoltage"
        light = emu.devices_by_label()["Bathroom spot"]
        shown = st.presentation.for_device(light)
        device = st.devices.get(light)
        assert shown.presentation_id == device.presentation_id
        assert {entry.capability for entry in shown.detail_view} >= {"switch", "switchLevel"}
        with pytest.raises(NotFoundError):
            st.presentation.get("no-such-presentation")
        with pytest.raises(NotFoundError):
            st.presentation.for_device("00000000-0000-0000-0000-00000000dead")


def test_emulator_generates_creates_idempotently_and_presents_configs() -> None:
    emu = Emulator()

    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as st:
            generated = await st.presentation.generate_config(PROFILE)
            assert (generated.manufacturer_name, generated.presentation_id) == ("fIIT", "simple-switch")
            assert [entry.capability for entry in generated.detail_view] == ["switch"]
            again = await st.presentation.get_config("simple-switch", "fIIT")
            assert again == generated

            config = DeviceConfig(
                detail_view=(DeviceConfigEntry(component="main", capability="switchLevel", version=1),)
            )
            first = await st.presentation.create_config(config)
            second = await st.presentation.create_config(config)
            assert first.presentation_id == second.presentation_id  # idempotent
            assert first.manufacturer_name == "SmartThingsCommunity"
            shown = await st.presentation.get(str(first.presentation_id))
            assert [entry.capability for entry in shown.detail_view] == ["switchLevel"]

            other = await st.presentation.create_config(
                DeviceConfig(detail_view=(DeviceConfigEntry(component="main", capability="switch"),))
            )
            assert other.presentation_id != first.presentation_id
            with pytest.raises(UnprocessableEntityError):
                await st.presentation.create_config({"detailView": [{"component": "main"}]})
            with pytest.raises(UnprocessableEntityError):
                await st.presentation.create_config({})
            with pytest.raises(NotFoundError):
                await st.presentation.generate_config("00000000-0000-0000-0000-000000000000")

    asyncio.run(main())
