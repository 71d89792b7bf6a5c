"""Load the seed world from ``data/`` (real captured devices and statuses; see data/README.md)."""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from ._platform import seed_platform
from ._state import OWNER_ID, USER_PRINCIPAL, DeviceRecord, RuleRecord, SceneRecord, State

#: The label of the seeded dimmable light (switch + switchLevel + colorTemperature) the demo switches on.
SEED_LIGHT_LABEL = "Bathroom spot"


@cache
def _load(name: str) -> Any:
    # Parsed once per process; every Emulator gets its own deep copy, so seeds never leak between tests.
    text = resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return json.loads(text)


def virtual_prototypes() -> dict[str, Any]:
    """The standard virtual device prototypes (``data/virtualdevices.json``), read-only."""
    prototypes: dict[str, Any] = _load("virtualdevices.json")["prototypes"]
    return prototypes


def seed(state: State) -> None:
    """Fill an empty state with the Home location, its rooms and modes, ~24 devices, 3 device profiles, 5
    scenes, 2 rules of the PAT user, a device presentation, 3 organizations and the location service readings."""
    world = copy.deepcopy(_load("location.json"))
    state.add_location(world["location"], world["modes"], world["currentModeId"])
    for room in world["rooms"]:
        state.rooms[room["roomId"]] = room
    for entry in copy.deepcopy(_load("devices.json"))["devices"]:
        record = DeviceRecord(doc=entry["device"], status=entry["status"], health=entry["health"])
        state.devices[record.id] = record
    preferences = _load("devicepreferences.json")
    for record in state.devices.values():
        answer = preferences.get(record.doc.get("label"))
        if isinstance(answer, dict):
            record.preferences = copy.deepcopy(answer["values"])
    for profile in copy.deepcopy(_load("deviceprofiles.json"))["items"]:
        state.profiles[profile["id"]] = profile
    for entry in copy.deepcopy(_load("scenes.json"))["scenes"]:
        scene = SceneRecord(doc=entry["scene"], actions=entry["actions"])
        state.scenes[str(scene.doc["sceneId"])] = scene
    location_id = str(world["location"]["locationId"])
    for rule in copy.deepcopy(_load("rules.json"))["rules"]:
        now = state.now_iso()
        rule.update(ownerType="User", ownerId=OWNER_ID, dateCreated=now, dateUpdated=now, status="Enabled")
        state.rules[rule["id"]] = RuleRecord(doc=rule, location_id=location_id, principal=USER_PRINCIPAL)
    seed_platform(state.platform)
