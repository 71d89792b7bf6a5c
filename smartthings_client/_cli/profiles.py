"""Profiles: named settings in ``$XDG_CONFIG_HOME/smartthings-client/config.yaml`` (``~/.config/...``), and the
`profiles` command that shows them (never a token).

The file maps a profile name to its settings::

    default:
      token: 1a2b...            # a personal access token (the file should be readable by you alone)
      location: 397678e5-...    # the location commands use when --location-id is left out
    work:
      base_url: http://127.0.0.1:8088/v1
      organization: 0f8e...
      hub: 5d2c...
      channel: 8a7b...

``--profile NAME`` chooses one, else ``$SMARTTHINGS_PROFILE``, else ``default`` when the file has it.  A setting
of the profile is used only when neither its flag nor its environment variable is given (flag > environment >
profile > built-in default).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .options import PROFILE_ENV
from .problems import UsageError

APP_DIR = "smartthings-client"
DEFAULT_PROFILE = "default"

# Each setting and what it is for (the `profiles show` table and the error for an unknown key list them).
SETTINGS: Mapping[str, str] = {
    "token": "personal access token (never printed)",
    "base_url": "the API to call",
    "location": "default location id",
    "organization": "organization id for drivers and channels",
    "hub": "default hub id",
    "channel": "default driver channel id",
}
SECRET_SETTINGS = frozenset({"token"})
HIDDEN = "(set, hidden)"


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/smartthings-client``, else ``~/.config/smartthings-client``."""
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".config") / APP_DIR


def config_path() -> Path:
    return config_dir() / "config.yaml"


def read_profiles(path: Path | None = None) -> dict[str, dict[str, str]]:
    """Every profile of the config file (none when there is no file), checked: a mistake is a usage error that
    names the file and the key."""
    from .output import yaml_module

    path = path or config_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise UsageError(f"cannot read the profiles file {path}: {error.strerror}") from error
    yaml = yaml_module()
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise UsageError(f"{path} is not valid YAML: {' '.join(str(error).split())}") from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path} must map profile names to their settings")
    profiles: dict[str, dict[str, str]] = {}
    for name, settings in data.items():
        if not isinstance(settings, dict):
            raise UsageError(f"{path}: profile {name!r} must be a mapping of settings")
        unknown = sorted(str(key) for key in settings if key not in SETTINGS)
        if unknown:
            raise UsageError(
                f"{path}: profile {name!r} has unknown setting(s) {', '.join(unknown)}; known: {', '.join(SETTINGS)}"
            )
        profiles[str(name)] = {str(key): str(value) for key, value in settings.items() if value is not None}
    _warn_if_others_can_read(path, profiles)
    return profiles


def _warn_if_others_can_read(path: Path, profiles: Mapping[str, Mapping[str, str]]) -> None:
    """A token in a file that other users can read is a token they have: say so (as ssh does for its keys)."""
    import stat
    import sys

    if os.name != "posix" or not any("token" in settings for settings in profiles.values()):
        return
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        print(f"warning: {path} holds a token and other users can read it: chmod 600 {path}", file=sys.stderr)


def chosen_profile_name(args: argparse.Namespace) -> str | None:
    """--profile, else $SMARTTHINGS_PROFILE (None: the default profile if the file has one)."""
    given = getattr(args, "profile", None) or os.environ.get(PROFILE_ENV, "").strip()
    return given or None


def load_profile(args: argparse.Namespace) -> dict[str, str]:
    """The chosen profile's settings ({} when none is chosen and the file has no default one)."""
    name = chosen_profile_name(args)
    if name is None and not config_path().exists():
        return {}
    profiles = read_profiles()
    if name is None:
        return profiles.get(DEFAULT_PROFILE, {})
    if name not in profiles:
        known = ", ".join(profiles) or "none"
        raise UsageError(f"no profile {name!r} in {config_path()} (profiles there: {known})")
    return profiles[name]


def setting(args: argparse.Namespace, key: str) -> str | None:
    """One setting of the chosen profile (read once per command)."""
    if not hasattr(args, "profile_settings"):
        args.profile_settings = load_profile(args)
    value: str | None = args.profile_settings.get(key)
    return value


def shown(key: str, value: str) -> str:
    return HIDDEN if key in SECRET_SETTINGS else value


def cmd_profiles_list(args: argparse.Namespace) -> None:
    from .output import emit

    profiles = read_profiles()
    active = chosen_profile_name(args) or DEFAULT_PROFILE
    listed = [
        {"name": name, "active": name == active, "settings": sorted(settings)} for name, settings in profiles.items()
    ]
    rows = [(name, "*" if name == active else "", ",".join(sorted(settings))) for name, settings in profiles.items()]
    emit(
        args,
        listed,
        lambda: rows,
        ["profile", "active", "settings"],
    )


def cmd_profiles_show(args: argparse.Namespace) -> None:
    from .output import emit

    name = args.name or chosen_profile_name(args) or DEFAULT_PROFILE
    profiles = read_profiles()
    if name not in profiles:
        raise UsageError(f"no profile {name!r} in {config_path()} (profiles there: {', '.join(profiles) or 'none'})")
    settings = {key: shown(key, value) for key, value in profiles[name].items()}
    emit(
        args,
        settings,
        lambda: ((key, value, SETTINGS[key]) for key, value in settings.items()),
        ["setting", "value", "meaning"],
    )


def cmd_profiles_path(args: argparse.Namespace) -> None:
    from .output import print_json

    if args.json:
        print_json(args, {"path": str(config_path()), "exists": config_path().exists()})
    else:
        print(config_path())


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    profiles = groups.add_parser(
        "profiles", help="named settings (token, base URL, location, organization, hub, channel) in config.yaml"
    ).add_subparsers(dest="action", required=True)
    p = profiles.add_parser("list", parents=[common], help="the profiles of the config file")
    p.set_defaults(func=cmd_profiles_list)
    p = profiles.add_parser("show", parents=[common], help="one profile's settings (a token shows as hidden)")
    p.add_argument("name", metavar="NAME", nargs="?", help="default: the active profile")
    p.set_defaults(func=cmd_profiles_show)
    p = profiles.add_parser("path", parents=[common], help="where the config file is (or would be)")
    p.set_defaults(func=cmd_profiles_path)
