"""Tokens and scopes: 401s, expiry on the fake clock, per-operation scopes, token kinds, location scoping."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from smartthings_client.testing import Emulator

ClientFactory = Callable[..., httpx.Client]
ON = {"commands": [{"component": "main", "capability": "switch", "command": "on"}]}


def assert_empty_403(response: httpx.Response) -> None:
    assert response.status_code == 403
    assert response.content == b""


def test_missing_and_unknown_tokens_are_401_with_envelope(client_for: ClientFactory) -> None:
    missing = client_for().get("/devices")
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "UnauthorizedError"
    unknown = client_for("not-a-token").get("/devices")
    assert unknown.status_code == 401
    assert unknown.json()["error"]["message"] == "Invalid access token"
    basic = client_for().get("/devices", headers={"Authorization": "Basic Zm9vOmJhcg=="})
    assert basic.status_code == 401


def test_pat_lives_24_hours_on_the_fake_clock(emu: Emulator, client_for: ClientFactory) -> None:
    api = client_for(emu.issue_pat())
    emu.clock.advance(24 * 3600 - 1)
    assert api.get("/locations").status_code == 200
    emu.clock.advance(1)
    expired = api.get("/locations")
    assert expired.status_code == 401
    assert expired.json()["error"]["message"] == "Access token expired"


def test_custom_pat_lifetime(emu: Emulator, client_for: ClientFactory) -> None:
    api = client_for(emu.issue_pat(lifetime=60))
    emu.clock.advance(61)
    assert api.get("/locations").status_code == 401


def test_event_token_lasts_five_minutes(emu: Emulator, client_for: ClientFactory) -> None:
    app = emu.create_app()
    installed = emu.install(app)
    event_token = emu.event(installed.installed_app_id)["eventData"]["authToken"]
    assert len(event_token) > 700  # a long JWT, unlike the uuid-like INSTALL token
    api = client_for(event_token)
    emu.clock.advance(299)
    assert api.get("/installedapps/me").status_code == 200
    emu.clock.advance(1)
    assert api.get("/installedapps/me").status_code == 401
    # The INSTALL token is still good: it lasts 24 h.
    assert client_for(installed.auth_token).get("/installedapps/me").status_code == 200


def test_read_scope_does_not_allow_commands(emu: Emulator, client_for: ClientFactory) -> None:
    api = client_for(emu.issue_pat(["r:devices:*"]))
    light = emu.find_devices("switch")[0]
    assert api.get(f"/devices/{light}").status_code == 200
    refused = api.post(f"/devices/{light}/commands", json=ON)
    assert_empty_403(refused)
    assert "x:devices" in refused.headers["x-emulator-reason"]


def test_write_does_not_imply_read_or_execute(emu: Emulator, client_for: ClientFactory) -> None:
    api = client_for(emu.issue_pat(["w:devices:*"]))
    light = emu.find_devices("switch")[0]
    assert_empty_403(api.get(f"/devices/{light}"))
    assert_empty_403(api.post(f"/devices/{light}/commands", json=ON))
    assert api.put(f"/devices/{light}", json={"label": "Renamed"}).status_code == 200


def test_per_device_scope_covers_only_that_device(emu: Emulator, client_for: ClientFactory) -> None:
    first, second = emu.find_devices("switch")[:2]
    api = client_for(emu.issue_pat([f"r:devices:{first}", f"x:devices:{first}"]))
    assert api.get(f"/devices/{first}/status").status_code == 200
    assert api.post(f"/devices/{first}/commands", json=ON).status_code == 200
    assert_empty_403(api.get(f"/devices/{second}"))
    listed = api.get("/devices").json()["items"]
    assert [d["deviceId"] for d in listed] == [first]


def test_list_devices_needs_some_device_read_scope(emu: Emulator, client_for: ClientFactory) -> None:
    assert_empty_403(client_for(emu.issue_pat(["r:locations:*"])).get("/devices"))
    assert client_for(emu.issue_pat(["l:devices"])).get("/devices").status_code == 200


def test_pat_gets_empty_403_on_every_subscription_route(emu: Emulator, api: httpx.Client) -> None:
    installed = emu.install(emu.create_app())
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    assert_empty_403(api.get(base))
    assert_empty_403(api.post(base, json={"sourceType": "MODE", "mode": {"locationId": emu.location_id}}))
    assert_empty_403(api.delete(base))
    assert_empty_403(api.get(f"{base}/anything"))


def test_pat_cannot_install_devices(emu: Emulator, api: httpx.Client) -> None:
    installed = emu.install(emu.create_app())
    profile = next(iter(api.get("/deviceprofiles").json()["items"]))
    body = {
        "label": "x",
        "locationId": emu.location_id,
        "app": {"profileId": profile["id"], "installedAppId": installed.installed_app_id},
    }
    assert_empty_403(api.post("/devices", json=body))


@pytest.mark.parametrize("scope", ["i:deviceprofiles", "i:deviceprofiles:*"])
def test_both_install_scope_forms_work(emu: Emulator, client_for: ClientFactory, pat: str, scope: str) -> None:
    app = emu.create_app(whitelisted_scopes=["r:devices:*", scope])
    installed = emu.install(app)
    profile_id = client_for(pat).get("/deviceprofiles").json()["items"][0]["id"]
    response = client_for(installed.auth_token).post(
        "/devices", json={"label": "Made by app", "profileId": profile_id, "externalId": "ext-1"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["app"]["installedAppId"] == installed.installed_app_id


def test_install_without_the_scope_is_403(emu: Emulator, client_for: ClientFactory, pat: str) -> None:
    installed = emu.install(emu.create_app(whitelisted_scopes=["r:devices:*"]))
    profile_id = client_for(pat).get("/deviceprofiles").json()["items"][0]["id"]
    assert_empty_403(client_for(installed.auth_token).post("/devices", json={"profileId": profile_id}))


def test_smartapp_tokens_see_only_their_location(emu: Emulator, client_for: ClientFactory) -> None:
    cabin = emu.add_location("Cabin")
    (cabin_switch,) = emu.add_devices(1, "switch", location_id=cabin)
    cabin_room = emu.add_room("Loft", cabin)
    home_light = emu.find_devices("switch", location_id=emu.location_id)[0]
    app = emu.create_app(whitelisted_scopes=["r:devices:*", "x:devices:*", "r:locations:*"])
    api = client_for(emu.install(app).auth_token)
    assert api.get(f"/devices/{home_light}").status_code == 200
    assert_empty_403(api.get(f"/devices/{cabin_switch}"))
    assert_empty_403(api.post(f"/devices/{cabin_switch}/commands", json=ON))
    assert_empty_403(api.get(f"/locations/{cabin}"))
    assert_empty_403(api.get(f"/locations/{cabin}/rooms/{cabin_room}"))
    listed = {d["deviceId"] for d in api.get("/devices").json()["items"]}
    assert home_light in listed
    assert cabin_switch not in listed
    assert [loc["locationId"] for loc in api.get("/locations").json()["items"]] == [emu.location_id]


def test_smartapp_token_cannot_touch_another_apps_subscriptions(emu: Emulator, client_for: ClientFactory) -> None:
    first = emu.install(emu.create_app("first"))
    second = emu.install(emu.create_app("second"))
    api = client_for(first.auth_token)
    assert api.get(f"/installedapps/{first.installed_app_id}/subscriptions").status_code == 200
    assert_empty_403(api.get(f"/installedapps/{second.installed_app_id}/subscriptions"))
    assert_empty_403(api.get(f"/installedapps/{second.installed_app_id}/schedules"))


def test_smartapp_tokens_cannot_call_apps_or_deviceprofiles(emu: Emulator, client_for: ClientFactory) -> None:
    api = client_for(emu.install(emu.create_app()).auth_token)
    assert_empty_403(api.get("/apps"))
    assert_empty_403(api.get("/deviceprofiles"))
    assert_empty_403(api.post("/locations", json={"name": "x", "countryCode": "USA"}))


def test_uninstall_revokes_tokens(emu: Emulator, client_for: ClientFactory) -> None:
    installed = emu.install(emu.create_app())
    api = client_for(installed.auth_token)
    assert api.get("/installedapps/me").status_code == 200
    payload = emu.uninstall(installed.installed_app_id)
    assert "authToken" not in payload["uninstallData"]
    assert api.get("/installedapps/me").status_code == 401


def test_installedapps_me_describes_the_token(emu: Emulator, client_for: ClientFactory, api: httpx.Client) -> None:
    installed = emu.install(emu.create_app(whitelisted_scopes=["r:devices:*", "r:locations:*"]))
    me = client_for(installed.auth_token).get("/installedapps/me").json()
    assert me == {
        "installedAppId": installed.installed_app_id,
        "locationId": emu.location_id,
        "scope": ["r:devices:*", "r:locations:*"],
    }
    assert_empty_403(api.get("/installedapps/me"))


def test_install_rejects_permissions_that_are_not_whitelisted(emu: Emulator) -> None:
    app = emu.create_app(whitelisted_scopes=["i:deviceprofiles:*"])
    with pytest.raises(ValueError, match="not whitelisted"):
        emu.install(app, permissions=["i:deviceprofiles"])
