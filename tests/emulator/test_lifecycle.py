"""Lifecycle payloads: envelope and data shapes for every lifecycle (contract §6.3, smartapps-v1.yml)."""

from __future__ import annotations

from typing import Any

import pytest

from smartthings_client.testing import (
    SEED_LIGHT_LABEL,
    Emulator,
    configuration_payload,
    confirmation_payload,
    device_event_item,
    oauth_callback_payload,
    ping_payload,
)

ENVELOPE = {"lifecycle", "executionId", "appId", "locale", "version", "client", "settings"}


def data_key(payload: dict[str, Any]) -> str:
    (key,) = set(payload) - ENVELOPE
    return key


def test_install_payload(emu: Emulator) -> None:
    app = emu.create_app(whitelisted_scopes=["r:devices:*", "i:deviceprofiles"])
    installed = emu.install(app, config={"minutes": [{"valueType": "STRING", "stringConfig": {"value": "5"}}]})
    payload = installed.payload
    assert set(payload) == ENVELOPE | {"installData"}
    assert payload["lifecycle"] == "INSTALL"
    assert payload["appId"] == app.app_id
    assert set(payload["client"]) >= {"os", "version", "language", "displayMode", "supportedTemplates"}
    data = payload["installData"]
    assert data["authToken"] == installed.auth_token
    assert data["refreshToken"] == installed.refresh_token
    assert data["installedApp"] == {
        "installedAppId": installed.installed_app_id,
        "locationId": emu.location_id,
        "config": {"minutes": [{"valueType": "STRING", "stringConfig": {"value": "5"}}]},
        "permissions": ["r:devices:*", "i:deviceprofiles"],
    }


def test_update_payload_has_previous_config_and_permissions(emu: Emulator) -> None:
    app = emu.create_app(whitelisted_scopes=["r:devices:*", "x:devices:*"])
    installed = emu.install(app, permissions=["r:devices:*"], config={"a": []})
    payload = emu.update(installed.installed_app_id, permissions=["r:devices:*", "x:devices:*"], config={"b": []})
    data = payload["updateData"]
    assert payload["lifecycle"] == "UPDATE"
    assert data["previousConfig"] == {"a": []}
    assert data["previousPermissions"] == ["r:devices:*"]
    assert data["installedApp"]["config"] == {"b": []}
    assert data["installedApp"]["permissions"] == ["r:devices:*", "x:devices:*"]
    assert data["authToken"] != installed.auth_token
    assert data["refreshToken"] != installed.refresh_token


def test_event_payload_with_given_events_and_no_refresh_token(emu: Emulator) -> None:
    installed = emu.install(emu.create_app())
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    item = device_event_item(light, emu.location_id, "switch", "switch", "on", subscription_name="sub")
    payload = emu.event(installed.installed_app_id, [item])
    data = payload["eventData"]
    assert set(data) == {"authToken", "installedApp", "events"}
    assert data["events"] == [item]
    assert item["deviceEvent"]["valueType"] == "string"


def test_uninstall_payload_has_no_token(emu: Emulator) -> None:
    installed = emu.install(emu.create_app())
    payload = emu.uninstall(installed.installed_app_id)
    assert payload["uninstallData"] == {"installedApp": payload["uninstallData"]["installedApp"]}
    with pytest.raises(LookupError):
        emu.installed_app(installed.installed_app_id)


def test_builders_for_the_other_lifecycles() -> None:
    ping = ping_payload("challenge-1")
    assert (ping["lifecycle"], ping["pingData"]) == ("PING", {"challenge": "challenge-1"})
    confirmation = confirmation_payload("app-1", "https://example.com/confirm")
    assert confirmation["confirmationData"] == {"appId": "app-1", "confirmationUrl": "https://example.com/confirm"}
    configuration = configuration_payload("ia-1", "PAGE", page_id="1", previous_page_id="0")
    assert configuration["configurationData"] == {
        "installedAppId": "ia-1",
        "phase": "PAGE",
        "pageId": "1",
        "previousPageId": "0",
        "config": {},
    }
    callback = oauth_callback_payload("ia-1", "/oauth/callback?code=abc")
    assert callback["oauthCallbackData"] == {"installedAppId": "ia-1", "urlPath": "/oauth/callback?code=abc"}
    for payload in (ping, confirmation, configuration, callback):
        assert set(payload) - {data_key(payload)} == ENVELOPE
    with pytest.raises(ValueError):
        configuration_payload("ia-1", "LATER")


def test_lifecycle_payload_dispatch(emu: Emulator) -> None:
    app = emu.create_app()
    install = emu.lifecycle_payload("INSTALL", app=app)
    installed_app_id = install["installData"]["installedApp"]["installedAppId"]
    assert emu.lifecycle_payload("event", installed_app_id)["lifecycle"] == "EVENT"
    assert emu.lifecycle_payload("PING", challenge="c")["pingData"] == {"challenge": "c"}
    assert emu.lifecycle_payload("CONFIGURATION", installed_app_id)["configurationData"]["phase"] == "INITIALIZE"
    assert emu.lifecycle_payload("UNINSTALL", installed_app_id)["lifecycle"] == "UNINSTALL"
    with pytest.raises(ValueError):
        emu.lifecycle_payload("UPDATE")
    with pytest.raises(ValueError):
        emu.lifecycle_payload("REBOOT")


def test_device_lifecycle_and_health_subscriptions_deliver_events(emu: Emulator) -> None:
    import httpx

    installed = emu.install(emu.create_app(whitelisted_scopes=["r:devices:*"]))
    with httpx.Client(
        transport=emu.transport,
        base_url="https://api.smartthings.com/v1",
        headers={"Authorization": f"Bearer {installed.auth_token}"},
    ) as api:
        base = f"/installedapps/{installed.installed_app_id}/subscriptions"
        assert (
            api.post(
                base, json={"sourceType": "DEVICE_LIFECYCLE", "deviceLifecycle": {"locationId": emu.location_id}}
            ).status_code
            == 200
        )
        assert (
            api.post(
                base, json={"sourceType": "DEVICE_HEALTH", "deviceHealth": {"locationId": emu.location_id}}
            ).status_code
            == 200
        )
    (new_device,) = emu.add_devices(1)
    emu.set_health(new_device, "OFFLINE")
    events = emu.event(installed.installed_app_id)["eventData"]["events"]
    assert [e["eventType"] for e in events] == ["DEVICE_LIFECYCLE_EVENT", "DEVICE_HEALTH_EVENT"]
    assert events[0]["deviceLifecycleEvent"]["lifecycle"] == "CREATE"
    assert events[1]["deviceHealthEvent"]["status"] == "OFFLINE"
