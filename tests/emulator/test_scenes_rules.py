"""Scenes and rules end to end: both clients against the emulator, scopes and principals enforced."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, Rule, ScopeError, SmartAppToken, SmartThings
from smartthings_client.errors import NotFoundError, UnprocessableEntityError
from smartthings_client.models.rules import (
    CommandAction,
    DeviceOperand,
    Equals,
    EveryAction,
    ExecutionResult,
    GreaterThan,
    IfAction,
    IntegerOperand,
    Interval,
    LocationAction,
    Not,
    SleepAction,
    StringOperand,
)
from smartthings_client.models.subscriptions import DeviceSubscription
from smartthings_client.testing import Emulator

MODES = ["sync", "async"]
RULE_SCOPES = ["r:rules:*", "w:rules:*", "x:rules:*", "r:devices:*", "x:devices:*", "r:scenes:*", "x:scenes:*"]


def run(mode: str, emu: Emulator, credential: Any, call: Callable[[Any], Any]) -> Any:
    """``call(st)`` on a blocking or an async client over the emulator; pagers are read to lists."""
    if mode == "sync":
        with SmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st)
            return result.to_list() if hasattr(result, "to_list") else result

    async def main() -> Any:
        async with AsyncSmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st)
            if hasattr(result, "to_list"):
                return await result.to_list()
            return await result if inspect.isawaitable(result) else result

    return asyncio.run(main())


@pytest.fixture
def emu() -> Emulator:
    return Emulator()


def app_token(emu: Emulator, location_id: str | None = None) -> SmartAppToken:
    app = emu.create_app("rules-app", whitelisted_scopes=RULE_SCOPES)
    install = emu.install(app, location_id=location_id)
    return SmartAppToken(install.auth_token, installed_app_id=install.installed_app_id, location_id=install.location_id)


# --- scenes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_good_night_turns_the_lights_off_and_locks_the_door(mode: str, emu: Emulator) -> None:
    labels = emu.devices_by_label()
    spot, lock = labels["Bathroom spot"], labels["Front Door Lock"]
    emu.set_attribute(spot, "switch", "switch", "on")
    emu.set_attribute(lock, "lock", "lock", "unlocked")
    pat = emu.issue_pat()
    scenes = run(mode, emu, pat, lambda st: st.scenes.list(location_id=emu.location_id))
    assert {s.scene_name for s in scenes} == {"Good Night", "Good Morning", "Temp", "Goodbye", "All Off"}
    night = next(s for s in scenes if s.scene_name == "Good Night")
    result = run(mode, emu, pat, lambda st: st.scenes.execute(night.scene_id))
    assert result.succeeded
    assert emu.attribute(spot, "switch", "switch") == "off"
    assert emu.attribute(lock, "lock", "lock") == "locked"
    again = run(mode, emu, pat, lambda st: st.scenes.list(emu.location_id))
    ran = next(s for s in again if s.scene_id == night.scene_id)
    assert ran.last_executed_date is not None
    assert ran.last_executed_date > night.last_executed_date


def test_a_scene_reaches_history_and_subscriptions(emu: Emulator) -> None:
    spot = emu.devices_by_label()["Bathroom spot"]
    emu.set_attribute(spot, "switch", "switch", "on")
    token = app_token(emu)
    with SmartThings(token, transport=emu.transport, max_retries=0) as st:
        st.subscriptions.create(DeviceSubscription(device_id=spot, capability="switch", attribute="switch"))
        st.scenes.execute(emu.scenes["All Off"])
    events = [e["deviceEvent"] for e in emu.pending_events(token.installed_app_id or "")]
    assert [(e["deviceId"], e["value"]) for e in events] == [(spot, "off")]
    with httpx.Client(transport=emu.transport, headers={"Authorization": f"Bearer {emu.issue_pat()}"}) as api:
        history = api.get(
            "https://api.smartthings.com/v1/history/devices",
            params={"locationId": emu.location_id, "deviceId": spot},
        ).json()["items"]
    assert history[0]["attribute"] == "switch"
    assert history[0]["value"] == "off"


def test_an_added_scene_runs_its_commands(emu: Emulator) -> None:
    light = emu.devices_by_label()["Kitchen Lights"]
    dim = {"deviceId": light, "capability": "switchLevel", "command": "setLevel", "arguments": [15]}
    scene = emu.add_scene("Dim", [dim])
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        st.scenes.execute(scene, emu.location_id)
        with pytest.raises(NotFoundError):
            st.scenes.execute("00000000-0000-0000-0000-000000000000")
    assert emu.attribute(light, "switchLevel", "level") == 15


@pytest.mark.parametrize("mode", MODES)
def test_scene_scopes_are_enforced(mode: str, emu: Emulator) -> None:
    reader = emu.issue_pat(["r:scenes:*"])
    (scene, *_) = run(mode, emu, reader, lambda st: st.scenes.list())
    with pytest.raises(ScopeError) as caught:
        run(mode, emu, reader, lambda st: st.scenes.execute(scene.scene_id))
    assert caught.value.operation == "scenes.execute"
    assert "x:scenes:*" in str(caught.value)
    with pytest.raises(ScopeError):
        run(mode, emu, emu.issue_pat(["x:scenes:*"]), lambda st: st.scenes.list())


def test_a_smartapp_sees_only_the_scenes_of_its_location(emu: Emulator) -> None:
    cabin = emu.add_location("Cabin")
    emu.add_scene("Cabin scene", location_id=cabin)
    home_token = app_token(emu)
    with SmartThings(home_token, transport=emu.transport, max_retries=0) as st:
        names = {s.scene_name for s in st.scenes.list()}
        assert "Cabin scene" not in names
        assert "Good Night" in names
        with pytest.raises(ScopeError):
            st.scenes.list(cabin).to_list()


# --- rules -------------------------------------------------------------------------------------------------


def door_rule(emu: Emulator, name: str = "Door") -> Rule:
    labels = emu.devices_by_label()
    door = DeviceOperand(devices=(labels["Deck Door"],), capability="contactSensor", attribute="contact")
    return Rule(
        name=name,
        actions=(
            IfAction(
                condition=Equals(left=door, right=StringOperand(value="open")),
                then=(CommandAction.single(labels["Bathroom spot"], "switch", "on"),),
                else_=(CommandAction.single(labels["Bathroom spot"], "switch", "off"),),
            ),
        ),
    )


@pytest.mark.parametrize("mode", MODES)
def test_rules_crud_and_execute(mode: str, emu: Emulator) -> None:
    pat, location = emu.issue_pat(), emu.location_id
    labels = emu.devices_by_label()
    door, spot = labels["Deck Door"], labels["Bathroom spot"]
    seeded = run(mode, emu, pat, lambda st: st.rules.list(location))
    created = run(mode, emu, pat, lambda st: st.rules.create(location, door_rule(emu)))
    assert created.id
    assert created.owner_type == "User"
    assert created.date_created is not None
    assert created.actions == door_rule(emu).actions
    assert [r.id for r in run(mode, emu, pat, lambda st: st.rules.list(location))] == [
        *(r.id for r in seeded),
        created.id,
    ]
    emu.set_attribute(door, "contactSensor", "contact", "open")
    result = run(mode, emu, pat, lambda st: st.rules.execute(created.id, location))
    assert result.result is ExecutionResult.SUCCESS
    assert result.actions[0].if_ is not None
    assert result.actions[0].if_.result == "True"
    assert emu.attribute(spot, "switch", "switch") == "on"
    emu.set_attribute(door, "contactSensor", "contact", "closed")
    run(mode, emu, pat, lambda st: st.rules.execute(created.id, location))
    assert emu.attribute(spot, "switch", "switch") == "off"
    renamed = run(mode, emu, pat, lambda st: st.rules.update(created.id, location, door_rule(emu, "Renamed")))
    assert renamed.name == "Renamed"
    assert run(mode, emu, pat, lambda st: st.rules.get(created.id, location)).name == "Renamed"
    deleted = run(mode, emu, pat, lambda st: st.rules.delete(created.id, location))
    assert deleted is not None
    assert deleted.id == created.id
    with pytest.raises(NotFoundError):
        run(mode, emu, pat, lambda st: st.rules.get(created.id, location))


def test_location_every_sleep_and_numeric_conditions_run(emu: Emulator) -> None:
    labels = emu.devices_by_label()
    thermostat = DeviceOperand(
        devices=(labels["Hallway Thermostat"],), capability="temperatureMeasurement", attribute="temperature"
    )
    emu.set_attribute(labels["Hallway Thermostat"], "temperatureMeasurement", "temperature", 65, unit="F")
    rule = Rule(
        name="Cold night",
        actions=(
            EveryAction(
                interval=Interval.of(1, "Day"),
                actions=(
                    IfAction(
                        condition=Not(condition=GreaterThan(left=thermostat, right=IntegerOperand(value=68))),
                        then=(
                            SleepAction(duration=Interval.of(1, "Second")),
                            LocationAction(mode=emu.modes["Night"]),
                            CommandAction.single(labels["Fireplace"], "switch", "on"),
                        ),
                    ),
                ),
            ),
        ),
    )
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        created = st.rules.create(emu.location_id, rule)
        result = st.rules.execute(created.id or "", emu.location_id)
    assert result.succeeded
    assert [a.sleep is not None for a in result.actions] == [False, False, True, False, False]
    assert emu.current_mode_id == emu.modes["Night"]
    assert emu.attribute(labels["Fireplace"], "switch", "switch") == "on"


def test_rules_belong_to_their_principal(emu: Emulator) -> None:
    pat = emu.issue_pat()
    token = app_token(emu)
    with SmartThings(token, transport=emu.transport, max_retries=0) as app:
        mine = app.rules.create(emu.location_id, door_rule(emu, "The app's"))
        assert mine.owner_type == "Location"
        assert [r.name for r in app.rules.list(emu.location_id)] == ["The app's"]
    with SmartThings(pat, transport=emu.transport, max_retries=0) as user:
        assert "The app's" not in {r.name for r in user.rules.list(emu.location_id)}
        with pytest.raises(NotFoundError):
            user.rules.execute(mine.id or "", emu.location_id)
    assert len(emu.rules()) == 3  # two seeded for the user, one for the app


@pytest.mark.parametrize(
    ("scopes", "call", "missing"),
    [
        (["w:rules:*", "x:rules:*"], lambda st, loc, rid: st.rules.list(loc).to_list(), "r:rules:*"),
        (["r:rules:*", "x:rules:*"], lambda st, loc, rid: st.rules.delete(rid, loc), "w:rules:*"),
        (["r:rules:*", "w:rules:*"], lambda st, loc, rid: st.rules.execute(rid, loc), "x:rules:*"),
    ],
)
def test_rule_scopes_are_enforced(emu: Emulator, scopes: list[str], call: Any, missing: str) -> None:
    (seeded, *_) = emu.rules()
    with SmartThings(emu.issue_pat(scopes), transport=emu.transport, max_retries=0) as st:
        with pytest.raises(ScopeError) as caught:
            call(st, emu.location_id, seeded["id"])
    assert missing in str(caught.value)


def test_a_rule_naming_unknown_devices_is_refused(emu: Emulator) -> None:
    rule = {"name": "Template", "actions": [{"command": {"devices": ["{{light1}}"], "commands": []}}]}
    with SmartThings(emu.issue_pat(), transport=emu.transport, max_retries=0) as st:
        with pytest.raises(UnprocessableEntityError) as caught:
            st.rules.create(emu.location_id, rule)
    assert "{{light1}}" in str(caught.value)


def test_a_seeded_rule_runs_from_the_sample(emu: Emulator) -> None:
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        rules = {r.name: r for r in st.rules.list(emu.location_id)}
        action_rule = rules["Functional Test Action Rule"]
        result = st.rules.execute(action_rule.id or "", emu.location_id)
    assert [c.result for a in result.actions for c in a.command] == ["Success"]
    assert emu.attribute(emu.devices_by_label()["Bathroom spot"], "switch", "switch") == "on"
