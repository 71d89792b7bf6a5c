"""``st.capabilities``: capability definitions (what attributes hold, what commands take), namespaces, and the
custom capabilities of a developer account with their translations and presentations."""

from __future__ import annotations

import builtins
import re
import weakref
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .._operation import Request, ignore_body, organization_header, segment
from ..errors import APIStatusError
from ..models.capabilities import (
    Capability,
    CapabilityAttribute,
    CapabilityCommand,
    CapabilityLocalization,
    CapabilityNamespace,
    CapabilityPresentation,
    CapabilitySummary,
)
from ..models.converter import decode_as, encode
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, call, endpoint, flow, paged
from .deviceprofiles import _locale_tag

if TYPE_CHECKING:
    from ..catalog._runtime import CapabilityDefinition
    from ..models.devices import Command

__all__ = ["AsyncCapabilities", "Capabilities"]

T = TypeVar("T")

_decode_capability = decode_as(Capability)
_decode_summary = decode_as(CapabilitySummary)
_decode_namespace_tuple = decode_as(tuple[CapabilityNamespace, ...])
_decode_localization = decode_as(CapabilityLocalization)
_decode_presentation = decode_as(CapabilityPresentation)

# Naming rules from the official SDK's comments: a capability name is 2-36 letters, digits and spaces starting
# with a letter or digit; attribute and command names are lower camel case, letters only, at most 36.
_CAPABILITY_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]{1,35}")
_MEMBER_NAME = re.compile(r"[a-z][A-Za-z]{0,35}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# What SmartThings answers to a POST of translations that exist already (the official SDK's upsert tests it).
LOCALIZATION_EXISTS = "Localization already exists"

_CAP = "/capabilities/{capabilityId}/{version}"
_WRITE = (("w:customcapability",),)
_READ_NOTE = (
    "No source names a scope for reading capability definitions; 886 were read with an ordinary token "
    "(pysmartthings/capabilities), so none is declared."
)
_WRITE_NOTE = (
    "The token page offers 'Custom Capabilities: Write'; the scope string w:customcapability is a likely "
    "guess (unverified).  organization_id= sends X-ST-Organization."
)

AttributeInput = CapabilityAttribute | Mapping[str, Any]
CommandInput = CapabilityCommand | Mapping[str, Any]
LocalizationInput = CapabilityLocalization | Mapping[str, Any]
PresentationInput = CapabilityPresentation | Mapping[str, Any]


def _namespaces(data: Any) -> builtins.list[CapabilityNamespace]:
    # GET /capabilities/namespaces answers a plain JSON array, not a page.
    return list(_decode_namespace_tuple(data))


def _version(version: object) -> str:
    if isinstance(version, bool) or not isinstance(version, int):
        raise TypeError(f"version must be an int, not {type(version).__name__}")
    if version < 1:
        raise ValueError(f"version must be 1 or more, got {version}")
    return str(version)


def _capability_path(capability_id: str, version: int) -> dict[str, str]:
    return {"capabilityId": capability_id, "version": _version(version)}


def _as_json(value: Any, model: type, what: str) -> dict[str, Any]:
    if isinstance(value, model):
        encoded: dict[str, Any] = encode(value)
        return encoded
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"{what} must be a {model.__name__} or a dict, not {type(value).__name__}")


def _members(values: Mapping[str, Any], model: type, what: str) -> dict[str, Any]:
    if not isinstance(values, Mapping):
        raise TypeError(f"{what}s must map names to definitions, not {type(values).__name__}")
    out: dict[str, Any] = {}
    for name, value in values.items():
        if not isinstance(name, str) or not _MEMBER_NAME.fullmatch(name):
            raise ValueError(f"{what} name {name!r} must be lower camel case letters only, at most 36 characters")
        out[name] = _as_json(value, model, f"{what} {name!r}")
    return out


def _commands(commands: Mapping[str, CommandInput]) -> dict[str, Any]:
    out = _members(commands, CapabilityCommand, "command")
    for name, command in out.items():
        given = command.get("name")
        if given is None:
            command["name"] = name  # SmartThings wants the name inside too, equal to the key
        elif given != name:
            raise ValueError(f"command {name!r} carries the name {given!r}; the two must be equal")
    return out


def _definition(
    attributes: Mapping[str, AttributeInput] | None, commands: Mapping[str, CommandInput] | None
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if attributes is not None:
        body["attributes"] = _members(attributes, CapabilityAttribute, "attribute")
    if commands is not None:
        body["commands"] = _commands(commands)
    return body


def _localization(localization: LocalizationInput) -> tuple[str, dict[str, Any]]:
    body = _as_json(localization, CapabilityLocalization, "localization")
    tag = body.get("tag")
    if not isinstance(tag, str):
        raise ValueError("the localization needs a tag, e.g. 'en' or 'fr'")
    segment(tag, "tag")
    return tag, body


def _presentation(presentation: PresentationInput) -> dict[str, Any]:
    body = _as_json(presentation, CapabilityPresentation, "presentation")
    return {key: value for key, value in body.items() if key not in ("id", "version")}


def _custom(
    decode: Callable[[Any], T],
    capability_id: str,
    version: int,
    organization_id: str | None,
    *,
    json: Any = None,
    tag: str | None = None,
) -> Request[T]:
    """A write to one version of a custom capability (or one of its locales), in the given organization."""
    path = _capability_path(capability_id, version)
    if tag is not None:
        path["tag"] = tag
    empty_ok = decode is ignore_body  # deletes may answer with an empty body
    return Request(decode, path=path, json=json, headers=organization_header(organization_id), empty_ok=empty_ok)


# Definitions fetched to check commands, per client (its transport core) and at most this many per client.
DEFINITIONS_KEPT = 256
_checked_definitions: weakref.WeakKeyDictionary[Any, dict[tuple[str, int], CapabilityDefinition]] = (
    weakref.WeakKeyDictionary()
)


def _kept_definitions(transport: Any) -> dict[tuple[str, int], CapabilityDefinition]:
    return _checked_definitions.setdefault(transport.core, {})


def already_exists(error: APIStatusError) -> bool:
    """Whether SmartThings refused a translations POST because that locale exists."""
    texts = [error.message or "", *error.detail_messages, error.body]
    return any(LOCALIZATION_EXISTS.lower() in text.lower() for text in texts)


class _Capabilities(ResourceBase):
    _group = "capabilities"

    # --- definitions ------------------------------------------------------------------------------------------

    @paged("capabilities.list_standard", "GET", "/capabilities", note=_READ_NOTE)
    def list_standard(self) -> Request[CapabilitySummary]:
        """Every standard capability (``switch``, ``switchLevel``...) with its version and status, page by page."""
        return Request(_decode_summary)

    @endpoint("capabilities.list_namespaces", "GET", "/capabilities/namespaces", note=_READ_NOTE)
    def list_namespaces(self, *, organization_id: str | None = None) -> Request[builtins.list[CapabilityNamespace]]:
        """The namespaces your custom capabilities live in (a plain list, not paged)."""
        return Request(_namespaces, headers=organization_header(organization_id))

    @paged("capabilities.list_in_namespace", "GET", "/capabilities/namespaces/{namespace}", note=_READ_NOTE)
    def list_in_namespace(self, namespace: str, *, organization_id: str | None = None) -> Request[CapabilitySummary]:
        """The custom capabilities of one namespace, page by page."""
        return Request(_decode_summary, path={"namespace": namespace}, headers=organization_header(organization_id))

    @paged("capabilities.list_versions", "GET", "/capabilities/{capabilityId}", note=_READ_NOTE)
    def list_versions(self, capability_id: str) -> Request[CapabilitySummary]:
        """The versions of one capability, page by page."""
        return Request(_decode_summary, path={"capabilityId": capability_id})

    @endpoint("capabilities.get", "GET", _CAP, note=_READ_NOTE)
    def get(self, capability_id: str, version: int = 1) -> Request[Capability]:
        """One capability definition: its attributes (value schemas, units, setters) and commands (arguments).

        ``st.capabilities.get("switchLevel").commands["setLevel"].arguments`` says what ``setLevel`` takes.
        """
        return Request(_decode_capability, path=_capability_path(capability_id, version))

    @flow
    def command(
        self, capability_id: str, command: str, *arguments: Any, version: int = 1, component: str = "main"
    ) -> Flow[Command]:
        """A command checked against its capability's definition before anything is sent, for capabilities the
        catalogue does not type (your own): ``st.devices.execute(id, st.capabilities.command("myns.dial",
        "setDial", 5))``.  A catalogued capability is checked offline; any other definition is fetched once per
        client (at most :data:`DEFINITIONS_KEPT` kept).  A wrong command name, argument count or value raises
        :class:`~smartthings_client.errors.InvalidArgumentError` naming what is allowed."""
        from ..catalog._runtime import CapabilityDefinition, bundled_definition

        _version(version)
        definition = bundled_definition(capability_id) if version == 1 else None
        kept = _kept_definitions(self._transport)
        if definition is None:
            definition = kept.get((capability_id, version))
        if definition is None:
            fetched: Capability = yield from call(_Capabilities.get.operation(self, capability_id, version))
            definition = CapabilityDefinition(encode(fetched))
            if len(kept) >= DEFINITIONS_KEPT:
                kept.clear()
            kept[(capability_id, version)] = definition
        return definition.build(command, *arguments, component=component)

    @endpoint("capabilities.create", "POST", "/capabilities", _WRITE, note=_WRITE_NOTE)
    def create(
        self,
        name: str,
        *,
        attributes: Mapping[str, AttributeInput] | None = None,
        commands: Mapping[str, CommandInput] | None = None,
        namespace: str | None = None,
        organization_id: str | None = None,
    ) -> Request[Capability]:
        """Create a custom capability (status ``proposed``); SmartThings names it ``<namespace>.<camelName>``.

        ``attributes`` and ``commands`` map names (lower camel case, letters only) to
        :class:`CapabilityAttribute`/:class:`CapabilityCommand` objects or dicts in SmartThings' JSON shape.
        ``namespace`` picks one of your namespaces (default: your account's own).
        """
        if not isinstance(name, str) or not _CAPABILITY_NAME.fullmatch(name):
            raise ValueError(
                f"name must be 2 to 36 letters, digits or spaces, starting with a letter or digit, got {name!r}"
            )
        if namespace is not None:
            segment(namespace, "namespace")
        body = {"name": name, **_definition(attributes, commands)}
        params = (("namespace", namespace),) if namespace is not None else None
        return Request(_decode_capability, json=body, params=params, headers=organization_header(organization_id))

    @endpoint("capabilities.update", "PUT", _CAP, _WRITE, note=_WRITE_NOTE)
    def update(
        self,
        capability_id: str,
        version: int = 1,
        *,
        attributes: Mapping[str, AttributeInput] | None = None,
        commands: Mapping[str, CommandInput] | None = None,
        organization_id: str | None = None,
    ) -> Request[Capability]:
        """Replace a custom capability's attributes and/or commands (only the parts given are sent)."""
        body = _definition(attributes, commands)
        if not body:
            raise ValueError("give attributes, commands or both")
        return _custom(_decode_capability, capability_id, version, organization_id, json=body)

    @endpoint("capabilities.delete", "DELETE", _CAP, _WRITE, note=_WRITE_NOTE)
    def delete(self, capability_id: str, version: int = 1, *, organization_id: str | None = None) -> Request[None]:
        """Delete one version of a custom capability."""
        return _custom(ignore_body, capability_id, version, organization_id)

    # --- presentation ---------------------------------------------------------------------------------------

    @endpoint("capabilities.get_presentation", "GET", f"{_CAP}/presentation", note=_READ_NOTE)
    def get_presentation(self, capability_id: str, version: int = 1) -> Request[CapabilityPresentation]:
        """How the SmartThings app shows a capability (dashboard, detail view, automation widgets)."""
        return Request(_decode_presentation, path=_capability_path(capability_id, version))

    @endpoint("capabilities.create_presentation", "POST", f"{_CAP}/presentation", _WRITE, note=_WRITE_NOTE)
    def create_presentation(
        self,
        capability_id: str,
        presentation: PresentationInput,
        version: int = 1,
        *,
        organization_id: str | None = None,
    ) -> Request[CapabilityPresentation]:
        """Give a custom capability its presentation (``dashboard``, ``detailView``, ``automation``)."""
        body = {"id": capability_id, "version": version, **_presentation(presentation)}
        return _custom(_decode_presentation, capability_id, version, organization_id, json=body)

    @endpoint("capabilities.update_presentation", "PUT", f"{_CAP}/presentation", _WRITE, note=_WRITE_NOTE)
    def update_presentation(
        self,
        capability_id: str,
        presentation: PresentationInput,
        version: int = 1,
        *,
        organization_id: str | None = None,
    ) -> Request[CapabilityPresentation]:
        """Replace a custom capability's presentation."""
        body = _presentation(presentation)
        return _custom(_decode_presentation, capability_id, version, organization_id, json=body)

    # --- translations ---------------------------------------------------------------------------------------

    @paged("capabilities.list_locales", "GET", f"{_CAP}/i18n", note=_READ_NOTE)
    def list_locales(self, capability_id: str, version: int = 1) -> Request[str]:
        """The locale tags a capability has translations for, e.g. ``["en", "fr"]``."""
        return Request(_locale_tag, path=_capability_path(capability_id, version))

    @endpoint("capabilities.get_translations", "GET", f"{_CAP}/i18n/{{tag}}", note=_READ_NOTE)
    def get_translations(self, capability_id: str, tag: str, version: int = 1) -> Request[CapabilityLocalization]:
        """A capability's translations for one locale."""
        return Request(_decode_localization, path={**_capability_path(capability_id, version), "tag": tag})

    @endpoint("capabilities.create_translations", "POST", f"{_CAP}/i18n", _WRITE, note=_WRITE_NOTE)
    def create_translations(
        self,
        capability_id: str,
        localization: LocalizationInput,
        version: int = 1,
        *,
        organization_id: str | None = None,
    ) -> Request[CapabilityLocalization]:
        """Add translations for a locale that has none yet (its ``tag`` is in ``localization``)."""
        _, body = _localization(localization)
        return _custom(_decode_localization, capability_id, version, organization_id, json=body)

    @endpoint("capabilities.update_translations", "PUT", f"{_CAP}/i18n/{{tag}}", _WRITE, note=_WRITE_NOTE)
    def update_translations(
        self,
        capability_id: str,
        localization: LocalizationInput,
        version: int = 1,
        *,
        organization_id: str | None = None,
    ) -> Request[CapabilityLocalization]:
        """Replace the translations of the locale named by ``localization``'s ``tag``."""
        tag, body = _localization(localization)
        return _custom(_decode_localization, capability_id, version, organization_id, json=body, tag=tag)

    @flow
    def upsert_translations(
        self,
        capability_id: str,
        localization: LocalizationInput,
        version: int = 1,
        *,
        organization_id: str | None = None,
    ) -> Flow[CapabilityLocalization]:
        """Create or replace translations: POST them, and PUT them when SmartThings says "Localization already
        exists" (as the official SDK's ``upsertTranslations`` does).  Any other error is raised."""
        arguments = (capability_id, localization, version)
        create = _Capabilities.create_translations.operation(self, *arguments, organization_id=organization_id)
        try:
            created: CapabilityLocalization = yield from call(create)
        except APIStatusError as error:
            if not already_exists(error):
                raise
        else:
            return created
        update = _Capabilities.update_translations.operation(self, *arguments, organization_id=organization_id)
        updated: CapabilityLocalization = yield from call(update)
        return updated

    @endpoint("capabilities.delete_translations", "DELETE", f"{_CAP}/i18n/{{tag}}", _WRITE, note=_WRITE_NOTE)
    def delete_translations(
        self, capability_id: str, tag: str, version: int = 1, *, organization_id: str | None = None
    ) -> Request[None]:
        """Delete a capability's translations for one locale."""
        return _custom(ignore_body, capability_id, version, organization_id, tag=tag)


class Capabilities(_Capabilities, SyncResource):
    """Capabilities (blocking).  Reach it as ``SmartThings().capabilities``."""


class AsyncCapabilities(_Capabilities, AsyncResource):
    """Capabilities (async).  Reach it as ``AsyncSmartThings().capabilities``."""
