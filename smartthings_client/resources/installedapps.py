"""``st.installedapps``: SmartApp instances, their configurations, token introspection and SmartApp events."""

from __future__ import annotations

import builtins
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._operation import (
    Operation,
    Request,
    count_of,
    ignore_body,
    one_or_many,
    own_app_if_none,
    query,
    segment,
    tag_query,
)
from ..models.converter import decode_as, encode
from ..models.installedapps import (
    AdhocMessage,
    ConfigEntry,
    ConfigurationStatus,
    CreatedInstalledApp,
    DashboardCardEvent,
    InstalledApp,
    InstalledAppConfiguration,
    InstalledAppConfigurationDetail,
    InstalledAppStatus,
    InstalledAppType,
    PredefinedMessage,
    SmartAppEvent,
    TokenInfo,
)
from ..scopes import PAT_ONLY, SMARTAPP_ONLY
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, collect, endpoint, flow, paged
from ._installed import wire_value

__all__ = ["AsyncInstalledApps", "InstalledApps"]

MAX_DISPLAY_NAME = 255  # S1 limit on displayName
MAX_MESSAGE_TEMPLATES = 35  # S1 AdhocMessage: 1 to 35 templates
_MESSAGE_GROUP_KEY = re.compile(r"[a-z0-9._]{1,36}")

_decode_installed_app = decode_as(InstalledApp)
_decode_created = decode_as(CreatedInstalledApp)
_decode_configuration = decode_as(InstalledAppConfiguration)
_decode_configuration_detail = decode_as(InstalledAppConfigurationDetail)
_decode_token_info = decode_as(TokenInfo)


def _texts(value: str | Iterable[str] | None, name: str) -> builtins.list[str]:
    """One or many filter values; enum members become their wire text."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    return one_or_many([str(wire_value(item)) if isinstance(item, str) else item for item in values], name)


def _config_body(config: Mapping[str, ConfigEntry | Sequence[ConfigEntry]]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for name, entries in config.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"config setting names must be non-empty strings, got {name!r}")
        batch = [entries] if isinstance(entries, ConfigEntry) else list(entries)
        for entry in batch:
            if not isinstance(entry, ConfigEntry):
                raise TypeError(f"config[{name!r}] must hold ConfigEntry objects, got {type(entry).__name__}")
        body[name] = [encode(entry) for entry in batch]
    return body


_IA = "/installedapps/{installedAppId}"
_R_IA = (("r:installedapps:{installedAppId}",),)
_W_IA = (("w:installedapps:{installedAppId}",),)


class _InstalledApps(ResourceBase):
    _group = "installedapps"

    @paged("installedapps.list", "GET", "/installedapps", (("l:installedapps",),))
    def list(
        self,
        *,
        location_id: str | Iterable[str] | None = None,
        installed_app_status: InstalledAppStatus | str | Iterable[InstalledAppStatus | str] | None = None,
        installed_app_type: InstalledAppType | str | Iterable[InstalledAppType | str] | None = None,
        app_id: str | Iterable[str] | None = None,
        mode_id: str | Iterable[str] | None = None,
        device_id: str | Iterable[str] | None = None,
        tags: Mapping[str, str | Iterable[str]] | None = None,
        page_size: int | None = None,
    ) -> Request[InstalledApp]:
        """Every installed app the token can see, fetched page by page.

        Every filter takes one value or several (several repeat the query key, which SmartThings ORs);
        ``tags={"key": "value"}`` sends ``tag:key=value``.  ``page_size`` sets ``max``.  A SmartApp token sees
        the installed apps of its own location.
        """
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be at least 1")
        params = query(
            ("locationId", _texts(location_id, "location_id")),
            ("installedAppStatus", _texts(installed_app_status, "installed_app_status")),
            ("installedAppType", _texts(installed_app_type, "installed_app_type")),
            ("appId", _texts(app_id, "app_id")),
            ("modeId", _texts(mode_id, "mode_id")),
            ("deviceId", _texts(device_id, "device_id")),
            *tag_query(tags),
            ("max", page_size),
        )
        return Request(_decode_installed_app, params=params)

    @endpoint("installedapps.get", "GET", _IA, _R_IA)
    def get(self, installed_app_id: str | None = None) -> Request[InstalledApp]:
        """One installed app; ``installed_app_id`` defaults to the SmartApp token's own installed app."""
        return Request(_decode_installed_app, path={"installedAppId": own_app_if_none(installed_app_id)})

    @endpoint(
        "installedapps.me",
        "GET",
        "/installedapps/me",
        (),
        SMARTAPP_ONLY,
        note="Describes the token itself: its installedAppId, locationId and granted scopes (core-sdk tokenInfo).",
    )
    def me(self) -> Request[TokenInfo]:
        """What SmartThings knows about the token itself: its installed app id, location id and granted scopes.

        Useful to check what an INSTALL/UPDATE token was actually granted.
        """
        return Request(_decode_token_info)

    @endpoint(
        "installedapps.create",
        "POST",
        "/installedapps",
        (("w:installedapps",),),
        PAT_ONLY,
        note="Not in the 2019 spec (core-sdk create).",
    )
    def create(
        self,
        app_id: str,
        location_id: str,
        *,
        installed_app_type: InstalledAppType | str,
        configuration_status: ConfigurationStatus | str = ConfigurationStatus.DONE,
        config: Mapping[str, ConfigEntry | Sequence[ConfigEntry]] | None = None,
    ) -> Request[CreatedInstalledApp]:
        """Install an app in a location with a ready configuration.

        Sends ``{appId, locationId, installedAppType, configurationStatus, config}``; ``config`` maps each setting
        name to its entries (one :class:`ConfigEntry` or a list).  Returns the new installed app and its
        configuration.
        """
        segment(app_id, "app_id")
        segment(location_id, "location_id")
        for value, name in ((installed_app_type, "installed_app_type"), (configuration_status, "configuration_status")):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty string")
        body = {
            "appId": app_id,
            "locationId": location_id,
            "installedAppType": wire_value(installed_app_type),
            "configurationStatus": wire_value(configuration_status),
            "config": _config_body(config or {}),
        }
        return Request(_decode_created, json=body)

    @endpoint("installedapps.update", "PUT", _IA, _W_IA, note="Not in the 2019 spec (core-sdk update).")
    def update(self, installed_app_id: str, *, display_name: str) -> Request[InstalledApp]:
        """Rename an installed app (sends ``{displayName}``).  The id is required here (it does not default to the
        token's own)."""
        if not isinstance(display_name, str) or not display_name.strip():
            raise ValueError("display_name must not be empty")
        if len(display_name) > MAX_DISPLAY_NAME:
            raise ValueError(f"display_name must be at most {MAX_DISPLAY_NAME} characters")
        return Request(
            _decode_installed_app, path={"installedAppId": installed_app_id}, json={"displayName": display_name}
        )

    @endpoint("installedapps.delete", "DELETE", _IA, _W_IA)
    def delete(self, installed_app_id: str) -> Request[int]:
        """Uninstall an installed app; returns how many were deleted.

        The id is required (it never defaults to the token's own, so a SmartApp cannot uninstall itself by
        accident).  Its tokens stop working.
        """
        return Request(count_of, path={"installedAppId": installed_app_id}, empty_ok=True)

    @paged("installedapps.list_configs", "GET", f"{_IA}/configs", _R_IA)
    def list_configs(
        self,
        installed_app_id: str | None = None,
        *,
        configuration_status: ConfigurationStatus | str | None = None,
        page_size: int | None = None,
    ) -> Request[InstalledAppConfiguration]:
        """The configurations of an installed app, without their values.

        ``configuration_status`` filters (``AUTHORIZED`` is the one in use).  ``installed_app_id`` defaults to
        the SmartApp token's own installed app.
        """
        if page_size is not None and page_size < 1:
            raise ValueError("page_size must be at least 1")
        params = query(("configurationStatus", wire_value(configuration_status)), ("max", page_size))
        path = {"installedAppId": own_app_if_none(installed_app_id)}
        return Request(_decode_configuration, path=path, params=params or None)

    @endpoint("installedapps.get_config", "GET", f"{_IA}/configs/{{configurationId}}", _R_IA)
    def get_config(
        self, configuration_id: str, *, installed_app_id: str | None = None
    ) -> Request[InstalledAppConfigurationDetail]:
        """One configuration with its values: setting name -> entries.

        ``installed_app_id`` defaults to the SmartApp token's own installed app.
        """
        path = {"installedAppId": own_app_if_none(installed_app_id), "configurationId": configuration_id}
        return Request(_decode_configuration_detail, path=path)

    @flow
    def current_config(self, installed_app_id: str | None = None) -> Flow[InstalledAppConfigurationDetail | None]:
        """The configuration in use (the ``AUTHORIZED`` one) with its values, or ``None`` if there is none.

        Two calls: :meth:`list_configs` with ``configuration_status="AUTHORIZED"``, then :meth:`get_config`.
        ``installed_app_id`` defaults to the SmartApp token's own installed app.
        """
        listing = _InstalledApps.list_configs.operation(
            self, installed_app_id, configuration_status=ConfigurationStatus.AUTHORIZED
        )
        summaries: builtins.list[InstalledAppConfiguration] = yield from collect(listing)
        authorized = [s for s in summaries if s.configuration_status == ConfigurationStatus.AUTHORIZED]
        # There should be one; if SmartThings ever lists more, the latest one is the one in force.
        return (yield from self._newest_detail(listing, authorized))

    def _newest_detail(
        self, listing: Operation[Any], summaries: builtins.list[InstalledAppConfiguration]
    ) -> Flow[InstalledAppConfigurationDetail | None]:
        """Inside a flow: the values of the most recently updated of ``summaries`` (listed by ``listing``)."""
        if not summaries:
            return None
        newest = max(summaries, key=lambda s: (s.last_updated_date is not None, s.last_updated_date))
        app_id = (listing.ids or {})["installedAppId"]
        detail_op = _InstalledApps.get_config.operation(self, newest.configuration_id, installed_app_id=app_id)
        detail: InstalledAppConfigurationDetail = yield from call(detail_op)
        return detail

    @flow
    def latest_config(self, installed_app_id: str | None = None) -> Flow[InstalledAppConfigurationDetail | None]:
        """The most recently updated configuration, whatever its status (a ``STAGED`` one being edited, say),
        with its values; ``None`` if the installed app has none.

        Two calls: :meth:`list_configs`, then :meth:`get_config`.  ``installed_app_id`` defaults to the
        SmartApp token's own installed app.
        """
        listing = _InstalledApps.list_configs.operation(self, installed_app_id)
        summaries: builtins.list[InstalledAppConfiguration] = yield from collect(listing)
        return (yield from self._newest_detail(listing, summaries))

    @endpoint(
        "installedapps.update_configuration",
        "PUT",
        f"{_IA}/configs",
        _W_IA,
        note="Not in the 2019 spec (core-sdk updateConfiguration); the scope is inferred (unverified).",
    )
    def update_configuration(
        self,
        config: Mapping[str, ConfigEntry | Sequence[ConfigEntry]],
        *,
        installed_app_id: str | None = None,
    ) -> Request[InstalledAppConfigurationDetail]:
        """Replace the settings of the installed app's latest ``STAGED`` configuration (SmartThings picks it).

        ``config`` maps each setting name to its entries (one :class:`ConfigEntry` or a list).  Returns the
        configuration with its values.  ``installed_app_id`` defaults to the SmartApp token's own installed app.
        """
        path = {"installedAppId": own_app_if_none(installed_app_id)}
        return Request(_decode_configuration_detail, path=path, json={"config": _config_body(config)})

    @endpoint(
        "installedapps.patch_configuration",
        "PUT",
        f"{_IA}/configs/{{configurationId}}",
        _W_IA,
        note="Not in the 2019 spec (core-sdk patchConfiguration); the scope is inferred (unverified). "
        "Only a STAGED configuration can be patched.",
    )
    def patch_configuration(
        self,
        configuration_id: str,
        *,
        upserts: Mapping[str, ConfigEntry | Sequence[ConfigEntry]] | None = None,
        removals: Sequence[str] = (),
        installed_app_id: str | None = None,
    ) -> Request[InstalledAppConfigurationDetail]:
        """Add, replace (``upserts``) or remove (``removals``, by setting name) single settings of a ``STAGED``
        configuration, leaving the others as they are: configure an installed app step by step.

        ``installed_app_id`` defaults to the SmartApp token's own installed app.
        """
        if isinstance(removals, str):
            raise TypeError("removals must be a list of setting names, not one string")
        names = list(removals)
        for name in names:
            if not isinstance(name, str) or not name:
                raise ValueError(f"removals must be non-empty setting names, got {name!r}")
        body = {"removals": names, "upserts": _config_body(upserts or {})}
        if not names and not body["upserts"]:
            raise ValueError("give at least one of upserts and removals")
        path = {"installedAppId": own_app_if_none(installed_app_id), "configurationId": configuration_id}
        return Request(_decode_configuration_detail, path=path, json=body)

    @endpoint(
        "installedapps.send_message",
        "POST",
        f"{_IA}/send-message",
        (),
        SMARTAPP_ONLY,
        note="Experimental: the official SDK says SmartThings does not offer it yet; the 2019 spec declares "
        "only the path. Like installedapps.create_events, a SmartApp token is the likely requirement (unverified).",
    )
    def send_message(
        self,
        message_group_key: str,
        message: PredefinedMessage | AdhocMessage,
        *,
        installed_app_id: str | None = None,
    ) -> Request[None]:
        """Send a message to a message group of the installed app: a :class:`PredefinedMessage` (one of the
        app's templates, by key) or an :class:`AdhocMessage` (templates given in full).

        Experimental: SmartThings does not deliver these yet (the official SDK keeps the call "in support of
        future functionality"), so expect an error or nothing to happen.  ``installed_app_id`` defaults to the
        SmartApp token's own installed app.
        """
        if not isinstance(message_group_key, str) or not _MESSAGE_GROUP_KEY.fullmatch(message_group_key):
            raise ValueError("message_group_key must be 1 to 36 of a-z, 0-9, '.' and '_'")
        body: dict[str, Any] = {"messageGroupKey": message_group_key}
        if isinstance(message, PredefinedMessage):
            body["messageType"] = "PREDEFINED"
            body["predefinedMessage"] = encode(message)
        elif isinstance(message, AdhocMessage):
            if not 1 <= len(message.templates) <= MAX_MESSAGE_TEMPLATES:
                raise ValueError(f"an AdhocMessage needs 1 to {MAX_MESSAGE_TEMPLATES} templates")
            body["messageType"] = "ADHOC"
            body["adhocMessage"] = encode(message)
        else:
            raise TypeError(f"message must be a PredefinedMessage or an AdhocMessage, not {type(message).__name__}")
        path = {"installedAppId": own_app_if_none(installed_app_id)}
        return Request(ignore_body, path=path, json=body, empty_ok=True)

    @endpoint(
        "installedapps.create_events",
        "POST",
        f"{_IA}/events",
        (),
        SMARTAPP_ONLY,
        note='S1: "Requires a SmartApp token".',
    )
    def create_events(
        self,
        events: Sequence[SmartAppEvent] = (),
        *,
        dashboard_card_events: Sequence[DashboardCardEvent] = (),
        installed_app_id: str | None = None,
    ) -> Request[None]:
        """Post custom SmartApp events and dashboard card events for an installed app.

        Sends ``{smartAppEvents: [{name, attributes}], smartAppDashboardCardEvents: [{cardId, lifecycle}]}``
        (only the non-empty lists).  ``installed_app_id`` defaults to the SmartApp token's own installed app.
        """
        app_events = list(events)
        card_events = list(dashboard_card_events)
        if not app_events and not card_events:
            raise ValueError("give at least one event (events or dashboard_card_events)")
        for item in app_events:
            if not isinstance(item, SmartAppEvent):
                raise TypeError(f"events must be SmartAppEvent objects, got {type(item).__name__}")
            if not item.name:
                raise ValueError("a SmartAppEvent needs a name")
        for card in card_events:
            if not isinstance(card, DashboardCardEvent):
                raise TypeError(f"dashboard_card_events must be DashboardCardEvent objects, got {type(card).__name__}")
            if not card.card_id:
                raise ValueError("a DashboardCardEvent needs a card_id")
        body: dict[str, Any] = {}
        if app_events:
            body["smartAppEvents"] = [{"name": item.name, "attributes": dict(item.attributes)} for item in app_events]
        if card_events:
            body["smartAppDashboardCardEvents"] = [
                {"cardId": card.card_id, "lifecycle": wire_value(card.lifecycle)} for card in card_events
            ]
        path = {"installedAppId": own_app_if_none(installed_app_id)}
        return Request(ignore_body, path=path, json=body, empty_ok=True)


class InstalledApps(_InstalledApps, SyncResource):
    """Installed apps (blocking).  Reach it as ``SmartThings().installedapps``."""


class AsyncInstalledApps(_InstalledApps, AsyncResource):
    """Installed apps (async).  Reach it as ``AsyncSmartThings().installedapps``."""
