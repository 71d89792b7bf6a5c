"""parse_lifecycle on the real lifecycle samples: doc samples, a captured INSTALL, pysmartapp's and the Node SDK's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from smartthings_client import parse_lifecycle
from smartthings_client.auth.lifecycle import (
    ConfirmationRequest,
    EventRequest,
    InstallRequest,
    OAuthCallbackRequest,
    UnknownLifecycleRequest,
)

from ..fixtures import FIXTURES

LIFECYCLES = FIXTURES / "webhook" / "lifecycles"
REQUESTS = sorted(
    [*(LIFECYCLES / "pronovic" / "request").glob("*.json"), *(LIFECYCLES / "pysmartapp").glob("*_request.json")]
)


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", REQUESTS, ids=[f"{p.parent.name}/{p.stem}" for p in REQUESTS])
def test_every_sample_request_parses_into_its_class(path: Path) -> None:
    body = load(path)
    request = parse_lifecycle(path.read_bytes())
    assert not isinstance(request, UnknownLifecycleRequest)
    assert request.lifecycle == body["lifecycle"]
    assert "oAuthCallbackData" not in request.extra


@pytest.mark.parametrize(
    "path", [LIFECYCLES / "pronovic/request/OAUTH_CALLBACK.json", LIFECYCLES / "pysmartapp/oauth_callback_request.json"]
)
def test_oauth_callback_as_the_docs_spell_it(path: Path) -> None:
    request = parse_lifecycle(path.read_bytes())
    assert isinstance(request, OAuthCallbackRequest)
    assert request.oauth_callback_data.installed_app_id == load(path)["oAuthCallbackData"]["installedAppId"]


def test_oauth_callback_as_the_spec_spells_it() -> None:
    body = load(LIFECYCLES / "pysmartapp/oauth_callback_request.json")
    body["oauthCallbackData"] = body.pop("oAuthCallbackData")
    request = parse_lifecycle(body)
    assert isinstance(request, OAuthCallbackRequest)
    assert request.oauth_callback_data.url_path == "string"


def test_api_only_apps_send_message_type() -> None:
    body = load(LIFECYCLES / "nodejs/confirmation-messagetype.json")["request"]
    request = parse_lifecycle(json.dumps(body))
    assert isinstance(request, ConfirmationRequest)
    assert request.lifecycle == "CONFIRMATION"
    assert request.confirmation_data.confirmation_url.startswith("https://api.smartthings.com/apps/")
    assert "messageType" not in request.extra
    event = load(LIFECYCLES / "pronovic/request/EVENT-DEVICE.json")
    event["messageType"] = event.pop("lifecycle")
    assert isinstance(parse_lifecycle(event), EventRequest)


def test_the_captured_install_keeps_what_the_doc_samples_lack() -> None:
    request = parse_lifecycle((LIFECYCLES / "pronovic/live/INSTALL.1.json").read_bytes())
    assert isinstance(request, InstallRequest)
    assert request.app_id
    assert request.client is not None
    assert "displayMode" in request.client
