"""``st.rules``: requests, the rule grammar (typed and lossless on every real sample), errors, both clients."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import NotFoundError, Rule, RuleExecution, ScopeError
from smartthings_client.models.rules import (
    And,
    Between,
    CommandAction,
    CommandExecutionResult,
    DecimalOperand,
    DeviceOperand,
    Equals,
    EveryAction,
    ExecutionResult,
    IfAction,
    IntegerOperand,
    Interval,
    IntervalUnit,
    LessThan,
    LocationAction,
    OtherAction,
    OtherCondition,
    OtherOperand,
    RuleCommand,
    SleepAction,
    StringOperand,
    rule_from_json,
    rule_to_json,
)

from .fixtures import FIXTURES, INVALID_ID_NAMES, INVALID_IDS, Harness, error_body, load

LOCATION = "95efee9b-6073-4871-b5ba-de6642187293"
RULE_ID = "dcaa574b-9f2f-4082-a1ed-81b265c59185"
SAMPLES = sorted((FIXTURES / "rules-api-samples").glob("*.json"))


def core(verb: str) -> dict[str, Any]:
    pairs: dict[str, Any] = load(f"core-sdk-more/rules/{verb}.json")
    return pairs


# --- the grammar ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_every_rules_api_sample_decodes_and_re_encodes_unchanged(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    rule = rule_from_json(raw)
    assert rule.name == raw["name"]
    assert rule_to_json(rule) == raw
    assert json.loads(json.dumps(rule_to_json(rule))) == raw


def _core_rule_bodies() -> list[tuple[str, Any]]:
    bodies = []
    for verb in ("get", "post", "put", "delete"):
        for name, pair in core(verb).items():
            response = pair["response"]
            for item in response.get("items", [response] if "actions" in response else []):
                bodies.append((f"{name}-answer", item))
            if pair["request"].get("data"):
                bodies.append((f"{name}-request", pair["request"]["data"]))
    return bodies


CORE_BODIES = _core_rule_bodies()


@pytest.mark.parametrize("raw", [b for _, b in CORE_BODIES], ids=[n for n, _ in CORE_BODIES])
def test_every_core_sdk_rule_round_trips(raw: Any) -> None:
    assert rule_to_json(rule_from_json(raw)) == raw


def test_a_sample_decodes_to_typed_actions() -> None:
    rule = rule_from_json(load("rules-api-samples/turn_it_on_for_5_minutes.json"))
    (action,) = rule.actions
    assert isinstance(action, IfAction)
    assert action.condition == Equals(
        left=DeviceOperand(
            devices=("0e2d99f2-16c2-4cf8-ab86-b812ef9872bf",), capability="contactSensor", attribute="contact"
        ),
        right=StringOperand(value="open"),
    )
    on, sleep, off = action.then or ()
    assert on == CommandAction(
        devices=("f42e284d-fa01-4a09-a55e-adbdda632ac2",),
        commands=(RuleCommand(capability="switch", command="on", arguments=()),),
    )
    assert isinstance(sleep, SleepAction)
    assert sleep.duration == Interval(value=IntegerOperand(value=5), unit="minute")  # lower case kept as sent
    assert isinstance(off, CommandAction)
    assert action.else_ is None


def test_other_samples_show_every_location_and_unmodelled_kinds() -> None:
    mode = rule_from_json(load("rules-api-samples/scheduled_mode_change.json")).actions[0]
    assert isinstance(mode, EveryAction)
    assert mode.specific == {"reference": "Noon", "offset": {"value": {"integer": -65}, "unit": "Minute"}}
    assert mode.actions == (LocationAction(mode="fdbde3da-97be-472d-8f3d-723aaa373be6"),)
    remains = rule_from_json(load("rules-api-samples/if_switchLevel_remains_lessThan.json")).actions[0]
    assert isinstance(remains, IfAction)
    assert isinstance(remains.condition, OtherCondition)
    assert "remains" in remains.condition.data
    between = rule_from_json(load("rules-api-samples/if_motion_between.json")).actions[0]
    assert isinstance(between, IfAction)
    assert isinstance(between.condition, And)
    assert isinstance(between.condition.conditions[1], Between)
    assert isinstance(between.condition.conditions[1].value, OtherOperand)  # a time operand, kept whole
    color = rule_from_json(load("rules-api-samples/set_device_color_between_time_of_day.json")).actions[0]
    assert isinstance(color, IfAction)
    (set_color,) = color.then or ()
    assert isinstance(set_color, CommandAction)
    (argument,) = set_color.commands[0].arguments or ()
    assert isinstance(argument, OtherOperand)
    assert argument.kind == "map"


def test_answers_keep_their_empty_and_or_lists() -> None:
    raw = core("get")["get_rules_dcaa574b_9f2f_4082_a1ed_81b265c59185"]["response"]
    action = rule_from_json(raw).actions[0]
    assert isinstance(action, IfAction)
    assert isinstance(action.condition, Equals)
    assert action.extra == {"and": [], "or": []}


@pytest.mark.parametrize(
    "raw",
    [
        {"decimal": "{{ hue }}"},  # a placeholder where a number belongs
        {"integer": True},
        {"integer": 1, "string": "x"},  # two kinds
        {"newKind": {"a": 1}},
        {"device": {"devices": ["d"]}},  # no capability or attribute
    ],
)
def test_operands_that_do_not_fit_are_kept_whole(raw: dict[str, Any]) -> None:
    body = {"name": "n", "actions": [{"if": {"equals": {"left": raw, "right": {"integer": 1}}, "then": []}}]}
    rule = rule_from_json(body)
    condition = rule.actions[0].condition  # type: ignore[attr-defined]
    assert condition.left == OtherOperand(data=raw)
    assert rule_to_json(rule) == body


def test_unknown_actions_round_trip() -> None:
    body = {"name": "n", "actions": [{"teleport": {"to": "moon"}}, {"sleep": 5}, {"command": {}, "extra": 1}]}
    rule = rule_from_json(body)
    assert all(isinstance(action, OtherAction) for action in rule.actions)
    assert rule_to_json(rule) == body


def test_a_rule_built_in_python_encodes_as_the_api_expects() -> None:
    rule = Rule(
        name="Too cold",
        actions=(
            IfAction(
                condition=LessThan(
                    left=DeviceOperand(devices=("t",), capability="temperatureMeasurement", attribute="temperature"),
                    right=DecimalOperand(value=18.5),
                ),
                then=(CommandAction.single("h", "switch", "on"),),
                else_=(SleepAction(duration=Interval.of(1, IntervalUnit.MINUTE)),),
            ),
        ),
        time_zone_id="Europe/Paris",
    )
    assert rule_to_json(rule) == {
        "name": "Too cold",
        "timeZoneId": "Europe/Paris",
        "actions": [
            {
                "if": {
                    "lessThan": {
                        "left": {
                            "device": {
                                "devices": ["t"],
                                "component": "main",
                                "capability": "temperatureMeasurement",
                                "attribute": "temperature",
                            }
                        },
                        "right": {"decimal": 18.5},
                    },
                    "then": [
                        {
                            "command": {
                                "devices": ["h"],
                                "commands": [
                                    {"component": "main", "capability": "switch", "command": "on", "arguments": []}
                                ],
                            }
                        }
                    ],
                    "else": [{"sleep": {"duration": {"value": {"integer": 1}, "unit": "Minute"}}}],
                }
            }
        ],
    }


# --- the operations ---------------------------------------------------------------------------------------


def test_list_sends_location_and_decodes_a_page_without_links(harness: Harness) -> None:
    pair = core("get")["get_rules_locationId_95efee9b_6073_4871_b5ba_de6642187293"]
    harness.server.reply(json_body=pair["response"])
    rules = harness.collect(lambda st: st.rules.list(LOCATION))
    request = harness.server.last
    assert (request.method, request.url.path) == ("GET", "/v1/rules")
    assert request.url.params.multi_items() == [("locationId", LOCATION)]
    assert [r.id for r in rules] == [RULE_ID]
    assert len(harness.server.requests) == 1


def test_list_follows_links_and_tolerates_null_links(sync_harness: Harness) -> None:
    item = core("get")["get_rules_dcaa574b_9f2f_4082_a1ed_81b265c59185"]["response"]
    href = f"https://api.smartthings.com/rules?locationId={LOCATION}&page=1"
    sync_harness.server.reply(json_body={"items": [item], "_links": {"next": {"href": href}}})
    sync_harness.server.reply(json_body={"items": [item], "_links": None})
    assert len(sync_harness.collect(lambda st: st.rules.list(LOCATION))) == 2
    assert str(sync_harness.server.last.url) == href


def test_get_decodes_the_rule(harness: Harness) -> None:
    pair = core("get")["get_rules_dcaa574b_9f2f_4082_a1ed_81b265c59185"]
    harness.server.reply(json_body=pair["response"])
    rule = harness.run(lambda st: st.rules.get(RULE_ID, LOCATION))
    request = harness.server.last
    assert (request.method, request.url.path) == ("GET", f"/v1/rules/{RULE_ID}")
    assert request.url.params.multi_items() == [("locationId", LOCATION)]
    assert rule == rule_from_json(pair["response"])
    assert rule.name == "Functional Test Rule"


def test_create_sends_the_recorded_body(harness: Harness) -> None:
    pair = core("post")["post_rules_locationId_95efee9b_6073_4871_b5ba_de6642187293"]
    harness.server.reply(json_body=pair["response"])
    rule = harness.run(lambda st: st.rules.create(LOCATION, rule_from_json(pair["request"]["data"])))
    request = harness.server.last
    assert (request.method, request.url.path) == ("POST", "/v1/rules")
    assert request.url.params.multi_items() == [("locationId", LOCATION)]
    assert json.loads(request.content) == pair["request"]["data"]
    assert rule.id == "437f4243-389a-4299-b5ed-059edbf08b16"


def test_create_takes_json_and_update_drops_server_fields(harness: Harness) -> None:
    pair = core("put")["put_rules_dcaa574b_9f2f_4082_a1ed_81b265c59185"]
    harness.server.reply(json_body=pair["response"])
    harness.server.reply(json_body=pair["response"])
    # A rule as read back carries fields SmartThings sets; they stay out of the request.
    fetched = rule_from_json({**pair["request"]["data"], "id": RULE_ID, "ownerId": "o", "status": "Enabled"})
    harness.run(lambda st: st.rules.update(RULE_ID, LOCATION, fetched))
    request = harness.server.last
    assert (request.method, request.url.path) == ("PUT", f"/v1/rules/{RULE_ID}")
    assert json.loads(request.content) == pair["request"]["data"]
    harness.run(lambda st: st.rules.create(LOCATION, pair["request"]["data"]))
    assert json.loads(harness.server.last.content) == pair["request"]["data"]


def test_delete_returns_the_deleted_rule(harness: Harness) -> None:
    pair = core("delete")["delete_rules_dcaa574b_9f2f_4082_a1ed_81b265c59185"]
    harness.server.reply(json_body=pair["response"])
    harness.server.reply(200, content=b"")
    rule = harness.run(lambda st: st.rules.delete(RULE_ID, LOCATION))
    assert (harness.server.last.method, harness.server.last.url.path) == ("DELETE", f"/v1/rules/{RULE_ID}")
    assert rule is not None
    assert rule.name == "Functional Test Rule Modified"
    assert harness.run(lambda st: st.rules.delete(RULE_ID, LOCATION)) is None


def test_execute_decodes_the_2022_answer(harness: Harness) -> None:
    pair = core("post")["post_rules_execute_437f4243_389a_4299_b5ed_059edbf08b16"]
    harness.server.reply(json_body=pair["response"])
    result = harness.run(lambda st: st.rules.execute("437f4243-389a-4299-b5ed-059edbf08b16", LOCATION))
    request = harness.server.last
    assert (request.method, request.url.path) == ("POST", "/v1/rules/execute/437f4243-389a-4299-b5ed-059edbf08b16")
    assert request.url.params.multi_items() == [("locationId", LOCATION)]
    assert result == RuleExecution(result=ExecutionResult.SUCCESS, behavior_id="437f4243-389a-4299-b5ed-059edbf08b16")
    assert result.succeeded


def test_execute_decodes_the_current_answer_with_unknown_values(sync_harness: Harness) -> None:
    sync_harness.server.reply(
        json_body={
            "executionId": "e",
            "id": "r",
            "result": "Partial",
            "actions": [
                {"actionId": "a", "if": {"result": "True"}},
                {"actionId": "b", "command": [{"deviceId": "d", "result": "Offline"}]},
                {"actionId": "c", "location": {"result": "Failure", "locationId": LOCATION}},
            ],
        }
    )
    result = sync_harness.run(lambda st: st.rules.execute("r", LOCATION))
    assert result.result == "Partial"
    assert not result.succeeded
    first, second, third = result.actions
    assert first.if_ is not None
    assert first.if_.result == "True"
    assert second.command[0].result is CommandExecutionResult.OFFLINE
    assert third.location is not None
    assert third.location.result is ExecutionResult.FAILURE


def test_a_403_names_the_operation_and_its_scope(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(ScopeError) as caught:
        harness.run(lambda st: st.rules.execute(RULE_ID, LOCATION))
    assert caught.value.operation == "rules.execute"
    assert "x:rules:*" in str(caught.value)


def test_a_404_is_not_found(harness: Harness) -> None:
    harness.server.reply(404, json_body=error_body("NotFoundError", "no such rule"))
    with pytest.raises(NotFoundError):
        harness.run(lambda st: st.rules.get(RULE_ID, LOCATION))


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(harness: Harness, bad: Any, error: type[Exception]) -> None:
    rule = {"name": "n", "actions": [{"location": {"mode": "m"}}]}
    calls = [
        lambda st: st.rules.get(bad, LOCATION),
        lambda st: st.rules.get(RULE_ID, bad),
        lambda st: st.rules.list(bad).to_list(),
        lambda st: st.rules.create(bad, rule),
        lambda st: st.rules.update(bad, LOCATION, rule),
        lambda st: st.rules.delete(RULE_ID, bad),
        lambda st: st.rules.execute(bad, LOCATION),
    ]
    for call in calls:
        with pytest.raises(error):
            harness.run(call)
    assert harness.server.requests == []


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ({"actions": []}, "not a rule"),
        ({"name": "n", "actions": "x"}, "not a rule"),
        ({"name": "", "actions": [{"location": {"mode": "m"}}]}, "name"),
        ({"name": "x" * 101, "actions": [{"location": {"mode": "m"}}]}, "name"),
        ({"name": "n", "actions": []}, "at least one action"),
    ],
)
def test_bad_rules_are_refused_before_sending(sync_harness: Harness, rule: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        sync_harness.run(lambda st: st.rules.create(LOCATION, rule))
    with pytest.raises(TypeError):
        sync_harness.run(lambda st: st.rules.create(LOCATION, ["not", "a", "rule"]))
    assert sync_harness.server.requests == []
