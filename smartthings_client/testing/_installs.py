"""INSTALL / UPDATE / EVENT / UNINSTALL as state changes that produce lifecycle payloads (contract §6.3).

Tokens follow the contract's lifetimes (§6.2): INSTALL and UPDATE carry a 24 h ``authToken`` and a 30-day
``refreshToken`` (an UPDATE retires every older refresh token); EVENT carries a 5-minute token and no
refresh token; UNINSTALL carries no token and revokes everything the installed app held.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import _auth
from ._errors import JsonDict
from ._lifecycle import envelope, installed_app_block
from ._routes_installedapps import add_config, new_installed_app
from ._routes_schedules import due_timer_events
from ._scopes import normalise
from ._state import AppRecord, InstalledAppRecord, State


def check_permissions(whitelist: list[str], permissions: Iterable[str] | None) -> list[str]:
    """Granted permissions must be whitelisted with the very same strings (community t/249586, t/250198)."""
    granted = normalise(permissions) if permissions is not None else list(whitelist)
    extra = [p for p in granted if p not in whitelist]
    if extra:
        raise ValueError(f"permissions not whitelisted for this app: {extra}")
    return granted


def block(installed: InstalledAppRecord) -> JsonDict:
    """The payloads' ``installedApp`` object."""
    return installed_app_block(installed.id, installed.location_id, installed.current_config(), installed.permissions)


def _token_pair(state: State, installed: InstalledAppRecord, client_id: str) -> tuple[str, str]:
    now = state.clock.now()
    scopes = tuple(installed.permissions)
    access = state.tokens.issue(
        _auth.SMARTAPP,
        scopes,
        now,
        _auth.ACCESS_LIFETIME,
        installed_app_id=installed.id,
        location_id=installed.location_id,
        client_id=client_id,
    )
    refresh = state.tokens.issue_refresh(client_id, installed.id, scopes, now)
    return access.value, refresh.value


def install(
    state: State,
    app: AppRecord,
    permissions: Iterable[str] | None,
    location_id: str,
    config: Mapping[str, Any] | None,
) -> tuple[InstalledAppRecord, str, str, JsonDict]:
    """Create an AUTHORIZED installed app; return it with its token pair and the INSTALL payload."""
    granted = check_permissions(app.oauth["scope"], permissions)
    state.location(location_id)
    installed = new_installed_app(
        state,
        app_id=app.id,
        display_name=str(app.doc.get("displayName")),
        app_type=str(app.doc.get("appType")),
        location_id=location_id,
        permissions=granted,
        status="AUTHORIZED",
        config=dict(config or {}),
        config_status="AUTHORIZED",
    )
    access, refresh = _token_pair(state, installed, app.client_id)
    data = {"authToken": access, "refreshToken": refresh, "installedApp": block(installed)}
    return installed, access, refresh, envelope("INSTALL", data, app_id=app.id, settings=app.settings)


def update(
    state: State, installed_app_id: str, permissions: Iterable[str] | None, config: Mapping[str, Any] | None
) -> JsonDict:
    """Reconfigure an installed app and rotate its tokens; return the UPDATE payload."""
    installed = state.installed_app(installed_app_id)
    app = state.app(installed.app_id)
    previous_config = installed.current_config()
    previous_permissions = list(installed.permissions)
    if permissions is not None:
        installed.permissions = check_permissions(app.oauth["scope"], permissions)
    for entry in installed.configs:
        if entry["configurationStatus"] == "AUTHORIZED":
            entry["configurationStatus"] = "REVOKED"
    add_config(state, installed, dict(config) if config is not None else previous_config, "AUTHORIZED")
    installed.doc["lastUpdatedDate"] = state.now_iso_seconds()
    state.tokens.retire_refresh_tokens(installed.id)
    access, refresh = _token_pair(state, installed, app.client_id)
    data = {
        "authToken": access,
        "refreshToken": refresh,
        "installedApp": block(installed),
        "previousConfig": previous_config,
        "previousPermissions": previous_permissions,
    }
    return envelope("UPDATE", data, app_id=app.id, settings=app.settings)


def event(state: State, installed_app_id: str, events: list[JsonDict] | None) -> JsonDict:
    """An EVENT payload; ``events=None`` drains the queue and adds TIMER_EVENTs now due."""
    installed = state.installed_app(installed_app_id)
    if events is None:
        events = installed.pending_events + due_timer_events(state, installed)
        installed.pending_events = []
    token = state.tokens.issue(
        _auth.EVENT,
        tuple(installed.permissions),
        state.clock.now(),
        _auth.EVENT_LIFETIME,
        installed_app_id=installed.id,
        location_id=installed.location_id,
    )
    app = state.apps.get(installed.app_id)
    data = {"authToken": token.value, "installedApp": block(installed), "events": list(events)}
    return envelope("EVENT", data, app_id=installed.app_id, settings=app.settings if app else None)


def uninstall(state: State, installed_app_id: str) -> JsonDict:
    """Remove an installed app (tokens revoked, its devices deleted); return the UNINSTALL payload."""
    installed = state.installed_app(installed_app_id)
    payload = envelope("UNINSTALL", {"installedApp": block(installed)}, app_id=installed.app_id)
    state.remove_installed_app(installed.id)
    return payload
