"""Push notifications (contract more §14): accepted, checked and recorded (``Emulator.notifications``)."""

from __future__ import annotations

import copy

import httpx

from ._errors import JsonDict
from ._http import Ctx, RouteTable, json_response
from ._platform import invalid_field

table = RouteTable()

_TYPES = ("ALERT", "SUGGESTED_ACTION", "EVENT_LOGGING", "AUTOMATION_INFO")
_LINK_TYPES = ("device", "installedApp", "location")


def _check_messages(messages: object) -> None:
    if not isinstance(messages, list) or not messages:
        raise invalid_field("messages", "must hold at least one {locale: {title, body}} item")
    for index, item in enumerate(messages):
        if not isinstance(item, dict) or not item:
            raise invalid_field(f"messages[{index}]", "must map a locale to a message")
        for locale, message in item.items():
            if not isinstance(message, dict) or not (message.get("title") or message.get("body")):
                raise invalid_field(f"messages[{index}].{locale}", "needs a title or a body")


def _check_extras(body: JsonDict) -> None:
    replacements = body.get("replacements")
    if replacements is not None:
        if not isinstance(replacements, list):
            raise invalid_field("replacements", "must be a list")
        for index, item in enumerate(replacements):
            key = item.get("key") if isinstance(item, dict) else None
            if not isinstance(key, str) or not (key.startswith("${") and key.endswith("}")):
                raise invalid_field(f"replacements[{index}].key", "must have the form ${...}")
    link = body.get("deepLink")
    if link is not None and (not isinstance(link, dict) or link.get("type") not in _LINK_TYPES or not link.get("id")):
        raise invalid_field("deepLink", f"needs a type ({', '.join(_LINK_TYPES)}) and an id")


@table.route("POST", "/notification")
def send_notification(ctx: Ctx) -> httpx.Response:
    """POST /notification: needs ``x:locations:{locationId}`` of the body's location (scope unverified)."""
    body = ctx.json_object()
    location_id = body.get("locationId")
    if not isinstance(location_id, str) or not location_id:
        raise invalid_field("locationId", "must not be null")
    ctx.state.location(location_id)
    ctx.check_location(location_id)
    ctx.require(f"x:locations:{location_id}")
    if body.get("type") not in _TYPES:
        raise invalid_field("type", f"must be one of {', '.join(_TYPES)}")
    _check_messages(body.get("messages"))
    _check_extras(body)
    record = {**copy.deepcopy(body), "sentAt": ctx.state.now_iso(), "requestId": ctx.request_id}
    ctx.state.platform.notifications.append(record)
    return json_response({"code": 200, "message": "Success"})
