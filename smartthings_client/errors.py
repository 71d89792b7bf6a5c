"""One typed error tree for everything the client raises.

Every error is a :class:`SmartThingsError`.  HTTP failures are :class:`APIStatusError` subclasses chosen by the
status code alone; the body (``{requestId, error: {code, message, target, details}}``, possibly empty, possibly an
HTML page) is parsed defensively and kept on the error.  A 401 or 403 is turned into a diagnosis that names the
operation, the token kind used, what the operation needs and the fix, because SmartThings itself often answers
403 with an empty body.

No error ever holds a token: errors keep the method, URL (which never carries credentials), response headers and
a bounded excerpt of the body, not the request.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import orjson

from ._token_kind import TokenKind

if TYPE_CHECKING:
    from .ratelimits import RateLimit
    from .scopes import OperationRule

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "ArgumentTypeError",
    "AuthenticationError",
    "BadRequestError",
    "ClientClosedError",
    "CommandArgumentError",
    "ConflictError",
    "ErrorDetail",
    "EventStreamError",
    "InvalidArgumentError",
    "LimitError",
    "MissingDependencyError",
    "MissingScopeError",
    "NoCredentialsError",
    "NotFoundError",
    "PaginationError",
    "RateLimitError",
    "ReauthorizationRequired",
    "ResponseDecodeError",
    "ScopeError",
    "ServerError",
    "SinkLimitError",
    "SinkSlotsTakenError",
    "SmartThingsError",
    "SubscriptionLimitError",
    "TokenKindError",
    "UnprocessableEntityError",
]

_BODY_EXCERPT = 500
# Error bodies are a few hundred bytes; a hostile or broken server may send megabytes or thousands of nesting
# levels.  Past these bounds the body is kept as text, never parsed (orjson also refuses nesting past 1024 levels
# with a JSONDecodeError, where json.loads would raise RecursionError).
_MAX_PARSED_BODY = 64 * 1024
_MAX_DETAIL_DEPTH = 8
_MAX_DETAILS = 50
_RETRY_IN_MILLIS = re.compile(r"retry in (\d+(?:\.\d+)?) ?millis", re.IGNORECASE)


class SmartThingsError(Exception):
    """Base class of every error raised by smartthings-client."""


class InvalidArgumentError(SmartThingsError, ValueError):
    """An argument that cannot be sent (an empty id, an id with ``/``, an out-of-range value...), refused before
    anything is sent.  Also a ``ValueError``, so code that catches either keeps working."""


class CommandArgumentError(InvalidArgumentError):
    """A device command that breaks its capability's definition (an unknown command, a wrong argument count, a
    value the schema refuses), refused before anything is sent.  ``argument`` is the position of the argument at
    fault, ``None`` when the command or the count is."""

    def __init__(self, message: str, *, capability: str, command: str, argument: int | None = None) -> None:
        super().__init__(message)
        self.capability = capability
        self.command = command
        self.argument = argument


class ArgumentTypeError(InvalidArgumentError, TypeError):
    """An argument of the wrong type (e.g. an ``int`` where an id ``str`` is needed); also a ``TypeError``."""


class MissingDependencyError(SmartThingsError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it
    (e.g. ``pip install 'smartthings-client[smartapp]'``).  Also an ``ImportError``."""


class ClientClosedError(SmartThingsError):
    """A call on a client after ``close()``/``aclose()`` or the end of its ``with`` block."""


class APIConnectionError(SmartThingsError):
    """The request did not get an HTTP answer: DNS, connect, TLS, a dropped connection or a protocol error.

    ``request_sent`` says whether the request may have reached the server; only requests that certainly did not
    are retried for non-idempotent methods.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str,
        url: str,
        operation: str | None = None,
        request_sent: bool = True,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.operation = operation
        self.request_sent = request_sent

    def __str__(self) -> str:
        where = f"{self.operation} ({self.method} {self.url})" if self.operation else f"{self.method} {self.url}"
        return f"{self.message} on {where}"


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or waiting for a pooled connection)."""


@attrs.frozen
class ErrorDetail:
    """One entry of ``error.details[]`` in a SmartThings error body (details may nest)."""

    code: str | None = None
    message: str | None = None
    target: str | None = None
    details: tuple[ErrorDetail, ...] = ()


class APIStatusError(SmartThingsError):
    """SmartThings answered with an error status (4xx or 5xx).

    Attributes mirror the SmartThings error body where it had one: ``code`` (e.g. ``ConstraintViolationError``),
    ``message``, ``target``, ``details`` and ``request_id`` (quote it to SmartThings support); and where the request
    went: ``method``, ``url`` and ``operation`` (this library's name for the call, e.g. ``devices.get``).
    """

    def __init__(
        self,
        *,
        status_code: int,
        method: str,
        url: str,
        operation: str | None = None,
        request_id: str | None = None,
        code: str | None = None,
        message: str | None = None,
        target: str | None = None,
        details: Sequence[ErrorDetail] = (),
        body: str = "",
        headers: Mapping[str, str] | None = None,
        explanation: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.method = method
        self.url = url
        self.operation = operation
        self.request_id = request_id
        self.code = code
        self.message = message
        self.target = target
        self.details = tuple(details)
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})
        self.explanation = explanation
        super().__init__(str(self))

    @property
    def detail_messages(self) -> list[str]:
        """Every message found in ``details[]``, depth first."""
        found: list[str] = []
        stack = list(reversed(self.details))
        while stack:
            detail = stack.pop()
            if detail.message:
                found.append(detail.message)
            stack.extend(reversed(detail.details))
        return found

    def __str__(self) -> str:
        where = f"{self.method} {self.url}"
        head = (
            f"{self.status_code} on {self.operation} ({where})" if self.operation else f"{self.status_code} on {where}"
        )
        parts = [head]
        if self.explanation:
            parts.append(self.explanation)
        said = ": ".join(p for p in (self.code, self.message) if p)
        if said:
            extra = [m for m in self.detail_messages if m and m != self.message]
            if self.target:
                said += f" (target {self.target})"
            if extra:
                said += " [" + "; ".join(extra[:3]) + "]"
            parts.append(f"SmartThings said {said}")
        elif not self.explanation and self.body:
            parts.append(f"body: {self.body[:200]}")
        if self.request_id:
            parts.append(f"request id {self.request_id}")
        return ". ".join(parts) if len(parts) > 1 else parts[0]


class BadRequestError(APIStatusError):
    """400: SmartThings rejected the request, usually a payload validation error."""


class AuthenticationError(APIStatusError):
    """401: the token is missing, malformed, expired or revoked."""


class ScopeError(APIStatusError):
    """403: the token is valid but not allowed to make this call.

    SmartThings also answers 403 for a resource that does not exist or that belongs to another location.  The
    subclasses say which of the two usual causes applies: :class:`TokenKindError` (this kind of token can never
    make the call) and :class:`MissingScopeError` (the token lacks a scope).
    """

    def __init__(
        self,
        *,
        token_kind: TokenKind | None = None,
        required: str | None = None,
        granted: Sequence[str] | None = None,
        preflight: bool = False,
        **kwargs: Any,
    ) -> None:
        self.token_kind = token_kind
        self.required = required
        self.granted = tuple(granted) if granted is not None else None
        self.preflight = preflight
        super().__init__(**kwargs)

    def __str__(self) -> str:
        if self.preflight:
            return f"{self.explanation} (refused before sending {self.method} {self.url})"
        return super().__str__()


class TokenKindError(ScopeError):
    """This kind of token can never make this call (e.g. a personal access token on subscriptions).

    Raised after a 403, or before sending when the client knows the answer will be 403 (``preflight`` is then
    true; switch it off with ``check_token_kind=False``).
    """


class MissingScopeError(ScopeError):
    """The token lacks a scope the call needs; ``missing`` lists what would satisfy it where known."""

    def __init__(self, *, missing: Sequence[str] = (), **kwargs: Any) -> None:
        self.missing = tuple(missing)
        super().__init__(**kwargs)


class NotFoundError(APIStatusError):
    """404: the path or resource does not exist."""


class ConflictError(APIStatusError):
    """409: the request conflicts with existing state, e.g. a duplicate subscription or schedule name."""


class SinkLimitError(ConflictError):
    """409 "Unable to create SinkFilter, threshold limit of 2 reached": SmartThings allows two event-stream sinks at
    a time, and this would be a third.  The explanation says what to do."""


_SINK_LIMIT = re.compile(r"threshold limit of \d+ reached", re.IGNORECASE)
_SINK_LIMIT_FIX = (
    "SmartThings allows 2 event-stream sinks at a time and both are taken, often by sinks that an earlier run "
    "created and never deleted (a crash, or Ctrl-C without cleanup); they count until SmartThings expires them, "
    "which takes up to 4-6 hours. Delete the sinks you know of (st.events.delete_sink(sink_id); events.watch() "
    "deletes the one it persisted at start), stop other programs streaming for this app and user, or wait and "
    "retry later"
)


class SinkSlotsTakenError(SinkLimitError):
    """The 2-sink limit, and the sinks holding both slots are not this program's: a device mirror deleted the
    sinks it owned (``deleted``) and SmartThings still refused a new one.  The explanation says what holds the
    slots and how to free them."""

    deleted: tuple[str, ...] = ()

    @classmethod
    def of(cls, error: SinkLimitError, *, deleted: tuple[str, ...]) -> SinkSlotsTakenError:
        """The limit error ``error``, explained for a mirror that deleted ``deleted`` (maybe none)."""
        freed = (
            f"The mirror deleted the {len(deleted)} sink(s) it had recorded and the limit was still reached, so "
            if deleted
            else "The mirror had no sink of its own recorded to delete, so "
        )
        explanation = (
            freed + "both slots are held by sinks it does not know: another program streaming for this app and "
            "user (a second mirror, Home Assistant, `smartthings-client events watch`), or an earlier run that kept "
            "its sink ids in another store (give every run the same FileSinkStore). Stop the other program, delete "
            "those sinks if you know their ids (st.events.delete_sink(sink_id)), or wait until SmartThings expires "
            "them (up to 4-6 hours)"
        )
        found = cls(
            status_code=error.status_code,
            method=error.method,
            url=error.url,
            operation=error.operation,
            request_id=error.request_id,
            code=error.code,
            message=error.message,
            target=error.target,
            details=error.details,
            body=error.body,
            headers=error.headers,
            explanation=explanation,
        )
        found.deleted = deleted
        return found


class UnprocessableEntityError(APIStatusError):
    """422: a valid request SmartThings cannot process, e.g. a constraint violation."""


class LimitError(UnprocessableEntityError):
    """422 with code ``LimitError``: a guardrail was reached (subscriptions, schedules, apps per account...)."""


class RateLimitError(APIStatusError):
    """429: rate limited.  ``retry_after`` is how long SmartThings asked to wait, in seconds, when it said."""

    def __init__(self, *, retry_after: float | None = None, **kwargs: Any) -> None:
        self.retry_after = retry_after
        super().__init__(**kwargs)


class ServerError(APIStatusError):
    """5xx: SmartThings failed; 502, 503 and 504 are retried for idempotent calls."""


class ResponseDecodeError(SmartThingsError):
    """A successful (2xx) response whose body could not be decoded into the expected type.

    ``body`` holds an excerpt of what came back; the original decoder exception is chained as ``__cause__``.
    """

    def __init__(
        self, reason: str, *, status_code: int, method: str, url: str, operation: str | None, body: str
    ) -> None:
        self.reason = reason
        self.status_code = status_code
        self.method = method
        self.url = url
        self.operation = operation
        self.body = body
        super().__init__(str(self))

    def __str__(self) -> str:
        excerpt = self.body[:120] + ("..." if len(self.body) > 120 else "")
        return (
            f"could not decode the {self.status_code} response of {self.operation or 'the request'} "
            f"({self.method} {self.url}): {self.reason}; body starts {excerpt!r}"
        )


class SubscriptionLimitError(SmartThingsError):
    """More subscriptions are wanted than an installed app may hold; raised before any of them is changed.

    ``wanted`` is how many were asked for, ``limit`` the guardrail checked against (SmartThings allows 20 per
    installed app).
    """

    def __init__(self, *, wanted: int, limit: int) -> None:
        self.wanted = wanted
        self.limit = limit
        super().__init__(
            f"{wanted} subscriptions are wanted but an installed app may hold {limit} (SmartThings' guardrail is 20 "
            "subscriptions per installed app); nothing was changed. Subscribe more broadly instead, e.g. one "
            "CAPABILITY subscription rather than a DEVICE subscription per device, or a DEVICE subscription with "
            "capability '*' rather than one per capability"
        )


class RateBudgetExceeded(SmartThingsError):
    """A call was not sent: it would exceed a client-side rate budget (``SmartThings(rate_limits="raise")``), or,
    with ``rate_limits="wait"``, the wait would be longer than the retry policy's ``max_wait``.

    ``retry_after`` is how long until the call may go, in seconds; ``limit`` the documented limit at stake (its
    ``source`` says where the number comes from); ``held`` is True when the budget is held because SmartThings
    answered 429 and asked for that wait.
    """

    def __init__(self, message: str, *, operation: str, retry_after: float, limit: RateLimit, held: bool) -> None:
        self.operation = operation
        self.retry_after = retry_after
        self.limit = limit
        self.held = held
        super().__init__(message)


class RateLimiterError(SmartThingsError):
    """The shared rate limiter (Redis) could not be reached, so the call was not sent."""


class NoCredentialsError(SmartThingsError):
    """No token was given and none could be found (``SMARTTHINGS_TOKEN``, the token store)."""


class EventStreamError(SmartThingsError):
    """The event stream could not be used: a ``registrationUrl`` on a host the token must not be sent to, an answer
    that is not an event stream, or a sink answer without its id or URL."""


class PaginationError(SmartThingsError):
    """A next-page link could not be followed safely (another origin, not a URL, or a loop)."""


class ReauthorizationRequired(SmartThingsError):
    """The refresh token was refused (``invalid_grant``): the grant is gone and a person must authorise again.

    This is terminal: the client does not retry, and nothing stored is deleted, so the stored tokens can still
    be inspected.  ``how_to_fix`` says what to do for this kind of credential.
    """

    def __init__(self, message: str, *, how_to_fix: str, installed_app_id: str | None = None) -> None:
        self.message = message
        self.how_to_fix = how_to_fix
        self.installed_app_id = installed_app_id
        super().__init__(f"{message} {how_to_fix}")


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: ScopeError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


@attrs.frozen
class ParsedErrorBody:
    """What could be read out of an error body; every field may be missing."""

    request_id: str | None = None
    code: str | None = None
    message: str | None = None
    target: str | None = None
    details: tuple[ErrorDetail, ...] = ()
    text: str = ""


def _as_str(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def _parse_details(raw: object, depth: int = 0) -> tuple[ErrorDetail, ...]:
    if not isinstance(raw, list) or depth > _MAX_DETAIL_DEPTH:
        return ()
    parsed = []
    for item in raw[:_MAX_DETAILS]:
        if isinstance(item, Mapping):
            parsed.append(
                ErrorDetail(
                    code=_as_str(item.get("code")),
                    message=_as_str(item.get("message")),
                    target=_as_str(item.get("target")),
                    details=_parse_details(item.get("details"), depth + 1),
                )
            )
    return tuple(parsed)


def parse_error_body(content: bytes, content_type: str = "") -> ParsedErrorBody:
    """Read a SmartThings error body defensively: JSON envelope, OAuth error, empty, HTML or plain text."""
    text = content[:_BODY_EXCERPT].decode("utf-8", "replace").strip() if content else ""
    if not content.strip():
        return ParsedErrorBody()
    try:
        if len(content) > _MAX_PARSED_BODY:
            raise ValueError("too large to parse")
        data = orjson.loads(content)
    except (ValueError, RecursionError):
        if "html" in content_type or text.lstrip().lower().startswith(("<!doctype", "<html")):
            title = re.search(r"<title>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
            return ParsedErrorBody(message=title.group(1).strip() if title else "HTML error page", text=text)
        return ParsedErrorBody(message=text[:200] or None, text=text)
    if not isinstance(data, Mapping):
        return ParsedErrorBody(text=text)
    error = data.get("error")
    if isinstance(error, Mapping):
        return ParsedErrorBody(
            request_id=_as_str(data.get("requestId")),
            code=_as_str(error.get("code")),
            message=_as_str(error.get("message")),
            target=_as_str(error.get("target")),
            details=_parse_details(error.get("details")),
            text=text,
        )
    if isinstance(error, str):  # OAuth token endpoint: {"error": "invalid_grant", "error_description": ...}
        return ParsedErrorBody(code=error, message=_as_str(data.get("error_description")), text=text)
    return ParsedErrorBody(
        request_id=_as_str(data.get("requestId")),
        code=_as_str(data.get("code")),
        message=_as_str(data.get("message")),
        text=text,
    )


def retry_after_from_body(parsed: ParsedErrorBody) -> float | None:
    """The wait in seconds from a 429 body's ``retry in N millis`` text, if any."""
    candidates = [parsed.message or "", *_all_detail_messages(parsed.details)]
    for text in candidates:
        match = _RETRY_IN_MILLIS.search(text)
        if match:
            return float(match.group(1)) / 1000.0
    return None


def retry_after_from_headers(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """The wait in seconds from ``x-ratelimit-reset`` (seconds) or ``Retry-After`` (seconds or an HTTP date)."""
    reset = headers.get("x-ratelimit-reset")
    if reset:
        try:
            seconds = float(reset)
        except ValueError:
            seconds = -1.0
        if seconds >= 0:
            # Some gateways send the reset instant as epoch seconds rather than a countdown.
            if seconds > 1e9:
                seconds -= now if now is not None else time.time()
            return max(0.0, seconds)
    retry_after = headers.get("retry-after")
    if retry_after:
        try:
            return max(0.0, float(retry_after))
        except ValueError:
            pass
        from email.utils import parsedate_to_datetime  # an HTTP date is rare: the email package loads only then

        try:
            when = parsedate_to_datetime(retry_after)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return max(0.0, when.timestamp() - (now if now is not None else time.time()))
    return None


def _all_detail_messages(details: Iterable[ErrorDetail]) -> list[str]:
    out: list[str] = []
    for detail in details:
        if detail.message:
            out.append(detail.message)
        out.extend(_all_detail_messages(detail.details))
    return out


@attrs.frozen
class CallerContext:
    """What the client knows about the caller when it turns a 401/403 into a diagnosis."""

    token_kind: TokenKind | None = None
    token_description: str | None = None
    granted: tuple[str, ...] | None = None
    # Where the credential knows them (SmartApp tokens): its location, and whether it is a 5-minute EVENT token.
    location_id: str | None = None
    event_token: bool = False


def _unauthorized_explanation(operation: str | None, caller: CallerContext) -> str:

    subject = caller.token_description or (caller.token_kind.label if caller.token_kind else "token")
    if caller.event_token:
        cause = (
            "EVENT tokens last 5 minutes and cannot be refreshed; for work after the event, use the INSTALL/UPDATE "
            "token pair stored for this installed app, which refreshes itself: "
            "SmartThings(RefreshableToken.from_store(store, installed_app_id))"
        )
    elif caller.token_kind is TokenKind.PAT:
        cause = (
            "personal access tokens created since 2024-12-30 last only 24 hours; create a new one at "
            "https://account.smartthings.com/tokens, or use OAuth (`smartthings-client auth login`) for a token "
            "that refreshes itself"
        )
    elif caller.token_kind is TokenKind.SMARTAPP:
        cause = (
            "SmartApp tokens from INSTALL/UPDATE last 24 hours and must be refreshed with the refresh token, "
            "and EVENT tokens last 5 minutes and cannot be refreshed"
        )
    else:
        cause = "check that the token is complete and has not expired"
    what = f"{operation} was refused" if operation else "The request was refused"
    return f"{what}: SmartThings did not accept the {subject} (expired, revoked or malformed); {cause}"


def _other_location(rule: OperationRule, caller: CallerContext, ids: Mapping[str, str] | None, used: str) -> str | None:
    """For a SmartApp token that knows its location: the cause and fix of a 403 on another location's resource."""

    own = caller.location_id
    # Calls on an installed app's own resources (subscriptions, schedules...) fail for another reason: the token
    # belongs to another installed app; the generic explanation says so.
    if caller.token_kind is not TokenKind.SMARTAPP or not own or "installedAppId" in (ids or {}):
        return None
    fix = (
        "use the token of this app's installation in that location (each installation has its own token), or a "
        "personal access token of an account that can see it"
    )
    target = (ids or {}).get("locationId")
    if target and target != own:
        return (
            f"{rule.name} was refused because the {used} belongs to location {own} and this call is on location "
            f"{target}: a SmartApp token reaches only its own installed app's location. Fix: {fix}"
        )
    if target:
        return None
    return (
        f"{rule.name} was refused: the {used} reaches only location {own}, so the resource is most likely in "
        f"another location (SmartThings answers 403, not 404, for another location's resources and for ids that "
        f"do not exist). Fix: check the id, then {fix}"
    )


def _forbidden(
    parsed: ParsedErrorBody,
    rule: OperationRule | None,
    caller: CallerContext,
    ids: Mapping[str, str] | None,
    variant: str | None,
    common: dict[str, Any],
) -> ScopeError:
    kind = caller.token_kind
    base: dict[str, Any] = {"token_kind": kind, "granted": caller.granted, **common}
    if rule is None:
        return ScopeError(
            explanation="the token is not allowed to make this call (or the resource does not exist)", **base
        )
    requirement = rule.requirement_text(ids, variant)
    base["required"] = requirement
    if kind is not None and not rule.accepts(kind):
        return TokenKindError(explanation=rule.token_kind_fix(kind), **base)
    granted_text = ", ".join(caller.granted) if caller.granted else None
    used = caller.token_description or (kind.label if kind else "token")
    if caller.granted is not None:
        implicit = kind is not None and kind in rule.scopes_implicit_for
        missing = None if implicit else rule.missing(caller.granted, ids, variant)
        if missing:
            names = ", ".join(_with_other_spelling(str(s)) for s in missing)
            return MissingScopeError(
                missing=[str(s) for s in missing],
                explanation=(
                    f"{rule.name} needs {requirement}; the {used} was granted {granted_text or 'no scopes'}, "
                    f"so it lacks {names}. {rule.fix or _scope_fix(kind)}"
                ),
                **base,
            )
    elsewhere = _other_location(rule, caller, ids, used)
    if elsewhere and (caller.granted is not None or not rule.scopes):
        return ScopeError(explanation=elsewhere, **base)
    if caller.granted is not None:
        return ScopeError(
            explanation=(
                f"{rule.name} needs {requirement} and the {used} has it ({granted_text or 'implicitly'}); "
                "SmartThings also answers 403 when the resource does not exist, belongs to another location, "
                "or (for a SmartApp token) belongs to another installed app"
            ),
            **base,
        )
    if not rule.scopes:
        return ScopeError(
            explanation=(
                f"{rule.name} was refused for the {used}: it needs no scope, so the token must belong to this "
                "installed app and location (use the installed_app_id that came with the token)"
            ),
            **base,
        )
    return MissingScopeError(
        missing=[],
        explanation=(
            f"{rule.name} needs {requirement}; the {used} probably lacks it (its scopes are not known to the "
            f"client). {rule.fix or _scope_fix(kind)}"
        ),
        **base,
    )


def _with_other_spelling(text: str) -> str:
    """A scope with its second spelling, since users mix up `i:deviceprofiles` and `i:deviceprofiles:*`."""
    parts = text.split(":")
    if len(parts) == 2:
        return f"{text} (also spelled {text}:*, the same grant)"
    if len(parts) == 3 and parts[2] == "*":
        return f"{text} (also spelled {parts[0]}:{parts[1]}, the same grant)"
    return text


def _scope_fix(kind: TokenKind | None) -> str:

    if kind is TokenKind.SMARTAPP:
        return (
            "Whitelist the scope for the app in the Developer Workspace, request it in the INITIALIZE "
            "permissions, and have the user update the installed app."
        )
    return "Create a personal access token with that scope at https://account.smartthings.com/tokens."


def error_from_response(
    *,
    status_code: int,
    headers: Mapping[str, str],
    content: bytes,
    method: str,
    url: str,
    operation: str | None = None,
    rule: OperationRule | None = None,
    caller: CallerContext | None = None,
    ids: Mapping[str, str] | None = None,
    variant: str | None = None,
    limit_hint: str | None = None,
) -> APIStatusError:
    """The one place that turns an error response into a typed error."""
    caller = caller or CallerContext()
    parsed = parse_error_body(content, headers.get("content-type", ""))
    common: dict[str, Any] = {
        "status_code": status_code,
        "method": method,
        "url": url,
        "operation": operation,
        "request_id": parsed.request_id or headers.get("x-request-id"),
        "code": parsed.code,
        "message": parsed.message,
        "target": parsed.target,
        "details": parsed.details,
        "body": parsed.text,
        "headers": headers,
    }
    if status_code == 403:
        return _forbidden(parsed, rule, caller, ids, variant, common)
    if status_code == 401:
        return AuthenticationError(explanation=_unauthorized_explanation(operation, caller), **common)
    if status_code == 429:
        retry_after = retry_after_from_headers(headers)
        if retry_after is None:
            retry_after = retry_after_from_body(parsed)
        wait = f"; it asked to wait {retry_after:.1f} s" if retry_after is not None else ""
        return RateLimitError(retry_after=retry_after, explanation=f"rate limited by SmartThings{wait}", **common)
    if status_code == 409 and _SINK_LIMIT.search(parsed.message or ""):
        return SinkLimitError(explanation=_SINK_LIMIT_FIX, **common)
    if status_code == 422 and parsed.code == "LimitError":
        return LimitError(explanation=limit_hint, **common)
    cls = _STATUS_CLASSES.get(status_code)
    if cls is None:
        cls = ServerError if status_code >= 500 else APIStatusError
    explanation = None
    if not parsed.code and not parsed.message:
        explanation = "SmartThings returned no error details" if not parsed.text else None
    return cls(explanation=explanation, **common)
