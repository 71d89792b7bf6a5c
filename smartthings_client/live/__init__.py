"""Live state that stays true: a mirror of every device of some locations, fed by the event stream.

::

    from smartthings_client.catalog import switch
    from smartthings_client.live import DeviceMirror

    mirror = DeviceMirror(st, [location_id])
    mirror.subscribe(print, key=switch.SWITCH)          # callbacks, per device / capability / attribute
    for change in mirror.changes():                     # or an iterator; either way the loop runs the mirror
        print(change.device_id, change.old, "->", change.new, change.source)
        print(mirror.read(change.device_id, switch.SWITCH))

:class:`DeviceMirror` (blocking) and :class:`AsyncDeviceMirror` share one implementation: load by REST, apply
events, renew a silent stream (:class:`MirrorSettings`), reconnect with backoff, re-read after every reconnect
and report what was missed as ``resync`` changes, and keep its sink ids in a store so a restart deletes them.
"""

from __future__ import annotations

from ..errors import SinkSlotsTakenError
from ._plan import MirrorSettings, SinkIdsStore
from ._state import HEALTH_ATTRIBUTE, HEALTH_CAPABILITY, Change, ChangeFilter, Subscription
from .mirror import AsyncDeviceMirror, DeviceMirror

__all__ = [
    "HEALTH_ATTRIBUTE",
    "HEALTH_CAPABILITY",
    "AsyncDeviceMirror",
    "Change",
    "ChangeFilter",
    "DeviceMirror",
    "MirrorSettings",
    "SinkIdsStore",
    "SinkSlotsTakenError",
    "Subscription",
]
