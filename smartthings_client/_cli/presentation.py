"""`presentation` and `preferences`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .output import emit
from .session import Session, UsageError


def cmd_presentation_show(args: argparse.Namespace) -> None:
    if (args.device_id is None) == (args.presentation_id is None):
        raise UsageError("give a DEVICE id or --presentation-id (not both)")
    if args.manufacturer is not None and args.presentation_id is None:
        raise UsageError("--manufacturer goes with --presentation-id")
    with Session(args) as session:
        presentation = session.client.presentation
        if args.device_id is not None:
            shown = presentation.for_device(args.device_id)
        else:
            shown = presentation.get(args.presentation_id, args.manufacturer)

        def rows() -> Iterable[Sequence[Any]]:
            dashboard, automation = shown.dashboard, shown.automation
            views = [
                ("dashboard state", dashboard.states if dashboard else ()),
                ("dashboard action", dashboard.actions if dashboard else ()),
                ("detail view", shown.detail_view),
                ("automation condition", automation.conditions if automation else ()),
                ("automation action", automation.actions if automation else ()),
            ]
            for view, entries in views:
                for entry in entries:
                    yield view, entry.component, entry.capability, entry.label or "", entry.display_type or ""

        if not args.json:
            print(f"presentation {shown.id} of {shown.manufacturer}")
        emit(args, shown, rows, ["view", "component", "capability", "label", "display type"])


def _preference_default(preference: Any) -> str:
    definition = getattr(preference, "definition", None)
    default = definition.get("default") if isinstance(definition, dict) else getattr(definition, "default", None)
    return "" if default is None else json.dumps(default) if not isinstance(default, str) else default


def cmd_preferences_list(args: argparse.Namespace) -> None:
    with Session(args) as session:
        preferences = list(session.client.device_preferences.list(namespace=args.namespace))
        emit(
            args,
            preferences,
            lambda: ((p.preference_id, p.preference_type, p.title, _preference_default(p)) for p in preferences),
            ["preference id", "type", "title", "default"],
        )


def add_commands(groups: Any, common: argparse.ArgumentParser) -> None:
    presentation = groups.add_parser("presentation", help="how the SmartThings app shows a device").add_subparsers(
        dest="action", required=True
    )
    p = presentation.add_parser(
        "show", parents=[common], help="a device's presentation, or one by --presentation-id [--manufacturer]"
    )
    p.add_argument("device_id", nargs="?", metavar="DEVICE", help="the device whose presentation to show")
    p.add_argument("--presentation-id", help="a presentation id (a device profile's vid) instead of a device")
    p.add_argument("--manufacturer", help="with --presentation-id: the manufacturer name (mnmn)")
    p.set_defaults(func=cmd_presentation_show)

    preferences = groups.add_parser("preferences", help="device preference definitions").add_subparsers(
        dest="action", required=True
    )
    p = preferences.add_parser("list", parents=[common], help="the account's device preference definitions")
    p.add_argument("--namespace", help="only the preferences of this namespace")
    p.set_defaults(func=cmd_preferences_list)
