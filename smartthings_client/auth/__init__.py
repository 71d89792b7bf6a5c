"""Credentials and the token lifecycle.

* Credential kinds: :class:`PersonalAccessToken`, :class:`SmartAppToken` (including the 5-minute EVENT token) and
  :class:`RefreshableToken` (INSTALL/UPDATE and OAuth-In tokens that refresh themselves).
* Token stores: :class:`TokenStore` (the contract), :class:`MemoryTokenStore`, :class:`FileTokenStore`,
  :class:`RedisTokenStore` (many machines; ``pip install smartthings-client[redis]``).
* SmartApp lifecycle payloads: :func:`parse_lifecycle`, :func:`credential_from_lifecycle` (and its async twin);
  a client from one: ``SmartThings.from_lifecycle``.
* The OAuth-In authorization-code flow: :func:`authorize_url`, :func:`parse_redirect`, :func:`exchange_code`,
  :func:`async_exchange_code`, :func:`login`; keeping refresh tokens alive: :func:`keepalive`.
* The classic graph flow: :mod:`smartthings_client.auth.classic`.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from . import classic
    from ._endpoint import DEFAULT_TOKEN_URL, LEGACY_TOKEN_URL, TokenSource
    from .credentials import (
        DEFAULT_REFRESH_SKEW,
        BearerAuth,
        Credential,
        PersonalAccessToken,
        SmartAppToken,
        TokenPair,
        resolve_credential,
    )
    from .keepalive import KeepaliveReport, keepalive
    from .lifecycle import (
        LifecyclePayloadError,
        LifecycleRequest,
        acredential_from_lifecycle,
        credential_from_lifecycle,
        parse_lifecycle,
    )
    from .oauth import (
        AuthorizationError,
        AuthorizationRequest,
        async_exchange_code,
        authorize_url,
        exchange_code,
        login,
        parse_redirect,
    )
    from .redis_store import RedisTokenStore
    from .refresh import RefreshableToken, RefreshAuth
    from .stores import (
        AsyncTokenStore,
        FileTokenStore,
        MemoryTokenStore,
        StoredToken,
        TokenStore,
        TokenStoreError,
        VersionedTokenStore,
        default_token_dir,
    )

# Where each public name lives; imported on first use (see smartthings_client/_lazy.py).
_EXPORTS = {
    "": ("classic",),
    "._endpoint": ("DEFAULT_TOKEN_URL", "LEGACY_TOKEN_URL", "TokenSource"),
    ".credentials": (
        "DEFAULT_REFRESH_SKEW",
        "BearerAuth",
        "Credential",
        "PersonalAccessToken",
        "SmartAppToken",
        "TokenPair",
        "resolve_credential",
    ),
    ".keepalive": ("KeepaliveReport", "keepalive"),
    ".lifecycle": (
        "LifecyclePayloadError",
        "LifecycleRequest",
        "acredential_from_lifecycle",
        "credential_from_lifecycle",
        "parse_lifecycle",
    ),
    ".oauth": (
        "AuthorizationError",
        "AuthorizationRequest",
        "async_exchange_code",
        "authorize_url",
        "exchange_code",
        "login",
        "parse_redirect",
    ),
    ".redis_store": ("RedisTokenStore",),
    ".refresh": ("RefreshableToken", "RefreshAuth"),
    ".stores": (
        "AsyncTokenStore",
        "FileTokenStore",
        "MemoryTokenStore",
        "StoredToken",
        "TokenStore",
        "TokenStoreError",
        "VersionedTokenStore",
        "default_token_dir",
    ),
}

lazy_exports(__name__, _EXPORTS)

__all__ = [
    "DEFAULT_REFRESH_SKEW",
    "DEFAULT_TOKEN_URL",
    "LEGACY_TOKEN_URL",
    "AsyncTokenStore",
    "AuthorizationError",
    "AuthorizationRequest",
    "BearerAuth",
    "Credential",
    "FileTokenStore",
    "KeepaliveReport",
    "LifecyclePayloadError",
    "LifecycleRequest",
    "MemoryTokenStore",
    "PersonalAccessToken",
    "RedisTokenStore",
    "RefreshAuth",
    "RefreshableToken",
    "SmartAppToken",
    "StoredToken",
    "TokenPair",
    "TokenSource",
    "TokenStore",
    "TokenStoreError",
    "VersionedTokenStore",
    "acredential_from_lifecycle",
    "async_exchange_code",
    "authorize_url",
    "classic",
    "credential_from_lifecycle",
    "default_token_dir",
    "exchange_code",
    "keepalive",
    "login",
    "parse_lifecycle",
    "parse_redirect",
    "resolve_credential",
]
