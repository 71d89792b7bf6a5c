"""``st.notifications``: push notifications to the SmartThings app of a location's members."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .._operation import Request, segment
from ..models.converter import decode_as, encode
from ..models.notifications import DeepLink, DeepLinkType, NotificationMessage, NotificationResult, NotificationType
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint

__all__ = ["AsyncNotifications", "Notifications"]

_decode_result = decode_as(NotificationResult)
_TYPES = frozenset(member.value for member in NotificationType)
_LINK_TYPES = frozenset(member.value for member in DeepLinkType)
_REPLACEMENT_KEY = re.compile(r"^\$\{[^{}]+\}$")

MessageInput = NotificationMessage | Mapping[str, Any]


def _message(locale: object, message: MessageInput) -> dict[str, Any]:
    if not isinstance(locale, str) or not locale.strip():
        raise ValueError(f"message locales must be codes such as 'en_US' or 'default', got {locale!r}")
    if isinstance(message, NotificationMessage):
        body: dict[str, Any] = encode(message)
    elif isinstance(message, Mapping):
        body = dict(message)
    else:
        raise TypeError(f"messages must be NotificationMessage objects or dicts, not {type(message).__name__}")
    if not body.get("title") and not body.get("body"):
        raise ValueError(f"the {locale!r} message needs a title or a body")
    return {locale: body}


def _messages(messages: MessageInput | Mapping[str, MessageInput]) -> list[dict[str, Any]]:
    if isinstance(messages, NotificationMessage):
        return [_message("default", messages)]
    if not isinstance(messages, Mapping) or not messages:
        raise TypeError("messages must be a NotificationMessage or a non-empty dict of locale -> message")
    return [_message(locale, message) for locale, message in messages.items()]


def _replacements(replacements: Mapping[str, str]) -> list[dict[str, str]]:
    out = []
    for key, value in replacements.items():
        if not isinstance(key, str) or not _REPLACEMENT_KEY.match(key):
            raise ValueError(f"replacement keys have the form '${{name}}', got {key!r}")
        if not isinstance(value, str):
            raise TypeError(f"the replacement for {key} must be a str, not {type(value).__name__}")
        out.append({"key": key, "value": value})
    return out


def _deep_link(link: DeepLink) -> dict[str, str]:
    if not isinstance(link, DeepLink):
        raise TypeError(f"deep_link must be a DeepLink, not {type(link).__name__}")
    kind = link.type.value if isinstance(link.type, DeepLinkType) else link.type
    if kind not in _LINK_TYPES:
        raise ValueError(f"deep_link type must be one of {', '.join(sorted(_LINK_TYPES))}, got {link.type!r}")
    segment(link.id, "deep_link id")
    return {"type": kind, "id": link.id}


class _Notifications(ResourceBase):
    _group = "notifications"

    @endpoint(
        "notifications.send",
        "POST",
        "/notification",
        (("x:locations:{locationId}",),),
        note="Neither scope nor token kind is documented (unverified).",
    )
    def send(
        self,
        location_id: str,
        type: NotificationType | str,
        messages: MessageInput | Mapping[str, MessageInput],
        *,
        replacements: Mapping[str, str] | None = None,
        deep_link: DeepLink | None = None,
        image_url: str | None = None,
    ) -> Request[NotificationResult]:
        """Send a push notification to the SmartThings app of the location's members.

        ``messages`` is one :class:`NotificationMessage` (sent as the ``default`` language) or a dict of locale
        (``"en_US"``, ``"default"``) to message.  ``replacements`` maps ``"${name}"`` placeholders of titles and
        bodies to their text (``${System.locationNickname}`` is predefined).  ``deep_link`` is what a tap opens.
        """
        segment(location_id, "location_id")
        kind = type.value if isinstance(type, NotificationType) else type
        if kind not in _TYPES:
            raise ValueError(f"type must be one of {', '.join(sorted(_TYPES))}, got {type!r}")
        body: dict[str, Any] = {"locationId": location_id, "type": kind, "messages": _messages(messages)}
        if replacements:
            body["replacements"] = _replacements(replacements)
        if deep_link is not None:
            body["deepLink"] = _deep_link(deep_link)
        if image_url is not None:
            if not isinstance(image_url, str) or not image_url.strip():
                raise ValueError(f"image_url must be a URL, got {image_url!r}")
            body["imageUrl"] = image_url
        return Request(_decode_result, json=body, ids={"locationId": location_id})


class Notifications(_Notifications, SyncResource):
    """Push notifications (blocking).  Reach it as ``SmartThings().notifications``."""


class AsyncNotifications(_Notifications, AsyncResource):
    """Push notifications (async).  Reach it as ``AsyncSmartThings().notifications``."""
