"""`smartthings-client api METHOD PATH`: any call, through the client's transport, against the emulator and mocks."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client import cli
from smartthings_client._api_call import api_call, match_operation, methods_for_path
from smartthings_client.errors import InvalidArgumentError
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    return functools.partial(run_cli, capsys)


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    """An emulator with two devices a page, which the CLI reaches with --token."""
    emulator = Emulator(page_size=2)
    send_cli_clients_to(monkeypatch, emulator.transport)
    return emulator


def test_get_prints_the_answer_as_indented_json_with_or_without_v1(run: Run) -> None:
    code, out, err = run("api", "GET", "/locations", "--emulator")
    assert code == 0, err
    assert out.startswith('{\n  "items": [')
    assert [location["name"] for location in json.loads(out)["items"]] == ["Home"]
    for path in ("/v1/locations", "v1/locations", "locations"):
        code, again, _ = run("api", "get", path, "--emulator")
        assert (code, json.loads(again)) == (0, json.loads(out))


def test_json_prints_one_compact_line(run: Run) -> None:
    code, out, _ = run("api", "GET", "/locations", "--emulator", "--json")
    assert code == 0
    assert len(out.splitlines()) == 1
    assert json.loads(out)["items"][0]["name"] == "Home"


def test_query_parameters_from_options_and_from_the_path(run: Run, emu: Emulator) -> None:
    token = emu.issue_pat()
    switches = sorted(emu.find_devices(["switch"]))
    locks = emu.find_devices(["lock"])
    assert locks
    code, out, err = run("api", "GET", "/devices", "--query", "capability=lock", "--paginate", "--token", token)
    assert code == 0, err
    assert sorted(d["deviceId"] for d in json.loads(out)["items"]) == sorted(locks)
    code, out, _ = run("api", "GET", "/devices?capability=switch", "--paginate", "--token", token)
    assert sorted(d["deviceId"] for d in json.loads(out)["items"]) == switches


def test_paginate_follows_every_page_into_one_list(run: Run, emu: Emulator) -> None:
    token = emu.issue_pat()
    everything = sorted(emu.devices_by_label().values())
    assert len(everything) > 4  # so that pages of two make at least three pages
    code, out, _ = run("api", "GET", "/devices", "--token", token)
    first = json.loads(out)
    assert len(first["items"]) == 2
    assert first["_links"]["next"]["href"]
    code, out, err = run("api", "GET", "/devices", "--paginate", "--token", token)
    assert code == 0, err
    merged = json.loads(out)
    assert sorted(d["deviceId"] for d in merged["items"]) == everything
    assert "_links" not in merged
    # An answer that is not a page is printed as it is.
    device = everything[0]
    code, out, _ = run("api", "GET", f"/devices/{device}", "--paginate", "--token", token)
    assert (code, json.loads(out)["deviceId"]) == (0, device)


def test_paginate_refuses_a_next_link_to_another_origin(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[httpx.URL] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request.url)
        return httpx.Response(
            200, json={"items": [{"n": 1}], "_links": {"next": {"href": "https://evil.example/v1/x"}}}
        )

    send_cli_clients_to(monkeypatch, httpx.MockTransport(answer))
    code, out, err = run("api", "GET", "/devices", "--paginate", "--token", "a-token")
    assert (code, out) == (1, "")
    assert "refusing to follow a next-page link to https://evil.example" in err
    assert [url.host for url in sent] == ["api.smartthings.com"]


def test_data_is_sent_as_the_body(run: Run, emu: Emulator, tmp_path: Path) -> None:
    token = emu.issue_pat()
    light = emu.devices_by_label()["Bathroom spot"]
    body = {"commands": [{"component": "main", "capability": "switch", "command": "on", "arguments": []}]}
    code, out, err = run("api", "POST", f"/devices/{light}/commands", "--data", json.dumps(body), "--token", token)
    assert code == 0, err
    assert json.loads(out)["results"][0]["status"] == "ACCEPTED"
    assert emu.attribute(light, "switch", "switch") == "on"
    body["commands"][0]["command"] = "off"
    file = tmp_path / "body.json"
    file.write_text(json.dumps(body))
    code, _, err = run("api", "post", f"/devices/{light}/commands", "--data", f"@{file}", "--token", token)
    assert code == 0, err
    assert emu.attribute(light, "switch", "switch") == "off"
    yaml_file = tmp_path / "body.yaml"
    yaml_file.write_text("commands:\n  - capability: switch\n    command: 'on'\n")
    code, _, err = run("api", "POST", f"/devices/{light}/commands", "--data", f"@{yaml_file}", "--token", token)
    assert code == 0, err
    assert emu.attribute(light, "switch", "switch") == "on"
    yaml_file.write_text("commands: [unclosed\n")
    code, _, err = run("api", "POST", f"/devices/{light}/commands", "--data", f"@{yaml_file}", "--token", token)
    assert code == 2
    assert f"{yaml_file} is not YAML" in err


def test_403_names_the_operation_and_its_scopes(run: Run, emu: Emulator) -> None:
    token = emu.issue_pat(scopes=["r:locations:*"])
    light = emu.devices_by_label()["Bathroom spot"]
    code, out, err = run("api", "GET", f"/devices/{light}/status", "--token", token)
    assert (code, out) == (cli.EXIT_FORBIDDEN, "")
    assert "devices.status" in err
    assert "r:devices:*" in err
    assert token not in err


def test_a_pat_on_a_smartapp_only_operation_is_refused_before_sending(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"items": []})

    send_cli_clients_to(monkeypatch, httpx.MockTransport(answer))
    code, out, err = run("api", "GET", "/installedapps/abc/subscriptions", "--token", "a-personal-token")
    assert (code, out, sent) == (cli.EXIT_FORBIDDEN, "", [])
    assert "subscriptions.list accepts only a SmartApp token" in err
    assert "--installed-app-id" in err
    assert "a-personal-token" not in err


def test_with_the_emulator_a_smartapp_only_call_gets_a_smartapp_token(run: Run) -> None:
    code, out, err = run("api", "GET", "/installedapps/me", "--emulator")
    assert code == 0, err
    assert json.loads(out)["installedAppId"]


def test_an_unknown_path_is_sent_and_its_error_says_it_matches_no_operation(run: Run) -> None:
    code, out, err = run("api", "GET", "/no-such-thing/42", "--emulator")
    assert (code, out) == (cli.EXIT_NOT_FOUND, "")
    assert "GET /no-such-thing/42 matches no operation the client knows" in err
    code, _, err = run("api", "PATCH", "/locations", "--emulator")
    assert code != 0
    assert "the path is known for GET, POST" in err


def test_retries_and_headers_are_the_clients(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if len(seen) == 1:
            return httpx.Response(503)
        return httpx.Response(200, json={"items": []})

    send_cli_clients_to(monkeypatch, httpx.MockTransport(answer), retry=_no_wait())
    code, out, err = run("api", "GET", "/drivers", "--header", "X-ST-Organization: org-1", "--token", "a-token")
    assert code == 0, err
    assert json.loads(out) == {"items": []}
    assert len(seen) == 2
    assert seen[-1].headers["X-ST-Organization"] == "org-1"
    assert seen[-1].headers["Authorization"] == "Bearer a-token"


def test_an_empty_answer_prints_nothing(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    send_cli_clients_to(monkeypatch, httpx.MockTransport(lambda request: httpx.Response(204)))
    assert run("api", "DELETE", "/devices/abc", "--token", "a-token") == (0, "", "")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["FETCH", "/devices"], "unknown method 'FETCH'"),
        (["GET", "https://evil.example/v1/devices"], "not a URL"),
        (["GET", "/devices/a b"], "whitespace"),
        (["GET", "/devices", "--query", "capability"], "--query takes KEY=VALUE"),
        (["POST", "/devices", "--data", "{not json"], "--data is not JSON"),
        (["POST", "/devices", "--paginate"], "--paginate follows next-page links of a GET"),
        (["GET", "/devices", "--header", "Authorization: Bearer x"], "cannot set Authorization"),
        (["GET", "/devices", "--header", "no colon"], "--header takes 'NAME: VALUE'"),
    ],
)
def test_usage_errors_exit_2_before_sending(run: Run, argv: list[str], message: str) -> None:
    code, out, err = run("api", *argv, "--emulator")
    assert (code, out) == (cli.EXIT_USAGE, "")
    assert message in err


def test_the_registry_match_prefers_literal_segments_and_knows_the_origin_operations() -> None:
    rule, ids = match_operation("GET", "/drivers/default") or (None, None)
    assert rule is not None
    assert (rule.name, ids) == ("drivers.list_default", {})
    found = match_operation("get", "/drivers/abc%20d")
    assert found is not None
    assert (found[0].name, found[1]) == ("drivers.get", {"driverId": "abc d"})
    assert match_operation("GET", "/drivers/a/b/c/d") is None
    assert methods_for_path("/locations") == ("GET", "POST")
    # The SSE sinks API lives on the origin: matched without /v1 only.
    assert api_call("POST", "/subscriptions").operation.name == "events.create_sink"
    assert api_call("POST", "/subscriptions").operation.on_origin
    assert api_call("POST", "/v1/subscriptions").rule is None
    with pytest.raises(InvalidArgumentError):
        api_call("GET", "/devices#top")


def _no_wait() -> Any:
    from smartthings_client import RetryPolicy

    return RetryPolicy(sleep=lambda seconds: None)
