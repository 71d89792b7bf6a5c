"""Request context, route table and response helpers shared by the route modules."""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import httpx

from . import _auth
from ._errors import ApiError, Forbidden, JsonDict, bad_request, detail
from ._scopes import has_any
from ._state import State

JSON_TYPE = "application/json;charset=utf-8"

Handler = Callable[["Ctx"], httpx.Response]


@dataclass
class Ctx:
    """Everything a route handler needs about one request."""

    request: httpx.Request
    state: State
    method: str
    path: str
    origin: str
    request_id: str
    params: dict[str, str] = field(default_factory=dict)
    token: _auth.AccessToken | None = None

    # ----- query and body --------------------------------------------------------------------------------
    @property
    def query(self) -> list[tuple[str, str]]:
        """All query pairs in order; multi-valued params repeat the key (contract §1.2)."""
        return list(self.request.url.params.multi_items())

    def q(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        value = self.request.url.params.get(name)
        return str(value) if value is not None else None

    def q_all(self, name: str) -> list[str]:
        """Every value of a repeated query parameter (``?capability=a&capability=b``).

        Comma-joined values are NOT split: the API's multi params repeat the key (contract §1.2), so
        ``capability=a,b`` names one (unknown) capability, which is how a client bug would show up.
        """
        return list(self.request.url.params.get_list(name))

    def q_bool(self, name: str) -> bool:
        """A boolean query flag (``true``/``1``)."""
        value = self.q(name)
        return value is not None and value.lower() in ("true", "1", "yes")

    def json(self, *, required: bool = True) -> Any:
        """Parse the JSON body; a broken body is 400, a non-JSON content type is 415 (contract §3.2)."""
        raw = self.request.content
        if not raw.strip():
            if required:
                raise ApiError(
                    422,
                    "ConstraintViolationError",
                    "The request is malformed.",
                    details=[detail("NotNullError", "body must not be empty", "body")],
                )
            return None
        content_type = self.request.headers.get("content-type", "")
        if "json" not in content_type.lower():
            raise ApiError(
                415,
                "UnsupportedMediaTypeError",
                f"Content type '{content_type or 'none'}' not supported; send application/json",
            )
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise bad_request(
                "The request is malformed.", detail("BodyMalformedError", f"Malformed JSON: {exc}", "body")
            ) from exc

    def json_object(self) -> JsonDict:
        """Parse a JSON body that must be an object."""
        body = self.json()
        if not isinstance(body, dict):
            raise ApiError(
                422,
                "ConstraintViolationError",
                "The request is malformed.",
                details=[detail("BodyMalformedError", "body must be a JSON object", "body")],
            )
        return body

    def form(self) -> dict[str, str]:
        """Parse an ``application/x-www-form-urlencoded`` body."""
        return dict(parse_qsl(self.request.content.decode("utf-8", "replace"), keep_blank_values=True))

    # ----- authorisation helpers --------------------------------------------------------------------------
    @property
    def is_app_token(self) -> bool:
        """True for SmartApp, EVENT and OAuth-In tokens: bound to one installed app and its location."""
        return self.token is not None and self.token.kind in _auth.APP_KINDS

    @property
    def scopes(self) -> tuple[str, ...]:
        """The scopes the token carries."""
        return self.token.scopes if self.token is not None else ()

    def can(self, *alternatives: str) -> bool:
        """Whether the token covers one of the alternative scopes."""
        return has_any(self.scopes, alternatives)

    def require(self, *alternatives: str) -> None:
        """Raise an empty-body 403 unless the token covers one of the alternative scopes."""
        if not self.can(*alternatives):
            raise Forbidden(f"token lacks scope {' or '.join(alternatives)}")

    def check_location(self, location_id: str) -> None:
        """SmartApp-type tokens only see their installed app's location (contract §7)."""
        if self.is_app_token and self.token is not None and self.token.location_id != location_id:
            raise Forbidden(f"token is limited to location {self.token.location_id}")

    def sees_location(self, location_id: str) -> bool:
        """Whether the token may see this location at all."""
        return not (self.is_app_token and self.token is not None and self.token.location_id != location_id)


@dataclass
class Route:
    """One endpoint: method, path template, handler and the authorisation it needs before the handler runs.

    ``scopes`` are alternatives; ``{name}`` placeholders are filled from the path. ``kinds`` are the token
    kinds allowed at all (others get an empty-body 403). ``public`` routes need no bearer token.
    """

    method: str
    template: str
    handler: Handler
    scopes: tuple[str, ...] = ()
    kinds: frozenset[str] = frozenset({_auth.PAT, *_auth.APP_KINDS})
    public: bool = False
    implicit_device: bool = False
    streams: bool = False
    """The route answers ``text/event-stream`` (the SSE sink stream), so it takes that ``Accept``."""
    regex: re.Pattern[str] = field(init=False)
    literal_segments: int = field(init=False)

    def __post_init__(self) -> None:
        pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", self.template)
        self.regex = re.compile(f"^{pattern}/?$")
        self.literal_segments = sum(1 for s in self.template.split("/") if s and not s.startswith("{"))


class RouteTable:
    """A list of routes filled by the ``route`` decorator of each route module."""

    def __init__(self) -> None:
        self.routes: list[Route] = []

    def route(
        self,
        method: str,
        template: str,
        *,
        scopes: Iterable[str] = (),
        kinds: Iterable[str] | None = None,
        public: bool = False,
        implicit_device: bool = False,
        streams: bool = False,
    ) -> Callable[[Handler], Handler]:
        """Register the decorated handler."""

        def register(handler: Handler) -> Handler:
            self.routes.append(
                Route(
                    method=method,
                    template=template,
                    handler=handler,
                    scopes=tuple(scopes),
                    kinds=frozenset(kinds) if kinds is not None else frozenset({_auth.PAT, *_auth.APP_KINDS}),
                    public=public,
                    implicit_device=implicit_device,
                    streams=streams,
                )
            )
            return handler

        return register

    def match(self, method: str, path: str) -> tuple[Route | None, dict[str, str], bool]:
        """Find the route for a request: (route, params, path_exists_for_another_method)."""
        best: tuple[Route, dict[str, str]] | None = None
        path_known = False
        for candidate in self.routes:
            found = candidate.regex.match(path)
            if found is None:
                continue
            path_known = True
            if candidate.method != method:
                continue
            # Prefer the most literal template: /installedapps/me over /installedapps/{installedAppId}.
            if best is None or candidate.literal_segments > best[0].literal_segments:
                best = (candidate, found.groupdict())
        if best is None:
            return None, {}, path_known
        return best[0], best[1], True


# ----- responses ----------------------------------------------------------------------------------------
def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> httpx.Response:
    """A JSON response the way the API sends it."""
    all_headers = {"content-type": JSON_TYPE}
    all_headers.update(headers or {})
    return httpx.Response(status, headers=all_headers, content=json.dumps(body).encode())


def empty_response(status: int = 204, headers: dict[str, str] | None = None) -> httpx.Response:
    """A response without a body."""
    return httpx.Response(status, headers=headers or {}, content=b"")


def _encode_page(page: int) -> str:
    return base64.urlsafe_b64encode(str(page).encode()).rstrip(b"=").decode()


def _decode_page(raw: str | None) -> int:
    """Pages are 0-based: the real first page links to ``page=1`` (C5 ``devices_continued.json``).

    Accept the emulator's own opaque tokens and plain integers alike; anything else is a 400.
    """
    if raw is None or raw == "":
        return 0
    if raw.isdigit():
        return int(raw)
    try:
        decoded = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        decoded = ""
    if not decoded.isdigit():
        raise bad_request("Invalid page token", detail("PatternError", f"page: {raw!r} is not valid", "page"))
    return int(decoded)


def paged(ctx: Ctx, items: list[Any], *, default_max: int | None = None) -> httpx.Response:
    """Answer a list endpoint with ``{items, _links}`` and absolute next/previous links.

    Links are absolute on the request's origin and carry no ``/v1`` prefix, like the real ones
    (contract §4), and keep every other query parameter so filters survive paging.
    """
    size = default_max or ctx.state.page_size
    raw_max = ctx.q("max")
    if raw_max is not None:
        if not raw_max.isdigit() or int(raw_max) < 1:
            raise bad_request("Invalid max", detail("PatternError", f"max: {raw_max!r} must be >= 1", "max"))
        size = int(raw_max)
    page = _decode_page(ctx.q("page"))
    start = page * size
    chunk = items[start : start + size]
    kept = [(k, v) for k, v in ctx.query if k not in ("page", "max")]

    def link(target_page: int) -> JsonDict:
        query = urlencode([*kept, ("page", _encode_page(target_page)), ("max", str(size))])
        return {"href": f"{ctx.origin}{ctx.path}?{query}"}

    links: JsonDict = {
        "next": link(page + 1) if start + size < len(items) else None,
        "previous": link(page - 1) if page > 0 else None,
    }
    return json_response({"items": chunk, "_links": links})
