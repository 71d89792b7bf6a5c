"""``capabilities``: every call's request (method, path, query, headers, body), the 14 real definitions and the
core-sdk samples decoded, the upsert flow, and the errors a script sees."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import PersonalAccessToken
from smartthings_client.errors import (
    ConflictError,
    MissingScopeError,
    NotFoundError,
    ResponseDecodeError,
    UnprocessableEntityError,
)
from smartthings_client.models.capabilities import (
    Capability,
    CapabilityDefinitionStatus,
    CapabilityLocalization,
    CapabilityNamespace,
    CapabilityPresentation,
    CapabilitySummary,
    ValueLabel,
)
from smartthings_client.resources.capabilities import AsyncCapabilities, Capabilities
from smartthings_client.scopes import OPERATIONS

from .fixtures import FIXTURES, INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, error_body, load, run_resource

REAL = FIXTURES / "pysmartthings-capabilities"
REAL_FILES = sorted(path.name for path in REAL.glob("*.json"))
ORG = "5b5b8b48-3f4b-4bd4-a9a6-2e7f0c9d1a10"
CUSTOM = "testnamespace12345.colorTemperature"


def sdk(verb: str) -> dict[str, Any]:
    """A core-sdk-more capabilities sample file (bare objects keyed by the SDK's export names)."""
    data: dict[str, Any] = load(f"core-sdk-more/capabilities/{verb}.json")
    return data


def real(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((REAL / name).read_text(encoding="utf-8"))
    return data


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any], **kw: Any) -> Any:
    """Run ``call(capabilities)`` on a blocking or an async resource; pagers are read to a list."""
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: Capabilities(st._transport),
        async_resource=lambda ast: AsyncCapabilities(ast._transport),
        **kw,
    )


def request_line(request: httpx.Request) -> tuple[str, str, str]:
    return request.method, request.url.raw_path.decode().split("?")[0], request.url.query.decode()


class Queue:
    """Answers requests in order and records them."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.answers.pop(0)


# ---------------------------------------------------------------------------------------------------------
# the 14 real definitions


@pytest.mark.parametrize("name", REAL_FILES)
def test_every_real_definition_decodes_with_nothing_left_over(name: str) -> None:
    raw = real(name)
    server = Recorder(raw)
    capability = run("sync", server, lambda c: c.get(raw["id"]))
    assert request_line(server.only) == ("GET", f"/v1/capabilities/{raw['id']}/1", "")
    assert isinstance(capability, Capability)
    assert (capability.id, capability.version, capability.name) == (raw["id"], 1, raw["name"])
    assert capability.status in (CapabilityDefinitionStatus.LIVE, CapabilityDefinitionStatus.PROPOSED)
    assert capability.ephemeral is False
    assert capability.extra == {}
    assert set(capability.attributes) == set(raw["attributes"])
    for attribute_name, attribute in capability.attributes.items():
        assert attribute.extra == {}
        assert attribute.value_schema is not None
        assert attribute.type is not None
        assert attribute.setter == raw["attributes"][attribute_name].get("setter")
        assert attribute.describe()
    assert set(capability.commands) == set(raw["commands"])
    for command_name, command in capability.commands.items():
        assert command.name == command_name
        assert command.sensitive is False
        assert [a.name for a in command.arguments] == [a["name"] for a in raw["commands"][command_name]["arguments"]]
        assert all(argument.schema is not None for argument in command.arguments)
    assert capability.is_standard == ("." not in raw["id"])


def test_what_set_level_takes() -> None:
    capability = run("sync", Recorder(real("switchLevel.json")), lambda c: c.get("switchLevel"))
    level, rate = capability.commands["setLevel"].arguments
    assert (level.name, level.optional, level.type, level.schema.range) == ("level", False, "integer", (0, 100))
    assert (rate.name, rate.optional) == ("rate", True)
    assert capability.commands["setLevel"].required_arguments == (level,)
    assert capability.commands["setLevel"].describe() == "setLevel(level: integer 0..100, rate?: integer 0..)"
    assert capability.attribute("level").setter == "setLevel"
    assert capability.attribute("level").units == ("%",)
    assert capability.attribute("level").describe() == "integer 0..100 [%]"
    assert capability.allowed_values("level") is None  # a range, not a list


def test_allowed_values_of_enum_and_array_attributes() -> None:
    switch = run("sync", Recorder(real("switch.json")), lambda c: c.get("switch"))
    assert switch.allowed_values("switch") == ("on", "off")
    assert [(e.command, e.value) for e in switch.attribute("switch").enum_commands] == [("on", "on"), ("off", "off")]
    assert switch.commands["on"].arguments == ()
    lock = run("sync", Recorder(real("lock.json")), lambda c: c.get("lock"))
    assert lock.allowed_values("supportedLockCommands") == ("lock", "unlock", "unlatch")
    assert lock.attribute("supportedLockCommands").type == "array"
    setpoint = run("sync", Recorder(real("thermostatCoolingSetpoint.json")), lambda c: c.get("x"))
    assert setpoint.attribute("coolingSetpoint").units == ("F", "C")
    mode = run("sync", Recorder(real("thermostatMode.json")), lambda c: c.get("thermostatMode"))
    assert "heat" in (mode.commands["setThermostatMode"].arguments[0].allowed_values or ())


def test_object_and_custom_definitions() -> None:
    report = run("sync", Recorder(real("powerConsumptionReport.json")), lambda c: c.get("x"))
    schema = report.attribute("powerConsumption").value_schema
    assert schema is not None
    assert schema.type == "object"
    energy = schema.property_schema("energy")
    assert energy is not None
    assert energy.type == "number"
    assert schema.property_schema("nope") is None
    color = run("sync", Recorder(real("colorControl.json")), lambda c: c.get("colorControl"))
    assert color.commands["setColor"].arguments[0].type == "object"
    custom = run("sync", Recorder(real("custom.disabledCapabilities.json")), lambda c: c.get("x"))
    assert (custom.status, custom.namespace, custom.is_standard) == (
        CapabilityDefinitionStatus.PROPOSED,
        "custom",
        False,
    )
    washer = run("sync", Recorder(real("samsungce.washerCycle.json")), lambda c: c.get("x"))
    cycle_type, washer_cycle = washer.commands["setCycleType"].arguments
    assert (cycle_type.optional, washer_cycle.optional) == (False, True)
    assert cycle_type.allowed_values == ("allInOne", "washingOnly", "dryingOnly")
    with pytest.raises(KeyError, match=r"no command 'spin'.*setWasherCycle"):
        washer.command("spin")
    with pytest.raises(KeyError, match="no attribute 'speed'"):
        washer.allowed_values("speed")


def test_unknown_status_and_keys_are_kept() -> None:
    raw = {**real("switch.json"), "status": "retired", "vendorNote": {"a": 1}}
    raw["attributes"]["switch"]["schema"]["properties"]["value"]["x-hint"] = "shiny"
    capability = run("sync", Recorder(raw), lambda c: c.get("switch"))
    assert capability.status == "retired"
    assert capability.extra == {"vendorNote": {"a": 1}}
    value = capability.attribute("switch").value_schema
    assert value is not None
    assert value.extra == {"x-hint": "shiny"}


@pytest.mark.parametrize("mode", MODES)
def test_a_version_goes_in_the_path(mode: Mode) -> None:
    server = Recorder(sdk("get")["get_capability"])
    capability = run(mode, server, lambda c: c.get(CUSTOM, 2))
    assert request_line(server.only) == ("GET", f"/v1/capabilities/{CUSTOM}/2", "")
    assert capability.id == "namespace.colorTemperature"
    assert capability.attribute("colorTemperature").units == ("K",)


def test_the_sdk_create_body_decodes_and_keeps_its_odd_key() -> None:
    body = sdk("post")["post_capability"]
    capability = run("sync", Recorder(body), lambda c: c.get(CUSTOM))
    assert capability.id is None
    assert capability.name == "Color Temperature"
    assert capability.attribute("colorTemperature").extra == {"required": "value"}


def test_an_html_answer_is_a_decode_error() -> None:
    server = Recorder(status=200, content=b"<html>maintenance</html>")
    with pytest.raises(ResponseDecodeError):
        run("sync", server, lambda c: c.get("switch"))


# ---------------------------------------------------------------------------------------------------------
# lists


@pytest.mark.parametrize("mode", MODES)
def test_list_standard(mode: Mode) -> None:
    server = Recorder(sdk("get")["list_standard"])
    found = run(mode, server, lambda c: c.list_standard())
    assert request_line(server.only) == ("GET", "/v1/capabilities", "")
    assert found == [
        CapabilitySummary(id="demandResponseLoadControl", version=1, status=CapabilityDefinitionStatus.PROPOSED),
        CapabilitySummary(id="airQualitySensor", version=1, status=CapabilityDefinitionStatus.LIVE),
        CapabilitySummary(id="thermostatFanMode", version=1, status="live"),
    ]


@pytest.mark.parametrize("mode", MODES)
def test_list_in_namespace_follows_the_next_link_with_the_organization(mode: Mode) -> None:
    samples = sdk("get")
    server = Queue(
        httpx.Response(200, json=samples["list_capabilities_1"]),
        httpx.Response(200, json=samples["list_capabilities_2"]),
    )
    found = run(mode, server, lambda c: c.list_in_namespace("testNamespace", organization_id=ORG))
    assert [(s.id, s.version, s.status) for s in found] == [("switch", 1, None), ("switch", 2, None)]
    first, second = server.requests
    assert request_line(first) == ("GET", "/v1/capabilities/namespaces/testNamespace", "")
    assert str(second.url) == samples["list_capabilities_1"]["_links"]["next"]["href"]
    assert first.headers["X-ST-Organization"] == second.headers["X-ST-Organization"] == ORG


@pytest.mark.parametrize("mode", MODES)
def test_list_versions(mode: Mode) -> None:
    server = Recorder(sdk("get")["list_capabilities_3"])
    found = run(mode, server, lambda c: c.list_versions("switch"))
    assert request_line(server.only) == ("GET", "/v1/capabilities/switch", "")
    assert [s.version for s in found] == [1, 2]


@pytest.mark.parametrize("mode", MODES)
def test_list_namespaces_is_a_plain_array(mode: Mode) -> None:
    server = Recorder(sdk("get")["list_namespaces"])
    found = run(mode, server, lambda c: c.list_namespaces())
    assert request_line(server.only) == ("GET", "/v1/capabilities/namespaces", "")
    assert "X-ST-Organization" not in server.only.headers
    assert found == [CapabilityNamespace(name="testnamespace12345", owner_type="user", owner_id="0000-0000-0000-0000")]


def test_list_namespaces_sends_the_organization() -> None:
    server = Recorder([])
    assert run("sync", server, lambda c: c.list_namespaces(organization_id=ORG)) == []
    assert server.only.headers["X-ST-Organization"] == ORG


# ---------------------------------------------------------------------------------------------------------
# custom capabilities


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_the_sdk_body_namespace_and_organization(mode: Mode) -> None:
    wanted = sdk("post")["post_capability"]
    answer = {**sdk("get")["get_capability"], "id": CUSTOM}
    server = Recorder(answer)
    created = run(
        mode,
        server,
        lambda c: c.create(
            "Color Temperature",
            attributes=wanted["attributes"],
            commands=wanted["commands"],
            namespace="testnamespace12345",
            organization_id=ORG,
        ),
    )
    assert request_line(server.only) == ("POST", "/v1/capabilities", "namespace=testnamespace12345")
    assert server.only.headers["X-ST-Organization"] == ORG
    assert server.body_of() == wanted
    assert created.id == CUSTOM
    assert created.status is CapabilityDefinitionStatus.PROPOSED


def test_create_fills_a_command_name_and_accepts_models() -> None:
    definition = run("sync", Recorder(real("switchLevel.json")), lambda c: c.get("switchLevel"))
    server = Recorder({"id": "ns.dimmer", "version": 1})
    run(
        "sync",
        server,
        lambda c: c.create(
            "Dimmer",
            attributes={"level": definition.attributes["level"]},
            commands={"setLevel": {"arguments": [{"name": "level", "schema": {"type": "integer"}}]}},
        ),
    )
    body = server.body_of()
    assert server.only.url.query == b""
    assert "X-ST-Organization" not in server.only.headers
    assert body["commands"]["setLevel"]["name"] == "setLevel"
    assert body["attributes"]["level"]["schema"]["properties"]["value"] == {
        "type": "integer",
        "minimum": 0,
        "maximum": 100,
    }
    assert body["attributes"]["level"]["setter"] == "setLevel"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.create("x"), "name"),
        (lambda c: c.create("Bad_name!"), "name"),
        (lambda c: c.create("Ok", attributes={"Level": {}}), "lower camel case"),
        (lambda c: c.create("Ok", attributes={"level2": {}}), "lower camel case"),
        (lambda c: c.create("Ok", commands={"on": {"name": "off"}}), "must be equal"),
        (lambda c: c.create("Ok", commands={"on": 5}), "CapabilityCommand or a dict"),
        (lambda c: c.create("Ok", namespace="a/b"), "namespace"),
        (lambda c: c.create("Ok", organization_id="org\r\nX-Evil: 1"), "organization_id"),
        (lambda c: c.update(CUSTOM), "attributes, commands"),
        (lambda c: c.get("switch", 0), "version"),
        (lambda c: c.get("switch", True), "version"),
        (lambda c: c.get("switch", "1"), "version"),
        (lambda c: c.create_translations(CUSTOM, {"label": "no tag"}), "tag"),
        (lambda c: c.update_translations(CUSTOM, {"tag": "f/r"}), "tag"),
        (lambda c: c.create_presentation(CUSTOM, ["not", "a", "dict"]), "presentation"),
    ],
)
def test_bad_arguments_are_refused_before_sending(call: Callable[[Any], Any], message: str) -> None:
    server = Recorder({})
    with pytest.raises((ValueError, TypeError), match=message):
        run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(bad: object, error: type[Exception]) -> None:
    server = Recorder({})
    for call in (
        lambda c: c.get(bad),
        lambda c: c.list_versions(bad),
        lambda c: c.list_in_namespace(bad),
        lambda c: c.delete(bad),
        lambda c: c.get_translations("switch", bad),
    ):
        with pytest.raises(error):
            run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_update_and_delete(mode: Mode) -> None:
    server = Recorder({"id": CUSTOM, "version": 1, "commands": {}})
    commands = {"reset": {"name": "reset", "arguments": []}}
    run(mode, server, lambda c: c.update(CUSTOM, commands=commands, organization_id=ORG))
    assert request_line(server.only) == ("PUT", f"/v1/capabilities/{CUSTOM}/1", "")
    assert server.body_of() == {"commands": commands}
    assert server.only.headers["X-ST-Organization"] == ORG
    empty = Recorder(status=200, content=b"")
    assert run(mode, empty, lambda c: c.delete(CUSTOM, 3)) is None
    assert request_line(empty.only) == ("DELETE", f"/v1/capabilities/{CUSTOM}/3", "")


# ---------------------------------------------------------------------------------------------------------
# presentation

PRESENTATION = {
    "dashboard": {"states": [{"label": "{{colorTemperature.value}} K"}], "actions": []},
    "detailView": [
        {"label": "Color temperature", "displayType": "slider", "slider": {"range": [1, 30000], "command": "x"}}
    ],
    "automation": {"conditions": [], "actions": []},
}


@pytest.mark.parametrize("mode", MODES)
def test_presentation_calls(mode: Mode) -> None:
    answer = {"id": CUSTOM, "version": 1, **PRESENTATION, "mnmn": "SmartThingsCommunity"}
    server = Recorder(answer)
    shown = run(mode, server, lambda c: c.get_presentation(CUSTOM))
    assert request_line(server.only) == ("GET", f"/v1/capabilities/{CUSTOM}/1/presentation", "")
    assert isinstance(shown, CapabilityPresentation)
    assert shown.detail_view is not None
    assert shown.detail_view[0]["displayType"] == "slider"
    assert shown.extra == {"mnmn": "SmartThingsCommunity"}

    created = Recorder(answer)
    run(mode, created, lambda c: c.create_presentation(CUSTOM, PRESENTATION, organization_id=ORG))
    assert request_line(created.only) == ("POST", f"/v1/capabilities/{CUSTOM}/1/presentation", "")
    assert created.body_of() == {"id": CUSTOM, "version": 1, **PRESENTATION}
    assert created.only.headers["X-ST-Organization"] == ORG

    updated = Recorder(answer)
    run(mode, updated, lambda c: c.update_presentation(CUSTOM, shown, 1))
    assert request_line(updated.only) == ("PUT", f"/v1/capabilities/{CUSTOM}/1/presentation", "")
    assert updated.body_of() == {**PRESENTATION, "mnmn": "SmartThingsCommunity"}  # id and version are in the path


# ---------------------------------------------------------------------------------------------------------
# translations


@pytest.mark.parametrize("mode", MODES)
def test_locales_and_translations(mode: Mode) -> None:
    server = Recorder(sdk("get")["get_locales"])
    assert run(mode, server, lambda c: c.list_locales(CUSTOM)) == ["en", "it", "fr", "es"]
    assert request_line(server.only) == ("GET", f"/v1/capabilities/{CUSTOM}/1/i18n", "")

    french = sdk("put")["put_translations"]
    got = Recorder(french)
    localization = run(mode, got, lambda c: c.get_translations(CUSTOM, "fr"))
    assert request_line(got.only) == ("GET", f"/v1/capabilities/{CUSTOM}/1/i18n/fr", "")
    assert isinstance(localization, CapabilityLocalization)
    attribute = (localization.attributes or {})["outputModulation"]
    assert attribute.display_template == "{{attribute}} de {{device.label}} est de {{value}}"
    assert (attribute.i18n or {})["value"]["50hz"] == ValueLabel(label="50 Hz")
    argument = ((localization.commands or {})["setOutputModulation"].arguments or {})["outputModulation"]
    assert (argument.label, argument.i18n) == ("Output Modulation", {})

    created = Recorder(french)
    run(mode, created, lambda c: c.create_translations(CUSTOM, localization))
    assert request_line(created.only) == ("POST", f"/v1/capabilities/{CUSTOM}/1/i18n", "")
    assert created.body_of() == french

    updated = Recorder(french)
    run(mode, updated, lambda c: c.update_translations(CUSTOM, french, organization_id=ORG))
    assert request_line(updated.only) == ("PUT", f"/v1/capabilities/{CUSTOM}/1/i18n/fr", "")
    assert updated.body_of() == french
    assert updated.only.headers["X-ST-Organization"] == ORG

    deleted = Recorder(status=200, content=b"")
    assert run(mode, deleted, lambda c: c.delete_translations(CUSTOM, "fr")) is None
    assert request_line(deleted.only) == ("DELETE", f"/v1/capabilities/{CUSTOM}/1/i18n/fr", "")


@pytest.mark.parametrize("mode", MODES)
def test_upsert_puts_when_the_locale_exists(mode: Mode) -> None:
    french = sdk("put")["put_translations"]
    server = Queue(
        httpx.Response(409, json=error_body("ConflictError", "Localization already exists for tag fr")),
        httpx.Response(200, json=french),
    )
    result = run(mode, server, lambda c: c.upsert_translations(CUSTOM, french, organization_id=ORG))
    assert result.tag == "fr"
    assert [request_line(r)[:2] for r in server.requests] == [
        ("POST", f"/v1/capabilities/{CUSTOM}/1/i18n"),
        ("PUT", f"/v1/capabilities/{CUSTOM}/1/i18n/fr"),
    ]
    assert all(r.headers["X-ST-Organization"] == ORG for r in server.requests)


@pytest.mark.parametrize("mode", MODES)
def test_upsert_posts_once_when_the_locale_is_new(mode: Mode) -> None:
    french = sdk("put")["put_translations"]
    server = Queue(httpx.Response(200, json=french))
    assert run(mode, server, lambda c: c.upsert_translations(CUSTOM, french)).label == "Output Modulation"
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(422, UnprocessableEntityError), (409, ConflictError)],
)
def test_upsert_raises_other_errors_without_a_put(status: int, error: type[Exception]) -> None:
    server = Queue(httpx.Response(status, json=error_body("Whatever", "tag: unknown locale")))
    with pytest.raises(error):
        run("sync", server, lambda c: c.upsert_translations(CUSTOM, {"tag": "xx"}))
    assert len(server.requests) == 1


# ---------------------------------------------------------------------------------------------------------
# errors


@pytest.mark.parametrize("mode", MODES)
def test_a_blank_403_on_create_names_the_operation_and_the_scope(mode: Mode) -> None:
    server = Recorder(status=403, content=b"")
    token = PersonalAccessToken("pat-1234567890", scopes=["r:devices:*"])
    with pytest.raises(MissingScopeError) as caught:
        run(mode, server, lambda c: c.create("Dimmer"), token=token)
    assert caught.value.operation == "capabilities.create"
    assert caught.value.missing == ("w:customcapability",)
    assert "w:customcapability" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_a_404_is_not_found(mode: Mode) -> None:
    server = Recorder(error_body("NotFoundError", "Capability nope version 1 not found"), status=404)
    with pytest.raises(NotFoundError) as caught:
        run(mode, server, lambda c: c.get("nope"))
    assert caught.value.operation == "capabilities.get"


def test_reads_declare_no_scope_and_writes_the_unverified_one() -> None:
    capability_rules = {name: rule for name, rule in OPERATIONS.items() if name.startswith("capabilities.")}
    assert len(capability_rules) == 16
    for name, rule in capability_rules.items():
        if rule.method == "GET":
            assert rule.scopes == (), name
        else:
            assert rule.scopes == (("w:customcapability",),), name
            assert "unverified" in rule.note


# ---------------------------------------------------------------------------------------------------------
# the command line (against the emulator)


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from smartthings_client import cli as command_line

    code = command_line.main([*argv, "--emulator"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "capabilities", "list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert {"id": "switchLevel", "version": 1, "status": "live"} in listed
    assert all("." not in item["id"] for item in listed)


def test_cli_list_an_unknown_namespace_is_exit_5(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "capabilities", "list", "--namespace", "nobodys")
    assert code == 5
    assert "Namespace nobodys not found" in err


def test_cli_show_live_says_what_commands_take(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "capabilities", "show", "switchLevel", "--live")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "switchLevel version 1 (live, from the API): Switch Level"
    assert lines[1] == "Python: smartthings_client.catalog.switch_level"
    assert lines[2].split() == ["KIND", "NAME", "HOLDS", "/", "TAKES", "NOTES", "PYTHON"]
    assert any(line.split()[:2] == ["attribute", "level"] and "integer 0..100 [%]" in line for line in lines)
    assert any("set by setLevel" in line for line in lines)
    assert any(line.split()[:2] == ["command", "setLevel"] and "rate?: integer 0.." in line for line in lines)


def test_cli_show_live_lists_allowed_values_and_json_is_the_api_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "capabilities", "show", "switch", "--live")
    assert code == 0
    assert "string one of on, off" in out
    code, out, _ = cli(capsys, "capabilities", "show", "lock", "--json", "--live")
    assert code == 0
    assert json.loads(out)["commands"]["unlatch"] == {"name": "unlatch", "arguments": [], "sensitive": False}


def test_cli_show_live_without_real_data_is_exit_5(capsys: pytest.CaptureFixture[str]) -> None:
    # A seeded device's capability that the catalogue (and so the emulator) has no real definition of.
    code, out, err = cli(capsys, "capabilities", "show", "legendabsolute60149.levelSteps", "--live")
    assert (code, out) == (5, "")
    assert "has none of legendabsolute60149.levelSteps" in err


def test_cli_show_refuses_a_bad_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "capabilities", "show", "switch", "--version", "0")
    assert code == 2
    assert "version" in err
