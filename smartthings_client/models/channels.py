"""Edge driver channels and the drivers assigned to them (contract §11.2; shapes from the core SDK's types)."""

from __future__ import annotations

from datetime import datetime

import attrs

from ._base import ApiEnum, Model

__all__ = ["Channel", "ChannelType", "DriverChannelDetails", "SubscriberType"]


class ChannelType(ApiEnum):
    """What a channel distributes; a type not listed here arrives as a plain ``str``."""

    DRIVER = "DRIVER"


class SubscriberType(ApiEnum):
    """What can enroll in a channel (the ``type`` filter of ``channels.list``)."""

    HUB = "HUB"


@attrs.frozen(kw_only=True)
class Channel(Model):
    """A driver channel: where a developer publishes driver versions and hubs enroll to install them."""

    channel_id: str
    name: str | None = None
    description: str | None = None
    terms_of_service_url: str | None = None
    type: ChannelType | str | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None


@attrs.frozen(kw_only=True)
class DriverChannelDetails(Model):
    """A driver assigned to a channel, at one version."""

    channel_id: str
    driver_id: str
    version: str | None = None
    created_date: datetime | None = None
    last_modified_date: datetime | None = None
