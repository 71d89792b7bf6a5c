"""The Emulator: one router over an in-memory SmartThings account, plus helpers tests drive it with."""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import httpx

from .._defaults import DEFAULT_BASE_URL
from . import _auth, _installs, _lifecycle
from ._classic import classic_authorize
from ._clock import FakeClock
from ._errors import JsonDict, OAuthError
from ._faults import FaultInjector, Outcome
from ._oauth import authorize as oauth_authorize
from ._ratelimit import RateLimiter
from ._router import RecordedRequest, Router
from ._routes_apps import new_app
from ._routes_devices import build_app_device, initial_status
from ._routes_schema import install as install_schema_app
from ._scopes import ALL_PAT_SCOPES, DEFAULT_APP_SCOPES, normalise
from ._seed import seed as load_seed
from ._server import LoopbackServer
from ._state import OWNER_ID, AppRecord, DeviceRecord, SceneRecord, State, new_id
from ._webhook import Delivery, Webhook

if TYPE_CHECKING:
    from ._hub_logs import HubLogServer

DEFAULT_GRAPH_URL = "https://graph.api.smartthings.com"
DEFAULT_GRAPH_INSTALL_URL = "https://graph-na02-useast1.api.smartthings.com:443"
#: The legacy refresh host still seen in the field (contract §6.1) answers like the API origin.
LEGACY_AUTH_HOST = "auth-global.api.smartthings.com"


@dataclass(frozen=True)
class EmulatedApp:
    """Credentials of an app registered with :meth:`Emulator.create_app` (or the classic variant)."""

    app_id: str
    app_name: str
    client_id: str
    client_secret: str
    app_type: str = "WEBHOOK_SMART_APP"
    scopes: tuple[str, ...] = ()
    redirect_uris: tuple[str, ...] = ()


@dataclass(frozen=True)
class Installation:
    """The result of :meth:`Emulator.install`: ids, the INSTALL tokens and the INSTALL payload."""

    installed_app_id: str
    location_id: str
    app_id: str
    auth_token: str
    refresh_token: str
    payload: JsonDict


class EmulatorTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """An httpx transport for both ``httpx.Client`` and ``httpx.AsyncClient`` that answers from the emulator."""

    def __init__(self, emulator: Emulator) -> None:
        self._emulator = emulator

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve a request synchronously."""
        request.read()
        return self._emulator.handle(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve a request for an async client (the emulator itself never blocks on I/O)."""
        await request.aread()
        return self._emulator.handle(request)


class Emulator:
    """An offline, stateful SmartThings API: devices, locations, apps, tokens, OAuth, limits and faults.

    Use ``emu.transport`` with ``httpx.Client``/``httpx.AsyncClient`` (or the SmartThings client), or
    ``emu.serve(port=0)`` for a real socket. Everything time-based reads ``emu.clock``.
    """

    def __init__(
        self,
        seed: bool = True,
        base_url: str = DEFAULT_BASE_URL,
        page_size: int = 200,
        clock: FakeClock | None = None,
        *,
        graph_url: str = DEFAULT_GRAPH_URL,
        graph_install_url: str = DEFAULT_GRAPH_INSTALL_URL,
    ) -> None:
        if page_size < 1:
            raise ValueError("page_size must be >= 1")
        self._lock = threading.RLock()
        self.clock = clock or FakeClock()
        self.base_url = base_url.rstrip("/")
        self.graph_url = graph_url.rstrip("/")
        self.graph_install_url = graph_install_url.rstrip("/")
        self._page_size = page_size
        self.rate_limits = RateLimiter(self.clock)
        self.faults = FaultInjector()
        self._state, self._router = self._fresh_world(seed)
        self.transport = EmulatorTransport(self)

    def _fresh_world(self, seed: bool) -> tuple[State, Router]:
        state = State(self.clock, self._page_size)
        router = Router(
            state,
            self._lock,
            self.rate_limits,
            self.faults,
            api_hosts={httpx.URL(self.base_url).host, LEGACY_AUTH_HOST},
            classic_hosts={httpx.URL(self.graph_url).host, httpx.URL(self.graph_install_url).host},
            classic_install_origin=self.graph_install_url,
        )
        if seed:
            load_seed(state)
        return state, router

    def reset(self, seed: bool = True) -> None:
        """Start over: a new account (seeded unless ``seed=False``), every token, fault, rate limit and journal
        entry gone.  The clock and the servers serving this emulator carry on."""
        with self._lock:
            self.faults.clear()
            self.rate_limits.disable()
            self._state, self._router = self._fresh_world(seed)

    # =====================================================================================================
    # Routing
    # =====================================================================================================
    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in-process (the one router everything goes through).

        Dropped connections and timeouts from injected faults are raised as the httpx errors a real
        transport would raise.
        """
        return self._router.handle(request)

    def process(self, request: httpx.Request, *, loopback: bool = False) -> Outcome:
        """Route a request and say how to deliver it (used by the loopback server)."""
        return self._router.process(request, loopback=loopback)

    # =====================================================================================================
    # Observing
    # =====================================================================================================
    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request served so far (a copy), e.g. ``[r for r in emu.requests if r.path == "/oauth/token"]``."""
        with self._lock:
            return list(self._router.journal)

    def clear_requests(self) -> None:
        """Forget the journal."""
        with self._lock:
            self._router.journal.clear()

    @property
    def page_size(self) -> int:
        """The default page size of list endpoints (``max`` overrides it per request)."""
        return self._state.page_size

    @property
    def location_id(self) -> str:
        """The seeded ("Home") location's id, or the first location's."""
        with self._lock:
            if not self._state.locations:
                raise LookupError("the emulator has no location; create one with add_location()")
            return next(iter(self._state.locations))

    @property
    def devices(self) -> tuple[str, ...]:
        """All device ids, in listing order."""
        with self._lock:
            return tuple(self._state.devices)

    @property
    def rooms(self) -> dict[str, str]:
        """Rooms of the default location: name -> roomId."""
        with self._lock:
            location_id = self.location_id
            return {r["name"]: r["roomId"] for r in self._state.rooms.values() if r["locationId"] == location_id}

    @property
    def modes(self) -> dict[str, str]:
        """Modes of the default location: name -> modeId."""
        with self._lock:
            return {m["name"]: m["id"] for m in self._state.modes.get(self.location_id, [])}

    @property
    def current_mode_id(self) -> str:
        """The default location's current mode id."""
        with self._lock:
            return self._state.current_mode[self.location_id]

    def devices_by_label(self) -> dict[str, str]:
        """Device label -> deviceId (first wins on duplicates). The seeded light is ``"Bathroom spot"``."""
        with self._lock:
            result: dict[str, str] = {}
            for record in self._state.devices.values():
                result.setdefault(str(record.doc.get("label") or record.doc.get("name")), record.id)
            return result

    def find_devices(
        self, capability: str | Iterable[str] | None = None, *, label: str | None = None, location_id: str | None = None
    ) -> list[str]:
        """Device ids having all the given capabilities (and label/location if given).

        ``emu.find_devices(["switch", "switchLevel"])[0]`` is a dimmable light, which is how the demo
        finds "a light".
        """
        wanted = {capability} if isinstance(capability, str) else set(capability or ())
        with self._lock:
            return [
                r.id
                for r in self._state.devices.values()
                if wanted <= r.all_capabilities()
                and (label is None or r.doc.get("label") == label)
                and (location_id is None or r.location_id == location_id)
            ]

    def device(self, device_id: str) -> JsonDict:
        """A copy of a device document."""
        with self._lock:
            return copy.deepcopy(self._state.device(device_id).doc)

    def device_status(self, device_id: str) -> JsonDict:
        """A copy of a device's full status tree."""
        with self._lock:
            return copy.deepcopy(self._state.device(device_id).status)

    def attribute(self, device_id: str, capability: str, attribute: str, component: str = "main") -> Any:
        """The current value of one attribute (None when absent)."""
        with self._lock:
            tree = self._state.device(device_id).status.get("components", {})
            state = tree.get(component, {}).get(capability, {}).get(attribute)
            return state.get("value") if isinstance(state, dict) else None

    def installed_app(self, installed_app_id: str) -> JsonDict:
        """A copy of an installed app document."""
        with self._lock:
            return copy.deepcopy(self._state.installed_app(installed_app_id).doc)

    def subscriptions(self, installed_app_id: str) -> list[JsonDict]:
        """A copy of an installed app's subscriptions."""
        with self._lock:
            return copy.deepcopy(list(self._state.installed_app(installed_app_id).subscriptions.values()))

    @property
    def notifications(self) -> list[JsonDict]:
        """A copy of every push notification sent (``POST /notification`` bodies, plus ``sentAt``), oldest first."""
        with self._lock:
            return copy.deepcopy(self._state.platform.notifications)

    def service_subscriptions(self, installed_app_id: str) -> list[JsonDict]:
        """A copy of an installed app's location service subscriptions (weather, forecast...)."""
        with self._lock:
            subscriptions = self._state.platform.service_subscriptions.values()
            return copy.deepcopy([s for s in subscriptions if s["isaId"] == installed_app_id])

    def pending_events(self, installed_app_id: str) -> list[JsonDict]:
        """Events queued for an installed app's next EVENT (a copy; :meth:`event` delivers and clears them)."""
        with self._lock:
            return copy.deepcopy(self._state.installed_app(installed_app_id).pending_events)

    # =====================================================================================================
    # Changing the world directly (what happens "in the house")
    # =====================================================================================================
    def set_attribute(
        self,
        device_id: str,
        capability: str,
        attribute: str,
        value: Any,
        *,
        component: str = "main",
        unit: str | None = None,
    ) -> None:
        """Change a device attribute as if the device reported it (queues DEVICE_EVENTs)."""
        with self._lock:
            record = self._state.device(device_id)
            self._state.set_attribute(record, component, capability, attribute, value, unit)

    def set_health(self, device_id: str, state: Literal["ONLINE", "OFFLINE", "UNHEALTHY"] | None) -> None:
        """Set a device's health; None un-enrolls it so ``/health`` answers 404."""
        with self._lock:
            self._state.set_health(self._state.device(device_id), state)

    def set_mode(self, mode_id: str, location_id: str | None = None) -> None:
        """Change a location's current mode (queues MODE_EVENTs)."""
        with self._lock:
            location_id = location_id or self.location_id
            if mode_id not in {m["id"] for m in self._state.modes.get(location_id, [])}:
                raise KeyError(mode_id)
            self._state.set_current_mode(location_id, mode_id)

    @property
    def scenes(self) -> dict[str, str]:
        """Scenes of the default location: name -> sceneId (seeded: "Good Night", "Good Morning", "Goodbye",
        "Temp", "All Off")."""
        with self._lock:
            location_id = self.location_id
            return {
                str(s.doc["sceneName"]): str(s.doc["sceneId"])
                for s in self._state.scenes.values()
                if s.location_id == location_id
            }

    def add_scene(
        self, name: str, commands: Iterable[Mapping[str, Any]] = (), *, location_id: str | None = None
    ) -> str:
        """Create a scene that runs ``commands`` (``{"deviceId", "capability", "command", "component"?,
        "arguments"?}``) when executed; returns its id."""
        with self._lock:
            scene_id = new_id()
            now = self.clock.millis()
            doc: JsonDict = {
                "sceneId": scene_id,
                "sceneName": name,
                "sceneIcon": "200",
                "sceneColor": None,
                "locationId": location_id or self.location_id,
                "createdBy": OWNER_ID,
                "createdDate": now,
                "lastUpdatedDate": now,
                "lastExecutedDate": None,
                "editable": True,
                "apiVersion": "20200501",
            }
            actions = [{"component": "main", "arguments": [], **copy.deepcopy(dict(c))} for c in commands]
            self._state.scenes[scene_id] = SceneRecord(doc=doc, actions=actions)
            return scene_id

    def rules(self, location_id: str | None = None) -> list[JsonDict]:
        """Copies of the stored rules of a location (every principal's)."""
        with self._lock:
            location_id = location_id or self.location_id
            return [copy.deepcopy(r.doc) for r in self._state.rules.values() if r.location_id == location_id]

    def add_location(self, name: str = "Cabin", *, country_code: str = "USA", time_zone: str = "UTC") -> str:
        """Create another location (with Home/Away/Night modes); returns its id."""
        with self._lock:
            location_id = new_id()
            self._state.add_location(
                {
                    "locationId": location_id,
                    "name": name,
                    "countryCode": country_code,
                    "latitude": None,
                    "longitude": None,
                    "regionRadius": 150,
                    "temperatureScale": "F",
                    "timeZoneId": time_zone,
                    "locale": "en",
                    "backgroundImage": None,
                    "additionalProperties": {},
                    "parent": {"type": "ACCOUNT", "id": OWNER_ID},
                    "created": self._state.now_iso(),
                    "lastModified": self._state.now_iso(),
                }
            )
            return location_id

    def add_room(self, name: str, location_id: str | None = None) -> str:
        """Create a room; returns its id."""
        with self._lock:
            location_id = location_id or self.location_id
            self._state.location(location_id)
            room_id = new_id()
            self._state.rooms[room_id] = {
                "roomId": room_id,
                "locationId": location_id,
                "name": name,
                "backgroundImage": None,
            }
            return room_id

    def add_devices(
        self,
        count: int,
        capability: str | Iterable[str] = "switch",
        *,
        location_id: str | None = None,
        room_id: str | None = None,
        label_prefix: str = "Synthetic device",
        health: Literal["ONLINE", "OFFLINE"] | None = "ONLINE",
    ) -> list[str]:
        """Add ``count`` VIRTUAL devices with the given capabilities (e.g. 500 switches to test paging)."""
        capabilities = [capability] if isinstance(capability, str) else list(capability)
        with self._lock:
            location_id = location_id or self.location_id
            self._state.location(location_id)
            created = []
            start = len(self._state.devices)
            for index in range(count):
                device_id = new_id()
                components = [
                    {
                        "id": "main",
                        "label": "main",
                        "capabilities": [{"id": c, "version": 1} for c in capabilities],
                        "categories": [{"name": "Switch", "categoryType": "manufacturer"}],
                    }
                ]
                doc: JsonDict = {
                    "deviceId": device_id,
                    "name": "Virtual Device",
                    "label": f"{label_prefix} {start + index + 1}",
                    "manufacturerName": "SmartThingsCommunity",
                    "presentationId": "SmartThings-smartthings-Virtual_Switch",
                    "locationId": location_id,
                    "ownerId": OWNER_ID,
                    "components": components,
                    "createTime": self._state.now_iso(),
                    "profile": {"id": "c1d1e0c0-0000-4000-8000-00000000517c"},
                    "virtual": {"name": "Virtual Device", "executingLocally": False},
                    "type": "VIRTUAL",
                    "restrictionTier": 0,
                    "allowed": None,
                    "executionContext": "CLOUD",
                }
                if room_id is not None:
                    doc["roomId"] = room_id
                status = initial_status(components, self._state.now_iso(), with_values=True)
                health_doc = (
                    {"deviceId": device_id, "state": health, "lastUpdatedDate": self._state.now_iso()}
                    if health
                    else None
                )
                self._state.add_device(DeviceRecord(doc=doc, status=status, health=health_doc))
                created.append(device_id)
            return created

    # =====================================================================================================
    # SSE event streams (st.events)
    # =====================================================================================================
    @property
    def event_sinks(self) -> tuple[str, ...]:
        """The ids of the SSE sinks that exist now."""
        with self._lock:
            return tuple(self._state.sinks)

    def stream_connections(self, sink_id: str) -> int:
        """How many times a sink's stream was opened."""
        with self._lock:
            return int(self._state.sinks[sink_id].connections)

    def end_event_streams(self) -> None:
        """Send ``goodbye`` on every open event stream and end it, as SmartThings does when it retires a stream
        (the sinks stay until deleted)."""
        with self._lock:
            for sink in self._state.sinks.values():
                sink.goodbye()

    def drop_event_streams(self) -> None:
        """Break every open event stream mid-way, without ``goodbye`` (a network failure)."""
        with self._lock:
            for sink in self._state.sinks.values():
                sink.drop()

    @property
    def event_streams_silent(self) -> bool:
        """A silent stream (home-assistant/core#176244): while ``True`` the streams keep sending ``welcome``
        keepalives but no event reaches any sink (those events are lost; REST reads show the changes)."""
        with self._lock:
            return bool(self._state.sinks_silent)

    @event_streams_silent.setter
    def event_streams_silent(self, silent: bool) -> None:
        with self._lock:
            self._state.sinks_silent = bool(silent)

    @property
    def sink_limit(self) -> int | None:
        """How many sinks one installed app may hold at once (2, as on SmartThings); a create beyond it gets the
        real 409 "Unable to create SinkFilter, threshold limit of N reached".  ``None``: no limit."""
        with self._lock:
            limit: int | None = self._state.sink_limit
            return limit

    @sink_limit.setter
    def sink_limit(self, limit: int | None) -> None:
        if limit is not None and limit < 0:
            raise ValueError("sink_limit must be >= 0 or None")
        with self._lock:
            self._state.sink_limit = limit

    def install_sse_app(self, location_id: str | None = None, name: str = "sse-app") -> Installation:
        """Install an app whose token has the reserved ``sse`` scope (and reads devices and locations), as an
        account-linked app such as Home Assistant's has; a new app per call."""
        scopes = ["r:devices:*", "x:devices:*", "r:locations:*", "sse"]
        with self._lock:
            taken = {r.doc["appName"] for r in self._state.apps.values()}
        unique = name if name not in taken else f"{name}-{len(taken) + 1}"
        return self.install(self.create_app(unique, "API_ONLY", scopes), scopes, location_id)

    # =====================================================================================================
    # Credentials
    # =====================================================================================================
    def issue_pat(
        self, scopes: Iterable[str] | None = None, lifetime: float = 24 * 3600.0, *, value: str | None = None
    ) -> str:
        """Create a personal access token (24 h by default, like every PAT since Dec 2024).

        ``scopes=None`` grants every PAT scope (see ``ALL_PAT_SCOPES``); ``value`` chooses the token itself (a
        script's hard-coded one), else a random one is made; a value already issued is a ValueError.
        """
        granted = tuple(normalise(scopes)) if scopes is not None else ALL_PAT_SCOPES
        if lifetime <= 0:
            raise ValueError("lifetime must be > 0 seconds")
        if value is not None and not value.strip():
            raise ValueError("a token value must not be empty")
        with self._lock:
            return self._state.tokens.issue(_auth.PAT, granted, self.clock.now(), lifetime, value=value).value

    def create_app(
        self,
        name: str = "demo-app",
        app_type: str = "WEBHOOK_SMART_APP",
        whitelisted_scopes: Iterable[str] | None = None,
        redirect_uris: Iterable[str] | None = None,
    ) -> EmulatedApp:
        """Register an app (as ``POST /apps`` would) with an OAuth client whitelisting ``whitelisted_scopes``."""
        scopes = list(whitelisted_scopes) if whitelisted_scopes is not None else list(DEFAULT_APP_SCOPES)
        uris = list(redirect_uris) if redirect_uris is not None else ["https://localhost/oauth/callback"]
        body: JsonDict = {
            "appName": name,
            "displayName": name,
            "description": f"{name} (emulated)",
            "appType": app_type,
            "classifications": ["AUTOMATION"],
            "oauth": {"clientName": name, "scope": scopes, "redirectUris": uris},
        }
        if app_type == "WEBHOOK_SMART_APP":
            body["webhookSmartApp"] = {"targetUrl": f"https://{name}.example.invalid/smartapp"}
        with self._lock:
            if any(r.doc["appName"] == name for r in self._state.apps.values()):
                raise ValueError(f"an app named {name!r} already exists")
            return _credentials(new_app(self._state, body))

    def create_classic_app(
        self, name: str = "classic-smartapp", redirect_uris: Iterable[str] | None = None
    ) -> EmulatedApp:
        """Register a classic (graph.api) SmartApp OAuth client; it is not listed under ``/apps``."""
        body: JsonDict = {
            "appName": name,
            "displayName": name,
            "description": "classic SmartApp",
            "appType": "CLASSIC",
            "classifications": ["AUTOMATION"],
            "oauth": {"clientName": name, "scope": ["app"], "redirectUris": list(redirect_uris or [])},
        }
        with self._lock:
            return _credentials(new_app(self._state, body, classic=True))

    def app_credentials(self, app_id: str) -> EmulatedApp:
        """The app's current credentials (they change after ``POST /apps/{id}/oauth/generate``)."""
        with self._lock:
            return _credentials(self._state.app(app_id))

    def authorize(
        self,
        client_id: str,
        scopes: Iterable[str] | str,
        redirect_uri: str,
        state: str | None = None,
        location_id: str | None = None,
    ) -> str:
        """OAuth-In consent without a browser: returns the authorization code for ``/oauth/token``.

        Raises :class:`OAuthError` (``invalid_client``, ``invalid_request``, ``invalid_scope``) like the
        authorize redirect would. ``state`` is accepted for symmetry with the URL flow and not needed here.
        """
        del state
        with self._lock:
            return oauth_authorize(self._state, client_id, list(normalise(scopes)), redirect_uri, location_id)

    def classic_authorize(self, client_id: str, redirect_uri: str, location_id: str | None = None) -> str:
        """Classic-flow consent without a browser: returns the code for the graph ``/oauth/token``."""
        with self._lock:
            return classic_authorize(self._state, client_id, redirect_uri, location_id)

    # =====================================================================================================
    # SmartApp lifecycles (contract §6.3)
    # =====================================================================================================
    def install(
        self,
        app: EmulatedApp | str,
        permissions: Iterable[str] | None = None,
        location_id: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> Installation:
        """Install an app (INSTALL lifecycle): a 24 h ``authToken`` and a 30-day ``refreshToken``.

        ``permissions`` default to the app's whitelist and must be whitelisted strings (else ValueError);
        ``location_id`` defaults to the seeded location; ``config`` is the installed app's configuration as the
        lifecycle payloads carry it (``installedApp.config``): setting id -> list of entries, e.g.
        ``{"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": device_id, "componentId": "main"}}],
        "greeting": [{"valueType": "STRING", "stringConfig": {"value": "hello"}}]}``.
        """
        with self._lock:
            record = self._state.app(app.app_id if isinstance(app, EmulatedApp) else app)
            location_id = location_id or self.location_id
            installed, access, refresh, payload = _installs.install(
                self._state, record, permissions, location_id, config
            )
            return Installation(installed.id, location_id, record.id, access, refresh, payload)

    def update(
        self,
        installed_app_id: str,
        permissions: Iterable[str] | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> JsonDict:
        """UPDATE: new 24 h token and new refresh token (older refresh tokens stop working), with
        ``previousConfig`` and ``previousPermissions``; ``config`` (shaped as in :meth:`install`) replaces the
        configuration, ``None`` keeps it."""
        with self._lock:
            return _installs.update(self._state, installed_app_id, permissions, config)

    def event(self, installed_app_id: str, events: list[JsonDict] | None = None) -> JsonDict:
        """EVENT with a 5-minute token and no refresh token.

        ``events=None`` delivers what the world queued for this installed app: DEVICE_EVENTs matching its
        subscriptions, MODE/health/lifecycle events, DEVICE_COMMANDS_EVENTs for devices it created, and
        TIMER_EVENTs of schedules now due on the clock (missed cron runs coalesce into one).
        """
        with self._lock:
            return _installs.event(self._state, installed_app_id, events)

    def uninstall(self, installed_app_id: str) -> JsonDict:
        """UNINSTALL (no token): removes the installed app; its tokens and refresh tokens stop working."""
        with self._lock:
            return _installs.uninstall(self._state, installed_app_id)

    def lifecycle_payload(self, kind: str, installed_app_id: str | None = None, **kwargs: Any) -> JsonDict:
        """Any lifecycle payload by name.

        INSTALL takes ``app`` (+ ``permissions``, ``location_id``, ``config``); UPDATE/EVENT/UNINSTALL take
        ``installed_app_id`` (+ their method's keywords); PING (``challenge``), CONFIRMATION (``app_id``,
        ``confirmation_url``), CONFIGURATION (``phase``, ``page_id``, ...) and OAUTH_CALLBACK (``url_path``)
        are built without changing state.
        """
        kind = kind.upper()
        if kind == "INSTALL":
            return self.install(**kwargs).payload
        if kind in ("UPDATE", "EVENT", "UNINSTALL"):
            if installed_app_id is None:
                raise ValueError(f"{kind} needs installed_app_id")
            if kind == "UPDATE":
                return self.update(installed_app_id, **kwargs)
            if kind == "EVENT":
                return self.event(installed_app_id, **kwargs)
            return self.uninstall(installed_app_id)
        if kind == "PING":
            return _lifecycle.ping_payload(**kwargs)
        if kind == "CONFIRMATION":
            return _lifecycle.confirmation_payload(**kwargs)
        if kind == "CONFIGURATION":
            return _lifecycle.configuration_payload(installed_app_id or new_id(), **kwargs)
        if kind == "OAUTH_CALLBACK":
            return _lifecycle.oauth_callback_payload(installed_app_id or new_id(), **kwargs)
        raise ValueError(f"unknown lifecycle {kind!r}")

    # =====================================================================================================
    # Webhook delivery: the emulator as SmartThings calling a SmartApp
    # =====================================================================================================
    def webhook(
        self,
        app: EmulatedApp | str,
        target: str | Callable[..., Any],
        *,
        target_url: str | None = None,
        signature_type: Literal["ST_PADLOCK", "APP_RSA"] = "ST_PADLOCK",
    ) -> Webhook:
        """Point ``app`` at a webhook and return the :class:`Webhook` that sends it signed lifecycle requests.

        ``target`` is an ASGI application (e.g. ``SmartApp.asgi``) or a WSGI one (``SmartApp.wsgi``), called
        in-process, or a URL (real HTTP, e.g. a server in another process).  ``target_url`` is the URL registered
        for the app, whose path the signatures cover (default: the URL target, else the app's registered URL).

        ``signature_type="ST_PADLOCK"`` (SmartThings' default) signs with the emulator's certificate, which its key
        server hands out for the keyId in the ``Signature`` header: at ``https://key.smartthings.com`` through
        :attr:`transport` (give an in-process app ``client_options={"transport": emu.transport}``), and at
        ``<server.url>/keys`` on a served emulator (``SmartApp(key_server=server.key_server_url)`` in another
        process).  ``"APP_RSA"`` signs with the app's own key pair and stores its public half on the app
        (``hook.public_key_pem``, for ``SmartApp(app_rsa_public_key=...)``).
        """
        app_id = app.app_id if isinstance(app, EmulatedApp) else app
        with self._lock:
            record = self._state.app(app_id)
            url = target_url or (target if isinstance(target, str) else None)
            hook = record.doc.setdefault("webhookSmartApp", {})
            url = url or str(hook.get("targetUrl") or f"https://{app_id}.example.invalid/smartapp")
            hook["targetUrl"] = url
            hook["signatureType"] = signature_type
        webhook = Webhook(self, app_id, target, url, signature_type)
        if signature_type == "APP_RSA":
            with self._lock:
                hook["publicKey"] = webhook.public_key_pem
        return webhook

    def confirmation_request(self, app_id: str) -> JsonDict:
        """A CONFIRMATION payload whose URL (on this emulator) confirms ``app_id``'s target when visited."""
        with self._lock:
            self._state.app(app_id)
            token = new_id()
            self._state.confirmation_tokens[token] = app_id
            url = f"{self.base_url.removesuffix('/v1')}/apps/{app_id}/confirm-registration?token={token}"
            return _lifecycle.confirmation_payload(app_id, url)

    def is_confirmed(self, app_id: str) -> bool:
        """Whether the app's confirmation URL was visited."""
        with self._lock:
            return app_id in self._state.confirmed_apps

    def installed_app_ids(self, app_id: str | None = None) -> list[str]:
        """Installed app ids (of one app if given), in installation order."""
        with self._lock:
            return [i for i, r in self._state.installed_apps.items() if app_id is None or r.app_id == app_id]

    def install_device(
        self, installed_app_id: str, profile_id: str, label: str | None = None, external_id: str | None = None
    ) -> str:
        """Create a SmartApp-managed device for an installed app (as its ``POST /devices`` would)."""
        with self._lock:
            installed = self._state.installed_app(installed_app_id)
            profile = self._state.profiles[profile_id]
            record = build_app_device(
                self._state, profile, installed.location_id, installed.id, label, external_id, None
            )
            self._state.add_device(record)
            return record.id

    def install_schema_app(
        self, endpoint_app_id: str, location_id: str | None = None, device_names: Iterable[str] = ("Partner Light",)
    ) -> str:
        """Install an ST Schema connector in a location (as a user does in the app, after the partner's OAuth
        login); returns its isaId.  Seeded connectors are listed by ``GET /schema/apps``."""
        with self._lock:
            location = location_id or self.location_id
            self._state.location(location)
            return install_schema_app(self._state, endpoint_app_id, location, list(device_names))

    # =====================================================================================================
    # Serving over a socket
    # =====================================================================================================
    def serve(self, host: str = "127.0.0.1", port: int = 8088) -> LoopbackServer:
        """Start a loopback HTTP server in a background thread (``port=0`` picks a free port).

        Point a client at ``server.base_url``; next links come back on the server's own origin. The classic
        (graph) origin is only served through ``emu.transport``.
        """
        return LoopbackServer(self, host, port)

    def serve_hub_logs(self, hub_id: str, certfile: str, keyfile: str, port: int = 0) -> HubLogServer:
        """Serve a hub's live log endpoint over TLS on loopback, with this certificate (``drivers logcat
        --hub-address server.address``); queue lines with ``server.log(driver_id, message)``."""
        from ._hub_logs import HubLogServer

        return HubLogServer(self, hub_id, certfile, keyfile, port)

    def serve_forever(self, host: str = "127.0.0.1", port: int = 8088) -> None:
        """Serve until interrupted (Ctrl-C); prints the base URL and a fresh all-scopes PAT."""
        server = self.serve(host, port)
        token = self.issue_pat()
        print(f"SmartThings emulator listening on {server.base_url}")
        print(f"Personal access token (24 h): {token}")
        print(f"Webhook SmartApps check its signatures with SmartApp(key_server={server.key_server_url!r})")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()


def serve_forever(host: str = "127.0.0.1", port: int = 8088, *, seed: bool = True) -> None:
    """Run a seeded emulator whose clock follows real time until Ctrl-C (``python -m smartthings_client emulator``)."""
    Emulator(seed=seed, clock=FakeClock(ticking=True)).serve_forever(host, port)


def _credentials(record: AppRecord) -> EmulatedApp:
    return EmulatedApp(
        app_id=record.id,
        app_name=str(record.doc["appName"]),
        client_id=record.client_id,
        client_secret=record.client_secret,
        app_type=str(record.doc["appType"]),
        scopes=tuple(record.oauth["scope"]),
        redirect_uris=tuple(record.oauth["redirectUris"]),
    )


__all__ = [
    "DEFAULT_BASE_URL",
    "Delivery",
    "EmulatedApp",
    "Emulator",
    "EmulatorTransport",
    "Installation",
    "OAuthError",
    "RecordedRequest",
    "Webhook",
    "serve_forever",
]
