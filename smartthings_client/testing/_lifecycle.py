"""Builders for the SmartApp lifecycle payloads SmartThings POSTs to a webhook (contract §6.3, S3, C3).

Each returns the full execution request: ``{lifecycle, executionId, appId, locale, version, client, settings,
<xData>}``. The Emulator's install/update/event/uninstall methods fill these with real tokens and state;
the builders here are also usable on their own to test a lifecycle parser.
"""

from __future__ import annotations

import copy
from typing import Any

from ._errors import JsonDict
from ._state import new_id

LIFECYCLES = ("PING", "CONFIRMATION", "CONFIGURATION", "INSTALL", "UPDATE", "EVENT", "UNINSTALL", "OAUTH_CALLBACK")
_DATA_KEYS = {
    "PING": "pingData",
    "CONFIRMATION": "confirmationData",
    "CONFIGURATION": "configurationData",
    "INSTALL": "installData",
    "UPDATE": "updateData",
    "EVENT": "eventData",
    "UNINSTALL": "uninstallData",
    "OAUTH_CALLBACK": "oauthCallbackData",
}


def envelope(
    lifecycle: str,
    data: JsonDict,
    *,
    app_id: str | None = None,
    settings: dict[str, str] | None = None,
    locale: str = "en",
) -> JsonDict:
    """Wrap one ``*Data`` object in the common execution envelope."""
    if lifecycle not in _DATA_KEYS:
        raise ValueError(f"unknown lifecycle {lifecycle!r}; expected one of {LIFECYCLES}")
    return {
        "lifecycle": lifecycle,
        "executionId": new_id(),
        "appId": app_id or new_id(),
        "locale": locale,
        "version": "0.1.0",
        "client": {
            "os": "android",
            "version": "1.7.95",
            "language": "en-US",
            "displayMode": "LIGHT",
            "timeZoneOffset": "+00:00",
            "supportedTemplates": ["BASIC_V2", "SMART_AUTOMATION"],
        },
        "settings": dict(settings or {}),
        _DATA_KEYS[lifecycle]: data,
    }


def installed_app_block(installed_app_id: str, location_id: str, config: JsonDict, permissions: list[str]) -> JsonDict:
    """The ``installedApp`` object of INSTALL/UPDATE/EVENT/UNINSTALL data."""
    return {
        "installedAppId": installed_app_id,
        "locationId": location_id,
        "config": copy.deepcopy(config),
        "permissions": list(permissions),
    }


def ping_payload(challenge: str | None = None, *, app_id: str | None = None) -> JsonDict:
    """PING: answer with ``{pingData: {challenge}}``."""
    return envelope("PING", {"challenge": challenge or new_id()}, app_id=app_id)


def confirmation_payload(app_id: str, confirmation_url: str | None = None) -> JsonDict:
    """CONFIRMATION: the app should visit ``confirmationUrl`` and answer ``{targetUrl}``."""
    url = confirmation_url or f"https://api.smartthings.com/apps/{app_id}/confirm-registration?token={new_id()}"
    return envelope("CONFIRMATION", {"appId": app_id, "confirmationUrl": url}, app_id=app_id)


def configuration_payload(
    installed_app_id: str,
    phase: str = "INITIALIZE",
    *,
    page_id: str = "",
    previous_page_id: str = "",
    config: JsonDict | None = None,
    app_id: str | None = None,
) -> JsonDict:
    """CONFIGURATION: phase INITIALIZE or PAGE."""
    if phase not in ("INITIALIZE", "PAGE"):
        raise ValueError("phase must be INITIALIZE or PAGE")
    data = {
        "installedAppId": installed_app_id,
        "phase": phase,
        "pageId": page_id,
        "previousPageId": previous_page_id,
        "config": copy.deepcopy(config or {}),
    }
    return envelope("CONFIGURATION", data, app_id=app_id)


def oauth_callback_payload(installed_app_id: str, url_path: str, *, app_id: str | None = None) -> JsonDict:
    """OAUTH_CALLBACK: the third-party redirect's path and query."""
    return envelope("OAUTH_CALLBACK", {"installedAppId": installed_app_id, "urlPath": url_path}, app_id=app_id)


def device_event_item(
    device_id: str,
    location_id: str,
    capability: str,
    attribute: str,
    value: Any,
    *,
    component_id: str = "main",
    subscription_name: str = "",
    state_change: bool = True,
    event_time: str | None = None,
) -> JsonDict:
    """One ``DEVICE_EVENT`` item for an EVENT payload."""
    from ._state import value_type

    return {
        "eventTime": event_time or "2025-03-01T12:00:00.000Z",
        "eventType": "DEVICE_EVENT",
        "deviceEvent": {
            "subscriptionName": subscription_name,
            "eventId": new_id(),
            "locationId": location_id,
            "ownerId": location_id,
            "ownerType": "LOCATION",
            "deviceId": device_id,
            "componentId": component_id,
            "capability": capability,
            "attribute": attribute,
            "value": value,
            "valueType": value_type(value),
            "stateChange": state_change,
            "data": {},
        },
    }
