"""The official TypeScript SDK's own unit tests as our contract.

Each case of ``tests/data/core-sdk-tests/*.json`` (extracted from SmartThingsCommunity/smartthings-core-sdk's
``test/unit/*.test.ts``, see the README there) is replayed through this library's public API against an
``httpx.MockTransport``: the requests we send must have the SDK's method, path, query, body and significant
headers, in the SDK's order, and the SDK's sample answer must decode with its identifying fields intact.  A case
may differ only where ``docs/sdk-differences.md`` lists that case and that field, with a reason; a listed
difference that no longer occurs fails too, so the table stays true.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import attrs
import httpx
import pytest

from smartthings_client import SmartThings
from smartthings_client._paging import SyncPager
from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import SmartThingsError
from smartthings_client.models.apps import CreateAppRequest
from smartthings_client.models.converter import decode_as
from smartthings_client.models.devices import Command
from smartthings_client.models.installedapps import ConfigEntry, DeviceConfig
from smartthings_client.models.schema import SchemaAppRequest
from smartthings_client.models.subscriptions import DeviceSubscription
from smartthings_client.models.virtualdevices import VirtualDeviceOwner

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
CASES_DIR = DATA / "core-sdk-tests"
DIFFERENCES = ROOT / "docs" / "sdk-differences.md"
TOKEN = "00000000-0000-0000-0000-000000000000"
DEFAULT_ACCEPT = "application/vnd.smartthings+json;v=1"
SIGNIFICANT_HEADERS = ("Accept", "X-ST-Organization")

# The ids the SDK tests configure their clients with, or pass.
LOC = "95efee9b-6073-4871-b5ba-de6642187293"
LOC2 = "b4db3e54-14f3-4bf4-b217-b8583757d446"
HISTORY_LOC = "3749dfe2-441e-45e6-a461-1fd3cef3dba6"
SCHEDULES_ISA = "39d84b7a-edf8-4213-b256-122d90a94b3e"
SCHEDULES_LOC = "0bcbe542-d340-42a9-b00a-a2067170810e"
SUBSCRIPTIONS_ISA = "5336bd07-435f-4b6c-af1d-fddba55c1c24"
SERVICES_ISA = "881c4ddf-5399-4576-8ff6-df9f582e737a"


def _load_cases() -> list[dict[str, Any]]:
    cases = []
    for file in sorted(CASES_DIR.glob("*.json")):
        cases.extend(json.loads(file.read_text())["cases"])
    return cases


CASES = _load_cases()
BY_ID = {case["id"]: case for case in CASES}


def _status(reference: dict[str, Any]) -> int:
    return int(reference.get("status", 200))


def _sample(reference: dict[str, Any]) -> Any:
    """The answer a case's test mocked: inline (``inline``), or a response in our copies of the SDK's samples."""
    if "inline" in reference:
        return reference["inline"]
    data = json.loads((DATA / reference["sample"]).read_text())[reference["export"]]
    return data["response"] if isinstance(data, dict) and "response" in data else data


def _first_body(case: dict[str, Any]) -> Any:
    return case["requests"][0]["body"]


# ---------------------------------------------------------------------------------------------------------
# Each SDK call as this library makes it.  A call returns what a user gets (lists as lists).

Call = Callable[[SmartThings, dict[str, Any]], Any]


def _config(raw: dict[str, list[dict[str, Any]]]) -> dict[str, list[ConfigEntry]]:
    decode = decode_as(ConfigEntry)
    return {name: [decode(entry) for entry in entries] for name, entries in raw.items()}


def _previous_page(st: SmartThings, case: dict[str, Any]) -> Any:
    device = "c8fc80fc-6bbb-4b74-a9fa-97acc3d5fc05"
    pages = st.history.devices(HISTORY_LOC, device_id=device).pages()
    next(pages)
    second = next(pages)
    newest = second.items[0]
    # Back from the second page: the SmartThings cursor of its newest event, one page newer.
    back = st.history.devices(HISTORY_LOC, device_id=device, after=newest.epoch, after_hash=newest.hash)
    return next(iter(back.pages())).items


def _run_daily_location(st: SmartThings, case: dict[str, Any]) -> Any:
    zone = st.locations.get(SCHEDULES_LOC).time_zone_id
    assert zone is not None
    return st.schedules.create_cron("onSchedule", "35 16 * * ? *", zone, installed_app_id=SCHEDULES_ISA)


CALLS: dict[str, Call] = {
    # deviceprofiles
    "deviceprofiles/list": lambda st, c: st.deviceprofiles.list().to_list(),
    "deviceprofiles/get": lambda st, c: st.deviceprofiles.get("96406249-c14c-4d0e-8dd2-f62fbe381e78"),
    "deviceprofiles/create": lambda st, c: st.deviceprofiles.create(
        _first_body(c)["name"], _first_body(c)["components"], metadata=_first_body(c)["metadata"]
    ),
    "deviceprofiles/update": lambda st, c: st.deviceprofiles.update(
        "149476cd-3ca9-4e62-ba40-a399e558b2bf",
        components=_first_body(c)["components"],
        metadata=_first_body(c)["metadata"],
    ),
    "deviceprofiles/update-status": lambda st, c: st.deviceprofiles.set_status(
        "149476cd-3ca9-4e62-ba40-a399e558b2bf", "PUBLISHED"
    ),
    "deviceprofiles/delete": lambda st, c: st.deviceprofiles.delete("149476cd-3ca9-4e62-ba40-a399e558b2bf"),
    "deviceprofiles/get-locales": lambda st, c: st.deviceprofiles.list_locales("3acbf2fc-6be2-4be0-aeb5-c10f4ff357bb"),
    "deviceprofiles/create-a-new-translation": lambda st, c: st.deviceprofiles.put_localization(
        "3acbf2fc-6be2-4be0-aeb5-c10f4ff357bb", "fr", _first_body(c)["components"]
    ),
    "deviceprofiles/delete-translations": lambda st, c: st.deviceprofiles.delete_localization(
        "3acbf2fc-6be2-4be0-aeb5-c10f4ff357bb", "fr"
    ),
    # history
    "history/all-devices": lambda st, c: next(iter(st.history.devices(HISTORY_LOC).pages())).items,
    "history/one-device": lambda st, c: (
        next(iter(st.history.devices(HISTORY_LOC, device_id="10c6404e-69cf-4456-80f4-b7995f6b3578").pages())).items
    ),
    "history/explicit-paging": lambda st, c: st.history.devices(
        HISTORY_LOC, device_id="10c6404e-69cf-4456-80f4-b7995f6b3578", page_size=100
    ).to_list(),
    "history/asynchronous-iteration": lambda st, c: list(
        st.history.devices(HISTORY_LOC, device_id="10c6404e-69cf-4456-80f4-b7995f6b3578", page_size=100)
    ),
    "history/limit-10": lambda st, c: next(iter(st.history.devices(HISTORY_LOC, page_size=10).pages())).items,
    "history/oldest-first": lambda st, c: next(iter(st.history.devices(HISTORY_LOC, oldest_first=True).pages())).items,
    "history/after": lambda st, c: next(iter(st.history.devices(HISTORY_LOC, after=1586816886525).pages())).items,
    "history/before": lambda st, c: next(iter(st.history.devices(HISTORY_LOC, before=1586816887118).pages())).items,
    "history/after-with-hash": lambda st, c: (
        next(iter(st.history.devices(HISTORY_LOC, after=1586816914302, after_hash=3867841901).pages())).items
    ),
    "history/before-with-hash": lambda st, c: (
        next(iter(st.history.devices(HISTORY_LOC, before=1586816914302, before_hash=1829332710).pages())).items
    ),
    "history/other-location": lambda st, c: (
        next(
            iter(st.history.devices("3d1fb8b0-3d67-4453-bf82-b290034e9be8", page_size=10, oldest_first=True).pages())
        ).items
    ),
    "history/previous-page": _previous_page,
    # installedapps
    "installedapps/list": lambda st, c: st.installedapps.list().to_list(),
    "installedapps/list-in-location": lambda st, c: st.installedapps.list(location_id=LOC).to_list(),
    "installedapps/list-of-a-type": lambda st, c: st.installedapps.list(
        installed_app_type=["WEBHOOK_SMART_APP", "LAMBDA_SMART_APP"]
    ).to_list(),
    "installedapps/list-with-a-status": lambda st, c: st.installedapps.list(
        installed_app_status="AUTHORIZED", device_id="e3893344-372d-46f5-bd3f-e98a5da6cf8d"
    ).to_list(),
    "installedapps/get": lambda st, c: st.installedapps.get("40593b6d-e062-436a-b17e-86ea3f1d979c"),
    "installedapps/create": lambda st, c: st.installedapps.create(
        _first_body(c)["appId"],
        _first_body(c)["locationId"],
        installed_app_type=_first_body(c)["installedAppType"],
        configuration_status=_first_body(c)["configurationStatus"],
        config=_config(_first_body(c)["config"]),
    ),
    "installedapps/update": lambda st, c: st.installedapps.update(
        "e09af197-4a51-42d9-8fd9-a39a67049d4a", display_name="Updated Functional Test Switch Reflector"
    ),
    "installedapps/update-config": lambda st, c: st.installedapps.update_configuration(
        _config(_first_body(c)["config"]), installed_app_id="e09af197-4a51-42d9-8fd9-a39a67049d4a"
    ),
    "installedapps/list-configurations": lambda st, c: st.installedapps.list_configs(
        "e09af197-4a51-42d9-8fd9-a39a67049d4a"
    ).to_list(),
    "installedapps/get-configuration": lambda st, c: st.installedapps.get_config(
        "52764f0b-6bfa-4771-8e31-f5e59ebdbf24", installed_app_id="40593b6d-e062-436a-b17e-86ea3f1d979c"
    ),
    "installedapps/get-latest-configuration": lambda st, c: st.installedapps.latest_config(
        "40593b6d-e062-436a-b17e-86ea3f1d979c"
    ),
    "installedapps/get-authorized-configuration": lambda st, c: st.installedapps.current_config(
        "40593b6d-e062-436a-b17e-86ea3f1d979c"
    ),
    "installedapps/get-current-configuration": lambda st, c: st.installedapps.current_config(
        "40593b6d-e062-436a-b17e-86ea3f1d979c"
    ),
    "installedapps/get-current-configuration-noauth": lambda st, c: (
        st.installedapps.current_config("40593b6d-e062-436a-b17e-86ea3f1d979c")
        or st.installedapps.latest_config("40593b6d-e062-436a-b17e-86ea3f1d979c")
    ),
    "installedapps/token-info": lambda st, c: st.installedapps.me(),
    "installedapps/delete": lambda st, c: st.installedapps.delete("5336bd07-435f-4b6c-af1d-fddba55c1c24"),
    # modes
    "modes/list": lambda st, c: st.locations.modes.list(LOC),
    "modes/list-explicit": lambda st, c: st.locations.modes.list(LOC2),
    "modes/get": lambda st, c: [
        m for m in st.locations.modes.list(LOC) if m.id == "ab7d4dc0-c0de-4276-a5dc-6b3a230f1bc7"
    ],
    "modes/get-current-implicit": lambda st, c: st.locations.modes.get_current(LOC),
    "modes/get-current-explicit": lambda st, c: st.locations.modes.get_current(LOC2),
    "modes/set-current-implicit": lambda st, c: st.locations.modes.set_current(
        LOC, "7b7ca378-03ed-419d-93c1-76d3bb41c8b3"
    ),
    "modes/create": lambda st, c: st.locations.modes.create(LOC, "Mode 4"),
    "modes/update": lambda st, c: st.locations.modes.update(LOC, "7b7ca378-03ed-419d-93c1-76d3bb41c8b3", "Mode Four"),
    "modes/delete": lambda st, c: st.locations.modes.delete(LOC, "7b7ca378-03ed-419d-93c1-76d3bb41c8b3"),
    "modes/delete-explicit": lambda st, c: st.locations.modes.delete(LOC2, "7b7ca378-03ed-419d-93c1-76d3bb41c8b3"),
    # organizations
    "organizations/list": lambda st, c: st.organizations.list(),
    "organizations/explicit-get": lambda st, c: st.organizations.get("00000000-0000-0000-0000-000000000000"),
    # rooms
    "rooms/list": lambda st, c: st.locations.rooms.list(LOC),
    "rooms/list-explicit": lambda st, c: st.locations.rooms.list(LOC2),
    "rooms/get": lambda st, c: st.locations.rooms.get(LOC, "717ce958-49c6-4448-8544-fa2da2e7592b"),
    "rooms/get-explicit": lambda st, c: st.locations.rooms.get(LOC2, "717ce958-49c6-4448-8544-fa2da2e7592b"),
    "rooms/list-devices": lambda st, c: st.locations.rooms.list_devices(LOC, "717ce958-49c6-4448-8544-fa2da2e7592b"),
    "rooms/create": lambda st, c: st.locations.rooms.create(LOC, "Test Room"),
    "rooms/update": lambda st, c: st.locations.rooms.update(
        LOC, "f32f1b48-58ab-441b-8240-10860cc52618", "Test Room Renamed"
    ),
    "rooms/delete": lambda st, c: st.locations.rooms.delete(LOC, "f32f1b48-58ab-441b-8240-10860cc52618"),
    "rooms/delete-explicit": lambda st, c: st.locations.rooms.delete(LOC2, "f32f1b48-58ab-441b-8240-10860cc52618"),
    # scenes
    "scenes/list-all": lambda st, c: st.scenes.list(),
    "scenes/list-for-location": lambda st, c: st.scenes.list(LOC),
    "scenes/get": lambda st, c: [s for s in st.scenes.list() if s.scene_id == "13a63ff0-587e-45d2-8c4e-b40525f2093c"],
    "scenes/execute": lambda st, c: st.scenes.execute("13a63ff0-587e-45d2-8c4e-b40525f2093c"),
    # schedules
    "schedules/run-daily-iso": lambda st, c: st.schedules.create_cron(
        "onSchedule", "35 16 * * ? *", "PST", installed_app_id=SCHEDULES_ISA
    ),
    "schedules/run-daily-simple": lambda st, c: st.schedules.create_cron(
        "onSchedule", "45 9 * * ? *", "PST", installed_app_id=SCHEDULES_ISA
    ),
    "schedules/run-daily-date": lambda st, c: st.schedules.create_cron(
        "onSchedule", "30 14 * * ? *", "UTC", installed_app_id=SCHEDULES_ISA
    ),
    "schedules/run-daily-location": _run_daily_location,
    "schedules/run-once-time": lambda st, c: st.schedules.create_once(
        "onOnce", 1584891000000, installed_app_id=SCHEDULES_ISA
    ),
    "schedules/run-once-date": lambda st, c: st.schedules.create_once(
        "onOnce", datetime.fromtimestamp(1584891000, timezone.utc), installed_app_id=SCHEDULES_ISA
    ),
    # services
    "services/implicit-location-info": lambda st, c: st.services.get_info(LOC),
    "services/explicit-location-info": lambda st, c: st.services.get_info("ea451fc7-067f-4cff-a935-f8b66db2e530"),
    "services/get-service-capabilities": lambda st, c: st.services.list_capabilities(LOC),
    "services/get-weather-data": lambda st, c: st.services.get_capabilities(LOC, "weather"),
    "services/get-weather-and-forecast-data": lambda st, c: st.services.get_capabilities(LOC, ["weather", "forecast"]),
    "services/create-subscription": lambda st, c: st.services.create_subscription(
        LOC, ["weather"], predicate="weather.temperature.value <= 12", installed_app_id=SERVICES_ISA
    ),
    "services/create-subscription-explicit": lambda st, c: st.services.create_subscription(
        LOC,
        ["weather"],
        predicate="weather.temperature.value <= 12",
        installed_app_id="43357bf4-2687-4f9f-8ae6-5ba92c745cab",
    ),
    "services/create-subscription-execution": lambda st, c: st.services.create_subscription(
        LOC, ["weather"], predicate="weather.temperature.value <= 12", type="EXECUTION", installed_app_id=SERVICES_ISA
    ),
    "services/delete-subscription": lambda st, c: st.services.delete_subscription(
        LOC, "43357bf4-2687-4f9f-8ae6-5ba92c745cab", installed_app_id=SERVICES_ISA
    ),
    "services/delete-subscriptions": lambda st, c: st.services.delete_all_subscriptions(
        LOC, installed_app_id=SERVICES_ISA
    ),
    "services/delete-subscriptions-when-none": lambda st, c: st.services.delete_all_subscriptions(
        LOC, installed_app_id=SERVICES_ISA
    ),
    # subscriptions
    "subscriptions/list-all": lambda st, c: st.subscriptions.list(installed_app_id=SUBSCRIPTIONS_ISA),
    "subscriptions/delete-one": lambda st, c: st.subscriptions.delete(
        "eventHandler", installed_app_id=SUBSCRIPTIONS_ISA
    ),
    "subscriptions/delete-all": lambda st, c: st.subscriptions.delete_all(installed_app_id=SUBSCRIPTIONS_ISA),
    "subscriptions/unsubscribe": lambda st, c: st.subscriptions.delete(
        "eventHandler", installed_app_id=SUBSCRIPTIONS_ISA
    ),
    "subscriptions/unsubscribe-all": lambda st, c: st.subscriptions.delete_all(installed_app_id=SUBSCRIPTIONS_ISA),
    "subscriptions/create": lambda st, c: st.subscriptions.create(
        DeviceSubscription(
            device_id=_first_body(c)["device"]["deviceId"],
            component_id=_first_body(c)["device"]["componentId"],
            capability=_first_body(c)["device"]["capability"],
            attribute=_first_body(c)["device"]["attribute"],
            modes=_first_body(c)["device"]["modes"],
        ),
        installed_app_id=SUBSCRIPTIONS_ISA,
    ),
}


def _device_entry(device_id: str, component_id: str) -> ConfigEntry:
    return ConfigEntry(value_type="DEVICE", device_config=DeviceConfig(device_id=device_id, component_id=component_id))


CALLS.update(
    {
        # devices
        "devices/list-works-without-options": lambda st, c: st.devices.list(),
        "devices/list-includes-configured-locationid": lambda st, c: st.devices.list(
            location_id="configured-location-id"
        ),
        "devices/list-handles-capability": lambda st, c: st.devices.list(capability="search-capability"),
        "devices/list-handles-locationid": lambda st, c: st.devices.list(location_id="wanted-locationId"),
        "devices/list-handles-deviceid": lambda st, c: st.devices.list(device_id="desired-deviceId"),
        "devices/list-handles-capabilitiesmode": lambda st, c: st.devices.list(capabilities_mode="my-capabilitiesMode"),
        "devices/list-handles-accesslevel": lambda st, c: st.devices.list(access_level="search-accessLevel"),
        "devices/list-handles-includehealth": lambda st, c: st.devices.list(include_health=True),
        "devices/list-handles-includestatus": lambda st, c: st.devices.list(include_status=True),
        "devices/list-handles-installedappid": lambda st, c: st.devices.list(installed_app_id="search-installedAppId"),
        "devices/list-handles-type": lambda st, c: st.devices.list(type="search-type"),
        "devices/get-works-without-options": lambda st, c: st.devices.get("device-id"),
        "devices/get-handles-includehealth": lambda st, c: st.devices.get("device-id", include_health=True),
        "devices/get-handles-includestatus": lambda st, c: st.devices.get("device-id", include_status=True),
        "devices/delete": lambda st, c: st.devices.delete("id-to-delete"),
        "devices/create-creates-app-based-on-devicecreate-type": lambda st, c: st.devices.install(
            location_id="location-id",
            profile_id="profile-id",
            installed_app_id="installed-app-id",
            label="Living room light",
            external_id="Th13390",
        ),
        "devices/updateprofile": lambda st, c: st.devices.update_profile("device-id", "profile-id"),
        "devices/getstatus": lambda st, c: st.devices.status("device-id"),
        "devices/getcomponentstatus": lambda st, c: st.devices.component_status("device-id", "component-id"),
        "devices/getcapabilitystatus": lambda st, c: st.devices.capability_status(
            "device-id", "capability-id", "component-id"
        ),
        "devices/gethealth-works-on-happy-path": lambda st, c: st.devices.health("device-id"),
        "devices/gethealth-converts-404-to-unknown-status": lambda st, c: st.devices.health("device-id"),
        "devices/executecommands-works-on-happy-path": lambda st, c: st.devices.execute(
            "device-id", Command(capability="switch", command="command-1")
        ),
        "devices/postcommands": lambda st, c: st.devices.execute(
            "device-id", [Command(capability="switch", command="command-1")]
        ),
        "devices/sendcommand-processes-simple-single-command": lambda st, c: st.devices.execute_all(
            [_device_entry("device-id", "component-id")], Command(capability="capability-id", command="command")
        ),
        "devices/sendcommand-builds-commands-from-commands-list": lambda st, c: st.devices.execute_all(
            [_device_entry("device-id", "component-id")],
            [
                Command(capability="capability-id-1", command="command-1"),
                Command(capability="capability-id-2", command="command-2", arguments=["arg1", "arg2"]),
            ],
        ),
        "devices/sendcommands-does-nothing-given-no-config-entries": lambda st, c: st.devices.execute_all(
            [], Command(capability="capability-id", command="command")
        ),
        "devices/sendevents": lambda st, c: st.devices.create_events("device-id", []),
        "devices/getpresentation": lambda st, c: st.presentation.for_device("device-id"),
        "devices/getpreferences": lambda st, c: st.devices.get_preferences("device-id"),
        # apps
        "apps/list": lambda st, c: st.apps.list(),
        "apps/list-automations": lambda st, c: st.apps.list(classification="AUTOMATION"),
        "apps/list-webhooks": lambda st, c: st.apps.list(app_type="WEBHOOK_SMART_APP"),
        "apps/list-lambda-automations": lambda st, c: st.apps.list(
            app_type="LAMBDA_SMART_APP", classification="AUTOMATION"
        ),
        "apps/list-tags": lambda st, c: st.apps.list(tags={"industry": "energy", "region": "North America"}),
        "apps/get": lambda st, c: st.apps.get("appName"),
        "apps/create": lambda st, c: st.apps.create(
            CreateAppRequest(
                app_name="app",
                display_name="app",
                description="app",
                app_type="API_ONLY",
                classifications=["AUTOMATION"],
            )
        ),
        "apps/update-signature-type": lambda st, c: st.apps.update_signature_type("appId", "ST_PADLOCK"),
        "apps/register": lambda st, c: st.apps.register("appId"),
        "apps/update-oauth": lambda st, c: st.apps.update_oauth(
            "appId", client_name="clientName", scope=["r:devices:*"], redirect_uris=[]
        ),
        "apps/regenerate-oauth": lambda st, c: st.apps.generate_oauth(
            "appId", client_name="clientName", scope=["r:devices:*"]
        ),
        "apps/delete": lambda st, c: st.apps.delete("appId"),
        # locations
        "locations/list": lambda st, c: st.locations.list(),
        "locations/explicit-get": lambda st, c: st.locations.get("explicitId"),
        "locations/implicit-get": lambda st, c: st.locations.get("locationId"),
        "locations/accepts-allowed-query-parameter": lambda st, c: st.locations.get("locationId", allowed=True),
        "locations/create": lambda st, c: st.locations.create("locationCreate", "USA"),
        "locations/update": lambda st, c: st.locations.update("locationId", name="locationUpdate"),
        "locations/delete": lambda st, c: st.locations.delete("locationId"),
    }
)

OWNER = VirtualDeviceOwner(owner_type="LOCATION", owner_id="owner-id")
FINAL_LOC = "final-location-id"
PRESENTATION_ID = "d8469d5c-3ca2-4601-9f21-2b7a0ccd44a5"

CALLS.update(
    {
        # capabilities
        "capabilities/list": lambda st, c: st.capabilities.list_in_namespace("testNamespace"),
        "capabilities/list-with-multiple-pages": lambda st, c: st.capabilities.list_in_namespace("testNamespace"),
        "capabilities/list-by-id-with-one-version": lambda st, c: st.capabilities.list_versions("switch"),
        "capabilities/list-by-id-with-one-multiple-versions": lambda st, c: st.capabilities.list_versions("switch"),
        "capabilities/list-namespaces": lambda st, c: st.capabilities.list_namespaces(),
        "capabilities/list-standard-capabilities": lambda st, c: st.capabilities.list_standard(),
        "capabilities/get": lambda st, c: st.capabilities.get("namespace.colorTemperature", 1),
        "capabilities/create": lambda st, c: st.capabilities.create(
            _first_body(c)["name"], attributes=_first_body(c)["attributes"], commands=_first_body(c)["commands"]
        ),
        "capabilities/create-with-params": lambda st, c: st.capabilities.create(
            _first_body(c)["name"],
            attributes=_first_body(c)["attributes"],
            commands=_first_body(c)["commands"],
            namespace="namespace",
        ),
        "capabilities/get-locales": lambda st, c: st.capabilities.list_locales("bobflorian.outputModulation", 1),
        "capabilities/create-a-new-translation": lambda st, c: st.capabilities.create_translations(
            "bobflorian.outputModulation", _first_body(c), 1
        ),
        "capabilities/upsert-is-happy-with-create-when-it-works": lambda st, c: st.capabilities.upsert_translations(
            "bobflorian.outputModulation", _first_body(c), 1
        ),
        "capabilities/upsert-calls-update-when-create-fails-because-of-pre-existing-translation": (
            lambda st, c: st.capabilities.upsert_translations("bobflorian.outputModulation", _first_body(c), 1)
        ),
        # presentation
        "presentation/generate": lambda st, c: st.presentation.generate_config("0000-0000-0000-0000"),
        "presentation/generate-with-optional-params": lambda st, c: st.presentation.generate_config(
            "0000-0000-0000-0000", type_integration="dth"
        ),
        "presentation/get-config": lambda st, c: st.presentation.get_config(PRESENTATION_ID),
        "presentation/get-config-with-manufacturer": lambda st, c: st.presentation.get_config(PRESENTATION_ID, "aXyz1"),
        "presentation/get-presentation": lambda st, c: st.presentation.get(PRESENTATION_ID),
        "presentation/get-presentation-with-manufacturer": lambda st, c: st.presentation.get(PRESENTATION_ID, "aXyz1"),
        "presentation/create": lambda st, c: st.presentation.create_config(_first_body(c)),
        # channels
        "channels/delete": lambda st, c: st.channels.delete("id-to-delete"),
        "channels/get": lambda st, c: st.channels.get("requested-channel-id"),
        "channels/getdriverchannelmetainfo": lambda st, c: st.channels.get_driver_channel_meta(
            "requested-channel-id", "requested-driver-id"
        ),
        "channels/list-works-without-options": lambda st, c: st.channels.list(),
        "channels/list-handles-subscribertype": lambda st, c: st.channels.list(subscriber_type="HUB"),
        "channels/list-handles-includereadonly": lambda st, c: st.channels.list(include_read_only=True),
        "channels/list-works-with-both-subscriber-id-and-type": lambda st, c: st.channels.list(
            subscriber_type="HUB", subscriber_id="subscriber-id"
        ),
        "channels/listassigneddrivers": lambda st, c: st.channels.list_assigned_drivers("channel-id"),
        "channels/assigndriver": lambda st, c: st.channels.assign_driver("channel-id", "driver-id", "version"),
        "channels/unassigndriver": lambda st, c: st.channels.unassign_driver("channel-id", "driver-id"),
        "channels/enrollhub": lambda st, c: st.channels.enroll_hub("channel-id", "hub-id"),
        "channels/unenrollhub": lambda st, c: st.channels.unenroll_hub("channel-id", "hub-id"),
        # drivers
        "drivers/get": lambda st, c: st.drivers.get("requested-driver-id"),
        "drivers/getrevision": lambda st, c: st.drivers.get_revision("requested-driver-id", "requested-version"),
        "drivers/delete": lambda st, c: st.drivers.delete("id-to-delete"),
        "drivers/list": lambda st, c: st.drivers.list(),
        "drivers/listdefault": lambda st, c: st.drivers.list_default(),
        # hubdevices
        "hubdevices/get": lambda st, c: st.hub_devices.get("hub-id"),
        "hubdevices/getcharacteristics": lambda st, c: st.hub_devices.characteristics("hub-id"),
        "hubdevices/installdriver": lambda st, c: st.hub_devices.install_driver(
            "hub-id", "driver-id", channel_id="channel-id"
        ),
        "hubdevices/switchdriver-calls-patch-with-driver-id": lambda st, c: st.hub_devices.switch_driver(
            "hub-id", "device-id", "driver-id"
        ),
        "hubdevices/switchdriver-includes-forceupdate-query-parameter-when-specified": (
            lambda st, c: st.hub_devices.switch_driver("hub-id", "device-id", "driver-id", force_update=True)
        ),
        "hubdevices/uninstalldriver": lambda st, c: st.hub_devices.uninstall_driver("hub-id", "driver-id"),
        "hubdevices/listinstalled-allows-for-no-device": lambda st, c: st.hub_devices.installed_drivers("hub-id"),
        "hubdevices/listinstalled-includes-device-when-specified": lambda st, c: st.hub_devices.installed_drivers(
            "hub-id", device_id="device-id"
        ),
        "hubdevices/getinstalled": lambda st, c: st.hub_devices.get_installed_driver("hub-id", "driver-id"),
        "hubdevices/enrolledchannels": lambda st, c: st.hub_devices.enrolled_channels("hub-id"),
        # invites
        "invites-schemaApp/create": lambda st, c: st.schema.invitations.create("schema-app-id"),
        "invites-schemaApp/list": lambda st, c: st.schema.invitations.list("schema-app-id"),
        "invites-schemaApp/list-with-403-error": lambda st, c: st.schema.invitations.list("schema-app-id"),
        "invites-schemaApp/revoke": lambda st, c: st.schema.invitations.revoke("schema-app-id"),
        # rules
        "rules/list": lambda st, c: st.rules.list(FINAL_LOC),
        "rules/get": lambda st, c: st.rules.get("requested-rule-id", FINAL_LOC),
        "rules/delete": lambda st, c: st.rules.delete("id-to-delete", FINAL_LOC),
        "rules/create": lambda st, c: st.rules.create(FINAL_LOC, {"name": "rule-to-create"}),
        "rules/update": lambda st, c: st.rules.update("input-rule-id", FINAL_LOC, {"name": "rule-to-update"}),
        "rules/execute": lambda st, c: st.rules.execute("id-of-rule-to-execute", FINAL_LOC),
        # schema
        "schema/list": lambda st, c: st.schema.list(),
        "schema/get-app": lambda st, c: st.schema.get("endpoint_app_id"),
        "schema/create-app": lambda st, c: st.schema.create(SchemaAppRequest(app_name="Test app")),
        "schema/create-app-with-organization": lambda st, c: st.schema.create(
            SchemaAppRequest(app_name="Test app"), organization_id="organization-id"
        ),
        "schema/update-app": lambda st, c: st.schema.update(
            "schema-app-id", SchemaAppRequest(app_name="Test app (modified)")
        ),
        "schema/update-app-with-organization": lambda st, c: st.schema.update(
            "schema-app-id", SchemaAppRequest(app_name="Test app (modified)"), organization_id="organization-id"
        ),
        "schema/regenerate-oauth": lambda st, c: st.schema.regenerate_credentials("schema-app-id"),
        "schema/get-page": lambda st, c: st.schema.get_page("schema-app-id", "location_id"),
        "schema/list-installed-apps": lambda st, c: st.schema.list_installed("location_id"),
        "schema/list-installed-apps-empty": lambda st, c: st.schema.list_installed("location_id"),
        "schema/get-installed-app": lambda st, c: st.schema.get_installed("isa_id"),
        "schema/delete-installed-app": lambda st, c: st.schema.delete_installed("isa_id"),
        "schema/delete-app": lambda st, c: st.schema.delete("endpoint_app_id"),
        # virtual devices
        "virtualdevices/list-works-without-options": lambda st, c: st.virtual_devices.list(),
        "virtualdevices/list-includes-configured-locationid": lambda st, c: st.virtual_devices.list(
            location_id="configured-location-id"
        ),
        "virtualdevices/list-include-wanted-locationid": lambda st, c: st.virtual_devices.list(
            location_id="wanted-locationId"
        ),
        "virtualdevices/create-creates-from-device-profile-id": lambda st, c: st.virtual_devices.create(
            "Living room light", owner=OWNER, room_id="room-id", device_profile_id="profile-id"
        ),
        "virtualdevices/create-creates-from-device-profile-definition": lambda st, c: st.virtual_devices.create(
            "Living room light", owner=OWNER, room_id="room-id", device_profile=_first_body(c)["deviceProfile"]
        ),
        "virtualdevices/createstandard-creates-from-prototype": lambda st, c: st.virtual_devices.create_standard(
            "Living room light", "SWITCH", owner=OWNER, room_id="room-id"
        ),
        # device preferences
        "devicepreferences/list": lambda st, c: st.device_preferences.list(),
        "devicepreferences/list-with-namespace": lambda st, c: st.device_preferences.list(namespace="namespace"),
        "devicepreferences/get": lambda st, c: st.device_preferences.get("preferenceId"),
        "devicepreferences/translations-create": lambda st, c: st.device_preferences.create_localization(
            "preferenceId", {"tag": "localeTag"}
        ),
        "devicepreferences/translations-get": lambda st, c: st.device_preferences.get_localization(
            "preferenceId", "localeTag"
        ),
        "devicepreferences/translations-list": lambda st, c: st.device_preferences.list_localizations("preferenceId"),
        "devicepreferences/translations-update": lambda st, c: st.device_preferences.update_localization(
            "preferenceId", {"tag": "localeTag"}
        ),
    }
)


# ---------------------------------------------------------------------------------------------------------
# Replaying a case


def _normal(request: httpx.Request) -> dict[str, Any]:
    path = request.url.path.removeprefix("/v1")
    body = json.loads(request.content) if request.content else None
    headers = {name: request.headers[name] for name in SIGNIFICANT_HEADERS if name in request.headers}
    return {
        "method": request.method,
        "path": path,
        "query": sorted([list(pair) for pair in parse_qsl(request.url.query.decode(), keep_blank_values=True)]),
        "body": body,
        "headers": headers,
    }


def _request_differences(sent: dict[str, Any], expected: dict[str, Any]) -> list[str]:
    found = [field for field in ("method", "path", "query", "body") if sent[field] != expected[field]]
    wanted_headers = {"Accept": DEFAULT_ACCEPT, **expected["headers"]}
    for name, value in wanted_headers.items():
        if sent["headers"].get(name) != value:
            found.append(f"header {name}")
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _identity(item: Any) -> dict[str, str]:
    """The identifying fields of one answered object: its top-level ids and names."""
    if not isinstance(item, dict):
        return {}
    return {
        key: value
        for key, value in item.items()
        if isinstance(value, str) and (key.endswith("Id") or key in ("id", "name", "label", "appName"))
    }


# Where a model names a field otherwise than its JSON key.
RENAMED = {"oauthClientId": "client_id"}


def _mismatches(item: Any, result: Any) -> set[str]:
    found = set()
    for key, value in _identity(item).items():
        attribute = RENAMED.get(key, _snake(key))
        if not hasattr(result, attribute) or str(getattr(result, attribute)) != value:
            found.add(f"answer {key}")
    return found


def _answer_differences(answer: Any, result: Any) -> set[str]:
    """Identifying fields of the sample answer that the decoded result lacks or changed.  For a list, the first
    result must be one of the answered items (an SDK call may pick one item out of a list)."""
    if isinstance(result, list | tuple):
        if not result:
            return set()
        result = result[0]
        items = answer.get("items") if isinstance(answer, dict) else answer
        if isinstance(items, list):
            tried = [_mismatches(item, result) for item in items if _identity(item)]
            return min(tried, key=len) if tried else set()
    if not attrs.has(type(result)):
        return set()
    return _mismatches(answer, result)


@attrs.define
class Replay:
    sent: list[dict[str, Any]] = attrs.field(factory=list)
    result: Any = None
    refused: SmartThingsError | None = None


def replay(case: dict[str, Any]) -> Replay:
    answers = [_sample(reference) for reference in case["answers"]]
    statuses = [_status(reference) for reference in case["answers"]]
    per_request = [_sample(request) if "sample" in request else None for request in case["requests"]]
    outcome = Replay()

    def handle(request: httpx.Request) -> httpx.Response:
        index = len(outcome.sent)
        outcome.sent.append(_normal(request))
        # What the SDK test mocked, in order; else the sample paired with the expected request.
        status = statuses[min(index, len(statuses) - 1)] if statuses else 200
        if index < len(answers):
            body = answers[index]
        elif index < len(per_request) and per_request[index] is not None:
            body = per_request[index]
        else:
            body = answers[-1] if answers else {}
        if body in ("", None):
            return httpx.Response(status)
        return httpx.Response(status, json=body)

    credential = SmartAppToken(TOKEN, installed_app_id=SUBSCRIPTIONS_ISA)
    with SmartThings(credential, transport=httpx.MockTransport(handle), check_token_kind=False, max_retries=0) as st:
        try:
            result = CALLS[case["id"]](st, case)
            outcome.result = result.to_list() if isinstance(result, SyncPager) else result
        except SmartThingsError as exc:
            outcome.refused = exc
    return outcome


def differences(case: dict[str, Any]) -> set[str]:
    """Every way our replay of ``case`` departs from the SDK test's expectations."""
    outcome = replay(case)
    found: set[str] = set()
    if outcome.refused is not None and not outcome.sent:
        return {"refused"}
    expected = case["requests"]
    if len(outcome.sent) != len(expected):
        found.add("requests")
    for sent, wanted in zip(outcome.sent, expected, strict=False):
        found.update(_request_differences(sent, wanted))
    if outcome.refused is not None:
        found.add("refused")
    answers = case["answers"] or [request for request in expected if "sample" in request]
    if answers and outcome.refused is None and all(_status(reference) < 400 for reference in case["answers"]):
        found.update(_answer_differences(_sample(answers[-1]), outcome.result))
    return found


# ---------------------------------------------------------------------------------------------------------
# The deliberate differences, as the docs list them


def _listed() -> dict[str, set[str]]:
    """``case id -> fields`` from the table in docs/sdk-differences.md (``| case | field | ... |`` rows)."""
    listed: dict[str, set[str]] = {}
    for line in DIFFERENCES.read_text().splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not cells[0].startswith("`"):
            continue
        case_id, field = cells[0].strip("`"), cells[1].strip("`")
        listed.setdefault(case_id, set()).add(field)
    return listed


LISTED = _listed()


@pytest.mark.parametrize("case_id", sorted(BY_ID))
def test_the_sdk_case_replays_the_same_or_as_documented(case_id: str) -> None:
    case = BY_ID[case_id]
    assert differences(case) == LISTED.get(case_id, set()), (
        f"{case_id} ({case['sdk_call']}): fix the difference or list it in docs/sdk-differences.md"
    )


def test_every_case_has_a_call_and_every_call_a_case() -> None:
    assert sorted(set(BY_ID) - set(CALLS)) == []
    assert sorted(set(CALLS) - set(BY_ID)) == []


def test_every_listed_difference_names_a_case_and_a_reason() -> None:
    assert sorted(set(LISTED) - set(BY_ID)) == []
    rows = [line for line in DIFFERENCES.read_text().splitlines() if line.startswith("| `")]
    assert rows
    for row in rows:
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        assert len(cells) == 5, f"a row needs case, field, SDK, ours and a reason: {row}"
        assert all(cells), f"a row has an empty cell: {row}"


def test_the_cases_carry_their_provenance() -> None:
    for file in CASES_DIR.glob("*.json"):
        source = json.loads(file.read_text())["source"]
        assert source["repository"] == "SmartThingsCommunity/smartthings-core-sdk"
        assert source["license"] == "Apache-2.0"
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert source["path"].startswith("test/unit/")
        assert source["path"].endswith(".test.ts")


def test_a_difference_is_caught() -> None:
    """The replay is not blind: a request that differs from the SDK's is reported field by field."""
    case = BY_ID["rooms/create"]
    changed = {**case, "requests": [{**case["requests"][0], "body": {"name": "Other Room"}}]}
    assert differences(changed) == {"body"}
    dated = {**case, "requests": [{**case["requests"][0], "headers": {"Accept": "application/json"}}]}
    assert differences(dated) == {"header Accept"}
