"""Access tokens, refresh tokens and authorization codes, with lifetimes from the contract (§6.1, §6.2).

Token kinds (contract §7):

* ``pat``       personal access token: account-wide, scopes chosen at creation, 24 h.
* ``smartapp``  ``authToken`` of an INSTALL/UPDATE payload: installed-app scoped, 24 h, refreshable.
* ``event``     ``authToken`` of an EVENT payload: installed-app scoped, 5 minutes, no refresh token.
* ``oauth``     OAuth-In (API_ONLY) access token from ``/oauth/token``: installed-app scoped, 24 h.
* ``classic``   a token of the classic (graph.api) OAuth flow; only the classic origin accepts it.
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from dataclasses import dataclass, field

PAT = "pat"
SMARTAPP = "smartapp"
EVENT = "event"
OAUTH = "oauth"
CLASSIC = "classic"
#: Kinds bound to one installed app and its location ("SmartApp / OAuth-In token" in contract §7).
APP_KINDS = frozenset({SMARTAPP, EVENT, OAUTH})

ACCESS_LIFETIME = 24 * 3600.0
EVENT_LIFETIME = 5 * 60.0
REFRESH_LIFETIME = 30 * 24 * 3600.0
CODE_LIFETIME = 10 * 60.0
#: What the token endpoint reports: "typically 86399 seconds" (contract §6.1).
EXPIRES_IN = 86399
#: Classic tokens were issued for about 50 years.
CLASSIC_LIFETIME = 1576799999.0


class TokenTaken(ValueError):
    """A chosen token value that is already issued."""


@dataclass
class AccessToken:
    """One bearer token and what it may do."""

    value: str
    kind: str
    scopes: tuple[str, ...]
    issued_at: float
    expires_at: float
    installed_app_id: str | None = None
    location_id: str | None = None
    client_id: str | None = None
    revoked: bool = False


@dataclass
class RefreshToken:
    """A single-use refresh token: using it (or an UPDATE) retires it."""

    value: str
    client_id: str
    installed_app_id: str
    scopes: tuple[str, ...]
    expires_at: float
    used: bool = False


@dataclass
class AuthCode:
    """An authorization code from the authorize step, single use, 10 minutes."""

    value: str
    client_id: str
    redirect_uri: str
    installed_app_id: str | None
    scopes: tuple[str, ...]
    expires_at: float
    used: bool = False
    classic: bool = False


@dataclass
class TokenStore:
    """All credentials the emulator has issued (guarded by the emulator's lock)."""

    access: dict[str, AccessToken] = field(default_factory=dict)
    refresh: dict[str, RefreshToken] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)

    def issue(
        self,
        kind: str,
        scopes: tuple[str, ...],
        now: float,
        lifetime: float,
        *,
        installed_app_id: str | None = None,
        location_id: str | None = None,
        client_id: str | None = None,
        value: str | None = None,
    ) -> AccessToken:
        """Create and remember an access token (``value`` chooses it, e.g. a PAT that scripts hard-code)."""
        if value is not None and value in self.access:
            raise TokenTaken("that token value is already issued")
        if value is None:
            value = _event_jwt(installed_app_id, now + lifetime) if kind == EVENT else str(uuid.uuid4())
        token = AccessToken(
            value=value,
            kind=kind,
            scopes=scopes,
            issued_at=now,
            expires_at=now + lifetime,
            installed_app_id=installed_app_id,
            location_id=location_id,
            client_id=client_id,
        )
        self.access[value] = token
        return token

    def issue_refresh(self, client_id: str, installed_app_id: str, scopes: tuple[str, ...], now: float) -> RefreshToken:
        """Create a refresh token valid for 30 days."""
        token = RefreshToken(
            value=str(uuid.uuid4()),
            client_id=client_id,
            installed_app_id=installed_app_id,
            scopes=scopes,
            expires_at=now + REFRESH_LIFETIME,
        )
        self.refresh[token.value] = token
        return token

    def revoke_installed_app(self, installed_app_id: str) -> None:
        """Invalidate every token and refresh token of an installed app (UNINSTALL, delete)."""
        for token in self.access.values():
            if token.installed_app_id == installed_app_id:
                token.revoked = True
        for refresh in self.refresh.values():
            if refresh.installed_app_id == installed_app_id:
                refresh.used = True

    def retire_refresh_tokens(self, installed_app_id: str) -> None:
        """Make the installed app's outstanding refresh tokens unusable (an UPDATE rotates them)."""
        for refresh in self.refresh.values():
            if refresh.installed_app_id == installed_app_id:
                refresh.used = True


def _event_jwt(installed_app_id: str | None, expires_at: float) -> str:
    """EVENT tokens are long JWTs (~800 characters, contract §6.2); imitate the shape, not the crypto."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "RS256", "typ": "JWT", "kid": "emulator"}).encode())
    claims = {
        "iss": "https://auth-global.api.smartthings.com",
        "aud": "smartthings-emulator",
        "installed_app_id": installed_app_id,
        "exp": int(expires_at),
        "jti": str(uuid.uuid4()),
        "nonce": secrets.token_hex(96),
    }
    payload = b64(json.dumps(claims).encode())
    signature = b64(secrets.token_bytes(256))
    return f"{header}.{payload}.{signature}"
