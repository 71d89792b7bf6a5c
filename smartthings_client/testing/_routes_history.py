"""Device history (contract-more §5): every state change the emulator made, paged by epoch + hash cursors.

Like the real endpoint: ``locationId`` is required (and may repeat), newest first unless ``oldestFirst=true``,
``limit`` defaults to 20 and is capped at 300.  A page with events links ``next`` (further in the walk's
direction) and ``previous`` by the epoch and hash of its last and first events, repeating ``limit``,
``oldestFirst``, ``pagingOffset=0``, ``locationId`` and ``deviceId`` (C1t ``history/get.json``); a page without
events is ``{items: []}`` with no ``_links``.  A cursor with a hash is exclusive; an epoch alone is exclusive for
``pagingBeforeEpoch`` and inclusive for ``pagingAfterEpoch``, as the captured pages show.  Events of one
millisecond (the emulator clock stands still unless told) keep the order they happened in.
"""

from __future__ import annotations

import copy
from urllib.parse import urlencode

import httpx

from ._errors import Forbidden, JsonDict, bad_request, detail
from ._http import Ctx, RouteTable, json_response

table = RouteTable()

DEFAULT_LIMIT = 20
MAX_LIMIT = 300

def _number(ctx: Ctx, name: str) -> int | None:
    raw = ctx.q(name)
    if raw is None or raw == "":
        return None
    if not raw.lstrip("-").isdigit():
        raise bad_request(f"Invalid {name}", detail("PatternError", f"{name}: {raw!r} is not a number", name))
    return int(raw)


def _positions(history: list[JsonDict]) -> dict[tuple[int, int], int]:
    return {(int(entry["epoch"]), int(entry["hash"])): index for index, entry in enumerate(history)}


def _cursor(ctx: Ctx, prefix: str, positions: dict[tuple[int, int], int]) -> tuple[int, int | None] | None:
    """``(epoch, position)`` of a cursor: the position of the event it names (events of one millisecond keep the
    order they happened in), or None for an epoch alone."""
    epoch, digest = _number(ctx, f"{prefix}Epoch"), _number(ctx, f"{prefix}Hash")
    if epoch is None:
        return None
    return epoch, positions.get((epoch, digest)) if digest is not None else None


def _in_range(
    index: int, epoch: int, lower: tuple[int, int | None] | None, upper: tuple[int, int | None] | None
) -> bool:
    if lower is not None:
        after_epoch, after_index = lower
        if not (index > after_index if after_index is not None else epoch >= after_epoch):
            return False
    if upper is not None:
        before_epoch, before_index = upper
        if not (index < before_index if before_index is not None else epoch < before_epoch):
            return False
    return True


def _readable(ctx: Ctx, entry: JsonDict) -> bool:
    device_id = str(entry["deviceId"])
    record = ctx.state.devices.get(device_id)
    created = record is not None and ctx.token is not None and record.creator == ctx.token.installed_app_id
    if ctx.is_app_token and created:
        return True
    return ctx.can(f"r:devices:{device_id}", "l:devices")


@table.route("GET", "/history/devices")
def device_history(ctx: Ctx) -> httpx.Response:
    """GET /history/devices."""
    locations = ctx.q_all("locationId")
    if not locations:
        missing = detail("NotNullError", "locationId: must not be null", "locationId")
        raise bad_request("Location ID is undefined", missing)
    if not (ctx.can("l:devices", "r:devices:*") or any(s.startswith("r:devices:") for s in ctx.scopes)):
        raise Forbidden("token lacks scope r:devices:* or l:devices")
    for location_id in locations:
        ctx.state.location(location_id)
        ctx.check_location(location_id)
    wanted = set(ctx.q_all("deviceId"))
    limit = _number(ctx, "limit")
    if limit is not None and limit < 1:
        raise bad_request("Invalid limit", detail("PatternError", "limit must be >= 1", "limit"))
    limit = min(limit or DEFAULT_LIMIT, MAX_LIMIT)
    oldest_first = ctx.q_bool("oldestFirst")
    history = ctx.state.history
    positions = _positions(history)
    lower, upper = _cursor(ctx, "pagingAfter", positions), _cursor(ctx, "pagingBefore", positions)
    # Oldest first, as recorded: the list index orders events of the same millisecond.
    entries = [
        entry
        for index, entry in enumerate(history)
        if entry["locationId"] in locations
        and (not wanted or entry["deviceId"] in wanted)
        and _in_range(index, int(entry["epoch"]), lower, upper)
        and _readable(ctx, entry)
    ]
    # The page holds the events nearest the cursor it was asked from, in the order asked for.
    if lower is not None and upper is None:
        chunk = entries[:limit]
    elif upper is not None and lower is None:
        chunk = entries[-limit:]
    else:
        chunk = entries[:limit] if oldest_first else entries[-limit:]
    if not oldest_first:
        chunk.reverse()
    if not chunk:
        return json_response({"items": []})
    kept = [("limit", str(limit)), ("oldestFirst", "true" if oldest_first else "false"), ("pagingOffset", "0")]
    kept += [("locationId", location_id) for location_id in locations]
    kept += [("deviceId", device_id) for device_id in ctx.q_all("deviceId")]

    def link(cursor: str, entry: JsonDict) -> JsonDict:
        query = urlencode([(f"{cursor}Epoch", str(entry["epoch"])), (f"{cursor}Hash", str(entry["hash"])), *kept])
        return {"href": f"{ctx.origin}/history/devices?{query}"}

    forward, backward = ("pagingAfter", "pagingBefore") if oldest_first else ("pagingBefore", "pagingAfter")
    links = {"next": link(forward, chunk[-1]), "previous": link(backward, chunk[0])}
    return json_response({"items": copy.deepcopy(chunk), "_links": links})
