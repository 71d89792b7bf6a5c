"""The one router every request goes through: hosts, faults, authentication, rate limits, scopes, handlers.

Order of checks, for an API-origin request:

1. unknown host -> connection refused; a scripted fault may short-circuit or wrap the answer;
2. ``Accept`` must be JSON (any ``v=1`` or date-like ``v=YYYYMMDD`` version), else 406;
3. no route -> 404 (405 when the path exists for another method);
4. bearer token: missing, unknown, revoked or expired -> 401 JSON ``UnauthorizedError``;
5. rate limit (when enabled) -> 429 with the real body and ``x-ratelimit-*`` headers;
6. token kind and scopes of the route -> 403 with an EMPTY body;
7. the handler, whose own errors use the ``{requestId, error}`` envelope.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass

import httpx

from . import _auth
from ._classic import handle_classic
from ._errors import ApiError, Forbidden, Unauthorized
from ._faults import SHORT_CIRCUIT, Fault, FaultInjector, Outcome, openresty_page
from ._http import Ctx, Route, RouteTable, empty_response, json_response
from ._keys import key_server_response, requested_key_id
from ._oauth import table as oauth_table
from ._ratelimit import RateDecision, RateLimiter
from ._routes_apps import table as apps_table
from ._routes_capabilities import table as capabilities_table
from ._routes_devicepreferences import table as devicepreferences_table
from ._routes_devices import table as devices_table
from ._routes_edge import table as edge_table
from ._routes_events import table as events_table
from ._routes_history import table as history_table
from ._routes_installedapps import table as installedapps_table
from ._routes_locations import table as locations_table
from ._routes_notifications import table as notifications_table
from ._routes_organizations import table as organizations_table
from ._routes_presentation import table as presentation_table
from ._routes_rules import table as rules_table
from ._routes_scenes import table as scenes_table
from ._routes_schedules import table as schedules_table
from ._routes_schema import table as schema_table
from ._routes_services import table as services_table
from ._routes_subscriptions import table as subscriptions_table
from ._routes_virtualdevices import table as virtualdevices_table
from ._state import State

_ACCEPT_VERSION = re.compile(r"v=(?P<v>[^;,\s]+)")


@dataclass(frozen=True)
class RecordedRequest:
    """One journal entry. ``path`` has no ``/v1`` prefix; ``status`` is None when the connection was dropped."""

    method: str
    path: str
    status: int | None
    url: str
    token_kind: str | None = None
    fault: str | None = None


class Router:
    """Dispatches requests to the API routes or the classic origin and keeps the request journal."""

    def __init__(
        self,
        state: State,
        lock: threading.RLock,
        rate_limits: RateLimiter,
        faults: FaultInjector,
        *,
        api_hosts: set[str],
        classic_hosts: set[str],
        classic_install_origin: str,
    ) -> None:
        self._state = state
        self._lock = lock
        self.rate_limits = rate_limits
        self.faults = faults
        self._api_hosts = api_hosts
        self._classic_hosts = classic_hosts
        self._classic_install_origin = classic_install_origin
        self._routes = RouteTable()
        for table in (
            devices_table,
            locations_table,
            installedapps_table,
            subscriptions_table,
            schedules_table,
            apps_table,
            schema_table,
            capabilities_table,
            scenes_table,
            rules_table,
            events_table,
            edge_table,
            presentation_table,
            devicepreferences_table,
            organizations_table,
            notifications_table,
            services_table,
            oauth_table,
            history_table,
            virtualdevices_table,
        ):
            self._routes.routes.extend(table.routes)
        self.journal: list[RecordedRequest] = []
        # Request ids only need to look like the real opaque numeric ones, not be unpredictable.
        self._random = random.Random()  # noqa: S311

    def handle(self, request: httpx.Request) -> httpx.Response:
        """Answer one request in-process, raising httpx errors for dropped connections and timeouts."""
        outcome = self.process(request)
        if outcome.drop is not None:
            if outcome.drop.error == "connect":
                raise httpx.ConnectError("emulator: connection refused (injected fault)", request=request)
            raise httpx.RemoteProtocolError(
                "emulator: server disconnected without sending a response (injected fault)", request=request
            )
        if outcome.delay:
            timeout = request.extensions.get("timeout", {}).get("read")
            if timeout is not None and outcome.delay > timeout:
                raise httpx.ReadTimeout(
                    f"emulator: no answer within {timeout}s (injected {outcome.delay}s delay)", request=request
                )
        assert outcome.response is not None
        return outcome.response

    def process(self, request: httpx.Request, *, loopback: bool = False) -> Outcome:
        """Route a request and decide how it is delivered (answer, delay or dropped connection)."""
        host = request.url.host
        path = request.url.path
        normalised = strip_v1(path)
        key_id = requested_key_id(request, loopback=loopback)
        if key_id is not None:  # the ST_PADLOCK key server, for webhook apps checking signatures
            response = key_server_response(request.method, key_id)
            self._record(request, normalised, response.status_code, None, None)
            return Outcome(response)
        if not loopback and host not in self._api_hosts and host not in self._classic_hosts:
            self._record(request, normalised, None, None, "unknown_host")
            return Outcome(None, drop=Fault(kind="drop", remaining=0, error="connect"))
        fault = self.faults.take(request.method, (path, normalised))
        if fault is not None and fault.kind == "drop" and (not fault.processed or fault.error == "connect"):
            self._record(request, normalised, None, None, fault.kind)
            return Outcome(None, drop=fault)
        if fault is not None and fault.kind in SHORT_CIRCUIT:
            response = self._fault_response(fault)
            self._record(request, normalised, response.status_code, None, fault.kind)
            return Outcome(response)
        kind: str | None
        with self._lock:
            if host in self._classic_hosts:
                response = handle_classic(self._state, request, self._classic_install_origin)
                kind = _auth.CLASSIC
            else:
                response, kind = self._route(request, normalised)
        if fault is None:
            self._record(request, normalised, response.status_code, kind, None)
            return Outcome(response)
        if fault.kind == "malformed_json":
            headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-length"]
            body = response.content[: max(1, len(response.content) // 2)]
            response = httpx.Response(response.status_code, headers=headers, content=body)
        self._record(request, normalised, None if fault.kind == "drop" else response.status_code, kind, fault.kind)
        if fault.kind == "drop":
            return Outcome(response, drop=fault)
        if fault.kind == "slow":
            return Outcome(response, delay=fault.seconds)
        return Outcome(response)

    def _route(self, request: httpx.Request, path: str) -> tuple[httpx.Response, str | None]:
        request_id = self.request_id()
        origin = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}"
        route, params, known = self._routes.match(request.method, path)
        accept_error = None if route is not None and route.streams else check_accept(request.headers.get("accept"))
        if accept_error is not None:
            return json_response(accept_error.body(request_id), accept_error.status), None
        if route is None:
            error = (
                ApiError(405, "MethodNotAllowedError", f"{request.method} is not supported on {path}")
                if known
                else ApiError(404, "NotFoundError", f"No endpoint at {path}")
            )
            return json_response(error.body(request_id), error.status), None
        ctx = Ctx(
            request=request,
            state=self._state,
            method=request.method,
            path=path,
            origin=origin,
            request_id=request_id,
            params=params,
        )
        decision: RateDecision | None = None
        try:
            if not route.public:
                ctx.token = self._authenticate(request)
            decision = self.rate_limits.check(_caller(ctx), path, request.method)
            if decision is not None and decision.limited:
                return json_response(decision.body(request_id), 429, decision.headers()), _kind(ctx)
            if not route.public:
                self._authorise(route, ctx)
            response = route.handler(ctx)
        except ApiError as error:
            response = json_response(error.body(request_id), error.status, error.headers)
        except Forbidden as forbidden:
            # Empty body, like the real 403s (contract §3.1); the reason only in a debugging header.
            response = empty_response(403, {"x-emulator-reason": forbidden.reason})
        if decision is not None:
            response.headers.update(decision.headers())
        return response, _kind(ctx)

    def _authenticate(self, request: httpx.Request) -> _auth.AccessToken:
        header = request.headers.get("authorization")
        if not header:
            raise Unauthorized("Full authentication is required to access this resource")
        scheme, _, value = header.partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise Unauthorized("Authorization must be a Bearer token")
        token = self._state.tokens.access.get(value.strip())
        if token is None or token.kind == _auth.CLASSIC:
            raise Unauthorized("Invalid access token")
        if token.revoked:
            raise Unauthorized("Access token has been revoked")
        if token.expires_at <= self._state.clock.now():
            raise Unauthorized("Access token expired")
        return token

    def _authorise(self, route: Route, ctx: Ctx) -> None:
        token = ctx.token
        assert token is not None
        if token.kind not in route.kinds:
            raise Forbidden(f"{token.kind} tokens cannot call {route.method} {route.template}")
        if not route.scopes:
            return
        if route.implicit_device and ctx.is_app_token:
            # "If the token is for a SmartApp that created the device then it implicitly has permission" (S1).
            device = self._state.devices.get(ctx.params.get("deviceId", ""))
            if device is not None and device.creator == token.installed_app_id:
                return
        ctx.require(*(scope.format(**ctx.params) for scope in route.scopes))

    def _fault_response(self, fault: Fault) -> httpx.Response:
        html = {"content-type": "text/html"}
        if fault.kind == "server_error":
            status = fault.status or 503
            return httpx.Response(status, headers=html, content=openresty_page(status))
        if fault.kind == "html_error":
            status = fault.status or 401
            return httpx.Response(status, headers=html, content=openresty_page(status))
        if fault.kind == "empty_body":
            return empty_response(fault.status or 403)
        if fault.kind == "rate_limit":
            seconds = -(-fault.retry_millis // 1000)
            decision = RateDecision(True, 1, 1, 0, seconds, fault.retry_millis)
            return json_response(decision.body(self.request_id()), 429, decision.headers())
        error = ApiError(500, "UnexpectedError", "unsuccessful-http-call status=424")
        return json_response(error.body(self.request_id()), fault.status or 500)

    def request_id(self) -> str:
        """An opaque numeric request id like the real ones (``"3051095549439698997"``)."""
        with self._lock:
            return str(self._random.getrandbits(62))

    def _record(
        self, request: httpx.Request, path: str, status: int | None, kind: str | None, fault: str | None
    ) -> None:
        with self._lock:
            self.journal.append(RecordedRequest(request.method, path, status, str(request.url), kind, fault))


def strip_v1(path: str) -> str:
    """``/v1/devices`` and ``/devices`` are the same endpoint (contract §1.2)."""
    if path == "/v1":
        return "/"
    return path[3:] if path.startswith("/v1/") else path


def check_accept(accept: str | None) -> ApiError | None:
    """Accept JSON in any form the API takes; versions are ``1`` or date-like (``20170916``, ``20250122``)."""
    if not accept:
        return None
    lowered = accept.lower()
    if "application/vnd.smartthings+json" in lowered:
        match = _ACCEPT_VERSION.search(lowered)
        if match is not None and not (match.group("v") == "1" or re.fullmatch(r"\d{8}", match.group("v"))):
            return ApiError(406, "NotAcceptableError", f"Unsupported API version {match.group('v')}")
        return None
    if any(t in lowered for t in ("application/json", "*/*", "application/*")):
        return None
    return ApiError(406, "NotAcceptableError", f"Cannot produce {accept}; accept application/json")


def _caller(ctx: Ctx) -> str | None:
    """Whose per-caller rate budget a request draws from: a SmartApp token's installed app (its budget outlives
    each access token), else the token."""
    token = ctx.token
    if token is None:
        return None
    return token.installed_app_id or token.value


def _kind(ctx: Ctx) -> str | None:
    return ctx.token.kind if ctx.token is not None else None
