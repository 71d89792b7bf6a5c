"""SmartApp lifecycle requests (what SmartThings POSTs to a webhook SmartApp), typed, and clients made from them.

``parse_lifecycle(body)`` reads the execution request of any lifecycle (contract §6.3; smartapps-v1.yml
``ExecutionRequest``) into one class per ``lifecycle`` value, or :class:`UnknownLifecycleRequest` for values this
version does not know.  Unknown keys are kept in each model's ``extra``.

``credential_from_lifecycle(payload, ...)`` turns INSTALL/UPDATE into a :class:`RefreshableToken` (24 h, refreshed
with the refresh token, saved to a store if given: UPDATE's new refresh token replaces the stored one) and EVENT
into a 5-minute :class:`SmartAppToken` that is never refreshed or stored.  UNINSTALL carries no token.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import orjson

from ..errors import NoCredentialsError, SmartThingsError
from ..models._base import Model
from ..models.converter import decode_as
from ..models.events import DeviceEventData, DeviceHealthEventData, DeviceLifecycleEventData
from ._endpoint import DEFAULT_TOKEN_URL, TokenSource
from .credentials import SmartAppToken
from .lifecycle_config import (
    AppConfig,
    ConfigEntry,
    ConfigMap,
    ConfigValueError,
    DeviceConfig,
    ModeConfig,
    SceneConfig,
    StringConfig,
)
from .refresh import RefreshableToken
from .stores import StoredToken, TokenStore, store_aload

__all__ = [
    "AppConfig",
    "ConfigEntry",
    "ConfigValueError",
    "ConfigurationData",
    "ConfigurationPhase",
    "ConfigurationRequest",
    "ConfirmationData",
    "ConfirmationRequest",
    "DeviceCommand",
    "DeviceCommandsEventData",
    "DeviceConfig",
    "DeviceEventData",
    "DeviceHealthEventData",
    "DeviceLifecycleEventData",
    "EventData",
    "EventRequest",
    "EventType",
    "ExecuteData",
    "ExecuteRequest",
    "HubHealthEventData",
    "InstallData",
    "InstallRequest",
    "InstalledAppInfo",
    "InstalledAppLifecycleEventData",
    "Lifecycle",
    "LifecycleEvent",
    "LifecyclePayloadError",
    "LifecycleRequest",
    "ModeConfig",
    "ModeEventData",
    "OAuthCallbackData",
    "OAuthCallbackRequest",
    "PingData",
    "PingRequest",
    "SceneConfig",
    "SceneLifecycleEventData",
    "SecurityArmStateEventData",
    "StringConfig",
    "TimerEventData",
    "UninstallData",
    "UninstallRequest",
    "UnknownLifecycleRequest",
    "UpdateData",
    "UpdateRequest",
    "acredential_from_lifecycle",
    "credential_from_lifecycle",
    "parse_lifecycle",
]

log = logging.getLogger("smartthings_client")

#: INSTALL/UPDATE tokens last 24 hours (refresh-token how-to); EVENT tokens 5 minutes.
SMARTAPP_TOKEN_LIFETIME = timedelta(hours=24)
EVENT_TOKEN_LIFETIME = timedelta(minutes=5)


class LifecyclePayloadError(SmartThingsError, ValueError):
    """A lifecycle request body that cannot be read: not JSON, not an object, or missing what its lifecycle needs."""


class Lifecycle(str, enum.Enum):
    """The ``lifecycle`` of an execution request."""

    PING = "PING"
    CONFIRMATION = "CONFIRMATION"
    CONFIGURATION = "CONFIGURATION"
    INSTALL = "INSTALL"
    UPDATE = "UPDATE"
    EVENT = "EVENT"
    UNINSTALL = "UNINSTALL"
    OAUTH_CALLBACK = "OAUTH_CALLBACK"
    EXECUTE = "EXECUTE"


class ConfigurationPhase(str, enum.Enum):
    """Which step of the configuration pages SmartThings asks for."""

    INITIALIZE = "INITIALIZE"
    PAGE = "PAGE"


class EventType(str, enum.Enum):
    """``eventType`` of an EVENT item (open: unknown values stay plain strings)."""

    DEVICE_EVENT = "DEVICE_EVENT"
    MODE_EVENT = "MODE_EVENT"
    TIMER_EVENT = "TIMER_EVENT"
    DEVICE_COMMANDS_EVENT = "DEVICE_COMMANDS_EVENT"
    DEVICE_LIFECYCLE_EVENT = "DEVICE_LIFECYCLE_EVENT"
    DEVICE_HEALTH_EVENT = "DEVICE_HEALTH_EVENT"
    HUB_HEALTH_EVENT = "HUB_HEALTH_EVENT"
    SECURITY_ARM_STATE_EVENT = "SECURITY_ARM_STATE_EVENT"
    SCENE_LIFECYCLE_EVENT = "SCENE_LIFECYCLE_EVENT"
    INSTALLED_APP_LIFECYCLE_EVENT = "INSTALLED_APP_LIFECYCLE_EVENT"


# --- configuration -------------------------------------------------------------------------------------------


def _empty_config() -> ConfigMap:
    return {}


@attrs.frozen(kw_only=True)
class InstalledAppInfo(Model):
    """The ``installedApp`` block: ids, the configuration and the granted scopes (``permissions``)."""

    installed_app_id: str
    location_id: str | None = None
    config: ConfigMap = attrs.field(factory=_empty_config)
    permissions: tuple[str, ...] = ()

    def device_ids(self, setting: str) -> tuple[str, ...]:
        """The device ids chosen for ``setting``."""
        return tuple(e.device_config.device_id for e in self.config.get(setting, ()) if e.device_config is not None)

    def string(self, setting: str) -> str | None:
        """The first string value of ``setting``."""
        for entry in self.config.get(setting, ()):
            if entry.string_config is not None:
                return entry.string_config.value
        return None


# --- events --------------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ModeEventData(Model):
    """The location's mode changed."""

    event_id: str | None = None
    location_id: str | None = None
    mode_id: str | None = None


@attrs.frozen(kw_only=True)
class TimerEventData(Model):
    """One of the app's schedules fired."""

    event_id: str | None = None
    name: str | None = None
    type: str | None = None
    time: datetime | None = None
    expression: str | None = None


@attrs.frozen(kw_only=True)
class DeviceCommand(Model):
    """One command sent to a device the app created."""

    component_id: str | None = None
    capability: str | None = None
    command: str | None = None
    arguments: tuple[Any, ...] = ()


@attrs.frozen(kw_only=True)
class DeviceCommandsEventData(Model):
    """Commands for a device this app created (cloud-connected devices)."""

    event_id: str | None = None
    device_id: str | None = None
    profile_id: str | None = None
    external_id: str | None = None
    commands: tuple[DeviceCommand, ...] = ()


@attrs.frozen(kw_only=True)
class HubHealthEventData(Model):
    """A hub went online, offline or zwave offline (``status``), and why (``reason``)."""

    event_id: str | None = None
    subscription_name: str | None = None
    location_id: str | None = None
    hub_id: str | None = None
    status: str | None = None
    reason: str | None = None


@attrs.frozen(kw_only=True)
class SecurityArmStateEventData(Model):
    """The location's security system changed arm state (``DISARMED``, ``ARMED_STAY``, ``ARMED_AWAY``)."""

    event_id: str | None = None
    subscription_name: str | None = None
    location_id: str | None = None
    arm_state: str | None = None
    optional_arguments: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class SceneLifecycleEventData(Model):
    """A scene of the location was created, updated, deleted or executed (``lifecycle``)."""

    event_id: str | None = None
    subscription_name: str | None = None
    location_id: str | None = None
    scene_id: str | None = None
    lifecycle: str | None = None


@attrs.frozen(kw_only=True)
class InstalledAppLifecycleEventData(Model):
    """An installed app of the location was created, updated or deleted (``lifecycle``)."""

    event_id: str | None = None
    subscription_name: str | None = None
    location_id: str | None = None
    installed_app_id: str | None = None
    app_id: str | None = None
    lifecycle: str | None = None


@attrs.frozen(kw_only=True)
class LifecycleEvent(Model):
    """One item of an EVENT's ``events``: ``event_type`` says which payload is set.

    Payloads of event types without a model here stay in ``extra`` under their wire key; :attr:`payload` finds
    them too.
    """

    event_time: datetime | None = None
    event_type: EventType | str | None = None
    device_event: DeviceEventData | None = None
    mode_event: ModeEventData | None = None
    timer_event: TimerEventData | None = None
    device_lifecycle_event: DeviceLifecycleEventData | None = None
    device_health_event: DeviceHealthEventData | None = None
    device_commands_event: DeviceCommandsEventData | None = None
    hub_health_event: HubHealthEventData | None = None
    security_arm_state_event: SecurityArmStateEventData | None = None
    scene_lifecycle_event: SceneLifecycleEventData | None = None
    installed_app_lifecycle_event: InstalledAppLifecycleEventData | None = None

    @property
    def payload(self) -> Model | Mapping[str, Any] | None:
        """The event's typed payload, or the raw object of an event type without a model."""
        for typed in (
            self.device_event,
            self.mode_event,
            self.timer_event,
            self.device_lifecycle_event,
            self.device_health_event,
            self.device_commands_event,
            self.hub_health_event,
            self.security_arm_state_event,
            self.scene_lifecycle_event,
            self.installed_app_lifecycle_event,
        ):
            if typed is not None:
                return typed
        for key, value in self.extra.items():
            if key.endswith("Event") and isinstance(value, Mapping):
                return value
        return None


# --- the data blocks of each lifecycle -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PingData(Model):
    """PING: echo ``challenge`` back as ``{"pingData": {"challenge": ...}}``."""

    challenge: str


@attrs.frozen(kw_only=True)
class ConfirmationData(Model):
    """CONFIRMATION: visit ``confirmation_url`` to confirm the app's registration."""

    app_id: str | None = None
    confirmation_url: str


@attrs.frozen(kw_only=True)
class ConfigurationData(Model):
    """CONFIGURATION: the installing user's configuration pages, phase INITIALIZE or PAGE."""

    installed_app_id: str | None = None
    phase: ConfigurationPhase | str
    page_id: str | None = None
    previous_page_id: str | None = None
    config: ConfigMap = attrs.field(factory=_empty_config)


@attrs.frozen(kw_only=True)
class InstallData(Model):
    """INSTALL: a 24 h token, its 30-day refresh token and the installed app."""

    auth_token: str = attrs.field(repr=False)
    refresh_token: str = attrs.field(repr=False)
    installed_app: InstalledAppInfo


@attrs.frozen(kw_only=True)
class UpdateData(Model):
    """UPDATE: a new token pair (the old refresh token stops working) and what changed."""

    auth_token: str = attrs.field(repr=False)
    refresh_token: str | None = attrs.field(default=None, repr=False)
    installed_app: InstalledAppInfo
    previous_config: ConfigMap = attrs.field(factory=_empty_config)
    previous_permissions: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class EventData(Model):
    """EVENT: a 5-minute token (no refresh token) and the events."""

    auth_token: str = attrs.field(repr=False)
    installed_app: InstalledAppInfo
    events: tuple[LifecycleEvent, ...] = ()


@attrs.frozen(kw_only=True)
class ExecuteData(Model):
    """EXECUTE: a short-lived token and the caller's parameters."""

    auth_token: str | None = attrs.field(default=None, repr=False)
    installed_app: InstalledAppInfo | None = None
    parameters: Mapping[str, Any] | None = None


@attrs.frozen(kw_only=True)
class UninstallData(Model):
    """UNINSTALL: the installed app that is gone (no token: delete what you stored for it)."""

    installed_app: InstalledAppInfo


@attrs.frozen(kw_only=True)
class OAuthCallbackData(Model):
    """OAUTH_CALLBACK: the third-party OAuth redirect's path and query."""

    installed_app_id: str | None = None
    url_path: str | None = None


# --- the requests ----------------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class LifecycleRequest(Model):
    """The envelope common to every lifecycle request; subclasses add their ``*Data`` block."""

    lifecycle: Lifecycle | str
    execution_id: str | None = None
    app_id: str | None = None
    locale: str | None = None
    version: str | None = None
    client: Mapping[str, Any] | None = None
    settings: Mapping[str, Any] | None = None

    @property
    def config(self) -> AppConfig:
        """The installed app's configuration, read in Python types (empty for lifecycles that carry none)."""
        installed = getattr(self, "installed_app", None)
        return AppConfig(installed.config if isinstance(installed, InstalledAppInfo) else {})

    @property
    def language(self) -> str | None:
        """The installing user's language (``client.language``, else ``locale``), e.g. ``"fr-CA"``."""
        language = (self.client or {}).get("language")
        return str(language) if language else self.locale


@attrs.frozen(kw_only=True)
class PingRequest(LifecycleRequest):
    """``lifecycle: PING``."""

    ping_data: PingData


@attrs.frozen(kw_only=True)
class ConfirmationRequest(LifecycleRequest):
    """``lifecycle: CONFIRMATION``."""

    confirmation_data: ConfirmationData


@attrs.frozen(kw_only=True)
class ConfigurationRequest(LifecycleRequest):
    """``lifecycle: CONFIGURATION``."""

    configuration_data: ConfigurationData

    @property
    def config(self) -> AppConfig:
        """What the user chose so far on the configuration pages."""
        return AppConfig(self.configuration_data.config)

    @property
    def is_resubmit(self) -> bool:
        """Whether SmartThings asks for the page that is already shown (a ``submit_on_change`` setting changed)."""
        data = self.configuration_data
        return bool(data.page_id) and data.page_id == data.previous_page_id


@attrs.frozen(kw_only=True)
class InstallRequest(LifecycleRequest):
    """``lifecycle: INSTALL``."""

    install_data: InstallData

    @property
    def installed_app(self) -> InstalledAppInfo:
        return self.install_data.installed_app


@attrs.frozen(kw_only=True)
class UpdateRequest(LifecycleRequest):
    """``lifecycle: UPDATE``."""

    update_data: UpdateData

    @property
    def installed_app(self) -> InstalledAppInfo:
        return self.update_data.installed_app

    @property
    def previous_config(self) -> AppConfig:
        """The configuration before this UPDATE."""
        return AppConfig(self.update_data.previous_config)


@attrs.frozen(kw_only=True)
class EventRequest(LifecycleRequest):
    """``lifecycle: EVENT``."""

    event_data: EventData

    @property
    def installed_app(self) -> InstalledAppInfo:
        return self.event_data.installed_app

    @property
    def events(self) -> tuple[LifecycleEvent, ...]:
        return self.event_data.events


@attrs.frozen(kw_only=True)
class ExecuteRequest(LifecycleRequest):
    """``lifecycle: EXECUTE``."""

    execute_data: ExecuteData

    @property
    def installed_app(self) -> InstalledAppInfo | None:
        return self.execute_data.installed_app

    @property
    def parameters(self) -> Mapping[str, Any]:
        """The caller's parameters (empty when none were given)."""
        return self.execute_data.parameters or {}


@attrs.frozen(kw_only=True)
class UninstallRequest(LifecycleRequest):
    """``lifecycle: UNINSTALL``."""

    uninstall_data: UninstallData

    @property
    def installed_app(self) -> InstalledAppInfo:
        return self.uninstall_data.installed_app


@attrs.frozen(kw_only=True)
class OAuthCallbackRequest(LifecycleRequest):
    """``lifecycle: OAUTH_CALLBACK``."""

    oauth_callback_data: OAuthCallbackData


@attrs.frozen(kw_only=True)
class UnknownLifecycleRequest(LifecycleRequest):
    """A ``lifecycle`` this version does not know; its data block is in ``extra``."""


_CLASSES: dict[str, tuple[type[LifecycleRequest], str]] = {
    Lifecycle.PING.value: (PingRequest, "pingData"),
    Lifecycle.CONFIRMATION.value: (ConfirmationRequest, "confirmationData"),
    Lifecycle.CONFIGURATION.value: (ConfigurationRequest, "configurationData"),
    Lifecycle.INSTALL.value: (InstallRequest, "installData"),
    Lifecycle.UPDATE.value: (UpdateRequest, "updateData"),
    Lifecycle.EVENT.value: (EventRequest, "eventData"),
    Lifecycle.EXECUTE.value: (ExecuteRequest, "executeData"),
    Lifecycle.UNINSTALL.value: (UninstallRequest, "uninstallData"),
    Lifecycle.OAUTH_CALLBACK.value: (OAuthCallbackRequest, "oauthCallbackData"),
}
# Decoders are built once, at import (cattrs generates and caches one function per class).
_DECODERS: dict[str, Callable[[Any], LifecycleRequest]] = {
    name: decode_as(cls) for name, (cls, _key) in _CLASSES.items()
}
_decode_unknown = decode_as(UnknownLifecycleRequest)


def _describe(exc: Exception) -> str:
    if isinstance(exc, KeyError):
        return f"a required field is missing: {exc.args[0]!r}"
    return str(exc) or type(exc).__name__


# Spellings seen on the wire for the same thing: API-only (OAuth-In) apps get ``messageType`` instead of
# ``lifecycle``, and OAUTH_CALLBACK data is ``oAuthCallbackData`` in the docs' samples but ``oauthCallbackData`` in
# the spec and the Node SDK.
_ALIASES = (("messageType", "lifecycle"), ("oAuthCallbackData", "oauthCallbackData"))


def _normalised(data: Mapping[str, Any]) -> Mapping[str, Any]:
    if not any(alias in data for alias, _ in _ALIASES):
        return data
    copied = dict(data)
    for alias, canonical in _ALIASES:
        if alias in copied:
            value = copied.pop(alias)
            copied.setdefault(canonical, value)
    return copied


def parse_lifecycle(body: bytes | bytearray | str | Mapping[str, Any]) -> LifecycleRequest:
    """Read a lifecycle request body (raw bytes/text of the POST, or parsed JSON) into its typed class.

    ``messageType`` (API-only apps) is read as ``lifecycle``, and ``oAuthCallbackData`` as ``oauthCallbackData``.
    Raises :class:`LifecyclePayloadError` for a body that is not a JSON object, has no ``lifecycle``, or lacks
    what its lifecycle requires (e.g. INSTALL without ``installData.authToken``).
    """
    data: Any
    if isinstance(body, Mapping):
        data = body
    elif isinstance(body, (bytes, bytearray, str)):
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise LifecyclePayloadError(f"the lifecycle request body is not JSON: {exc}") from None
    else:
        raise TypeError(f"body must be bytes, str or a mapping, not {type(body).__name__}")
    if not isinstance(data, Mapping):
        raise LifecyclePayloadError(f"the lifecycle request body must be a JSON object, not a {type(data).__name__}")
    data = _normalised(data)
    lifecycle = data.get("lifecycle")
    if not isinstance(lifecycle, str) or not lifecycle:
        raise LifecyclePayloadError("the lifecycle request has no 'lifecycle' (expected e.g. INSTALL, EVENT, PING)")
    entry = _CLASSES.get(lifecycle)
    if entry is None:
        return _decode_unknown(data)
    _cls, key = entry
    if not isinstance(data.get(key), Mapping):
        raise LifecyclePayloadError(f"the {lifecycle} request has no {key!r} object")
    try:
        return _DECODERS[lifecycle](data)
    except Exception as exc:  # any decoder failure is one typed error, never a cattrs/KeyError leak
        raise LifecyclePayloadError(f"the {lifecycle} request cannot be read: {_describe(exc)}") from exc


# --- credentials and clients from a payload ---------------------------------------------------------------------


def _as_request(payload: LifecycleRequest | bytes | bytearray | str | Mapping[str, Any]) -> LifecycleRequest:
    return payload if isinstance(payload, LifecycleRequest) else parse_lifecycle(payload)


Payload = LifecycleRequest | bytes | bytearray | str | Mapping[str, Any]


def credential_from_lifecycle(
    payload: Payload,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    store: TokenStore | None = None,
    token_url: str = DEFAULT_TOKEN_URL,
    clock: Callable[[], float] = time.time,
) -> RefreshableToken | SmartAppToken:
    """The credential a lifecycle request carries.

    * INSTALL/UPDATE: a :class:`RefreshableToken` expiring 24 h from now, granted ``installedApp.permissions``;
      ``client_id``/``client_secret`` are the SmartApp's OAuth client (needed to refresh).  With a ``store``, the
      pair is saved under the installed app id (under the store's lock), so UPDATE's new refresh token replaces the
      stored one.  An UPDATE without a refresh token keeps the stored refresh token, if any.
    * EVENT/EXECUTE: a 5-minute :class:`SmartAppToken` (``event=True``), never refreshed and never stored.
    * UNINSTALL and the others carry no token: :class:`~smartthings_client.errors.NoCredentialsError`.

    In async code use :func:`acredential_from_lifecycle`, which saves without blocking the event loop.
    """
    request = _as_request(payload)
    key = _stored_pair_needed(request)
    stored = store.load(key) if store is not None and key is not None else None
    token = _credential(request, client_id, client_secret, store, token_url, clock, stored)
    if isinstance(token, RefreshableToken) and token.store is not None:
        token.save()
        log.debug("stored the token pair of installed app %s", token.installed_app_id)
    return token


async def acredential_from_lifecycle(
    payload: Payload,
    *,
    client_id: str | None = None,
    client_secret: str | None = None,
    store: TokenStore | None = None,
    token_url: str = DEFAULT_TOKEN_URL,
    clock: Callable[[], float] = time.time,
) -> RefreshableToken | SmartAppToken:
    """:func:`credential_from_lifecycle` for async webhook handlers (the store is used from a worker thread
    or through its async methods)."""
    request = _as_request(payload)
    key = _stored_pair_needed(request)
    stored = await store_aload(store, key) if store is not None and key is not None else None
    token = _credential(request, client_id, client_secret, store, token_url, clock, stored)
    if isinstance(token, RefreshableToken) and token.store is not None:
        await token.asave()
        log.debug("stored the token pair of installed app %s", token.installed_app_id)
    return token


def _stored_pair_needed(request: LifecycleRequest) -> str | None:
    """The installed app whose stored refresh token an UPDATE without one must reuse."""
    if isinstance(request, UpdateRequest) and request.update_data.refresh_token is None:
        return request.installed_app.installed_app_id
    return None


def _credential(
    request: LifecycleRequest,
    client_id: str | None,
    client_secret: str | None,
    store: TokenStore | None,
    token_url: str,
    clock: Callable[[], float],
    stored: StoredToken | None,
) -> RefreshableToken | SmartAppToken:
    """The credential of a parsed request, not saved yet (the one decision shared by the sync and async twins)."""
    now = clock()
    if isinstance(request, (EventRequest, ExecuteRequest)):
        data = request.event_data if isinstance(request, EventRequest) else request.execute_data
        installed = data.installed_app
        if not data.auth_token:
            raise NoCredentialsError(f"the {request.lifecycle} request carries no authToken")
        return SmartAppToken(
            data.auth_token,
            installed_app_id=installed.installed_app_id if installed else None,
            location_id=installed.location_id if installed else None,
            scopes=installed.permissions if installed else None,
            expires_at=datetime.fromtimestamp(now, tz=timezone.utc) + EVENT_TOKEN_LIFETIME,
            event=True,
        )
    if isinstance(request, (InstallRequest, UpdateRequest)):
        data_ = request.install_data if isinstance(request, InstallRequest) else request.update_data
        installed = data_.installed_app
        refresh_token = data_.refresh_token
        if refresh_token is None and stored is not None:
            refresh_token = stored.refresh_token
        expires_at = datetime.fromtimestamp(now, tz=timezone.utc) + SMARTAPP_TOKEN_LIFETIME
        if refresh_token is None:
            log.warning(
                "the UPDATE of installed app %s has no refresh token and none is stored: the token cannot be "
                "refreshed and lasts 24 hours",
                installed.installed_app_id,
            )
            return SmartAppToken(
                data_.auth_token,
                installed_app_id=installed.installed_app_id,
                location_id=installed.location_id,
                scopes=installed.permissions,
                expires_at=expires_at,
            )
        if not client_id or not client_secret:
            raise ValueError(
                f"{request.lifecycle} tokens are refreshed with the SmartApp's OAuth client: pass client_id= and "
                "client_secret= (from the Developer Workspace or `smartthings apps:oauth`)"
            )
        return RefreshableToken(
            data_.auth_token,
            refresh_token,
            expires_at,
            client_id=client_id,
            client_secret=client_secret,
            scopes=installed.permissions,
            installed_app_id=installed.installed_app_id,
            location_id=installed.location_id,
            token_url=token_url,
            store=store,
            source=TokenSource.SMARTAPP,
            clock=clock,
            obtained_at=datetime.fromtimestamp(now, tz=timezone.utc),
        )
    if isinstance(request, UninstallRequest):
        raise NoCredentialsError(
            f"UNINSTALL carries no token: installed app {request.installed_app.installed_app_id} is gone; "
            "delete what you stored for it (store.delete(installed_app_id))"
        )
    raise NoCredentialsError(f"a {request.lifecycle} request carries no token")
