"""A call given by method and path (``smartthings-client api GET /devices``), matched to the declared operations.

The path is matched to :data:`~smartthings_client.scopes.OPERATIONS`, so the call is sent as that operation: a
token kind that can never make it is refused before sending, and a 403 names the operation and its scopes.  A path
that matches nothing is still sent (the API has more than the client declares), as an operation without a rule.
Either way it is an ordinary :class:`~smartthings_client._operation.Operation`, run by the client's transport with
its retries, token refresh and typed errors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import attrs

from ._operation import Operation
from .errors import InvalidArgumentError
from .scopes import OPERATIONS, OperationRule

__all__ = ["METHODS", "ApiCall", "api_call", "match_operation", "methods_for_path"]

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


@attrs.frozen
class _Template:
    rule: OperationRule
    pattern: re.Pattern[str]
    names: tuple[str, ...]
    specificity: tuple[int, int]
    """Fewer placeholders first, then more literal text: ``/devices/status`` beats ``/devices/{deviceId}``."""


def _compile(rule: OperationRule) -> _Template:
    pieces = _PLACEHOLDER.split(rule.path)
    literals, names = pieces[0::2], tuple(pieces[1::2])
    # A trailing slash is tolerated; a placeholder is one whole segment.
    regex = re.compile("([^/]+)".join(re.escape(literal) for literal in literals) + "/?")
    return _Template(rule, regex, names, (len(names), -sum(len(literal) for literal in literals)))


@functools.cache
def _templates() -> tuple[_Template, ...]:
    return tuple(sorted((_compile(rule) for rule in OPERATIONS.values()), key=lambda t: t.specificity))


def _matches(path: str, *, on_origin: bool) -> list[tuple[_Template, re.Match[str]]]:
    found = []
    for template in _templates():
        if template.rule.on_origin != on_origin:
            continue
        match = template.pattern.fullmatch(path)
        if match:
            found.append((template, match))
    return found


def match_operation(method: str, path: str, *, on_origin: bool = False) -> tuple[OperationRule, dict[str, str]] | None:
    """The declared operation that ``method path`` makes, with the ids its placeholders hold, or ``None``.

    ``path`` is relative to the ``/v1`` base URL (or, with ``on_origin``, to the API origin) and has no query.
    Literal segments win over placeholders (``/devices/status`` is not ``/devices/{deviceId}``).
    """
    wanted = method.upper()
    for template, match in _matches(path, on_origin=on_origin):
        if template.rule.method == wanted:
            return template.rule, {
                name: unquote(value) for name, value in zip(template.names, match.groups(), strict=True)
            }
    return None


def methods_for_path(path: str, *, on_origin: bool = False) -> tuple[str, ...]:
    """The methods declared for ``path`` (for saying "this path is known for GET and DELETE")."""
    return tuple(dict.fromkeys(template.rule.method for template, _ in _matches(path, on_origin=on_origin)))


@attrs.frozen
class ApiCall:
    """A call by method and path, resolved: the operation to send, and where its path was matched."""

    operation: Operation[Any]
    path: str
    """The path relative to where it is sent (the base URL, or the origin for ``on_origin``), without a query."""

    @property
    def rule(self) -> OperationRule | None:
        """The declared operation the call was matched to (``None`` when it matches none)."""
        return self.operation.rule

    def unmatched_note(self) -> str:
        """For a call that matched no declared operation: one sentence saying so (and which methods the path has)."""
        if self.rule is not None:
            return ""
        method = self.operation.method
        known = methods_for_path(self.path, on_origin=self.operation.on_origin)
        if known:
            return (
                f"{method} {self.path} matches no operation the client knows, but the path is known for "
                f"{', '.join(known)}"
            )
        return (
            f"{method} {self.path} matches no operation the client knows (`smartthings-client scopes explain` "
            "lists them), so no scope explanation is possible"
        )


def _identity(data: Any) -> Any:
    return data


def api_call(
    method: str,
    path: str,
    *,
    base_path: str = "/v1",
    params: Sequence[tuple[str, str]] = (),
    json: Any = None,
    headers: Mapping[str, str] | None = None,
) -> ApiCall:
    """Resolve ``method path`` (with or without the base URL's path, ``/v1``; a query in it is kept) into the
    operation the transport sends, its answer decoded as plain JSON (``None`` for an empty body).

    Raises :class:`~smartthings_client.errors.InvalidArgumentError` for an unknown method, a URL instead of a path,
    or a path with whitespace or control characters.
    """
    verb = method.upper() if isinstance(method, str) else method
    if verb not in METHODS:
        raise InvalidArgumentError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    if not isinstance(path, str) or not path.strip():
        raise InvalidArgumentError("give a path such as /devices")
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or path.startswith("//"):
        raise InvalidArgumentError(
            f"give a path such as /devices, not a URL ({path!r}); --base-url chooses the API to call"
        )
    if _CONTROL.search(path):
        raise InvalidArgumentError(f"the path {path!r} contains whitespace or control characters")
    if parts.fragment:
        raise InvalidArgumentError(f"the path {path!r} has a fragment ('#'), which is never sent")
    relative = parts.path if parts.path.startswith("/") else f"/{parts.path}"
    base = base_path.rstrip("/")
    given_on_base = bool(base) and (relative == base or relative.startswith(f"{base}/"))
    if given_on_base:
        relative = relative[len(base) :] or "/"
    found = match_operation(verb, relative)
    on_origin = False
    if found is None and not given_on_base:
        # Without /v1 the path may also be one of the few operations on the API origin (the SSE sinks API).
        found = match_operation(verb, relative, on_origin=True)
        on_origin = found is not None
    query = tuple(parse_qsl(parts.query, keep_blank_values=True)) + tuple(params)
    rule, ids = found if found is not None else (None, None)
    operation: Operation[Any] = Operation(
        rule.name if rule is not None else f"{verb} {relative}",
        verb,
        relative,
        _identity,
        params=query or None,
        json=json,
        headers=dict(headers) if headers else None,
        ids=ids or None,
        empty_ok=True,
        rule=rule,
        on_origin=on_origin,
    )
    return ApiCall(operation, relative)
