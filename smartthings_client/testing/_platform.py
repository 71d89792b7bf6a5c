"""Data of the platform-side groups: device presentations and configurations, device preference definitions,
organizations, sent notifications and location service subscriptions.

Kept apart from the device and installed-app world of :mod:`._state` (one attribute, ``State.platform``), since
none of it changes device state.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ._errors import ApiError, JsonDict, constraint, detail

#: SmartThings' default manufacturer name for presentations of community (developer) device configurations.
DEFAULT_MANUFACTURER = "SmartThingsCommunity"


@dataclass
class PlatformData:
    """Everything the platform-side routes keep; every access happens under the emulator lock."""

    # (manufacturerName, presentationId) -> document
    presentations: dict[tuple[str, str], JsonDict] = field(default_factory=dict)
    device_configs: dict[tuple[str, str], JsonDict] = field(default_factory=dict)
    preferences: dict[str, JsonDict] = field(default_factory=dict)
    # preferenceId -> tag -> localization
    preference_i18n: dict[str, dict[str, JsonDict]] = field(default_factory=dict)
    organizations: dict[str, JsonDict] = field(default_factory=dict)
    notifications: list[JsonDict] = field(default_factory=list)
    # subscriptionId -> {subscriptionId, type, predicate, subscribedCapabilities, isaId, locationId}
    service_subscriptions: dict[str, JsonDict] = field(default_factory=dict)
    # capability name -> readings, answered for every location with coordinates
    service_data: dict[str, JsonDict] = field(default_factory=dict)


def not_emulated(what: str) -> ApiError:
    """The answer for something the emulator does not play: clearly not a "not found"."""
    return ApiError(501, "NotImplementedError", f"the emulator does not emulate {what}")


def invalid_field(target: str, message: str) -> ApiError:
    """A 422 naming the body field at fault."""
    return constraint("The request is malformed.", detail("ConstraintViolationError", f"{target}: {message}", target))


@cache
def _load(name: str) -> Any:
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def seed_platform(data: PlatformData) -> None:
    """The real device presentation, the organizations, device preference definitions and the location service
    readings of ``data/``."""
    for presentation in copy.deepcopy(_load("presentations.json"))["presentations"]:
        data.presentations[(presentation["manufacturerName"], presentation["presentationId"])] = presentation
    for organization in copy.deepcopy(_load("organizations.json"))["items"]:
        data.organizations[organization["organizationId"]] = organization
    for preference in copy.deepcopy(_load("preference_definitions.json"))["items"]:
        data.preferences[preference["preferenceId"]] = preference
    data.service_data.update(copy.deepcopy(_load("location_services.json")))
