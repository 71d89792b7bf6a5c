"""``st.rules``: create, read, change, delete and run the rules of a location."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._operation import Request, query, segment
from ..models.converter import decode_as
from ..models.rules import Rule, RuleExecution, rule_from_json, rule_to_json
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncRules", "Rules"]

MAX_NAME = 100  # characters (C1 RuleRequest)

_decode_rule = decode_as(Rule)
_decode_execution = decode_as(RuleExecution)

# Fields SmartThings sets: a rule read back and sent again must not carry them into the request.
_SERVER_FIELDS = ("id", "ownerType", "ownerId", "dateCreated", "dateUpdated", "status", "executionLocation", "creator")

_RULE = "/rules/{ruleId}"
_OWNER_NOTE = (
    "A rule belongs to the principal that created it, the user of a personal access token or the installed app "
    "of a SmartApp token, and neither sees the other's rules (C1 rules.ts). The per-verb scope split is inferred "
    "from the PAT page labels (read, write, execute all rules)."
)


def _location(location_id: str) -> tuple[tuple[str, str], ...]:
    segment(location_id, "location_id")
    return query(("locationId", location_id))


def rule_request(rule: Rule | Mapping[str, Any]) -> dict[str, Any]:
    """The body of a create or update: the rule's JSON without the fields SmartThings sets.

    A mapping (a rule written as JSON, one of SmartThings' samples) is read as a :class:`Rule` first, so a
    malformed one fails here, before anything is sent; kinds this library does not model pass unchanged.
    """
    if not isinstance(rule, Rule):
        if not isinstance(rule, Mapping):
            raise TypeError(f"rule must be a Rule or a JSON object, not {type(rule).__name__}")
        try:
            rule = rule_from_json(rule)
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a rule (it needs a name and a list of actions): {exc}") from None
    if not rule.name or not rule.name.strip() or len(rule.name) > MAX_NAME:
        raise ValueError(f"a rule's name must be 1 to {MAX_NAME} characters")
    if not rule.actions:
        raise ValueError("a rule needs at least one action")
    body = rule_to_json(rule)
    for key in _SERVER_FIELDS:
        body.pop(key, None)
    return body


class _Rules(ResourceBase):
    _group = "rules"

    @paged("rules.list", "GET", "/rules", (("r:rules:*",),), note=_OWNER_NOTE)
    def list(self, location_id: str) -> Request[Rule]:
        """The rules of a location that belong to the token's principal."""
        return Request(_decode_rule, params=_location(location_id))

    @endpoint("rules.get", "GET", _RULE, (("r:rules:*",),), note=_OWNER_NOTE)
    def get(self, rule_id: str, location_id: str) -> Request[Rule]:
        """One rule."""
        return Request(_decode_rule, path={"ruleId": rule_id}, params=_location(location_id))

    @endpoint("rules.create", "POST", "/rules", (("w:rules:*",),), note=_OWNER_NOTE)
    def create(self, location_id: str, rule: Rule | Mapping[str, Any]) -> Request[Rule]:
        """Create a rule in a location; the answer is the rule with its ``id``.  ``rule`` is a :class:`Rule` or
        its JSON."""
        return Request(_decode_rule, params=_location(location_id), json=rule_request(rule))

    @endpoint("rules.update", "PUT", _RULE, (("w:rules:*",),), note=_OWNER_NOTE)
    def update(self, rule_id: str, location_id: str, rule: Rule | Mapping[str, Any]) -> Request[Rule]:
        """Replace a rule's definition (name, actions, sequence, time zone) with ``rule``."""
        body = rule_request(rule)
        return Request(_decode_rule, path={"ruleId": rule_id}, params=_location(location_id), json=body)

    @endpoint("rules.delete", "DELETE", _RULE, (("w:rules:*",),), note=_OWNER_NOTE)
    def delete(self, rule_id: str, location_id: str) -> Request[Rule | None]:
        """Delete a rule; SmartThings answers with the rule deleted (``None`` if it sends nothing)."""
        return Request(_rule_or_none, path={"ruleId": rule_id}, params=_location(location_id), empty_ok=True)

    @endpoint("rules.execute", "POST", "/rules/execute/{ruleId}", (("x:rules:*",),), note=_OWNER_NOTE)
    def execute(self, rule_id: str, location_id: str) -> Request[RuleExecution]:
        """Run a rule's actions now, as if it had triggered; ``result`` says whether it succeeded."""
        return Request(_decode_execution, path={"ruleId": rule_id}, params=_location(location_id))


def _rule_or_none(data: Any) -> Rule | None:
    return _decode_rule(data) if isinstance(data, Mapping) and data else None


class Rules(_Rules, SyncResource):
    """Rules (blocking).  Reach it as ``SmartThings().rules``."""


class AsyncRules(_Rules, AsyncResource):
    """Rules (async).  Reach it as ``AsyncSmartThings().rules``."""
