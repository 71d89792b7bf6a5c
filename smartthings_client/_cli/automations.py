"""`scenes` and `rules`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .output import emit, jsonable, timestamp
from .session import NotFound, Session, UsageError, only_location


def cmd_scenes_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        scenes = list(session.client.scenes.list(args.location_id))
        emit(
            args,
            scenes,
            lambda: ((s.scene_id, s.scene_name, timestamp(s.last_executed_date, "never")) for s in scenes),
            ["scene id", "name", "last run"],
        )


def cmd_scenes_run(args: argparse.Namespace) -> None:
    """Run a scene given by id or by name ("Good Night", any case)."""
    with Session(args) as session:
        scene_id = args.scene
        wanted = args.scene.casefold()
        scenes = list(session.client.scenes.list(args.location_id))
        named = [s for s in scenes if (s.scene_name or "").casefold() == wanted]
        if len(named) > 1:
            raise UsageError(f"{len(named)} scenes are named {args.scene!r}: give the scene id")
        if named:
            scene_id = named[0].scene_id
        elif all(s.scene_id != scene_id for s in scenes):
            known = ", ".join(repr(s.scene_name) for s in scenes) or "none"
            place = f" in location {args.location_id}" if args.location_id else ""
            option = f" --location-id {args.location_id}" if args.location_id else ""
            raise NotFound(
                f"no scene {args.scene!r}{place}, by name or by id (scenes: {known}); "
                f"`smartthings-client scenes list{option}` shows their names and ids"
            )
        result = session.client.scenes.execute(scene_id, args.location_id)
        emit(args, result, lambda: [(scene_id, result.status)], ["scene id", "status"])


def _action_summary(action: Any) -> tuple[str, str]:
    from ..models import rules

    if isinstance(action, rules.CommandAction):
        commands = ", ".join(f"{c.capability}.{c.command}" for c in action.commands)
        return "command", f"{commands} on {len(action.devices)} device(s)"
    if isinstance(action, rules.IfAction):
        kind = type(action.condition).__name__
        return "if", f"{kind}; then {len(action.then or ())} action(s), else {len(action.else_ or ())}"
    if isinstance(action, rules.EveryAction):
        return "every", f"{len(action.actions)} action(s)"
    if isinstance(action, rules.SleepAction):
        return "sleep", f"{jsonable(action.duration)}"
    if isinstance(action, rules.LocationAction):
        return "location", f"mode {action.mode}"
    return "other", json.dumps(jsonable(action))[:60]


def cmd_rules_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        found = list(session.client.rules.list(location_id))
        emit(
            args,
            found,
            lambda: ((r.id, r.name, r.status or "", len(r.actions)) for r in found),
            ["rule id", "name", "status", "actions"],
        )


def cmd_rules_get(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        rule = session.client.rules.get(args.rule_id, location_id)
        emit(args, rule, lambda: (_action_summary(a) for a in rule.actions), ["action", "summary"])


def cmd_rules_run(args: argparse.Namespace) -> None:
    with Session(args) as session:
        location_id = args.location_id or only_location(session.client, args)
        execution = session.client.rules.execute(args.rule_id, location_id)

        def rows() -> Iterable[Sequence[Any]]:
            yield "rule", execution.result
            for action in execution.actions:
                if action.if_ is not None:
                    yield "if", action.if_.result
                for command in action.command:
                    yield f"command {command.device_id}", command.result
                if action.location is not None:
                    yield "location", action.location.result
                if action.sleep is not None:
                    yield "sleep", action.sleep.result

        emit(args, execution, rows, ["step", "result"])


def cmd_rules_write(args: argparse.Namespace) -> None:
    """`rules create` and `rules update`: the rule is the --input document, sent as it is."""
    from .inputs import input_document

    rule = input_document(args)
    if rule is None:
        raise UsageError(f"rules {args.action} takes the rule as --input FILE (JSON or YAML: name, actions, ...)")
    with Session(args) as session:
        rules = session.client.rules
        location_id = args.location_id or only_location(session.client, args)
        written = (
            rules.create(location_id, rule)
            if args.action == "create"
            else rules.update(args.rule_id, location_id, rule)
        )
        emit(
            args,
            written,
            lambda: [(written.id, written.name, written.status or "", len(written.actions))],
            ["rule id", "name", "status", "actions"],
        )


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    from .inputs import add_input_option

    scenes = groups.add_parser("scenes", help="list and run scenes").add_subparsers(dest="action", required=True)
    p = scenes.add_parser("list", parents=[common], help="list scenes")
    p.add_argument("--location-id", help="default: every location the token sees")
    p.set_defaults(func=cmd_scenes_list)
    p = scenes.add_parser("run", parents=[common], help='run a scene, by id or name ("Good Night")')
    p.add_argument("scene", help="scene id or name")
    p.add_argument("--location-id", help="look the scene up in this location only (default: every one)")
    p.set_defaults(func=cmd_scenes_run)

    rules = groups.add_parser("rules", help="list, read and run rules").add_subparsers(dest="action", required=True)
    p = rules.add_parser("list", parents=[common], help="the token's rules in a location")
    p.add_argument("--location-id", help="default: the only location the token sees")
    p.set_defaults(func=cmd_rules_list)
    for action, text, func in (
        ("get", "one rule and its actions", cmd_rules_get),
        ("run", "execute a rule's actions now", cmd_rules_run),
    ):
        p = rules.add_parser(action, parents=[common], help=text)
        p.add_argument("rule_id", metavar="RULE_ID", help="the rule's id (see `rules list`)")
        p.add_argument("--location-id", help="default: the only location the token sees")
        p.set_defaults(func=func)
    p = rules.add_parser("create", parents=[common], help="create a rule from an --input file")
    p.add_argument("--location-id", help="default: the profile's location, else the only one")
    add_input_option(p)
    p.set_defaults(func=cmd_rules_write)
    p = rules.add_parser("update", parents=[common], help="replace a rule with an --input file")
    p.add_argument("rule_id", metavar="RULE_ID", help="the rule's id (see `rules list`)")
    p.add_argument("--location-id", help="default: the profile's location, else the only one")
    add_input_option(p)
    p.set_defaults(func=cmd_rules_write)
