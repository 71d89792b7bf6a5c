"""st.virtual_devices: requests, answers (virtual devices in real device lists), errors, sync and async, and the
emulator's virtual devices behaving like devices afterwards."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, Device, DeviceEvent, EventStateChange, SmartThings
from smartthings_client.errors import ScopeError, UnprocessableEntityError
from smartthings_client.models.deviceprofiles import DeviceProfileComponent
from smartthings_client.models.devices import CapabilityReference, DeviceType
from smartthings_client.models.virtualdevices import (
    CommandMapping,
    EventValue,
    ExecutionTarget,
    VirtualDeviceOwner,
    VirtualDevicePrototype,
)
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, Harness, pysmartthings

LOCATION = "c4d3b2a1-09f8-765e-4d3c-2b1a09f8e7d6"
HUB = "074fa784-8be8-4c70-8e22-6f5ed6f81b7e"
DEVICE = "9b479ba0-81e1-4877-87c5-c301a87cbdab"


def virtual_items(name: str) -> list[dict[str, Any]]:
    return [item for item in pysmartthings(name)["items"] if item.get("type") == "VIRTUAL"]


def a_device() -> dict[str, Any]:
    return virtual_items("devices_8.json")[0]


# --- answers: virtual devices in real device lists ------------------------------------------------------------


@pytest.mark.parametrize("name", ["devices_8.json", "devices_15.json"])
def test_real_virtual_devices_decode_with_their_virtual_block(sync_harness: Harness, name: str) -> None:
    items = virtual_items(name)
    sync_harness.server.reply(200, {"items": items})
    devices = sync_harness.collect(lambda st: st.virtual_devices.list(location_id=LOCATION))
    assert len(devices) == len(items)
    for device, raw in zip(devices, items, strict=True):
        assert device.type is DeviceType.VIRTUAL
        info = device.virtual
        assert info is not None
        assert info.executing_locally is raw["virtual"]["executingLocally"]
        assert (info.name, info.hub_id, info.driver_id) == (
            raw["virtual"]["name"],
            raw["virtual"].get("hubId"),
            raw["virtual"].get("driverId"),
        )
        assert device.integration == raw["virtual"]


def test_a_device_without_a_virtual_block_has_none(sync_harness: Harness) -> None:
    sync_harness.server.reply(200, pysmartthings("device.json"))
    assert sync_harness.run(lambda st: st.devices.get("x")).virtual is None


# --- requests -------------------------------------------------------------------------------------------------


def test_list_sends_the_location(harness: Harness) -> None:
    harness.server.reply(200, {"items": []})
    harness.collect(lambda st: st.virtual_devices.list(location_id=LOCATION))
    assert (harness.server.last.method, harness.server.last.url.raw_path.decode()) == (
        "GET",
        f"/v1/virtualdevices?locationId={LOCATION}",
    )


def test_create_standard_body(harness: Harness) -> None:
    harness.server.reply(200, a_device())
    device = harness.run(
        lambda st: st.virtual_devices.create_standard(
            "Basement Lights",
            VirtualDevicePrototype.VIRTUAL_DIMMER_SWITCH,
            LOCATION,
            room_id="94be4a1e-382a-4b7f-a5ef-fdb1a7d9f9e6",
            execution_target=ExecutionTarget.LOCAL,
            hub_id=HUB,
        )
    )
    assert isinstance(device, Device)
    assert device.device_id == DEVICE
    request = harness.server.last
    assert (request.method, request.url.path) == ("POST", "/v1/virtualdevices/prototypes")
    assert harness.server.body() == {
        "name": "Basement Lights",
        "owner": {"ownerType": "LOCATION", "ownerId": LOCATION},
        "prototype": "VIRTUAL_DIMMER_SWITCH",
        "roomId": "94be4a1e-382a-4b7f-a5ef-fdb1a7d9f9e6",
        "executionTarget": "LOCAL",
        "hubId": HUB,
    }


def test_create_standard_takes_a_prototype_the_library_does_not_know(harness: Harness) -> None:
    harness.server.reply(200, a_device())
    owner = VirtualDeviceOwner(owner_type="USER", owner_id="d47f2b19-3a6e-4c8d-bf21-9e8a7c5d134e")
    harness.run(lambda st: st.virtual_devices.create_standard("X", "VIRTUAL_NEW_THING", owner=owner))
    assert harness.server.body()["prototype"] == "VIRTUAL_NEW_THING"
    assert harness.server.body()["owner"] == {"ownerType": "USER", "ownerId": "d47f2b19-3a6e-4c8d-bf21-9e8a7c5d134e"}


def test_create_from_a_profile_id_with_command_mappings(harness: Harness) -> None:
    harness.server.reply(200, a_device())
    mapping = CommandMapping(
        capability_id="switch",
        command="on",
        event_values=[EventValue(input_type="STATIC", attribute="switch", static_value="on")],
    )
    harness.run(
        lambda st: st.virtual_devices.create(
            "Lamp",
            location_id=LOCATION,
            device_profile_id="c636b2cd-337b-3c8e-8514-3604fbbb8d8c",
            driver_id="572a2641-2af8-47e4-bfe5-ad83748fd7a1",
            channel_id="ch-1",
            command_mappings=[mapping],
        )
    )
    assert harness.server.last.url.path == "/v1/virtualdevices"
    assert harness.server.body() == {
        "name": "Lamp",
        "owner": {"ownerType": "LOCATION", "ownerId": LOCATION},
        "deviceProfileId": "c636b2cd-337b-3c8e-8514-3604fbbb8d8c",
        "driverId": "572a2641-2af8-47e4-bfe5-ad83748fd7a1",
        "channelId": "ch-1",
        "commandMappings": {
            "commands": [
                {
                    "capabilityId": "switch",
                    "version": 1,
                    "command": "on",
                    "eventValues": [{"inputType": "STATIC", "attribute": "switch", "staticValue": "on"}],
                }
            ]
        },
    }


def test_create_with_an_inline_profile(harness: Harness) -> None:
    harness.server.reply(200, a_device(), times=2)
    main = DeviceProfileComponent(id="main", capabilities=(CapabilityReference(id="switch"),))
    harness.run(lambda st: st.virtual_devices.create("Lamp", location_id=LOCATION, components=[main]))
    assert harness.server.body()["deviceProfile"] == {
        "name": "Lamp",
        "components": [{"id": "main", "capabilities": [{"id": "switch", "version": 1}], "categories": []}],
    }
    raw = {"name": "p", "components": [{"id": "main", "capabilities": [{"id": "switch", "version": 1}]}]}
    harness.run(lambda st: st.virtual_devices.create("Lamp", location_id=LOCATION, device_profile=raw))
    assert harness.server.body()["deviceProfile"] == raw


def test_create_events_pairs_the_state_change_flags(harness: Harness) -> None:
    harness.server.reply(200, {"stateChanges": [True, False]})
    events = [
        DeviceEvent(capability="switch", attribute="switch", value="on"),
        DeviceEvent(capability="switchLevel", attribute="level", value=50, unit="%"),
    ]
    result = harness.run(lambda st: st.virtual_devices.create_events(DEVICE, events))
    assert result == [
        EventStateChange(event=events[0], state_change=True),
        EventStateChange(event=events[1], state_change=False),
    ]
    assert harness.server.last.url.path == f"/v1/virtualdevices/{DEVICE}/events"
    assert harness.server.body() == {
        "deviceEvents": [
            {"component": "main", "capability": "switch", "attribute": "switch", "value": "on"},
            {"component": "main", "capability": "switchLevel", "attribute": "level", "value": 50, "unit": "%"},
        ]
    }


@pytest.mark.parametrize("answer", [{}, {"stateChanges": [True]}, {"stateChanges": "yes"}, None])
def test_missing_flags_are_none(harness: Harness, answer: Any) -> None:
    if answer is None:
        harness.server.reply(200, content=b"")
    else:
        harness.server.reply(200, answer)
    events = [DeviceEvent(capability="switch", attribute="switch", value=v) for v in ("on", "off")]
    if answer is None:
        from smartthings_client.errors import ResponseDecodeError

        with pytest.raises(ResponseDecodeError):
            harness.run(lambda st: st.virtual_devices.create_events(DEVICE, events))
        return
    result = harness.run(lambda st: st.virtual_devices.create_events(DEVICE, events))
    assert [item.state_change for item in result] == (
        [True, None] if answer.get("stateChanges") == [True] else [None, None]
    )


# --- refused before sending -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda st: st.virtual_devices.create_standard("X", "VIRTUAL_SWITCH"),  # no owner
        lambda st: st.virtual_devices.create_standard(
            "X", "VIRTUAL_SWITCH", LOCATION, owner=VirtualDeviceOwner(owner_type="USER", owner_id="u")
        ),
        lambda st: st.virtual_devices.create_standard("", "VIRTUAL_SWITCH", LOCATION),
        lambda st: st.virtual_devices.create_standard("X", "", LOCATION),
        lambda st: st.virtual_devices.create_standard("X", "VIRTUAL_SWITCH", LOCATION, execution_target="LOCAL"),
        lambda st: st.virtual_devices.create("X", location_id=LOCATION),  # no profile
        lambda st: st.virtual_devices.create("X", location_id=LOCATION, device_profile_id="a", components=[]),
        lambda st: st.virtual_devices.create("X", location_id=LOCATION, device_profile_id="a/b"),
        lambda st: st.virtual_devices.create_events(DEVICE, []),
        lambda st: st.virtual_devices.create_events(
            DEVICE, [DeviceEvent(capability="switch", attribute="switch", value="on")] * 51
        ),
        lambda st: st.virtual_devices.create_events(DEVICE, [{"capability": "switch"}]),
    ],
    ids=[
        "no-owner",
        "two-owners",
        "no-name",
        "no-prototype",
        "local-no-hub",
        "no-profile",
        "two-profiles",
        "bad-profile-id",
        "no-events",
        "51-events",
        "dict-event",
    ],
)
def test_bad_arguments_are_refused_before_sending(harness: Harness, call: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        harness.run(call)
    assert harness.server.requests == []


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_device_ids_are_refused(harness: Harness, bad: object, error: type[Exception]) -> None:
    event = DeviceEvent(capability="switch", attribute="switch", value="on")
    with pytest.raises(error):
        harness.run(lambda st: st.virtual_devices.create_events(bad, [event]))
    assert harness.server.requests == []


def test_403_names_the_operation(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(ScopeError) as caught:
        harness.run(lambda st: st.virtual_devices.create_standard("X", "VIRTUAL_SWITCH", LOCATION))
    assert caught.value.operation == "virtual_devices.create_standard"
    assert caught.value.required == "w:devices:*"


# --- against the emulator -------------------------------------------------------------------------------------


def test_a_standard_virtual_device_behaves_like_a_device() -> None:
    emu = Emulator()
    app = emu.create_app("watcher")
    install = emu.install(app)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        switch = st.virtual_devices.create_standard("Test switch", "VIRTUAL_DIMMER_SWITCH", emu.location_id)
        assert switch.type is DeviceType.VIRTUAL
        assert switch.virtual is not None
        assert switch.virtual.executing_locally is False
        # Starting state from the real capture (virtual_dimmer_lights.json): off, level 75.
        assert st.devices.status(switch.device_id).value("switch", "switch") == "off"
        assert st.devices.status(switch.device_id).value("switchLevel", "level") == 75

        st.devices.command(switch.device_id, "switch", "on")
        assert st.devices.status(switch.device_id).value("switch", "switch") == "on"
        changes = st.virtual_devices.create_events(
            switch.device_id,
            [
                DeviceEvent(capability="switch", attribute="switch", value="on"),
                DeviceEvent(capability="switchLevel", attribute="level", value=20, unit="%"),
            ],
        )
        assert [c.state_change for c in changes] == [False, True]
        history = st.history.devices(emu.location_id, device_id=switch.device_id).to_list()
        assert [(e.attribute, e.value) for e in history] == [("level", 20), ("switch", "on"), ("switch", "on")]
        assert [d.device_id for d in st.virtual_devices.list(location_id=emu.location_id)][-1] == switch.device_id
        renamed = st.devices.update(switch.device_id, label="Renamed")
        assert renamed.label == "Renamed"
        st.devices.delete(switch.device_id)
        assert switch.device_id not in [d.device_id for d in st.virtual_devices.list()]
    # Its creation reached the installed app's lifecycle subscribers like any device's.
    assert install.installed_app_id


def test_virtual_device_events_reach_subscriptions() -> None:
    emu = Emulator()
    app = emu.create_app("watcher")
    install = emu.install(app)
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        contact = st.virtual_devices.create_standard("Door", "VIRTUAL_CONTACT_SENSOR", emu.location_id)
    from smartthings_client import SmartAppToken
    from smartthings_client.models.subscriptions import CapabilitySubscription

    token = SmartAppToken(
        install.auth_token, installed_app_id=install.installed_app_id, location_id=install.location_id
    )
    with SmartThings(token, transport=emu.transport) as app_client:
        app_client.subscriptions.create(
            CapabilitySubscription(location_id=emu.location_id, capability="contactSensor", subscription_name="doors")
        )
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        st.virtual_devices.create_events(
            contact.device_id, DeviceEvent(capability="contactSensor", attribute="contact", value="open")
        )
    events = [
        e["deviceEvent"] for e in emu.pending_events(install.installed_app_id) if e["eventType"] == "DEVICE_EVENT"
    ]
    assert [(e["deviceId"], e["value"]) for e in events] == [(contact.device_id, "open")]


def test_a_virtual_device_from_an_inline_profile_with_command_mappings() -> None:
    emu = Emulator()
    # The mapping replaces the usual effect: setLevel only sets the level (a plain dimmer would also turn on).
    mappings = [
        CommandMapping(capability_id="switchLevel", command="setLevel", event_values=[EventValue(attribute="level")]),
        CommandMapping(
            capability_id="switch",
            command="on",
            event_values=[EventValue(input_type="STATIC", attribute="switch", static_value="on")],
        ),
    ]

    async def main() -> tuple[Any, Any]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as ast:
            main = DeviceProfileComponent(
                id="main", capabilities=(CapabilityReference(id="switch"), CapabilityReference(id="switchLevel"))
            )
            device = await ast.virtual_devices.create(
                "Mapped", location_id=emu.location_id, components=[main], command_mappings=mappings
            )
            await ast.devices.command(device.device_id, "switchLevel", "setLevel", 33)
            before = await ast.devices.status(device.device_id)
            await ast.devices.command(device.device_id, "switch", "on")
            return device, (before, await ast.devices.status(device.device_id))

    device, (before, after) = asyncio.run(main())
    assert device.virtual is not None
    assert device.virtual.command_mappings is not None
    assert (before.value("switchLevel", "level"), before.value("switch", "switch")) == (33, "off")
    assert after.value("switch", "switch") == "on"


def test_emulator_validates_prototypes_owners_and_hubs() -> None:
    emu = Emulator()
    hub = emu.devices_by_label()["SmartThings v3 Hub"]
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        with pytest.raises(UnprocessableEntityError):
            st.virtual_devices.create_standard("X", "VIRTUAL_NOTHING", emu.location_id)
        with pytest.raises(UnprocessableEntityError):
            st.virtual_devices.create_standard(
                "X", "VIRTUAL_LOCK", emu.location_id, execution_target="LOCAL", hub_id=hub
            )
        with pytest.raises(UnprocessableEntityError):
            st.virtual_devices.create_standard(
                "X", "VIRTUAL_SWITCH", emu.location_id, execution_target="LOCAL", hub_id=emu.location_id
            )
        local = st.virtual_devices.create_standard(
            "Y", "VIRTUAL_SWITCH", emu.location_id, execution_target="LOCAL", hub_id=hub
        )
        assert local.virtual is not None
        assert (local.virtual.executing_locally, local.virtual.hub_id, local.execution_context) == (True, hub, "LOCAL")
        with pytest.raises(UnprocessableEntityError):
            st.virtual_devices.create("Z", location_id=emu.location_id, device_profile_id="no-such-profile")
    with SmartThings(emu.issue_pat(["r:devices:*"]), transport=emu.transport) as reader:
        with pytest.raises(ScopeError):
            reader.virtual_devices.create_standard("X", "VIRTUAL_SWITCH", emu.location_id)


@pytest.mark.parametrize("prototype", list(VirtualDevicePrototype))
def test_every_prototype_makes_a_device_with_a_status(prototype: VirtualDevicePrototype) -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        device = st.virtual_devices.create_standard(prototype.value, prototype, emu.location_id)
        status = st.devices.status(device.device_id)
    assert device.capability_ids()
    assert set(status.components["main"]) == set(device.capability_ids())
