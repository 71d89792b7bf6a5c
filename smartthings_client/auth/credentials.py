"""Credentials: what kind of token the client holds, and how it reaches the ``Authorization`` header.

A credential knows its :class:`~smartthings_client.scopes.TokenKind` (the scope table says which kinds may call
which operation), the scopes it was granted where known (so a 403 can say exactly what is missing), and supplies an
``httpx.Auth`` flow that sets the Bearer header.  ``repr()`` never shows a token.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Iterable
from datetime import datetime, timedelta, timezone
from typing import Protocol, runtime_checkable

import attrs
import httpx

from .._defaults import TOKEN_ENV
from .._token_kind import TokenKind
from ..errors import NoCredentialsError

__all__ = [
    "DEFAULT_REFRESH_SKEW",
    "BearerAuth",
    "Credential",
    "PersonalAccessToken",
    "SmartAppToken",
    "TokenPair",
    "redact",
    "resolve_credential",
]

#: How long before expiry a refreshable token is refreshed (at most half its lifetime).
DEFAULT_REFRESH_SKEW = timedelta(minutes=5)


def redact(secret: str | None) -> str:
    """How secrets appear in reprs and messages: never any of their characters."""
    return "<none>" if not secret else "<redacted>"


@runtime_checkable
class Credential(Protocol):
    """What the client needs of a credential."""

    @property
    def kind(self) -> TokenKind: ...

    @property
    def description(self) -> str:
        """What people call this token, e.g. "personal access token" or "SmartApp EVENT token"."""
        ...

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        """The scopes the token carries, when known (None: unknown)."""
        ...

    def auth(self) -> httpx.Auth:
        """The httpx auth flow that puts the token on requests (and refreshes it, where it can)."""
        ...


class BearerAuth(httpx.Auth):
    """Sets ``Authorization: Bearer <token>`` on every request (the header is built once)."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def apply(self, headers: httpx.Headers) -> None:
        """Put the token in ``headers``: the whole flow (the library's clients put it in the headers they send to
        every request, once)."""
        headers["Authorization"] = self._header

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.apply(request.headers)
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(<redacted>)"


def _check_token(token: object) -> str:
    if not isinstance(token, str):
        raise TypeError(f"a token must be a str, not {type(token).__name__}")
    stripped = token.strip()
    if not stripped:
        raise ValueError("the token is empty")
    if stripped.lower().startswith("bearer "):
        raise ValueError("pass the token itself, without the 'Bearer ' prefix")
    if any(ch.isspace() for ch in stripped):
        raise ValueError("the token contains whitespace; was something pasted along with it?")
    return stripped


def _scopes(value: Iterable[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen(repr=False)
class PersonalAccessToken:
    """A personal access token (PAT) from https://account.smartthings.com/tokens.

    PATs created since 2024-12-30 last 24 hours; pass ``expires_at`` if you know it, and ``scopes`` (as chosen
    when creating it) so that scope errors can name exactly what is missing.
    """

    token: str = attrs.field(converter=_check_token)
    scopes: tuple[str, ...] | None = attrs.field(default=None, converter=_scopes)
    expires_at: datetime | None = None

    @property
    def kind(self) -> TokenKind:
        return TokenKind.PAT

    @property
    def description(self) -> str:
        return "personal access token"

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        return self.scopes

    def auth(self) -> httpx.Auth:
        return BearerAuth(self.token)

    def __repr__(self) -> str:
        return (
            f"PersonalAccessToken(token={redact(self.token)}, scopes={self.scopes!r}, expires_at={self.expires_at!r})"
        )


@attrs.frozen(repr=False)
class SmartAppToken:
    """A SmartApp token that this client will not refresh: an EVENT token, or an INSTALL/UPDATE token used as is.

    EVENT tokens (``event=True``) last 5 minutes, cannot be refreshed and must not be stored.  ``granted_scopes``
    are the ``installedApp.permissions`` of the lifecycle payload.
    """

    token: str = attrs.field(converter=_check_token)
    installed_app_id: str | None = None
    location_id: str | None = None
    scopes: tuple[str, ...] | None = attrs.field(default=None, converter=_scopes)
    expires_at: datetime | None = None
    event: bool = False

    @property
    def kind(self) -> TokenKind:
        return TokenKind.SMARTAPP

    @property
    def description(self) -> str:
        return "SmartApp EVENT token" if self.event else "SmartApp token"

    @property
    def granted_scopes(self) -> tuple[str, ...] | None:
        return self.scopes

    def auth(self) -> httpx.Auth:
        return BearerAuth(self.token)

    def __repr__(self) -> str:
        return (
            f"SmartAppToken(token={redact(self.token)}, installed_app_id={self.installed_app_id!r}, "
            f"location_id={self.location_id!r}, scopes={self.scopes!r}, event={self.event!r})"
        )


def _required_text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, not {type(value).__name__}")
    stripped = value.strip()
    if not stripped:
        raise ValueError(f"{name} is empty")
    return stripped


def _aware(value: object, name: str) -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None:
        raise ValueError(f"{name} must be timezone-aware (e.g. datetime.now(timezone.utc) + timedelta(hours=24))")
    return value.astimezone(timezone.utc)


@attrs.frozen(repr=False)
class TokenPair:
    """One access token with the refresh token that came with it; replaced as a whole on every refresh."""

    access_token: str
    refresh_token: str
    expires_at: datetime
    obtained_at: datetime | None = None
    """When the pair was issued, where known (it caps the refresh skew at half the token's lifetime)."""
    scopes: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"TokenPair(<redacted>, expires_at={self.expires_at.isoformat()}, scopes={self.scopes!r})"


def resolve_credential(token: str | Credential | None) -> Credential:
    """A ``str`` is a personal access token; ``None`` reads ``SMARTTHINGS_TOKEN``; a credential is used as is."""
    if token is None:
        from_env = os.environ.get(TOKEN_ENV, "").strip()
        if not from_env:
            raise NoCredentialsError(
                "no SmartThings token: pass one to the client (SmartThings(token)) or set the "
                f"{TOKEN_ENV} environment variable to a personal access token from "
                "https://account.smartthings.com/tokens"
            )
        return PersonalAccessToken(from_env)
    if isinstance(token, str):
        return PersonalAccessToken(token)
    if isinstance(token, Credential):
        return token
    raise TypeError(f"token must be a str or a credential, not {type(token).__name__}")
