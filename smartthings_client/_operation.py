"""What one API call is, independent of how it is sent: the unit that resources build and the transport runs.

A resource method turns its arguments into a :class:`Request` (path ids, query, body, how to decode the answer);
its decorator adds what the operation's declaration says (name, method, path template, scopes) and makes the
:class:`Operation` the transport sends.  Everything that checks arguments happens here, before any request exists,
so an invalid id never reaches the network.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar
from urllib.parse import quote

import attrs

from .errors import ArgumentTypeError, InvalidArgumentError

if TYPE_CHECKING:
    from .scopes import OperationRule

T = TypeVar("T")

Params = tuple[tuple[str, str], ...]

Bound = Callable[[Any], Literal["keep", "skip", "stop"]]
"""For a paged list bounded by the caller (history between two times): whether an item is kept, skipped (before
the range) or ends the list (past it)."""

# SmartThings ids are UUIDs, but names (schedules, apps, components) travel in paths too: anything outside this
# set is percent-encoded, and a few values are refused outright because they would change the path's meaning.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._~\-]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

# The documented (and only) API version; the official SDK pins a few device calls to dated versions, which
# SmartThings also accepts, but the v=1 answers carry every field the models read.
ACCEPT_V1 = "application/vnd.smartthings+json;v=1"


def segment(value: object, name: str) -> str:
    """Check and encode one path segment (an id or a name); raise :class:`InvalidArgumentError` (a ``ValueError``)
    before anything is sent."""
    if not isinstance(value, str):
        raise ArgumentTypeError(f"{name} must be a str, not {type(value).__name__}")
    if _PLAIN_SEGMENT.fullmatch(value):
        if value in (".", ".."):
            raise InvalidArgumentError(f"{name} {value!r} is not a valid id")
        return value
    if not value.strip():
        raise InvalidArgumentError(f"{name} must not be empty")
    if "/" in value or "\\" in value:
        raise InvalidArgumentError(f"{name} {value!r} must not contain '/'")
    if _CONTROL.search(value):
        raise InvalidArgumentError(f"{name} {value!r} contains control characters")
    return quote(value, safe="")


def one_or_many(value: str | Iterable[str] | None, name: str) -> list[str]:
    """A query value given as one string or many; each must be a non-empty string."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    for item in values:
        if not isinstance(item, str) or not item.strip():
            raise InvalidArgumentError(f"{name} values must be non-empty strings, got {item!r}")
    return values


def query(*pairs: tuple[str, object]) -> Params:
    """Build query parameters: ``None`` is dropped, lists repeat the key, booleans are ``true``/``false``."""
    out: list[tuple[str, str]] = []
    for key, value in pairs:
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            out.extend((key, _query_value(v)) for v in value)
        else:
            out.append((key, _query_value(value)))
    return tuple(out)


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):  # str(member) would give "DeviceType.ZIGBEE" on a plain str-Enum
        return str(value.value)
    return str(value)


def organization_header(organization_id: str | None) -> dict[str, str] | None:
    """``X-ST-Organization``, which picks the developer organization for developer-side resources (capabilities,
    device preferences, Edge drivers and channels, ST Schema); ``None`` sends none."""
    if organization_id is None:
        return None
    if not isinstance(organization_id, str) or not _PLAIN_SEGMENT.fullmatch(organization_id):
        raise ValueError(f"organization_id must be an organization id, got {organization_id!r}")
    return {"X-ST-Organization": organization_id}


def tag_query(tags: Mapping[str, str | Iterable[str]] | None) -> list[tuple[str, object]]:
    """``tag:key=value`` filters (installedapps, apps); repeated values are ORed by SmartThings."""
    if not tags:
        return []
    return [(f"tag:{key}", one_or_many(values, f"tag {key}")) for key, values in tags.items()]


# Not frozen: built once per call on the hot path, where frozen attrs' guarded setattr costs a microsecond; treat
# it as immutable all the same (the transport derives next pages with attrs.evolve).
@attrs.define(slots=True)
class Operation(Generic[T]):
    """One API call, ready to send.

    ``decode`` turns the parsed JSON body into the result (for paged operations: one item).  ``name`` is the key
    of the operation in :data:`smartthings_client.scopes.OPERATIONS`; ``ids`` and ``variant`` fill that entry's
    scope templates when a 403 needs explaining.
    """

    name: str
    method: str
    path: str
    decode: Callable[[Any], T]
    params: Params | None = None
    json: Any = None
    headers: Mapping[str, str] | None = None
    ids: Mapping[str, str] | None = None
    variant: str | None = None
    paged: bool = False
    # For DELETE-like calls SmartThings may answer with an empty body; decode then gets None.
    empty_ok: bool = False
    limit_hint: str | None = None
    # A call whose body is not JSON (the OAuth token endpoint is form-encoded).
    form: Mapping[str, str] | None = None
    # A raw body sent as is (a zipped Edge driver package); its Content-Type goes in ``headers``.
    content: bytes | None = None
    # An absolute URL replaces base_url + path (OAuth endpoints on other hosts, the classic flow).
    absolute_url: str | None = None
    # The answer carries secrets (a client secret, tokens): an undecodable body is not quoted in the error.
    secret_response: bool = False
    # The declaration the operation was made from (None for calls outside the API, such as the OAuth token URL).
    rule: OperationRule | None = None
    # A paged list with a caller's range (history): which items to keep, and where the list ends.
    bound: Bound | None = None
    # The path is relative to the API origin rather than the /v1 base URL (the SSE sinks API).
    on_origin: bool = False


class _Own(enum.Enum):
    INSTALLED_APP = "the SmartApp token's own installed app"


OWN_INSTALLED_APP = _Own.INSTALLED_APP
"""In :attr:`Request.path`, for ``installedAppId``: the installed app of the SmartApp token making the call."""


def own_app_if_none(installed_app_id: str | None) -> str | _Own:
    """An ``installed_app_id`` argument that defaults to the SmartApp token's own installed app."""
    return OWN_INSTALLED_APP if installed_app_id is None else installed_app_id


@attrs.define(slots=True)
class Request(Generic[T]):
    """What a resource method decides for one call of its declared operation: the values of the path template's
    placeholders (``{"deviceId": device_id}``; :data:`OWN_INSTALLED_APP` for ``installedAppId`` means the SmartApp
    token's own), the query, the body and how to decode the answer.  ``ids`` adds scope-template values that are
    not in the path.  ``template`` replaces the declared path template for a configured variant of an
    undocumented endpoint (the SSE sink path, :class:`~smartthings_client.resources.events.SinkSettings`); it is
    filled and checked the same way."""

    decode: Callable[[Any], T]
    path: Mapping[str, str | _Own] | None = None
    params: Params | None = None
    json: Any = None
    headers: Mapping[str, str] | None = None
    ids: Mapping[str, str] | None = None
    variant: str | None = None
    empty_ok: bool = False
    limit_hint: str | None = None
    secret_response: bool = False
    bound: Bound | None = None
    template: str | None = None
    content: bytes | None = None
    """A raw body instead of ``json`` (give its ``Content-Type`` in ``headers``)."""


def ignore_body(_: Any) -> None:
    """Decoder for calls whose answer carries nothing useful (``{}`` or empty)."""
    return


def count_of(data: Any) -> int:
    """Decoder for ``{"count": n}`` answers (deletes); an empty or count-less answer counts as 0."""
    if isinstance(data, Mapping):
        count = data.get("count")
        if isinstance(count, int):
            return count
    return 0
