"""``st.channels``: Edge driver channels, the drivers assigned to them and the hubs enrolled in them."""

from __future__ import annotations

from typing import Any

from .._operation import Request, ignore_body, organization_header, query, segment
from ..models.channels import Channel, ChannelType, DriverChannelDetails, SubscriberType
from ..models.converter import decode_as
from ..models.drivers import EdgeDriver
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncChannels", "Channels"]

_decode_channel = decode_as(Channel)
_decode_details = decode_as(DriverChannelDetails)
_decode_driver = decode_as(EdgeDriver)

_CHANNEL = "/distchannels/{channelId}"
_R_CHANNELS = (("r:channels:*",),)
_W_CHANNELS = (("w:channels:*",),)
_NOTE = (
    "Scope unknown in every source; r:/w:channels:* follow the PAT page's 'Channels: Read all / Manage all "
    "channels' (unverified). Developer-side: use a personal access token or an OAuth login; an installed "
    "SmartApp's token will most likely get 403."
)
_ENROLL_NOTE = (
    "Scope unknown; w:channels:* is assumed (unverified). The hub's owner enrolls it, also in channels of other "
    "developers (after accepting their invitation)."
)


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _channel_body(name: str, description: str, terms_of_service_url: str) -> dict[str, Any]:
    return {
        "name": _text(name, "name"),
        "description": _text(description, "description"),
        "termsOfServiceUrl": _text(terms_of_service_url, "terms_of_service_url"),
    }


class _Channels(ResourceBase):
    _group = "channels"

    @paged("channels.list", "GET", "/distchannels", _R_CHANNELS, note=_NOTE)
    def list(
        self,
        *,
        subscriber_type: SubscriberType | str | None = None,
        subscriber_id: str | None = None,
        include_read_only: bool | None = None,
        organization_id: str | None = None,
    ) -> Request[Channel]:
        """The channels you own, fetched page by page.

        ``include_read_only=True`` adds the channels you are subscribed to; ``subscriber_id`` (a hub id) keeps
        the channels that hub is enrolled in (``subscriber_type`` is then ``HUB``, the only kind there is).
        """
        if subscriber_id is not None:
            segment(subscriber_id, "subscriber_id")
            subscriber_type = subscriber_type or SubscriberType.HUB
        params = query(
            ("type", subscriber_type),
            ("subscriberId", subscriber_id),
            ("includeReadOnly", include_read_only),
        )
        return Request(_decode_channel, params=params or None, headers=organization_header(organization_id))

    @endpoint("channels.create", "POST", "/distchannels", _W_CHANNELS, note=_NOTE)
    def create(
        self,
        name: str,
        *,
        description: str,
        terms_of_service_url: str,
        type: ChannelType | str | None = None,
        organization_id: str | None = None,
    ) -> Request[Channel]:
        """Create a driver channel."""
        body = _channel_body(name, description, terms_of_service_url)
        if type is not None:
            body["type"] = str(type)
        return Request(_decode_channel, json=body, headers=organization_header(organization_id))

    @endpoint("channels.get", "GET", _CHANNEL, _R_CHANNELS, note=_NOTE)
    def get(self, channel_id: str, *, organization_id: str | None = None) -> Request[Channel]:
        """One channel."""
        headers = organization_header(organization_id)
        return Request(_decode_channel, path={"channelId": channel_id}, headers=headers)

    @endpoint("channels.update", "PUT", _CHANNEL, _W_CHANNELS, note=_NOTE)
    def update(
        self,
        channel_id: str,
        *,
        name: str,
        description: str,
        terms_of_service_url: str,
        organization_id: str | None = None,
    ) -> Request[Channel]:
        """Replace a channel's name, description and terms of service URL (all three are sent)."""
        body = _channel_body(name, description, terms_of_service_url)
        headers = organization_header(organization_id)
        return Request(_decode_channel, path={"channelId": channel_id}, json=body, headers=headers)

    @endpoint("channels.delete", "DELETE", _CHANNEL, _W_CHANNELS, note=_NOTE)
    def delete(self, channel_id: str, *, organization_id: str | None = None) -> Request[None]:
        """Delete a channel you own."""
        headers = organization_header(organization_id)
        return Request(ignore_body, path={"channelId": channel_id}, headers=headers, empty_ok=True)

    @paged("channels.list_assigned_drivers", "GET", f"{_CHANNEL}/drivers", _R_CHANNELS, note=_NOTE)
    def list_assigned_drivers(
        self, channel_id: str, *, organization_id: str | None = None
    ) -> Request[DriverChannelDetails]:
        """The drivers published in a channel, each at its assigned version, fetched page by page."""
        headers = organization_header(organization_id)
        return Request(_decode_details, path={"channelId": channel_id}, headers=headers)

    @endpoint(
        "channels.assign_driver",
        "POST",
        f"{_CHANNEL}/drivers",
        _W_CHANNELS,
        note=_NOTE + " Assigning an assigned driver again changes its version.",
    )
    def assign_driver(
        self, channel_id: str, driver_id: str, version: str, *, organization_id: str | None = None
    ) -> Request[DriverChannelDetails]:
        """Publish a driver revision in a channel, or change the revision a channel offers.

        ``version`` is a driver revision's ``version`` (``st.drivers.get(driver_id).version`` for the latest).
        """
        segment(driver_id, "driver_id")
        body = {"driverId": driver_id, "version": _text(version, "version")}
        headers = organization_header(organization_id)
        return Request(_decode_details, path={"channelId": channel_id}, json=body, headers=headers)

    @endpoint("channels.unassign_driver", "DELETE", f"{_CHANNEL}/drivers/{{driverId}}", _W_CHANNELS, note=_NOTE)
    def unassign_driver(self, channel_id: str, driver_id: str, *, organization_id: str | None = None) -> Request[None]:
        """Withdraw a driver from a channel (hubs that installed it keep it)."""
        path = {"channelId": channel_id, "driverId": driver_id}
        return Request(ignore_body, path=path, headers=organization_header(organization_id), empty_ok=True)

    @endpoint(
        "channels.get_driver_channel_meta",
        "GET",
        f"{_CHANNEL}/drivers/{{driverId}}/meta",
        _R_CHANNELS,
        note=_NOTE,
    )
    def get_driver_channel_meta(
        self, channel_id: str, driver_id: str, *, organization_id: str | None = None
    ) -> Request[EdgeDriver]:
        """A driver as published in a channel: the assigned revision, with its fingerprints."""
        path = {"channelId": channel_id, "driverId": driver_id}
        return Request(_decode_driver, path=path, headers=organization_header(organization_id))

    @endpoint("channels.enroll_hub", "POST", f"{_CHANNEL}/hubs/{{hubId}}", _W_CHANNELS, note=_ENROLL_NOTE)
    def enroll_hub(self, channel_id: str, hub_id: str) -> Request[None]:
        """Enroll a hub in a channel, so that the channel's drivers can be installed on it."""
        return Request(ignore_body, path={"channelId": channel_id, "hubId": hub_id}, empty_ok=True)

    @endpoint("channels.unenroll_hub", "DELETE", f"{_CHANNEL}/hubs/{{hubId}}", _W_CHANNELS, note=_ENROLL_NOTE)
    def unenroll_hub(self, channel_id: str, hub_id: str) -> Request[None]:
        """Take a hub out of a channel."""
        return Request(ignore_body, path={"channelId": channel_id, "hubId": hub_id}, empty_ok=True)


class Channels(_Channels, SyncResource):
    """Edge driver channels (blocking).  Reach it as ``SmartThings().channels``."""


class AsyncChannels(_Channels, AsyncResource):
    """Edge driver channels (async).  Reach it as ``AsyncSmartThings().channels``."""
