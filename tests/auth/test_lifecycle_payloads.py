"""Lifecycle requests: typed parsing of every kind, and credentials/clients made from them."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.auth import (
    MemoryTokenStore,
    RefreshableToken,
    SmartAppToken,
    TokenStore,
    credential_from_lifecycle,
    parse_lifecycle,
)
from smartthings_client.auth.lifecycle import (
    ConfigurationPhase,
    ConfigurationRequest,
    ConfirmationRequest,
    DeviceCommandsEventData,
    DeviceEventData,
    DeviceHealthEventData,
    DeviceLifecycleEventData,
    EventRequest,
    EventType,
    ExecuteRequest,
    HubHealthEventData,
    InstallRequest,
    Lifecycle,
    LifecyclePayloadError,
    ModeEventData,
    OAuthCallbackRequest,
    PingRequest,
    TimerEventData,
    UninstallRequest,
    UnknownLifecycleRequest,
    UpdateRequest,
    acredential_from_lifecycle,
)
from smartthings_client.errors import AuthenticationError, NoCredentialsError
from smartthings_client.testing import (
    EmulatedApp,
    Emulator,
    Installation,
    configuration_payload,
    confirmation_payload,
    device_event_item,
    envelope,
    oauth_callback_payload,
    ping_payload,
)

from .helpers import token_calls

# The InstalledApp example of smartapps-v1.yml (smartapp-sdk-java 2019), verbatim.
SPEC_INSTALLED_APP: dict[str, Any] = {
    "installedAppId": "d692699d-e7a6-400d-a0b7-d5be96e7a564",
    "locationId": "e675a3d9-2499-406c-86dc-8a492a886494",
    "config": {
        "contactSensor": [
            {
                "valueType": "DEVICE",
                "deviceConfig": {"deviceId": "e457978e-5e37-43e6-979d-18112e12c961", "componentId": "main"},
            }
        ],
        "lightSwitch": [
            {
                "valueType": "DEVICE",
                "deviceConfig": {"deviceId": "74aac3bb-91f2-4a88-8c49-ae5e0a234d76", "componentId": "main"},
            }
        ],
        "minutes": [{"valueType": "STRING", "stringConfig": {"value": "5"}}],
    },
    "permissions": [
        "r:devices:e457978e-5e37-43e6-979d-18112e12c961",
        "r:devices:74aac3bb-91f2-4a88-8c49-ae5e0a234d76",
        "x:devices:74aac3bb-91f2-4a88-8c49-ae5e0a234d76",
    ],
}


def spec_request(lifecycle: str, data_key: str, data: dict[str, Any]) -> dict[str, Any]:
    """An ExecutionRequest shaped like smartapps-v1.yml's examples (executionId, locale, version)."""
    return {
        "lifecycle": lifecycle,
        "executionId": "b328f242-c602-4204-8d73-33c48ae180af",
        "locale": "en",
        "version": "1.0.0",
        data_key: data,
        "settings": {"someSetting": "value"},
    }


def update_without_refresh_token(installation: Installation) -> dict[str, Any]:
    """An UPDATE of this installation carrying a new access token ("new-auth-token") and no refresh token."""
    return spec_request(
        "UPDATE",
        "updateData",
        {
            "authToken": "new-auth-token",
            "installedApp": installation.payload["installData"]["installedApp"],
            "previousConfig": {},
            "previousPermissions": [],
        },
    )


def test_install_from_the_spec_example() -> None:
    body = spec_request(
        "INSTALL",
        "installData",
        {"authToken": "auth-1234", "refreshToken": "refresh-1234", "installedApp": SPEC_INSTALLED_APP},
    )
    request = parse_lifecycle(json.dumps(body).encode())
    assert isinstance(request, InstallRequest)
    assert request.lifecycle is Lifecycle.INSTALL
    assert request.execution_id == "b328f242-c602-4204-8d73-33c48ae180af"
    assert request.settings == {"someSetting": "value"}
    installed = request.installed_app
    assert installed.installed_app_id == "d692699d-e7a6-400d-a0b7-d5be96e7a564"
    assert installed.location_id == "e675a3d9-2499-406c-86dc-8a492a886494"
    assert installed.device_ids("contactSensor") == ("e457978e-5e37-43e6-979d-18112e12c961",)
    assert installed.string("minutes") == "5"
    assert installed.string("contactSensor") is None
    assert installed.config["lightSwitch"][0].device_config is not None
    assert installed.permissions[2] == "x:devices:74aac3bb-91f2-4a88-8c49-ae5e0a234d76"
    assert request.install_data.auth_token == "auth-1234"
    assert "auth-1234" not in repr(request)
    assert "refresh-1234" not in repr(request)


def test_update_event_uninstall_from_spec_shapes() -> None:
    update = parse_lifecycle(
        spec_request(
            "UPDATE",
            "updateData",
            {
                "authToken": "auth-1234",
                "refreshToken": "refresh-1234",
                "installedApp": SPEC_INSTALLED_APP,
                "previousConfig": {"minutes": [{"valueType": "STRING", "stringConfig": {"value": "10"}}]},
                "previousPermissions": ["r:devices:*"],
            },
        )
    )
    assert isinstance(update, UpdateRequest)
    assert update.update_data.previous_config["minutes"][0].string_config is not None
    assert update.update_data.previous_permissions == ("r:devices:*",)
    event = parse_lifecycle(
        spec_request(
            "EVENT",
            "eventData",
            {
                "authToken": "event-1234",
                "installedApp": SPEC_INSTALLED_APP,
                "events": [
                    {
                        "eventType": "DEVICE_EVENT",
                        "deviceEvent": {
                            "subscriptionName": "motion_sensors",
                            "eventId": "736e3903-001c-4d40-b408-ff40d162a06b",
                            "locationId": "499e28ba-b33b-49c9-a5a1-cce40e41f8a6",
                            "deviceId": "6f5ea629-4c05-4a90-a244-cc129b0a80c3",
                            "componentId": "main",
                            "capability": "motionSensor",
                            "attribute": "motion",
                            "value": "active",
                            "stateChange": True,
                        },
                    },
                    {
                        "eventType": "TIMER_EVENT",
                        "timerEvent": {
                            "eventId": "t1",
                            "name": "lights_off_timeout",
                            "type": "ONCE",
                            "time": "2017-08-04T12:44:18Z",
                            "expression": None,
                        },
                    },
                    {"eventType": "MODE_EVENT", "modeEvent": {"modeId": "9206ea57-2e2e-414c-a792-9087117ca3d8"}},
                    {
                        "eventType": "DEVICE_COMMANDS_EVENT",
                        "deviceCommandsEvent": {
                            "deviceId": "d1",
                            "profileId": "p1",
                            "externalId": "x1",
                            "commands": [
                                {"componentId": "main", "capability": "switch", "command": "on", "arguments": []}
                            ],
                        },
                    },
                ],
            },
        )
    )
    assert isinstance(event, EventRequest)
    device, timer, mode, commands = event.events
    assert isinstance(device.payload, DeviceEventData)
    assert (device.payload.attribute, device.payload.value, device.payload.state_change) == ("motion", "active", True)
    assert isinstance(timer.timer_event, TimerEventData)
    assert timer.timer_event.time == datetime(2017, 8, 4, 12, 44, 18, tzinfo=timezone.utc)
    assert isinstance(mode.payload, ModeEventData)
    assert mode.payload.mode_id == "9206ea57-2e2e-414c-a792-9087117ca3d8"
    assert isinstance(commands.payload, DeviceCommandsEventData)
    assert commands.payload.commands[0].command == "on"
    uninstall = parse_lifecycle(spec_request("UNINSTALL", "uninstallData", {"installedApp": SPEC_INSTALLED_APP}))
    assert isinstance(uninstall, UninstallRequest)
    assert uninstall.installed_app.installed_app_id == SPEC_INSTALLED_APP["installedAppId"]


def test_the_emulators_builders_for_the_tokenless_lifecycles() -> None:
    ping = parse_lifecycle(ping_payload("challenge-42"))
    assert isinstance(ping, PingRequest)
    assert ping.ping_data.challenge == "challenge-42"
    confirmation = parse_lifecycle(confirmation_payload("app-1", "https://example.com/confirm?token=1"))
    assert isinstance(confirmation, ConfirmationRequest)
    assert confirmation.confirmation_data.confirmation_url == "https://example.com/confirm?token=1"
    assert confirmation.confirmation_data.app_id == "app-1"
    configuration = parse_lifecycle(configuration_payload("ia-1", "PAGE", page_id="1", previous_page_id="0"))
    assert isinstance(configuration, ConfigurationRequest)
    assert configuration.configuration_data.phase is ConfigurationPhase.PAGE
    assert configuration.configuration_data.page_id == "1"
    callback = parse_lifecycle(oauth_callback_payload("ia-1", "/callback?code=abc&state=s"))
    assert isinstance(callback, OAuthCallbackRequest)
    assert callback.oauth_callback_data.url_path == "/callback?code=abc&state=s"
    execute = parse_lifecycle(
        {
            "lifecycle": "EXECUTE",
            "executeData": {"authToken": "t-1234", "parameters": {"a": 1}, "installedApp": SPEC_INSTALLED_APP},
        }
    )
    assert isinstance(execute, ExecuteRequest)
    assert execute.execute_data.parameters == {"a": 1}
    assert isinstance(ping.client, dict)
    assert ping.client["os"] == "android"


def test_the_emulators_install_update_event_uninstall(emu: Emulator, app: EmulatedApp) -> None:
    device = emu.devices[0]
    config = {"switches": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": device, "componentId": "main"}}]}
    installation = emu.install(app, config=config)
    install = parse_lifecycle(installation.payload)
    assert isinstance(install, InstallRequest)
    assert install.install_data.refresh_token == installation.refresh_token
    assert install.installed_app.device_ids("switches") == (device,)
    assert install.installed_app.permissions == app.scopes
    assert install.app_id == app.app_id
    update = parse_lifecycle(emu.update(installation.installed_app_id, permissions=["r:devices:*"]))
    assert isinstance(update, UpdateRequest)
    assert update.installed_app.permissions == ("r:devices:*",)
    assert update.update_data.previous_permissions == app.scopes
    item = device_event_item(device, installation.location_id, "switch", "switch", "off", subscription_name="s1")
    event = parse_lifecycle(emu.event(installation.installed_app_id, [item]))
    assert isinstance(event, EventRequest)
    [only] = event.events
    assert only.event_type is EventType.DEVICE_EVENT
    assert isinstance(only.device_event, DeviceEventData)
    assert (only.device_event.device_id, only.device_event.value) == (device, "off")
    assert only.device_event.subscription_name == "s1"
    uninstall = parse_lifecycle(emu.uninstall(installation.installed_app_id))
    assert isinstance(uninstall, UninstallRequest)


def test_health_lifecycle_and_unknown_event_types() -> None:
    events = [
        {
            "eventTime": "2025-03-01T12:00:00.000Z",
            "eventType": "DEVICE_HEALTH_EVENT",
            "deviceHealthEvent": {
                "eventId": "e",
                "locationId": "l",
                "deviceId": "d",
                "hubId": "",
                "status": "OFFLINE",
                "reason": "NONE",
            },
        },
        {
            "eventTime": "2025-03-01T12:00:00.000Z",
            "eventType": "DEVICE_LIFECYCLE_EVENT",
            "deviceLifecycleEvent": {
                "lifecycle": "CREATE",
                "eventId": "e",
                "locationId": "l",
                "deviceId": "d",
                "deviceName": "Lamp",
                "principal": "emulator",
                "create": {"extra": 1},
            },
        },
        {
            "eventTime": "2025-03-01T12:00:00.000Z",
            "eventType": "HUB_HEALTH_EVENT",
            "hubHealthEvent": {"hubId": "h", "status": "ONLINE"},
        },
        {"eventType": "SOMETHING_NEW", "somethingNewEvent": {"x": 1}, "brandNewKey": True},
    ]
    body = envelope("EVENT", {"authToken": "event-1234", "installedApp": SPEC_INSTALLED_APP, "events": events})
    request = parse_lifecycle(body)
    assert isinstance(request, EventRequest)
    health, lifecycle, hub, new = request.events
    assert isinstance(health.payload, DeviceHealthEventData)
    assert health.payload.status == "OFFLINE"
    assert isinstance(lifecycle.payload, DeviceLifecycleEventData)
    assert (lifecycle.payload.lifecycle, lifecycle.payload.device_name) == ("CREATE", "Lamp")
    assert lifecycle.payload.extra == {"create": {"extra": 1}}
    assert hub.event_type is EventType.HUB_HEALTH_EVENT
    assert isinstance(hub.payload, HubHealthEventData)  # typed since the hub health handler
    assert (hub.payload.hub_id, hub.payload.status) == ("h", "ONLINE")
    assert new.event_type == "SOMETHING_NEW"
    assert new.payload == {"x": 1}
    assert new.extra["brandNewKey"] is True


def test_unknown_lifecycles_and_unknown_keys_are_kept() -> None:
    request = parse_lifecycle({"lifecycle": "INTERACTION", "interactionData": {"a": 1}, "executionId": "x"})
    assert isinstance(request, UnknownLifecycleRequest)
    assert request.lifecycle == "INTERACTION"
    assert request.execution_id == "x"
    assert request.extra == {"interactionData": {"a": 1}}
    ping = parse_lifecycle({"lifecycle": "PING", "pingData": {"challenge": "c", "new": 1}, "future": [1]})
    assert isinstance(ping, PingRequest)
    assert ping.extra == {"future": [1]}
    assert ping.ping_data.extra == {"new": 1}


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "not JSON"),
        ("[1, 2]", "JSON object"),
        (b"{}", "no 'lifecycle'"),
        ({"lifecycle": 7}, "no 'lifecycle'"),
        ({"lifecycle": "INSTALL"}, "no 'installData' object"),
        ({"lifecycle": "INSTALL", "installData": {"refreshToken": "r"}}, "authToken"),
        ({"lifecycle": "EVENT", "eventData": {"authToken": "t", "installedApp": []}}, "cannot be read"),
        ({"lifecycle": "PING", "pingData": {"challenge": None}}, "challenge"),
    ],
)
def test_malformed_bodies_are_one_typed_error(body: Any, message: str) -> None:
    with pytest.raises(LifecyclePayloadError, match=message):
        parse_lifecycle(body)


def test_a_body_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="bytes, str or a mapping"):
        parse_lifecycle(42)  # type: ignore[arg-type]


# --- credentials from payloads -----------------------------------------------------------------------------------


def test_install_gives_a_refreshable_token_that_is_stored(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: TokenStore
) -> None:
    token = credential_from_lifecycle(
        installation.payload,
        client_id=app.client_id,
        client_secret=app.client_secret,
        store=store,
        clock=emu.clock.now,
    )
    assert isinstance(token, RefreshableToken)
    assert token.granted_scopes == app.scopes
    assert token.installed_app_id == installation.installed_app_id
    assert token.location_id == installation.location_id
    assert token.expires_at == datetime.fromtimestamp(emu.clock.now(), tz=timezone.utc) + timedelta(hours=24)
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert (stored.access_token, stored.refresh_token) == (installation.auth_token, installation.refresh_token)
    assert stored.client_secret == app.client_secret
    # UPDATE brings a new pair: it replaces the stored one, and the old refresh token is dead.
    update = emu.update(installation.installed_app_id)
    updated = credential_from_lifecycle(
        json.dumps(update),
        client_id=app.client_id,
        client_secret=app.client_secret,
        store=store,
        clock=emu.clock.now,
    )
    assert isinstance(updated, RefreshableToken)
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert stored.refresh_token == update["updateData"]["refreshToken"] == updated.refresh_token
    # And the stored pair is usable later, refreshing itself.
    emu.clock.advance(25 * 3600)
    later = RefreshableToken.from_store(store, installation.installed_app_id, clock=emu.clock.now)
    with SmartThings(later, transport=emu.transport) as st:
        st.locations.get(installation.location_id)
    assert token_calls(emu) == 1


def test_update_without_a_refresh_token_keeps_the_stored_one(
    emu: Emulator, app: EmulatedApp, installation: Installation
) -> None:
    store = MemoryTokenStore()
    credential_from_lifecycle(
        installation.payload, client_id=app.client_id, client_secret=app.client_secret, store=store
    )
    update = update_without_refresh_token(installation)
    token = credential_from_lifecycle(update, client_id=app.client_id, client_secret=app.client_secret, store=store)
    assert isinstance(token, RefreshableToken)
    assert token.refresh_token == installation.refresh_token
    assert token.access_token == "new-auth-token"
    # With nothing stored, the token is used as is (24 h, no refresh).
    plain = credential_from_lifecycle(update)
    assert isinstance(plain, SmartAppToken)
    assert not plain.event


def test_install_needs_the_oauth_client(installation: Installation) -> None:
    with pytest.raises(ValueError, match="client_id= and client_secret="):
        credential_from_lifecycle(installation.payload)


@pytest.mark.parametrize("mode", ["sync", "async"])
def test_an_event_token_is_used_as_is_never_refreshed_and_never_stored(
    emu: Emulator, app: EmulatedApp, installation: Installation, mode: str
) -> None:
    store = MemoryTokenStore()
    payload = emu.event(installation.installed_app_id, [])
    token = credential_from_lifecycle(
        payload, client_id=app.client_id, client_secret=app.client_secret, store=store, clock=emu.clock.now
    )
    assert isinstance(token, SmartAppToken)
    assert token.event
    assert token.scopes == app.scopes
    assert token.installed_app_id == installation.installed_app_id
    assert token.expires_at == datetime.fromtimestamp(emu.clock.now(), tz=timezone.utc) + timedelta(minutes=5)
    assert store.keys() == []

    options: dict[str, Any] = {
        "transport": emu.transport,
        "store": store,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "max_retries": 0,
    }
    if mode == "sync":
        with SmartThings.from_lifecycle(payload, **options) as st:
            st.locations.get(installation.location_id)
            emu.clock.advance(301)
            with pytest.raises(AuthenticationError, match="EVENT tokens last 5 minutes"):
                st.locations.get(installation.location_id)
    else:

        async def main() -> None:
            async with await AsyncSmartThings.from_lifecycle(payload, **options) as st:
                await st.locations.get(installation.location_id)
                emu.clock.advance(301)
                with pytest.raises(AuthenticationError, match="EVENT tokens last 5 minutes"):
                    await st.locations.get(installation.location_id)

        asyncio.run(main())
    assert token_calls(emu) == 0
    assert store.keys() == []


def test_client_from_an_install_refreshes_itself(emu: Emulator, app: EmulatedApp, installation: Installation) -> None:
    credential = credential_from_lifecycle(
        installation.payload, client_id=app.client_id, client_secret=app.client_secret, clock=emu.clock.now
    )
    with SmartThings(credential, transport=emu.transport) as st:
        assert isinstance(st, SmartThings)
        assert isinstance(st.credential, RefreshableToken)
        emu.clock.advance(24 * 3600)
        st.locations.get(installation.location_id)
    assert token_calls(emu) == 1


@pytest.mark.parametrize("kind", ["UNINSTALL", "PING", "CONFIGURATION", "CONFIRMATION", "OAUTH_CALLBACK"])
def test_lifecycles_without_a_token(emu: Emulator, app: EmulatedApp, installation: Installation, kind: str) -> None:
    payloads: dict[str, Callable[[], dict[str, Any]]] = {
        "UNINSTALL": lambda: emu.uninstall(installation.installed_app_id),
        "PING": lambda: ping_payload("challenge"),
        "CONFIGURATION": lambda: configuration_payload(installation.installed_app_id),
        "CONFIRMATION": lambda: confirmation_payload(app.app_id),
        "OAUTH_CALLBACK": lambda: oauth_callback_payload(installation.installed_app_id, "/cb"),
    }
    with pytest.raises(NoCredentialsError, match="carries no token"):
        credential_from_lifecycle(payloads[kind](), client_id=app.client_id, client_secret=app.client_secret)


def test_the_async_twin_stores_without_blocking(
    emu: Emulator, app: EmulatedApp, installation: Installation, store: TokenStore
) -> None:
    async def main() -> None:
        token = await acredential_from_lifecycle(
            installation.payload, client_id=app.client_id, client_secret=app.client_secret, store=store
        )
        assert isinstance(token, RefreshableToken)
        event = await acredential_from_lifecycle(emu.event(installation.installed_app_id, []), store=store)
        assert isinstance(event, SmartAppToken)
        no_refresh = update_without_refresh_token(installation)
        updated = await acredential_from_lifecycle(
            no_refresh, client_id=app.client_id, client_secret=app.client_secret, store=store
        )
        assert isinstance(updated, RefreshableToken)
        assert updated.refresh_token == installation.refresh_token

    asyncio.run(main())
    assert store.keys() == [installation.installed_app_id]
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert (stored.access_token, stored.refresh_token) == ("new-auth-token", installation.refresh_token)
