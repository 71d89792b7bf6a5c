"""Subscriptions and schedules: guardrails, name rules, conflicts, filters, and the events they produce."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client.testing import SEED_LIGHT_LABEL, Emulator, Installation

ClientFactory = Callable[..., httpx.Client]


@pytest.fixture
def installed(emu: Emulator) -> Installation:
    app = emu.create_app(whitelisted_scopes=["r:devices:*", "x:devices:*", "r:locations:*", "r:hubs"])
    return emu.install(app)


@pytest.fixture
def smartapp(client_for: ClientFactory, installed: Installation) -> httpx.Client:
    return client_for(installed.auth_token)


def device_sub(device_id: str, name: str | None = None, **extra: Any) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "deviceId": device_id,
        "componentId": "main",
        "capability": "switch",
        "attribute": "switch",
        **extra,
    }
    if name is not None:
        spec["subscriptionName"] = name
    return {"sourceType": "DEVICE", "device": spec}


def test_create_list_get_delete(emu: Emulator, smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    created = smartapp.post(base, json=device_sub(light, "light_on"))
    assert created.status_code == 200, created.text
    sub = created.json()
    assert sub["installedAppId"] == installed.installed_app_id
    assert sub["device"]["value"] == "*"
    assert sub["device"]["stateChangeOnly"] is True
    assert smartapp.get(f"{base}/{sub['id']}").json() == sub
    assert smartapp.get(f"{base}/light_on").json() == sub  # addressable by name, as core-sdk deletes
    assert [s["id"] for s in smartapp.get(base).json()["items"]] == [sub["id"]]
    assert smartapp.delete(f"{base}/light_on").json() == {"count": 1}
    assert smartapp.get(f"{base}/{sub['id']}").status_code == 404


def test_twenty_subscriptions_then_limit_error(emu: Emulator, smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    for index in range(20):
        assert smartapp.post(base, json=device_sub(light, f"s{index}")).status_code == 200
    refused = smartapp.post(base, json=device_sub(light, "s20"))
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "LimitError"


def test_subscription_names_pattern_and_uniqueness(
    emu: Emulator, smartapp: httpx.Client, installed: Installation
) -> None:
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert smartapp.post(base, json=device_sub(light, "has space")).status_code == 400
    assert smartapp.post(base, json=device_sub(light, "x" * 37)).status_code == 400
    assert smartapp.post(base, json=device_sub(light, "ok-name_1.(x)")).status_code == 200
    duplicate = smartapp.post(base, json=device_sub(light, "ok-name_1.(x)"))
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["code"] == "ConflictError"


def test_subscription_scopes_and_location(emu: Emulator, client_for: ClientFactory) -> None:
    narrow = emu.install(emu.create_app("narrow", whitelisted_scopes=["r:locations:*"]))
    api = client_for(narrow.auth_token)
    base = f"/installedapps/{narrow.installed_app_id}/subscriptions"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    assert api.post(base, json=device_sub(light)).status_code == 403
    capability = {"sourceType": "CAPABILITY", "capability": {"locationId": emu.location_id, "capability": "switch"}}
    assert api.post(base, json=capability).status_code == 403
    assert api.post(base, json={"sourceType": "MODE", "mode": {"locationId": emu.location_id}}).status_code == 200
    other = emu.add_location("Elsewhere")
    assert api.post(base, json={"sourceType": "MODE", "mode": {"locationId": other}}).status_code == 403
    assert api.post(base, json={"sourceType": "BOGUS"}).status_code == 422


def test_delete_all_with_filters_counts(emu: Emulator, smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    first, second = emu.find_devices("switch")[:2]
    for name, device in (("a", first), ("b", first), ("c", second)):
        smartapp.post(base, json=device_sub(device, name))
    smartapp.post(base, json={"sourceType": "MODE", "mode": {"locationId": emu.location_id}})
    assert smartapp.delete(base, params={"deviceId": first}).json() == {"count": 2}
    assert smartapp.delete(base).json() == {"count": 2}
    assert smartapp.get(base).json()["items"] == []


def test_commands_reach_subscribers_as_device_events(
    emu: Emulator, smartapp: httpx.Client, installed: Installation, api: httpx.Client
) -> None:
    base = f"/installedapps/{installed.installed_app_id}/subscriptions"
    light = emu.devices_by_label()[SEED_LIGHT_LABEL]
    smartapp.post(base, json=device_sub(light, "light"))
    smartapp.post(base, json={"sourceType": "MODE", "mode": {"locationId": emu.location_id}})
    state = emu.attribute(light, "switch", "switch")
    target = "off" if state == "on" else "on"
    api.post(f"/devices/{light}/commands", json={"commands": [{"capability": "switch", "command": target}]})
    api.post(f"/devices/{light}/commands", json={"commands": [{"capability": "switch", "command": target}]})
    emu.set_mode(emu.modes["Away"])
    payload = emu.event(installed.installed_app_id)
    events = payload["eventData"]["events"]
    # stateChangeOnly: the repeated command produced no second event.
    assert [e["eventType"] for e in events] == ["DEVICE_EVENT", "MODE_EVENT"]
    device_event = events[0]["deviceEvent"]
    assert (device_event["deviceId"], device_event["value"], device_event["subscriptionName"]) == (
        light,
        target,
        "light",
    )
    assert events[1]["modeEvent"]["modeId"] == emu.modes["Away"]
    assert emu.event(installed.installed_app_id)["eventData"]["events"] == []


def test_six_schedules_then_limit_error(smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/schedules"
    for index in range(6):
        created = smartapp.post(
            base, json={"name": f"job{index}", "cron": {"expression": "15 10 * * ? *", "timezone": "GMT"}}
        )
        assert created.status_code == 200, created.text
    refused = smartapp.post(base, json={"name": "job6", "cron": {"expression": "15 10 * * ? *", "timezone": "GMT"}})
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "LimitError"
    assert len(smartapp.get(base).json()["items"]) == 6
    assert smartapp.delete(base).json() == {}
    assert smartapp.get(base).json()["items"] == []


def test_schedule_rules(emu: Emulator, smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/schedules"
    cron = {"expression": "30 14 * * ? *", "timezone": "UTC"}
    created = smartapp.post(base, json={"name": "daily", "cron": cron}).json()
    assert created["locationId"] == emu.location_id
    # 2025-03-01 12:00 UTC now, so the next run is today 14:30 at a stable "random" second.
    (next_run,) = created["scheduledExecutions"]
    assert 1740839400000 <= next_run < 1740839460000
    assert smartapp.post(base, json={"name": "daily", "cron": cron}).status_code == 409
    assert smartapp.post(base, json={"name": "bad name", "cron": cron}).status_code == 400
    five_fields = smartapp.post(base, json={"name": "five", "cron": {"expression": "0/10 9 * * ?", "timezone": "UTC"}})
    assert five_fields.status_code == 422
    in_seconds = smartapp.post(base, json={"name": "once", "once": {"time": 1740832400}})
    assert in_seconds.status_code == 422  # seconds read as milliseconds are in 1970
    far = smartapp.post(base, json={"name": "once", "once": {"time": int((emu.clock.now() + 3 * 365 * 86400) * 1000)}})
    assert far.status_code == 422
    soon = smartapp.post(base, json={"name": "once", "once": {"time": emu.clock.millis() + 60_000}})
    assert soon.status_code == 200
    assert smartapp.get(f"{base}/once").json()["once"]["time"] == emu.clock.millis() + 60_000
    assert smartapp.delete(f"{base}/once").json() == {}
    assert smartapp.get(f"{base}/once").status_code == 404


def test_due_schedules_fire_as_timer_events(emu: Emulator, smartapp: httpx.Client, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/schedules"
    smartapp.post(base, json={"name": "soon", "once": {"time": emu.clock.millis() + 60_000}})
    smartapp.post(base, json={"name": "hourly", "cron": {"expression": "0 * * * ? *", "timezone": "UTC"}})
    assert emu.event(installed.installed_app_id)["eventData"]["events"] == []
    emu.clock.advance(3600)
    events = emu.event(installed.installed_app_id)["eventData"]["events"]
    assert sorted((e["timerEvent"]["name"], e["timerEvent"]["type"]) for e in events) == [
        ("hourly", "CRON"),
        ("soon", "ONCE"),
    ]
    assert [s["name"] for s in smartapp.get(base).json()["items"]] == ["hourly"]


def test_pat_needs_schedule_scopes(emu: Emulator, client_for: ClientFactory, installed: Installation) -> None:
    base = f"/installedapps/{installed.installed_app_id}/schedules"
    assert client_for(emu.issue_pat(["r:devices:*"])).get(base).status_code == 403
    reader = client_for(emu.issue_pat(["r:schedules"]))
    assert reader.get(base).status_code == 200
    body = {"name": "x", "cron": {"expression": "0 * * * ? *", "timezone": "UTC"}}
    assert reader.post(base, json=body).status_code == 403
