"""``apps``: every call's request against the pysmartthings captures, the typed answers, scope checks on OAuth
settings, and the one-time client secret kept out of reprs and logs."""

from __future__ import annotations

import inspect
import json
import logging
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import LimitError, ResponseDecodeError, TokenKindError
from smartthings_client.models.apps import (
    ApiOnlyApp,
    App,
    AppClassification,
    AppCreated,
    AppOAuth,
    AppSettings,
    AppSummary,
    AppType,
    CreateAppRequest,
    IconImage,
    LambdaSmartApp,
    OAuthCredentials,
    SignatureType,
    UpdateAppRequest,
    WebhookSmartApp,
)
from smartthings_client.models.deviceprofiles import Owner, OwnerType
from smartthings_client.resources.apps import Apps, AsyncApps, ScopeSpellingWarning
from smartthings_client.scopes import InvalidScopeError

from .fixtures import MODES, PYSMARTTHINGS, Mode, Recorder, run_resource

FIXTURES = PYSMARTTHINGS
APP_ID = "c6cde2b0-203e-44cf-a510-3b3ed4706996"
APP_NAME = "pysmartthings-test"
CREATED_SECRET = "9b3fd445-42d6-441b-b386-99ea51e13cb0"
GENERATED_SECRET = "05a49aac-55d6-4092-96bf-7ca6ca3666d3"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


async def awaited_here(result: Any) -> Any:
    """Await an async call in this module, as user code would await it.

    ``ScopeSpellingWarning`` points at the first frame outside the library; awaiting in tests/fixtures.py would
    make that frame fixtures.py, and the warning tests check that it is this file.
    """
    return await result if inspect.isawaitable(result) else result


def run(
    mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any], token: Any = "pat"
) -> Any:
    """Run ``call(apps)`` on a blocking or an async resource; pagers are read to a list."""
    return run_resource(
        mode,
        handler,
        call if mode == "sync" else lambda apps: awaited_here(call(apps)),
        sync_resource=lambda st: Apps(st._transport),
        async_resource=lambda ast: AsyncApps(ast._transport),
        token=token,
    )


def lambda_request(**changes: Any) -> CreateAppRequest:
    """The app of app_post_request.json, as a typed request."""
    fields: dict[str, Any] = {
        "app_name": APP_NAME,
        "app_type": AppType.LAMBDA_SMART_APP,
        "classifications": [AppClassification.AUTOMATION],
        "display_name": "Test",
        "description": "A SmartApp that relays events to the pysmartthings library",
        "single_instance": True,
        "lambda_smart_app": LambdaSmartApp(
            functions=["arn:aws:lambda:eu-central-1:account-id:function:function-name:alias-name"]
        ),
    }
    fields.update(changes)
    return CreateAppRequest(**fields)


# ---------------------------------------------------------------------------------------------------------
# list, get


@pytest.mark.parametrize("mode", MODES)
def test_list_parses_the_summaries(mode: Mode) -> None:
    server = Recorder(fixture("apps"))
    apps = run(mode, server, lambda a: a.list())
    assert (server.only.method, server.only.url.path, server.only.url.query) == ("GET", "/v1/apps", b"")
    assert len(apps) == 1
    summary = apps[0]
    assert isinstance(summary, AppSummary)
    assert summary.app_id == APP_ID
    assert summary.app_name == APP_NAME
    assert summary.app_type is AppType.WEBHOOK_SMART_APP
    assert summary.classifications == (AppClassification.AUTOMATION,)
    assert summary.icon_image == IconImage()
    assert summary.created_date is not None
    assert summary.created_date.isoformat() == "2018-12-15T17:07:41+00:00"


@pytest.mark.parametrize("mode", MODES)
def test_list_sends_the_filters(mode: Mode) -> None:
    server = Recorder({"items": [], "_links": {}})
    run(
        mode,
        server,
        lambda a: a.list(
            app_type=AppType.WEBHOOK_SMART_APP,
            classification=["AUTOMATION", AppClassification.SERVICE],
            tags={"env": "prod", "team": ["a", "b"]},
        ),
    )
    assert server.only.url.params.multi_items() == [
        ("appType", "WEBHOOK_SMART_APP"),
        ("classification", "AUTOMATION"),
        ("classification", "SERVICE"),
        ("tag:env", "prod"),
        ("tag:team", "a"),
        ("tag:team", "b"),
    ]


def test_an_unknown_app_type_and_classification_stay_strings() -> None:
    item = {**fixture("apps")["items"][0], "appType": "NEW_KIND", "classifications": ["AUTOMATION", "FUTURE"]}
    apps = run("sync", Recorder({"items": [item]}), lambda a: a.list())
    assert apps[0].app_type == "NEW_KIND"
    assert apps[0].classifications == (AppClassification.AUTOMATION, "FUTURE")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("app", [APP_ID, APP_NAME])
def test_get_by_id_or_name(mode: Mode, app: str) -> None:
    server = Recorder(fixture("app_get"))
    got = run(mode, server, lambda a: a.get(app))
    assert (server.only.method, server.only.url.path) == ("GET", f"/v1/apps/{app}")
    assert isinstance(got, App)
    assert got.app_id == APP_ID
    assert got.single_instance is True
    assert got.owner == Owner(owner_type=OwnerType.USER, owner_id="3c19270b-fca6-5cde-82bc-86a37e52cfa8")
    assert got.webhook_smart_app is not None
    assert got.webhook_smart_app.target_url == "https://homeassistant.sayre.net:8321/"
    assert got.webhook_smart_app.public_key is not None
    assert got.webhook_smart_app.public_key.startswith("-----BEGIN PUBLIC KEY-----")
    assert got.ui is not None
    assert got.ui.dashboard_cards_enabled is False
    assert got.install_metadata == {}


@pytest.mark.parametrize("app", ["", "..", "a/b"])
def test_a_bad_app_id_is_refused_before_sending(app: str) -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="app"):
        run("sync", server, lambda a: a.get(app))
    assert server.requests == []


# ---------------------------------------------------------------------------------------------------------
# create


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_the_captured_body_and_keeps_the_secret_out_of_repr(mode: Mode) -> None:
    server = Recorder(fixture("app_post_response"))
    created = run(mode, server, lambda a: a.create(lambda_request()))
    request = server.only
    assert (request.method, request.url.path, request.url.query) == ("POST", "/v1/apps", b"")
    assert server.body_of() == fixture("app_post_request")
    assert isinstance(created, AppCreated)
    assert created.app.app_type is AppType.LAMBDA_SMART_APP
    assert created.app.lambda_smart_app is not None
    assert created.app.lambda_smart_app.functions == (
        "arn:aws:lambda:eu-central-1:account-id:function:function-name:alias-name",
    )
    assert created.oauth_client_id == "7cd4d474-7b36-4e03-bbdb-4cd4ae45a2be"
    assert created.oauth_client_secret == CREATED_SECRET
    credentials = created.credentials
    assert credentials == OAuthCredentials(
        client_id="7cd4d474-7b36-4e03-bbdb-4cd4ae45a2be", client_secret=CREATED_SECRET
    )
    for text in (repr(created), str(created), repr(credentials), str(credentials)):
        assert CREATED_SECRET not in text
        assert "<redacted>" in text


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_signature_type_and_confirmation_in_the_query(mode: Mode) -> None:
    server = Recorder(fixture("app_post_response"))
    request = lambda_request(
        app_type=AppType.WEBHOOK_SMART_APP,
        lambda_smart_app=None,
        webhook_smart_app=WebhookSmartApp(target_url="https://example.com/smartapp"),
        principal_type="LOCATION",
        icon_image=IconImage(url="https://example.com/icon.png"),
        oauth=AppOAuth(client_name="relay", scope=["r:devices:*", " X:Devices:* ", "r:devices:*"]),
    )
    run(mode, server, lambda a: a.create(request, signature_type=SignatureType.APP_RSA, require_confirmation=True))
    assert server.only.url.params.multi_items() == [("signatureType", "APP_RSA"), ("requireConfirmation", "true")]
    body = server.body_of()
    assert body["appType"] == "WEBHOOK_SMART_APP"
    assert body["webhookSmartApp"] == {"targetUrl": "https://example.com/smartapp"}
    assert body["principalType"] == "LOCATION"
    assert body["iconImage"] == {"url": "https://example.com/icon.png"}
    # Scopes are normalised (trimmed, lowercased type, repeats dropped) the way update_oauth does it.
    assert body["oauth"] == {"clientName": "relay", "scope": ["r:devices:*", "x:devices:*"], "redirectUris": []}
    assert "lambdaSmartApp" not in body


def test_create_of_an_api_only_app() -> None:
    server = Recorder(fixture("app_post_response"))
    request = lambda_request(
        app_type=AppType.API_ONLY,
        lambda_smart_app=None,
        api_only=ApiOnlyApp(),
        classifications=AppClassification.CONNECTED_SERVICE,
        oauth=AppOAuth(client_name="cli", scope=["r:locations:*"], redirect_uris=["https://example.com/cb"]),
    )
    run("sync", server, lambda a: a.create(request))
    body = server.body_of()
    assert body["apiOnly"] == {}
    assert body["classifications"] == ["CONNECTED_SERVICE"]
    assert body["oauth"]["redirectUris"] == ["https://example.com/cb"]


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"app_name": "Has-Capitals"}, "app_name must be lowercase"),
        ({"app_name": "with space"}, "app_name must be lowercase"),
        ({"app_name": ""}, "app_name must be a non-empty string"),
        ({"app_name": "a" * 251}, "at most 250"),
        ({"display_name": "x" * 76}, "display_name must be at most 75"),
        ({"description": ""}, "description must be a non-empty string"),
        ({"classifications": []}, "classifications must hold at least one"),
        ({"lambda_smart_app": None}, "LAMBDA_SMART_APP needs lambda_smart_app"),
        ({"lambda_smart_app": LambdaSmartApp()}, "LAMBDA_SMART_APP needs lambda_smart_app"),
        ({"app_type": AppType.WEBHOOK_SMART_APP}, "WEBHOOK_SMART_APP needs webhook_smart_app"),
        ({"oauth": AppOAuth(client_name="c", scope=["r:devices *"])}, "oauth.scope: invalid scope"),
        ({"oauth": AppOAuth(client_name="c", redirect_uris=[f"https://e/{i}" for i in range(11)])}, "at most 10"),
    ],
)
def test_create_refuses_invalid_apps_before_sending(changes: dict[str, Any], fragment: str) -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match=fragment):
        run("sync", server, lambda a: a.create(lambda_request(**changes)))
    assert server.requests == []


def test_create_refuses_an_unknown_signature_type_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="APP_RSA, ST_PADLOCK"):
        run("sync", server, lambda a: a.create(lambda_request(), signature_type="RSA"))
    assert server.requests == []


def test_create_needs_a_create_request() -> None:
    update = UpdateAppRequest(display_name="d", description="d", app_type="API_ONLY", classifications=["SERVICE"])
    with pytest.raises(TypeError, match="CreateAppRequest"):
        run("sync", Recorder({}), lambda a: a.create(update))


@pytest.mark.parametrize("mode", MODES)
def test_create_beyond_the_app_limit_raises_limit_error(mode: Mode) -> None:
    body = {"requestId": "r-9", "error": {"code": "LimitError", "message": "Limit of 100 apps per app type reached"}}
    with pytest.raises(LimitError) as caught:
        run(mode, Recorder(body, status=422), lambda a: a.create(lambda_request()))
    text = str(caught.value)
    assert "100 apps per app type" in text
    assert "st.apps.delete" in text


# ---------------------------------------------------------------------------------------------------------
# update, delete


@pytest.mark.parametrize("mode", MODES)
def test_update_sends_an_update_request(mode: Mode) -> None:
    captured = fixture("app_put_request")
    server = Recorder(fixture("app_put_response"))
    request = UpdateAppRequest(
        app_type=AppType.WEBHOOK_SMART_APP,
        classifications=[AppClassification.AUTOMATION],
        display_name="Test",
        description="A SmartApp that relays events to the pysmartthings library",
        single_instance=True,
        webhook_smart_app=WebhookSmartApp(target_url="https://homeassistant.sayre.net:8321/"),
    )
    app = run(mode, server, lambda a: a.update(APP_ID, request))
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/apps/{APP_ID}")
    # The spec's UpdateAppRequest has no appName (pysmartthings 0.x sent it anyway); everything else matches.
    assert server.body_of() == {k: v for k, v in captured.items() if k != "appName"}
    assert isinstance(app, App)
    assert app.last_updated_date is not None
    assert app.last_updated_date.isoformat() == "2018-12-16T00:31:04+00:00"


def test_update_with_a_create_request_sends_the_captured_body() -> None:
    server = Recorder(fixture("app_put_response"))
    request = lambda_request(
        app_type=AppType.WEBHOOK_SMART_APP,
        lambda_smart_app=None,
        webhook_smart_app=WebhookSmartApp(target_url="https://homeassistant.sayre.net:8321/"),
    )
    run("sync", server, lambda a: a.update(APP_NAME, request, signature_type="ST_PADLOCK"))
    assert server.body_of() == fixture("app_put_request")
    assert server.only.url.params.multi_items() == [("signatureType", "ST_PADLOCK")]


def test_update_may_leave_the_implementation_block_out() -> None:
    server = Recorder(fixture("app_put_response"))
    request = UpdateAppRequest(
        display_name="Renamed", description="d", app_type=AppType.WEBHOOK_SMART_APP, classifications=["AUTOMATION"]
    )
    run("sync", server, lambda a: a.update(APP_ID, request))
    assert server.body_of() == {
        "displayName": "Renamed",
        "description": "d",
        "appType": "WEBHOOK_SMART_APP",
        "classifications": ["AUTOMATION"],
    }


def test_update_refuses_a_plain_dict_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(TypeError, match="CreateAppRequest or UpdateAppRequest"):
        run("sync", server, lambda a: a.update(APP_ID, fixture("app_put_request")))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("content", [b"{}", b""])
def test_delete(mode: Mode, content: bytes) -> None:
    server = Recorder(content=content)
    assert run(mode, server, lambda a: a.delete(APP_ID)) is None
    assert (server.only.method, server.only.url.path) == ("DELETE", f"/v1/apps/{APP_ID}")


# ---------------------------------------------------------------------------------------------------------
# settings


@pytest.mark.parametrize("mode", MODES)
def test_get_settings_reads_like_a_dict(mode: Mode) -> None:
    server = Recorder(fixture("app_settings"))
    settings = run(mode, server, lambda a: a.get_settings(APP_ID))
    assert (server.only.method, server.only.url.path) == ("GET", f"/v1/apps/{APP_ID}/settings")
    assert isinstance(settings, AppSettings)
    assert settings == {"test": "test"}
    assert settings["test"] == "test"
    assert dict(settings) == {"test": "test"}
    assert len(settings) == 1


@pytest.mark.parametrize("mode", MODES)
def test_update_settings_sends_the_captured_body(mode: Mode) -> None:
    server = Recorder(fixture("app_settings"))
    settings = run(mode, server, lambda a: a.update_settings(APP_ID, {"test": "test"}))
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/apps/{APP_ID}/settings")
    assert server.body_of() == fixture("app_settings")
    assert settings == {"test": "test"}


@pytest.mark.parametrize(
    ("settings", "error", "fragment"),
    [
        ({"port": 8080}, TypeError, r"settings\['port'\] must be a str"),
        ({"": "x"}, ValueError, "settings names"),
        ([("a", "b")], TypeError, "mapping of names to strings"),
    ],
)
def test_update_settings_refuses_non_string_settings_before_sending(
    settings: Any, error: type[Exception], fragment: str
) -> None:
    server = Recorder({})
    with pytest.raises(error, match=fragment):
        run("sync", server, lambda a: a.update_settings(APP_ID, settings))
    assert server.requests == []


# ---------------------------------------------------------------------------------------------------------
# OAuth settings and scope checks


@pytest.mark.parametrize("mode", MODES)
def test_get_oauth(mode: Mode) -> None:
    server = Recorder(fixture("app_oauth_get_response"))
    oauth = run(mode, server, lambda a: a.get_oauth(APP_ID))
    assert (server.only.method, server.only.url.path) == ("GET", f"/v1/apps/{APP_ID}/oauth")
    assert oauth == AppOAuth(client_name=APP_NAME, scope=("r:devices",), redirect_uris=())


@pytest.mark.parametrize("mode", MODES)
def test_update_oauth_sends_the_captured_body_and_warns_about_the_spelling(mode: Mode) -> None:
    server = Recorder(fixture("app_oauth_put_response"))
    with pytest.warns(ScopeSpellingWarning, match=r"r:devices is usually spelled r:devices:\*") as caught:
        oauth = run(mode, server, lambda a: a.update_oauth(APP_ID, client_name=APP_NAME, scope=["r:devices"]))
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/apps/{APP_ID}/oauth")
    # Sent as written: SmartThings matches scope strings exactly, so the client does not respell them.
    assert server.body_of() == fixture("app_oauth_put_request")
    assert oauth.redirect_uris == ()
    # The warning points at the caller, not at the library.
    assert [Path(w.filename).name for w in caught] == ["test_apps.py"]


def test_update_oauth_warns_about_the_star_spelling_of_i_deviceprofiles() -> None:
    server = Recorder(fixture("app_oauth_put_response"))
    with pytest.warns(ScopeSpellingWarning) as caught:
        run(
            "sync",
            server,
            lambda a: a.update_oauth(
                APP_ID, client_name="c", scope=["r:devices:*", "i:deviceprofiles:*"], redirect_uris=[]
            ),
        )
    messages = [str(w.message) for w in caught]
    assert len(messages) == 1
    assert "i:deviceprofiles:* is usually spelled i:deviceprofiles" in messages[0]
    assert "same grant" in messages[0]
    assert server.body_of() == {
        "clientName": "c",
        "scope": ["r:devices:*", "i:deviceprofiles:*"],
        "redirectUris": [],
    }


def test_update_oauth_normalises_without_warning_for_usual_spellings() -> None:
    server = Recorder(fixture("app_oauth_put_response"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        run(
            "sync",
            server,
            lambda a: a.update_oauth(
                APP_ID,
                client_name="c",
                scope=[" R:Devices:* ", "r:devices:*", "x:devices:*", "i:deviceprofiles", "l:devices"],
                redirect_uris=["https://example.com/cb"],
            ),
        )
    assert server.body_of() == {
        "clientName": "c",
        "scope": ["r:devices:*", "x:devices:*", "i:deviceprofiles", "l:devices"],
        "redirectUris": ["https://example.com/cb"],
    }


@pytest.mark.parametrize("mode", MODES)
def test_the_warning_points_at_the_caller_in_async_code_too(mode: Mode) -> None:
    server = Recorder(fixture("app_oauth_put_response"))
    with pytest.warns(ScopeSpellingWarning) as caught:
        run(mode, server, lambda a: a.update_oauth(APP_ID, client_name="c", scope="r:locations"))
    assert Path(caught[0].filename).name == "test_apps.py"
    assert server.body_of()["scope"] == ["r:locations"]


@pytest.mark.parametrize(
    ("scope", "fragment"),
    [
        (["r:devices:* x:devices:*"], "whitespace"),
        (["devices"], "entity type is missing"),
        (["r:devices:*", ""], "empty"),
        (["r::*"], "empty segment"),
        ([42], "must be a string"),
    ],
)
def test_update_oauth_refuses_invalid_scopes_before_sending(scope: list[Any], fragment: str) -> None:
    server = Recorder({})
    with pytest.raises(InvalidScopeError, match=fragment) as caught:
        run("sync", server, lambda a: a.update_oauth(APP_ID, client_name="c", scope=scope))
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("scope: ")
    assert server.requests == []


def test_update_oauth_refuses_an_empty_client_name_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="client_name"):
        run("sync", server, lambda a: a.update_oauth(APP_ID, client_name=" ", scope=["r:devices:*"]))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_generate_oauth_returns_credentials_without_showing_the_secret(mode: Mode) -> None:
    server = Recorder(fixture("app_oauth_generate_response"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        credentials = run(
            mode, server, lambda a: a.generate_oauth(APP_ID, client_name="pysmartthings", scope="r:devices:*")
        )
    assert (server.only.method, server.only.url.path) == ("POST", f"/v1/apps/{APP_ID}/oauth/generate")
    assert server.body_of() == fixture("app_oauth_generate_request")
    assert isinstance(credentials, OAuthCredentials)
    assert credentials.client_id == "0b6a77d4-2dff-4b00-ba33-35f660fbfb83"
    assert credentials.client_secret == GENERATED_SECRET
    assert credentials.details == AppOAuth(
        client_name="pysmartthings",
        scope=("r:devices:$", "r:devices:*"),
        redirect_uris=("https://api.smartthings.com/installedapp",),
    )
    assert GENERATED_SECRET not in repr(credentials)
    assert "client_secret=<redacted>" in repr(credentials)


def test_generate_oauth_without_credentials_in_the_answer_raises_a_decode_error() -> None:
    answer = {"oauthClientDetails": fixture("app_oauth_get_response"), "oauthClientId": "id-only"}
    with pytest.raises(ResponseDecodeError, match="no OAuth client id and secret"):
        run("sync", Recorder(answer), lambda a: a.generate_oauth(APP_ID, client_name="c", scope=["r:devices:*"]))


@pytest.mark.parametrize("mode", MODES)
def test_the_client_secret_never_reaches_the_logs(mode: Mode, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    created = run(mode, Recorder(fixture("app_post_response")), lambda a: a.create(lambda_request()))
    generated = run(
        mode,
        Recorder(fixture("app_oauth_generate_response")),
        lambda a: a.generate_oauth(APP_ID, client_name="c", scope=["r:devices:*"]),
    )
    assert created.oauth_client_secret == CREATED_SECRET
    assert generated.client_secret == GENERATED_SECRET
    # The requests were logged (so this test looks at real log lines), without the secrets.
    assert any(r.name == "smartthings_client" and "apps.create" in r.getMessage() for r in caplog.records)
    assert any("apps.generate_oauth" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        for secret in (CREATED_SECRET, GENERATED_SECRET):
            assert secret not in record.getMessage()
            assert secret not in repr(record.args)
    assert CREATED_SECRET not in caplog.text
    assert GENERATED_SECRET not in caplog.text


# ---------------------------------------------------------------------------------------------------------
# register, signature type


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("status", "content"), [(200, b"{}"), (204, b""), (200, b"")])
def test_register_sends_an_empty_put(mode: Mode, status: int, content: bytes) -> None:
    server = Recorder(status=status, content=content)
    assert run(mode, server, lambda a: a.register(APP_ID)) is None
    request = server.only
    assert (request.method, request.url.path, request.content) == ("PUT", f"/v1/apps/{APP_ID}/register", b"")


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("signature_type", [SignatureType.APP_RSA, "APP_RSA"])
def test_update_signature_type(mode: Mode, signature_type: SignatureType | str) -> None:
    server = Recorder(content=b"")
    assert run(mode, server, lambda a: a.update_signature_type(APP_ID, signature_type)) is None
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/apps/{APP_ID}/signature-type")
    assert server.body_of() == {"signatureType": "APP_RSA"}


def test_update_signature_type_refuses_an_unknown_type_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="signature_type"):
        run("sync", server, lambda a: a.update_signature_type(APP_ID, "HMAC"))
    assert server.requests == []


# ---------------------------------------------------------------------------------------------------------
# token kinds

ALL_CALLS: list[tuple[str, Callable[[Any], Any]]] = [
    ("apps.list", lambda a: a.list()),
    ("apps.get", lambda a: a.get(APP_ID)),
    ("apps.create", lambda a: a.create(lambda_request())),
    ("apps.update", lambda a: a.update(APP_ID, lambda_request())),
    ("apps.delete", lambda a: a.delete(APP_ID)),
    ("apps.get_settings", lambda a: a.get_settings(APP_ID)),
    ("apps.update_settings", lambda a: a.update_settings(APP_ID, {"k": "v"})),
    ("apps.get_oauth", lambda a: a.get_oauth(APP_ID)),
    ("apps.update_oauth", lambda a: a.update_oauth(APP_ID, client_name="c", scope=["r:devices:*"])),
    ("apps.generate_oauth", lambda a: a.generate_oauth(APP_ID, client_name="c", scope=["r:devices:*"])),
    ("apps.register", lambda a: a.register(APP_ID)),
    ("apps.update_signature_type", lambda a: a.update_signature_type(APP_ID, "APP_RSA")),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("operation", "call"), ALL_CALLS, ids=[name for name, _ in ALL_CALLS])
def test_a_smartapp_token_is_refused_before_sending(mode: Mode, operation: str, call: Callable[[Any], Any]) -> None:
    server = Recorder({})
    token = SmartAppToken("app-token", installed_app_id="ia-1", scopes=["r:apps:*", "w:apps:*"])
    with pytest.raises(TokenKindError) as caught:
        run(mode, server, call, token=token)
    assert server.requests == []
    error = caught.value
    assert error.preflight
    assert error.operation == operation
    assert "accepts only a personal access token" in str(error)
