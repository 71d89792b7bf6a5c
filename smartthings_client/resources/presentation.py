"""``st.presentation``: how the SmartThings app shows a device (device presentations) and the device
configurations that device profiles reference."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Request, query, segment
from ..models.converter import decode_as, encode
from ..models.presentation import DeviceConfig, DevicePresentation
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint

__all__ = ["AsyncPresentation", "Presentation"]

_decode_presentation = decode_as(DevicePresentation)
_decode_config = decode_as(DeviceConfig)

_UNVERIFIED = "The scope is not documented (unverified)."


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _by_presentation_id(presentation_id: str, manufacturer_name: str | None) -> tuple[tuple[str, str], ...]:
    manufacturer = None if manufacturer_name is None else _text(manufacturer_name, "manufacturer_name")
    return query(("presentationId", _text(presentation_id, "presentation_id")), ("manufacturerName", manufacturer))


class _Presentation(ResourceBase):
    _group = "presentation"

    @endpoint(
        "presentation.get",
        "GET",
        "/presentation",
        (("r:devices:*",),),
        note="The same call answers by presentation id and by device id. " + _UNVERIFIED,
    )
    def get(self, presentation_id: str, manufacturer_name: str | None = None) -> Request[DevicePresentation]:
        """The device presentation with this id (a device profile's ``vid``).

        ``manufacturer_name`` (a profile's ``mnmn``) defaults, on SmartThings' side, to ``SmartThingsCommunity``.
        """
        return Request(_decode_presentation, params=_by_presentation_id(presentation_id, manufacturer_name))

    @get.also
    def for_device(self, device_id: str) -> Request[DevicePresentation]:
        """The presentation a device is shown with."""
        segment(device_id, "device_id")  # checked like a path id: a query value is not refused by the path
        return Request(_decode_presentation, params=query(("deviceId", device_id)))

    @endpoint(
        "presentation.get_config",
        "GET",
        "/presentation/deviceconfig",
        (("r:deviceprofiles",),),
        note=_UNVERIFIED,
    )
    def get_config(self, presentation_id: str, manufacturer_name: str | None = None) -> Request[DeviceConfig]:
        """The device configuration a presentation was made from."""
        return Request(_decode_config, params=_by_presentation_id(presentation_id, manufacturer_name))

    @endpoint(
        "presentation.create_config",
        "POST",
        "/presentation/deviceconfig",
        (("w:deviceprofiles",),),
        note="Idempotent: the same configuration gives the same presentation id. " + _UNVERIFIED,
    )
    def create_config(self, config: DeviceConfig | Mapping[str, Any]) -> Request[DeviceConfig]:
        """Create (or find, as the call is idempotent) the device configuration with this content.

        The answer carries the ``presentation_id`` and ``manufacturer_name`` to put in a device profile's
        metadata (``vid``, ``mnmn``).  ``config`` is a :class:`DeviceConfig` or a dict in SmartThings' JSON shape.
        """
        if isinstance(config, DeviceConfig):
            body: dict[str, Any] = encode(config)
        elif isinstance(config, Mapping):
            body = dict(config)
        else:
            raise TypeError(f"config must be a DeviceConfig or a dict, not {type(config).__name__}")
        return Request(_decode_config, json=body)

    @endpoint(
        "presentation.generate_config",
        "GET",
        "/presentation/types/{profileId}/deviceconfig",
        (("r:deviceprofiles",),),
        note=_UNVERIFIED,
    )
    def generate_config(
        self, profile_id: str, *, type_integration: str | None = None, type_shard_id: str | None = None
    ) -> Request[DeviceConfig]:
        """The device configuration of a device profile, generated from its capabilities if it has none yet.

        ``type_integration`` (e.g. ``"dth"``) and ``type_shard_id`` are older options the official SDK calls
        deprecated.
        """
        params = query(("typeIntegration", type_integration), ("typeShardId", type_shard_id)) or None
        return Request(_decode_config, path={"profileId": profile_id}, params=params)


class Presentation(_Presentation, SyncResource):
    """Device presentations and configurations (blocking).  Reach it as ``SmartThings().presentation``."""


class AsyncPresentation(_Presentation, AsyncResource):
    """Device presentations and configurations (async).  Reach it as ``AsyncSmartThings().presentation``."""
