"""st.subscriptions: request bodies per source type, the tagged-union answers, token-kind refusals and reconcile."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from smartthings_client.auth.credentials import PersonalAccessToken, SmartAppToken
from smartthings_client.errors import (
    ConflictError,
    LimitError,
    MissingScopeError,
    SubscriptionLimitError,
    TokenKindError,
)
from smartthings_client.models.subscriptions import (
    CapabilitySourceSubscription,
    CapabilitySubscription,
    DeviceHealthSubscription,
    DeviceLifecycleSourceSubscription,
    DeviceLifecycleSubscription,
    DeviceSourceSubscription,
    DeviceSubscription,
    HubHealthSubscription,
    ModeSubscription,
    ReconcileResult,
    SceneLifecycleSubscription,
    SecurityArmStateSubscription,
    SourceType,
    Subscription,
    SubscriptionRequest,
    UnknownSubscription,
)
from smartthings_client.resources.subscriptions import AsyncSubscriptions, Subscriptions

from .fixtures import TOKEN, Harness, core_sdk, error_body, pysmartthings, resource_caller, sent

IA = "5336bd07-435f-4b6c-af1d-fddba55c1c24"
LOCATION = "397678e5-9995-4a39-9d9f-ae6ba310236b"
DEVICE = "64e7f664-5b99-4573-b76d-03be3021dc78"
APP = SmartAppToken(TOKEN, installed_app_id=IA, location_id=LOCATION)
PAT = PersonalAccessToken(TOKEN)
BASE = f"/v1/installedapps/{IA}/subscriptions"
NAME = re.compile(r"[-_!.~'()*0-9a-zA-Z]{1,36}")
PAT_REFUSAL = (
    "subscriptions.create accepts only a SmartApp token; a personal access token always gets 403 here. "
    "Use the authToken from the INSTALL, UPDATE or EVENT payload."
)


# The resource under test, attached to the harness's client (the lead wires it onto the clients).
call = resource_caller(Subscriptions, AsyncSubscriptions, token=APP)


def answer_for(request: SubscriptionRequest, subscription_id: str) -> dict[str, Any]:
    """What SmartThings answers to a create: the body echoed with an id."""
    from smartthings_client.resources.subscriptions import request_body

    return {"id": subscription_id, "installedAppId": IA, **request_body(request)}


# --- list, get ---------------------------------------------------------------------------------------------


def test_list_decodes_each_source_type(harness: Harness) -> None:
    answer = pysmartthings("subscriptions_get_response.json")
    harness.server.reply(200, answer)

    found = call(harness, lambda r: r.list())

    assert sent(harness) == [("GET", BASE)]
    assert [type(s) for s in found] == [
        CapabilitySourceSubscription,
        DeviceSourceSubscription,
        CapabilitySourceSubscription,
    ]
    assert all(isinstance(s, Subscription) for s in found)
    assert found[0].detail == CapabilitySubscription(location_id=LOCATION, capability="switch")
    assert found[1].detail == DeviceSubscription(device_id=DEVICE)
    assert found[1].source_type is SourceType.DEVICE
    assert found[2].subscription_name == "switchLevel_sub"


def test_list_parses_the_core_sdk_sample(harness: Harness) -> None:
    sample = core_sdk("subscriptions", "get", "get_installedapps_subscriptions")
    harness.server.reply(200, sample["response"])

    (only,) = call(harness, lambda r: r.list())

    assert sent(harness) == [("GET", "/v1" + httpx.URL(sample["request"]["url"]).path)]
    assert isinstance(only, DeviceSourceSubscription)
    assert only.device.capability == "switch"
    assert only.subscription_name == "eventHandler_0"


def test_an_unknown_source_type_decodes_as_unknown_with_the_raw_body(harness: Harness) -> None:
    future = {"id": "sub-9", "installedAppId": IA, "sourceType": "WEATHER", "weather": {"locationId": LOCATION}}
    harness.server.reply(200, {"items": [future, {"id": "sub-10"}], "_links": {}})

    found = call(harness, lambda r: r.list())

    assert [type(s) for s in found] == [UnknownSubscription, UnknownSubscription]
    assert found[0].source_type == "WEATHER"
    assert found[0].detail is None
    assert found[0].subscription_name is None
    assert found[0].raw == future
    assert found[1].source_type is None


def test_get_one_by_id(harness: Harness) -> None:
    answer = pysmartthings("subscription_device_get_response.json")
    harness.server.reply(200, answer)

    found = call(harness, lambda r: r.get(answer["id"]))

    assert sent(harness) == [("GET", f"{BASE}/{answer['id']}")]
    assert isinstance(found, DeviceSourceSubscription)
    assert found.device.device_id == DEVICE
    assert found.device.component_id == "*"


def test_other_installed_app_id_goes_in_the_path(harness: Harness) -> None:
    harness.server.reply(200, {"items": [], "_links": {}})
    call(harness, lambda r: r.list(installed_app_id="other-app"))
    assert sent(harness) == [("GET", "/v1/installedapps/other-app/subscriptions")]


# --- create ------------------------------------------------------------------------------------------------


def test_create_device_sends_the_core_sdk_body_and_reads_the_odd_answer(harness: Harness) -> None:
    sample = core_sdk("subscriptions", "post", "post_installedapps_subscriptions")
    detail = sample["request"]["data"]["device"]
    harness.server.reply(200, sample["response"])

    made = call(
        harness,
        lambda r: r.create(
            DeviceSubscription(
                device_id=detail["deviceId"],
                component_id="freezer",
                capability="temperatureMeasurement",
                attribute="temperature",
                modes=detail["modes"],
            )
        ),
    )

    assert sent(harness) == [("POST", BASE)]
    # The sample's body plus the value "*" that the SDK's subscribeToDevices also sends for "every value".
    assert harness.server.body() == {"sourceType": "DEVICE", "device": {**detail, "value": "*"}}
    assert isinstance(made, DeviceSourceSubscription)
    # The sample answers "stateChangeOnly": "true," - read as the word it starts with.
    assert made.device.state_change_only is True
    assert made.subscription_name == "contact_subscription"


def test_create_capability_sends_the_pysmartthings_body(harness: Harness) -> None:
    harness.server.reply(200, pysmartthings("subscription_post_response.json"))

    made = call(harness, lambda r: r.create(CapabilitySubscription(location_id=LOCATION, capability="switch")))

    # pysmartthings' body plus the defaults the official SDK's subscribeToCapability spells out.
    expected = pysmartthings("subscription_post_request.json")
    expected["capability"] |= {"attribute": "*", "value": "*", "stateChangeOnly": True}
    assert harness.server.body() == expected
    assert isinstance(made, CapabilitySourceSubscription)
    assert made.capability.capability == "switch"


@pytest.mark.parametrize(
    ("request_", "body"),
    [
        (ModeSubscription(location_id=LOCATION), {"sourceType": "MODE", "mode": {"locationId": LOCATION}}),
        (
            DeviceLifecycleSubscription(device_ids=["d1", "d2"], subscription_name="lifecycle"),
            {
                "sourceType": "DEVICE_LIFECYCLE",
                "deviceLifecycle": {"deviceIds": ["d1", "d2"], "subscriptionName": "lifecycle"},
            },
        ),
        (
            DeviceHealthSubscription(location_id=LOCATION),
            {"sourceType": "DEVICE_HEALTH", "deviceHealth": {"locationId": LOCATION}},
        ),
        (
            SecurityArmStateSubscription(location_id=LOCATION, subscription_name="arm"),
            {
                "sourceType": "SECURITY_ARM_STATE",
                "securityArmState": {"locationId": LOCATION, "subscriptionName": "arm"},
            },
        ),
        (
            HubHealthSubscription(location_id=LOCATION),
            {"sourceType": "HUB_HEALTH", "hubHealth": {"locationId": LOCATION}},
        ),
        (
            SceneLifecycleSubscription(location_id=LOCATION),
            {"sourceType": "SCENE_LIFECYCLE", "sceneLifecycle": {"locationId": LOCATION}},
        ),
        (
            CapabilitySubscription(
                location_id=LOCATION, capability="switch", attribute="switch", value="on", state_change_only=False
            ),
            {
                "sourceType": "CAPABILITY",
                "capability": {
                    "locationId": LOCATION,
                    "capability": "switch",
                    "attribute": "switch",
                    "value": "on",
                    "stateChangeOnly": False,
                },
            },
        ),
    ],
    ids=["mode", "lifecycle", "health", "armstate", "hub", "scene", "capability-narrowed"],
)
def test_create_body_per_source_type(harness: Harness, request_: SubscriptionRequest, body: dict[str, Any]) -> None:
    harness.server.reply(200, answer_for(request_, "sub-1"))

    made = call(harness, lambda r: r.create(request_))

    assert harness.server.body() == body
    assert made.detail == request_
    assert made.source_type == request_.source_type


def test_create_decodes_a_lifecycle_answer(harness: Harness) -> None:
    request = DeviceLifecycleSubscription(location_id=LOCATION)
    harness.server.reply(200, answer_for(request, "sub-2"))
    made = call(harness, lambda r: r.create(request))
    assert isinstance(made, DeviceLifecycleSourceSubscription)
    assert made.device_lifecycle.device_ids == ()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: DeviceSubscription(device_id=DEVICE, subscription_name="x" * 37), "subscription_name"),
        (lambda: DeviceSubscription(device_id=DEVICE, subscription_name="has space"), "subscription_name"),
        (lambda: DeviceSubscription(device_id=DEVICE, subscription_name=""), "subscription_name"),
        (lambda: DeviceSubscription(device_id=""), "device_id"),
        (lambda: DeviceSubscription(device_id=DEVICE, capability=""), "capability"),
        (lambda: DeviceSubscription(device_id=DEVICE, modes=[""]), "modes"),
        (lambda: CapabilitySubscription(location_id=LOCATION, capability=" "), "capability"),
        (lambda: CapabilitySubscription(location_id="", capability="switch"), "location_id"),
        (lambda: ModeSubscription(location_id=""), "location_id"),
        (DeviceLifecycleSubscription, "device_ids or location_id"),
        (lambda: DeviceHealthSubscription(device_ids=["d"], location_id=LOCATION), "not both"),
        (lambda: DeviceHealthSubscription(device_ids=[f"d{i}" for i in range(21)]), "at most 20"),
        (lambda: DeviceLifecycleSubscription(device_ids=[f"d{i}" for i in range(21)]), "at most 20"),
        (lambda: HubHealthSubscription(location_id=""), "location_id"),
        (lambda: SecurityArmStateSubscription(location_id=""), "location_id"),
        (lambda: SceneLifecycleSubscription(location_id=""), "location_id"),
    ],
)
def test_invalid_requests_raise_when_built(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_the_valid_name_characters_and_twenty_devices_are_accepted() -> None:
    assert DeviceSubscription(device_id=DEVICE, subscription_name="a-_!.~'()*Z9").subscription_name
    assert len(DeviceHealthSubscription(device_ids=[f"d{i}" for i in range(20)]).device_ids) == 20
    assert DeviceLifecycleSubscription(device_ids="one").device_ids == ("one",)


def test_create_refuses_what_is_not_a_request(harness: Harness) -> None:
    existing = Subscription(id="s")
    with pytest.raises(TypeError, match="request"):
        call(harness, lambda r: r.create({"sourceType": "DEVICE"}))
    with pytest.raises(TypeError, match="detail"):
        call(harness, lambda r: r.create(existing))
    assert harness.server.requests == []


def test_create_with_a_pat_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError) as caught:
        call(harness, lambda r: r.create(DeviceSubscription(device_id=DEVICE), installed_app_id=IA), token=PAT)
    assert PAT_REFUSAL in str(caught.value)
    assert caught.value.preflight
    assert harness.server.requests == []


def test_a_pat_without_an_installed_app_id_gets_the_token_kind_answer_too(harness: Harness) -> None:
    with pytest.raises(TokenKindError) as caught:
        call(harness, lambda r: r.create(DeviceSubscription(device_id=DEVICE)), token=PAT)
    assert PAT_REFUSAL in str(caught.value)
    with pytest.raises(TokenKindError, match=r"subscriptions\.list accepts only a SmartApp token"):
        call(harness, lambda r: r.list(), token=PAT)
    assert harness.server.requests == []


def test_without_the_check_a_blank_403_on_a_pat_becomes_the_same_token_kind_error(harness: Harness) -> None:
    harness.server.reply(403)

    with pytest.raises(TokenKindError) as caught:
        call(
            harness,
            lambda r: r.create(DeviceSubscription(device_id=DEVICE), installed_app_id=IA),
            token=PAT,
            check_token_kind=False,
        )

    assert PAT_REFUSAL in str(caught.value)
    assert not caught.value.preflight
    assert sent(harness) == [("POST", BASE)]


@pytest.mark.parametrize(
    ("request_", "scope"),
    [
        (DeviceSubscription(device_id=DEVICE), f"r:devices:{DEVICE}"),
        (CapabilitySubscription(location_id=LOCATION, capability="switch"), "r:devices:*"),
        (ModeSubscription(location_id=LOCATION), f"r:locations:{LOCATION}"),
        (SecurityArmStateSubscription(location_id=LOCATION), f"r:security:locations:{LOCATION}:armstate"),
        (HubHealthSubscription(location_id=LOCATION), "r:hubs"),
        (DeviceHealthSubscription(device_ids=[DEVICE]), f"r:devices:{DEVICE}"),
    ],
    ids=["device", "capability", "mode", "armstate", "hub", "health"],
)
def test_a_403_names_the_scope_of_the_source_type(harness: Harness, request_: SubscriptionRequest, scope: str) -> None:
    harness.server.reply(403)
    token = SmartAppToken(TOKEN, installed_app_id=IA, scopes=["r:locations:other"])

    with pytest.raises(MissingScopeError) as caught:
        call(harness, lambda r: r.create(request_), token=token)

    assert scope in str(caught.value)


def test_a_duplicate_name_is_a_conflict(harness: Harness) -> None:
    harness.server.reply(409, error_body("ConflictError", "A subscription named dup already exists"))
    with pytest.raises(ConflictError, match="dup already exists"):
        call(harness, lambda r: r.create(DeviceSubscription(device_id=DEVICE, subscription_name="dup")))


def test_the_guardrail_422_explains_the_limit(harness: Harness) -> None:
    harness.server.reply(422, error_body("LimitError", "limit of 20 subscriptions reached"))
    with pytest.raises(LimitError, match="allows 20 subscriptions per installed app"):
        call(harness, lambda r: r.create(DeviceSubscription(device_id=DEVICE)))


# --- delete ------------------------------------------------------------------------------------------------


def test_delete_one_returns_the_count(harness: Harness) -> None:
    sample = core_sdk("subscriptions", "delete", "delete_installedapps_subscriptions_one")
    harness.server.reply(200, sample["response"])

    assert call(harness, lambda r: r.delete("eventHandler")) == 1
    assert sent(harness) == [("DELETE", "/v1" + httpx.URL(sample["request"]["url"]).path)]


def test_delete_all_returns_the_count(harness: Harness) -> None:
    sample = core_sdk("subscriptions", "delete", "delete_installedapps_subscriptions_all")
    harness.server.reply(200, sample["response"])

    assert call(harness, lambda r: r.delete_all()) == 3
    assert sent(harness) == [("DELETE", "/v1" + httpx.URL(sample["request"]["url"]).path)]


def test_delete_all_can_filter_by_device_and_mode(harness: Harness) -> None:
    harness.server.reply(200, {"count": 2})
    harness.server.reply(200)

    assert call(harness, lambda r: r.delete_all(device_id=[DEVICE, "d2"], mode_id="m1")) == 2
    assert call(harness, lambda r: r.delete_all(mode_id="m2")) == 0
    assert sent(harness) == [
        ("DELETE", f"{BASE}?deviceId={DEVICE}&deviceId=d2&modeId=m1"),
        ("DELETE", f"{BASE}?modeId=m2"),
    ]


def test_delete_refuses_a_path_like_id(harness: Harness) -> None:
    with pytest.raises(ValueError, match="subscription_id"):
        call(harness, lambda r: r.delete("a/b"))
    assert harness.server.requests == []


# --- reconcile ---------------------------------------------------------------------------------------------


def _existing_three() -> dict[str, Any]:
    return pysmartthings("subscriptions_get_response.json")  # type: ignore[no-any-return]


def _wanted_three(level_attribute: str = "*") -> list[SubscriptionRequest]:
    return [
        CapabilitySubscription(location_id=LOCATION, capability="switch"),
        DeviceSubscription(device_id=DEVICE),
        CapabilitySubscription(
            location_id=LOCATION,
            capability="switchLevel",
            attribute=level_attribute,
            subscription_name="switchLevel_sub",
        ),
    ]


def test_reconcile_with_nothing_to_do_only_lists(harness: Harness) -> None:
    harness.server.reply(200, _existing_three())

    result = call(harness, lambda r: r.reconcile(_wanted_three()))

    assert isinstance(result, ReconcileResult)
    assert result.changes == 0
    assert (result.created, result.deleted) == ((), ())
    assert [s.id for s in result.kept] == [
        "1e0a1706-2b52-403c-915b-df096470bf03",
        "498752fd-db87-4a5e-95f5-25a0e412838d",
        "7bdf5909-57c4-41f3-9089-e520513bd92a",
    ]
    assert sent(harness) == [("GET", BASE)]


def test_reconcile_treats_defaults_and_absent_fields_as_equal(harness: Harness) -> None:
    sample = core_sdk("subscriptions", "get", "get_installedapps_subscriptions")
    harness.server.reply(200, sample["response"])
    wanted = DeviceSubscription(
        device_id="5d5a44a6-8859-4574-adc7-03a28171a76d",
        component_id="main",
        capability="switch",
        attribute="switch",
        subscription_name="eventHandler_0",
    )

    result = call(harness, lambda r: r.reconcile([wanted]))

    assert result.changes == 0
    assert sent(harness) == [("GET", BASE)]


def test_reconcile_replaces_exactly_the_changed_one(harness: Harness) -> None:
    wanted = _wanted_three(level_attribute="level")
    harness.server.reply(200, _existing_three())
    harness.server.reply(200, {"count": 1})
    harness.server.reply(200, answer_for(wanted[2], "new-level"))

    result = call(harness, lambda r: r.reconcile(wanted))

    assert sent(harness) == [
        ("GET", BASE),
        ("DELETE", f"{BASE}/7bdf5909-57c4-41f3-9089-e520513bd92a"),
        ("POST", BASE),
    ]
    assert harness.server.body() == {
        "sourceType": "CAPABILITY",
        "capability": {
            "locationId": LOCATION,
            "capability": "switchLevel",
            "attribute": "level",
            "value": "*",
            "stateChangeOnly": True,
            "subscriptionName": "switchLevel_sub",
        },
    }
    assert [s.id for s in result.deleted] == ["7bdf5909-57c4-41f3-9089-e520513bd92a"]
    assert [s.id for s in result.created] == ["new-level"]
    assert len(result.kept) == 2
    assert result.changes == 2


def test_reconcile_deletes_extras_before_creating(harness: Harness) -> None:
    mode = ModeSubscription(location_id=LOCATION, subscription_name="modes")
    harness.server.reply(200, _existing_three())
    harness.server.reply(200, {"count": 1})
    harness.server.reply(200, {"count": 1})
    harness.server.reply(200, answer_for(mode, "mode-sub"))

    result = call(harness, lambda r: r.reconcile([_wanted_three()[0], mode]))

    assert sent(harness) == [
        ("GET", BASE),
        ("DELETE", f"{BASE}/498752fd-db87-4a5e-95f5-25a0e412838d"),
        ("DELETE", f"{BASE}/7bdf5909-57c4-41f3-9089-e520513bd92a"),
        ("POST", BASE),
    ]
    assert [s.id for s in result.kept] == ["1e0a1706-2b52-403c-915b-df096470bf03"]
    assert [type(s) for s in result.created] == [type(result.created[0])]
    assert result.created[0].detail == mode


def test_reconcile_generates_stable_valid_names(harness: Harness) -> None:
    request = CapabilitySubscription(location_id=LOCATION, capability="temperatureMeasurement")
    harness.server.reply(200, {"items": [], "_links": {}})
    harness.server.reply(
        200, {"id": "a", "sourceType": "CAPABILITY", "capability": {"locationId": LOCATION, "capability": "x"}}
    )
    harness.server.reply(200, {"items": [], "_links": {}})
    harness.server.reply(
        200, {"id": "b", "sourceType": "CAPABILITY", "capability": {"locationId": LOCATION, "capability": "x"}}
    )

    call(harness, lambda r: r.reconcile([request]))
    first = harness.server.body()["capability"]["subscriptionName"]
    call(harness, lambda r: r.reconcile([request]))
    second = harness.server.body()["capability"]["subscriptionName"]

    assert first == second
    assert NAME.fullmatch(first)
    assert first.startswith("cap_temperatureMeasuremen_")
    assert len(first) == 36


def test_reconcile_keeps_an_unnamed_match_unless_its_name_is_claimed(harness: Harness) -> None:
    # Existing: "x" listens to the switch capability.  Wanted: "x" for switchLevel, and an unnamed switch one.
    existing = {
        "items": [
            {
                "id": "old-x",
                "sourceType": "CAPABILITY",
                "capability": {"locationId": LOCATION, "capability": "switch", "subscriptionName": "x"},
            }
        ],
        "_links": {},
    }
    named = CapabilitySubscription(location_id=LOCATION, capability="switchLevel", subscription_name="x")
    unnamed = CapabilitySubscription(location_id=LOCATION, capability="switch")
    harness.server.reply(200, existing)
    harness.server.reply(200, {"count": 1})
    harness.server.reply(200, answer_for(named, "new-x"))
    harness.server.reply(200, answer_for(unnamed, "new-switch"))

    result = call(harness, lambda r: r.reconcile([named, unnamed]))

    # Keeping old-x for the unnamed request would make creating "x" a 409.
    assert [m for m, _ in sent(harness)] == ["GET", "DELETE", "POST", "POST"]
    assert [s.id for s in result.created] == ["new-x", "new-switch"]
    assert result.kept == ()


def test_reconcile_tolerates_a_subscription_already_gone(harness: Harness) -> None:
    harness.server.reply(200, _existing_three())
    harness.server.reply(404, error_body("NotFoundError", "gone"))
    harness.server.reply(200, {"count": 1})
    harness.server.reply(200, {"count": 1})

    result = call(harness, lambda r: r.reconcile([]))

    assert len(result.deleted) == 3
    assert [m for m, _ in sent(harness)] == ["GET", "DELETE", "DELETE", "DELETE"]


def test_reconcile_over_the_limit_sends_nothing(harness: Harness) -> None:
    wanted = [DeviceSubscription(device_id=f"device-{i}") for i in range(21)]

    with pytest.raises(SubscriptionLimitError, match="20 subscriptions per installed app") as caught:
        call(harness, lambda r: r.reconcile(wanted))

    assert (caught.value.wanted, caught.value.limit) == (21, 20)
    assert harness.server.requests == []


def test_reconcile_limit_can_be_set(harness: Harness) -> None:
    with pytest.raises(SubscriptionLimitError):
        call(harness, lambda r: r.reconcile(_wanted_three(), limit=2))
    with pytest.raises(ValueError, match="limit"):
        call(harness, lambda r: r.reconcile([], limit=-1))
    assert harness.server.requests == []


def test_reconcile_refuses_duplicate_names(harness: Harness) -> None:
    wanted = [
        DeviceSubscription(device_id="d1", subscription_name="same"),
        DeviceSubscription(device_id="d2", subscription_name="same"),
    ]
    with pytest.raises(ValueError, match="both named 'same'"):
        call(harness, lambda r: r.reconcile(wanted))
    twice = [DeviceSubscription(device_id="d1"), DeviceSubscription(device_id="d1")]
    with pytest.raises(ValueError, match="same subscription"):
        call(harness, lambda r: r.reconcile(twice))
    assert harness.server.requests == []


def test_reconcile_refuses_subscriptions_in_place_of_requests(harness: Harness) -> None:
    with pytest.raises(TypeError, match="detail"):
        call(harness, lambda r: r.reconcile([Subscription(id="s")]))
    assert harness.server.requests == []


def test_reconcile_with_a_pat_is_refused_before_sending(harness: Harness) -> None:
    with pytest.raises(TokenKindError, match=r"subscriptions\.list accepts only a SmartApp token"):
        call(harness, lambda r: r.reconcile([], installed_app_id=IA), token=PAT)
    assert harness.server.requests == []
