"""`drivers package|install|uninstall|switch|prune`: an Edge driver from its folder to a hub.

``package`` zips a driver folder as smartthings-cli's ``edge:drivers:package`` does (``config.yml``, the optional
``fingerprints.yml`` and ``search-parameters.yml``, ``profiles/*.yml`` and ``src/`` with its ``init.lua``), checks
the YAML, and uploads it (``--build-only FILE`` only writes the zip); ``--assign`` publishes it in a channel and
``--install`` puts it on a hub.  The hub and channel default to the profile's (``hub``, ``channel``).
"""

from __future__ import annotations

import argparse
import io
import sys
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .choose import choose, interactive
from .output import emit
from .session import Session, UsageError

if TYPE_CHECKING:
    from ..client import SmartThings

# smartthings-cli's limit: the driver folder and src/ count towards it.
MAX_SRC_DEPTH = 8


def _yaml_file(folder: Path, stem: str) -> Path | None:
    for suffix in (".yml", ".yaml"):
        if (folder / f"{stem}{suffix}").is_file():
            return folder / f"{stem}{suffix}"
    return None


def _checked_yaml(path: Path) -> bytes:
    from .output import yaml_module

    yaml = yaml_module()
    data = path.read_bytes()
    try:
        yaml.safe_load(data)
    except yaml.YAMLError as error:
        raise UsageError(f"{path} is not valid YAML: {' '.join(str(error).split())}") from error
    return data


def build_package(folder: Path) -> bytes:
    """The zipped driver package of a driver folder (a usage error names what is missing or broken)."""
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a driver folder")
    config = _yaml_file(folder, "config")
    if config is None:
        raise UsageError(f"{folder} has no config.yml (or config.yaml): it is not a driver folder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("config.yml", _checked_yaml(config))
        for stem in ("fingerprints", "search-parameters"):
            optional = _yaml_file(folder, stem)
            if optional is not None:
                archive.writestr(f"{stem}.yml", _checked_yaml(optional))
        profiles = folder / "profiles"
        if not profiles.is_dir():
            raise UsageError(f"{folder} has no profiles/ folder")
        for profile in sorted(profiles.iterdir()):
            if profile.suffix not in (".yml", ".yaml"):
                raise UsageError(f"{profile}: a profile must be a .yml or .yaml file")
            archive.writestr(f"profiles/{profile.stem}.yml", _checked_yaml(profile))
        source = folder / "src"
        if not (source / "init.lua").is_file():
            raise UsageError(f"{folder} has no src/init.lua")
        for path in sorted(source.rglob("*")):
            relative = path.relative_to(source)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                if len(relative.parts) > MAX_SRC_DEPTH:
                    raise UsageError(f"{path}: src/ is nested deeper than {MAX_SRC_DEPTH} folders")
                archive.writestr(f"src/{relative.as_posix()}", path.read_bytes())
    return buffer.getvalue()


def _setting(args: argparse.Namespace, given: str | None, key: str) -> str | None:
    from .profiles import setting

    return given or setting(args, key)


def hub_id(args: argparse.Namespace, client: SmartThings) -> str:
    """--hub, else the profile's hub, else the only hub, else (on a terminal) the one chosen."""
    chosen = _setting(args, args.hub, "hub")
    if chosen:
        return chosen
    hubs = list(client.devices.list(type="HUB"))
    if len(hubs) == 1:
        return hubs[0].device_id
    return choose("hub", "--hub", [(h.device_id, h.display_name or "") for h in hubs], why=f"{len(hubs)} hubs")


def _channel(args: argparse.Namespace, given: str | None) -> str:
    channel = _setting(args, given, "channel")
    if not channel:
        raise UsageError("give --channel (or set channel in the profile)")
    return channel


def _organization(args: argparse.Namespace) -> str | None:
    return _setting(args, None, "organization")


def cmd_drivers_package(args: argparse.Namespace) -> None:
    archive = build_package(Path(args.folder))
    if args.build_only:
        Path(args.build_only).write_bytes(archive)
        written = {"file": args.build_only, "bytes": len(archive)}
        emit(args, written, lambda: [(args.build_only, len(archive))], ["file", "bytes"])
        return
    with Session(args) as session:
        client = session.client
        driver = client.drivers.upload(archive, organization_id=_organization(args))
        rows: list[tuple[str, str]] = [("uploaded", f"{driver.name} {driver.driver_id} version {driver.version}")]
        if args.assign or args.install:
            channel = _channel(args, args.assign if isinstance(args.assign, str) else None)
            client.channels.assign_driver(channel, driver.driver_id, driver.version or "")
            rows.append(("assigned", f"channel {channel}"))
            if args.install:
                hub = hub_id(args, client)
                client.hub_devices.install_driver(hub, driver.driver_id, channel_id=channel)
                rows.append(("installed", f"hub {hub}"))
        emit(args, driver, lambda: rows, ["step", "result"])


def cmd_drivers_install(args: argparse.Namespace) -> None:
    with Session(args) as session:
        client = session.client
        hub, channel = hub_id(args, client), _channel(args, args.channel)
        client.hub_devices.install_driver(hub, args.driver_id, channel_id=channel)
        result = {"hubId": hub, "driverId": args.driver_id, "channelId": channel, "installed": True}
        emit(args, result, lambda: [(hub, args.driver_id, channel)], ["hub id", "driver id", "channel id"])


def cmd_drivers_uninstall(args: argparse.Namespace) -> None:
    with Session(args) as session:
        hub = hub_id(args, session.client)
        session.client.hub_devices.uninstall_driver(hub, args.driver_id)
        result = {"hubId": hub, "driverId": args.driver_id, "uninstalled": True}
        emit(args, result, lambda: [(hub, args.driver_id)], ["hub id", "uninstalled driver id"])


def _device_hub_and_driver(device: Any) -> tuple[str | None, str | None]:
    """The hub a device joined through and the driver it runs (from its zigbee/zwave/lan/matter block)."""
    block = device.integration or {}
    hub, driver = block.get("hubId"), block.get("driverId")
    return (str(hub) if hub else None, str(driver) if driver else None)


def cmd_drivers_switch(args: argparse.Namespace) -> None:
    from .choose import device_id

    with Session(args) as session:
        client = session.client
        target = device_id(args, client)
        device_hub, current = _device_hub_and_driver(client.devices.get(target))
        hub = args.hub or device_hub or hub_id(args, client)
        driver = args.driver
        if driver is None:
            matching = client.hub_devices.installed_drivers(hub, device_id=target)
            options = [(d.driver_id, d.name or "") for d in matching if d.driver_id != current]
            driver = choose("driver", "--driver", options, why="no --driver given")
        client.hub_devices.switch_driver(hub, target, driver, force_update=args.force)
        result = {"deviceId": target, "hubId": hub, "previousDriverId": current, "driverId": driver}
        emit(args, result, lambda: [(target, current or "", driver)], ["device id", "previous driver id", "driver id"])


def cmd_drivers_prune(args: argparse.Namespace) -> None:
    with Session(args) as session:
        client = session.client
        hub = hub_id(args, client)
        installed = client.hub_devices.installed_drivers(hub)
        # A driver any device runs is in use, whichever hub the device names (never remove one too many).
        in_use = {_device_hub_and_driver(device)[1] for device in client.devices.list()}
        # LAN drivers come back by themselves (the hub reinstalls them), so they are never pruned.
        lan = {d.driver_id for d in client.drivers.list_default() if any(p.name == "lan" for p in d.permissions)}
        unused = [d for d in installed if d.driver_id not in in_use and d.driver_id not in lan]
        removed = []
        for driver in unused:
            if args.yes or (interactive() and _confirm(f"uninstall {driver.name} ({driver.driver_id})?")):
                client.hub_devices.uninstall_driver(hub, driver.driver_id)
                removed.append(driver.driver_id)
        result = {"hubId": hub, "unused": [d.driver_id for d in unused], "uninstalled": removed}
        emit(
            args,
            result,
            lambda: [(d.driver_id, d.name, "uninstalled" if d.driver_id in removed else "kept") for d in unused],
            ["driver id", "name", "result"],
        )
        if unused and not removed and not args.yes and not interactive():
            print("nothing uninstalled: pass --yes to uninstall the drivers above", file=sys.stderr)


def _confirm(question: str) -> bool:
    print(f"{question} [y/N] ", end="", file=sys.stderr, flush=True)
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def add_commands(drivers: Any, common: argparse.ArgumentParser) -> None:
    p = drivers.add_parser(
        "package",
        parents=[common],
        help="zip a driver folder and upload it (then --assign to a channel, --install on a hub)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("folder", metavar="FOLDER", nargs="?", default=".", help="the driver folder (default: here)")
    p.add_argument("--build-only", metavar="FILE", help="only write the zip here; upload nothing")
    p.add_argument(
        "--assign",
        metavar="CHANNEL_ID",
        nargs="?",
        const=True,
        help="publish the new version in this channel (alone: the profile's channel)",
    )
    p.add_argument("--install", action="store_true", help="and install it on --hub (default: the profile's hub)")
    p.add_argument("--hub", help="the hub for --install (default: the profile's, else the only one)")
    p.set_defaults(func=cmd_drivers_package)
    for action, text, func in (
        ("install", "install a driver on a hub from a channel", cmd_drivers_install),
        ("uninstall", "remove a driver from a hub", cmd_drivers_uninstall),
    ):
        p = drivers.add_parser(action, parents=[common], help=text)
        p.add_argument("driver_id", metavar="DRIVER_ID", help="the driver")
        p.add_argument("--hub", help="the hub (default: the profile's, else the only one, else chosen)")
        if action == "install":
            p.add_argument("--channel", help="the channel it is published in (default: the profile's)")
        p.set_defaults(func=func)
    p = drivers.add_parser("switch", parents=[common], help="switch a device to another driver installed on its hub")
    p.add_argument("device_id", metavar="DEVICE_ID", nargs="?", help="the device (on a terminal: chosen)")
    p.add_argument("--driver", help="the driver to switch to (on a terminal: chosen from the matching ones)")
    p.add_argument("--hub", help="default: the hub the device joined through")
    p.add_argument(
        "--force", action="store_true", help="switch even to a driver whose fingerprints do not match (forceUpdate)"
    )
    p.set_defaults(func=cmd_drivers_switch)
    p = drivers.add_parser("prune", parents=[common], help="uninstall the drivers no device of a hub uses")
    p.add_argument("--hub", help="the hub (default: the profile's, else the only one, else chosen)")
    p.add_argument("--yes", action="store_true", help="uninstall without asking (off a terminal: required)")
    p.set_defaults(func=cmd_drivers_prune)
