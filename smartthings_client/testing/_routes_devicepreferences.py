"""Device preference definitions and their translations (contract more §10).

Ids are ``<namespace>.<name>``: the namespace is the name of the organization in ``X-ST-Organization``, else of
the account's default organization.
"""

from __future__ import annotations

import copy
import re

import httpx

from ._errors import ApiError, JsonDict, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._platform import invalid_field

table = RouteTable()

_NAME = re.compile(r"^[a-z][a-zA-Z0-9]{2,23}$")
_TYPES = ("integer", "number", "boolean", "string", "enumeration")
_STRING_TYPES = ("text", "password", "paragraph")
_FIELDS = ("title", "description", "required", "preferenceType", "definition")


def _namespace(ctx: Ctx) -> str:
    organizations = ctx.state.platform.organizations
    wanted = ctx.request.headers.get("x-st-organization")
    if wanted:
        organization = organizations.get(wanted)
        if organization is None:
            raise not_found(f"Organization {wanted}")
        return str(organization["name"])
    default = next((o for o in organizations.values() if o.get("isDefaultUserOrg")), None)
    return str(default["name"]) if default is not None else "emulator"


def _number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_definition(kind: str, definition: object) -> None:
    if not isinstance(definition, dict):
        raise invalid_field("definition", "must be an object")
    default = definition.get("default")
    if kind in ("integer", "number"):
        is_value = (lambda v: isinstance(v, int) and not isinstance(v, bool)) if kind == "integer" else _number
        for key in ("minimum", "maximum", "default"):
            if definition.get(key) is not None and not is_value(definition[key]):
                raise invalid_field(f"definition.{key}", f"must be a {kind}")
        low, high = definition.get("minimum"), definition.get("maximum")
        if low is not None and high is not None and low > high:
            raise invalid_field("definition.minimum", "must not be greater than maximum")
        if default is not None and ((low is not None and default < low) or (high is not None and default > high)):
            raise invalid_field("definition.default", "must be between minimum and maximum")
    elif kind == "boolean":
        if default is not None and not isinstance(default, bool):
            raise invalid_field("definition.default", "must be a boolean")
    elif kind == "string":
        if definition.get("stringType") not in (None, *_STRING_TYPES):
            raise invalid_field("definition.stringType", f"must be one of {', '.join(_STRING_TYPES)}")
        if default is not None and not isinstance(default, str):
            raise invalid_field("definition.default", "must be a string")
    else:
        options = definition.get("options")
        if not isinstance(options, dict) or not options:
            raise invalid_field("definition.options", "must map at least one value to its label")
        if default is not None and default not in options:
            raise invalid_field("definition.default", "must be one of the options")


def _check(body: JsonDict) -> None:
    if not isinstance(body.get("title"), str) or not body["title"].strip():
        raise invalid_field("title", "must not be empty")
    kind = body.get("preferenceType")
    if kind not in _TYPES:
        raise invalid_field("preferenceType", f"must be one of {', '.join(_TYPES)}")
    _check_definition(str(kind), body.get("definition"))


def _preference(ctx: Ctx) -> JsonDict:
    found = ctx.state.platform.preferences.get(ctx.params["preferenceId"])
    if found is None:
        raise not_found(f"Device preference {ctx.params['preferenceId']}")
    return found


@table.route("GET", "/devicepreferences", scopes=["r:deviceprofiles"])
def list_preferences(ctx: Ctx) -> httpx.Response:
    """GET /devicepreferences[?namespace=]: paged."""
    namespace = ctx.q("namespace")
    items = [
        copy.deepcopy(p)
        for p in ctx.state.platform.preferences.values()
        if namespace is None or str(p["preferenceId"]).startswith(namespace + ".")
    ]
    return paged(ctx, items)


@table.route("POST", "/devicepreferences", scopes=["w:deviceprofiles"])
def create_preference(ctx: Ctx) -> httpx.Response:
    """POST /devicepreferences: ``name`` (``^[a-z][a-zA-Z0-9]{2,23}$``), ``title``, ``preferenceType`` and a
    definition valid for that type; the id is ``<namespace>.<name>``."""
    body = ctx.json_object()
    name = body.get("name")
    if not isinstance(name, str) or not _NAME.match(name):
        raise invalid_field("name", "must match ^[a-z][a-zA-Z0-9]{2,23}$")
    _check(body)
    preference_id = f"{_namespace(ctx)}.{name}"
    preferences = ctx.state.platform.preferences
    if preference_id in preferences:
        raise ApiError(409, "ConflictError", f"Device preference {preference_id} already exists")
    doc: JsonDict = {"preferenceId": preference_id, "name": name, "explicit": bool(body.get("explicit", False))}
    doc.update({key: copy.deepcopy(body[key]) for key in _FIELDS if key in body})
    preferences[preference_id] = doc
    return json_response(copy.deepcopy(doc))


@table.route("GET", "/devicepreferences/{preferenceId}", scopes=["r:deviceprofiles"])
def get_preference(ctx: Ctx) -> httpx.Response:
    return json_response(copy.deepcopy(_preference(ctx)))


@table.route("PUT", "/devicepreferences/{preferenceId}", scopes=["w:deviceprofiles"])
def update_preference(ctx: Ctx) -> httpx.Response:
    """PUT /devicepreferences/{id}: replaces the definition; ``name`` and the id do not change."""
    doc = _preference(ctx)
    body = ctx.json_object()
    _check(body)
    for key in _FIELDS:
        if key in body:
            doc[key] = copy.deepcopy(body[key])
        elif key in ("description", "required"):
            doc.pop(key, None)
    return json_response(copy.deepcopy(doc))


# ----- translations -----------------------------------------------------------------------------------------
def _check_localization(preference: JsonDict, body: JsonDict) -> None:
    if not isinstance(body.get("label"), str) or not body["label"].strip():
        raise invalid_field("label", "must not be empty")
    options = body.get("options")
    if preference.get("preferenceType") == "enumeration" and options is not None:
        wanted = set((preference.get("definition") or {}).get("options", {}))
        if not isinstance(options, dict) or set(options) != wanted:
            raise invalid_field("options", f"must label exactly the options {', '.join(sorted(wanted))}")


@table.route("GET", "/devicepreferences/{preferenceId}/i18n", scopes=["r:deviceprofiles"])
def list_localizations(ctx: Ctx) -> httpx.Response:
    preference = _preference(ctx)
    tags = ctx.state.platform.preference_i18n.get(str(preference["preferenceId"]), {})
    return paged(ctx, [{"tag": tag} for tag in sorted(tags)])


@table.route("POST", "/devicepreferences/{preferenceId}/i18n", scopes=["w:deviceprofiles"])
def create_localization(ctx: Ctx) -> httpx.Response:
    """POST .../i18n: a new locale's translation (409 if the tag exists: PUT replaces)."""
    preference = _preference(ctx)
    body = ctx.json_object()
    tag = body.get("tag")
    if not isinstance(tag, str) or not tag.strip():
        raise invalid_field("tag", "must not be empty")
    _check_localization(preference, body)
    tags = ctx.state.platform.preference_i18n.setdefault(str(preference["preferenceId"]), {})
    if tag in tags:
        raise ApiError(409, "ConflictError", f"Localization {tag} already exists")
    tags[tag] = copy.deepcopy(body)
    return json_response(copy.deepcopy(body))


def _tags(ctx: Ctx) -> dict[str, JsonDict]:
    return ctx.state.platform.preference_i18n.setdefault(str(_preference(ctx)["preferenceId"]), {})


@table.route("GET", "/devicepreferences/{preferenceId}/i18n/{tag}", scopes=["r:deviceprofiles"])
def get_localization(ctx: Ctx) -> httpx.Response:
    found = _tags(ctx).get(ctx.params["tag"])
    if found is None:
        raise not_found(f"Localization {ctx.params['tag']}")
    return json_response(copy.deepcopy(found))


@table.route("PUT", "/devicepreferences/{preferenceId}/i18n/{tag}", scopes=["w:deviceprofiles"])
def update_localization(ctx: Ctx) -> httpx.Response:
    """PUT .../i18n/{tag}: creates or replaces that locale's translation."""
    preference = _preference(ctx)
    body = ctx.json_object()
    tag = ctx.params["tag"]
    if body.get("tag", tag) != tag:
        raise invalid_field("tag", f"must be the tag of the path ({tag})")
    _check_localization(preference, body)
    doc = {**copy.deepcopy(body), "tag": tag}
    _tags(ctx)[tag] = doc
    return json_response(copy.deepcopy(doc))
