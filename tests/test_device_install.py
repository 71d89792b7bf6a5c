"""Creating devices from a SmartApp (``devices.install``, ``devices.update_profile``), and what a 403 there says.

The scenario from smartapp-sdk-nodejs#23 and community t/249586: a SmartApp without ``i:deviceprofiles`` gets a
blank 403 on ``POST /devices``; the error must name the scope in both of its spellings and say that it has to be
whitelisted and requested in INITIALIZE.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client.auth.credentials import PersonalAccessToken, SmartAppToken
from smartthings_client.errors import MissingScopeError, ScopeError, TokenKindError
from smartthings_client.models.devices import Device
from smartthings_client.scopes import TokenKind

from .fixtures import MODES, PYSMARTTHINGS, Mode, Recorder, run_resource

FIXTURES = PYSMARTTHINGS
IA = "5b2c9c63-5c45-4c1e-9d43-2e1a0b8f0a11"
OTHER_IA = "7d1e0000-0000-4000-8000-00000000beef"
LOCATION = "88a3a314-f0c8-40b4-bb44-44ba06c9c42f"
PROFILE = "149476cd-3ca9-4e62-ba40-a399e558b2bf"
DEVICE = "440063de-a200-40b5-8a6b-f3399eaa0370"


def device_json() -> Any:
    return json.loads((FIXTURES / "device.json").read_text(encoding="utf-8"))


def app_token(scopes: list[str] | None = None, installed_app_id: str | None = IA) -> SmartAppToken:
    return SmartAppToken("t", installed_app_id=installed_app_id, scopes=scopes)


def run(mode: Mode, token: Any, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    """Run ``call(client.devices)`` with a blocking or an async client."""
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.devices,
        async_resource=lambda ast: ast.devices,
        token=token,
    )


# ---------------------------------------------------------------------------------------------------------
# the two body shapes


@pytest.mark.parametrize("mode", MODES)
def test_install_sends_the_nested_app_form(mode: Mode) -> None:
    server = Recorder(device_json())
    device = run(
        mode,
        app_token(["i:deviceprofiles"]),
        server,
        lambda d: d.install(location_id=LOCATION, profile_id=PROFILE, label="Porch light", external_id="porch-1"),
    )
    request = server.only
    assert (request.method, request.url.path) == ("POST", "/v1/devices")
    assert server.body_of() == {
        "label": "Porch light",
        "locationId": LOCATION,
        "app": {"profileId": PROFILE, "installedAppId": IA, "externalId": "porch-1"},
    }
    assert isinstance(device, Device)
    assert device.device_id == DEVICE


@pytest.mark.parametrize("mode", MODES)
def test_install_sends_the_flat_form(mode: Mode) -> None:
    server = Recorder(device_json())
    run(
        mode,
        app_token(["i:deviceprofiles"]),
        server,
        lambda d: d.install(
            location_id=LOCATION,
            profile_id=PROFILE,
            label="Porch light",
            external_id="porch-1",
            room_id="room-1",
            flat=True,
        ),
    )
    assert server.body_of() == {
        "profileId": PROFILE,
        "installedAppId": IA,
        "externalId": "porch-1",
        "locationId": LOCATION,
        "label": "Porch light",
        "roomId": "room-1",
    }


def test_install_leaves_out_what_is_not_given_and_honours_an_explicit_installed_app_id() -> None:
    server = Recorder(device_json())
    run(
        "sync",
        app_token(["i:deviceprofiles"]),
        server,
        lambda d: d.install(location_id=LOCATION, profile_id=PROFILE, installed_app_id=OTHER_IA),
    )
    assert server.body_of() == {"locationId": LOCATION, "app": {"profileId": PROFILE, "installedAppId": OTHER_IA}}


@pytest.mark.parametrize(
    ("kwargs", "token", "fragment"),
    [
        ({}, app_token(["i:deviceprofiles"], installed_app_id=None), "installed_app_id is required"),
        ({"external_id": "x" * 65}, app_token(["i:deviceprofiles"]), "external_id must be at most 64"),
        ({"profile_id": "a/b"}, app_token(["i:deviceprofiles"]), "profile_id"),
        ({"location_id": ""}, app_token(["i:deviceprofiles"]), "location_id"),
    ],
)
def test_install_refuses_bad_arguments_before_sending(
    kwargs: dict[str, Any], token: SmartAppToken, fragment: str
) -> None:
    server = Recorder(device_json())
    arguments = {"location_id": LOCATION, "profile_id": PROFILE, **kwargs}
    with pytest.raises(ValueError, match=fragment):
        run("sync", token, server, lambda d: d.install(**arguments))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_update_profile_sends_the_new_profile(mode: Mode) -> None:
    server = Recorder(device_json())
    device = run(mode, app_token(["i:deviceprofiles"]), server, lambda d: d.update_profile(DEVICE, PROFILE))
    request = server.only
    assert (request.method, request.url.path) == ("PUT", f"/v1/devices/{DEVICE}/profile")
    assert server.body_of() == {"profileId": PROFILE}
    assert device.device_id == DEVICE


# ---------------------------------------------------------------------------------------------------------
# the 403 diagnosis


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_without_i_deviceprofiles_names_the_scope_and_the_fix(mode: Mode) -> None:
    server = Recorder(status=403, content=b"")
    token = app_token(["r:devices:*", "x:devices:*"])
    with pytest.raises(MissingScopeError) as caught:
        run(mode, token, server, lambda d: d.install(location_id=LOCATION, profile_id=PROFILE))
    assert len(server.requests) == 1  # sent: the token kind is right, only the scope is missing
    error = caught.value
    assert error.status_code == 403
    assert error.operation == "devices.install"
    assert error.token_kind is TokenKind.SMARTAPP
    assert error.missing == ("i:deviceprofiles",)
    assert error.granted == ("r:devices:*", "x:devices:*")
    text = str(error)
    assert re.search(r"i:deviceprofiles(?!:)", text)  # the bare spelling...
    assert "i:deviceprofiles:*" in text  # ...and the star spelling
    assert "same grant" in text
    assert "whitelist" in text.lower()
    assert "request it in the INITIALIZE permissions" in text
    assert "r:devices:*, x:devices:*" in text  # what the token did have


def test_the_same_403_on_update_profile_is_diagnosed_too() -> None:
    server = Recorder(status=403, content=b"")
    with pytest.raises(MissingScopeError) as caught:
        run("sync", app_token(["r:devices:*"]), server, lambda d: d.update_profile(DEVICE, PROFILE))
    assert caught.value.missing == ("i:deviceprofiles",)
    assert "i:deviceprofiles:*" in str(caught.value)


def test_a_403_with_the_star_spelling_granted_is_not_called_a_missing_scope() -> None:
    # i:deviceprofiles:* is the same grant: the 403 must have another cause, and the error says so.
    server = Recorder(status=403, content=b"")
    with pytest.raises(ScopeError) as caught:
        run(
            "sync",
            app_token(["i:deviceprofiles:*"]),
            server,
            lambda d: d.install(location_id=LOCATION, profile_id=PROFILE),
        )
    assert not isinstance(caught.value, MissingScopeError)
    assert "has it" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    "call",
    [
        lambda d: d.install(location_id=LOCATION, profile_id=PROFILE, installed_app_id=IA),
        lambda d: d.update_profile(DEVICE, PROFILE),
    ],
    ids=["install", "update_profile"],
)
def test_a_personal_access_token_is_refused_before_sending(mode: Mode, call: Callable[[Any], Any]) -> None:
    server = Recorder(device_json())
    token = PersonalAccessToken("pat", scopes=["r:devices:*", "w:devices:*", "i:deviceprofiles"])
    with pytest.raises(TokenKindError) as caught:
        run(mode, token, server, call)
    assert server.requests == []
    error = caught.value
    assert error.preflight
    assert error.token_kind is TokenKind.PAT
    assert "accepts only a SmartApp token" in str(error)
    assert "refused before sending" in str(error)
