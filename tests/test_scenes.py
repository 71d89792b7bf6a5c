"""``st.scenes``: requests, real answers decoded (epoch-ms dates), errors, on both clients."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest

from smartthings_client import NotFoundError, Scene, SceneExecution, ScopeError
from smartthings_client.models.scenes import SceneExecutionStatus

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, LOCATION_ID, Harness, error_body, load, pysmartthings

SCENE_ID = "13a63ff0-587e-45d2-8c4e-b40525f2093c"
CORE_LOCATION = "95efee9b-6073-4871-b5ba-de6642187293"


def core_scenes(name: str) -> dict[str, Any]:
    pairs: dict[str, dict[str, Any]] = load("core-sdk-more/scenes/get.json")
    return pairs[name]


def test_list_decodes_the_core_sdk_answer_with_epoch_ms_dates(harness: Harness) -> None:
    pair = core_scenes("get_scenes")
    harness.server.reply(json_body=pair["response"])
    scenes = harness.collect(lambda st: st.scenes.list())
    request = harness.server.last
    assert (request.method, str(request.url)) == ("GET", "https://api.smartthings.com/v1/scenes")
    assert [s.scene_name for s in scenes] == ["Good Night", "Good Morning", "Temp", "Goodbye"]
    night = scenes[0]
    assert night == Scene(
        scene_id="a2847398-fe89-43ae-9309-0cf2bfec9e02",
        scene_name="Good Night",
        location_id=CORE_LOCATION,
        scene_icon="200",
        scene_color=None,
        created_by="c257d2c7-332b-d60d-808d-550bfbd54556",
        created_date=datetime(2020, 2, 8, 19, 17, 2, tzinfo=timezone.utc),
        last_updated_date=datetime.fromtimestamp(1582612667, tz=timezone.utc),
        last_executed_date=datetime.fromtimestamp(1582990765, tz=timezone.utc),
        editable=False,
        api_version="ocfmode",
    )
    assert scenes[2].last_executed_date is None  # never run


def test_list_by_location_sends_location_id(harness: Harness) -> None:
    pair = core_scenes("get_scenes_locationId_95efee9b_6073_4871_b5ba_de6642187293")
    harness.server.reply(json_body=pair["response"])
    scenes = harness.collect(lambda st: st.scenes.list(location_id=CORE_LOCATION))
    assert harness.server.last.url.params.multi_items() == list(pair["request"]["params"].items())
    assert len(scenes) == 4


@pytest.mark.parametrize("name", ["scenes.json", "scenes_location_filter.json"])
def test_list_decodes_the_pysmartthings_captures(sync_harness: Harness, name: str) -> None:
    raw = pysmartthings(name)
    sync_harness.server.reply(json_body=raw)
    scenes = sync_harness.collect(lambda st: st.scenes.list())
    assert [s.scene_id for s in scenes] == [item["sceneId"] for item in raw["items"]]
    for scene, item in zip(scenes, raw["items"], strict=True):
        assert scene.created_date is not None
        assert scene.created_date.tzinfo is not None
        assert int(scene.created_date.timestamp() * 1000) == item["createdDate"]
        assert scene.scene_color == item["sceneColor"]
        assert scene.api_version == item["apiVersion"]


def test_list_follows_next_links(sync_harness: Harness) -> None:
    next_page = {"next": {"href": "https://api.smartthings.com/scenes?page=1"}}
    first = {**pysmartthings("scenes.json"), "_links": next_page}
    sync_harness.server.reply(json_body=first)
    sync_harness.server.reply(json_body=pysmartthings("scenes_location_filter.json"))
    scenes = sync_harness.collect(lambda st: st.scenes.list(LOCATION_ID))
    assert [s.scene_name for s in scenes] == ["Away", "Home", "All Off"]
    assert str(sync_harness.server.requests[1].url) == "https://api.smartthings.com/scenes?page=1"


EXECUTE_ANSWERS = [
    load("core-sdk-more/scenes/post.json")[f"post_scenes_{SCENE_ID.replace('-', '_')}_execute"]["response"],
    pysmartthings("scene_execute.json"),
]


@pytest.mark.parametrize("raw", EXECUTE_ANSWERS, ids=["core-sdk", "pysmartthings"])
def test_execute_posts_and_decodes_the_status(harness: Harness, raw: dict[str, Any]) -> None:
    harness.server.reply(json_body=raw)
    result = harness.run(lambda st: st.scenes.execute(SCENE_ID))
    request = harness.server.last
    assert (request.method, request.url.path) == ("POST", f"/v1/scenes/{SCENE_ID}/execute")
    assert request.url.query == b""
    assert request.content == b""
    assert result == SceneExecution(status=SceneExecutionStatus.SUCCESS)
    assert result.succeeded


def test_execute_with_location_and_an_unknown_status(sync_harness: Harness) -> None:
    sync_harness.server.reply(json_body={"status": "queued", "new": 1})
    result = sync_harness.run(lambda st: st.scenes.execute(SCENE_ID, LOCATION_ID))
    assert sync_harness.server.last.url.params.multi_items() == [("locationId", LOCATION_ID)]
    assert result.status == "queued"
    assert not result.succeeded
    assert result.extra == {"new": 1}


def test_a_403_names_the_operation_and_its_scope(harness: Harness) -> None:
    harness.server.reply(403, content=b"")
    with pytest.raises(ScopeError) as caught:
        harness.run(lambda st: st.scenes.execute(SCENE_ID))
    assert caught.value.operation == "scenes.execute"
    assert "x:scenes:*" in str(caught.value)


def test_a_404_is_not_found(harness: Harness) -> None:
    harness.server.reply(404, json_body=error_body("NotFoundError", "no such scene"))
    with pytest.raises(NotFoundError):
        harness.run(lambda st: st.scenes.execute(SCENE_ID))


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(harness: Harness, bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error):
        harness.run(lambda st: st.scenes.execute(bad))
    if bad is not None:  # None is a valid location_id: no filter
        with pytest.raises(error):
            harness.run(lambda st: st.scenes.execute(SCENE_ID, bad))
        with pytest.raises(error):
            harness.collect(lambda st: st.scenes.list(bad))
    assert harness.server.requests == []


def test_the_declarations() -> None:
    from smartthings_client.scopes import OPERATIONS

    assert (OPERATIONS["scenes.list"].method, OPERATIONS["scenes.list"].path) == ("GET", "/scenes")
    assert OPERATIONS["scenes.execute"].path == "/scenes/{sceneId}/execute"
    assert OPERATIONS["scenes.execute"].scopes == (("x:scenes:*",),)
