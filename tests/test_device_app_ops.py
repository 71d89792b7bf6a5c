"""The remaining core-SDK operations of the device and installed-app groups: devices.get_preferences,
installedapps.update_configuration / patch_configuration / send_message / latest_config; requests, real answers,
errors, sync and async, and against the emulator."""

from __future__ import annotations

from typing import Any

import pytest

from smartthings_client import DevicePreferences, SmartAppToken, SmartThings
from smartthings_client.errors import ScopeError, TokenKindError, UnprocessableEntityError
from smartthings_client.models.devices import PreferenceType
from smartthings_client.models.installedapps import (
    AdhocMessage,
    ConfigEntry,
    ConfigurationStatus,
    ConfigValueType,
    DeviceConfig,
    InstalledAppConfigurationDetail,
    LocaleVariables,
    MessageTemplate,
    PredefinedMessage,
    StringConfig,
)
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, Harness, core_sdk, load

PREFERENCES = load("core-sdk-more/devices/get_preferences.json")[
    "get_devices_385931b6_0121_4848_bcc8_54cb76436de1_preferences"
]
DEVICE = "385931b6-0121-4848-bcc8-54cb76436de1"
IA = "e09af197-4a51-42d9-8fd9-a39a67049d4a"
APP = SmartAppToken("st-test-token-6b1f0c2d9e8a4f37", installed_app_id=IA, location_id="loc")


# --- devices.get_preferences ----------------------------------------------------------------------------------


def test_get_preferences_sends_the_dated_accept_and_types_the_values(harness: Harness) -> None:
    harness.server.reply(200, PREFERENCES["response"])
    preferences = harness.run(lambda st: st.devices.get_preferences(DEVICE))
    request = harness.server.last
    assert (request.method, request.url.path) == ("GET", f"/v1/devices/{DEVICE}/preferences")
    assert request.headers["accept"] == PREFERENCES["request"]["headers"]["Accept"]
    assert isinstance(preferences, DevicePreferences)
    assert len(preferences.values) == 8
    assert preferences.values["invertSwitch"].preference_type is PreferenceType.BOOLEAN
    assert preferences.value("invertSwitch") is False
    assert preferences.value("smartBulbMode") == "Disabled"
    assert preferences.values["minimumLevel"].preference_type is PreferenceType.NUMBER
    assert preferences.value("minimumLevel") == 35
    assert preferences.value("missing") is None


def test_unknown_preference_types_stay_strings(sync_harness: Harness) -> None:
    sync_harness.server.reply(200, {"values": {"x": {"preferenceType": "color", "value": {"r": 1}}}, "new": 1})
    preferences = sync_harness.run(lambda st: st.devices.get_preferences(DEVICE))
    assert preferences.values["x"].preference_type == "color"
    assert preferences.value("x") == {"r": 1}
    assert preferences.extra == {"new": 1}


def test_get_preferences_403_names_the_operation(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(ScopeError) as caught:
        harness.run(lambda st: st.devices.get_preferences(DEVICE))
    assert caught.value.operation == "devices.get_preferences"
    assert caught.value.required == f"r:devices:{DEVICE} (or r:devices:*)"


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_get_preferences_refuses_invalid_ids(harness: Harness, bad: object, error: type[Exception]) -> None:
    with pytest.raises(error):
        harness.run(lambda st: st.devices.get_preferences(bad))
    assert harness.server.requests == []


def test_emulator_serves_the_real_preferences_of_its_zwave_dimmer() -> None:
    emu = Emulator()
    dimmer = emu.devices_by_label()["Kitchen Lights"]
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        assert st.devices.get_preferences(dimmer).value("maximumLevel") == 65
        assert st.devices.get_preferences(emu.devices_by_label()["Den Lamp"]).values == {}
    with SmartThings(emu.issue_pat(["l:devices"]), transport=emu.transport) as st:
        with pytest.raises(ScopeError):
            st.devices.get_preferences(dimmer)


# --- installed app configurations -----------------------------------------------------------------------------


def config_from_sample() -> dict[str, list[ConfigEntry]]:
    data = core_sdk("installedapps", "put", "put_installedapps_e09af197_4a51_42d9_8fd9_a39a67049d4a_configs")
    config: dict[str, list[ConfigEntry]] = {}
    for name, entries in data["request"]["data"]["config"].items():
        config[name] = [
            ConfigEntry(
                value_type=ConfigValueType.DEVICE,
                device_config=DeviceConfig(
                    device_id=e["deviceConfig"]["deviceId"],
                    component_id=e["deviceConfig"]["componentId"],
                    permissions=e["deviceConfig"]["permissions"],
                ),
            )
            for e in entries
        ]
    return config


def test_update_configuration_matches_the_core_sdk_sample(harness: Harness) -> None:
    sample = core_sdk("installedapps", "put", "put_installedapps_e09af197_4a51_42d9_8fd9_a39a67049d4a_configs")
    harness.server.reply(200, sample["response"])

    detail = harness.run(lambda st: st.installedapps.update_configuration(config_from_sample()), token=APP)

    assert (harness.server.last.method, harness.server.last.url.path) == ("PUT", f"/v1/installedapps/{IA}/configs")
    assert harness.server.body() == sample["request"]["data"]
    assert isinstance(detail, InstalledAppConfigurationDetail)
    assert detail.configuration_status is ConfigurationStatus.STAGED
    assert len(detail.config["targetSwitch"]) == 3


def test_patch_configuration_sends_removals_and_upserts(harness: Harness) -> None:
    harness.server.reply(200, {"configurationId": "c1", "configurationStatus": "STAGED", "config": {}})
    harness.run(
        lambda st: st.installedapps.patch_configuration(
            "c1",
            installed_app_id=IA,
            upserts={"greeting": ConfigEntry(value_type="STRING", string_config=StringConfig(value="hi"))},
            removals=["targetSwitch"],
        )
    )
    assert harness.server.last.url.path == f"/v1/installedapps/{IA}/configs/c1"
    assert harness.server.last.method == "PUT"
    assert harness.server.body() == {
        "removals": ["targetSwitch"],
        "upserts": {"greeting": [{"valueType": "STRING", "stringConfig": {"value": "hi"}}]},
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda r: r.patch_configuration("c1", installed_app_id=IA),
        lambda r: r.patch_configuration("c1", installed_app_id=IA, removals="targetSwitch"),
        lambda r: r.patch_configuration("c1", installed_app_id=IA, removals=[""]),
        lambda r: r.patch_configuration("a/b", installed_app_id=IA, removals=["x"]),
        lambda r: r.update_configuration({"": []}, installed_app_id=IA),
        lambda r: r.update_configuration({"x": ["not an entry"]}, installed_app_id=IA),
        lambda r: r.send_message("UPPER", PredefinedMessage(message_template_key="k")),
        lambda r: r.send_message("k", AdhocMessage(fallback_locale="en", templates=[])),
        lambda r: r.send_message("k", {"messageType": "ADHOC"}),
    ],
    ids=[
        "nothing",
        "string-removals",
        "empty-removal",
        "bad-id",
        "empty-name",
        "not-entry",
        "bad-key",
        "no-templates",
        "dict-message",
    ],
)
def test_bad_arguments_are_refused_before_sending(harness: Harness, call: Any) -> None:
    with pytest.raises((ValueError, TypeError)):
        harness.run(lambda st: call(st.installedapps), token=APP)
    assert harness.server.requests == []


def test_latest_config_takes_the_most_recently_updated(harness: Harness) -> None:
    listing = core_sdk("installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs")
    staged = core_sdk("installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_staged")
    harness.server.reply(200, listing["response"])
    harness.server.reply(200, staged["response"])
    other = "40593b6d-e062-436a-b17e-86ea3f1d979c"

    latest = harness.run(lambda st: st.installedapps.latest_config(other), token=APP)

    assert [r.url.path for r in harness.server.requests] == [
        f"/v1/installedapps/{other}/configs",
        f"/v1/installedapps/{other}/configs/fd9b9bbd-c635-4d87-b4ff-f577a6b14a1d",
    ]
    assert latest is not None
    assert latest.configuration_status is ConfigurationStatus.STAGED


def test_latest_config_is_none_without_configurations(harness: Harness) -> None:
    harness.server.reply(200, {"items": []})
    assert harness.run(lambda st: st.installedapps.latest_config(), token=APP) is None


# --- send_message (experimental) ------------------------------------------------------------------------------


def test_send_message_bodies(harness: Harness) -> None:
    harness.server.reply(200, {}, times=2)
    predefined = PredefinedMessage(
        message_template_key="door.left.open",
        default_variables={"door": "front"},
        locale_variables=[LocaleVariables(locale_tag="fr", variables={"door": "entrée"})],
    )
    adhoc = AdhocMessage(fallback_locale="en", templates=[MessageTemplate(locale_tag="en", template="{{door}} open")])
    harness.run(lambda st: st.installedapps.send_message("alerts.doors", predefined), token=APP)
    harness.run(lambda st: st.installedapps.send_message("alerts.doors", adhoc), token=APP)
    assert harness.server.requests[0].url.path == f"/v1/installedapps/{IA}/send-message"
    assert harness.server.body(0) == {
        "messageGroupKey": "alerts.doors",
        "messageType": "PREDEFINED",
        "predefinedMessage": {
            "messageTemplateKey": "door.left.open",
            "defaultVariables": {"door": "front"},
            "localeVariables": [{"localeTag": "fr", "variables": {"door": "entrée"}}],
        },
    }
    assert harness.server.body(1) == {
        "messageGroupKey": "alerts.doors",
        "messageType": "ADHOC",
        "adhocMessage": {
            "fallbackLocale": "en",
            "templates": [{"localeTag": "en", "template": "{{door}} open"}],
            "defaultVariables": {},
        },
    }


def test_send_message_is_marked_experimental_and_smartapp_only(harness: Harness) -> None:
    from smartthings_client.resources.installedapps import InstalledApps

    assert "Experimental" in (InstalledApps.send_message.__doc__ or "")
    with pytest.raises(TokenKindError):
        harness.run(
            lambda st: st.installedapps.send_message(
                "k", PredefinedMessage(message_template_key="t"), installed_app_id=IA
            )
        )
    assert harness.server.requests == []


# --- against the emulator -------------------------------------------------------------------------------------


def test_emulator_stages_patches_and_reads_configurations() -> None:
    emu = Emulator()
    install = emu.install(emu.create_app("configured"))
    token = SmartAppToken(
        install.auth_token, installed_app_id=install.installed_app_id, location_id=install.location_id
    )
    greeting = ConfigEntry(value_type="STRING", string_config=StringConfig(value="hello"))
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        app_id = install.installed_app_id
        staged = st.installedapps.update_configuration({"greeting": greeting}, installed_app_id=app_id)
        assert staged.configuration_status is ConfigurationStatus.STAGED
        patched = st.installedapps.patch_configuration(
            staged.configuration_id,
            installed_app_id=app_id,
            upserts={"farewell": greeting},
            removals=["greeting"],
        )
        assert set(patched.config) == {"farewell"}
        latest = st.installedapps.latest_config(app_id)
        assert latest is not None
        assert latest.configuration_id == staged.configuration_id
        authorized = st.installedapps.current_config(app_id)
        assert authorized is not None
        assert authorized.configuration_id != staged.configuration_id
        with pytest.raises(UnprocessableEntityError):
            st.installedapps.patch_configuration(authorized.configuration_id, installed_app_id=app_id, removals=["x"])
    with SmartThings(emu.issue_pat(["r:installedapps"]), transport=emu.transport) as reader:
        with pytest.raises(ScopeError) as caught:
            reader.installedapps.update_configuration({"greeting": greeting}, installed_app_id=install.installed_app_id)
        assert caught.value.operation == "installedapps.update_configuration"
    with SmartThings(token, transport=emu.transport) as app:
        app.installedapps.send_message("alerts", PredefinedMessage(message_template_key="t"))
    assert ("POST", f"/installedapps/{install.installed_app_id}/send-message", 200) in [
        (r.method, r.path, r.status) for r in emu.requests
    ]
