"""Scenes (contract §3 of smartthings-api-more): list and execute; executing runs the scene's device commands."""

from __future__ import annotations

import copy

import httpx

from ._automation import run_device_command
from ._errors import not_found
from ._http import Ctx, RouteTable, json_response, paged

table = RouteTable()


@table.route("GET", "/scenes", scopes=["r:scenes:*"])
def list_scenes(ctx: Ctx) -> httpx.Response:
    """GET /scenes[?locationId=]: the scenes of one location or of every location the token sees.

    Dates are epoch milliseconds, as the real API sends them (not the date-time strings S1 declares).
    """
    location_id = ctx.q("locationId")
    if location_id is not None:
        ctx.check_location(location_id)
    items = [
        copy.deepcopy(scene.doc)
        for scene in ctx.state.scenes.values()
        if (location_id is None or scene.location_id == location_id) and ctx.sees_location(scene.location_id)
    ]
    return paged(ctx, items)


@table.route("POST", "/scenes/{sceneId}/execute", scopes=["x:scenes:*"])
def execute_scene(ctx: Ctx) -> httpx.Response:
    """POST /scenes/{id}/execute: run every device command of the scene, stamp ``lastExecutedDate``.

    A device that is gone, offline or refuses a command does not fail the scene (the real answer is always
    ``{"status": "success"}`` once the scene is accepted).
    """
    scene = ctx.state.scenes.get(ctx.params["sceneId"])
    location_id = ctx.q("locationId")
    if scene is None or (location_id is not None and location_id != scene.location_id):
        raise not_found(f"Scene {ctx.params['sceneId']}")
    ctx.check_location(scene.location_id)
    for action in scene.actions:
        run_device_command(ctx.state, str(action["deviceId"]), action)
    scene.doc["lastExecutedDate"] = ctx.state.clock.millis()
    return json_response({"status": "success"})
