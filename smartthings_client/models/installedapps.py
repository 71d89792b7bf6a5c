"""Installed apps (SmartApp instances), their configurations, the token introspection of ``/installedapps/me``,
and the SmartApp events an installed app may post."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from ._base import ApiEnum, Model

__all__ = [
    "AdhocMessage",
    "ConfigEntry",
    "ConfigValueType",
    "ConfigurationStatus",
    "CreatedInstalledApp",
    "DashboardCardEvent",
    "DashboardCardLifecycle",
    "DeviceConfig",
    "IconImage",
    "InstalledApp",
    "InstalledAppConfiguration",
    "InstalledAppConfigurationDetail",
    "InstalledAppStatus",
    "InstalledAppType",
    "InstalledAppUi",
    "LocaleVariables",
    "MessageConfig",
    "MessageTemplate",
    "ModeConfig",
    "Owner",
    "PermissionConfig",
    "PredefinedMessage",
    "SceneConfig",
    "SmartAppEvent",
    "StringConfig",
    "TokenInfo",
]


class InstalledAppType(ApiEnum):
    """Known values of ``InstalledApp.installed_app_type``; others arrive as plain ``str``."""

    LAMBDA_SMART_APP = "LAMBDA_SMART_APP"
    WEBHOOK_SMART_APP = "WEBHOOK_SMART_APP"
    API_ONLY = "API_ONLY"
    BEHAVIOR = "BEHAVIOR"


class InstalledAppStatus(ApiEnum):
    """Known values of ``InstalledApp.installed_app_status``; others arrive as plain ``str``."""

    PENDING = "PENDING"
    AUTHORIZED = "AUTHORIZED"
    REVOKED = "REVOKED"
    DISABLED = "DISABLED"


class ConfigurationStatus(ApiEnum):
    """The state of one configuration of an installed app; the one in use is ``AUTHORIZED``."""

    STAGED = "STAGED"
    DONE = "DONE"
    AUTHORIZED = "AUTHORIZED"
    REVOKED = "REVOKED"


class ConfigValueType(ApiEnum):
    """Which ``*_config`` member of a :class:`ConfigEntry` holds the value."""

    STRING = "STRING"
    DEVICE = "DEVICE"
    PERMISSION = "PERMISSION"
    MODE = "MODE"
    SCENE = "SCENE"
    MESSAGE = "MESSAGE"


class DashboardCardLifecycle(ApiEnum):
    CREATE = "CREATE"
    UPDATE = "UPDATE"
    DELETE = "DELETE"


@attrs.frozen(kw_only=True)
class Owner(Model):
    owner_type: str | None = None
    owner_id: str | None = None


@attrs.frozen(kw_only=True)
class InstalledAppUi(Model):
    plugin_id: str | None = None
    plugin_uri: str | None = None
    dashboard_cards_enabled: bool | None = None
    pre_install_dashboard_cards_enabled: bool | None = None


@attrs.frozen(kw_only=True)
class IconImage(Model):
    url: str | None = None


@attrs.frozen(kw_only=True)
class InstalledApp(Model):
    """One installed instance of a SmartApp in a location (``GET /installedapps/{installedAppId}``)."""

    installed_app_id: str
    installed_app_type: InstalledAppType | str | None = None
    installed_app_status: InstalledAppStatus | str | None = None
    display_name: str | None = None
    app_id: str | None = None
    reference_id: str | None = None
    location_id: str | None = None
    owner: Owner | None = None
    notices: tuple[Mapping[str, Any], ...] = ()
    created_date: datetime | None = None
    last_updated_date: datetime | None = None
    ui: InstalledAppUi | None = None
    icon_image: IconImage | None = None
    classifications: tuple[str, ...] = ()
    single_instance: bool | None = None
    principal_type: str | None = None
    restriction_tier: int | None = None


# --- configuration entries: what the user chose on the SmartApp's configuration pages ---------------------------


def _strings(value: Iterable[str]) -> tuple[str, ...]:
    # A lone string would otherwise become a tuple of its characters.
    if isinstance(value, str):
        return (value,)
    return tuple(value)


@attrs.frozen(kw_only=True)
class StringConfig(Model):
    """A text setting; ``None`` when the user left it empty (the API's own example sends ``{"value": null}``)."""

    value: str | None = None


@attrs.frozen(kw_only=True)
class DeviceConfig(Model):
    device_id: str
    component_id: str = "main"
    permissions: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class PermissionConfig(Model):
    permissions: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class ModeConfig(Model):
    mode_id: str


@attrs.frozen(kw_only=True)
class SceneConfig(Model):
    scene_id: str
    permissions: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class MessageConfig(Model):
    message_group_key: str


@attrs.frozen(kw_only=True)
class ConfigEntry(Model):
    """One value of a configuration setting; ``value_type`` says which ``*_config`` member holds it.

    Build them with :meth:`string`, :meth:`device` and :meth:`mode`, or directly.
    """

    value_type: ConfigValueType | str | None = None
    string_config: StringConfig | None = None
    device_config: DeviceConfig | None = None
    permission_config: PermissionConfig | None = None
    mode_config: ModeConfig | None = None
    scene_config: SceneConfig | None = None
    message_config: MessageConfig | None = None

    @classmethod
    def string(cls, value: str) -> ConfigEntry:
        return cls(value_type=ConfigValueType.STRING, string_config=StringConfig(value=value))

    @classmethod
    def device(cls, device_id: str, component_id: str = "main", permissions: Iterable[str] = ()) -> ConfigEntry:
        config = DeviceConfig(device_id=device_id, component_id=component_id, permissions=_strings(permissions))
        return cls(value_type=ConfigValueType.DEVICE, device_config=config)

    @classmethod
    def mode(cls, mode_id: str) -> ConfigEntry:
        return cls(value_type=ConfigValueType.MODE, mode_config=ModeConfig(mode_id=mode_id))

    @property
    def value(self) -> Any:
        """The entry's value as the plain thing it names: the string, device id, mode id, scene id, message group
        key or permission list; ``None`` when the matching ``*_config`` is absent."""
        kind = self.value_type.value if isinstance(self.value_type, ConfigValueType) else self.value_type
        if kind == "STRING" and self.string_config is not None:
            return self.string_config.value
        if kind == "DEVICE" and self.device_config is not None:
            return self.device_config.device_id
        if kind == "MODE" and self.mode_config is not None:
            return self.mode_config.mode_id
        if kind == "SCENE" and self.scene_config is not None:
            return self.scene_config.scene_id
        if kind == "MESSAGE" and self.message_config is not None:
            return self.message_config.message_group_key
        if kind == "PERMISSION" and self.permission_config is not None:
            return self.permission_config.permissions
        return None


@attrs.frozen(kw_only=True)
class InstalledAppConfiguration(Model):
    """A configuration of an installed app as listed (``GET /installedapps/{id}/configs``): without values."""

    configuration_id: str
    installed_app_id: str | None = None
    configuration_status: ConfigurationStatus | str | None = None
    created_date: datetime | None = None
    last_updated_date: datetime | None = None


@attrs.frozen(kw_only=True)
class InstalledAppConfigurationDetail(InstalledAppConfiguration):
    """A configuration with its values: setting name -> entries (``GET .../configs/{configurationId}``)."""

    config: Mapping[str, tuple[ConfigEntry, ...]] = attrs.field(factory=dict)

    def entries(self, name: str) -> tuple[ConfigEntry, ...]:
        """The entries of one setting (``()`` when it is not set)."""
        return self.config.get(name, ())

    def device_ids(self, name: str) -> list[str]:
        """The device ids chosen for one device setting."""
        return [e.device_config.device_id for e in self.entries(name) if e.device_config is not None]

    def string(self, name: str) -> str | None:
        """The value of a single-string setting, or ``None``."""
        for entry in self.entries(name):
            if entry.string_config is not None:
                return entry.string_config.value
        return None


@attrs.frozen(kw_only=True)
class CreatedInstalledApp(Model):
    """The answer of ``POST /installedapps``: the new installed app and its first configuration."""

    installed_app: InstalledApp
    configuration_detail: InstalledAppConfigurationDetail | None = None


@attrs.frozen(kw_only=True)
class TokenInfo(Model):
    """What ``GET /installedapps/me`` says about a SmartApp token: whose it is and what it was granted."""

    installed_app_id: str | None = None
    location_id: str | None = None
    scope: tuple[str, ...] = ()


# --- events a SmartApp posts for its own installed app -------------------------------------------------------


@attrs.frozen(kw_only=True)
class SmartAppEvent:
    """A custom SmartApp event: ``SmartAppEvent(name="doorbell", attributes={"source": "front"})``."""

    name: str
    attributes: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen(kw_only=True)
class DashboardCardEvent:
    """Tells the mobile app that a dashboard card was created, changed or removed."""

    card_id: str
    lifecycle: DashboardCardLifecycle | str


# --- messages an installed app sends to a message group (experimental: not live on SmartThings) ---------------


@attrs.frozen(kw_only=True)
class LocaleVariables:
    """Template variables for one locale (``locale_tag`` such as ``"fr"``)."""

    locale_tag: str
    variables: Mapping[str, str] = attrs.field(factory=dict)


def _locale_variables(values: Iterable[LocaleVariables]) -> tuple[LocaleVariables, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class PredefinedMessage:
    """A message made from one of the app's message templates, by key."""

    message_template_key: str
    default_variables: Mapping[str, str] = attrs.field(factory=dict)
    locale_variables: tuple[LocaleVariables, ...] = attrs.field(default=(), converter=_locale_variables)


@attrs.frozen(kw_only=True)
class MessageTemplate:
    """An ad-hoc message text for one locale, with ``{{variable}}`` placeholders."""

    locale_tag: str
    template: str
    variables: Mapping[str, str] | None = None


def _templates(values: Iterable[MessageTemplate]) -> tuple[MessageTemplate, ...]:
    return tuple(values)


@attrs.frozen(kw_only=True)
class AdhocMessage:
    """A message given in full: 1 to 35 localised templates and the locale to fall back on."""

    fallback_locale: str
    templates: tuple[MessageTemplate, ...] = attrs.field(converter=_templates)
    default_variables: Mapping[str, str] = attrs.field(factory=dict)
