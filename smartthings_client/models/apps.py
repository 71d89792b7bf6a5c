"""Apps: SmartApp registrations (webhook, Lambda, API-only), their OAuth clients and settings.

An app's OAuth client secret is shown once, when the app is created or its OAuth client regenerated.  Every
model here that carries it keeps it out of ``repr()``, so it does not end up in logs or tracebacks by accident.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any

import attrs

from ._base import ApiEnum, Model
from .deviceprofiles import Owner

__all__ = [
    "ApiOnlyApp",
    "ApiOnlySubscription",
    "App",
    "AppClassification",
    "AppCreated",
    "AppOAuth",
    "AppSettings",
    "AppSummary",
    "AppTargetStatus",
    "AppType",
    "AppUISettings",
    "CreateAppRequest",
    "IconImage",
    "LambdaSmartApp",
    "OAuthCredentials",
    "OAuthGenerated",
    "PrincipalType",
    "SignatureType",
    "UpdateAppRequest",
    "WebhookSmartApp",
]


def _redacted(_: object) -> str:
    return "<redacted>"


def _strings(values: Iterable[str]) -> tuple[str, ...]:
    # Decoding bypasses this converter; it lets callers pass lists, and catches a lone string (which would
    # otherwise become a tuple of characters).
    if isinstance(values, (str, bytes)):
        raise TypeError(f"expected a list of strings, not a single string: {values!r}")
    return tuple(values)


class AppType(ApiEnum):
    """Known app types; ``API_ONLY`` is the "API Access" (OAuth-In) app.  Unknown values arrive as ``str``."""

    WEBHOOK_SMART_APP = "WEBHOOK_SMART_APP"
    LAMBDA_SMART_APP = "LAMBDA_SMART_APP"
    API_ONLY = "API_ONLY"
    BEHAVIOR = "BEHAVIOR"


class AppClassification(ApiEnum):
    """Where the SmartThings app shows the integration."""

    AUTOMATION = "AUTOMATION"
    SERVICE = "SERVICE"
    DEVICE = "DEVICE"
    CONNECTED_SERVICE = "CONNECTED_SERVICE"


class PrincipalType(ApiEnum):
    LOCATION = "LOCATION"
    USER_LEVEL = "USER_LEVEL"


class SignatureType(ApiEnum):
    """How a webhook app verifies that requests come from SmartThings: its own RSA key pair (``APP_RSA``) or
    SmartThings' public certificate (``ST_PADLOCK``)."""

    APP_RSA = "APP_RSA"
    ST_PADLOCK = "ST_PADLOCK"


class AppTargetStatus(ApiEnum):
    """Whether a webhook's target URL has been confirmed."""

    PENDING = "PENDING"
    CONFIRMED = "CONFIRMED"


@attrs.frozen(kw_only=True)
class IconImage(Model):
    url: str | None = None


@attrs.frozen(kw_only=True)
class LambdaSmartApp(Model):
    """The AWS Lambda ARNs of a ``LAMBDA_SMART_APP``."""

    functions: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class WebhookSmartApp(Model):
    """The endpoint of a ``WEBHOOK_SMART_APP``.  For a request only ``target_url`` (and ``signature_type``) count;
    SmartThings sets ``target_status`` and ``public_key``."""

    target_url: str | None = None
    target_status: AppTargetStatus | str | None = None
    public_key: str | None = None
    signature_type: SignatureType | str | None = None


@attrs.frozen(kw_only=True)
class ApiOnlySubscription(Model):
    target_url: str | None = None
    target_status: AppTargetStatus | str | None = None


@attrs.frozen(kw_only=True)
class ApiOnlyApp(Model):
    """Details of an ``API_ONLY`` app: where its subscriptions are delivered."""

    subscription: ApiOnlySubscription | None = None


@attrs.frozen(kw_only=True)
class AppUISettings(Model):
    plugin_id: str | None = None
    plugin_uri: str | None = None
    dashboard_cards_enabled: bool | None = None
    pre_install_dashboard_cards_enabled: bool | None = None


@attrs.frozen(kw_only=True)
class AppOAuth(Model):
    """An app's OAuth client settings: its name, the scopes it may request and where it may redirect."""

    client_name: str | None = None
    scope: tuple[str, ...] = attrs.field(default=(), converter=_strings)
    redirect_uris: tuple[str, ...] = attrs.field(default=(), converter=_strings)


@attrs.frozen(kw_only=True)
class AppSummary(Model):
    """An app as ``apps.list`` returns it."""

    app_id: str
    app_name: str | None = None
    app_type: AppType | str | None = None
    classifications: tuple[AppClassification | str, ...] = ()
    display_name: str | None = None
    description: str | None = None
    icon_image: IconImage | None = None
    owner: Owner | None = None
    created_date: datetime | None = None
    last_updated_date: datetime | None = None


@attrs.frozen(kw_only=True)
class App(AppSummary):
    """An app registration (``GET /apps/{appNameOrId}``); the block matching ``app_type`` is set."""

    principal_type: PrincipalType | str | None = None
    single_instance: bool | None = None
    install_metadata: Mapping[str, Any] | None = None
    lambda_smart_app: LambdaSmartApp | None = None
    webhook_smart_app: WebhookSmartApp | None = None
    api_only: ApiOnlyApp | None = None
    behavior: Mapping[str, Any] | None = None
    ui: AppUISettings | None = None


@attrs.frozen(kw_only=True)
class OAuthCredentials:
    """An OAuth client id and secret.  The secret is shown once by SmartThings: store it now.

    ``repr()`` never shows the secret.  ``details`` are the client's settings when SmartThings returned them.
    """

    client_id: str
    client_secret: str = attrs.field(repr=_redacted)
    details: AppOAuth | None = None


def _credentials(client_id: str | None, client_secret: str | None, details: AppOAuth | None) -> OAuthCredentials:
    if not client_id or not client_secret:
        raise ValueError("SmartThings returned no OAuth client id and secret")
    return OAuthCredentials(client_id=client_id, client_secret=client_secret, details=details)


@attrs.frozen(kw_only=True)
class AppCreated(Model):
    """The answer to ``apps.create``: the app, and its OAuth client id and secret (shown only this once).

    ``repr()`` never shows the secret; :attr:`credentials` gives both as :class:`OAuthCredentials`.
    """

    app: App
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = attrs.field(default=None, repr=_redacted)

    @property
    def credentials(self) -> OAuthCredentials:
        """The OAuth client id and secret; ``ValueError`` if SmartThings sent none."""
        return _credentials(self.oauth_client_id, self.oauth_client_secret, None)


@attrs.frozen(kw_only=True)
class OAuthGenerated(Model):
    """The wire shape of ``POST /apps/{id}/oauth/generate`` (``apps.generate_oauth`` returns
    :class:`OAuthCredentials` made from it)."""

    oauth_client_details: AppOAuth | None = None
    oauth_client_id: str | None = None
    oauth_client_secret: str | None = attrs.field(default=None, repr=_redacted)

    @property
    def credentials(self) -> OAuthCredentials:
        return _credentials(self.oauth_client_id, self.oauth_client_secret, self.oauth_client_details)


@attrs.frozen(kw_only=True, eq=False)
class AppSettings(Model, Mapping[str, str]):
    """An app's settings: free name -> string pairs for the developer's own use.  Reads like a ``dict`` (and
    compares equal to one with the same pairs)."""

    settings: Mapping[str, str] = attrs.field(factory=dict)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self.settings) == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # a mutable-looking mapping: unhashable, like dict

    def __getitem__(self, key: str) -> str:
        return self.settings[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.settings)

    def __len__(self) -> int:
        return len(self.settings)


# --- requests ----------------------------------------------------------------------------------------------


def _classifications(values: Iterable[AppClassification | str]) -> tuple[AppClassification | str, ...]:
    # One classification may be given alone (AppClassification members are strings too).
    if isinstance(values, str):
        return (values,)
    return tuple(values)


@attrs.frozen(kw_only=True)
class UpdateAppRequest:
    """The body of ``apps.update`` (``PUT /apps/{appNameOrId}``).

    Give the block that matches ``app_type``: ``webhook_smart_app=WebhookSmartApp(target_url=...)``,
    ``lambda_smart_app=LambdaSmartApp(functions=[...])`` or ``api_only=ApiOnlyApp()``.  ``None`` fields are not
    sent.
    """

    display_name: str
    description: str
    app_type: AppType | str
    classifications: tuple[AppClassification | str, ...] = attrs.field(converter=_classifications)
    single_instance: bool | None = None
    icon_image: IconImage | None = None
    principal_type: PrincipalType | str | None = None
    lambda_smart_app: LambdaSmartApp | None = None
    webhook_smart_app: WebhookSmartApp | None = None
    api_only: ApiOnlyApp | None = None
    ui: AppUISettings | None = None


@attrs.frozen(kw_only=True)
class CreateAppRequest(UpdateAppRequest):
    """The body of ``apps.create`` (``POST /apps``): an :class:`UpdateAppRequest` plus the app's unique
    ``app_name`` and, for apps that call the API through OAuth, ``oauth`` (client name, scopes, redirect URIs)."""

    app_name: str
    oauth: AppOAuth | None = None
