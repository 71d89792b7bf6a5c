"""The SSE sinks API (smartthings-api-more.md §16): ``POST /subscriptions`` and ``DELETE /subscriptions/{id}`` on
the API origin (no ``/v1``), and the event stream at the sink's ``registrationUrl``.

Only installed-app tokens (SmartApp, OAuth-In) holding the reserved ``sse`` scope get through; anything else gets
the real empty-body 403.  A third sink of one installed app gets the real 409.  The stream is served on the
request's own origin, standing in for ``spigot-regional.api.smartthings.com``.
"""

from __future__ import annotations

import httpx

from . import _auth
from ._errors import ApiError, JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response
from ._sinks import SinkRecord
from ._state import new_id

table = RouteTable()

_SSE = ["sse"]
_APP_KINDS = sorted(_auth.APP_KINDS)
_KNOWN_TYPES = {"DEVICE_EVENT", "DEVICE_LIFECYCLE_EVENT", "DEVICE_HEALTH_EVENT", "LOCATION_LIFECYCLE_EVENT"}


def _on_origin_root(ctx: Ctx) -> None:
    # The sinks API has no /v1 (the router strips it for every other route): a client sending /v1 gets 404.
    if ctx.request.url.path.startswith("/v1/"):
        raise ApiError(404, "NotFoundError", f"No endpoint at {ctx.request.url.path}")


def _owner(ctx: Ctx) -> str:
    assert ctx.token is not None
    return ctx.token.installed_app_id or ctx.token.value


def _string_list(value: object, target: str) -> list[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        raise constraint("The request is malformed.", detail("NotEmptyError", f"{target} must not be empty", target))
    return list(value)


@table.route("POST", "/subscriptions", scopes=_SSE, kinds=_APP_KINDS)
def create_sink(ctx: Ctx) -> httpx.Response:
    """Create a sink for LOCATIONIDS filters; the answer carries the stream's ``registrationUrl``."""
    _on_origin_root(ctx)
    body = ctx.json_object()
    filters = body.get("subscriptionFilters")
    if not isinstance(filters, list) or not filters or not isinstance(filters[0], dict):
        raise constraint(
            "The request is malformed.",
            detail("NotEmptyError", "subscriptionFilters must not be empty", "subscriptionFilters"),
        )
    locations: list[str] = []
    event_types: list[str] = []
    for item in filters:
        if not isinstance(item, dict) or item.get("type") != "LOCATIONIDS":
            raise constraint("The request is malformed.", detail("NotValidValue", "type must be LOCATIONIDS", "type"))
        locations += _string_list(item.get("value"), "value")
        event_types += _string_list(item.get("eventType"), "eventType")
    for location_id in locations:
        ctx.state.location(location_id)
        ctx.check_location(location_id)
    state = ctx.state
    owner = _owner(ctx)
    limit = state.sink_limit
    if limit is not None and sum(1 for sink in state.sinks.values() if sink.owner == owner) >= limit:
        raise ApiError(409, "ConflictError", f"Unable to create SinkFilter, threshold limit of {limit} reached")
    sink = SinkRecord(
        new_id(),
        owner,
        str(body.get("name") or "sink"),
        locations,
        [t for t in dict.fromkeys(event_types) if t in _KNOWN_TYPES],
        state.clock,
    )
    state.sinks[sink.id] = sink
    url = f"{ctx.origin}/filters/{sink.id}/activate?filterRegion=emulator"
    return json_response(sink.doc(url, body.get("version")))


def _own_sink(ctx: Ctx) -> SinkRecord:
    sink: SinkRecord | None = ctx.state.sinks.get(ctx.params["subscriptionId"])
    if sink is None or sink.owner != _owner(ctx):
        raise not_found(f"Subscription {ctx.params['subscriptionId']}")
    return sink


@table.route("DELETE", "/subscriptions/{subscriptionId}", scopes=_SSE, kinds=_APP_KINDS)
def delete_sink(ctx: Ctx) -> httpx.Response:
    """Delete a sink; its open streams end."""
    _on_origin_root(ctx)
    sink = _own_sink(ctx)
    del ctx.state.sinks[sink.id]
    sink.end()
    answer: JsonDict = {}
    return json_response(answer)


@table.route("GET", "/filters/{subscriptionId}/activate", scopes=_SSE, kinds=_APP_KINDS, streams=True)
def open_stream(ctx: Ctx) -> httpx.Response:
    """The long-lived ``text/event-stream`` of a sink."""
    sink = _own_sink(ctx)
    headers = {"content-type": "text/event-stream;charset=utf-8", "cache-control": "no-store"}
    return httpx.Response(200, headers=headers, stream=sink.body())
