"""The JSON shapes of the emulator's control API (``/_emulator/...``): built by the server, returned by the client.

One declaration of each answer, shared by :mod:`._control` (which builds them) and :mod:`._control_client` (whose
typed methods return them), so the two cannot drift.  Keys are camelCase, as on the wire.
"""

from __future__ import annotations

from typing import Any, TypedDict

#: Every control path starts with this; SmartThings has no such path, with or without ``/v1``.
CONTROL_PREFIX = "/_emulator"
#: Every control answer carries this header, so a client can tell the control API from another server's 404.
CONTROL_HEADER = "x-smartthings-emulator-control"


class FaultInfo(TypedDict):
    """One scripted fault and the hits it has left."""

    kind: str
    remaining: int
    method: str | None
    path: str | None
    pathRegex: str | None
    status: int | None
    seconds: float
    error: str
    processed: bool
    retryMillis: int


class RateLimitInfo(TypedDict):
    """What the rate limiter enforces."""

    enabled: bool
    documented: bool
    limit: int
    window: float
    per: str
    paths: list[str] | None


class ClockInfo(TypedDict):
    """The emulator's time: epoch seconds, the API's timestamp form, and whether it follows real time."""

    now: float
    iso: str
    ticking: bool


class PatInfo(TypedDict):
    """A personal access token the emulator issued."""

    token: str
    scopes: list[str]
    expiresAt: float


class DeliveryInfo(TypedDict):
    """What a registered webhook answered to one lifecycle request (None when no webhook is registered)."""

    lifecycle: str
    status: int
    body: Any


class InstallInfo(TypedDict):
    """An installed app with its SmartApp token pair, and what its app's OAuth client needs to refresh it."""

    installedAppId: str
    appId: str
    locationId: str
    accessToken: str
    refreshToken: str
    clientId: str
    clientSecret: str
    tokenUrl: str
    scopes: list[str]
    delivery: DeliveryInfo | None


class TokenPairInfo(TypedDict):
    """The new token pair of an UPDATE."""

    installedAppId: str
    accessToken: str
    refreshToken: str
    delivery: DeliveryInfo | None


class LifecycleInfo(TypedDict):
    """An EVENT or UNINSTALL (or PING) sent to an installed app's webhook, if it has one."""

    installedAppId: str | None
    lifecycle: str
    events: int
    delivery: DeliveryInfo | None
    payload: dict[str, Any] | None
    """The lifecycle request itself (EVENT: with its 5-minute token), to feed a handler that is not a webhook."""


class WebhookInfo(TypedDict):
    """A webhook registration: where the emulator POSTs the app's signed lifecycle requests."""

    appId: str
    appName: str
    clientId: str
    clientSecret: str | None  # None in the console's state, which a browser shows
    targetUrl: str
    signatureType: str
    publicKey: str | None


class DeviceInfo(TypedDict):
    """A device as the control API lists it."""

    deviceId: str
    label: str
    locationId: str
    capabilities: list[str]


class AttributeInfo(TypedDict):
    """One attribute's current value."""

    deviceId: str
    component: str
    capability: str
    attribute: str
    value: Any


class RequestInfo(TypedDict):
    """One entry of the request journal (``status`` None for a dropped connection)."""

    method: str
    path: str
    status: int | None
    url: str
    tokenKind: str | None
    fault: str | None


class ResetInfo(TypedDict):
    """The state after a reset; ``token`` is the fixed PAT given at start (issued again), else None."""

    seeded: bool
    token: str | None


class ErrorBody(TypedDict):
    """Every failed control call answers ``{"error": {"code", "message"}}``."""

    error: dict[str, str]
