"""Devices: seed shape, list filters, status, health, commands and their validation, events, install."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator

ClientFactory = Callable[..., httpx.Client]


def command(capability: str, name: str, *arguments: Any, component: str = "main") -> dict[str, Any]:
    return {"component": component, "capability": capability, "command": name, "arguments": list(arguments)}


def run(api: httpx.Client, device_id: str, *commands: dict[str, Any]) -> httpx.Response:
    return api.post(f"/devices/{device_id}/commands", json={"commands": list(commands)})


def test_seed_has_a_friendly_dimmable_light_in_the_home_location(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert light in emu.find_devices(["switch", "switchLevel"])
    doc = api.get(f"/devices/{light}").json()
    assert doc["locationId"] == emu.location_id
    assert doc["roomId"] in emu.rooms.values()
    assert set(emu.modes) == {"Home", "Away", "Night"}
    assert 20 <= len(emu.devices) <= 30


def test_filters_by_capability_and_or_location_id_and_type(emu: Emulator, api: httpx.Client) -> None:
    def ids(params: Any) -> set[str]:
        return {d["deviceId"] for d in api.get("/devices", params=params).json()["items"]}

    switches = ids({"capability": "switch"})
    locks = ids({"capability": "lock"})
    both_and = ids([("capability", "switch"), ("capability", "lock")])
    both_or = ids([("capability", "switch"), ("capability", "lock"), ("capabilitiesMode", "or")])
    assert switches
    assert locks
    assert both_and == switches & locks
    assert both_or == switches | locks
    assert ids({"capability": "switch,lock"}) == set()  # multi params repeat the key; no comma lists
    first, second = sorted(switches)[:2]
    assert ids([("deviceId", first), ("deviceId", second)]) == {first, second}
    assert ids({"type": "VIPER"})
    assert all(api.get(f"/devices/{d}").json()["type"] == "VIPER" for d in ids({"type": "VIPER"}))
    assert ids({"locationId": "00000000-0000-0000-0000-000000000000"}) == set()
    assert len(ids({"locationId": emu.location_id})) == len(emu.devices)


def test_include_status_and_health(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    item = next(
        d
        for d in api.get("/devices", params={"includeStatus": "true", "includeHealth": "true"}).json()["items"]
        if d["deviceId"] == light
    )
    caps = {c["id"]: c for c in item["components"][0]["capabilities"]}
    assert caps["switch"]["status"]["switch"]["value"] in ("on", "off")
    assert item["healthState"]["state"] == "ONLINE"
    plain = api.get(f"/devices/{light}").json()
    assert "healthState" not in plain
    assert "status" not in plain["components"][0]["capabilities"][0]


def test_status_component_and_capability_views(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    full = api.get(f"/devices/{light}/status").json()
    main = api.get(f"/devices/{light}/components/main/status").json()
    level = api.get(f"/devices/{light}/components/main/capabilities/switchLevel/status").json()
    assert full["components"]["main"] == main
    assert main["switchLevel"] == level
    assert level["level"]["unit"] == "%"
    assert api.get(f"/devices/{light}/components/nope/status").status_code == 404
    assert api.get(f"/devices/{light}/components/main/capabilities/lock/status").status_code == 404


def test_health_is_404_for_devices_not_enrolled(emu: Emulator, api: httpx.Client) -> None:
    iphone = emu.devices_by_label()["iPhone"]
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert api.get(f"/devices/{iphone}/health").status_code == 404
    health = api.get(f"/devices/{light}/health").json()
    assert health == {"deviceId": light, "state": "ONLINE", "lastUpdatedDate": health["lastUpdatedDate"]}
    emu.set_health(light, "OFFLINE")
    assert api.get(f"/devices/{light}/health").json()["state"] == "OFFLINE"


def test_commands_change_status(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    response = run(api, light, command("switch", "off"))
    assert response.status_code == 200
    (result,) = response.json()["results"]
    assert result["status"] == "ACCEPTED"
    assert result["id"]
    assert emu.attribute(light, "switch", "switch") == "off"
    run(api, light, command("switchLevel", "setLevel", 35), command("colorTemperature", "setColorTemperature", 4000))
    assert emu.attribute(light, "switchLevel", "level") == 35
    assert emu.attribute(light, "switch", "switch") == "on"  # a dimmer given a level turns on
    assert emu.attribute(light, "colorTemperature", "colorTemperature") == 4000
    status = api.get(f"/devices/{light}/status").json()["components"]["main"]
    assert status["switchLevel"]["level"] == {"value": 35, "unit": "%", "timestamp": "2025-03-01T12:00:00.000Z"}


def test_lock_and_thermostat_commands(emu: Emulator, api: httpx.Client) -> None:
    lock = emu.devices_by_label()["Front Door Lock"]
    run(api, lock, command("lock", "unlock"))
    assert emu.attribute(lock, "lock", "lock") == "unlocked"
    thermostat = emu.devices_by_label()["Hallway Thermostat"]
    run(
        api,
        thermostat,
        command("thermostatHeatingSetpoint", "setHeatingSetpoint", 68),
        command("thermostatMode", "setThermostatMode", "auto"),
    )
    assert emu.attribute(thermostat, "thermostatHeatingSetpoint", "heatingSetpoint") == 68
    assert emu.attribute(thermostat, "thermostatMode", "thermostatMode") == "auto"


def test_a_capability_without_a_definition_accepts_any_command_without_change(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    before = emu.device_status(light)
    response = run(
        api, light, command("refresh", "refresh"), command("synthetic.lightingEffectCircadian", "anything", 1, "x")
    )
    assert [r["status"] for r in response.json()["results"]] == ["ACCEPTED", "ACCEPTED"]
    assert emu.device_status(light) == before


def test_capability_not_on_the_component_is_422(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    response = run(api, light, command("switch", "on"), command("thermostat", "heat"))
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "ConstraintViolationError"
    assert body["error"]["details"] == [
        {
            "code": "NotValidValue",
            "message": "thermostat is not a valid value.",
            "target": "[1].capability",
            "details": [],
        }
    ]
    assert run(api, light, command("switch", "on", component="nope")).status_code == 422


def test_bad_arguments_fail_the_whole_request(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    before = emu.device_status(light)
    response = run(api, light, command("switch", "off"), command("colorTemperature", "setColorTemperature", 40000))
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["target"] == "commands[1].arguments[0]"
    assert detail["code"] == "UnprocessableEntityError"
    assert "must be at most 30000, not 40000" in detail["message"]
    assert emu.device_status(light) == before
    as_object = api.post(
        f"/devices/{light}/commands",
        json={"commands": [{"capability": "switchLevel", "command": "setLevel", "arguments": {"level": 5}}]},
    )
    assert as_object.json()["error"]["details"][0]["code"] == "BodyMalformedError"


def test_more_than_ten_commands_is_422(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert run(api, light, *[command("switch", "on")] * 10).status_code == 200
    response = run(api, light, *[command("switch", "on")] * 11)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["code"] == "SizeError"


def test_offline_device_accepts_but_keeps_stale_state(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    state = emu.attribute(light, "switch", "switch")
    emu.set_health(light, "OFFLINE")
    assert run(api, light, command("switch", "off" if state == "on" else "on")).status_code == 200
    assert emu.attribute(light, "switch", "switch") == state


def test_update_and_delete_device(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    kitchen = emu.rooms["Kitchen"]
    updated = api.put(f"/devices/{light}", json={"label": "Porch", "roomId": kitchen})
    assert updated.status_code == 200
    assert (updated.json()["label"], updated.json()["roomId"]) == ("Porch", kitchen)
    assert api.put(f"/devices/{light}", json={"label": ""}).status_code == 422
    assert api.put(f"/devices/{light}", json={"roomId": "nope"}).status_code == 422
    assert api.delete(f"/devices/{light}").json() == {}
    assert api.get(f"/devices/{light}").status_code == 404


def app_with_device(emu: Emulator, client_for: ClientFactory, pat: str, flat: bool) -> tuple[httpx.Client, str, str]:
    installed = emu.install(emu.create_app(whitelisted_scopes=["r:devices:*", "i:deviceprofiles"]))
    profile_id = client_for(pat).get("/deviceprofiles").json()["items"][1]["id"]
    api = client_for(installed.auth_token)
    body: dict[str, Any]
    if flat:
        body = {
            "label": "Virtual",
            "profileId": profile_id,
            "installedAppId": installed.installed_app_id,
            "locationId": emu.location_id,
            "externalId": "ext",
        }
    else:
        body = {
            "label": "Virtual",
            "locationId": emu.location_id,
            "app": {"profileId": profile_id, "installedAppId": installed.installed_app_id, "externalId": "ext"},
        }
    created = api.post("/devices", json=body)
    assert created.status_code == 200, created.text
    return api, created.json()["deviceId"], installed.installed_app_id


@pytest.mark.parametrize("flat", [False, True])
def test_app_created_device_and_its_events(emu: Emulator, client_for: ClientFactory, pat: str, flat: bool) -> None:
    api, device_id, installed_app_id = app_with_device(emu, client_for, pat, flat)
    doc = api.get(f"/devices/{device_id}").json()
    assert doc["type"] == "ENDPOINT_APP"
    assert doc["app"] == {"installedAppId": installed_app_id, "externalId": "ext", "profile": doc["profile"]}
    posted = api.post(
        f"/devices/{device_id}/events",
        json={"deviceEvents": [{"component": "main", "capability": "switch", "attribute": "switch", "value": "on"}]},
    )
    assert posted.status_code == 200
    assert posted.json() == {}
    assert emu.attribute(device_id, "switch", "switch") == "on"
    # Commands from a user are forwarded to the app instead of changing state.
    user = client_for(pat)
    assert run(user, device_id, command("switch", "off")).status_code == 200
    assert emu.attribute(device_id, "switch", "switch") == "on"
    (event,) = emu.event(installed_app_id)["eventData"]["events"]
    assert event["eventType"] == "DEVICE_COMMANDS_EVENT"
    assert event["deviceCommandsEvent"]["commands"] == [
        {"componentId": "main", "capability": "switch", "command": "off", "arguments": []}
    ]
    # Only the creating app may post events.
    assert user.post(f"/devices/{device_id}/events", json={"deviceEvents": []}).status_code == 403
    other = emu.install(emu.create_app("other", whitelisted_scopes=["r:devices:*"]))
    refused = client_for(other.auth_token).post(
        f"/devices/{device_id}/events",
        json={"deviceEvents": [{"capability": "switch", "attribute": "switch", "value": "off"}]},
    )
    assert refused.status_code == 403


def test_device_events_limit_and_validation(emu: Emulator, client_for: ClientFactory, pat: str) -> None:
    api, device_id, _ = app_with_device(emu, client_for, pat, flat=True)
    one = {"capability": "switch", "attribute": "switch", "value": "on"}
    assert api.post(f"/devices/{device_id}/events", json={"deviceEvents": [one] * 51}).status_code == 422
    bad = api.post(f"/devices/{device_id}/events", json={"deviceEvents": [{**one, "capability": "lock"}]})
    assert bad.status_code == 422


def test_profile_change_by_the_creating_app(emu: Emulator, client_for: ClientFactory, pat: str) -> None:
    api, device_id, _ = app_with_device(emu, client_for, pat, flat=True)
    profiles = client_for(pat).get("/deviceprofiles").json()["items"]
    changed = api.put(f"/devices/{device_id}/profile", json={"profileId": profiles[0]["id"]})
    assert changed.status_code == 200
    assert changed.json()["profile"] == {"id": profiles[0]["id"]}
    assert (
        client_for(pat).put(f"/devices/{device_id}/profile", json={"profileId": profiles[0]["id"]}).status_code == 403
    )


def test_history_records_changes_newest_first(emu: Emulator, api: httpx.Client) -> None:
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    run(api, light, command("switch", "off"))
    emu.clock.advance(1)
    run(api, light, command("switch", "on"))
    page = api.get("/history/devices", params={"locationId": emu.location_id, "deviceId": light, "limit": 1}).json()
    assert [e["value"] for e in page["items"]] == ["on"]
    older = api.get(page["_links"]["next"]["href"]).json()
    assert [e["value"] for e in older["items"]] == ["off"]
    assert api.get("/history/devices").status_code == 400
