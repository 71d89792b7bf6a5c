"""Push notifications to the SmartThings app of a location's members: the request pieces and the answer."""

from __future__ import annotations

import attrs

from ._base import ApiEnum, Model

__all__ = ["DeepLink", "DeepLinkType", "NotificationMessage", "NotificationResult", "NotificationType"]


class NotificationType(ApiEnum):
    """How the app presents the notification."""

    ALERT = "ALERT"
    SUGGESTED_ACTION = "SUGGESTED_ACTION"
    EVENT_LOGGING = "EVENT_LOGGING"
    AUTOMATION_INFO = "AUTOMATION_INFO"


class DeepLinkType(ApiEnum):
    """What a notification opens when tapped."""

    DEVICE = "device"
    INSTALLED_APP = "installedApp"
    LOCATION = "location"


@attrs.frozen(kw_only=True)
class NotificationMessage(Model):
    """The title and body shown in one language."""

    title: str | None = None
    body: str | None = None


@attrs.frozen(kw_only=True)
class DeepLink(Model):
    """A device, installed app or location the notification opens: ``DeepLink(type="device", id=device_id)``."""

    type: DeepLinkType | str
    id: str


@attrs.frozen(kw_only=True)
class NotificationResult(Model):
    """SmartThings' answer to a notification: a status code and message."""

    code: int | None = None
    message: str | None = None
