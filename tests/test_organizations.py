"""``organizations``: list (``_links: null``) and get, against the core-sdk sample and the emulator."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import SmartThings
from smartthings_client.errors import NotFoundError
from smartthings_client.models.organizations import Organization
from smartthings_client.testing import Emulator

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, load, run_resource

SAMPLE = load("core-sdk-more/organizations/get.json")
DEFAULT_ORG = "00000000-0000-0000-0000-000000000000"


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: st.organizations,
        async_resource=lambda ast: ast.organizations,
    )


@pytest.mark.parametrize("mode", MODES)
def test_list_reads_a_page_whose_links_are_null(mode: Mode) -> None:
    server = Recorder(SAMPLE["get_organizations"]["response"])
    organizations = run(mode, server, lambda o: o.list())
    assert (server.only.method, server.only.url.path) == ("GET", "/v1/organizations")
    assert [o.name for o in organizations] == ["orgnamespace1", "orgnamespace2", "orgnamespace3"]
    assert [o.is_default_user_org for o in organizations] == [True, False, False]
    assert organizations[1].organization_id == "00000000-0000-0000-0000-000000000002"


@pytest.mark.parametrize("mode", MODES)
def test_get_decodes_the_sample(mode: Mode) -> None:
    server = Recorder(SAMPLE["get_an_organization"]["response"])
    organization = run(mode, server, lambda o: o.get(DEFAULT_ORG))
    assert server.only.url.path == f"/v1/organizations/{DEFAULT_ORG}"
    assert organization == Organization(
        organization_id=DEFAULT_ORG,
        name="orgnamespace1",
        label="default user organization",
        warehouse_group_id=DEFAULT_ORG,
        developer_group_id=DEFAULT_ORG,
        admin_group_id=DEFAULT_ORG,
        is_default_user_org=True,
    )


@pytest.mark.parametrize(("value", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(value: Any, error: type[Exception]) -> None:
    server = Recorder({})
    with pytest.raises(error):
        run("sync", server, lambda o: o.get(value))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_a_404_names_the_operation(mode: Mode) -> None:
    body = {"requestId": "1", "error": {"code": "NotFoundError", "message": "nope", "details": []}}
    with pytest.raises(NotFoundError) as caught:
        run(mode, Recorder(body, status=404), lambda o: o.get(DEFAULT_ORG))
    assert caught.value.operation == "organizations.get"


def test_emulator_serves_the_seeded_organizations() -> None:
    emu = Emulator()
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        listed = list(st.organizations.list())
        assert [o.name for o in listed] == ["orgnamespace1", "orgnamespace2", "orgnamespace3"]
        assert st.organizations.get(listed[2].organization_id) == listed[2]
        with pytest.raises(NotFoundError):
            st.organizations.get("00000000-0000-0000-0000-00000000dead")
