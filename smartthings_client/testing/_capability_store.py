"""The custom capabilities created through the emulated API, with their presentations and translations.

Standard and Samsung definitions are not kept here: ``_routes_capabilities`` serves the real ones the client's
capability catalogue vendors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._errors import JsonDict

#: The namespace SmartThings gives the emulated account (real ones look like ``adjectivenoun12345``).
USER_NAMESPACE = "emulatorhome48151"

CapabilityKey = tuple[str, int]


@dataclass
class CustomCapabilities:
    """Per-emulator store; every access happens under the emulator lock."""

    namespaces: list[str] = field(default_factory=lambda: [USER_NAMESPACE])
    definitions: dict[CapabilityKey, JsonDict] = field(default_factory=dict)
    presentations: dict[CapabilityKey, JsonDict] = field(default_factory=dict)
    translations: dict[CapabilityKey, dict[str, JsonDict]] = field(default_factory=dict)

    def forget(self, key: CapabilityKey) -> None:
        """Remove one capability version with its presentation and translations."""
        self.definitions.pop(key, None)
        self.presentations.pop(key, None)
        self.translations.pop(key, None)
