"""Device history: the state changes SmartThings recorded for the devices of a location."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from ._base import LazyModel

__all__ = ["DeviceActivity"]


@attrs.frozen(kw_only=True)
class DeviceActivity(LazyModel):
    """One recorded device event (``GET /history/devices``): which attribute of which device took which value,
    when.

    ``value`` is any JSON value (a number, a string, an object...).  ``time`` is an aware datetime (SmartThings
    sends ``2020-04-13T22:28:22.000+0000``); ``epoch`` is the same instant in milliseconds, and ``epoch`` with
    ``hash`` is the cursor SmartThings pages by.  ``text``, ``translated_attribute_name`` and
    ``translated_attribute_value`` follow the ``Accept-Language`` of the request.
    """

    device_id: str
    device_name: str | None = None
    location_id: str | None = None
    location_name: str | None = None
    time: datetime | None = None
    text: str | None = None
    component: str = "main"
    component_label: str | None = None
    capability: str | None = None
    attribute: str | None = None
    value: Any = None
    unit: str | None = None
    data: Mapping[str, Any] | None = None
    translated_attribute_name: str | None = None
    translated_attribute_value: str | None = None
    epoch: int | None = None
    hash: int | None = None
