"""Rules (contract §4 of smartthings-api-more): stored per location and per principal, executed on demand.

A rule belongs to the principal that created it: the user for a personal access token, the installed app for
SmartApp-type tokens; one principal never sees another's rules (C1 ``rules.ts``).  What ``execute`` evaluates
is described in :mod:`._automation`.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx

from ._automation import overall_result, run_actions
from ._errors import JsonDict, constraint, detail, not_found
from ._http import Ctx, RouteTable, json_response, paged
from ._state import OWNER_ID, USER_PRINCIPAL, RuleRecord, new_id

table = RouteTable()

MAX_NAME = 100
_ACTIONS = ("if", "sleep", "command", "every", "location")
_REQUEST_FIELDS = ("name", "actions", "sequence", "timeZoneId")


def _principal(ctx: Ctx) -> str:
    token = ctx.token
    if token is not None and ctx.is_app_token and token.installed_app_id:
        return token.installed_app_id
    return USER_PRINCIPAL


def _location_param(ctx: Ctx) -> str:
    location_id = ctx.q("locationId")
    if not location_id:
        raise constraint(
            "The request is malformed.", detail("NotNullError", "locationId: must not be null", "locationId")
        )
    ctx.check_location(location_id)
    ctx.state.location(location_id)
    return location_id


def _rule_for(ctx: Ctx) -> RuleRecord:
    location_id = _location_param(ctx)
    record = ctx.state.rules.get(ctx.params["ruleId"])
    if record is None or record.location_id != location_id or record.principal != _principal(ctx):
        raise not_found(f"Rule {ctx.params['ruleId']}")
    return record


def _check_actions(ctx: Ctx, location_id: str, actions: Any, target: str) -> None:
    """Every action is one known kind, and command actions name devices of the location (422 otherwise)."""
    if not isinstance(actions, list):
        raise constraint("The request is malformed.", detail("BodyMalformedError", "must be an array", target))
    for index, action in enumerate(actions):
        where = f"{target}[{index}]"
        if not isinstance(action, dict) or len(action) != 1 or next(iter(action)) not in _ACTIONS:
            raise constraint(
                "The request is malformed.",
                detail("NotValidValue", f"{where}: must be one of {', '.join(_ACTIONS)}", where),
            )
        ((kind, body),) = action.items()
        if not isinstance(body, dict):
            raise constraint("The request is malformed.", detail("BodyMalformedError", "must be an object", where))
        if kind == "command":
            for device_id in body.get("devices") or []:
                device = ctx.state.devices.get(str(device_id))
                if device is None or device.location_id != location_id:
                    raise constraint(
                        "The request is malformed.",
                        detail("NotValidValue", f"{device_id} is not a device of the location", f"{where}.devices"),
                    )
        for key in ("then", "else", "actions"):
            if key in body and body[key] is not None:
                _check_actions(ctx, location_id, body[key], f"{where}.{kind}.{key}")


def _rule_request(ctx: Ctx, location_id: str) -> JsonDict:
    body = ctx.json_object()
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        raise constraint(
            "The request is malformed.",
            detail("SizeError", f"name: size must be between 1 and {MAX_NAME}", "name"),
        )
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        raise constraint("The request is malformed.", detail("NotEmptyError", "actions: must not be empty", "actions"))
    _check_actions(ctx, location_id, actions, "actions")
    return {key: copy.deepcopy(body[key]) for key in _REQUEST_FIELDS if key in body}


@table.route("GET", "/rules", scopes=["r:rules:*"])
def list_rules(ctx: Ctx) -> httpx.Response:
    """GET /rules?locationId=: the principal's rules in the location."""
    location_id = _location_param(ctx)
    principal = _principal(ctx)
    items = [
        copy.deepcopy(r.doc)
        for r in ctx.state.rules.values()
        if r.location_id == location_id and r.principal == principal
    ]
    return paged(ctx, items)


@table.route("POST", "/rules", scopes=["w:rules:*"])
def create_rule(ctx: Ctx) -> httpx.Response:
    """POST /rules?locationId=: store the rule; the answer is the rule with its id and owner."""
    location_id = _location_param(ctx)
    principal = _principal(ctx)
    now = ctx.state.now_iso()
    doc: JsonDict = {
        **_rule_request(ctx, location_id),
        "id": new_id(),
        "ownerType": "User" if principal == USER_PRINCIPAL else "Location",
        "ownerId": OWNER_ID if principal == USER_PRINCIPAL else location_id,
        "dateCreated": now,
        "dateUpdated": now,
        "status": "Enabled",
        "executionLocation": "Cloud",
    }
    ctx.state.rules[doc["id"]] = RuleRecord(doc=doc, location_id=location_id, principal=principal)
    return json_response(copy.deepcopy(doc))


@table.route("GET", "/rules/{ruleId}", scopes=["r:rules:*"])
def get_rule(ctx: Ctx) -> httpx.Response:
    """GET /rules/{id}?locationId=."""
    return json_response(copy.deepcopy(_rule_for(ctx).doc))


@table.route("PUT", "/rules/{ruleId}", scopes=["w:rules:*"])
def update_rule(ctx: Ctx) -> httpx.Response:
    """PUT /rules/{id}?locationId=: a full replace of name, actions, sequence and time zone."""
    record = _rule_for(ctx)
    request = _rule_request(ctx, record.location_id)
    for key in _REQUEST_FIELDS:
        record.doc.pop(key, None)
    record.doc.update(request)
    record.doc["dateUpdated"] = ctx.state.now_iso()
    return json_response(copy.deepcopy(record.doc))


@table.route("DELETE", "/rules/{ruleId}", scopes=["w:rules:*"])
def delete_rule(ctx: Ctx) -> httpx.Response:
    """DELETE /rules/{id}?locationId=: the answer is the rule deleted (C1t)."""
    record = _rule_for(ctx)
    del ctx.state.rules[record.doc["id"]]
    return json_response(copy.deepcopy(record.doc))


@table.route("POST", "/rules/execute/{ruleId}", scopes=["x:rules:*"])
def execute_rule(ctx: Ctx) -> httpx.Response:
    """POST /rules/execute/{id}?locationId=: run the rule's actions now (C1 ``RuleExecutionResponse``)."""
    record = _rule_for(ctx)
    results: list[JsonDict] = []
    run_actions(ctx.state, record.location_id, record.doc.get("actions"), results)
    return json_response(
        {"executionId": new_id(), "id": record.doc["id"], "result": overall_result(results), "actions": results}
    )
