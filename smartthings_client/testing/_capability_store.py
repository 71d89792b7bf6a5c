"""The custom capabilities created through the emulated API, with their presentations and translations.

Standard definitions are not kept here: they are real captured answers, read from ``data/capabilities.json`` by
``_routes_capabilities``.
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
