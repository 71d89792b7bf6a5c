"""``deviceprofiles``: every call's request against the core-sdk samples, and the profiles parsed from them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import (
    NotFoundError,
    ResponseDecodeError,
    TokenKindError,
    UnprocessableEntityError,
)
from smartthings_client.models.deviceprofiles import (
    ComponentTranslation,
    DeviceProfile,
    DeviceProfileComponent,
    DeviceProfileLocalization,
    DeviceProfilePreference,
    DeviceProfileStatus,
    Owner,
    OwnerType,
)
from smartthings_client.models.devices import CapabilityReference, Category
from smartthings_client.resources.deviceprofiles import AsyncDeviceProfiles, DeviceProfiles

from .fixtures import CORE_SDK, MODES, Mode, Recorder, run_resource

FIXTURES = CORE_SDK / "deviceprofiles"
PROFILE = "149476cd-3ca9-4e62-ba40-a399e558b2bf"
I18N_PROFILE = "3acbf2fc-6be2-4be0-aeb5-c10f4ff357bb"


def sample(verb: str, name: str) -> dict[str, Any]:
    """One core-sdk sample: ``{"request": {url, method, data?}, "response": ...}``."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{verb}.json").read_text(encoding="utf-8"))
    entry: dict[str, Any] = data[name]
    return entry


def sample_path(entry: dict[str, Any]) -> str:
    # core-sdk samples use the unversioned base URL; the client sends /v1 paths.
    url: str = entry["request"]["url"]
    return "/v1" + urlsplit(url).path


def run(
    mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any], token: Any = "pat"
) -> Any:
    """Run ``call(profiles)`` on a blocking or an async resource; pagers are read to a list."""
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: DeviceProfiles(st._transport),
        async_resource=lambda ast: AsyncDeviceProfiles(ast._transport),
        token=token,
    )


# ---------------------------------------------------------------------------------------------------------
# list


@pytest.mark.parametrize("mode", MODES)
def test_list_parses_every_profile_of_the_sample(mode: Mode) -> None:
    entry = sample("get", "get_deviceprofiles")
    server = Recorder(entry["response"])
    profiles = run(mode, server, lambda p: p.list())
    request = server.only
    assert (request.method, request.url.path, request.url.query) == ("GET", sample_path(entry), b"")
    assert len(profiles) == len(entry["response"]["items"])
    first = profiles[0]
    assert isinstance(first, DeviceProfile)
    assert first.id == "9ec3fc36-84e8-44b5-8168-ea54a6951ef1"
    assert first.name == "AC-Thermostat"
    assert first.owner == Owner(owner_type=OwnerType.USER, owner_id="c257d2c7-332b-d60d-808d-550bfbd54556")
    assert first.status is DeviceProfileStatus.PUBLISHED
    assert first.metadata is not None
    assert first.metadata["vid"] == "ac-thermostat"
    main = first.component("main")
    assert main is not None
    assert main.label == "main"
    assert main.capability_ids[:2] == ["temperatureMeasurement", "thermostatCoolingSetpoint"]
    assert main.capabilities[0] == CapabilityReference(id="temperatureMeasurement", version=1)
    assert [p.status for p in profiles].count(DeviceProfileStatus.DEVELOPMENT) == 2
    outlets = next(p for p in profiles if p.name == "VirtualSTS Two Channel Outlet")
    assert [c.id for c in outlets.components] == ["main", "outlet1", "outlet2"]


@pytest.mark.parametrize("mode", MODES)
def test_list_repeats_profile_id_for_several_profiles(mode: Mode) -> None:
    server = Recorder({"items": [], "_links": None})
    assert run(mode, server, lambda p: p.list(profile_id=["a-1", "b-2"])) == []
    assert server.only.url.params.multi_items() == [("profileId", "a-1"), ("profileId", "b-2")]


@pytest.mark.parametrize("mode", MODES)
def test_list_follows_the_next_page(mode: Mode) -> None:
    one = sample("get", "get_deviceprofiles_96406249_c14c_4d0e_8dd2_f62fbe381e78")["response"]
    pages = [
        {"items": [one], "_links": {"next": {"href": "https://api.smartthings.com/deviceprofiles?page=2"}}},
        {"items": [{**one, "id": "second"}], "_links": {"next": None}},
    ]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[len(seen) - 1])

    profiles = run(mode, handler, lambda p: p.list(profile_id="x"))
    assert [p.id for p in profiles] == [one["id"], "second"]
    assert str(seen[1].url) == "https://api.smartthings.com/deviceprofiles?page=2"


def test_list_refuses_an_empty_profile_id_before_sending() -> None:
    server = Recorder({"items": []})
    with pytest.raises(ValueError, match="profile_id"):
        run("sync", server, lambda p: p.list(profile_id=["ok", " "]))
    assert server.requests == []


# ---------------------------------------------------------------------------------------------------------
# get


@pytest.mark.parametrize("mode", MODES)
def test_get_parses_the_profile(mode: Mode) -> None:
    entry = sample("get", "get_deviceprofiles_96406249_c14c_4d0e_8dd2_f62fbe381e78")
    server = Recorder(entry["response"])
    profile = run(mode, server, lambda p: p.get("96406249-c14c-4d0e-8dd2-f62fbe381e78"))
    request = server.only
    assert (request.method, request.url.path) == ("GET", sample_path(entry))
    assert "accept-language" not in request.headers
    assert profile.name == "HVAC-Thermostat"
    assert profile.status is DeviceProfileStatus.PUBLISHED
    assert len(profile.components[0].capabilities) == 7


@pytest.mark.parametrize("mode", MODES)
def test_get_sends_the_locale_as_accept_language(mode: Mode) -> None:
    entry = sample("get", "get_deviceprofiles_96406249_c14c_4d0e_8dd2_f62fbe381e78")
    server = Recorder(entry["response"])
    run(mode, server, lambda p: p.get("96406249-c14c-4d0e-8dd2-f62fbe381e78", locale="fr-CA"))
    assert server.only.headers["accept-language"] == "fr-CA"
    # The API version header stays, next to the language.
    assert server.only.headers["accept"] == "application/vnd.smartthings+json;v=1"


@pytest.mark.parametrize("locale", ["", "  ", "en\r\nX-Injected: 1"])
def test_get_refuses_a_bad_locale_before_sending(locale: str) -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="locale"):
        run("sync", server, lambda p: p.get(PROFILE, locale=locale))
    assert server.requests == []


@pytest.mark.parametrize("profile_id", ["", "..", "a/b"])
def test_a_bad_profile_id_is_refused_before_sending(profile_id: str) -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="profile_id"):
        run("sync", server, lambda p: p.get(profile_id))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_get_of_a_missing_profile_raises_not_found(mode: Mode) -> None:
    body = {"requestId": "r-1", "error": {"code": "NotFoundError", "message": "Device profile not found"}}
    with pytest.raises(NotFoundError, match="Device profile not found") as caught:
        run(mode, Recorder(body, status=404), lambda p: p.get(PROFILE))
    assert caught.value.operation == "deviceprofiles.get"


# ---------------------------------------------------------------------------------------------------------
# create, update, delete, status


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_the_sample_body_from_typed_components(mode: Mode) -> None:
    entry = sample("post", "post_deviceprofiles")
    sent = entry["request"]["data"]
    server = Recorder(entry["response"])
    profile = run(
        mode,
        server,
        lambda p: p.create(
            "Functional Test Switch",
            [DeviceProfileComponent(id="main", capabilities=["switch"])],
            metadata=sent["metadata"],
        ),
    )
    request = server.only
    assert (request.method, request.url.path) == ("POST", sample_path(entry))
    assert server.body_of() == sent
    assert profile.id == PROFILE
    assert profile.status is DeviceProfileStatus.DEVELOPMENT


def test_create_passes_dict_components_and_sends_categories_and_preferences() -> None:
    entry = sample("post", "post_deviceprofiles")
    server = Recorder(entry["response"])
    raw = {"id": "extra", "capabilities": [{"id": "switchLevel", "version": 1}], "categories": [{"name": "Light"}]}
    run(
        "sync",
        server,
        lambda p: p.create(
            "Dimmer",
            [
                DeviceProfileComponent(
                    id="main",
                    capabilities=["switch", CapabilityReference(id="healthCheck", version=2)],
                    categories=["Light", Category(name="Switch")],
                    label="ignored: SmartThings sets labels",
                ),
                raw,
            ],
            preferences=[DeviceProfilePreference(preference_id="tempOffset", explicit=True), {"name": "custom"}],
        ),
    )
    assert server.body_of() == {
        "name": "Dimmer",
        "components": [
            {
                "id": "main",
                "capabilities": [{"id": "switch", "version": 1}, {"id": "healthCheck", "version": 2}],
                "categories": [{"name": "Light"}, {"name": "Switch"}],
            },
            raw,
        ],
        "preferences": [{"preferenceId": "tempOffset", "explicit": True}, {"name": "custom"}],
    }


@pytest.mark.parametrize(
    ("name", "components", "error", "fragment"),
    [
        ("P", [], ValueError, "at least one component"),
        ("P", [DeviceProfileComponent(id="other", capabilities=["switch"])], ValueError, "'main'"),
        ("P", [DeviceProfileComponent(id="main")], ValueError, "at least one capability"),
        (
            "P",
            [DeviceProfileComponent(id="main", capabilities=["switch"])] * 2,
            ValueError,
            "unique; repeated: main",
        ),
        (
            "P",
            [DeviceProfileComponent(id=f"c{i}", capabilities=["switch"]) for i in range(21)],
            ValueError,
            "at most 20",
        ),
        ("P", [{"capabilities": [{"id": "switch"}]}], ValueError, r"components\[0\] has no id"),
        ("P", {"id": "main"}, TypeError, "list of components"),
        ("P", ["main"], TypeError, "not str"),
        ("", [DeviceProfileComponent(id="main", capabilities=["switch"])], ValueError, "name"),
        (" padded ", [DeviceProfileComponent(id="main", capabilities=["switch"])], ValueError, "name"),
        ("x" * 101, [DeviceProfileComponent(id="main", capabilities=["switch"])], ValueError, "at most 100"),
    ],
)
def test_create_refuses_invalid_profiles_before_sending(
    name: str, components: Any, error: type[Exception], fragment: str
) -> None:
    server = Recorder({})
    with pytest.raises(error, match=fragment):
        run("sync", server, lambda p: p.create(name, components))
    assert server.requests == []


def test_component_capabilities_must_be_a_list() -> None:
    with pytest.raises(TypeError, match="single string"):
        DeviceProfileComponent(id="main", capabilities="switch")


@pytest.mark.parametrize("mode", MODES)
def test_update_sends_the_sample_body(mode: Mode) -> None:
    entry = sample("put", f"put_deviceprofiles_{PROFILE.replace('-', '_')}")
    sent = entry["request"]["data"]
    server = Recorder(entry["response"])
    component = DeviceProfileComponent(id="main", capabilities=["switch", "switchLevel"])
    profile = run(mode, server, lambda p: p.update(PROFILE, components=[component], metadata=sent["metadata"]))
    request = server.only
    assert (request.method, request.url.path) == ("PUT", sample_path(entry))
    assert server.body_of() == sent
    assert profile.component().capability_ids == ["switch", "switchLevel"]


def test_update_sends_only_what_is_given() -> None:
    entry = sample("put", f"put_deviceprofiles_{PROFILE.replace('-', '_')}")
    server = Recorder(entry["response"])
    run("sync", server, lambda p: p.update(PROFILE, metadata={"vid": "simple-dimmer"}))
    assert server.body_of() == {"metadata": {"vid": "simple-dimmer"}}


def test_update_without_changes_is_refused_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="at least one of components, metadata, preferences"):
        run("sync", server, lambda p: p.update(PROFILE))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_update_of_a_published_profile_raises_the_422(mode: Mode) -> None:
    body = {
        "requestId": "r-2",
        "error": {
            "code": "ConstraintViolationError",
            "message": "The request is malformed.",
            "details": [
                {"code": "UnsupportedOperationError", "message": "a published device profile cannot be changed"}
            ],
        },
    }
    with pytest.raises(UnprocessableEntityError, match="published device profile cannot be changed"):
        run(mode, Recorder(body, status=422), lambda p: p.update(PROFILE, metadata={"vid": "x"}))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("content", [b"{}", b""])
def test_delete_returns_none_for_an_empty_or_empty_object_answer(mode: Mode, content: bytes) -> None:
    entry = sample("delete", f"delete_deviceprofiles_{PROFILE.replace('-', '_')}")
    server = Recorder(content=content)
    assert run(mode, server, lambda p: p.delete(PROFILE)) is None
    assert (server.only.method, server.only.url.path) == ("DELETE", sample_path(entry))
    assert server.only.content == b""


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("status", [DeviceProfileStatus.PUBLISHED, "PUBLISHED"])
def test_set_status_sends_the_sample_body(mode: Mode, status: DeviceProfileStatus | str) -> None:
    entry = sample("post", f"post_deviceprofiles_{PROFILE.replace('-', '_')}_status")
    server = Recorder(entry["response"])
    profile = run(mode, server, lambda p: p.set_status(PROFILE, status))
    assert (server.only.method, server.only.url.path) == ("POST", sample_path(entry))
    assert server.body_of() == entry["request"]["data"] == {"deviceProfileStatus": "PUBLISHED"}
    assert profile.status is DeviceProfileStatus.PUBLISHED


def test_set_status_refuses_an_unknown_status_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="DEVELOPMENT, PUBLISHED"):
        run("sync", server, lambda p: p.set_status(PROFILE, "DRAFT"))
    assert server.requests == []


def test_an_unknown_status_from_smartthings_stays_a_string() -> None:
    entry = sample("post", "post_deviceprofiles")
    server = Recorder({**entry["response"], "status": "ARCHIVED"})
    profile = run("sync", server, lambda p: p.get(PROFILE))
    assert profile.status == "ARCHIVED"


# ---------------------------------------------------------------------------------------------------------
# localizations


@pytest.mark.parametrize("mode", MODES)
def test_list_locales_returns_the_tags(mode: Mode) -> None:
    entry = sample("get", f"get_deviceprofiles_{I18N_PROFILE.replace('-', '_')}_i18n")
    server = Recorder(entry["response"])
    assert run(mode, server, lambda p: p.list_locales(I18N_PROFILE)) == ["en", "es"]
    assert (server.only.method, server.only.url.path) == ("GET", sample_path(entry))


def test_list_locales_with_a_malformed_item_raises_a_decode_error() -> None:
    with pytest.raises(ResponseDecodeError, match="tag"):
        run("sync", Recorder({"items": [{"locale": "en"}]}), lambda p: p.list_locales(I18N_PROFILE))


@pytest.mark.parametrize("mode", MODES)
def test_get_localization_parses_the_translations(mode: Mode) -> None:
    # core-sdk has no GET sample; the PUT answer has the same shape (contract §2.5).
    entry = sample("put", f"put_deviceprofiles_{I18N_PROFILE.replace('-', '_')}_i18n_fr")
    server = Recorder(entry["response"])
    localization = run(mode, server, lambda p: p.get_localization(I18N_PROFILE, "fr"))
    assert (server.only.method, server.only.url.path) == ("GET", sample_path(entry))
    assert isinstance(localization, DeviceProfileLocalization)
    assert localization.tag == "fr"
    assert localization.components["outlet1"] == ComponentTranslation(
        label="Sortie Un", description="Prise de courant commutable 1"
    )
    assert list(localization.components) == ["main", "outlet1", "outlet2"]


@pytest.mark.parametrize("mode", MODES)
def test_put_localization_sends_the_sample_body(mode: Mode) -> None:
    entry = sample("put", f"put_deviceprofiles_{I18N_PROFILE.replace('-', '_')}_i18n_fr")
    sent = entry["request"]["data"]
    server = Recorder(entry["response"])
    components: dict[str, ComponentTranslation | dict[str, Any]] = {
        "main": ComponentTranslation(**sent["components"]["main"]),
        "outlet1": ComponentTranslation(**sent["components"]["outlet1"]),
        "outlet2": dict(sent["components"]["outlet2"]),
    }
    localization = run(mode, server, lambda p: p.put_localization(I18N_PROFILE, "fr", components))
    assert (server.only.method, server.only.url.path) == ("PUT", sample_path(entry))
    assert server.body_of() == sent
    assert localization.components["main"].label == "Alimentation Principale"


@pytest.mark.parametrize(
    ("tag", "components", "error", "fragment"),
    [
        ("fr", {}, ValueError, "at least one component"),
        ("fr", {"main": "Principale"}, TypeError, "ComponentTranslation or a dict"),
        ("fr", {"": {"label": "x"}}, ValueError, "component ids"),
        ("", {"main": {"label": "x"}}, ValueError, "tag"),
        ("fr/be", {"main": {"label": "x"}}, ValueError, "tag"),
    ],
)
def test_put_localization_refuses_bad_input_before_sending(
    tag: str, components: Any, error: type[Exception], fragment: str
) -> None:
    server = Recorder({})
    with pytest.raises(error, match=fragment):
        run("sync", server, lambda p: p.put_localization(I18N_PROFILE, tag, components))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_delete_localization(mode: Mode) -> None:
    entry = sample("delete", f"delete_deviceprofiles_{I18N_PROFILE.replace('-', '_')}_i18n_fr")
    server = Recorder(entry["response"])
    assert run(mode, server, lambda p: p.delete_localization(I18N_PROFILE, "fr")) is None
    assert (server.only.method, server.only.url.path) == ("DELETE", sample_path(entry))


# ---------------------------------------------------------------------------------------------------------
# token kinds

ALL_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("deviceprofiles.list", lambda p: p.list()),
    ("deviceprofiles.get", lambda p: p.get(PROFILE)),
    (
        "deviceprofiles.create",
        lambda p: p.create("P", [DeviceProfileComponent(id="main", capabilities=["switch"])]),
    ),
    ("deviceprofiles.update", lambda p: p.update(PROFILE, metadata={"vid": "v"})),
    ("deviceprofiles.delete", lambda p: p.delete(PROFILE)),
    ("deviceprofiles.set_status", lambda p: p.set_status(PROFILE, "PUBLISHED")),
    ("deviceprofiles.list_locales", lambda p: p.list_locales(PROFILE)),
    ("deviceprofiles.get_localization", lambda p: p.get_localization(PROFILE, "fr")),
    ("deviceprofiles.put_localization", lambda p: p.put_localization(PROFILE, "fr", {"main": {"label": "x"}})),
    ("deviceprofiles.delete_localization", lambda p: p.delete_localization(PROFILE, "fr")),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("operation", "call"), ALL_CALLS, ids=[name for name, _ in ALL_CALLS])
def test_a_smartapp_token_is_refused_before_sending(mode: Mode, operation: str, call: Callable[[Any], Any]) -> None:
    server = Recorder({})
    token = SmartAppToken("app-token", installed_app_id="ia-1", scopes=["r:deviceprofiles", "w:deviceprofiles"])
    with pytest.raises(TokenKindError) as caught:
        run(mode, server, call, token=token)
    assert server.requests == []
    error = caught.value
    assert error.preflight
    assert error.operation == operation
    assert "accepts only a personal access token" in str(error)
