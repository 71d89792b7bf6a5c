"""What the control API and ``smartthings-client emulator`` both take: faults, rate limits and times, read from JSON
(or from the command line's short specs, turned into the same JSON) and checked field by field."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any, cast

from ._emulator import Emulator
from ._faults import FAULT_KINDS, Fault

__all__ = [
    "Args",
    "ControlError",
    "JsonObject",
    "add_fault",
    "bad_argument",
    "parse_fault_spec",
    "parse_rate_limit_spec",
    "parse_time",
    "set_rate_limits",
]

JsonObject = dict[str, Any]


class ControlError(Exception):
    """A control call that cannot be carried out: answered as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def bad_argument(message: str) -> ControlError:
    return ControlError(400, "invalid_argument", message)


# --- reading JSON arguments --------------------------------------------------------------------------------------


class Args:
    """A JSON object's fields, type-checked one by one; unknown keys are refused, so a typo is not ignored."""

    def __init__(self, body: JsonObject, allowed: tuple[str, ...]) -> None:
        unknown = sorted(set(body) - set(allowed))
        if unknown:
            raise bad_argument(f"unknown field(s) {', '.join(unknown)}; expected some of {', '.join(allowed)}")
        self._body = body

    def has(self, key: str) -> bool:
        return key in self._body and self._body[key] is not None

    def raw(self, key: str) -> Any:
        return self._body.get(key)

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self._body.get(key)
        if value is None:
            return default
        if not isinstance(value, str) or not value:
            raise bad_argument(f"{key} must be a non-empty string")
        return value

    def required_text(self, key: str) -> str:
        value = self.text(key)
        if value is None:
            raise bad_argument(f"{key} is required")
        return value

    def integer(self, key: str, default: int | None = None) -> int | None:
        value = self._body.get(key)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            raise bad_argument(f"{key} must be an integer")
        return value

    def number(self, key: str, default: float | None = None) -> float | None:
        value = self._body.get(key)
        if value is None:
            return default
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise bad_argument(f"{key} must be a number")
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self._body.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise bad_argument(f"{key} must be true or false")
        return value

    def texts(self, key: str) -> list[str] | None:
        value = self._body.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            return value.split()
        if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
            raise bad_argument(f"{key} must be a list of strings (or one space-separated string)")
        return list(value)

    def obj(self, key: str) -> JsonObject | None:
        value = self._body.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise bad_argument(f"{key} must be a JSON object")
        return value


# --- the settings both the command line and the control API take --------------------------------------------------

_FAULT_FIELDS = (
    "kind", "count", "method", "path", "pathRegex", "status", "seconds", "error", "processed", "retryMillis"
)  # fmt: skip


def add_fault(emulator: Emulator, body: JsonObject) -> Fault:
    """Add the fault a control call or a ``--fault`` spec describes."""
    args = Args(body, _FAULT_FIELDS)
    kind = args.required_text("kind")
    if kind not in FAULT_KINDS:
        raise bad_argument(f"unknown fault kind {kind!r}; expected one of {', '.join(sorted(FAULT_KINDS))}")
    path: str | re.Pattern[str] | None = args.text("path")
    regex = args.text("pathRegex")
    if regex is not None:
        if path is not None:
            raise bad_argument("give path (a substring) or pathRegex (a regular expression), not both")
        try:
            path = re.compile(regex)
        except re.error as failure:
            raise bad_argument(f"pathRegex is not a regular expression: {failure}") from None
    error = args.text("error", "remote_protocol")
    if error not in ("remote_protocol", "connect"):
        raise bad_argument("error must be remote_protocol or connect")
    try:
        return emulator.faults.add(
            cast(Any, kind),
            args.integer("count", 1) or 0,
            args.text("method"),
            path,
            status=args.integer("status"),
            seconds=args.number("seconds", 1.0) or 0.0,
            error=cast(Any, error),
            processed=args.flag("processed", False),
            retry_millis=args.integer("retryMillis", 1000) or 0,
        )
    except ValueError as failure:
        raise bad_argument(str(failure)) from None


def parse_fault_spec(spec: str) -> JsonObject:
    """``KIND[,key=value...]`` (the ``--fault`` option) as the JSON body of ``POST /_emulator/faults``.

    ``server_error,count=3,path=/devices,status=502``: numbers and true/false are converted, the rest are strings.
    """
    items = [item.strip() for item in spec.split(",") if item.strip()]
    if not items:
        raise ValueError("a fault spec is empty; e.g. server_error,count=2,path=/devices")
    body: JsonObject = {}
    for index, item in enumerate(items):
        key, sep, value = item.partition("=")
        if not sep:
            if index:
                raise ValueError(f"fault spec {spec!r}: {item!r} is not key=value (only the kind may stand alone)")
            body["kind"] = key
            continue
        body[key.strip()] = _scalar(value.strip())
    return body


def _scalar(text: str) -> Any:
    if text in ("true", "false"):
        return text == "true"
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def parse_rate_limit_spec(spec: str) -> JsonObject:
    """``LIMIT/SECONDS[/token|device]`` (the ``--rate-limits`` option) as the body of ``PUT /_emulator/rate-limits``."""
    parts = spec.split("/")
    try:
        if len(parts) not in (2, 3):
            raise ValueError
        body: JsonObject = {"enabled": True, "limit": int(parts[0]), "window": float(parts[1])}
    except ValueError:
        raise ValueError(f"rate limits {spec!r}: expected LIMIT/SECONDS[/token|device], e.g. 10/60") from None
    if len(parts) == 3:
        body["per"] = parts[2]
    return body


def set_rate_limits(emulator: Emulator, body: JsonObject) -> None:
    """Enable (with the given settings) or disable the emulator's rate limits."""
    args = Args(body, ("enabled", "documented", "limit", "window", "per", "paths"))
    if not args.flag("enabled", True):
        emulator.rate_limits.disable()
        return
    if args.flag("documented", False):  # SmartThings' own limits, as the client's table documents them
        emulator.rate_limits.enable_documented()
        return
    per = args.text("per", "token")
    if per not in ("token", "device"):
        raise bad_argument("per must be token or device")
    try:
        emulator.rate_limits.enable(
            limit=args.integer("limit", 10) or 0,
            window=args.number("window", 60.0) or 0.0,
            per=cast(Any, per),
            paths=cast("list[str | re.Pattern[str]] | None", args.texts("paths")),
        )
    except ValueError as failure:
        raise bad_argument(str(failure)) from None


def parse_time(value: str | float) -> float:
    """Epoch seconds, or an ISO 8601 time (``2025-03-01T12:00:00Z``; no zone means UTC)."""
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except ValueError:
        pass
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)
    except ValueError:
        raise ValueError(f"{value!r} is neither epoch seconds nor an ISO 8601 time like 2025-03-01T12:00:00Z") from None
    return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).timestamp()
