"""What the resources under ``/installedapps/{installedAppId}`` share: finding the installed app id."""

from __future__ import annotations

import enum

from .._operation import Operation, ignore_body, segment
from ._base import ResourceBase


def installed_app_id_for(
    resource: ResourceBase, given: str | None, operation: str, method: str, suffix: str, *, path: str | None = None
) -> str:
    """``given``, else the SmartApp token's own installed app id, checked as a path segment.

    Without either, a token that may never make the call (a personal access token on subscriptions) gets the
    token-kind explanation rather than "installed_app_id is required", which would send its owner looking for
    an id that would not help.
    """
    try:
        value = resource._own_installed_app_id(given)
    except ValueError:
        template = Operation(operation, method, path or f"/installedapps/{{installedAppId}}{suffix}", ignore_body)
        resource._transport.core.preflight(template)
        raise
    return segment(value, "installed_app_id")


def wire_value(value: object) -> object:
    """An enum member as the text SmartThings expects (``str()`` of a ``str`` enum gives ``Class.MEMBER``)."""
    return value.value if isinstance(value, enum.Enum) else value
