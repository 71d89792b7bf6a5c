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
    "presentation",
    "devicepreferences",
    "organizations",
    "notifications",
    "services",
)


def load_all() -> None:
    """Import every resource module, so that every operation is declared."""
    for name in GROUP_MODULES:
        importlib.import_module(f"{__name__}.{name}")
