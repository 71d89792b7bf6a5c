"""st.installedapps: requests checked against core-sdk samples, answers parsed from real fixtures, sync and async."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from smartthings_client.auth.credentials import PersonalAccessToken, SmartAppToken
from smartthings_client.errors import NotFoundError, TokenKindError
from smartthings_client.models.installedapps import (
    ConfigEntry,
    ConfigurationStatus,
    ConfigValueType,
    CreatedInstalledApp,
    DashboardCardEvent,
    DashboardCardLifecycle,
    InstalledApp,
    InstalledAppConfiguration,
    InstalledAppConfigurationDetail,
    InstalledAppStatus,
    InstalledAppType,
    SmartAppEvent,
    TokenInfo,
)
from smartthings_client.resources.installedapps import AsyncInstalledApps, InstalledApps

from .fixtures import TOKEN, Harness, core_sdk, error_body, pysmartthings, resource_caller, sent

IA = "5336bd07-435f-4b6c-af1d-fddba55c1c24"
OTHER_IA = "40593b6d-e062-436a-b17e-86ea3f1d979c"
LOCATION = "95efee9b-6073-4871-b5ba-de6642187293"
APP = SmartAppToken(TOKEN, installed_app_id=IA, location_id=LOCATION)
PAT = PersonalAccessToken(TOKEN)


call = resource_caller(InstalledApps, AsyncInstalledApps, token=APP)


def path_of(url: str) -> str:
    """A core-sdk sample URL as this client sends it (under /v1)."""
    return "/v1" + httpx.URL(url).path


def query_of(harness: Harness, index: int = -1) -> list[tuple[str, str]]:
    return parse_qsl(harness.server.requests[index].url.query.decode())


# --- list -------------------------------------------------------------------------------------------------


def test_list_sends_no_filters_and_parses_core_sdk_items(harness: Harness) -> None:
    sample = core_sdk("installedapps", "get", "get_installedapps")
    harness.server.reply(200, sample["response"])

    found = call(harness, lambda r: r.list())

    assert sent(harness) == [("GET", path_of(sample["request"]["url"]))]
    assert [type(a) for a in found] == [InstalledApp, InstalledApp]
    first = found[0]
    assert first.installed_app_id == "40593b6d-e062-436a-b17e-86ea3f1d979c"
    assert first.installed_app_type is InstalledAppType.WEBHOOK_SMART_APP
    assert first.installed_app_status is InstalledAppStatus.AUTHORIZED
    assert first.display_name == "Functional Test Switch Reflector"
    assert first.owner is not None
    assert (first.owner.owner_type, first.owner.owner_id) == ("USER", "c257d2c7-332b-d60d-808d-550bfbd54556")
    assert first.created_date == datetime(2020, 2, 27, 22, 52, 33, tzinfo=timezone.utc)
    assert first.ui is not None
    assert first.ui.dashboard_cards_enabled is False
    assert first.icon_image is not None
    assert first.icon_image.url is None
    assert first.classifications == ("AUTOMATION",)
    assert (first.principal_type, first.single_instance, first.restriction_tier) == ("LOCATION", False, 0)
    assert found[1].installed_app_type is InstalledAppType.LAMBDA_SMART_APP
    assert found[1].restriction_tier == 20


def test_list_filters_repeat_keys_and_send_tags(harness: Harness) -> None:
    sample = core_sdk("installedapps", "get", "get_installedapps_installedAppType_WEBHOOK_SMART_APP")
    harness.server.reply(200, sample["response"])

    found = call(
        harness,
        lambda r: r.list(
            location_id=LOCATION,
            installed_app_status=InstalledAppStatus.AUTHORIZED,
            installed_app_type=[InstalledAppType.WEBHOOK_SMART_APP, "LAMBDA_SMART_APP"],
            app_id="app-1",
            mode_id=["mode-1", "mode-2"],
            device_id="device-1",
            tags={"room": ["kitchen", "hall"], "owner": "me"},
            page_size=5,
        ),
    )

    assert len(found) == 1
    query = query_of(harness)
    assert sorted(query) == sorted(
        [
            ("locationId", LOCATION),
            ("installedAppStatus", "AUTHORIZED"),
            ("installedAppType", "WEBHOOK_SMART_APP"),
            ("installedAppType", "LAMBDA_SMART_APP"),
            ("appId", "app-1"),
            ("modeId", "mode-1"),
            ("modeId", "mode-2"),
            ("deviceId", "device-1"),
            ("tag:room", "kitchen"),
            ("tag:room", "hall"),
            ("tag:owner", "me"),
            ("max", "5"),
        ]
    )
    # The core-sdk sample's multi-valued type filter is the same repeated key.
    assert [v for k, v in query if k == "installedAppType"] == sample["request"]["params"]["installedAppType"]


def test_list_follows_next_links_across_pages(harness: Harness) -> None:
    first, second = pysmartthings("installedapps_get_response.json"), pysmartthings("installedapps_get_response_2.json")
    harness.server.reply(200, first)
    harness.server.reply(200, second)

    found = call(harness, lambda r: r.list())

    assert [a.display_name for a in found] == ["pysmartthings", "HomeAssistant"]
    assert str(harness.server.requests[1].url) == first["_links"]["next"]["href"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"page_size": 0}, "page_size"),
        ({"installed_app_type": ""}, "installed_app_type"),
        ({"tags": {"room": [""]}}, "tag room"),
    ],
)
def test_list_rejects_bad_filters_before_sending(harness: Harness, arguments: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call(harness, lambda r: r.list(**arguments))
    assert harness.server.requests == []


# --- get, me -----------------------------------------------------------------------------------------------


def test_get_by_id_parses_pysmartthings_answer(harness: Harness) -> None:
    answer = pysmartthings("installedapp_get_response.json")
    harness.server.reply(200, answer)

    app = call(harness, lambda r: r.get(answer["installedAppId"]))

    assert sent(harness) == [("GET", f"/v1/installedapps/{answer['installedAppId']}")]
    assert app.installed_app_status is InstalledAppStatus.PENDING
    assert app.location_id == "397678e5-9995-4a39-9d9f-ae6ba310236b"
    assert app.restriction_tier is None


def test_get_defaults_to_the_smartapp_tokens_installed_app(harness: Harness) -> None:
    harness.server.reply(200, pysmartthings("installedapp_get_response.json"))
    call(harness, lambda r: r.get())
    assert sent(harness) == [("GET", f"/v1/installedapps/{IA}")]


def test_get_without_id_on_a_pat_says_the_id_is_required(harness: Harness) -> None:
    with pytest.raises(ValueError, match="installed_app_id is required"):
        call(harness, lambda r: r.get(), token=PAT)
    assert harness.server.requests == []


def test_get_rejects_a_path_like_id_before_sending(harness: Harness) -> None:
    with pytest.raises(ValueError, match="installed_app_id"):
        call(harness, lambda r: r.get("../locations"))
    assert harness.server.requests == []


def test_get_404_is_not_found(harness: Harness) -> None:
    harness.server.reply(404, error_body("NotFoundError", "Installed app not found"))
    with pytest.raises(NotFoundError, match="Installed app not found"):
        call(harness, lambda r: r.get(OTHER_IA))


def test_me_returns_the_tokens_own_ids_and_scopes(harness: Harness) -> None:
    sample = core_sdk("installedapps", "get", "get_installedapps_me")
    harness.server.reply(200, sample["response"])

    info = call(harness, lambda r: r.me())

    assert sent(harness) == [("GET", path_of(sample["request"]["url"]))]
    assert info == TokenInfo(
        installed_app_id="5336bd07-435f-4b6c-af1d-fddba55c1c24",
        location_id=LOCATION,
        scope=tuple(sample["response"]["scope"]),
    )


def test_me_with_a_pat_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError, match=r"installedapps\.me accepts only a SmartApp token") as caught:
        call(harness, lambda r: r.me(), token=PAT)
    assert caught.value.preflight
    assert harness.server.requests == []


# --- create, update, delete --------------------------------------------------------------------------------


def test_create_sends_the_configuration_request(harness: Harness) -> None:
    sample = core_sdk("installedapps", "post", "post_installedapps")
    data = sample["request"]["data"]
    harness.server.reply(200, sample["response"])

    created = call(
        harness,
        lambda r: r.create(
            data["appId"],
            data["locationId"],
            installed_app_type=InstalledAppType.WEBHOOK_SMART_APP,
            configuration_status=ConfigurationStatus.DONE,
            config={
                "triggerSwitch": ConfigEntry.device(
                    "385931b6-0121-4848-bcc8-54cb76436de1",
                    permissions=["r:devices:385931b6-0121-4848-bcc8-54cb76436de1"],
                ),
                "targetSwitch": [
                    ConfigEntry.device(
                        "b97058f4-c642-4162-8c2d-15009fdf5bfc",
                        permissions=(
                            "r:devices:b97058f4-c642-4162-8c2d-15009fdf5bfc",
                            "x:devices:b97058f4-c642-4162-8c2d-15009fdf5bfc",
                        ),
                    )
                ],
            },
        ),
        token=PAT,
    )

    assert sent(harness) == [("POST", "/v1/installedapps")]
    assert harness.server.body() == data
    assert isinstance(created, CreatedInstalledApp)
    assert created.installed_app.installed_app_id == "e09af197-4a51-42d9-8fd9-a39a67049d4a"
    assert created.installed_app.installed_app_status is InstalledAppStatus.PENDING
    detail = created.configuration_detail
    assert detail is not None
    assert detail.configuration_status is ConfigurationStatus.DONE
    assert detail.device_ids("targetSwitch") == ["b97058f4-c642-4162-8c2d-15009fdf5bfc"]


def test_create_with_a_smartapp_token_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError, match=r"installedapps\.create accepts only a personal access token"):
        call(harness, lambda r: r.create("app", LOCATION, installed_app_type="WEBHOOK_SMART_APP"))
    assert harness.server.requests == []


def test_create_rejects_config_that_is_not_entries(harness: Harness) -> None:
    with pytest.raises(TypeError, match="ConfigEntry"):
        call(
            harness,
            lambda r: r.create("app", LOCATION, installed_app_type="WEBHOOK_SMART_APP", config={"x": ["y"]}),
            token=PAT,
        )
    assert harness.server.requests == []


def test_update_sends_the_display_name(harness: Harness) -> None:
    sample = core_sdk("installedapps", "put", "put_installedapps_e09af197_4a51_42d9_8fd9_a39a67049d4a")
    harness.server.reply(200, sample["response"])

    app = call(
        harness,
        lambda r: r.update(
            "e09af197-4a51-42d9-8fd9-a39a67049d4a", display_name=sample["request"]["data"]["displayName"]
        ),
    )

    assert sent(harness) == [("PUT", path_of(sample["request"]["url"]))]
    assert harness.server.body() == sample["request"]["data"]
    assert app.display_name == "Updated Functional Test Switch Reflector"


@pytest.mark.parametrize("name", ["", "   ", "x" * 256])
def test_update_rejects_bad_display_names(harness: Harness, name: str) -> None:
    with pytest.raises(ValueError, match="display_name"):
        call(harness, lambda r: r.update(OTHER_IA, display_name=name))
    assert harness.server.requests == []


def test_delete_returns_the_count(harness: Harness) -> None:
    sample = core_sdk("installedapps", "delete", "delete_installedapps_5336bd07_435f_4b6c_af1d_fddba55c1c24")
    harness.server.reply(200, sample["response"])

    count = call(harness, lambda r: r.delete("5336bd07-435f-4b6c-af1d-fddba55c1c24"))

    assert sent(harness) == [("DELETE", path_of(sample["request"]["url"]))]
    assert count == 1


# --- configurations ----------------------------------------------------------------------------------------


def test_list_configs_defaults_to_own_app_and_parses_summaries(harness: Harness) -> None:
    sample = core_sdk("installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs")
    harness.server.reply(200, sample["response"])

    configs = call(harness, lambda r: r.list_configs())

    assert sent(harness) == [("GET", f"/v1/installedapps/{IA}/configs")]
    assert [type(c) for c in configs] == [InstalledAppConfiguration] * 3
    assert [c.configuration_status for c in configs] == [
        ConfigurationStatus.STAGED,
        ConfigurationStatus.REVOKED,
        ConfigurationStatus.AUTHORIZED,
    ]


def test_list_configs_filters_by_status(harness: Harness) -> None:
    sample = core_sdk(
        "installedapps",
        "get",
        "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_configurationStatus_authorized",
    )
    harness.server.reply(200, sample["response"])

    configs = call(harness, lambda r: r.list_configs(OTHER_IA, configuration_status=ConfigurationStatus.AUTHORIZED))

    assert harness.server.requests[0].url.path == path_of(sample["request"]["url"])
    assert query_of(harness) == list(sample["request"]["params"].items())
    assert [c.configuration_id for c in configs] == ["e9428d01-6710-45f0-85a4-e31e51d011fe"]


def test_get_config_parses_entries(harness: Harness) -> None:
    sample = core_sdk(
        "installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_authorized"
    )
    harness.server.reply(200, sample["response"])

    detail = call(harness, lambda r: r.get_config("e9428d01-6710-45f0-85a4-e31e51d011fe", installed_app_id=OTHER_IA))

    assert sent(harness) == [("GET", path_of(sample["request"]["url"]))]
    assert isinstance(detail, InstalledAppConfigurationDetail)
    trigger = detail.entries("triggerSwitch")
    assert len(trigger) == 1
    assert trigger[0].value_type is ConfigValueType.DEVICE
    assert trigger[0].device_config is not None
    assert trigger[0].device_config.permissions == ("r:devices:b97058f4-c642-4162-8c2d-15009fdf5bfc",)
    assert trigger[0].value == "b97058f4-c642-4162-8c2d-15009fdf5bfc"
    assert detail.device_ids("targetSwitch")[0] == "ab555251-04ef-4df9-afb9-37d95d36d2be"
    assert detail.entries("missing") == ()
    assert detail.string("triggerSwitch") is None


def test_config_entry_helpers_give_plain_values() -> None:
    assert ConfigEntry.string("hello").value == "hello"
    assert ConfigEntry.mode("mode-1").value == "mode-1"
    assert ConfigEntry(value_type="NEW_TYPE").value is None


def test_current_config_lists_authorized_then_gets_it(harness: Harness) -> None:
    listing = core_sdk(
        "installedapps",
        "get",
        "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_configurationStatus_authorized",
    )
    detail = core_sdk(
        "installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_authorized"
    )
    harness.server.reply(200, listing["response"])
    harness.server.reply(200, detail["response"])

    current = call(harness, lambda r: r.current_config(OTHER_IA))

    assert sent(harness) == [
        ("GET", f"/v1/installedapps/{OTHER_IA}/configs?configurationStatus=AUTHORIZED"),
        ("GET", f"/v1/installedapps/{OTHER_IA}/configs/e9428d01-6710-45f0-85a4-e31e51d011fe"),
    ]
    assert current is not None
    assert current.configuration_status is ConfigurationStatus.AUTHORIZED
    assert set(current.config) == {"triggerSwitch", "targetSwitch"}


def test_current_config_is_none_without_an_authorized_one(harness: Harness) -> None:
    listing = core_sdk("installedapps", "get", "get_installedapps_40593b6d_e062_436a_b17e_86ea3f1d979c_configs_noauth")
    harness.server.reply(200, listing["response"])

    assert call(harness, lambda r: r.current_config()) is None
    assert sent(harness) == [("GET", f"/v1/installedapps/{IA}/configs?configurationStatus=AUTHORIZED")]


# --- events ------------------------------------------------------------------------------------------------


def test_create_events_sends_both_kinds(harness: Harness) -> None:
    harness.server.reply(200, {})

    result = call(
        harness,
        lambda r: r.create_events(
            [SmartAppEvent(name="doorbell", attributes={"source": "front"})],
            dashboard_card_events=[DashboardCardEvent(card_id="card-1", lifecycle=DashboardCardLifecycle.UPDATE)],
        ),
    )

    assert result is None
    assert sent(harness) == [("POST", f"/v1/installedapps/{IA}/events")]
    assert harness.server.body() == {
        "smartAppEvents": [{"name": "doorbell", "attributes": {"source": "front"}}],
        "smartAppDashboardCardEvents": [{"cardId": "card-1", "lifecycle": "UPDATE"}],
    }


def test_create_events_accepts_an_empty_answer(harness: Harness) -> None:
    harness.server.reply(200)
    assert call(harness, lambda r: r.create_events([SmartAppEvent(name="x")])) is None
    assert harness.server.body() == {"smartAppEvents": [{"name": "x", "attributes": {}}]}


def test_create_events_needs_an_event(harness: Harness) -> None:
    with pytest.raises(ValueError, match="at least one event"):
        call(harness, lambda r: r.create_events())
    with pytest.raises(TypeError, match="SmartAppEvent"):
        call(harness, lambda r: r.create_events([{"name": "x"}]))
    assert harness.server.requests == []


def test_create_events_with_a_pat_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError, match=r"installedapps\.create_events accepts only a SmartApp token"):
        call(harness, lambda r: r.create_events([SmartAppEvent(name="x")], installed_app_id=IA), token=PAT)
    assert harness.server.requests == []
