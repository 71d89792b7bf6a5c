"""An offline, stateful SmartThings API emulator for tests, demos and the CLI.

It is an independent implementation of the server side, written from the API contract rather than from
this library's client code, so it can catch client bugs instead of mirroring them::

    import httpx
    from smartthings_client.testing import Emulator

    emu = Emulator()                       # seeded: location "Home", rooms, modes, ~24 real devices
    token = emu.issue_pat()                # a 24 h PAT with every scope
    with httpx.Client(transport=emu.transport, base_url="https://api.smartthings.com/v1",
                      headers={"Authorization": f"Bearer {token}"}) as http:
        light = emu.find_devices(["switch", "switchLevel"])[0]
        http.post(f"/devices/{light}/commands",
                  json={"commands": [{"capability": "switch", "command": "on"}]})
    assert emu.attribute(light, "switch", "switch") == "on"

What it enforces: see README.md next to this file.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_exports

if TYPE_CHECKING:
    from ._clock import DEFAULT_START, FakeClock
    from ._control import ControlAPI
    from ._control_client import ControlAPIError, EmulatorControl
    from ._emulator import (
        DEFAULT_BASE_URL,
        DEFAULT_GRAPH_INSTALL_URL,
        DEFAULT_GRAPH_URL,
        Delivery,
        EmulatedApp,
        Emulator,
        EmulatorTransport,
        Installation,
        RecordedRequest,
        Webhook,
        serve_forever,
    )
    from ._errors import OAuthError
    from ._faults import FAULT_KINDS, Fault, FaultInjector
    from ._lifecycle import (
        configuration_payload,
        confirmation_payload,
        device_event_item,
        envelope,
        oauth_callback_payload,
        ping_payload,
    )
    from ._ratelimit import RateLimiter
    from ._scopes import ALL_PAT_SCOPES, DEFAULT_APP_SCOPES
    from ._seed import SEED_LIGHT_LABEL
    from ._server import LoopbackServer

# Where each public name lives; imported on first use, so the pytest plugin (a submodule) loads quickly in
# every test run, including those that never use its fixtures.
_EXPORTS = {
    "._clock": ("DEFAULT_START", "FakeClock"),
    "._control": ("ControlAPI",),
    "._control_client": ("ControlAPIError", "EmulatorControl"),
    "._emulator": (
        "DEFAULT_BASE_URL",
        "DEFAULT_GRAPH_INSTALL_URL",
        "DEFAULT_GRAPH_URL",
        "Delivery",
        "EmulatedApp",
        "Emulator",
        "EmulatorTransport",
        "Installation",
        "RecordedRequest",
        "Webhook",
        "serve_forever",
    ),
    "._errors": ("OAuthError",),
    "._faults": ("FAULT_KINDS", "Fault", "FaultInjector"),
    "._lifecycle": (
        "configuration_payload",
        "confirmation_payload",
        "device_event_item",
        "envelope",
        "oauth_callback_payload",
        "ping_payload",
    ),
    "._ratelimit": ("RateLimiter",),
    "._scopes": ("ALL_PAT_SCOPES", "DEFAULT_APP_SCOPES"),
    "._seed": ("SEED_LIGHT_LABEL",),
    "._server": ("LoopbackServer",),
}

lazy_exports(__name__, _EXPORTS)

__all__ = [
    "ALL_PAT_SCOPES",
    "DEFAULT_APP_SCOPES",
    "DEFAULT_BASE_URL",
    "DEFAULT_GRAPH_INSTALL_URL",
    "DEFAULT_GRAPH_URL",
    "DEFAULT_START",
    "FAULT_KINDS",
    "SEED_LIGHT_LABEL",
    "ControlAPI",
    "ControlAPIError",
    "Delivery",
    "EmulatedApp",
    "Emulator",
    "EmulatorControl",
    "EmulatorTransport",
    "FakeClock",
    "Fault",
    "FaultInjector",
    "Installation",
    "LoopbackServer",
    "OAuthError",
    "RateLimiter",
    "RecordedRequest",
    "Webhook",
    "configuration_payload",
    "confirmation_payload",
    "device_event_item",
    "envelope",
    "oauth_callback_payload",
    "ping_payload",
    "serve_forever",
]
