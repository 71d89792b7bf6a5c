"""The control API of a served emulator: ``/_emulator/...`` scripts faults, rate limits, the clock, tokens, webhooks
and devices over plain HTTP, so test suites in any language drive it as Python tests drive :class:`Emulator`.

Modelled on moto's server mode (``/moto-api/...``) and LocalStack's ``/_localstack/...``: a reserved prefix that
SmartThings never uses (with or without ``/v1``), JSON in and out, no token needed, and every failure a JSON
``{"error": {"code", "message"}}`` with a status that says what went wrong (400 bad argument, 404 unknown thing or
endpoint, 405 wrong method, 409 conflict, 502 a webhook that could not be reached).

:class:`ControlAPI` wraps an emulator: control paths are answered here, every other request goes to the emulator
unchanged.  This module depends on :mod:`._emulator`, never the other way round.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import httpx

from .._defaults import token_url_for
from ._auth import TokenTaken
from ._clock import iso_from_epoch
from ._console import ASSETS, WorldStream, asset_response, journal, world
from ._control_schema import (
    CONTROL_HEADER,
    CONTROL_PREFIX,
    AttributeInfo,
    ClockInfo,
    DeliveryInfo,
    DeviceInfo,
    FaultInfo,
    InstallInfo,
    LifecycleInfo,
    PatInfo,
    RateLimitInfo,
    RequestInfo,
    ResetInfo,
    TokenPairInfo,
    WebhookInfo,
)
from ._control_settings import Args, ControlError, JsonObject, add_fault, bad_argument, parse_time, set_rate_limits
from ._emulator import Emulator, Installation, Webhook
from ._errors import ApiError
from ._faults import Fault, Outcome
from ._scopes import ALL_PAT_SCOPES
from ._server import LoopbackServer

__all__ = ["CONTROL_PREFIX", "ControlAPI", "is_control_path"]


# --- the API -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Call:
    request: httpx.Request
    params: dict[str, str]
    body: JsonObject

    @property
    def origin(self) -> str:
        return f"{self.request.url.scheme}://{self.request.url.netloc.decode('ascii')}"

    def args(self, *allowed: str) -> Args:
        return Args(self.body, allowed)


@dataclass(frozen=True)
class _FixedPat:
    value: str
    scopes: list[str] | None
    lifetime: float


_Handler = Callable[["ControlAPI", _Call], tuple[int, Any]]
_ROUTES: list[tuple[str, re.Pattern[str], str, _Handler]] = []


def _route(method: str, template: str) -> Callable[[_Handler], _Handler]:
    pattern = re.compile("^" + re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", CONTROL_PREFIX + template) + "/?$")

    def register(handler: _Handler) -> _Handler:
        _ROUTES.append((method, pattern, f"{method} {CONTROL_PREFIX}{template}", handler))
        return handler

    return register


def is_control_path(path: str) -> bool:
    """Whether a request path belongs to the control API (``/_emulator`` and below)."""
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


class ControlAPI:
    """An emulator with its control API: serve it with :meth:`serve`, or call it in-process through :attr:`transport`.

    ``ControlAPI(emu).serve(port=0)`` answers the SmartThings API at ``server.base_url`` and the control API at
    ``server.url + "/_emulator"``; :class:`~smartthings_client.testing.EmulatorControl` is its Python client.
    """

    def __init__(self, emulator: Emulator) -> None:
        self.emulator = emulator
        self._lock = threading.Lock()
        self._webhooks: dict[str, Webhook] = {}
        self._fixed_pat: _FixedPat | None = None
        self.transport = httpx.MockTransport(self.handle)
        """An httpx transport (sync and async clients alike) answering both the API and the control API."""

    # --- serving ---------------------------------------------------------------------------------------------

    def serve(self, host: str = "127.0.0.1", port: int = 8088) -> LoopbackServer:
        """Serve the API and the control API on a loopback server (``port=0`` picks a free port)."""
        return LoopbackServer(self, host, port)

    def process(self, request: httpx.Request, *, loopback: bool = False) -> Outcome:
        """What the loopback server calls: control paths and the console are answered here, the rest by the
        emulator."""
        if loopback and request.method == "GET" and request.url.path == CONSOLE_STREAM:
            headers = {"content-type": "text/event-stream", "cache-control": "no-store", CONTROL_HEADER: "1"}
            return Outcome(httpx.Response(200, headers=headers, stream=WorldStream(self.console_state)))
        if is_control_path(request.url.path) or _is_console_asset(request):
            return Outcome(self.handle(request))
        return self.emulator.process(request, loopback=loopback)

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in-process (the control API and the console, else :meth:`Emulator.handle`)."""
        request.read()
        if _is_console_asset(request):
            return asset_response(request.url.path)
        if is_control_path(request.url.path):
            return self.answer(request)
        return self.emulator.handle(request)

    def console_state(self) -> JsonObject:
        """What the console draws, as ``GET /_emulator/console/state`` and its event stream give it."""
        emulator = self.emulator
        return {
            "world": world(emulator),
            "webhooks": [_webhook_info(self, hook, secrets=False) for hook in self.webhooks()],
            "journal": journal(emulator, self.webhooks()),
            "faults": [_fault_info(f) for f in emulator.faults.pending],
            "rateLimits": _rate_limit_info(self),
        }

    def answer(self, request: httpx.Request) -> httpx.Response:
        """The JSON answer of one control call; every failure is a JSON error, never an exception."""
        try:
            status, body = self._dispatch(request)
        except ControlError as error:
            status, body = error.status, {"error": {"code": error.code, "message": error.message}}
        except ApiError as error:  # mostly a device, app or installed app the emulator does not know
            code = "not_found" if error.status == 404 else "invalid_argument"
            status, body = error.status, {"error": {"code": code, "message": error.message}}
        except LookupError as error:  # e.g. an install into an emptied emulator, which has no location
            status, body = 404, {"error": {"code": "not_found", "message": str(error.args[0] if error.args else error)}}
        except httpx.HTTPError as error:
            reason = f"{type(error).__name__}: {error}"
            message = f"the webhook could not be reached ({reason}); the emulator's state changed all the same"
            status, body = 502, {"error": {"code": "webhook_unreachable", "message": message}}
        except Exception as error:  # a bug of the emulator: still JSON, saying what broke
            message = f"the emulator failed: {type(error).__name__}: {error}"
            status, body = 500, {"error": {"code": "internal_error", "message": message}}
        headers = {"content-type": "application/json", CONTROL_HEADER: "1"}
        return httpx.Response(status, headers=headers, content=json.dumps(body).encode())

    def _dispatch(self, request: httpx.Request) -> tuple[int, Any]:
        path = request.url.path
        allowed: list[str] = []
        for method, pattern, _, handler in _ROUTES:
            found = pattern.match(path)
            if found is None:
                continue
            if method != request.method:
                allowed.append(method)
                continue
            return handler(self, _Call(request, found.groupdict(), _json_body(request)))
        if allowed:
            raise ControlError(405, "method_not_allowed", f"{path} takes {', '.join(sorted(set(allowed)))}")
        raise ControlError(404, "no_such_endpoint", f"no control endpoint {path}; GET {CONTROL_PREFIX} lists them")

    # --- the fixed PAT of `smartthings-client emulator --token` ------------------------------------------------

    def issue_fixed_pat(
        self, value: str | None = None, scopes: list[str] | None = None, lifetime: float = 24 * 3600.0
    ) -> str:
        """Issue the PAT the banner shows; a chosen ``value`` is issued again after every reset."""
        token = self.emulator.issue_pat(scopes, lifetime, value=value)
        if value is not None:
            self._fixed_pat = _FixedPat(value, scopes, lifetime)
        return token

    def webhook_for(self, app_id: str) -> Webhook | None:
        """The webhook registered for an app through the control API, if any."""
        with self._lock:
            return self._webhooks.get(app_id)

    def webhooks(self) -> list[Webhook]:
        """Every webhook registered through the control API."""
        with self._lock:
            return list(self._webhooks.values())

    def register(self, hook: Webhook) -> None:
        """Send the lifecycle requests of ``hook.app_id`` that control calls trigger to ``hook``."""
        with self._lock:
            self._webhooks[hook.app_id] = hook

    def reset(self, seed: bool) -> str | None:
        """Reset the emulator, forget the webhooks, and issue the fixed PAT again (returned, if there is one)."""
        self.emulator.reset(seed)
        with self._lock:
            self._webhooks.clear()
            fixed = self._fixed_pat
        if fixed is None:
            return None
        return self.emulator.issue_pat(fixed.scopes, fixed.lifetime, value=fixed.value)


#: The console's event stream: the :meth:`ControlAPI.console_state` again whenever it changes.
CONSOLE_STREAM = CONTROL_PREFIX + "/console/stream"


def _is_console_asset(request: httpx.Request) -> bool:
    return request.method in ("GET", "HEAD") and request.url.path in ASSETS


def _json_body(request: httpx.Request) -> JsonObject:
    raw = request.content
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError as error:
        raise bad_argument(f"the body is not JSON: {error}") from None
    if not isinstance(body, dict):
        raise bad_argument("the body must be a JSON object")
    return body


# --- endpoints ---------------------------------------------------------------------------------------------------


@_route("GET", "")
def _index(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, {
        "apiBaseUrl": f"{call.origin}/v1",
        "controlUrl": f"{call.origin}{CONTROL_PREFIX}",
        "endpoints": [name for _, _, name, _ in _ROUTES],
    }


def _fault_info(fault: Fault) -> FaultInfo:
    regex = fault.path.pattern if isinstance(fault.path, re.Pattern) else None
    return {
        "kind": fault.kind,
        "remaining": fault.remaining,
        "method": fault.method,
        "path": fault.path if isinstance(fault.path, str) else None,
        "pathRegex": regex,
        "status": fault.status,
        "seconds": fault.seconds,
        "error": fault.error,
        "processed": fault.processed,
        "retryMillis": fault.retry_millis,
    }


@_route("GET", "/faults")
def _faults(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, {"faults": [_fault_info(f) for f in api.emulator.faults.pending]}


@_route("POST", "/faults")
def _add_fault(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 201, _fault_info(add_fault(api.emulator, call.body))


@_route("DELETE", "/faults")
def _clear_faults(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    pending = len(api.emulator.faults.pending)
    api.emulator.faults.clear()
    return 200, {"cleared": pending}


def _rate_limit_info(api: ControlAPI) -> RateLimitInfo:
    settings = api.emulator.rate_limits.settings
    paths = None if settings.paths is None else [p if isinstance(p, str) else p.pattern for p in settings.paths]
    return {
        "enabled": settings.enabled,
        "documented": settings.documented,
        "limit": settings.limit,
        "window": settings.window,
        "per": settings.per,
        "paths": paths,
    }


@_route("GET", "/rate-limits")
def _rate_limits(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, _rate_limit_info(api)


@_route("PUT", "/rate-limits")
def _set_rate_limits(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    set_rate_limits(api.emulator, call.body)
    return 200, _rate_limit_info(api)


@_route("DELETE", "/rate-limits")
def _disable_rate_limits(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    api.emulator.rate_limits.disable()
    return 200, _rate_limit_info(api)


def _clock_info(api: ControlAPI) -> ClockInfo:
    clock = api.emulator.clock
    now = clock.now()
    return {"now": now, "iso": iso_from_epoch(now), "ticking": clock.ticking}


@_route("GET", "/clock")
def _clock(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, _clock_info(api)


@_route("POST", "/clock/advance")
def _advance(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    seconds = call.args("seconds").number("seconds")
    if seconds is None or seconds < 0:
        raise bad_argument("seconds is required and must be >= 0 (the clock only moves forward; PUT /clock sets it)")
    api.emulator.clock.advance(seconds)
    return 200, _clock_info(api)


@_route("PUT", "/clock")
def _set_clock(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("now", "iso")
    if args.has("now") == args.has("iso"):
        raise bad_argument("give now (epoch seconds) or iso (e.g. 2025-03-01T12:00:00Z), one of them")
    given: str | float | None = args.number("now") if args.has("now") else args.text("iso")
    assert given is not None
    try:
        when = parse_time(given)
    except ValueError as error:
        raise bad_argument(str(error)) from None
    api.emulator.clock.set(when)
    return 200, _clock_info(api)


@_route("POST", "/tokens/pat")
def _pat(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("scopes", "lifetimeSeconds", "token")
    scopes = args.texts("scopes")
    lifetime = args.number("lifetimeSeconds", 24 * 3600.0) or 0.0
    value = args.text("token")
    emulator = api.emulator
    try:
        token = emulator.issue_pat(scopes, lifetime, value=value)
    except TokenTaken as error:
        raise ControlError(409, "conflict", str(error)) from None
    except ValueError as error:
        raise bad_argument(str(error)) from None
    info: PatInfo = {
        "token": token,
        "scopes": list(scopes) if scopes is not None else list(ALL_PAT_SCOPES),
        "expiresAt": emulator.clock.now() + lifetime,
    }
    return 201, info


def _delivery(delivery: Any) -> DeliveryInfo | None:
    if delivery is None:
        return None
    return {"lifecycle": delivery.lifecycle, "status": delivery.status, "body": delivery.body}


def _install_info(api: ControlAPI, call: _Call, installation: Installation, delivery: Any) -> InstallInfo:
    app = api.emulator.app_credentials(installation.app_id)
    granted = installation.payload["installData"]["installedApp"]["permissions"]
    return {
        "installedAppId": installation.installed_app_id,
        "appId": installation.app_id,
        "locationId": installation.location_id,
        "accessToken": installation.auth_token,
        "refreshToken": installation.refresh_token,
        "clientId": app.client_id,
        "clientSecret": app.client_secret,
        "tokenUrl": token_url_for(f"{call.origin}/v1"),
        "scopes": list(granted),
        "delivery": _delivery(delivery),
    }


def _new_app(api: ControlAPI, stem: str, scopes: list[str] | None = None) -> str:
    """Register an app named ``stem-N`` (the first N free), whitelisting ``scopes`` (default: the usual ones)."""
    number = 1
    while True:
        try:
            return api.emulator.create_app(f"{stem}-{number}", whitelisted_scopes=scopes).app_id
        except ValueError:  # the name is taken
            number += 1


@_route("POST", "/tokens/smartapp")
def _smartapp(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("appId", "permissions", "locationId", "config")
    emulator = api.emulator
    given = args.text("appId")
    # An app is found by id or by name; without one, a new webhook SmartApp is registered.
    app_id = emulator.app_credentials(given).app_id if given is not None else _new_app(api, "smartapp")
    permissions, location_id, config = args.texts("permissions"), args.text("locationId"), args.obj("config")
    hook = api.webhook_for(app_id)
    try:
        if hook is not None:
            installation, delivery = hook.install(permissions, location_id, config)
        else:
            installation, delivery = emulator.install(app_id, permissions, location_id, config), None
    except ValueError as error:
        raise bad_argument(str(error)) from None
    return 201, _install_info(api, call, installation, delivery)


@_route("POST", "/tokens/sse")
def _sse(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    location_id = call.args("locationId").text("locationId")
    return 201, _install_info(api, call, api.emulator.install_sse_app(location_id), None)


@_route("GET", "/webhooks")
def _webhooks(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, {"webhooks": [_webhook_info(api, hook) for hook in api.webhooks()]}


def _webhook_info(api: ControlAPI, hook: Webhook, *, secrets: bool = True) -> WebhookInfo:
    app = api.emulator.app_credentials(hook.app_id)
    return {
        "appId": app.app_id,
        "appName": app.app_name,
        "clientId": app.client_id,
        "clientSecret": app.client_secret if secrets else None,
        "targetUrl": hook.target_url,
        "signatureType": hook.key.kind,
        "publicKey": hook.public_key_pem if hook.key.kind == "APP_RSA" else None,
    }


@_route("POST", "/webhooks")
def _register_webhook(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("targetUrl", "appId", "appName", "signatureType", "permissions")
    target = args.required_text("targetUrl")
    if not re.match(r"^https?://[^/]+", target):
        raise bad_argument(f"targetUrl must be an absolute http(s) URL, got {target!r}")
    signature = args.text("signatureType", "ST_PADLOCK")
    if signature not in ("ST_PADLOCK", "APP_RSA"):
        raise bad_argument("signatureType must be ST_PADLOCK or APP_RSA")
    emulator = api.emulator
    given = args.text("appId")
    name = args.text("appName")
    if given is not None:
        app_id = emulator.app_credentials(given).app_id
    elif name is not None:
        try:
            app_id = emulator.create_app(name, whitelisted_scopes=args.texts("permissions")).app_id
        except ValueError:
            raise ControlError(409, "conflict", f"an app named {name!r} exists; register it by its appId") from None
    else:
        app_id = _new_app(api, "webhook-app", args.texts("permissions"))
    hook = emulator.webhook(app_id, target, signature_type=cast(Any, signature))
    api.register(hook)
    return 201, _webhook_info(api, hook)


@_route("POST", "/webhooks/{appId}/configuration")
def _configuration(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("phase", "pageId", "previousPageId", "installedAppId", "config")
    hook = _registered(api, call.params["appId"])
    phase = args.text("phase", "INITIALIZE") or "INITIALIZE"
    if phase not in ("INITIALIZE", "PAGE"):
        raise bad_argument("phase must be INITIALIZE or PAGE")
    page_id = args.text("pageId")
    if phase == "PAGE" and page_id is None:
        raise bad_argument("phase PAGE needs pageId")
    delivery = hook.configuration(
        phase,
        installed_app_id=args.text("installedAppId"),
        page_id=page_id or "",
        previous_page_id=args.text("previousPageId") or "",
        config=args.obj("config") or {},
    )
    info: LifecycleInfo = {
        "installedAppId": delivery.request["configurationData"]["installedAppId"],
        "lifecycle": "CONFIGURATION",
        "events": 0,
        "delivery": _delivery(delivery),
        "payload": delivery.request,
    }
    return 200, info


@_route("GET", "/console/state")
def _console_state(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, api.console_state()


@_route("GET", "/console/stream")
def _console_stream(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    # A served emulator answers this path before the routes (ControlAPI.process); in-process there is no connection
    # to keep open, so the stream is refused rather than read forever.
    raise bad_argument(
        f"the console's event stream needs a served emulator (ControlAPI.serve); "
        f"in-process, GET {CONTROL_PREFIX}/console/state"
    )


@_route("POST", "/webhooks/{appId}/ping")
def _ping(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    hook = _registered(api, call.params["appId"])
    info: LifecycleInfo = {
        "installedAppId": None,
        "lifecycle": "PING",
        "events": 0,
        "delivery": _delivery(hook.ping()),
        "payload": None,
    }
    return 200, info


def _registered(api: ControlAPI, app_id: str) -> Webhook:
    hook = api.webhook_for(app_id)
    if hook is None:
        raise ControlError(404, "not_found", f"no webhook registered for app {app_id} (POST {CONTROL_PREFIX}/webhooks)")
    return hook


def _hook_of_installed_app(api: ControlAPI, installed_app_id: str) -> Webhook | None:
    return api.webhook_for(str(api.emulator.installed_app(installed_app_id)["appId"]))


@_route("POST", "/installedapps/{installedAppId}/update")
def _update(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("permissions", "config")
    installed_app_id = call.params["installedAppId"]
    hook = _hook_of_installed_app(api, installed_app_id)
    try:
        payload = api.emulator.update(installed_app_id, args.texts("permissions"), args.obj("config"))
    except ValueError as error:
        raise bad_argument(str(error)) from None
    data = payload["updateData"]
    info: TokenPairInfo = {
        "installedAppId": installed_app_id,
        "accessToken": data["authToken"],
        "refreshToken": data["refreshToken"],
        "delivery": _delivery(hook.post(payload) if hook is not None else None),
    }
    return 200, info


@_route("POST", "/installedapps/{installedAppId}/event")
def _event(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    events = call.args("events").raw("events")
    if events is not None and not (isinstance(events, list) and all(isinstance(e, dict) for e in events)):
        raise bad_argument("events must be a list of event objects (omit it to send what the world queued)")
    installed_app_id = call.params["installedAppId"]
    hook = _hook_of_installed_app(api, installed_app_id)
    payload = api.emulator.event(installed_app_id, events)
    count = len(payload["eventData"]["events"])
    delivery = hook.post(payload) if hook is not None and count else None
    info: LifecycleInfo = {
        "installedAppId": installed_app_id,
        "lifecycle": "EVENT",
        "events": count,
        "delivery": _delivery(delivery),
        "payload": payload,
    }
    return 200, info


@_route("POST", "/installedapps/{installedAppId}/uninstall")
def _uninstall(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    call.args()
    installed_app_id = call.params["installedAppId"]
    hook = _hook_of_installed_app(api, installed_app_id)
    payload = api.emulator.uninstall(installed_app_id)
    info: LifecycleInfo = {
        "installedAppId": installed_app_id,
        "lifecycle": "UNINSTALL",
        "events": 0,
        "delivery": _delivery(hook.post(payload) if hook is not None else None),
        "payload": payload,
    }
    return 200, info


@_route("GET", "/devices")
def _devices(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    listed: list[DeviceInfo] = []
    for device_id in api.emulator.devices:
        doc = api.emulator.device(device_id)
        capabilities = {c["id"] for component in doc.get("components", []) for c in component.get("capabilities", [])}
        listed.append(
            {
                "deviceId": device_id,
                "label": str(doc.get("label") or doc.get("name") or ""),
                "locationId": str(doc.get("locationId")),
                "capabilities": sorted(capabilities),
            }
        )
    return 200, {"devices": listed}


def _attribute_info(api: ControlAPI, call: _Call, component: str) -> AttributeInfo:
    device_id, capability, attribute = call.params["deviceId"], call.params["capability"], call.params["attribute"]
    return {
        "deviceId": device_id,
        "component": component,
        "capability": capability,
        "attribute": attribute,
        "value": api.emulator.attribute(device_id, capability, attribute, component),
    }


@_route("GET", "/devices/{deviceId}/attributes/{capability}/{attribute}")
def _attribute(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    api.emulator.device(call.params["deviceId"])  # 404 for an unknown device
    return 200, _attribute_info(api, call, call.request.url.params.get("component") or "main")


@_route("PUT", "/devices/{deviceId}/attributes/{capability}/{attribute}")
def _set_attribute(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("value", "unit", "component")
    if "value" not in call.body:
        raise bad_argument("value is required (any JSON value)")
    component = args.text("component", "main") or "main"
    api.emulator.set_attribute(
        call.params["deviceId"],
        call.params["capability"],
        call.params["attribute"],
        call.body["value"],
        component=component,
        unit=args.text("unit"),
    )
    return 200, _attribute_info(api, call, component)


@_route("PUT", "/devices/{deviceId}/health")
def _set_health(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    args = call.args("state")
    state = args.raw("state")
    if state not in ("ONLINE", "OFFLINE", "UNHEALTHY", None):
        raise bad_argument("state must be ONLINE, OFFLINE, UNHEALTHY or null (not enrolled)")
    api.emulator.set_health(call.params["deviceId"], state)
    return 200, {"deviceId": call.params["deviceId"], "state": state}


@_route("POST", "/event-streams/end")
def _end_streams(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    api.emulator.end_event_streams()
    return 200, {"streams": len(api.emulator.event_sinks)}


@_route("POST", "/event-streams/drop")
def _drop_streams(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    api.emulator.drop_event_streams()
    return 200, {"streams": len(api.emulator.event_sinks)}


def _stream_settings(api: ControlAPI) -> dict[str, Any]:
    return {"silent": api.emulator.event_streams_silent, "sinkLimit": api.emulator.sink_limit}


@_route("GET", "/event-streams")
def _stream_settings_read(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    return 200, _stream_settings(api)


@_route("PUT", "/event-streams")
def _stream_settings_write(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    """A silent stream (keepalives, no device events) and the sink limit (SmartThings' is 2; null: none)."""
    args = Args(call.body, ("silent", "sinkLimit"))
    if args.has("silent"):
        api.emulator.event_streams_silent = args.flag("silent", False)
    if "sinkLimit" in call.body:  # null is a value here: no limit
        limit = args.integer("sinkLimit")
        if limit is not None and limit < 0:
            raise bad_argument("sinkLimit must be 0 or more, or null")
        api.emulator.sink_limit = limit
    return 200, _stream_settings(api)


@_route("GET", "/requests")
def _requests(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    listed: list[RequestInfo] = [
        {
            "method": r.method,
            "path": r.path,
            "status": r.status,
            "url": r.url,
            "tokenKind": r.token_kind,
            "fault": r.fault,
        }
        for r in api.emulator.requests
    ]
    return 200, {"requests": listed}


@_route("DELETE", "/requests")
def _clear_requests(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    count = len(api.emulator.requests)
    api.emulator.clear_requests()
    return 200, {"cleared": count}


@_route("POST", "/reset")
def _reset(api: ControlAPI, call: _Call) -> tuple[int, Any]:
    seed = call.args("seed").flag("seed", True)
    token = api.reset(seed)
    info: ResetInfo = {"seeded": seed, "token": token}
    return 200, info
