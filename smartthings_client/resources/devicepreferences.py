"""``st.device_preferences``: the device preference definitions of your account, and their translations."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Request, query, segment
from ..models.converter import decode_as, encode
from ..models.devicepreferences import DevicePreference, PreferenceLocalization
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged
from .deviceprofiles import _locale_tag

__all__ = ["AsyncDevicePreferences", "DevicePreferences"]

_decode_preference = decode_as(DevicePreference)
_decode_localization = decode_as(PreferenceLocalization)

_PREF = "/devicepreferences/{preferenceId}"
_R = (("r:deviceprofiles",),)
_W = (("w:deviceprofiles",),)
_NOTE = "The scope is not documented; device preferences belong to device profile authoring (unverified)."

PreferenceInput = DevicePreference | Mapping[str, Any]
LocalizationInput = PreferenceLocalization | Mapping[str, Any]


def organization_header(organization_id: str | None) -> dict[str, str] | None:
    """``X-ST-Organization`` for developer-side calls made on behalf of an organization."""
    if organization_id is None:
        return None
    segment(organization_id, "organization_id")
    return {"X-ST-Organization": organization_id}


def _preference_body(preference: PreferenceInput) -> dict[str, Any]:
    if isinstance(preference, DevicePreference):
        body: dict[str, Any] = encode(preference)
        if "preferenceType" not in body and type(preference).type_name is not None:
            body["preferenceType"] = type(preference).type_name
    elif isinstance(preference, Mapping):
        body = dict(preference)
    else:
        raise TypeError(f"preference must be a DevicePreference or a dict, not {type(preference).__name__}")
    if not body.get("preferenceType"):
        raise ValueError("a device preference needs a preference_type (or build an IntegerPreference, ...)")
    return body


def _localization_body(localization: LocalizationInput) -> dict[str, Any]:
    if isinstance(localization, PreferenceLocalization):
        body: dict[str, Any] = encode(localization)
    elif isinstance(localization, Mapping):
        body = dict(localization)
    else:
        raise TypeError(f"localization must be a PreferenceLocalization or a dict, not {type(localization).__name__}")
    tag = body.get("tag")
    segment(tag, "tag")
    if not body.get("label"):
        raise ValueError("a preference localization needs a label")
    return body


class _DevicePreferences(ResourceBase):
    _group = "device_preferences"

    @paged("device_preferences.list", "GET", "/devicepreferences", _R, note=_NOTE)
    def list(self, *, namespace: str | None = None) -> Request[DevicePreference]:
        """Every device preference definition of the account, fetched page by page; ``namespace`` keeps only
        that namespace's."""
        if namespace is not None and (not isinstance(namespace, str) or not namespace.strip()):
            raise ValueError(f"namespace must be a non-empty string, got {namespace!r}")
        return Request(_decode_preference, params=query(("namespace", namespace)) or None)

    @endpoint("device_preferences.get", "GET", _PREF, _R, note=_NOTE)
    def get(self, preference_id: str) -> Request[DevicePreference]:
        """One device preference definition, decoded as the subclass of its type."""
        return Request(_decode_preference, path={"preferenceId": preference_id})

    @endpoint("device_preferences.create", "POST", "/devicepreferences", _W, note=_NOTE)
    def create(self, preference: PreferenceInput, *, organization_id: str | None = None) -> Request[DevicePreference]:
        """Create a device preference definition that device profiles can reference by id.

        ``preference`` is one of the :class:`DevicePreference` subclasses (or a dict in SmartThings' JSON shape);
        it is sent with ``explicit: true``, as the official SDK does.  ``organization_id`` sends
        ``X-ST-Organization``.
        """
        body = {**_preference_body(preference), "explicit": True}
        return Request(_decode_preference, json=body, headers=organization_header(organization_id))

    @endpoint("device_preferences.update", "PUT", _PREF, _W, note=_NOTE)
    def update(
        self, preference_id: str, preference: PreferenceInput, *, organization_id: str | None = None
    ) -> Request[DevicePreference]:
        """Replace a device preference definition (SmartThings ignores a changed ``name``)."""
        return Request(
            _decode_preference,
            path={"preferenceId": preference_id},
            json=_preference_body(preference),
            headers=organization_header(organization_id),
        )

    @paged("device_preferences.list_localizations", "GET", f"{_PREF}/i18n", _R, note=_NOTE)
    def list_localizations(self, preference_id: str) -> Request[str]:
        """The locale tags a preference has translations for, e.g. ``["en", "fr"]``."""
        return Request(_locale_tag, path={"preferenceId": preference_id})

    @endpoint("device_preferences.get_localization", "GET", f"{_PREF}/i18n/{{tag}}", _R, note=_NOTE)
    def get_localization(self, preference_id: str, tag: str) -> Request[PreferenceLocalization]:
        """A preference's translation for one locale."""
        return Request(_decode_localization, path={"preferenceId": preference_id, "tag": tag})

    @endpoint("device_preferences.create_localization", "POST", f"{_PREF}/i18n", _W, note=_NOTE)
    def create_localization(
        self, preference_id: str, localization: LocalizationInput
    ) -> Request[PreferenceLocalization]:
        """Add a translation: ``PreferenceLocalization(tag="fr", label="Décalage")``; for an enumeration,
        ``options`` must label every option."""
        body = _localization_body(localization)
        return Request(_decode_localization, path={"preferenceId": preference_id}, json=body)

    @endpoint("device_preferences.update_localization", "PUT", f"{_PREF}/i18n/{{tag}}", _W, note=_NOTE)
    def update_localization(
        self, preference_id: str, localization: LocalizationInput
    ) -> Request[PreferenceLocalization]:
        """Replace the translation for the localization's ``tag``."""
        body = _localization_body(localization)
        path = {"preferenceId": preference_id, "tag": body["tag"]}
        return Request(_decode_localization, path=path, json=body)


class DevicePreferences(_DevicePreferences, SyncResource):
    """Device preference definitions (blocking).  Reach it as ``SmartThings().device_preferences``."""


class AsyncDevicePreferences(_DevicePreferences, AsyncResource):
    """Device preference definitions (async).  Reach it as ``AsyncSmartThings().device_preferences``."""
