"""Load the seed world from ``data/`` (real captured devices and statuses; see data/README.md)."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from ._platform import seed_platform
from ._state import DeviceRecord, State

#: The label of the seeded dimmable light (switch + switchLevel + colorTemperature) the demo switches on.
SEED_LIGHT_LABEL = "Bathroom spot"


@cache
def _load(name: str) -> Any:
    # Parsed once per process; every Emulator gets its own deep copy, so seeds never leak between tests.
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def seed(state: State) -> None:
    """Fill an empty state with the Home location, its rooms and modes, ~24 devices, 3 device profiles, a device
    presentation, 3 organizations and the location service readings."""
    world = copy.deepcopy(_load("location.json"))
    state.add_location(world["location"], world["modes"], world["currentModeId"])
    for room in world["rooms"]:
        state.rooms[room["roomId"]] = room
    for entry in copy.deepcopy(_load("devices.json"))["devices"]:
        record = DeviceRecord(doc=entry["device"], status=entry["status"], health=entry["health"])
        state.devices[record.id] = record
    for profile in copy.deepcopy(_load("deviceprofiles.json"))["items"]:
        state.profiles[profile["id"]] = profile
    seed_platform(state.platform)
