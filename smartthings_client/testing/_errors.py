"""Errors raised inside route handlers and turned into responses shaped like the real API's (contract §3)."""

from __future__ import annotations

from typing import Any

JsonDict = dict[str, Any]


def detail(code: str, message: str, target: str | None = None) -> JsonDict:
    """Build one ``error.details[]`` entry (same shape as the top-level error, with empty details)."""
    entry: JsonDict = {"code": code, "message": message, "details": []}
    if target is not None:
        entry["target"] = target
    return entry


class ApiError(Exception):
    """An error answered with the standard envelope ``{requestId, error: {code, message, target?, details}}``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        target: str | None = None,
        details: list[JsonDict] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.target = target
        self.details = details if details is not None else []
        self.headers = headers or {}

    def body(self, request_id: str) -> JsonDict:
        """Return the JSON error envelope for this error."""
        error: JsonDict = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        error["details"] = self.details
        return {"requestId": request_id, "error": error}


class Forbidden(Exception):
    """A 403 answered with an EMPTY body, as the real API does for token-kind and scope failures (contract §3.1, §7).

    The reason travels only in the non-standard ``x-emulator-reason`` header, so a client cannot lean
    on it (the real API gives no reason) while a person debugging a test still can.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Unauthorized(ApiError):
    """A 401: missing, unknown, revoked or expired bearer token (JSON envelope, code ``UnauthorizedError``)."""

    def __init__(self, message: str) -> None:
        super().__init__(401, "UnauthorizedError", message)


class OAuthError(Exception):
    """An OAuth-protocol error body ``{"error", "error_description"}`` (token endpoint, authorize helpers)."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(f"{error}: {description}")
        self.status = status
        self.error = error
        self.description = description


class NotFound(ApiError, LookupError):
    """A 404 for an unknown id; also a ``LookupError`` for the Emulator's Python helpers."""


def not_found(what: str) -> NotFound:
    """Return the 404 used for unknown resource ids."""
    return NotFound(404, "NotFoundError", f"{what} not found")


def constraint(message: str, *details: JsonDict) -> ApiError:
    """Return a 422 ``ConstraintViolationError`` with the given details (the real command-error shape)."""
    return ApiError(422, "ConstraintViolationError", message, details=list(details))


def bad_request(message: str, *details: JsonDict) -> ApiError:
    """Return a 400 ``BadRequestError``."""
    return ApiError(400, "BadRequestError", message, details=list(details))
