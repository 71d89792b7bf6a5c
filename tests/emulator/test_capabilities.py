"""Capabilities end to end: the emulator serves the captured definitions and nothing invented, and keeps custom
capabilities with their presentations and translations; driven through ``st.capabilities``, sync and async."""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client import AsyncSmartThings, PersonalAccessToken, SmartAppToken, SmartThings
from smartthings_client.catalog import definition as catalogue_definition
from smartthings_client.errors import ConflictError, MissingScopeError, NotFoundError, ScopeError
from smartthings_client.testing import Emulator

DATA = Path(__file__).resolve().parents[1] / "data"  # tests/data: the real answers, with provenance READMEs
REAL = DATA / "pysmartthings-capabilities"
SDK = DATA / "core-sdk-more" / "capabilities"
NAMESPACE = "emulatorhome48151"

#: The seeded devices' capabilities the catalogue lacks (community namespaces and legacy ones): these answer 404.
SEEDED_WITHOUT_REAL_DATA = 21
MODES = ["sync", "async"]


def run(emu: Emulator, mode: str, call: Callable[[Any], Any], token: Any = None) -> Any:
    """``call(st.capabilities)`` on a blocking or an async client over the emulator; pagers read to a list."""
    credential = token or PersonalAccessToken(emu.issue_pat())
    if mode == "sync":
        with SmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st.capabilities)
            return result.to_list() if hasattr(result, "to_list") else result

    async def main() -> Any:
        async with AsyncSmartThings(credential, transport=emu.transport, max_retries=0) as st:
            result = call(st.capabilities)
            if inspect.isawaitable(result):
                result = await result
            return await result.to_list() if hasattr(result, "to_list") else result

    return asyncio.run(main())


def seeded_capabilities(emu: Emulator) -> set[str]:
    return {
        capability["id"]
        for device_id in emu.devices
        for component in emu.device(device_id)["components"]
        for capability in component["capabilities"]
    }


def test_each_seeded_capability_is_served_from_the_catalogue_or_answers_404(emu: Emulator, api: httpx.Client) -> None:
    seeded = seeded_capabilities(emu)
    missing = set()
    for capability_id in sorted(seeded):
        answer = api.get(f"/capabilities/{capability_id}/1")
        bundled = catalogue_definition(capability_id)
        if bundled is not None:
            assert answer.status_code == 200
            assert answer.json() == bundled.raw
        else:
            missing.add(capability_id)
            assert answer.status_code == 404
            error = answer.json()["error"]
            assert error["code"] == "NotFoundError"
            assert error["details"][0]["code"] == "EmulatorNoRealData"
            assert f"has none of {capability_id}" in error["details"][0]["message"]
    assert len(seeded) == 95
    assert len(missing) == SEEDED_WITHOUT_REAL_DATA, sorted(missing)
    # The 14 answers captured with pysmartthings are the very ones the catalogue vendors.
    for path in REAL.glob("*.json"):
        assert api.get(f"/capabilities/{path.stem}/1").json() == json.loads(path.read_text(encoding="utf-8"))


def test_an_unknown_capability_is_a_plain_404(api: httpx.Client) -> None:
    answer = api.get("/capabilities/noSuchThing/1")
    assert answer.status_code == 404
    assert answer.json()["error"]["details"] == []
    assert api.get("/capabilities/switch/2").status_code == 404
    assert api.get("/capabilities/switch/one").status_code == 404


@pytest.mark.parametrize("mode", MODES)
def test_reading_needs_no_scope(emu: Emulator, mode: str) -> None:
    token = PersonalAccessToken(emu.issue_pat(scopes=[]))
    standard = run(emu, mode, lambda c: c.list_standard(), token)
    assert [s.id for s in standard] == sorted(s.id for s in standard)
    assert {"switch", "switchLevel", "button"} <= {s.id for s in standard}
    assert all("." not in s.id for s in standard)
    level = run(emu, mode, lambda c: c.get("switchLevel"), token)
    assert [a.name for a in level.commands["setLevel"].arguments] == ["level", "rate"]
    assert [v.version for v in run(emu, mode, lambda c: c.list_versions("switch"), token)] == [1]


def test_a_smartapp_token_reads_definitions_too(emu: Emulator) -> None:
    install = emu.install(emu.create_app("reader"))
    token = SmartAppToken(install.auth_token, installed_app_id=install.installed_app_id)
    assert run(emu, "sync", lambda c: c.get("lock"), token).allowed_values("lock")


def test_standard_capabilities_page(emu: Emulator) -> None:
    small = Emulator(page_size=100)
    everything = run(small, "sync", lambda c: c.list_standard())
    assert len(everything) == 282  # every standard capability of the catalogue
    assert len({s.id for s in everything}) == 282
    assert all("." not in s.id for s in everything)
    assert len([r for r in small.requests if r.path == "/capabilities"]) == 3


@pytest.mark.parametrize("mode", MODES)
def test_custom_capability_lifecycle(emu: Emulator, mode: str) -> None:
    post = json.loads((SDK / "post.json").read_text(encoding="utf-8"))["post_capability"]
    created = run(emu, mode, lambda c: c.create(post["name"], attributes=post["attributes"], commands=post["commands"]))
    custom = f"{NAMESPACE}.colorTemperature"
    assert (created.id, created.version, created.status) == (custom, 1, "proposed")
    assert run(emu, mode, lambda c: c.get(custom)).commands["setColorTemperature"].arguments[0].name == "temperature"
    assert [n.name for n in run(emu, mode, lambda c: c.list_namespaces())] == [NAMESPACE]
    assert [s.id for s in run(emu, mode, lambda c: c.list_in_namespace(NAMESPACE))] == [custom]
    with pytest.raises(ConflictError):
        run(emu, mode, lambda c: c.create(post["name"]))

    reset = {"reset": {"name": "reset", "arguments": []}}
    updated = run(emu, mode, lambda c: c.update(custom, commands=reset))
    assert list(updated.commands) == ["reset"]
    assert list(updated.attributes) == ["colorTemperature"]

    presentation = {"dashboard": {"states": [{"label": "{{colorTemperature.value}} K"}]}, "detailView": []}
    with pytest.raises(NotFoundError):
        run(emu, mode, lambda c: c.get_presentation(custom))
    made = run(emu, mode, lambda c: c.create_presentation(custom, presentation))
    assert (made.id, made.version, made.dashboard) == (custom, 1, presentation["dashboard"])
    with pytest.raises(ConflictError):
        run(emu, mode, lambda c: c.create_presentation(custom, presentation))
    run(emu, mode, lambda c: c.update_presentation(custom, {"automation": {"conditions": []}}))
    shown = run(emu, mode, lambda c: c.get_presentation(custom))
    assert (shown.dashboard, shown.automation) == (None, {"conditions": []})

    french = json.loads((SDK / "put.json").read_text(encoding="utf-8"))["put_translations"]
    assert run(emu, mode, lambda c: c.upsert_translations(custom, french)).label == "Output Modulation"
    relabelled = {**french, "label": "Modulation de sortie"}
    assert run(emu, mode, lambda c: c.upsert_translations(custom, relabelled)).label == "Modulation de sortie"
    run(emu, mode, lambda c: c.create_translations(custom, {"tag": "en", "label": "Output modulation"}))
    assert run(emu, mode, lambda c: c.list_locales(custom)) == ["fr", "en"]
    assert run(emu, mode, lambda c: c.get_translations(custom, "fr")).label == "Modulation de sortie"
    run(emu, mode, lambda c: c.delete_translations(custom, "en"))
    with pytest.raises(NotFoundError):
        run(emu, mode, lambda c: c.get_translations(custom, "en"))

    run(emu, mode, lambda c: c.delete(custom))
    with pytest.raises(NotFoundError):
        run(emu, mode, lambda c: c.get(custom))
    assert run(emu, mode, lambda c: c.list_in_namespace(NAMESPACE)) == []


def test_create_in_another_namespace(emu: Emulator) -> None:
    created = run(emu, "sync", lambda c: c.create("Fan Speed Preset", namespace="myorgns"))
    assert created.id == "myorgns.fanSpeedPreset"
    assert [n.name for n in run(emu, "sync", lambda c: c.list_namespaces())] == [NAMESPACE, "myorgns"]
    with pytest.raises(ScopeError) as caught:
        run(emu, "sync", lambda c: c.create("Washer Thing", namespace="samsungce"))
    assert caught.value.status_code == 403
    with pytest.raises(NotFoundError):
        run(emu, "sync", lambda c: c.list_in_namespace("custom"))


def test_a_standard_capability_cannot_be_changed(emu: Emulator, api: httpx.Client) -> None:
    assert api.put("/capabilities/switch/1", json={"commands": {}}).status_code == 403
    assert api.delete("/capabilities/switch/1").status_code == 403
    assert api.post("/capabilities/switch/1/i18n", json={"tag": "fr"}).status_code == 403
    assert api.get("/capabilities/switch/1/i18n").status_code == 404  # no real localization was captured
    presentation = api.get("/capabilities/switch/1/presentation")
    assert presentation.status_code == 404
    assert presentation.json()["error"]["details"][0]["code"] == "EmulatorNoRealData"


def test_the_emulator_validates_what_it_stores(api: httpx.Client) -> None:
    bad_name = api.post("/capabilities", json={"name": "x"})
    assert bad_name.status_code == 422
    mismatch = api.post("/capabilities", json={"name": "Okay", "commands": {"on": {"name": "off"}}})
    assert mismatch.status_code == 422
    assert mismatch.json()["error"]["details"][0]["target"] == "commands.on"
    no_schema = api.post("/capabilities", json={"name": "Okay", "attributes": {"level": {}}})
    assert no_schema.json()["error"]["details"][0]["target"] == "attributes.level.schema"
    custom = api.post("/capabilities", json={"name": "Okay"}).json()["id"]
    assert api.put(f"/capabilities/{custom}/1/i18n/fr", json={"tag": "fr"}).status_code == 404
    assert api.put(f"/capabilities/{custom}/1/i18n/fr", json={"tag": "de"}).status_code == 422
    assert api.post(f"/capabilities/{custom}/1/presentation", json={"id": "other"}).status_code == 422


@pytest.mark.parametrize("mode", MODES)
def test_writing_needs_w_customcapability(emu: Emulator, mode: str) -> None:
    scopes = ["r:devices:*", "r:locations:*"]
    token = PersonalAccessToken(emu.issue_pat(scopes=scopes), scopes=scopes)
    with pytest.raises(MissingScopeError) as caught:
        run(emu, mode, lambda c: c.create("Fan Speed Preset"), token)
    assert caught.value.missing == ("w:customcapability",)
    assert "capabilities.create" in str(caught.value)
