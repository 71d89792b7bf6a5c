"""The emulator console: the web page a served emulator shows at ``/`` (HTML, CSS and plain JavaScript shipped in
``console/``, no build step), and what its control endpoints read: the world as the page draws it, the journal,
and an event stream that pushes both whenever they change.

The page plays the SmartThings app: it reads ``GET /_emulator/world`` (or listens to ``/_emulator/world/stream``),
sends device commands through the emulated API with a PAT it asks the control API for (so the API's 422s show),
and installs webhook SmartApps through the control API, which signs every lifecycle request.
"""

from __future__ import annotations

import copy
import json
import time
from collections.abc import Callable, Iterator
from importlib import resources
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import JsonDict
from ._seed import virtual_prototypes
from ._sinks import LiveStreamBody

if TYPE_CHECKING:
    from ._emulator import Emulator
    from ._webhook import Webhook

__all__ = ["ASSETS", "WorldStream", "asset_response", "journal", "world"]

#: Request path -> (file in ``console/``, content type).  ``/`` is the page; the rest are its assets.
ASSETS: dict[str, tuple[str, str]] = {
    "/": ("index.html", "text/html; charset=utf-8"),
    "/console/console.js": ("console.js", "text/javascript; charset=utf-8"),
    "/console/settings.js": ("settings.js", "text/javascript; charset=utf-8"),
    "/console/console.css": ("console.css", "text/css; charset=utf-8"),
}
#: How many journal entries the page is sent (the newest).
JOURNAL_LENGTH = 200
#: How often the stream looks for changes, and how long it stays quiet before a keep-alive comment (which is also how
#: a connection the browser closed is noticed: writing to it fails, and the server's thread ends).
_POLL = 0.2
_KEEP_ALIVE = 2.0


def asset_response(path: str) -> httpx.Response:
    """The console's page or one of its assets (the caller checked ``path in ASSETS``)."""
    name, content_type = ASSETS[path]
    content = resources.files(__package__).joinpath("console").joinpath(name).read_bytes()
    return httpx.Response(200, headers={"content-type": content_type, "cache-control": "no-store"}, content=content)


def world(emulator: Emulator) -> JsonDict:
    """Locations (with modes), rooms, devices (components, capabilities, status, health), scenes and installed
    apps (with their configuration): everything the console draws, read under the emulator's lock."""
    with emulator._lock:
        state = emulator._state
        locations = [
            {
                "locationId": location_id,
                "name": doc.get("name"),
                "modes": [
                    {"id": m["id"], "name": m.get("label") or m.get("name")} for m in state.modes.get(location_id, [])
                ],
                "currentModeId": state.current_mode.get(location_id),
            }
            for location_id, doc in state.locations.items()
        ]
        rooms = [
            {"roomId": r["roomId"], "name": r.get("name"), "locationId": r.get("locationId")}
            for r in state.rooms.values()
        ]
        devices = [
            {
                "deviceId": record.id,
                "label": record.doc.get("label") or record.doc.get("name") or record.id,
                "type": record.doc.get("type"),
                "locationId": record.location_id,
                "roomId": record.doc.get("roomId"),
                "components": [
                    {"id": c["id"], "capabilities": [str(cap["id"]) for cap in c.get("capabilities", [])]}
                    for c in record.doc.get("components", [])
                ],
                "status": copy.deepcopy(record.status.get("components", {})),
                "health": record.health["state"] if record.health else None,
            }
            for record in state.devices.values()
        ]
        scenes = [
            {"sceneId": s.doc.get("sceneId"), "sceneName": s.doc.get("sceneName"), "locationId": s.location_id}
            for s in state.scenes.values()
        ]
        installed = [
            {
                "installedAppId": record.id,
                "appId": record.app_id,
                "displayName": record.doc.get("displayName"),
                "locationId": record.location_id,
                "permissions": list(record.permissions),
                "config": record.current_config(),
            }
            for record in state.installed_apps.values()
        ]
    return {
        "locations": locations,
        "rooms": rooms,
        "devices": devices,
        "scenes": scenes,
        "installedApps": installed,
        "prototypes": sorted(virtual_prototypes()),
    }


def journal(emulator: Emulator, hooks: list[Webhook]) -> JsonDict:
    """The newest API requests and the lifecycle requests sent to the registered webhooks, with their answers."""
    requests = [
        {"method": r.method, "path": r.path, "status": r.status, "tokenKind": r.token_kind, "fault": r.fault}
        for r in emulator.requests[-JOURNAL_LENGTH:]
    ]
    lifecycles = [
        {
            "appId": hook.app_id,
            "lifecycle": d.lifecycle,
            "status": d.status,
            "request": _redacted(d.request),
            "answer": d.body,
        }
        for hook in hooks
        for d in hook.deliveries
    ]
    return {"requests": requests, "lifecycles": lifecycles[-JOURNAL_LENGTH:]}


#: The keys of a lifecycle request whose values the journal never shows (a browser page is no place for tokens).
SECRET_KEYS = frozenset({"authToken", "refreshToken"})


def _redacted(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: "(redacted)" if k in SECRET_KEYS else _redacted(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v) for v in value]
    return value


class WorldStream(LiveStreamBody):
    """``text/event-stream`` of ``event: world`` frames, each the whole snapshot ``read()`` gives, sent at once and
    again whenever it changes (the page redraws from the newest; nothing is lost by skipping the ones between)."""

    def __init__(self, read: Callable[[], Any]) -> None:
        self._read = read
        self._closed = False

    def _frames(self) -> Iterator[bytes | None]:
        last = None
        quiet_since = time.monotonic()
        while not self._closed:
            text = json.dumps(self._read(), separators=(",", ":"), sort_keys=True)
            if text != last:
                last, quiet_since = text, time.monotonic()
                yield b"event: world\ndata: " + text.encode() + b"\n\n"
            elif time.monotonic() - quiet_since > _KEEP_ALIVE:
                quiet_since = time.monotonic()
                yield b": keep-alive\n\n"
            else:
                yield None

    def __iter__(self) -> Iterator[bytes]:
        for frame in self._frames():
            if frame is None:
                time.sleep(_POLL)
            else:
                yield frame

    def close(self) -> None:
        """The client went away."""
        self._closed = True
