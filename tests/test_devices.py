"""``st.devices``: the request each operation sends and what it returns, on both clients."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from smartthings_client import (
    ArgumentTypeError,
    AttributeState,
    Command,
    CommandResult,
    CommandStatus,
    Device,
    DeviceEvent,
    DeviceHealth,
    DeviceStatus,
    HealthState,
    InvalidArgumentError,
    NotFoundError,
    PersonalAccessToken,
    ScopeError,
    ServerError,
    SmartAppToken,
)
from smartthings_client.models.installedapps import ConfigEntry

from .fixtures import (
    DEVICE_ID,
    INSTALLED_APP_ID,
    INVALID_ID_NAMES,
    INVALID_IDS,
    LOCATION_ID,
    PROFILE_ID,
    ROOM_ID,
    TOKEN,
    Harness,
    pysmartthings,
)

DEVICES = f"/v1/devices/{DEVICE_ID}"
SMARTAPP = SmartAppToken(TOKEN, installed_app_id=INSTALLED_APP_ID, location_id=LOCATION_ID)
SWITCH_ON = Command(capability="switch", command="on")


def ids_of(devices: list[Device]) -> list[str]:
    return [device.device_id for device in devices]


# --- list ------------------------------------------------------------------------------------------------


def test_list_sends_every_filter_and_repeats_multi_valued_keys(harness: Harness) -> None:
    fixture = pysmartthings("devices_filtered.json")
    harness.server.reply(json_body=fixture)
    devices = harness.collect(
        lambda st: st.devices.list(
            capability=["switch", "lock"],
            location_id=LOCATION_ID,
            device_id=["d-1", "d-2"],
            capabilities_mode="or",
            type="ZIGBEE",
            installed_app_id=INSTALLED_APP_ID,
            include_status=True,
            include_health=False,
            include_restricted=True,
            access_level="r",
            include_allowed_actions=True,
            page_size=50,
        )
    )
    request = harness.server.last
    assert request.method == "GET"
    assert request.url.path == "/v1/devices"
    assert request.url.params.multi_items() == [
        ("capability", "switch"),
        ("capability", "lock"),
        ("locationId", LOCATION_ID),
        ("deviceId", "d-1"),
        ("deviceId", "d-2"),
        ("capabilitiesMode", "or"),
        ("type", "ZIGBEE"),
        ("installedAppId", INSTALLED_APP_ID),
        ("includeStatus", "true"),
        ("includeHealth", "false"),
        ("includeRestricted", "true"),
        ("accessLevel", "r"),
        ("includeAllowedActions", "true"),
        ("max", "50"),
    ]
    assert b"capability=switch&capability=lock" in request.url.query
    assert ids_of(devices) == [item["deviceId"] for item in fixture["items"]]


def test_list_with_one_capability_sends_it_once(harness: Harness) -> None:
    harness.server.reply(json_body={"items": []})
    harness.collect(lambda st: st.devices.list(capability="switch", location_id=[LOCATION_ID]))
    assert harness.server.last.url.params.multi_items() == [("capability", "switch"), ("locationId", LOCATION_ID)]


def test_list_without_filters_sends_no_query(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("devices_3.json"))
    devices = harness.collect(lambda st: st.devices.list())
    assert str(harness.server.last.url) == "https://api.smartthings.com/v1/devices"
    assert len(devices) == 1


@pytest.mark.parametrize(
    "kwargs",
    [
        {"capabilities_mode": "xor"},
        {"page_size": 0},
        {"capability": ""},
        {"capability": ["switch", " "]},
        {"location_id": [LOCATION_ID, 7]},
    ],
    ids=["mode", "page-size", "empty-capability", "blank-in-list", "non-str-in-list"],
)
def test_list_rejects_bad_filters_before_sending(harness: Harness, kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        harness.collect(lambda st: st.devices.list(**kwargs))
    assert harness.server.requests == []


# --- get, update, delete -------------------------------------------------------------------------------------


def test_get_parses_device_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(lambda st: st.devices.get(DEVICE_ID))
    request = harness.server.last
    assert (request.method, request.url.path, request.url.query) == ("GET", DEVICES, b"")
    assert isinstance(device, Device)
    assert device.device_id == DEVICE_ID
    assert device.label == "Bathroom spot"
    assert device.create_time == datetime(2023, 12, 17, 18, 11, 41, 453000, tzinfo=timezone.utc)


def test_get_sends_include_flags_only_when_given(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.get(DEVICE_ID, include_status=True))
    assert harness.server.last.url.params.multi_items() == [("includeStatus", "true")]


@pytest.mark.parametrize(
    ("kwargs", "body"),
    [
        ({"label": "Porch"}, {"label": "Porch"}),
        ({"room_id": ROOM_ID, "location_id": LOCATION_ID}, {"locationId": LOCATION_ID, "roomId": ROOM_ID}),
        (
            {"components": [{"id": "main", "categories": [{"name": "Light"}]}]},
            {"components": [{"id": "main", "categories": [{"name": "Light"}]}]},
        ),
        ({"label": "x" * 255}, {"label": "x" * 255}),
    ],
    ids=["label", "room-and-location", "components", "longest-label"],
)
def test_update_sends_only_the_given_fields(harness: Harness, kwargs: dict[str, Any], body: dict[str, Any]) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(lambda st: st.devices.update(DEVICE_ID, **kwargs))
    assert (harness.server.last.method, harness.server.last.url.path) == ("PUT", DEVICES)
    assert harness.server.body() == body
    assert isinstance(device, Device)
    assert device.device_id == DEVICE_ID


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [({"label": ""}, "label"), ({"label": "x" * 256}, "label"), ({}, "at least one")],
    ids=["empty-label", "label-too-long", "nothing-to-change"],
)
def test_update_rejects_bad_arguments_before_sending(harness: Harness, kwargs: dict[str, Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        harness.run(lambda st: st.devices.update(DEVICE_ID, **kwargs))
    assert harness.server.requests == []


@pytest.mark.parametrize("answer", [b"{}", b""], ids=["empty-object", "empty-body"])
def test_delete_sends_delete_and_returns_none(harness: Harness, answer: bytes) -> None:
    harness.server.reply(content=answer)
    assert harness.run(lambda st: st.devices.delete(DEVICE_ID)) is None
    assert (harness.server.last.method, harness.server.last.url.path) == ("DELETE", DEVICES)
    assert harness.server.last.content == b""


# --- status --------------------------------------------------------------------------------------------------


def test_status_parses_a_real_status(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device_status/hue_color_temperature_bulb.json"))
    status = harness.run(lambda st: st.devices.status(DEVICE_ID))
    assert (harness.server.last.method, harness.server.last.url.path) == ("GET", f"{DEVICES}/status")
    assert isinstance(status, DeviceStatus)
    assert status.value("switch", "switch") == "on"
    state = status.attribute("switch", "switch")
    assert state is not None
    assert state.timestamp is not None
    assert state.timestamp.tzinfo is not None


def test_component_status_parses_one_component(harness: Harness) -> None:
    fixture = pysmartthings("device_status/da_ks_microwave_0101x.json")["components"]["hood"]
    harness.server.reply(json_body=fixture)
    status = harness.run(lambda st: st.devices.component_status(DEVICE_ID, "hood"))
    assert harness.server.last.url.path == f"{DEVICES}/components/hood/status"
    assert set(status) == set(fixture)
    for capability, attributes in fixture.items():
        for attribute, raw in attributes.items():
            state = status[capability][attribute]
            assert isinstance(state, AttributeState)
            assert state.value == raw.get("value")


def test_component_status_defaults_to_main(harness: Harness) -> None:
    harness.server.reply(json_body={})
    assert harness.run(lambda st: st.devices.component_status(DEVICE_ID)) == {}
    assert harness.server.last.url.path == f"{DEVICES}/components/main/status"


def test_capability_status_parses_attributes(harness: Harness) -> None:
    fixture = pysmartthings("device_status/hue_color_temperature_bulb.json")["components"]["main"]["switchLevel"]
    harness.server.reply(json_body=fixture)
    status = harness.run(lambda st: st.devices.capability_status(DEVICE_ID, "switchLevel"))
    assert harness.server.last.url.path == f"{DEVICES}/components/main/capabilities/switchLevel/status"
    assert status["level"].value == fixture["level"]["value"]
    assert status["level"].unit == fixture["level"].get("unit")


def test_capability_status_of_another_component(harness: Harness) -> None:
    harness.server.reply(json_body={"switch": {"value": "off"}})
    status = harness.run(lambda st: st.devices.capability_status(DEVICE_ID, "switch", "outlet1"))
    assert harness.server.last.url.path == f"{DEVICES}/components/outlet1/capabilities/switch/status"
    assert status["switch"].value == "off"


# --- health --------------------------------------------------------------------------------------------------


def test_health_parses_health_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("health.json"))
    health = harness.run(lambda st: st.devices.health(DEVICE_ID))
    assert (harness.server.last.method, harness.server.last.url.path) == ("GET", f"{DEVICES}/health")
    assert health == DeviceHealth(
        device_id="612ab3c2-3bb0-48f7-b2c0-15b169cb2fc3",
        state=HealthState.ONLINE,
        last_updated_date=datetime(2025, 4, 28, 11, 43, 31, 600000, tzinfo=timezone.utc),
    )


def test_health_404_means_unknown(harness: Harness) -> None:
    harness.server.reply(404, {"requestId": "r", "error": {"code": "NotFoundError", "message": "not enrolled"}})
    health = harness.run(lambda st: st.devices.health(DEVICE_ID))
    assert health == DeviceHealth(device_id=DEVICE_ID, state=HealthState.UNKNOWN)
    assert len(harness.server.requests) == 1


@pytest.mark.parametrize(("status", "error"), [(500, ServerError), (403, ScopeError)])
def test_health_other_errors_raise(harness: Harness, status: int, error: type[Exception]) -> None:
    harness.server.reply(status, content=b"")
    with pytest.raises(error) as caught:
        harness.run(lambda st: st.devices.health(DEVICE_ID))
    assert not isinstance(caught.value, NotFoundError)
    assert getattr(caught.value, "operation", None) == "devices.health"


# --- execute and command ------------------------------------------------------------------------------------


def test_execute_sends_the_command_batch_and_parses_results(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("executed_command.json"))
    commands = [
        SWITCH_ON,
        Command(capability="switchLevel", command="setLevel", arguments=[50, 2], component="light"),
    ]
    results = harness.run(lambda st: st.devices.execute(DEVICE_ID, commands))
    request = harness.server.last
    assert (request.method, request.url.path, request.url.query) == ("POST", f"{DEVICES}/commands", b"")
    assert harness.server.body() == {
        "commands": [
            {"component": "main", "capability": "switch", "command": "on", "arguments": []},
            {"component": "light", "capability": "switchLevel", "command": "setLevel", "arguments": [50, 2]},
        ]
    }
    assert results == [CommandResult(id="183359b2-ea00-4b51-87ab-c7f9e1426696", status=CommandStatus.ACCEPTED)]


def test_execute_accepts_one_command_and_ordered(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("executed_command.json"))
    harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON, ordered=True))
    assert harness.server.last.url.params.multi_items() == [("ordered", "true")]
    assert len(harness.server.body()["commands"]) == 1


@pytest.mark.parametrize("answer", [b"{}", b"", b'{"results": null}'], ids=["empty-object", "empty", "null"])
def test_execute_without_results_returns_empty_list(harness: Harness, answer: bytes) -> None:
    harness.server.reply(content=answer)
    assert harness.run(lambda st: st.devices.execute(DEVICE_ID, SWITCH_ON)) == []


def test_execute_sends_ten_commands(harness: Harness) -> None:
    harness.server.reply(json_body={})
    harness.run(lambda st: st.devices.execute(DEVICE_ID, [SWITCH_ON] * 10))
    assert len(harness.server.body()["commands"]) == 10


@pytest.mark.parametrize(
    ("commands", "error"),
    [
        ([SWITCH_ON] * 11, ValueError),
        ([], ValueError),
        ([SWITCH_ON, {"capability": "switch", "command": "on"}], TypeError),
    ],
    ids=["eleven", "none", "not-a-command"],
)
def test_execute_rejects_bad_batches_before_sending(harness: Harness, commands: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        harness.run(lambda st: st.devices.execute(DEVICE_ID, commands))
    assert harness.server.requests == []


def test_execute_error_names_the_limit() -> None:
    harness = Harness("sync")
    with pytest.raises(ValueError, match="at most 10 commands"):
        harness.run(lambda st: st.devices.execute(DEVICE_ID, [SWITCH_ON] * 11))


@pytest.mark.parametrize("arguments", [{"level": 50}, "50", 50], ids=["dict", "str", "int"])
def test_command_arguments_must_be_a_list(arguments: Any) -> None:
    with pytest.raises(TypeError, match="arguments must be a list"):
        Command(capability="switchLevel", command="setLevel", arguments=arguments)


def test_command_sends_positional_arguments(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("executed_command.json"))
    result = harness.run(lambda st: st.devices.command(DEVICE_ID, "switchLevel", "setLevel", 50, 3))
    assert (harness.server.last.method, harness.server.last.url.path) == ("POST", f"{DEVICES}/commands")
    assert harness.server.body() == {
        "commands": [{"component": "main", "capability": "switchLevel", "command": "setLevel", "arguments": [50, 3]}]
    }
    assert result == CommandResult(id="183359b2-ea00-4b51-87ab-c7f9e1426696", status=CommandStatus.ACCEPTED)


def test_command_on_another_component_without_results(harness: Harness) -> None:
    harness.server.reply(json_body={})
    result = harness.run(lambda st: st.devices.command(DEVICE_ID, "switch", "off", component="outlet2"))
    assert harness.server.body() == {
        "commands": [{"component": "outlet2", "capability": "switch", "command": "off", "arguments": []}]
    }
    assert result is None


# --- SmartApp-only operations --------------------------------------------------------------------------------


def test_create_events_sends_device_events(harness: Harness) -> None:
    harness.server.reply(json_body={})
    events = [
        DeviceEvent(capability="switch", attribute="switch", value="on"),
        DeviceEvent(
            capability="temperatureMeasurement",
            attribute="temperature",
            value=21.5,
            unit="C",
            component="probe",
            data={"source": "cloud"},
        ),
    ]
    assert harness.run(lambda st: st.devices.create_events(DEVICE_ID, events), token=SMARTAPP) is None
    assert (harness.server.last.method, harness.server.last.url.path) == ("POST", f"{DEVICES}/events")
    assert harness.server.body() == {
        "deviceEvents": [
            {"capability": "switch", "attribute": "switch", "value": "on", "component": "main"},
            {
                "capability": "temperatureMeasurement",
                "attribute": "temperature",
                "value": 21.5,
                "component": "probe",
                "unit": "C",
                "data": {"source": "cloud"},
            },
        ]
    }


def test_create_events_accepts_one_event_and_fifty(harness: Harness) -> None:
    event = DeviceEvent(capability="switch", attribute="switch", value="off")
    harness.server.reply(json_body={}, times=2)
    harness.run(lambda st: st.devices.create_events(DEVICE_ID, event), token=SMARTAPP)
    assert len(harness.server.body()["deviceEvents"]) == 1
    harness.run(lambda st: st.devices.create_events(DEVICE_ID, [event] * 50), token=SMARTAPP)
    assert len(harness.server.body()["deviceEvents"]) == 50


@pytest.mark.parametrize("count", [0, 51])
def test_create_events_rejects_bad_batches(harness: Harness, count: int) -> None:
    event = DeviceEvent(capability="switch", attribute="switch", value="off")
    with pytest.raises(ValueError):
        harness.run(lambda st: st.devices.create_events(DEVICE_ID, [event] * count), token=SMARTAPP)
    assert harness.server.requests == []


def test_install_sends_the_nested_body(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(
        lambda st: st.devices.install(
            location_id=LOCATION_ID,
            profile_id=PROFILE_ID,
            installed_app_id=INSTALLED_APP_ID,
            label="Virtual switch",
            external_id="ext-1",
            room_id=ROOM_ID,
        ),
        token=SMARTAPP,
    )
    assert (harness.server.last.method, harness.server.last.url.path) == ("POST", "/v1/devices")
    assert harness.server.body() == {
        "label": "Virtual switch",
        "locationId": LOCATION_ID,
        "roomId": ROOM_ID,
        "app": {"profileId": PROFILE_ID, "installedAppId": INSTALLED_APP_ID, "externalId": "ext-1"},
    }
    assert isinstance(device, Device)
    assert device.device_id == DEVICE_ID


def test_install_flat_body_and_installed_app_from_the_token(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(
        lambda st: st.devices.install(location_id=LOCATION_ID, profile_id=PROFILE_ID, label="Flat", flat=True),
        token=SMARTAPP,
    )
    assert harness.server.body() == {
        "profileId": PROFILE_ID,
        "installedAppId": INSTALLED_APP_ID,
        "locationId": LOCATION_ID,
        "label": "Flat",
    }


def test_install_nested_body_leaves_out_what_was_not_given(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    harness.run(lambda st: st.devices.install(location_id=LOCATION_ID, profile_id=PROFILE_ID), token=SMARTAPP)
    assert harness.server.body() == {
        "locationId": LOCATION_ID,
        "app": {"profileId": PROFILE_ID, "installedAppId": INSTALLED_APP_ID},
    }


@pytest.mark.parametrize(
    ("token", "kwargs", "words"),
    [
        (SmartAppToken(TOKEN), {}, "installed_app_id is required"),
        (SMARTAPP, {"external_id": "x" * 65}, "external_id"),
        (SMARTAPP, {"profile_id": "a/b"}, "profile_id"),
    ],
    ids=["no-installed-app", "external-id-too-long", "bad-profile"],
)
def test_install_rejects_bad_arguments_before_sending(
    harness: Harness, token: SmartAppToken, kwargs: dict[str, Any], words: str
) -> None:
    arguments: dict[str, Any] = {"location_id": LOCATION_ID, "profile_id": PROFILE_ID, **kwargs}
    with pytest.raises(ValueError, match=words):
        harness.run(lambda st: st.devices.install(**arguments), token=token)
    assert harness.server.requests == []


def test_update_profile_sends_the_profile(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(lambda st: st.devices.update_profile(DEVICE_ID, PROFILE_ID), token=SMARTAPP)
    assert (harness.server.last.method, harness.server.last.url.path) == ("PUT", f"{DEVICES}/profile")
    assert harness.server.body() == {"profileId": PROFILE_ID}
    assert device.device_id == DEVICE_ID


# --- ids are checked before anything is sent ---------------------------------------------------------------

DeviceCall = Callable[[Any, Any], Any]

_EVENT = DeviceEvent(capability="switch", attribute="switch", value="on")
ID_TAKING_CALLS: dict[str, DeviceCall] = {
    "get": lambda st, bad: st.devices.get(bad),
    "update": lambda st, bad: st.devices.update(bad, label="x"),
    "delete": lambda st, bad: st.devices.delete(bad),
    "status": lambda st, bad: st.devices.status(bad),
    "component_status.device": lambda st, bad: st.devices.component_status(bad),
    "component_status.component": lambda st, bad: st.devices.component_status(DEVICE_ID, bad),
    "capability_status.device": lambda st, bad: st.devices.capability_status(bad, "switch"),
    "capability_status.capability": lambda st, bad: st.devices.capability_status(DEVICE_ID, bad),
    "capability_status.component": lambda st, bad: st.devices.capability_status(DEVICE_ID, "switch", bad),
    "health": lambda st, bad: st.devices.health(bad),
    "execute": lambda st, bad: st.devices.execute(bad, SWITCH_ON),
    "command": lambda st, bad: st.devices.command(bad, "switch", "on"),
    "create_events": lambda st, bad: st.devices.create_events(bad, _EVENT),
    "install.location": lambda st, bad: st.devices.install(location_id=bad, profile_id=PROFILE_ID),
    "install.profile": lambda st, bad: st.devices.install(location_id=LOCATION_ID, profile_id=bad),
    "update_profile.device": lambda st, bad: st.devices.update_profile(bad, PROFILE_ID),
    "update_profile.profile": lambda st, bad: st.devices.update_profile(DEVICE_ID, bad),
}


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
@pytest.mark.parametrize("operation", list(ID_TAKING_CALLS))
def test_invalid_ids_raise_before_sending(
    harness: Harness, operation: str, bad: object, error: type[Exception]
) -> None:
    call = ID_TAKING_CALLS[operation]
    with pytest.raises(error):
        harness.run(lambda st: call(st, bad), token=SMARTAPP)
    assert harness.server.requests == []


def test_ids_with_other_characters_are_percent_encoded(harness: Harness) -> None:
    harness.server.reply(json_body={"deviceId": "a b?c#d%"})
    harness.run(lambda st: st.devices.get("a b?c#d%"))
    assert harness.server.last.url.raw_path == b"/v1/devices/a%20b%3Fc%23d%25"


def test_a_pat_with_known_scopes_still_calls(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("device.json"))
    device = harness.run(lambda st: st.devices.get(DEVICE_ID), token=PersonalAccessToken(TOKEN, scopes=["r:devices:*"]))
    assert device.device_id == DEVICE_ID


# --- execute_all: commands to the devices of SmartApp config entries ---------------------------------------------

RESULTS = {"results": [{"id": "c-1", "status": "ACCEPTED"}]}


def test_execute_all_sends_to_each_config_entry_on_its_component(harness: Harness) -> None:
    entries = [
        ConfigEntry.device("d-1", component_id="freezer"),
        ConfigEntry.string("not a device"),
        ConfigEntry.device("d-2"),
    ]
    harness.server.reply(json_body=RESULTS, times=2)

    outcomes = harness.run(lambda st: st.devices.execute_all(entries, [SWITCH_ON]))

    assert [(r.method, r.url.path) for r in harness.server.requests] == [
        ("POST", "/v1/devices/d-1/commands"),
        ("POST", "/v1/devices/d-2/commands"),
    ]
    # The entry's component replaces the command's, as in the official SDK's sendCommands.
    assert harness.server.body(0)["commands"] == [
        {"component": "freezer", "capability": "switch", "command": "on", "arguments": []}
    ]
    assert harness.server.body(1)["commands"][0]["component"] == "main"
    assert [(o.device_id, o.component_id, o.ok) for o in outcomes] == [("d-1", "freezer", True), ("d-2", "main", True)]
    assert outcomes[0].results == (CommandResult(id="c-1", status=CommandStatus.ACCEPTED),)


def test_execute_all_reports_a_failing_device_and_still_sends_to_the_others(harness: Harness) -> None:
    harness.server.reply(404, {"requestId": "r", "error": {"code": "NotFoundError", "message": "Device not found"}})
    harness.server.reply(json_body=RESULTS)

    outcomes = harness.run(lambda st: st.devices.execute_all(["gone", "d-2"], SWITCH_ON))

    assert len(harness.server.requests) == 2
    gone, kept = outcomes
    assert (gone.device_id, gone.ok, gone.results) == ("gone", False, ())
    assert isinstance(gone.error, NotFoundError)
    assert (kept.device_id, kept.component_id, kept.ok) == ("d-2", None, True)
    # Device ids keep each command's own component.
    assert harness.server.body(1)["commands"][0]["component"] == "main"


def test_execute_all_with_no_devices_sends_nothing(harness: Harness) -> None:
    assert harness.run(lambda st: st.devices.execute_all([], SWITCH_ON)) == []
    assert harness.server.requests == []


@pytest.mark.parametrize(
    ("targets", "commands", "error"),
    [
        ("d-1", SWITCH_ON, ArgumentTypeError),
        (ConfigEntry.device("d-1"), SWITCH_ON, ArgumentTypeError),
        ([42], SWITCH_ON, ArgumentTypeError),
        (["d-1"], [], InvalidArgumentError),
        (["a/b"], SWITCH_ON, InvalidArgumentError),
    ],
    ids=["one-id", "one-entry", "not-an-id", "no-commands", "path-like-id"],
)
def test_execute_all_refuses_bad_arguments_before_sending(
    harness: Harness, targets: Any, commands: Any, error: type[Exception]
) -> None:
    with pytest.raises(error):
        harness.run(lambda st: st.devices.execute_all(targets, commands))
    assert harness.server.requests == []


# --- the official SDK's list page and dated version ------------------------------------------------------------


def test_list_starts_at_a_page_and_pins_the_dated_version(harness: Harness) -> None:
    harness.server.reply(json_body={"items": [pysmartthings("device.json")]})

    devices = harness.collect(lambda st: st.devices.list(page=2, page_size=10))

    assert harness.server.last.url.params.multi_items() == [("max", "10"), ("page", "2")]
    assert harness.server.last.headers["accept"] == "application/vnd.smartthings+json;v=20170916"
    assert len(devices) == 1


def test_list_refuses_a_negative_page(harness: Harness) -> None:
    with pytest.raises(InvalidArgumentError):
        harness.collect(lambda st: st.devices.list(page=-1))
    assert harness.server.requests == []
