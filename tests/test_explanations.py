"""The messages a user reads for the usual token mistakes, produced against the emulator's real answers."""

from __future__ import annotations

import pytest

from smartthings_client import AuthenticationError, MissingScopeError, ScopeError, SmartAppToken, SmartThings
from smartthings_client.testing import Emulator, Installation


def app_token(install: Installation, *, scopes: list[str] | None = None) -> SmartAppToken:
    granted = install.payload["installData"]["installedApp"]["permissions"] if scopes is None else scopes
    return SmartAppToken(
        install.auth_token, installed_app_id=install.installed_app_id, location_id=install.location_id, scopes=granted
    )


def test_a_smartapp_token_on_another_locations_resource_names_cause_and_fix() -> None:
    emu = Emulator()
    cabin = emu.add_location("Cabin")
    install = emu.install(emu.create_app("home-app"))
    with SmartThings(app_token(install), transport=emu.transport) as st, pytest.raises(ScopeError) as caught:
        st.locations.rooms.list(cabin).to_list()

    message = str(caught.value)
    assert f"the SmartApp token belongs to location {install.location_id} and this call is on location {cabin}" in (
        message
    )
    assert "Fix: use the token of this app's installation in that location" in message
    assert "SmartThings also answers 403 when" not in message  # no list of guesses


def test_a_smartapp_token_on_another_locations_device_names_its_own_location() -> None:
    emu = Emulator()
    cabin = emu.add_location("Cabin")
    (device,) = emu.add_devices(1, location_id=cabin)
    install = emu.install(emu.create_app("home-app"))
    with SmartThings(app_token(install), transport=emu.transport) as st, pytest.raises(ScopeError) as caught:
        st.devices.get(device)

    message = str(caught.value)
    assert f"the SmartApp token reaches only location {install.location_id}" in message
    assert "most likely in another location" in message
    assert "Fix: check the id, then use the token of this app's installation in that location" in message


def test_an_expired_event_token_names_the_fix() -> None:
    emu = Emulator()
    install = emu.install(emu.create_app("app"))
    event = emu.event(install.installed_app_id)
    token = SmartAppToken(
        event["eventData"]["authToken"], installed_app_id=install.installed_app_id, event=True
    )
    emu.clock.advance(6 * 60)
    with SmartThings(token, transport=emu.transport) as st, pytest.raises(AuthenticationError) as caught:
        st.devices.list().to_list()

    message = str(caught.value)
    assert "EVENT tokens last 5 minutes and cannot be refreshed" in message
    assert "use the INSTALL/UPDATE token pair stored for this installed app" in message
    assert "RefreshableToken.from_store(store, installed_app_id)" in message


def test_the_missing_deviceprofiles_scope_is_named_once() -> None:
    emu = Emulator()
    granted = ["r:devices:*", "r:locations:*"]
    install = emu.install(emu.create_app("app"), permissions=granted)
    with SmartThings(app_token(install, scopes=granted), transport=emu.transport) as st:
        with pytest.raises(MissingScopeError) as caught:
            st.devices.install(
                label="x",
                profile_id="a79e4507-ecaa-3c7e-b660-a3a71f30eafb",
                location_id=install.location_id,
                installed_app_id=install.installed_app_id,
            )

    explanation = caught.value.explanation or ""
    assert "so it lacks i:deviceprofiles (also spelled i:deviceprofiles:*, the same grant)." in explanation
    lacks = explanation.split("so it lacks ", 1)[1]
    assert lacks.count("i:deviceprofiles ") == 1
    assert caught.value.missing == ("i:deviceprofiles",)
