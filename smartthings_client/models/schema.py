"""ST Schema (cloud-to-cloud) connectors, their installation page, installed connectors and invitations.

A connector's OAuth client secret and its SmartThings client secret are secrets: every model here keeps them out
of ``repr()``.  The API's own timestamps here are RFC 1123 text (``"Wed, 27 Nov 2019 16:40:27 GMT"``) and are
kept as text.
"""

from __future__ import annotations

from typing import Any

import attrs

from ._base import ApiEnum, Model
from .converter import WIRE

__all__ = [
    "InstalledSchemaApp",
    "SchemaApp",
    "SchemaAppCredentials",
    "SchemaAppInvitation",
    "SchemaAppRequest",
    "SchemaDevice",
    "SchemaHostingType",
    "SchemaPage",
    "SchemaPageType",
    "SchemaType",
    "ViperAppLinks",
]


def _redacted(_: object) -> str:
    return "<redacted>"


def _wire(name: str, **kwargs: Any) -> Any:
    return attrs.field(metadata={WIRE: name}, **kwargs)


class SchemaType(ApiEnum):
    """What the connector speaks; unknown values arrive as ``str``."""

    ST_SCHEMA = "st-schema"
    ALEXA_SCHEMA = "alexa-schema"
    GOOGLE_SCHEMA = "google-schema"


class SchemaHostingType(ApiEnum):
    """Where the connector runs."""

    LAMBDA = "lambda"
    WEBHOOK = "webhook"


class SchemaPageType(ApiEnum):
    """The state of a connector's installation page for a location."""

    REQUIRES_LOGIN = "requiresLogin"
    LOGGED_IN = "loggedIn"


@attrs.frozen(kw_only=True)
class ViperAppLinks(Model):
    """App-to-app account linking links."""

    android: str | None = None
    ios: str | None = None
    is_linking_enabled: bool | None = None


@attrs.frozen(kw_only=True)
class SchemaAppRequest(Model):
    """What ``schema.create`` and ``schema.update`` send.  ``partner_name``, ``user_email``, ``hosting_type`` and
    the OAuth settings are what SmartThings asks for; a webhook connector needs ``webhook_url``, a Lambda one
    ``lambda_arn`` (and the regional ARNs it runs in)."""

    app_name: str | None = None
    partner_name: str | None = None
    user_email: str | None = None
    hosting_type: SchemaHostingType | str | None = None
    schema_type: SchemaType | str | None = None
    webhook_url: str | None = None
    lambda_arn: str | None = None
    lambda_arn_eu: str | None = _wire("lambdaArnEU", default=None)
    lambda_arn_ap: str | None = _wire("lambdaArnAP", default=None)
    lambda_arn_cn: str | None = _wire("lambdaArnCN", default=None)
    oauth_authorization_url: str | None = _wire("oAuthAuthorizationUrl", default=None)
    oauth_token_url: str | None = _wire("oAuthTokenUrl", default=None)
    oauth_client_id: str | None = _wire("oAuthClientId", default=None)
    oauth_client_secret: str | None = _wire("oAuthClientSecret", default=None, repr=_redacted)
    oauth_scope: str | None = _wire("oAuthScope", default=None)
    icon: str | None = None
    icon2x: str | None = None
    icon3x: str | None = None
    viper_app_links: ViperAppLinks | None = None


@attrs.frozen(kw_only=True)
class SchemaApp(SchemaAppRequest):
    """A connector as SmartThings stores it (ids look like ``viper_<uuid>``).  Unknown keys (including the
    DynamoDB leftovers real answers carry) are kept in ``extra``."""

    endpoint_app_id: str = ""
    user_id: str | None = None
    organization_id: str | None = None
    st_client_id: str | None = None
    certification_status: str | None = None
    """``""``, ``"cst"`` or ``"wwst"``; a certified connector can no longer be updated."""
    created: str | None = None
    modified: str | None = None


@attrs.frozen(kw_only=True)
class SchemaAppCredentials(Model):
    """The SmartThings client id and secret of a connector (shown once; the secret never in ``repr()``)."""

    endpoint_app_id: str
    st_client_id: str
    st_client_secret: str = attrs.field(repr=_redacted)


@attrs.frozen(kw_only=True)
class SchemaDevice(Model):
    """A device a connector created."""

    device_id: str
    name: str | None = None


@attrs.frozen(kw_only=True)
class SchemaPage(Model):
    """A connector's installation page for a location: a login link, or the installed connector and its
    devices."""

    page_type: SchemaPageType | str
    oauth_link: str | None = _wire("oAuthLink", default=None)
    isa_id: str | None = None
    location_id: str | None = None
    devices: tuple[SchemaDevice, ...] = ()
    partner_name: str | None = None
    app_name: str | None = None
    icon: str | None = None
    icon2x: str | None = None
    icon3x: str | None = None


@attrs.frozen(kw_only=True)
class InstalledSchemaApp(Model):
    """A connector installed in a location."""

    isa_id: str
    location_id: str | None = None
    page_type: SchemaPageType | str | None = None
    partner_name: str | None = None
    app_name: str | None = None
    endpoint_app_id: str | None = None
    devices: tuple[SchemaDevice, ...] = ()
    oauth_link: str | None = _wire("oAuthLink", default=None)
    partner_st_connection: str | None = _wire("partnerSTConnection", default=None)
    """``connected`` or ``disconnected``."""
    icon: str | None = None
    icon2x: str | None = None
    icon3x: str | None = None
    viper_app_links: ViperAppLinks | None = None


@attrs.frozen(kw_only=True)
class SchemaAppInvitation(Model):
    """An invitation to install a connector that is not published."""

    id: str
    schema_app_id: str | None = None
    description: str | None = None
    expiration: int | None = None
    """Epoch seconds, when set."""
    accept_url: str | None = None
    decline_url: str | None = None
    short_code: str | None = None
    acceptances: int | None = None
