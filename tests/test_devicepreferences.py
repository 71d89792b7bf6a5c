"""``device_preferences``: definitions (typed per preference type, unknown types kept), their translations,
``X-ST-Organization``, errors, and the emulator end to end."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.errors import ConflictError, NotFoundError, ScopeError, UnprocessableEntityError
from smartthings_client.models.devicepreferences import (
    BooleanPreference,
    DevicePreference,
    EnumerationDefinition,
    EnumerationPreference,
    IntegerDefinition,
    IntegerPreference,
    NumberPreference,
    PreferenceLocalization,
    PreferenceOptionLabel,
    PreferenceType,
    StringPreference,
    StringType,
    UnknownPreference,
)
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, load, run_resource

PREF = "mynamespace.tempOffset"
INTEGER = {
    "preferenceId": PREF,
    "name": "tempOffset",
    "title": "Temperature offset",
    "description": "Added to every reading",
    "required": False,
    "preferenceType": "integer",
    "explicit": True,
    "definition": {"minimum": -10, "maximum": 10, "default": 0},
}
# The real device preference values of a Z-Wave dimmer: the names and types definitions are made for.
DIMMER_VALUES = load("core-sdk-more/devices/get_preferences.json")[
    "get_devices_385931b6_0121_4848_bcc8_54cb76436de1_preferences"
]["response"]["values"]


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.device_preferences,
        async_resource=lambda ast: ast.device_preferences,
    )


def definition_for(name: str, kind: str) -> dict[str, Any]:
    definitions = {
        "number": {"minimum": 0, "maximum": 101.5, "default": 3},
        "string": {"minLength": 1, "maxLength": 20, "stringType": "text", "default": "Disabled"},
        "boolean": {"default": False},
    }
    return {
        "preferenceId": f"ns.{name}",
        "name": name,
        "title": name,
        "preferenceType": kind,
        "definition": definitions[kind],
    }


# ---------------------------------------------------------------------------------------------------------
# decoding


@pytest.mark.parametrize("mode", MODES)
def test_list_decodes_each_type_as_its_class(mode: Mode) -> None:
    items = [definition_for(name, value["preferenceType"]) for name, value in DIMMER_VALUES.items()]
    items.append(INTEGER)
    choice_definition = {"options": {"a": "Option A", "b": "Option B"}, "default": "b"}
    items.append(
        {**INTEGER, "preferenceId": "ns.choice", "preferenceType": "enumeration", "definition": choice_definition}
    )
    server = Recorder({"items": items, "_links": {"next": None}})
    preferences = run(mode, server, lambda d: d.list(namespace="ns"))
    assert (server.only.method, server.only.url.path) == ("GET", "/v1/devicepreferences")
    assert server.only.url.params.multi_items() == [("namespace", "ns")]
    by_id = {p.preference_id: p for p in preferences}
    assert isinstance(by_id["ns.zwaveRampRate"], NumberPreference)
    assert by_id["ns.zwaveRampRate"].definition.maximum == 101.5
    assert isinstance(by_id["ns.smartBulbMode"], StringPreference)
    assert by_id["ns.smartBulbMode"].definition.string_type is StringType.TEXT
    assert isinstance(by_id["ns.invertSwitch"], BooleanPreference)
    assert by_id["ns.invertSwitch"].definition.default is False
    integer = by_id[PREF]
    assert isinstance(integer, IntegerPreference)
    assert integer.definition == IntegerDefinition(minimum=-10, maximum=10, default=0)
    assert integer.preference_type is PreferenceType.INTEGER
    assert integer.namespace == "mynamespace"
    choice = by_id["ns.choice"]
    assert isinstance(choice, EnumerationPreference)
    assert choice.definition.options == {"a": "Option A", "b": "Option B"}


def test_an_unknown_type_is_kept_with_its_definition() -> None:
    odd = {**INTEGER, "preferenceType": "color", "definition": {"palette": ["red"]}, "newField": 1}
    preference = run("sync", Recorder(odd), lambda d: d.get(PREF))
    assert isinstance(preference, UnknownPreference)
    assert preference.preference_type == "color"
    assert preference.definition == {"palette": ["red"]}
    assert preference.extra == {"newField": 1}


# ---------------------------------------------------------------------------------------------------------
# requests


@pytest.mark.parametrize("mode", MODES)
def test_get_asks_for_one_preference(mode: Mode) -> None:
    server = Recorder(INTEGER)
    assert run(mode, server, lambda d: d.get(PREF)).title == "Temperature offset"
    assert server.only.url.path == f"/v1/devicepreferences/{PREF}"


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_explicit_true_the_type_and_the_organization(mode: Mode) -> None:
    server = Recorder(INTEGER)
    preference = IntegerPreference(
        name="tempOffset", title="Temperature offset", definition=IntegerDefinition(minimum=-10, maximum=10, default=0)
    )
    created = run(mode, server, lambda d: d.create(preference, organization_id="org-1"))
    request = server.only
    assert (request.method, request.url.path) == ("POST", "/v1/devicepreferences")
    assert request.headers["X-ST-Organization"] == "org-1"
    assert server.body_of() == {
        "name": "tempOffset",
        "title": "Temperature offset",
        "preferenceType": "integer",
        "explicit": True,
        "definition": {"minimum": -10, "maximum": 10, "default": 0},
    }
    assert created.preference_id == PREF


def test_create_without_organization_sends_no_header_and_dicts_pass_through() -> None:
    server = Recorder(INTEGER)
    run("sync", server, lambda d: d.create({"name": "x1y", "title": "T", "preferenceType": "boolean"}))
    assert "X-ST-Organization" not in server.only.headers
    assert server.body_of() == {"name": "x1y", "title": "T", "preferenceType": "boolean", "explicit": True}


@pytest.mark.parametrize(
    ("preference", "error"),
    [
        (DevicePreference(name="abc", title="no type"), ValueError),
        ({"name": "abc", "title": "no type"}, ValueError),
        ("integer", TypeError),
    ],
)
def test_create_refuses_a_preference_without_type(preference: Any, error: type[Exception]) -> None:
    server = Recorder(INTEGER)
    with pytest.raises(error):
        run("sync", server, lambda d: d.create(preference))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_update_puts_the_definition(mode: Mode) -> None:
    server = Recorder(INTEGER)
    changed = EnumerationPreference(title="Mode", definition=EnumerationDefinition(options={"a": "A"}, default="a"))
    run(mode, server, lambda d: d.update(PREF, changed, organization_id="org-2"))
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/devicepreferences/{PREF}")
    assert server.only.headers["X-ST-Organization"] == "org-2"
    assert server.body_of() == {
        "title": "Mode",
        "preferenceType": "enumeration",
        "definition": {"options": {"a": "A"}, "default": "a"},
    }


@pytest.mark.parametrize("mode", MODES)
def test_localization_calls(mode: Mode) -> None:
    server = Recorder({"items": [{"tag": "en"}, {"tag": "fr"}], "_links": None})
    assert run(mode, server, lambda d: d.list_localizations(PREF)) == ["en", "fr"]
    assert server.only.url.path == f"/v1/devicepreferences/{PREF}/i18n"

    french = {"tag": "fr", "label": "Décalage", "options": {"a": {"label": "Option A"}}}
    server = Recorder(french)
    got = run(mode, server, lambda d: d.get_localization(PREF, "fr"))
    assert server.only.url.path == f"/v1/devicepreferences/{PREF}/i18n/fr"
    assert got.options == {"a": PreferenceOptionLabel(label="Option A")}

    server = Recorder(french)
    localization = PreferenceLocalization(tag="fr", label="Décalage", options={"a": PreferenceOptionLabel(label="A")})
    run(mode, server, lambda d: d.create_localization(PREF, localization))
    assert (server.only.method, server.only.url.path) == ("POST", f"/v1/devicepreferences/{PREF}/i18n")
    assert server.body_of() == {"tag": "fr", "label": "Décalage", "options": {"a": {"label": "A"}}}

    server = Recorder(french)
    run(mode, server, lambda d: d.update_localization(PREF, {"tag": "fr", "label": "Décalage"}))
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/devicepreferences/{PREF}/i18n/fr")


@pytest.mark.parametrize(
    "localization",
    [{"label": "no tag"}, {"tag": "a/b", "label": "x"}, {"tag": "fr"}, PreferenceLocalization(tag="fr"), 42],
)
def test_a_broken_localization_is_refused_before_sending(localization: Any) -> None:
    server = Recorder({})
    with pytest.raises((ValueError, TypeError)):
        run("sync", server, lambda d: d.update_localization(PREF, localization))
    assert server.requests == []


@pytest.mark.parametrize(("value", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(value: Any, error: type[Exception]) -> None:
    server = Recorder(INTEGER)
    with pytest.raises(error):
        run("sync", server, lambda d: d.get(value))
    with pytest.raises(error):
        run("sync", server, lambda d: d.get_localization(PREF, value))
    assert server.requests == []


def test_an_invalid_organization_id_is_refused() -> None:
    server = Recorder(INTEGER)
    with pytest.raises(ValueError, match="organization_id"):
        run("sync", server, lambda d: d.create(INTEGER, organization_id="a/b"))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_names_the_operation(mode: Mode) -> None:
    with pytest.raises(ScopeError) as caught:
        run(mode, Recorder(status=403, content=b""), lambda d: d.create(INTEGER))
    assert caught.value.operation == "device_preferences.create"
    assert "w:deviceprofiles" in str(caught.value)


# ---------------------------------------------------------------------------------------------------------
# the emulator


def test_emulator_crud_with_translations() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        seeded = {p.preference_id: p for p in st.device_preferences.list()}
        assert isinstance(seeded["orgnamespace1.smartBulbMode"], EnumerationPreference)
        created = st.device_preferences.create(
            IntegerPreference(name="tempOffset", title="Offset", definition=IntegerDefinition(minimum=-5, maximum=5))
        )
        assert created.preference_id == "orgnamespace1.tempOffset"
        assert created.explicit is True
        other = st.device_preferences.create(
            BooleanPreference(name="quietMode", title="Quiet"), organization_id="00000000-0000-0000-0000-000000000002"
        )
        assert other.preference_id == "orgnamespace2.quietMode"
        assert [p.preference_id for p in st.device_preferences.list(namespace="orgnamespace2")] == [
            "orgnamespace2.quietMode"
        ]
        with pytest.raises(ConflictError):
            st.device_preferences.create(IntegerPreference(name="tempOffset", title="Again"))
        with pytest.raises(UnprocessableEntityError):
            st.device_preferences.create(
                IntegerPreference(name="badRange", title="x", definition=IntegerDefinition(minimum=5, maximum=1))
            )
        with pytest.raises(UnprocessableEntityError):
            st.device_preferences.create(IntegerPreference(name="X", title="bad name"))

        updated = st.device_preferences.update(
            "orgnamespace1.tempOffset",
            IntegerPreference(title="Offset (°)", definition=IntegerDefinition(minimum=-9, maximum=9, default=1)),
        )
        assert isinstance(updated, IntegerPreference)
        assert (updated.title, updated.definition.default, updated.name) == ("Offset (°)", 1, "tempOffset")
        assert st.device_preferences.get("orgnamespace1.tempOffset") == updated

        french = PreferenceLocalization(tag="fr", label="Décalage")
        assert st.device_preferences.create_localization("orgnamespace1.tempOffset", french) == french
        with pytest.raises(ConflictError):
            st.device_preferences.create_localization("orgnamespace1.tempOffset", french)
        st.device_preferences.update_localization("orgnamespace1.tempOffset", {"tag": "de", "label": "Versatz"})
        assert st.device_preferences.list_localizations("orgnamespace1.tempOffset").to_list() == ["de", "fr"]
        assert st.device_preferences.get_localization("orgnamespace1.tempOffset", "de").label == "Versatz"
        with pytest.raises(NotFoundError):
            st.device_preferences.get_localization("orgnamespace1.tempOffset", "es")
        with pytest.raises(UnprocessableEntityError):  # an enumeration's translation labels every option
            st.device_preferences.create_localization(
                "orgnamespace1.smartBulbMode",
                {"tag": "fr", "label": "Mode", "options": {"Disabled": {"label": "Désactivé"}}},
            )
        with pytest.raises(NotFoundError):
            st.device_preferences.get("orgnamespace1.nothing")


def test_emulator_async_list_pages() -> None:
    emu = Emulator(page_size=2)

    async def main() -> list[str | None]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as st:
            return [p.preference_id async for p in st.device_preferences.list()]

    listed = asyncio.run(main())
    assert len(listed) == 4
    assert emu.requests[-1].url.endswith("max=2")  # the last of two pages
