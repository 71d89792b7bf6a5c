"""``st.locations``, ``st.locations.rooms`` and ``st.locations.modes``, checked against real fixtures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from smartthings_client import Device, Location, Mode, Room

from .fixtures import (
    INVALID_ID_NAMES,
    INVALID_IDS,
    LOCATION_ID,
    ROOM_ID,
    Harness,
    core_sdk,
    pysmartthings,
)

LOCATION = f"/v1/locations/{LOCATION_ID}"
MODE_ID = "7b7ca378-03ed-419d-93c1-76d3bb41c8b3"


def sent_path(harness: Harness) -> tuple[str, str]:
    return harness.server.last.method, harness.server.last.url.path


# --- locations -----------------------------------------------------------------------------------------------


def test_list_parses_locations_json_with_null_links(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("locations.json"))
    locations = harness.collect(lambda st: st.locations.list())
    assert str(harness.server.last.url) == "https://api.smartthings.com/v1/locations"
    assert locations == [
        Location(location_id="397678e5-9995-4a39-9d9f-ae6ba310236b", name="Home"),
        Location(location_id="5c03e518-118a-44cb-85ad-7877d0b302e4", name="Test Home"),
    ]
    assert len(harness.server.requests) == 1


def test_get_parses_location_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("location.json"))
    location = harness.run(lambda st: st.locations.get(LOCATION_ID))
    assert sent_path(harness) == ("GET", LOCATION)
    # allowed=false always, as the official SDK sends it.
    assert harness.server.last.url.query == b"allowed=false"
    assert location == Location(
        location_id=LOCATION_ID,
        name="Test Home",
        country_code="USA",
        latitude=45.00708112,
        longitude=-93.11223629,
        region_radius=150,
        temperature_scale="F",
        time_zone_id=None,
        locale="en",
        background_image=None,
    )


def test_get_with_allowed_asks_for_allowed_actions(harness: Harness) -> None:
    harness.server.reply(json_body={**pysmartthings("location.json"), "allowed": ["d:locations", "w:locations"]})
    location = harness.run(lambda st: st.locations.get(LOCATION_ID, allowed=True))
    assert harness.server.last.url.params.multi_items() == [("allowed", "true")]
    assert location.allowed == ("d:locations", "w:locations")


def test_create_sends_the_given_fields(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("location.json"))
    location = harness.run(
        lambda st: st.locations.create(
            "Test Home",
            "USA",
            latitude=45.00708112,
            longitude=-93.11223629,
            region_radius=150,
            temperature_scale="F",
            locale="en",
            additional_properties={"floor": "2"},
        )
    )
    assert sent_path(harness) == ("POST", "/v1/locations")
    assert harness.server.body() == {
        "name": "Test Home",
        "countryCode": "USA",
        "latitude": 45.00708112,
        "longitude": -93.11223629,
        "regionRadius": 150,
        "temperatureScale": "F",
        "locale": "en",
        "additionalProperties": {"floor": "2"},
    }
    assert location.location_id == LOCATION_ID


def test_create_minimal_body(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("location.json"))
    harness.run(lambda st: st.locations.create("Cabin", "GBR"))
    assert harness.server.body() == {"name": "Cabin", "countryCode": "GBR"}


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda st: st.locations.create(" ", "USA"), "name"),
        (lambda st: st.locations.create("Home", "USA", temperature_scale="K"), "temperature_scale"),
        (lambda st: st.locations.update(LOCATION_ID, temperature_scale="kelvin"), "temperature_scale"),
        (lambda st: st.locations.update(LOCATION_ID), "at least one"),
    ],
    ids=["create-blank-name", "create-bad-scale", "update-bad-scale", "update-nothing"],
)
def test_location_arguments_checked_before_sending(harness: Harness, call: Callable[[Any], Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        harness.run(call)
    assert harness.server.requests == []


def test_update_sends_only_the_given_fields(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("location.json"))
    location = harness.run(lambda st: st.locations.update(LOCATION_ID, name="Test Home", temperature_scale="C"))
    assert sent_path(harness) == ("PUT", LOCATION)
    assert harness.server.body() == {"name": "Test Home", "temperatureScale": "C"}
    assert isinstance(location, Location)


@pytest.mark.parametrize("answer", [b"{}", b""], ids=["empty-object", "empty-body"])
def test_delete_location(harness: Harness, answer: bytes) -> None:
    harness.server.reply(content=answer)
    assert harness.run(lambda st: st.locations.delete(LOCATION_ID)) is None
    assert sent_path(harness) == ("DELETE", LOCATION)


# --- rooms ---------------------------------------------------------------------------------------------------


def test_rooms_list_parses_rooms_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("rooms.json"))
    rooms = harness.collect(lambda st: st.locations.rooms.list(LOCATION_ID))
    assert sent_path(harness) == ("GET", f"{LOCATION}/rooms")
    assert rooms == [Room(room_id=ROOM_ID, location_id=LOCATION_ID, name="Theater", background_image=None)]


def test_rooms_get_parses_room_json(harness: Harness) -> None:
    harness.server.reply(json_body=pysmartthings("room.json"))
    room = harness.run(lambda st: st.locations.rooms.get(LOCATION_ID, ROOM_ID))
    assert sent_path(harness) == ("GET", f"{LOCATION}/rooms/{ROOM_ID}")
    assert room == Room(room_id=ROOM_ID, location_id=LOCATION_ID, name="Theater", background_image="Test")


def _segments(url: str) -> list[str]:
    return urlsplit(url).path.strip("/").split("/")


def _room_call(verb: str, url: str, data: dict[str, Any] | None) -> Callable[[Any], Any]:
    """The client call that the core-sdk request of ``verb`` on ``url`` corresponds to."""
    parts = _segments(url)  # locations/{locationId}/rooms[/{roomId}[/devices]]
    location, room = parts[1], parts[3] if len(parts) > 3 else None
    if verb == "get" and room is None:
        return lambda st: st.locations.rooms.list(location).to_list()
    if verb == "get" and parts[-1] == "devices":
        return lambda st: st.locations.rooms.list_devices(location, room).to_list()
    if verb == "get":
        return lambda st: st.locations.rooms.get(location, room)
    if verb == "post":
        assert data is not None
        return lambda st: st.locations.rooms.create(location, data["name"])
    if verb == "put":
        assert data is not None
        return lambda st: st.locations.rooms.update(location, room, data["name"])
    return lambda st: st.locations.rooms.delete(location, room)


def _mode_call(verb: str, url: str, data: dict[str, Any] | None) -> Callable[[Any], Any]:
    parts = _segments(url)  # locations/{locationId}/modes[/{modeId}|/current]
    location, mode = parts[1], parts[3] if len(parts) > 3 else None
    if verb == "get" and mode is None:
        return lambda st: st.locations.modes.list(location).to_list()
    if verb == "get":
        assert mode == "current"
        return lambda st: st.locations.modes.get_current(location)
    if verb == "post":
        assert data is not None
        return lambda st: st.locations.modes.create(location, data["label"])
    if verb == "put" and mode == "current":
        assert data is not None
        return lambda st: st.locations.modes.set_current(location, data["modeId"])
    if verb == "put":
        assert data is not None
        return lambda st: st.locations.modes.update(location, mode, data["label"])
    return lambda st: st.locations.modes.delete(location, mode)


CORE_SDK_PAIRS = [
    ("rooms", "get", "get_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms"),
    ("rooms", "get", "get_locations_b4db3e54_14f3_4bf4_b217_b8583757d446_rooms"),
    ("rooms", "get", "get_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms_717ce958"),
    ("rooms", "get", "get_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms_717ce958_devices"),
    ("rooms", "post", "post_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms"),
    ("rooms", "put", "put_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms_f32f1b48"),
    ("rooms", "delete", "delete_locations_95efee9b_6073_4871_b5ba_de6642187293_rooms"),
    ("rooms", "delete", "delete_locations_b4db3e54_14f3_4bf4_b217_b8583757d446_rooms"),
    ("modes", "get", "get_locations_95efee9b_6073_4871_b5ba_de6642187293_modes"),
    ("modes", "get", "get_locations_b4db3e54_14f3_4bf4_b217_b8583757d446_modes"),
    ("modes", "get", "get_locations_95efee9b_6073_4871_b5ba_de6642187293_modes_current"),
    ("modes", "get", "get_locations_b4db3e54_14f3_4bf4_b217_b8583757d446_modes_current"),
    ("modes", "post", "post_locations_95efee9b_6073_4871_b5ba_de6642187293_modes"),
    ("modes", "put", "put_locations_95efee9b_6073_4871_b5ba_de6642187293_modes"),
    ("modes", "put", "put_locations_95efee9b_6073_4871_b5ba_de6642187293_modes_current"),
    ("modes", "delete", "delete_locations_95efee9b_6073_4871_b5ba_de6642187293_modes"),
    ("modes", "delete", "delete_locations_b4db3e54_14f3_4bf4_b217_b8583757d446_modes"),
]


def _expected(model: Any, raw: dict[str, Any]) -> None:
    if isinstance(model, Room):
        assert model == Room(
            room_id=raw["roomId"],
            location_id=raw["locationId"],
            name=raw["name"],
            background_image=raw["backgroundImage"],
        )
    elif isinstance(model, Mode):
        assert model == Mode(id=raw["id"], label=raw["label"], name=raw["name"])
    else:
        assert isinstance(model, Device)
        assert (model.device_id, model.label, model.room_id) == (raw["deviceId"], raw["label"], raw["roomId"])
        assert model.capability_ids() == [c["id"] for c in raw["components"][0]["capabilities"]]
        # Keys the model does not name (``vid``, ``mnmn``, the viper block...) stay reachable.
        assert model.extra["vid"] == raw["vid"]
        assert model.integration == raw["viper"]


@pytest.mark.parametrize(("group", "verb", "name"), CORE_SDK_PAIRS, ids=[pair[2] for pair in CORE_SDK_PAIRS])
def test_core_sdk_request_and_response(harness: Harness, group: str, verb: str, name: str) -> None:
    pair = core_sdk(group, verb, name)
    request, response = pair["request"], pair["response"]
    if isinstance(response, str):  # core-sdk writes an empty answer as ""
        harness.server.reply(content=response.encode())
    else:
        harness.server.reply(json_body=response)
    build = _room_call if group == "rooms" else _mode_call
    result = harness.run(build(verb, request["url"], request.get("data")))

    sent = harness.server.last
    assert sent.method == request["method"].upper()
    # core-sdk's base URL has no /v1 in these samples; this client's has.
    assert sent.url.path == "/v1" + urlsplit(request["url"]).path
    if "data" in request:
        assert harness.server.body() == request["data"]
    else:
        assert sent.content == b""
    if verb == "delete":
        assert result is None
    elif isinstance(result, list):
        assert len(result) == len(response["items"])
        for model, raw in zip(result, response["items"], strict=True):
            _expected(model, raw)
    else:
        _expected(result, response)


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda st: st.locations.rooms.create(LOCATION_ID, "  "), "name"),
        (lambda st: st.locations.rooms.update(LOCATION_ID, ROOM_ID, ""), "name"),
        (lambda st: st.locations.modes.create(LOCATION_ID, ""), "label"),
        (lambda st: st.locations.modes.update(LOCATION_ID, MODE_ID, " "), "label"),
    ],
    ids=["room-create", "room-update", "mode-create", "mode-update"],
)
def test_blank_names_are_refused(harness: Harness, call: Callable[[Any], Any], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        harness.run(call)
    assert harness.server.requests == []


# --- invalid ids ---------------------------------------------------------------------------------------------

LocationCall = Callable[[Any, Any], Any]
ID_TAKING_CALLS: dict[str, LocationCall] = {
    "locations.get": lambda st, bad: st.locations.get(bad),
    "locations.update": lambda st, bad: st.locations.update(bad, name="x"),
    "locations.delete": lambda st, bad: st.locations.delete(bad),
    "rooms.list": lambda st, bad: st.locations.rooms.list(bad).to_list(),
    "rooms.get.location": lambda st, bad: st.locations.rooms.get(bad, ROOM_ID),
    "rooms.get.room": lambda st, bad: st.locations.rooms.get(LOCATION_ID, bad),
    "rooms.create": lambda st, bad: st.locations.rooms.create(bad, "Kitchen"),
    "rooms.update": lambda st, bad: st.locations.rooms.update(LOCATION_ID, bad, "Kitchen"),
    "rooms.delete": lambda st, bad: st.locations.rooms.delete(LOCATION_ID, bad),
    "rooms.list_devices": lambda st, bad: st.locations.rooms.list_devices(LOCATION_ID, bad).to_list(),
    "modes.list": lambda st, bad: st.locations.modes.list(bad).to_list(),
    "modes.get_current": lambda st, bad: st.locations.modes.get_current(bad),
    "modes.set_current.location": lambda st, bad: st.locations.modes.set_current(bad, MODE_ID),
    "modes.set_current.mode": lambda st, bad: st.locations.modes.set_current(LOCATION_ID, bad),
    "modes.create": lambda st, bad: st.locations.modes.create(bad, "Vacation"),
    "modes.update": lambda st, bad: st.locations.modes.update(LOCATION_ID, bad, "Vacation"),
    "modes.delete": lambda st, bad: st.locations.modes.delete(LOCATION_ID, bad),
}


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
@pytest.mark.parametrize("operation", list(ID_TAKING_CALLS))
def test_invalid_ids_raise_before_sending(
    harness: Harness, operation: str, bad: object, error: type[Exception]
) -> None:
    call = ID_TAKING_CALLS[operation]
    with pytest.raises(error):
        harness.run(lambda st: call(st, bad))
    assert harness.server.requests == []


@pytest.mark.parametrize("bad", ["", "   ", 42, None])
def test_room_and_mode_names_are_checked_before_sending(harness: Harness, bad: object) -> None:
    with pytest.raises(ValueError, match="non-empty string"):
        harness.run(lambda st: st.locations.rooms.create(LOCATION_ID, bad))
    with pytest.raises(ValueError, match="non-empty string"):
        harness.run(lambda st: st.locations.modes.create(LOCATION_ID, bad))
    assert harness.server.requests == []
