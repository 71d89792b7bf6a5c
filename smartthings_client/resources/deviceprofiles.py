"""``st.deviceprofiles``: the device profiles of your account, and their translations."""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .._operation import Request, ignore_body, one_or_many, query, segment
from ..models.converter import decode_as, encode
from ..models.deviceprofiles import (
    ComponentTranslation,
    DeviceProfile,
    DeviceProfileComponent,
    DeviceProfileLocalization,
    DeviceProfilePreference,
    DeviceProfileStatus,
)
from ..scopes import PAT_ONLY
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncDeviceProfiles", "DeviceProfiles"]

MAX_COMPONENTS = 20  # S1: a profile has 1 to 20 components
MAX_NAME = 100
_STATUSES = frozenset(status.value for status in DeviceProfileStatus)

_decode_profile = decode_as(DeviceProfile)
_decode_localization = decode_as(DeviceProfileLocalization)

ComponentInput = DeviceProfileComponent | Mapping[str, Any]
PreferenceInput = DeviceProfilePreference | Mapping[str, Any]
TranslationInput = ComponentTranslation | Mapping[str, Any]


def _locale_tag(item: Any) -> str:
    # GET /deviceprofiles/{id}/i18n pages {tag} objects; the caller wants the tags.
    tag = item.get("tag") if isinstance(item, Mapping) else None
    if not isinstance(tag, str):
        raise TypeError(f"expected a locale object with a tag, got {item!r}")
    return tag


def _encode_component(component: ComponentInput) -> dict[str, Any]:
    if isinstance(component, DeviceProfileComponent):
        # label is generated (and localised) by SmartThings, so it is not sent back.
        return {
            "id": component.id,
            "capabilities": [{"id": c.id, "version": c.version} for c in component.capabilities],
            "categories": [{"name": c.name} for c in component.categories],
        }
    if isinstance(component, Mapping):
        return dict(component)
    raise TypeError(f"components must be DeviceProfileComponent or dicts, not {type(component).__name__}")


def _components(components: Sequence[ComponentInput]) -> builtins.list[dict[str, Any]]:
    if isinstance(components, (str, bytes, Mapping)) or not isinstance(components, Sequence):
        raise TypeError("components must be a list of components")
    encoded = [_encode_component(component) for component in components]
    if not encoded:
        raise ValueError("components must hold at least one component (one of them 'main')")
    if len(encoded) > MAX_COMPONENTS:
        raise ValueError(f"a device profile has at most {MAX_COMPONENTS} components, got {len(encoded)}")
    ids = [component.get("id") for component in encoded]
    for index, component_id in enumerate(ids):
        if not isinstance(component_id, str) or not component_id:
            raise ValueError(f"components[{index}] has no id")
        if not encoded[index].get("capabilities"):
            raise ValueError(f"component {component_id!r} needs at least one capability")
    duplicates = sorted({i for i in ids if ids.count(i) > 1}, key=str)
    if duplicates:
        raise ValueError(f"component ids must be unique; repeated: {', '.join(map(str, duplicates))}")
    if "main" not in ids:
        raise ValueError("one component must have the id 'main'")
    return encoded


def _preferences(preferences: Sequence[PreferenceInput]) -> builtins.list[Any]:
    if isinstance(preferences, (str, bytes, Mapping)) or not isinstance(preferences, Sequence):
        raise TypeError("preferences must be a list of preferences")
    out: builtins.list[Any] = []
    for item in preferences:
        if isinstance(item, DeviceProfilePreference):
            out.append(encode(item))
        elif isinstance(item, Mapping):
            out.append(dict(item))
        else:
            raise TypeError(f"preferences must be DeviceProfilePreference or dicts, not {type(item).__name__}")
    return out


def _profile_body(
    components: Sequence[ComponentInput] | None,
    metadata: Mapping[str, str] | None,
    preferences: Sequence[PreferenceInput] | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if components is not None:
        body["components"] = _components(components)
    if metadata is not None:
        body["metadata"] = dict(metadata)
    if preferences is not None:
        body["preferences"] = _preferences(preferences)
    return body


_DP = "/deviceprofiles/{profileId}"
_R_DP = (("r:deviceprofiles",),)
_W_DP = (("w:deviceprofiles",),)
_NOTE = "S1 says r:/w:deviceprofiles are only applicable for personal access tokens."
_NEWER_NOTE = "Not in the 2019 spec (core-sdk)."


class _DeviceProfiles(ResourceBase):
    _group = "deviceprofiles"

    @paged("deviceprofiles.list", "GET", "/deviceprofiles", _R_DP, PAT_ONLY, note=_NOTE)
    def list(self, *, profile_id: str | Iterable[str] | None = None) -> Request[DeviceProfile]:
        """Every device profile of the account, fetched page by page.

        ``profile_id`` (one or several) keeps only those profiles (``?profileId=a&profileId=b``).
        """
        params = query(("profileId", one_or_many(profile_id, "profile_id"))) or None
        return Request(_decode_profile, params=params)

    @endpoint("deviceprofiles.get", "GET", _DP, _R_DP, PAT_ONLY, note=_NOTE)
    def get(self, profile_id: str, *, locale: str | None = None) -> Request[DeviceProfile]:
        """One device profile.

        ``locale`` (e.g. ``"fr"``) is sent as ``Accept-Language`` and localises the component labels.
        """
        headers = None
        if locale is not None:
            if not isinstance(locale, str) or not locale.strip() or any(c in locale for c in "\r\n"):
                raise ValueError(f"locale must be a language tag such as 'en' or 'fr-CA', got {locale!r}")
            headers = {"Accept-Language": locale.strip()}
        return Request(_decode_profile, path={"profileId": profile_id}, headers=headers)

    @endpoint("deviceprofiles.create", "POST", "/deviceprofiles", _W_DP, PAT_ONLY, note=_NOTE)
    def create(
        self,
        name: str,
        components: Sequence[ComponentInput],
        *,
        metadata: Mapping[str, str] | None = None,
        preferences: Sequence[PreferenceInput] | None = None,
    ) -> Request[DeviceProfile]:
        """Create a device profile, in DEVELOPMENT status.

        ``components`` are :class:`DeviceProfileComponent` objects (or dicts in SmartThings' JSON shape): 1 to 20
        of them, one with the id ``main``.  ``name`` cannot be changed later.
        """
        if not isinstance(name, str) or not name.strip() or name != name.strip():
            raise ValueError(f"name must be non-empty without leading or trailing spaces, got {name!r}")
        if len(name) > MAX_NAME:
            raise ValueError(f"name must be at most {MAX_NAME} characters")
        body = {"name": name, **_profile_body(components, metadata, preferences)}
        return Request(_decode_profile, json=body)

    @endpoint(
        "deviceprofiles.update",
        "PUT",
        _DP,
        _W_DP,
        PAT_ONLY,
        note="Only a profile in DEVELOPMENT status can be updated.",
    )
    def update(
        self,
        profile_id: str,
        *,
        components: Sequence[ComponentInput] | None = None,
        metadata: Mapping[str, str] | None = None,
        preferences: Sequence[PreferenceInput] | None = None,
    ) -> Request[DeviceProfile]:
        """Change a profile's components, metadata or preferences; only the fields given are sent.

        Only a profile in DEVELOPMENT status can be changed; set a published one back with
        :meth:`set_status` first.
        """
        body = _profile_body(components, metadata, preferences)
        if not body:
            raise ValueError("give at least one of components, metadata, preferences")
        return Request(_decode_profile, path={"profileId": profile_id}, json=body)

    @endpoint("deviceprofiles.delete", "DELETE", _DP, _W_DP, PAT_ONLY, note=_NOTE)
    def delete(self, profile_id: str) -> Request[None]:
        """Delete a device profile."""
        return Request(ignore_body, path={"profileId": profile_id}, empty_ok=True)

    @endpoint("deviceprofiles.set_status", "POST", f"{_DP}/status", _W_DP, PAT_ONLY, note=_NEWER_NOTE)
    def set_status(self, profile_id: str, status: DeviceProfileStatus | str) -> Request[DeviceProfile]:
        """Publish a profile or put it back in development: ``status`` is ``DEVELOPMENT`` or ``PUBLISHED``."""
        value = status.value if isinstance(status, DeviceProfileStatus) else status
        if value not in _STATUSES:
            raise ValueError(f"status must be one of {', '.join(sorted(_STATUSES))}, got {status!r}")
        return Request(_decode_profile, path={"profileId": profile_id}, json={"deviceProfileStatus": value})

    @paged("deviceprofiles.list_locales", "GET", f"{_DP}/i18n", _R_DP, PAT_ONLY, note=_NEWER_NOTE)
    def list_locales(self, profile_id: str) -> Request[str]:
        """The locale tags a profile has translations for, e.g. ``["en", "es"]``."""
        return Request(_locale_tag, path={"profileId": profile_id})

    @endpoint("deviceprofiles.get_localization", "GET", f"{_DP}/i18n/{{tag}}", _R_DP, PAT_ONLY, note=_NEWER_NOTE)
    def get_localization(self, profile_id: str, tag: str) -> Request[DeviceProfileLocalization]:
        """A profile's translations for one locale."""
        return Request(_decode_localization, path={"profileId": profile_id, "tag": tag})

    @endpoint("deviceprofiles.put_localization", "PUT", f"{_DP}/i18n/{{tag}}", _W_DP, PAT_ONLY, note=_NEWER_NOTE)
    def put_localization(
        self, profile_id: str, tag: str, components: Mapping[str, TranslationInput]
    ) -> Request[DeviceProfileLocalization]:
        """Create or replace a profile's translations for one locale.

        ``components`` maps component ids to a :class:`ComponentTranslation` (or ``{"label": ...,
        "description": ...}``).
        """
        segment(tag, "tag")
        if not isinstance(components, Mapping) or not components:
            raise ValueError("components must map at least one component id to its label and description")
        translations: dict[str, Any] = {}
        for component_id, translation in components.items():
            if not isinstance(component_id, str) or not component_id:
                raise ValueError(f"component ids must be non-empty strings, got {component_id!r}")
            if isinstance(translation, ComponentTranslation):
                translations[component_id] = encode(translation)
            elif isinstance(translation, Mapping):
                translations[component_id] = dict(translation)
            else:
                raise TypeError(
                    f"the translation of {component_id!r} must be a ComponentTranslation or a dict, "
                    f"not {type(translation).__name__}"
                )
        body = {"tag": tag, "components": translations}
        return Request(_decode_localization, path={"profileId": profile_id, "tag": tag}, json=body)

    @endpoint("deviceprofiles.delete_localization", "DELETE", f"{_DP}/i18n/{{tag}}", _W_DP, PAT_ONLY, note=_NEWER_NOTE)
    def delete_localization(self, profile_id: str, tag: str) -> Request[None]:
        """Delete a profile's translations for one locale."""
        return Request(ignore_body, path={"profileId": profile_id, "tag": tag}, empty_ok=True)


class DeviceProfiles(_DeviceProfiles, SyncResource):
    """Device profiles (blocking).  Reach it as ``SmartThings().deviceprofiles``."""


class AsyncDeviceProfiles(_DeviceProfiles, AsyncResource):
    """Device profiles (async).  Reach it as ``AsyncSmartThings().deviceprofiles``."""
