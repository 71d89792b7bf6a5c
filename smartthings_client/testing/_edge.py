"""The emulator's Edge world: drivers and their revisions, channels with assigned drivers and enrolled hubs.

There is no real capture of these endpoints (contract §11): documents follow the official core SDK's types.  The
seed (``data/edge.json``) names the drivers and the channel that the seeded hub's real ``hubDrivers`` list refers
to, plus one driver and one channel "you" own.  A hub's installed drivers live where the real hub device document
keeps them, in ``hub.hubDrivers``, so ``GET /devices/{hubId}`` and ``/hubdevices/{hubId}/drivers`` agree.
"""

from __future__ import annotations

import copy
import io
import weakref
import zipfile
from dataclasses import dataclass, field
from typing import Any

from . import _yaml
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._seed import _load
from ._state import DeviceRecord, State, new_id

#: Per driver fingerprint list in fingerprints.yml: the fingerprint ``type`` and the key of its details.
_FINGERPRINT_KINDS = {
    "zigbeeManufacturer": "ZIGBEE_MANUFACTURER",
    "zigbeeGeneric": "ZIGBEE_GENERIC",
    "zwaveManufacturer": "ZWAVE_MANUFACTURER",
    "zwaveGeneric": "ZWAVE_GENERIC",
}
_FINGERPRINT_COMMON = ("id", "deviceLabel", "deviceProfileName")
#: Device ``type`` -> the fingerprint types that can match it.
_PROTOCOL_TYPES = {"ZIGBEE": "ZIGBEE_", "ZWAVE": "ZWAVE_"}
_PROTOCOL_KEYS = ("zigbee", "zwave", "lan", "matter", "edgeChild")


@dataclass
class DriverRecord:
    """A driver: every revision by version, the latest one, and who publishes it."""

    revisions: dict[str, JsonDict]
    latest: str
    owned: bool
    developer: str
    vendor_support: str

    @property
    def doc(self) -> JsonDict:
        """The latest revision."""
        return self.revisions[self.latest]


@dataclass
class ChannelRecord:
    """A channel: its document, its assigned drivers (driverId -> details) and the hubs enrolled in it."""

    doc: JsonDict
    owned: bool
    drivers: dict[str, JsonDict] = field(default_factory=dict)
    hubs: list[str] = field(default_factory=list)


@dataclass
class EdgeStore:
    """Drivers and channels of one emulator."""

    drivers: dict[str, DriverRecord] = field(default_factory=dict)
    channels: dict[str, ChannelRecord] = field(default_factory=dict)

    def driver(self, driver_id: str) -> DriverRecord:
        """Return a driver or raise 404."""
        record = self.drivers.get(driver_id)
        if record is None:
            raise not_found(f"Driver {driver_id}")
        return record

    def channel(self, channel_id: str) -> ChannelRecord:
        """Return a channel or raise 404."""
        record = self.channels.get(channel_id)
        if record is None:
            raise not_found(f"Channel {channel_id}")
        return record

    def details(self, channel_id: str, driver_id: str, version: str, now: str, created: str | None) -> JsonDict:
        """A DriverChannelDetails document."""
        return {
            "channelId": channel_id,
            "driverId": driver_id,
            "version": version,
            "createdDate": created or now,
            "lastModifiedDate": now,
        }


_STORES: weakref.WeakKeyDictionary[State, EdgeStore] = weakref.WeakKeyDictionary()


def edge(state: State) -> EdgeStore:
    """The Edge store of an emulator's state, seeded on first use (under the emulator lock, as every route)."""
    store = _STORES.get(state)
    if store is None:
        store = _STORES[state] = _seeded(state)
    return store


def _seeded(state: State) -> EdgeStore:
    store = EdgeStore()
    seed = copy.deepcopy(_load("edge.json"))
    for entry in seed["drivers"]:
        doc = entry["driver"]
        store.drivers[doc["driverId"]] = DriverRecord(
            {doc["version"]: doc}, doc["version"], entry["owned"], entry["developer"], entry["vendorSupportInformation"]
        )
    for entry in seed["channels"]:
        doc = entry["channel"]
        record = ChannelRecord(doc, entry["owned"])
        for driver_id in entry["drivers"]:
            version = store.drivers[driver_id].latest
            record.drivers[driver_id] = store.details(
                doc["channelId"], driver_id, version, doc["lastModifiedDate"], doc["createdDate"]
            )
        record.hubs = [hub for hub in entry["hubs"] if hub in state.devices]
        store.channels[doc["channelId"]] = record
    return store


# ----- hubs ---------------------------------------------------------------------------------------------------
def hub(state: State, hub_id: str) -> DeviceRecord:
    """A hub device (``type: HUB``) or 404."""
    record = state.devices.get(hub_id)
    if record is None or record.doc.get("type") != "HUB":
        raise not_found(f"Hub {hub_id}")
    return record


def hub_drivers(record: DeviceRecord) -> list[JsonDict]:
    """The hub document's installed drivers ``[{driverVersion, driverId, channelId}]`` (kept in place)."""
    details = record.doc.setdefault("hub", {})
    installed: list[JsonDict] = details.setdefault("hubDrivers", [])
    return installed


def child_protocol(state: State, hub_id: str, device_id: str) -> JsonDict:
    """The protocol block (``zigbee``, ``zwave``...) of a device joined through this hub, which holds its
    ``driverId``; 404 for an unknown device, 422 for one of another hub."""
    device = state.device(device_id)
    for key in _PROTOCOL_KEYS:
        block = device.doc.get(key)
        if isinstance(block, dict) and block.get("hubId") == hub_id:
            return block
    raise constraint(
        "The request is malformed.",
        detail("NotChildDeviceError", f"device {device_id} is not a device of hub {hub_id}", "deviceId"),
    )


def matches_device(store: EdgeStore, driver_id: str, device: DeviceRecord, current: str | None) -> bool:
    """Whether a driver is one the device could use: its current one, or one with a fingerprint of its protocol."""
    if driver_id == current:
        return True
    record = store.drivers.get(driver_id)
    driver = record.doc if record is not None else {}
    prefix = _PROTOCOL_TYPES.get(str(device.doc.get("type")))
    return prefix is not None and any(
        str(fp.get("type", "")).startswith(prefix) for fp in driver.get("fingerprints") or []
    )


def installed_doc(store: EdgeStore, entry: JsonDict) -> JsonDict:
    """An InstalledDriver document for one ``hubDrivers`` entry."""
    record = store.drivers.get(str(entry.get("driverId")))
    version = str(entry.get("driverVersion"))
    doc = (record.revisions.get(version) or record.doc) if record is not None else {}
    return {
        "driverId": entry.get("driverId"),
        "name": doc.get("name", "unknown driver"),
        "description": doc.get("description"),
        "version": version,
        "channelId": entry.get("channelId"),
        "developer": record.developer if record is not None else "unknown",
        "vendorSupportInformation": record.vendor_support if record is not None else "",
        "permissions": {p["name"]: p.get("attributes", {}) for p in doc.get("permissions") or [] if "name" in p},
    }


# ----- driver packages --------------------------------------------------------------------------------------------
def _package_error(message: str) -> ApiError:
    return constraint(f"Invalid driver package: {message}", detail("InvalidPackageError", message, "package"))


def _read_yaml(archive: zipfile.ZipFile, name: str) -> Any:
    try:
        return _yaml.parse(archive.read(name).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _package_error(f"{name} could not be read: {exc}") from exc


def _member(archive: zipfile.ZipFile, name: str) -> str | None:
    # The CLI zips the driver folder's content; a package zipped with its folder has one more level.
    for candidate in archive.namelist():
        if candidate == name or (candidate.endswith("/" + name) and candidate.count("/") == 1):
            return candidate
    return None


def read_package(content: bytes) -> tuple[JsonDict, list[JsonDict]]:
    """``config.yml`` and the fingerprints of a zipped driver package, or a 422 saying what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile as exc:
        raise _package_error("the body is not a zip archive") from exc
    with archive:
        config_name = _member(archive, "config.yml")
        if config_name is None:
            raise _package_error("config.yml is missing")
        config = _read_yaml(archive, config_name)
        if not isinstance(config, dict):
            raise _package_error("config.yml must be a mapping")
        missing = [key for key in ("name", "packageKey") if not isinstance(config.get(key), str) or not config[key]]
        if missing:
            raise _package_error(f"config.yml lacks {', '.join(missing)}")
        fingerprints_name = _member(archive, "fingerprints.yml")
        raw = _read_yaml(archive, fingerprints_name) if fingerprints_name else {}
    if not isinstance(raw, dict):
        raise _package_error("fingerprints.yml must be a mapping")
    fingerprints: list[JsonDict] = []
    for key, kind in _FINGERPRINT_KINDS.items():
        for item in raw.get(key) or []:
            if not isinstance(item, dict) or not item.get("id"):
                raise _package_error(f"every {key} fingerprint in fingerprints.yml needs an id")
            entry: JsonDict = {"id": str(item["id"]), "type": kind}
            if item.get("deviceLabel"):
                entry["deviceLabel"] = item["deviceLabel"]
            entry[key] = {k: v for k, v in item.items() if k not in _FINGERPRINT_COMMON}
            fingerprints.append(entry)
    return config, fingerprints


def upload(store: EdgeStore, content: bytes, version: str) -> JsonDict:
    """Store an uploaded package: a new driver, or a new revision of the one with the same ``packageKey``."""
    config, fingerprints = read_package(content)
    permissions = config.get("permissions") or {}
    if not isinstance(permissions, dict):
        raise _package_error("config.yml permissions must be a mapping")
    permission_list = [{"name": str(k), "attributes": v if isinstance(v, dict) else {}} for k, v in permissions.items()]
    existing = next(
        (r for r in store.drivers.values() if r.owned and r.doc.get("packageKey") == config["packageKey"]), None
    )
    driver_id = str(existing.doc["driverId"]) if existing is not None else new_id()
    while existing is not None and version in existing.revisions:  # two uploads within one clock instant
        version = version[:-9] + f"{int(version[-9:]) + 1:09d}"
    doc: JsonDict = {
        "driverId": driver_id,
        "name": config["name"],
        "description": config.get("description") or "",
        "packageKey": config["packageKey"],
        "version": version,
        "deviceIntegrationProfiles": [],
        "permissions": permission_list,
        "fingerprints": fingerprints,
    }
    if existing is None:
        vendor = str(config.get("vendorSupportInformation") or "")
        store.drivers[driver_id] = DriverRecord({version: doc}, version, True, "Emulator Developer", vendor)
    else:
        existing.revisions[version] = doc
        existing.latest = version
    return doc
