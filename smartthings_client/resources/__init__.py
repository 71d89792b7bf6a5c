"""Resource groups; reach them as attributes of a client (``st.devices``, ``st.locations``...)."""

from __future__ import annotations

import importlib

#: Every module that declares operations; importing them all completes ``smartthings_client.scopes.OPERATIONS``.
GROUP_MODULES = (
    "devices",
    "locations",
    "installedapps",
    "subscriptions",
    "schedules",
    "deviceprofiles",
    "apps",
    "schema",
    "capabilities",
    "scenes",
    "rules",
    "history",
    "virtualdevices",
    "events",
    "drivers",
    "channels",
    "hub_devices",
    "presentation",
    "devicepreferences",
    "organizations",
    "notifications",
    "services",
)


_loaded = False


def load_all() -> None:
    """Import every resource module (once), so that every operation is declared."""
    global _loaded  # noqa: PLW0603 - a flag, set once
    if not _loaded:
        for name in GROUP_MODULES:
            importlib.import_module(f"{__name__}.{name}")
        _loaded = True
