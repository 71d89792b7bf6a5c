"""CRUD of locations, rooms, modes, installed apps, apps and device profiles."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from smartthings_client.testing import Emulator

ClientFactory = Callable[..., httpx.Client]


def test_locations_crud(emu: Emulator, api: httpx.Client) -> None:
    home = api.get(f"/locations/{emu.location_id}").json()
    assert home["name"] == "Home"
    assert home["timeZoneId"] == "America/Chicago"
    assert api.post("/locations", json={"name": "No country"}).status_code == 422
    geo = api.post("/locations", json={"name": "Nowhere", "countryCode": "??"})
    assert geo.json()["error"]["code"] == "UnsupportedGeoRegionError"
    created = api.post("/locations", json={"name": "Cabin", "countryCode": "USA", "temperatureScale": "C"}).json()
    cabin = created["locationId"]
    assert {i["name"] for i in api.get("/locations").json()["items"]} == {"Home", "Cabin"}
    assert len(api.get(f"/locations/{cabin}/modes").json()["items"]) == 3
    updated = api.put(f"/locations/{cabin}", json={"name": "Lake cabin"}).json()
    assert (updated["name"], updated["temperatureScale"]) == ("Lake cabin", "C")
    allowed = api.get(f"/locations/{cabin}", params={"allowed": "true"}).json()["allowed"]
    assert "w:locations" in allowed
    assert api.delete(f"/locations/{cabin}").json() == {}
    assert api.get(f"/locations/{cabin}").status_code == 404


def test_rooms_crud_and_room_devices(emu: Emulator, api: httpx.Client) -> None:
    base = f"/locations/{emu.location_id}/rooms"
    names = {r["name"] for r in api.get(base).json()["items"]}
    assert {"Living room", "Kitchen", "Bedroom"} <= names
    room = api.post(base, json={"name": "Garage"}).json()
    assert api.post(base, json={"name": ""}).status_code == 422
    assert api.put(f"{base}/{room['roomId']}", json={"name": "Workshop"}).json()["name"] == "Workshop"
    (switch,) = emu.add_devices(1, "switch", room_id=room["roomId"])
    assert [d["deviceId"] for d in api.get(f"{base}/{room['roomId']}/devices").json()["items"]] == [switch]
    assert api.delete(f"{base}/{room['roomId']}").json() == {}
    assert "roomId" not in api.get(f"/devices/{switch}").json()
    assert api.get(f"{base}/{room['roomId']}").status_code == 404


def test_modes(emu: Emulator, api: httpx.Client) -> None:
    base = f"/locations/{emu.location_id}/modes"
    assert api.get(f"{base}/current").json()["name"] == "Home"
    created = api.post(base, json={"label": "Vacation"}).json()
    assert created["name"] == created["label"] == "Vacation"
    renamed = api.put(f"{base}/{created['id']}", json={"label": "Holiday"}).json()
    assert (renamed["label"], renamed["name"]) == ("Holiday", "Vacation")
    assert api.put(f"{base}/current", json={"modeId": created["id"]}).json()["id"] == created["id"]
    assert emu.current_mode_id == created["id"]
    assert api.delete(f"{base}/{created['id']}").status_code == 422  # the current mode cannot go
    api.put(f"{base}/current", json={"modeId": emu.modes["Home"]})
    deleted = api.delete(f"{base}/{created['id']}")
    assert deleted.status_code == 200
    assert deleted.content == b""
    assert api.put(f"{base}/current", json={"modeId": "nope"}).status_code == 422


def test_installed_apps_list_get_update_configs_delete(emu: Emulator, api: httpx.Client) -> None:
    app = emu.create_app(whitelisted_scopes=["r:devices:*"])
    light = emu.find_devices("switch")[0]
    config = {"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": light, "componentId": "main"}}]}
    installed = emu.install(app, config=config)
    other = emu.install(emu.create_app("other-app", app_type="LAMBDA_SMART_APP"))
    listed = api.get("/installedapps", params={"installedAppType": "WEBHOOK_SMART_APP"}).json()["items"]
    assert [i["installedAppId"] for i in listed] == [installed.installed_app_id]
    by_device = api.get("/installedapps", params={"deviceId": light}).json()["items"]
    assert [i["installedAppId"] for i in by_device] == [installed.installed_app_id]
    assert len(api.get("/installedapps", params={"locationId": emu.location_id}).json()["items"]) == 2
    iid = installed.installed_app_id
    assert api.get(f"/installedapps/{iid}").json()["installedAppStatus"] == "AUTHORIZED"
    assert api.put(f"/installedapps/{iid}", json={"displayName": "Renamed"}).json()["displayName"] == "Renamed"
    emu.update(iid, config={})
    configs = api.get(f"/installedapps/{iid}/configs").json()["items"]
    assert [c["configurationStatus"] for c in configs] == ["AUTHORIZED", "REVOKED"]
    assert api.get(f"/installedapps/{iid}/configs/{configs[1]['configurationId']}").json()["config"] == config
    assert api.get(f"/installedapps/{iid}/configs", params={"configurationStatus": "REVOKED"}).json()["items"] == [
        configs[1]
    ]
    assert api.delete(f"/installedapps/{iid}").json() == {"count": 1}
    assert api.get(f"/installedapps/{iid}").status_code == 404
    assert api.get(f"/installedapps/{other.installed_app_id}").status_code == 200


def test_create_installed_app_and_smartapp_events(emu: Emulator, api: httpx.Client, client_for: ClientFactory) -> None:
    app = emu.create_app()
    created = api.post(
        "/installedapps",
        json={
            "appId": app.app_id,
            "locationId": emu.location_id,
            "installedAppType": "WEBHOOK_SMART_APP",
            "configurationStatus": "DONE",
            "config": {},
        },
    )
    assert created.status_code == 200
    assert set(created.json()) == {"installedApp", "configurationDetail"}
    installed = emu.install(app)
    events = {"smartAppEvents": [{"name": "x", "attributes": {}}]}
    assert api.post(f"/installedapps/{installed.installed_app_id}/events", json=events).status_code == 403
    smartapp = client_for(installed.auth_token)
    assert smartapp.post(f"/installedapps/{installed.installed_app_id}/events", json=events).json() == {}


def test_apps_crud(emu: Emulator, api: httpx.Client) -> None:
    body = {
        "appName": "my-app",
        "displayName": "My app",
        "description": "d",
        "appType": "WEBHOOK_SMART_APP",
        "classifications": ["AUTOMATION"],
        "webhookSmartApp": {"targetUrl": "https://example.com/st"},
    }
    created = api.post("/apps", json=body, params={"signatureType": "APP_RSA", "requireConfirmation": "true"})
    assert created.status_code == 200, created.text
    app = created.json()["app"]
    assert app["webhookSmartApp"]["signatureType"] == "APP_RSA"
    assert app["webhookSmartApp"]["targetStatus"] == "PENDING"
    assert created.json()["oauthClientId"]
    assert created.json()["oauthClientSecret"]
    assert api.post("/apps", json=body).status_code == 409
    assert api.post("/apps", json={"appName": "x"}).status_code == 422
    assert api.get("/apps/my-app").json()["appId"] == app["appId"]
    assert [a["appName"] for a in api.get("/apps").json()["items"]] == ["my-app"]
    update = {
        "displayName": "Mine",
        "description": "d2",
        "appType": "WEBHOOK_SMART_APP",
        "classifications": ["AUTOMATION"],
    }
    assert api.put(f"/apps/{app['appId']}", json=update).json()["displayName"] == "Mine"
    assert api.put("/apps/my-app/settings", json={"settings": {"k": "v"}}).json() == {"settings": {"k": "v"}}
    assert api.get("/apps/my-app/settings").json() == {"settings": {"k": "v"}}
    oauth = {"clientName": "c", "scope": ["r:devices:*"], "redirectUris": ["https://example.com/cb"]}
    assert api.put("/apps/my-app/oauth", json=oauth).json() == oauth
    assert api.get("/apps/my-app/oauth").json() == oauth
    assert api.put("/apps/my-app/register").json() == {}
    assert api.put("/apps/my-app/signature-type", json={"signatureType": "ST_PADLOCK"}).status_code == 200
    assert api.delete("/apps/my-app").json() == {}
    assert api.get("/apps/my-app").status_code == 404


def test_device_profiles_and_i18n(api: httpx.Client) -> None:
    assert len(api.get("/deviceprofiles").json()["items"]) >= 3
    body = {
        "name": "Test Switch",
        "components": [{"id": "main", "capabilities": [{"id": "switch", "version": 1}], "categories": []}],
        "metadata": {"vid": "x"},
    }
    created = api.post("/deviceprofiles", json=body).json()
    pid = created["id"]
    assert created["status"] == "DEVELOPMENT"
    assert api.post("/deviceprofiles", json={"name": "No components"}).status_code == 422
    changed = api.put(
        f"/deviceprofiles/{pid}",
        json={"components": [{"id": "main", "capabilities": [{"id": "switch"}, {"id": "switchLevel"}]}]},
    ).json()
    assert [c["id"] for c in changed["components"][0]["capabilities"]] == ["switch", "switchLevel"]
    assert (
        api.post(f"/deviceprofiles/{pid}/status", json={"deviceProfileStatus": "PUBLISHED"}).json()["status"]
        == "PUBLISHED"
    )
    assert api.put(f"/deviceprofiles/{pid}", json={"metadata": {}}).status_code == 422
    fr = {"tag": "fr", "components": {"main": {"label": "Principal", "description": "Interrupteur"}}}
    assert api.put(f"/deviceprofiles/{pid}/i18n/fr", json=fr).json() == fr
    assert api.get(f"/deviceprofiles/{pid}/i18n").json()["items"] == [{"tag": "fr"}]
    assert api.get(f"/deviceprofiles/{pid}/i18n/fr").json() == fr
    assert api.delete(f"/deviceprofiles/{pid}/i18n/fr").json() == {}
    assert api.get(f"/deviceprofiles/{pid}/i18n/fr").status_code == 404
    assert api.get("/deviceprofiles", params={"profileId": pid}).json()["items"][0]["id"] == pid
    assert api.delete(f"/deviceprofiles/{pid}").json() == {}
