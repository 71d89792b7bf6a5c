"""``st.schema``: every call's request against the core-sdk captures, their answers decoded, errors, and the
emulator's connectors end to end."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.auth.credentials import SmartAppToken
from smartthings_client.errors import ScopeError, TokenKindError
from smartthings_client.models.schema import (
    InstalledSchemaApp,
    SchemaApp,
    SchemaAppCredentials,
    SchemaAppRequest,
    SchemaHostingType,
    SchemaPageType,
    SchemaType,
)
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, load, run_resource

VIPER = "viper_4cb1e740-d415-11e9-8250-8f49824a9876"
ISA = "df5dd5f2-7080-4c0b-8bbb-1b64e05ccbd5"
LOCATION = "95efee9b-6073-4871-b5ba-de6642187293"


def sample(verb: str, name: str) -> dict[str, Any]:
    entry: dict[str, Any] = load(f"core-sdk-more/schema/{verb}.json")[name]
    return entry


def sample_path(entry: dict[str, Any]) -> str:
    # The SDK samples use the unversioned base URL; the client sends /v1 paths.
    url: str = entry["request"]["url"]
    return "/v1" + urlsplit(url).path


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(mode, handler, call, sync_resource=lambda st: st.schema, async_resource=lambda ast: ast.schema)


def request_for(entry: dict[str, Any]) -> SchemaAppRequest:
    data = dict(entry["request"]["data"])
    return SchemaAppRequest(
        app_name=data["appName"],
        partner_name=data["partnerName"],
        user_email=data.get("userEmail"),
        hosting_type=data["hostingType"],
        lambda_arn=data.get("lambdaArn"),
        oauth_authorization_url=data["oAuthAuthorizationUrl"],
        oauth_token_url=data["oAuthTokenUrl"],
        oauth_client_id=data["oAuthClientId"],
        oauth_client_secret=data["oAuthClientSecret"],
        icon=data.get("icon"),
        icon2x=data.get("icon2x"),
        icon3x=data.get("icon3x"),
    )


@pytest.mark.parametrize("mode", MODES)
def test_list_decodes_every_real_connector(mode: Mode) -> None:
    entry = sample("get", "get_schema_apps")
    server = Recorder(entry["response"])
    apps = run(mode, server, lambda s: s.list())
    assert (server.only.method, server.only.url.path) == ("GET", sample_path(entry))
    assert len(apps) == len(entry["response"]["endpointApps"])
    first = apps[0]
    assert isinstance(first, SchemaApp)
    assert first.endpoint_app_id == "viper_08519f80-1134-11ea-888a-b76cb08bcf75"
    assert first.hosting_type is SchemaHostingType.LAMBDA
    assert first.schema_type is SchemaType.ST_SCHEMA
    assert first.oauth_client_id == "38rvjj8c4oe9bjagififghuak4"
    assert first.modified == "Wed, 27 Nov 2019 16:40:27 GMT"
    # DynamoDB leftovers of the real answer are kept, not refused.
    assert first.extra["aws:rep:updateregion"] == "us-east-1"
    assert "REDACTED" not in repr(first)


def test_list_of_an_account_without_connectors_is_empty() -> None:
    assert run("sync", Recorder({"userId": "u"}), lambda s: s.list()) == []


@pytest.mark.parametrize("mode", MODES)
def test_list_for_organization_sends_the_organization_header(mode: Mode) -> None:
    server = Recorder({"userId": "u", "endpointApps": []})
    run(mode, server, lambda s: s.list_for_organization(organization_id="org-1"))
    assert server.only.url.path == "/v1/schema/apps/organizations/"
    assert server.only.headers["X-ST-Organization"] == "org-1"


def test_an_organization_id_with_a_newline_is_refused_before_sending() -> None:
    server = Recorder({})
    with pytest.raises(ValueError, match="organization_id"):
        run("sync", server, lambda s: s.list_for_organization(organization_id="a\r\nX-Evil: 1"))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_get_decodes_the_connector(mode: Mode) -> None:
    entry = sample("get", f"get_schema_apps_{VIPER.replace('-', '_')}")
    server = Recorder(entry["response"])
    app = run(mode, server, lambda s: s.get(VIPER))
    assert server.only.url.path == sample_path(entry)
    assert app.app_name == "Virtual STS"
    assert app.lambda_arn_eu is None
    assert app.icon2x == entry["response"]["icon2x"]


@pytest.mark.parametrize("mode", MODES)
def test_create_sends_the_request_and_keeps_the_secret_out_of_repr(mode: Mode) -> None:
    entry = sample("post", "post_schema_apps")
    server = Recorder(entry["response"])
    created = run(mode, server, lambda s: s.create(request_for(entry), organization_id="org-9"))
    sent = json.loads(server.only.content)
    assert (server.only.method, server.only.url.path) == ("POST", sample_path(entry))
    assert server.only.headers["X-ST-Organization"] == "org-9"
    for key in ("appName", "partnerName", "hostingType", "oAuthAuthorizationUrl", "oAuthClientId", "icon2x"):
        assert sent[key] == entry["request"]["data"][key]
    assert sent["schemaType"] == "st-schema"
    assert isinstance(created, SchemaAppCredentials)
    assert created.endpoint_app_id == entry["response"]["endpointAppId"]
    assert "<redacted>" in repr(created)
    assert created.st_client_secret not in repr(created)


@pytest.mark.parametrize("mode", MODES)
def test_update_accepts_the_empty_answer(mode: Mode) -> None:
    entry = sample("put", next(iter(load("core-sdk-more/schema/put.json"))))
    server = Recorder(content=b"")
    request = SchemaAppRequest(partner_name="P", user_email="a@b.c", hosting_type="webhook", webhook_url="https://x")
    assert run(mode, server, lambda s: s.update(VIPER, request)) is None
    assert (server.only.method, server.only.url.path) == ("PUT", f"/v1/schema/apps/{VIPER}")
    assert entry["request"]["method"].upper() == "PUT"
    assert json.loads(server.only.content)["webhookUrl"] == "https://x"


@pytest.mark.parametrize("mode", MODES)
def test_regenerate_credentials(mode: Mode) -> None:
    entry = sample("post", "post_oauth_update")
    server = Recorder(entry["response"])
    created = run(mode, server, lambda s: s.regenerate_credentials(entry["request"]["data"]["endpointAppId"]))
    assert server.only.url.path == sample_path(entry)
    assert json.loads(server.only.content) == entry["request"]["data"]
    assert created.st_client_id == entry["response"]["stClientId"]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(
    ("name", "page_type"),
    [
        (f"get_schema_install_{VIPER.replace('-', '_')}", SchemaPageType.LOGGED_IN),
        ("get_schema_install_viper_9e767550_5f2a_11ea_9ea0_bb3ce8866e53", SchemaPageType.REQUIRES_LOGIN),
    ],
)
def test_get_page_decodes_both_kinds(mode: Mode, name: str, page_type: SchemaPageType) -> None:
    entry = sample("get", name)
    server = Recorder(entry["response"])
    viper = urlsplit(entry["request"]["url"]).path.rsplit("/", 1)[1]
    page = run(mode, server, lambda s: s.get_page(viper, LOCATION))
    assert server.only.url.path == sample_path(entry)
    assert server.only.url.params.multi_items() == [("locationId", LOCATION), ("type", "oauthLink")]
    assert page.page_type is page_type
    if page_type is SchemaPageType.LOGGED_IN:
        assert [d.name for d in page.devices][:2] == ["STS Bulb 1", "STS Switch 1"]
    else:
        assert page.oauth_link is not None
        assert page.oauth_link.startswith("https://st-schema.ngrok.io/oauth/login")


@pytest.mark.parametrize("mode", MODES)
def test_installed_connectors_of_a_location_and_one_of_them(mode: Mode) -> None:
    listing = sample("get", f"get_schema_installedapps_location_{LOCATION.replace('-', '_')}")
    server = Recorder(listing["response"])
    installed = run(mode, server, lambda s: s.list_installed(LOCATION))
    assert server.only.url.path == sample_path(listing)
    assert [i.partner_name for i in installed] == ["Virtual STS", "Virtual C2C Devices"]
    one = sample("get", f"get_schema_installedapps_{ISA.replace('-', '_')}")
    server = Recorder(one["response"])
    detail = run(mode, server, lambda s: s.get_installed(ISA))
    assert isinstance(detail, InstalledSchemaApp)
    assert len(detail.devices) == 8


def test_an_empty_installed_list_answer_means_none() -> None:
    assert run("sync", Recorder(content=b""), lambda s: s.list_installed(LOCATION)) == []


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("call", ["delete", "delete_installed"])
def test_deletes_accept_the_empty_answer(mode: Mode, call: str) -> None:
    server = Recorder(content=b"")
    assert run(mode, server, lambda s: getattr(s, call)("id-1")) is None
    assert server.only.method == "DELETE"


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(bad: Any, error: type[Exception]) -> None:
    server = Recorder({})
    with pytest.raises(error):
        run("sync", server, lambda s: s.get(bad))
    with pytest.raises(error):
        run("sync", server, lambda s: s.get_page(VIPER, bad))
    assert server.requests == []


def test_a_smartapp_token_is_refused_before_sending_connector_management() -> None:
    server = Recorder({})
    with SmartThings(SmartAppToken("app-token"), transport=httpx.MockTransport(server)) as st:
        with pytest.raises(TokenKindError) as caught:
            st.schema.list()
    assert server.requests == []
    assert "personal access token" in str(caught.value)


# --- invitations ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode", MODES)
def test_invitations_create_list_revoke(mode: Mode) -> None:
    answers = [
        {"invitationId": "inv-1"},
        {"items": [{"id": "inv-1", "schemaAppId": VIPER, "acceptances": 0}], "_links": None},
    ]
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "DELETE":
            return httpx.Response(200)
        return httpx.Response(200, json=answers[len(seen) - 1])

    assert run(mode, handler, lambda s: s.invitations.create(VIPER, description="beta", accept_limit=5)) == "inv-1"
    assert json.loads(seen[0].content) == {"schemaAppId": VIPER, "description": "beta", "acceptLimit": 5}
    invitations = run(mode, handler, lambda s: s.invitations.list(VIPER))
    assert [i.id for i in invitations] == ["inv-1"]
    assert seen[1].url.params["schemaAppId"] == VIPER
    assert run(mode, handler, lambda s: s.invitations.revoke("inv-1")) is None
    assert (seen[2].method, seen[2].url.path) == ("DELETE", "/v1/invites/schemaApp/inv-1")


@pytest.mark.parametrize("mode", MODES)
def test_a_403_on_the_invitation_list_means_none(mode: Mode) -> None:
    assert run(mode, Recorder(status=403, content=b""), lambda s: s.invitations.list(VIPER)) == []


def test_an_invitation_answer_without_an_id_is_a_typed_error() -> None:
    from smartthings_client.errors import ResponseDecodeError

    with pytest.raises(ResponseDecodeError):
        run("sync", Recorder({}), lambda s: s.invitations.create(VIPER))


# --- against the emulator -------------------------------------------------------------------------------------


def test_connector_lifecycle_on_the_emulator() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        seeded = st.schema.list()
        assert VIPER in [app.endpoint_app_id for app in seeded]
        request = SchemaAppRequest(
            app_name="My Cloud",
            partner_name="My Cloud Inc",
            user_email="dev@example.com",
            hosting_type=SchemaHostingType.WEBHOOK,
            webhook_url="https://cloud.example.com/st",
            oauth_client_secret="partner-secret",
        )
        created = st.schema.create(request)
        assert created.endpoint_app_id.startswith("viper_")
        assert st.schema.get(created.endpoint_app_id).partner_name == "My Cloud Inc"
        st.schema.update(created.endpoint_app_id, request)
        again = st.schema.regenerate_credentials(created.endpoint_app_id)
        assert again.st_client_id != created.st_client_id
        page = st.schema.get_page(created.endpoint_app_id, emu.location_id)
        assert page.page_type is SchemaPageType.REQUIRES_LOGIN
        isa_id = emu.install_schema_app(created.endpoint_app_id, device_names=["Lamp", "Fan"])
        assert st.schema.get_page(created.endpoint_app_id, emu.location_id).isa_id == isa_id
        assert [i.isa_id for i in st.schema.list_installed(emu.location_id)] == [isa_id]
        assert [d.name for d in st.schema.get_installed(isa_id).devices] == ["Lamp", "Fan"]
        assert st.schema.invitations.list(created.endpoint_app_id) == []
        invitation = st.schema.invitations.create(created.endpoint_app_id, description="beta testers")
        assert [i.id for i in st.schema.invitations.list(created.endpoint_app_id)] == [invitation]
        st.schema.invitations.revoke(invitation)
        st.schema.delete_installed(isa_id)
        assert st.schema.list_installed(emu.location_id) == []
        st.schema.delete(created.endpoint_app_id)
        assert created.endpoint_app_id not in [app.endpoint_app_id for app in st.schema.list()]


def test_emulator_refuses_an_incomplete_connector() -> None:
    from smartthings_client.errors import UnprocessableEntityError

    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport, max_retries=0) as st:
        with pytest.raises(UnprocessableEntityError, match="userEmail"):
            st.schema.create(SchemaAppRequest(partner_name="P", hosting_type="webhook", webhook_url="https://x"))


def test_emulator_answers_a_smartapp_token_with_the_diagnosed_403() -> None:
    emu = Emulator()
    app = emu.create_app()
    installation = emu.install(app.app_id)
    token = installation.payload["installData"]["authToken"]
    with SmartThings(SmartAppToken(token), transport=emu.transport, check_token_kind=False, max_retries=0) as st:
        with pytest.raises(ScopeError) as caught:
            st.schema.list()
    assert "schema.list" in str(caught.value)


def test_async_client_reaches_the_emulator_connectors() -> None:
    import asyncio

    emu = Emulator()

    async def main() -> list[str]:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as st:
            return [app.endpoint_app_id for app in await st.schema.list()]

    assert VIPER in asyncio.run(main())
