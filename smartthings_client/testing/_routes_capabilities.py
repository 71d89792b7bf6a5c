"""Capabilities (contract-more §6): definitions, versions, namespaces, custom capabilities, i18n, presentation.

Standard and Samsung definitions are the real published answers the client's capability catalogue vendors
(``smartthings_client/catalog``: the standard, samsungce, custom, samsungvd and samsungim namespaces) and nothing
else: a capability the seeded devices use but that the catalogue lacks answers 404 saying so, rather than with an
invented definition.  Custom capabilities created through the API live in the state's
:class:`~._capability_store.CustomCapabilities`, in the account's own namespaces.

Reading needs no scope (no source names one); writing custom capabilities needs ``w:customcapability``, a likely
guess at the real scope string (unverified).
"""

from __future__ import annotations

import copy
import re
from functools import cache

import httpx

from ..catalog._runtime import bundled_definition
from ._capability_store import CapabilityKey, CustomCapabilities
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, empty_response, json_response, paged
from ._state import OWNER_ID

table = RouteTable()

WRITE_SCOPE = "w:customcapability"
_CAP = "/capabilities/{capabilityId}/{version}"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ]{1,35}$")
_MEMBER = re.compile(r"^[a-z][A-Za-z]{0,35}$")
_NAMESPACE = re.compile(r"^[a-z][a-z0-9]{2,63}$")
_PRESENTATION_PARTS = ("dashboard", "detailView", "automation")


@cache
def real_definitions() -> dict[CapabilityKey, JsonDict]:
    """Every catalogued definition by (id, version), for listings; shared and never modified (answers are deep
    copies).  A single definition is looked up with :func:`_real` instead, which reads one file."""
    from ..catalog._codegen import BUNDLED_NAMESPACES, bundled_definitions

    return {(d["id"], int(d["version"])): d for ns in BUNDLED_NAMESPACES for d in bundled_definitions(ns)}


def _real(key: CapabilityKey) -> JsonDict | None:
    definition = bundled_definition(key[0])
    if definition is None or definition.version != key[1]:
        return None
    raw: JsonDict = dict(definition.raw)
    return raw


def _summary(doc: JsonDict) -> JsonDict:
    return {"id": doc["id"], "version": doc["version"], "status": doc.get("status")}


def _store(ctx: Ctx) -> CustomCapabilities:
    return ctx.state.custom_capabilities


def _key(ctx: Ctx) -> CapabilityKey:
    raw = ctx.params["version"]
    if not raw.isdigit() or int(raw) < 1:
        raise not_found(f"Capability {ctx.params['capabilityId']} version {raw}")
    return ctx.params["capabilityId"], int(raw)


def _missing(ctx: Ctx, capability_id: str, what: str) -> ApiError:
    """The 404 for a capability the emulator has no definition of; it names a seeded one that lacks real data."""
    error = not_found(what)
    if any(capability_id in record.all_capabilities() for record in ctx.state.devices.values()):
        error.details.append(
            detail(
                "EmulatorNoRealData",
                f"the emulator serves only the catalogue's real definitions, and it has none of {capability_id}",
                "capabilityId",
            )
        )
    return error


def _definition(ctx: Ctx) -> tuple[JsonDict, bool]:
    """The definition the path names and whether it is one of the account's custom capabilities."""
    key = _key(ctx)
    custom = _store(ctx).definitions.get(key)
    if custom is not None:
        return custom, True
    real = _real(key)
    if real is not None:
        return real, False
    raise _missing(ctx, key[0], f"Capability {key[0]} version {key[1]}")


def _own(ctx: Ctx) -> tuple[CapabilityKey, JsonDict]:
    """The account's custom capability the path names; anything else cannot be changed."""
    doc, custom = _definition(ctx)
    if not custom:
        raise ApiError(403, "ForbiddenError", f"Capability {doc['id']} is not owned by this account")
    return _key(ctx), doc


def _no_real_data(ctx: Ctx, what: str) -> ApiError:
    return _missing(ctx, ctx.params["capabilityId"], what)


def _validate_members(body: JsonDict) -> None:
    problems: list[JsonDict] = []
    for part in ("attributes", "commands"):
        members = body.get(part, {})
        if not isinstance(members, dict):
            problems.append(detail("NotValidValue", f"{part}: must be an object", part))
            continue
        for name, member in members.items():
            target = f"{part}.{name}"
            if not _MEMBER.match(name):
                problems.append(detail("PatternError", f"{target}: must be lower camel case letters", target))
            if not isinstance(member, dict):
                problems.append(detail("NotValidValue", f"{target}: must be an object", target))
            elif part == "attributes" and not isinstance(member.get("schema"), dict):
                problems.append(detail("NotNullError", f"{target}.schema: must not be null", f"{target}.schema"))
            elif part == "commands" and member.get("name") != name:
                problems.append(detail("NotValidValue", f"{target}.name: must equal the command's key", target))
    if problems:
        raise constraint("The request is malformed.", *problems)


def _camel(name: str) -> str:
    first, *rest = name.split()
    return first[:1].lower() + first[1:] + "".join(word[:1].upper() + word[1:] for word in rest)


# ----- definitions ------------------------------------------------------------------------------------------


@table.route("GET", "/capabilities")
def list_standard(ctx: Ctx) -> httpx.Response:
    """GET /capabilities: the standard capabilities (all the catalogue holds)."""
    items = [_summary(doc) for (cap_id, _), doc in sorted(real_definitions().items()) if "." not in cap_id]
    return paged(ctx, items)


@table.route("GET", "/capabilities/namespaces")
def list_namespaces(ctx: Ctx) -> httpx.Response:
    """GET /capabilities/namespaces: a plain array of the account's namespaces."""
    return json_response([{"name": n, "ownerType": "user", "ownerId": OWNER_ID} for n in _store(ctx).namespaces])


@table.route("GET", "/capabilities/namespaces/{namespace}")
def list_in_namespace(ctx: Ctx) -> httpx.Response:
    """GET /capabilities/namespaces/{ns}: the custom capabilities of one of the account's namespaces."""
    store = _store(ctx)
    namespace = ctx.params["namespace"]
    if namespace not in store.namespaces:
        raise not_found(f"Namespace {namespace}")
    prefix = namespace + "."
    return paged(ctx, [_summary(doc) for (cap_id, _), doc in store.definitions.items() if cap_id.startswith(prefix)])


@table.route("GET", "/capabilities/{capabilityId}")
def list_versions(ctx: Ctx) -> httpx.Response:
    """GET /capabilities/{id}: the versions of one capability."""
    capability_id = ctx.params["capabilityId"]
    docs = [doc for (cap_id, _), doc in sorted(_store(ctx).definitions.items()) if cap_id == capability_id]
    real = bundled_definition(capability_id)
    docs += [dict(real.raw)] if real is not None else []
    if not docs:
        raise _missing(ctx, capability_id, f"Capability {capability_id}")
    return paged(ctx, [_summary(doc) for doc in docs])


@table.route("GET", _CAP)
def get_capability(ctx: Ctx) -> httpx.Response:
    """GET /capabilities/{id}/{version}: a real definition, or one of the account's custom capabilities."""
    doc, _ = _definition(ctx)
    return json_response(copy.deepcopy(doc))


@table.route("POST", "/capabilities", scopes=[WRITE_SCOPE])
def create_capability(ctx: Ctx) -> httpx.Response:
    """POST /capabilities[?namespace=]: a custom capability ``<namespace>.<camelName>``, status ``proposed``."""
    body = ctx.json_object()
    name = body.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise constraint(
            "The request is malformed.",
            detail("PatternError", "name: 2-36 letters, digits or spaces, starting with a letter or digit", "name"),
        )
    _validate_members(body)
    store = _store(ctx)
    namespace = ctx.q("namespace") or store.namespaces[0]
    if namespace not in store.namespaces:
        taken = {cap_id.rsplit(".", 1)[0] for cap_id, _ in real_definitions() if "." in cap_id}
        taken |= {c.rsplit(".", 1)[0] for r in ctx.state.devices.values() for c in r.all_capabilities() if "." in c}
        if namespace in taken:
            raise ApiError(403, "ForbiddenError", f"Namespace {namespace} is owned by someone else")
        if not _NAMESPACE.match(namespace):
            raise constraint(
                "The request is malformed.",
                detail("PatternError", "namespace: lower case letters and digits", "namespace"),
            )
        store.namespaces.append(namespace)
    key = (f"{namespace}.{_camel(name)}", 1)
    if key in store.definitions:
        raise ApiError(409, "ConflictError", f"Capability {key[0]} already exists")
    doc: JsonDict = {
        "id": key[0],
        "version": 1,
        "status": "proposed",
        "name": name,
        "ephemeral": False,
        "attributes": copy.deepcopy(body.get("attributes", {})),
        "commands": copy.deepcopy(body.get("commands", {})),
    }
    store.definitions[key] = doc
    return json_response(copy.deepcopy(doc))


@table.route("PUT", _CAP, scopes=[WRITE_SCOPE])
def update_capability(ctx: Ctx) -> httpx.Response:
    """PUT /capabilities/{id}/{version}: replace a custom capability's attributes and/or commands."""
    _, doc = _own(ctx)
    body = ctx.json_object()
    _validate_members(body)
    for part in ("attributes", "commands"):
        if part in body:
            doc[part] = copy.deepcopy(body[part])
    return json_response(copy.deepcopy(doc))


@table.route("DELETE", _CAP, scopes=[WRITE_SCOPE])
def delete_capability(ctx: Ctx) -> httpx.Response:
    """DELETE /capabilities/{id}/{version}, with its presentation and translations (empty 200)."""
    key, _ = _own(ctx)
    _store(ctx).forget(key)
    return empty_response(200)


# ----- presentation ------------------------------------------------------------------------------------------


def _presentation_body(ctx: Ctx, key: CapabilityKey) -> JsonDict:
    body = ctx.json_object()
    for field, expected in (("id", key[0]), ("version", key[1])):
        if field in body and body[field] != expected:
            raise constraint(
                "The request is malformed.", detail("NotValidValue", f"{field}: must be {expected!r}", field)
            )
    return {"id": key[0], "version": key[1], **{k: v for k, v in body.items() if k not in ("id", "version")}}


@table.route("GET", f"{_CAP}/presentation")
def get_presentation(ctx: Ctx) -> httpx.Response:
    """GET .../presentation: only custom capabilities have one here (no real presentation was captured)."""
    doc, custom = _definition(ctx)
    stored = _store(ctx).presentations.get(_key(ctx)) if custom else None
    if stored is None:
        what = f"Presentation of capability {doc['id']} version {doc['version']}"
        raise not_found(what) if custom else _no_real_data(ctx, what)
    return json_response(copy.deepcopy(stored))


@table.route("POST", f"{_CAP}/presentation", scopes=[WRITE_SCOPE])
def create_presentation(ctx: Ctx) -> httpx.Response:
    """POST .../presentation: 409 when the capability has one already."""
    key, _ = _own(ctx)
    store = _store(ctx)
    if key in store.presentations:
        raise ApiError(409, "ConflictError", f"Presentation of capability {key[0]} already exists")
    store.presentations[key] = _presentation_body(ctx, key)
    return json_response(copy.deepcopy(store.presentations[key]))


@table.route("PUT", f"{_CAP}/presentation", scopes=[WRITE_SCOPE])
def update_presentation(ctx: Ctx) -> httpx.Response:
    """PUT .../presentation: replaces an existing presentation."""
    key, _ = _own(ctx)
    store = _store(ctx)
    if key not in store.presentations:
        raise not_found(f"Presentation of capability {key[0]} version {key[1]}")
    store.presentations[key] = _presentation_body(ctx, key)
    return json_response(copy.deepcopy(store.presentations[key]))


# ----- translations -----------------------------------------------------------------------------------------


def _translations(ctx: Ctx, *, writing: bool = False) -> dict[str, JsonDict]:
    if writing:
        key, _ = _own(ctx)
    else:
        doc, custom = _definition(ctx)
        if not custom:
            raise _no_real_data(ctx, f"Translations of capability {doc['id']} version {doc['version']}")
        key = _key(ctx)
    return _store(ctx).translations.setdefault(key, {})


def _localization_body(ctx: Ctx) -> tuple[str, JsonDict]:
    body = ctx.json_object()
    tag = body.get("tag")
    if not isinstance(tag, str) or not tag:
        raise constraint("The request is malformed.", detail("NotNullError", "tag: must not be null", "tag"))
    return tag, body


@table.route("GET", f"{_CAP}/i18n")
def list_locales(ctx: Ctx) -> httpx.Response:
    """GET .../i18n: the tags of a custom capability's translations."""
    return paged(ctx, [{"tag": tag} for tag in _translations(ctx)])


@table.route("POST", f"{_CAP}/i18n", scopes=[WRITE_SCOPE])
def create_translations(ctx: Ctx) -> httpx.Response:
    """POST .../i18n: 409 "Localization already exists" when the tag has translations (what the SDK's upsert
    looks for)."""
    translations = _translations(ctx, writing=True)
    tag, body = _localization_body(ctx)
    if tag in translations:
        raise ApiError(409, "ConflictError", f"Localization already exists for tag {tag}")
    translations[tag] = copy.deepcopy(body)
    return json_response(body)


@table.route("GET", f"{_CAP}/i18n/{{tag}}")
def get_translations(ctx: Ctx) -> httpx.Response:
    """GET .../i18n/{tag}."""
    found = _translations(ctx).get(ctx.params["tag"])
    if found is None:
        raise not_found(f"Localization {ctx.params['tag']}")
    return json_response(copy.deepcopy(found))


@table.route("PUT", f"{_CAP}/i18n/{{tag}}", scopes=[WRITE_SCOPE])
def update_translations(ctx: Ctx) -> httpx.Response:
    """PUT .../i18n/{tag}: replaces existing translations; the body's tag must be the path's."""
    translations = _translations(ctx, writing=True)
    tag, body = _localization_body(ctx)
    if tag != ctx.params["tag"]:
        raise constraint(
            "The request is malformed.", detail("NotValidValue", f"tag: must be {ctx.params['tag']}", "tag")
        )
    if tag not in translations:
        raise not_found(f"Localization {tag}")
    translations[tag] = copy.deepcopy(body)
    return json_response(body)


@table.route("DELETE", f"{_CAP}/i18n/{{tag}}", scopes=[WRITE_SCOPE])
def delete_translations(ctx: Ctx) -> httpx.Response:
    """DELETE .../i18n/{tag} (empty 200)."""
    translations = _translations(ctx, writing=True)
    if translations.pop(ctx.params["tag"], None) is None:
        raise not_found(f"Localization {ctx.params['tag']}")
    return empty_response(200)
