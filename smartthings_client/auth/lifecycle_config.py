"""An installed app's configuration (the answers to its settings), typed, and :class:`AppConfig`, its reader.

SmartThings sends the configuration as ``{setting id: [entries]}``: a STRING entry for text, numbers, booleans,
enums and times, a DEVICE entry per chosen device, a MODE entry per chosen mode... ``request.config`` wraps that map
in :class:`AppConfig`, whose readers answer in Python types (``config.devices("lights")``, ``config.number("delay")``,
``config.mode_ids("modes")``); a setting the user left empty reads as None or ``()``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, overload

import attrs

from ..errors import SmartThingsError
from ..models._base import Model
from ..models.converter import converter, parse_datetime
from ..models.subscriptions import DeviceSubscription

if TYPE_CHECKING:
    from ..client import AsyncSmartThings, SmartThings
    from ..models.devices import ChosenDevice

__all__ = [
    "AppConfig",
    "ConfigEntry",
    "ConfigMap",
    "ConfigValueError",
    "DeviceConfig",
    "ModeConfig",
    "SceneConfig",
    "StringConfig",
]


class ConfigValueError(SmartThingsError, ValueError):
    """A configuration value that cannot be read as asked (``config.number("delay")`` of ``"soon"``)."""


@attrs.frozen(kw_only=True)
class StringConfig(Model):
    """A STRING configuration value (text, number, boolean, enum choice, time...)."""

    value: str | None = None


@attrs.frozen(kw_only=True)
class DeviceConfig(Model):
    """A DEVICE configuration value: the chosen device and component."""

    device_id: str
    component_id: str | None = None


@attrs.frozen(kw_only=True)
class ModeConfig(Model):
    """A MODE configuration value."""

    mode_id: str


@attrs.frozen(kw_only=True)
class SceneConfig(Model):
    """A SCENE configuration value."""

    scene_id: str


@attrs.frozen(kw_only=True)
class ConfigEntry(Model):
    """One value of a configuration setting; other kinds (``permissionConfig``...) stay in ``extra``."""

    value_type: str | None = None
    string_config: StringConfig | None = None
    device_config: DeviceConfig | None = None
    mode_config: ModeConfig | None = None
    scene_config: SceneConfig | None = None


ConfigMap = Mapping[str, tuple[ConfigEntry, ...]]
_structure_config_entry = converter.get_structure_hook(ConfigEntry)


def _config_entry(value: Any, cls: type[ConfigEntry]) -> ConfigEntry:
    # Older installs carry bare strings in config (pysmartapp's 2018 INSTALL lists "permissions" that way).
    if isinstance(value, str):
        return ConfigEntry(value_type="STRING", string_config=StringConfig(value=value))
    entry: ConfigEntry = _structure_config_entry(value, cls)
    return entry


converter.register_structure_hook(ConfigEntry, _config_entry)

_TRUE, _FALSE = frozenset({"true", "1", "yes", "on"}), frozenset({"false", "0", "no", "off", ""})


@attrs.frozen
class AppConfig(Mapping[str, tuple[ConfigEntry, ...]]):
    """The configuration of an installed app, read by setting id; also a read-only mapping of the raw entries."""

    entries: ConfigMap = attrs.field(factory=dict)

    def __getitem__(self, setting: str) -> tuple[ConfigEntry, ...]:
        return tuple(self.entries[setting])

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def _entries(self, setting: str) -> tuple[ConfigEntry, ...]:
        return tuple(self.entries.get(setting, ()))

    # --- devices, modes, scenes ---

    def devices(self, setting: str) -> tuple[DeviceConfig, ...]:
        """The devices (and components) chosen for a DEVICE setting; give them to ``st.devices.execute_all``."""
        return tuple(e.device_config for e in self._entries(setting) if e.device_config is not None)

    def device_ids(self, setting: str) -> tuple[str, ...]:
        """The device ids chosen for a DEVICE setting."""
        return tuple(d.device_id for d in self.devices(setting))

    @overload
    def devices_with_state(self, st: SmartThings, setting: str) -> list[ChosenDevice]: ...
    @overload
    def devices_with_state(self, st: AsyncSmartThings, setting: str) -> Awaitable[list[ChosenDevice]]: ...
    def devices_with_state(
        self, st: SmartThings | AsyncSmartThings, setting: str
    ) -> list[ChosenDevice] | Awaitable[list[ChosenDevice]]:
        """The chosen devices, each with its name, label and status, in one call (an async client fetches them
        concurrently: ``await config.devices_with_state(st, "lights")``)."""
        return st.devices.get_all(self.devices(setting), status=True)

    def subscriptions(
        self,
        setting: str,
        *,
        capability: str = "*",
        attribute: str = "*",
        value: Any = "*",
        state_change_only: bool = True,
        name: str | None = None,
    ) -> list[DeviceSubscription]:
        """One device subscription per device chosen for ``setting`` (on the chosen component), named
        ``<name>_0``, ``<name>_1``... (``name`` defaults to the setting id), so that ``@app.on_event(name)`` gets
        their events.  Give them, with the app's other subscriptions, to ``st.subscriptions.reconcile``: an UPDATE
        then changes only what the user changed."""
        base = name or setting
        return [
            DeviceSubscription(
                device_id=device.device_id,
                component_id=device.component_id or "*",
                capability=capability,
                attribute=attribute,
                value=value,
                state_change_only=state_change_only,
                subscription_name=f"{base}_{index}",
            )
            for index, device in enumerate(self.devices(setting))
        ]

    def mode_ids(self, setting: str) -> tuple[str, ...]:
        """The mode ids chosen for a MODE setting."""
        return tuple(e.mode_config.mode_id for e in self._entries(setting) if e.mode_config is not None)

    def scene_ids(self, setting: str) -> tuple[str, ...]:
        """The scene ids chosen for a SCENE setting."""
        return tuple(e.scene_config.scene_id for e in self._entries(setting) if e.scene_config is not None)

    # --- string values ---

    def strings(self, setting: str) -> tuple[str, ...]:
        """Every string value of a setting (an ENUM with ``multiple=True`` has several)."""
        return tuple(
            e.string_config.value
            for e in self._entries(setting)
            if e.string_config is not None and e.string_config.value is not None
        )

    def string(self, setting: str, default: str | None = None) -> str | None:
        """The first string value of a setting (TEXT, EMAIL, PHONE, PASSWORD, an ENUM's choice...)."""
        values = self.strings(setting)
        return values[0] if values else default

    def number(self, setting: str, default: float | None = None) -> int | float | None:
        """A NUMBER or DECIMAL setting: an ``int`` when the text is whole, else a ``float``."""
        text = self.string(setting)
        if text is None or not text.strip():
            return default
        try:
            return int(text)
        except ValueError:
            pass
        try:
            return float(text)
        except ValueError:
            raise ConfigValueError(f"setting {setting!r} is not a number: {text!r}") from None

    def boolean(self, setting: str, default: bool = False) -> bool:
        """A BOOLEAN setting (``"true"``/``"false"``); ``default`` when not set."""
        text = self.string(setting)
        if text is None:
            return default
        lowered = text.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ConfigValueError(f"setting {setting!r} is not a boolean: {text!r}")

    def date(self, setting: str) -> datetime | None:
        """A TIME setting as a timezone-aware datetime (SmartThings sends an ISO-8601 date and time)."""
        text = self.string(setting)
        if text is None or not text.strip():
            return None
        try:
            return parse_datetime(_with_colon_offset(text.strip()))
        except (TypeError, ValueError):
            raise ConfigValueError(f"setting {setting!r} is not a date and time: {text!r}") from None

    def time_string(self, setting: str, *, seconds: bool = False) -> str | None:
        """A TIME setting as ``"HH:MM"`` (``"HH:MM:SS"`` with ``seconds=True``) in the offset the user chose."""
        when = self.date(setting)
        if when is None:
            return None
        return when.strftime("%H:%M:%S" if seconds else "%H:%M")


def _with_colon_offset(text: str) -> str:
    # SmartThings writes offsets as "-0800"; datetime.fromisoformat on Python 3.10 wants "-08:00".
    if len(text) > 5 and text[-5] in "+-" and text[-4:].isdigit() and "T" in text:
        return f"{text[:-2]}:{text[-2:]}"
    return text
