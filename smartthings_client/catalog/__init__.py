"""The capability catalogue: what a device can do and report, typed.

Every capability of the ``standard``, ``samsungce``, ``custom``, ``samsungvd`` and ``samsungim`` namespaces has a
module, generated from the definition SmartThings publishes: a typed key per attribute and a builder per command,
checked by mypy before anything is sent and against the definition when it is built::

    from smartthings_client.catalog import switch, switch_level
    from smartthings_client.catalog.samsungce import washer_operating_state

    st.devices.execute(device_id, [switch.on(), switch_level.set_level(40)])
    level = st.devices.status(device_id).read(switch_level.LEVEL)      # int | None

Standard capabilities are modules of this package (``switch_level`` for ``switchLevel``); the others live in a
package per namespace (``samsungce.washer_cycle`` for ``samsungce.washerCycle``).  Importing one module loads only
that capability; its definition is read from ``_definitions/`` when its first command is built.

:func:`definition` finds a bundled definition by id, for checks at run time (the CLI uses it);
``st.capabilities.command(...)`` does the same for capabilities that are not bundled (your own), from the API.
"""

from __future__ import annotations

from ._runtime import Attribute, CapabilityDefinition, CapabilityHandle, Reading
from ._runtime import bundled_definition as definition

__all__ = ["Attribute", "CapabilityDefinition", "CapabilityHandle", "Reading", "definition"]
