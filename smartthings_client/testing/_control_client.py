""":class:`EmulatorControl`: the Python client of a served emulator's control API (``/_emulator/...``).

For test suites that run the emulator in another process (``smartthings-client emulator``), or that want to script
it exactly as tests in another language would.  Every method is one HTTP call and returns the JSON answer as the
typed dict declared in :mod:`._control_schema`; a refused call raises :class:`ControlAPIError` with the control
API's status, code and message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import Any, Literal, cast

import httpx

from ._control_schema import (
    CONTROL_HEADER,
    CONTROL_PREFIX,
    AttributeInfo,
    ClockInfo,
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

__all__ = ["ControlAPIError", "EmulatorControl"]


class ControlAPIError(Exception):
    """A control call was refused (``status``, ``code``, ``message`` from the answer) or got no answer at all
    (``status`` 0, ``code`` ``"unreachable"``)."""

    def __init__(self, status: int, code: str, message: str, *, method: str, url: str) -> None:
        super().__init__(f"{method} {url} -> {status or 'no answer'} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


def _drop_none(fields: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not None}


class EmulatorControl:
    """Script a served emulator: ``EmulatorControl("http://127.0.0.1:8088")`` (its origin, or the control URL).

    ``transport`` stands in for the network (e.g. ``ControlAPI(emu).transport`` in-process).  Use it as a context
    manager, or call :meth:`close`.
    """

    def __init__(self, url: str, *, timeout: float = 10.0, transport: httpx.BaseTransport | None = None) -> None:
        origin = url.rstrip("/").removesuffix(CONTROL_PREFIX).removesuffix("/v1")
        self.url = origin + CONTROL_PREFIX
        """The control API's URL (``<origin>/_emulator``)."""
        self.api_base_url = origin + "/v1"
        """The SmartThings API base URL of the same emulator (what ``SMARTTHINGS_BASE_URL`` is set to)."""
        self._http = httpx.Client(timeout=timeout, transport=transport)

    def close(self) -> None:
        """Close the connections."""
        self._http.close()

    def __enter__(self) -> EmulatorControl:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.close()

    def _call(self, method: str, path: str, body: Mapping[str, Any] | None = None, **params: str) -> Any:
        url = self.url + path
        try:
            response = self._http.request(method, url, json=body, params=params or None)
        except httpx.HTTPError as error:
            reason = f"{type(error).__name__}: {error}"
            raise ControlAPIError(0, "unreachable", reason, method=method, url=url) from None
        try:
            answer = response.json()
        except ValueError:
            answer = None
        mine = response.headers.get(CONTROL_HEADER) == "1"
        if mine and response.is_success and isinstance(answer, dict):
            return answer
        found = answer.get("error") if isinstance(answer, dict) else None
        if mine and isinstance(found, dict):
            code, message = str(found.get("code")), str(found.get("message"))
        else:  # not the control API: an emulator served without it, another server on that port
            code, message = "not_a_control_api", f"{url} is not an emulator control API: {response.text[:200]!r}"
        raise ControlAPIError(response.status_code, code, message, method=method, url=url)

    # --- faults --------------------------------------------------------------------------------------------------

    def add_fault(
        self,
        kind: str,
        count: int = 1,
        *,
        method: str | None = None,
        path: str | None = None,
        path_regex: str | None = None,
        status: int | None = None,
        seconds: float | None = None,
        error: Literal["remote_protocol", "connect"] | None = None,
        processed: bool | None = None,
        retry_millis: int | None = None,
    ) -> FaultInfo:
        """Script ``count`` failures of ``kind`` (see ``FaultInjector.add``) for matching requests."""
        body = _drop_none(
            {
                "kind": kind,
                "count": count,
                "method": method,
                "path": path,
                "pathRegex": path_regex,
                "status": status,
                "seconds": seconds,
                "error": error,
                "processed": processed,
                "retryMillis": retry_millis,
            }
        )
        return cast(FaultInfo, self._call("POST", "/faults", body))

    def faults(self) -> list[FaultInfo]:
        """The faults that still have hits left."""
        return cast("list[FaultInfo]", self._call("GET", "/faults")["faults"])

    def clear_faults(self) -> int:
        """Remove every pending fault; returns how many there were."""
        return int(self._call("DELETE", "/faults")["cleared"])

    # --- rate limits ---------------------------------------------------------------------------------------------

    def enable_rate_limits(
        self,
        limit: int = 10,
        window: float = 60.0,
        per: Literal["token", "device"] = "token",
        paths: Iterable[str] | None = None,
    ) -> RateLimitInfo:
        """``limit`` requests per ``window`` seconds per token (or per device); ``paths`` restricts what counts."""
        body = _drop_none({"enabled": True, "limit": limit, "window": window, "per": per, "paths": paths})
        if paths is not None:
            body["paths"] = list(paths)
        return cast(RateLimitInfo, self._call("PUT", "/rate-limits", body))

    def enable_documented_rate_limits(self) -> RateLimitInfo:
        """Enforce SmartThings' documented limits (the client's ``DOCUMENTED_LIMITS``) with the real 429 body."""
        return cast(RateLimitInfo, self._call("PUT", "/rate-limits", {"documented": True}))

    def event_streams(self) -> dict[str, Any]:
        """How event streams misbehave now: ``{silent, sinkLimit}``."""
        return cast("dict[str, Any]", self._call("GET", "/event-streams"))

    def silence_event_streams(self, silent: bool = True) -> dict[str, Any]:
        """Keepalives but no device events (the silent stream Home Assistant users meet), or back to normal."""
        return cast("dict[str, Any]", self._call("PUT", "/event-streams", {"silent": silent}))

    def set_sink_limit(self, limit: int | None) -> dict[str, Any]:
        """How many sinks an app may hold at once (SmartThings allows 2; ``None``: no limit)."""
        return cast("dict[str, Any]", self._call("PUT", "/event-streams", {"sinkLimit": limit}))

    def disable_rate_limits(self) -> RateLimitInfo:
        """Stop limiting."""
        return cast(RateLimitInfo, self._call("DELETE", "/rate-limits"))

    def rate_limits(self) -> RateLimitInfo:
        """What is enforced now."""
        return cast(RateLimitInfo, self._call("GET", "/rate-limits"))

    # --- the clock -----------------------------------------------------------------------------------------------

    def clock(self) -> ClockInfo:
        """The emulator's time."""
        return cast(ClockInfo, self._call("GET", "/clock"))

    def advance(self, seconds: float) -> ClockInfo:
        """Move the emulator's clock forward (tokens expire, rate-limit windows end, schedules fall due)."""
        return cast(ClockInfo, self._call("POST", "/clock/advance", {"seconds": seconds}))

    def set_time(self, when: float | str) -> ClockInfo:
        """Set the clock to epoch seconds or an ISO 8601 time (``"2025-03-01T12:00:00Z"``)."""
        body = {"iso": when} if isinstance(when, str) else {"now": when}
        return cast(ClockInfo, self._call("PUT", "/clock", body))

    # --- tokens --------------------------------------------------------------------------------------------------

    def issue_pat(
        self, scopes: Iterable[str] | None = None, *, lifetime: float | None = None, token: str | None = None
    ) -> PatInfo:
        """A personal access token (every PAT scope unless ``scopes``; 24 h unless ``lifetime``; ``token`` fixes it)."""
        body = _drop_none({"scopes": list(scopes) if scopes is not None else None, "lifetimeSeconds": lifetime})
        if token is not None:
            body["token"] = token
        return cast(PatInfo, self._call("POST", "/tokens/pat", body))

    def install_app(
        self,
        app_id: str | None = None,
        *,
        permissions: Iterable[str] | None = None,
        location_id: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> InstallInfo:
        """Install an app (a new webhook SmartApp unless ``app_id``, an id or a name): its installedAppId and
        SmartApp token pair.  A webhook registered for the app receives the signed INSTALL."""
        body = _drop_none(
            {
                "appId": app_id,
                "permissions": list(permissions) if permissions is not None else None,
                "locationId": location_id,
                "config": dict(config) if config is not None else None,
            }
        )
        return cast(InstallInfo, self._call("POST", "/tokens/smartapp", body))

    def sse_token(self, location_id: str | None = None) -> InstallInfo:
        """An installed app whose token has the reserved ``sse`` scope (what Home Assistant-style clients hold)."""
        return cast(InstallInfo, self._call("POST", "/tokens/sse", _drop_none({"locationId": location_id})))

    # --- webhooks and lifecycles ---------------------------------------------------------------------------------

    def register_webhook(
        self,
        target_url: str,
        *,
        app_id: str | None = None,
        app_name: str | None = None,
        signature_type: Literal["ST_PADLOCK", "APP_RSA"] = "ST_PADLOCK",
        permissions: Iterable[str] | None = None,
    ) -> WebhookInfo:
        """Send an app's signed lifecycle requests to ``target_url`` (a new app unless ``app_id``)."""
        body = _drop_none(
            {
                "targetUrl": target_url,
                "appId": app_id,
                "appName": app_name,
                "signatureType": signature_type,
                "permissions": list(permissions) if permissions is not None else None,
            }
        )
        return cast(WebhookInfo, self._call("POST", "/webhooks", body))

    def webhooks(self) -> list[WebhookInfo]:
        """The registered webhooks."""
        return cast("list[WebhookInfo]", self._call("GET", "/webhooks")["webhooks"])

    def ping(self, app_id: str) -> LifecycleInfo:
        """POST a PING to the app's webhook."""
        return cast(LifecycleInfo, self._call("POST", f"/webhooks/{app_id}/ping"))

    def configuration(
        self,
        app_id: str,
        phase: str = "INITIALIZE",
        *,
        page_id: str | None = None,
        previous_page_id: str | None = None,
        installed_app_id: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> LifecycleInfo:
        """POST a signed CONFIGURATION (``INITIALIZE``, or ``PAGE`` with ``page_id``) to the app's webhook: its
        answer (``delivery["body"]["configurationData"]``) holds the page, as the console renders it."""
        given = {
            "phase": phase,
            "pageId": page_id,
            "previousPageId": previous_page_id,
            "installedAppId": installed_app_id,
            "config": dict(config) if config is not None else None,
        }
        body = {key: value for key, value in given.items() if value is not None}
        return cast(LifecycleInfo, self._call("POST", f"/webhooks/{app_id}/configuration", body))

    def console_state(self) -> dict[str, Any]:
        """What the console draws: ``{world, webhooks, journal, faults, rateLimits}``."""
        return cast("dict[str, Any]", self._call("GET", "/console/state"))

    def update(
        self,
        installed_app_id: str,
        *,
        permissions: Iterable[str] | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> TokenPairInfo:
        """UPDATE: a new token pair (older refresh tokens stop working), POSTed to the webhook if there is one."""
        body = _drop_none(
            {
                "permissions": list(permissions) if permissions is not None else None,
                "config": dict(config) if config is not None else None,
            }
        )
        return cast(TokenPairInfo, self._call("POST", f"/installedapps/{installed_app_id}/update", body))

    def event(self, installed_app_id: str, events: list[dict[str, Any]] | None = None) -> LifecycleInfo:
        """EVENT with ``events``, or with what the world queued for the installed app (device changes matching
        its subscriptions, due schedules...); POSTed to the webhook when there is one and something to send."""
        body = {"events": events} if events is not None else None
        return cast(LifecycleInfo, self._call("POST", f"/installedapps/{installed_app_id}/event", body))

    def uninstall(self, installed_app_id: str) -> LifecycleInfo:
        """UNINSTALL: the installed app and its tokens are gone; POSTed to the webhook if there is one."""
        return cast(LifecycleInfo, self._call("POST", f"/installedapps/{installed_app_id}/uninstall"))

    # --- devices -------------------------------------------------------------------------------------------------

    def devices(self) -> list[DeviceInfo]:
        """Every device: id, label, location and capabilities."""
        return cast("list[DeviceInfo]", self._call("GET", "/devices")["devices"])

    def device_id(self, label: str) -> str:
        """The id of the first device with this label (the seeded light is ``"Bathroom spot"``)."""
        for device in self.devices():
            if device["label"] == label:
                return device["deviceId"]
        raise LookupError(f"no device labelled {label!r}")

    def attribute(self, device_id: str, capability: str, attribute: str, component: str = "main") -> Any:
        """An attribute's current value (None when the device has no such attribute)."""
        path = f"/devices/{device_id}/attributes/{capability}/{attribute}"
        answer: AttributeInfo = self._call("GET", path, component=component)
        return answer["value"]

    def set_attribute(
        self,
        device_id: str,
        capability: str,
        attribute: str,
        value: Any,
        *,
        component: str = "main",
        unit: str | None = None,
    ) -> AttributeInfo:
        """Change an attribute as if the device reported it (subscribed apps and event streams see the event)."""
        body = _drop_none({"value": value, "component": component, "unit": unit})
        body["value"] = value  # None is a value too
        path = f"/devices/{device_id}/attributes/{capability}/{attribute}"
        return cast(AttributeInfo, self._call("PUT", path, body))

    def set_health(self, device_id: str, state: Literal["ONLINE", "OFFLINE", "UNHEALTHY"] | None) -> None:
        """Set a device's health (None: not enrolled, so ``/health`` answers 404)."""
        self._call("PUT", f"/devices/{device_id}/health", {"state": state})

    # --- event streams, the journal, reset -----------------------------------------------------------------------

    def end_event_streams(self) -> int:
        """Send ``goodbye`` on every open event stream and end it; returns how many sinks there are."""
        return int(self._call("POST", "/event-streams/end")["streams"])

    def drop_event_streams(self) -> int:
        """Break every open event stream without ``goodbye`` (a network failure); returns how many sinks there are."""
        return int(self._call("POST", "/event-streams/drop")["streams"])

    def requests(self) -> list[RequestInfo]:
        """Every API request served so far (control calls are not recorded)."""
        return cast("list[RequestInfo]", self._call("GET", "/requests")["requests"])

    def clear_requests(self) -> int:
        """Forget the journal; returns how many entries there were."""
        return int(self._call("DELETE", "/requests")["cleared"])

    def reset(self, *, seed: bool = True) -> ResetInfo:
        """Start over: a new (seeded unless ``seed=False``) account; faults, limits, tokens and webhooks gone.  The
        fixed token given with ``smartthings-client emulator --token`` is issued again."""
        return cast(ResetInfo, self._call("POST", "/reset", {"seed": seed}))
