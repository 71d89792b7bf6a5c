"""Organizations (contract more §13): read-only, seeded with the core-sdk sample."""

from __future__ import annotations

import copy

import httpx

from ._errors import not_found
from ._http import Ctx, RouteTable, json_response, paged

table = RouteTable()


@table.route("GET", "/organizations")
def list_organizations(ctx: Ctx) -> httpx.Response:
    return paged(ctx, [copy.deepcopy(o) for o in ctx.state.platform.organizations.values()])


@table.route("GET", "/organizations/{organizationId}")
def get_organization(ctx: Ctx) -> httpx.Response:
    found = ctx.state.platform.organizations.get(ctx.params["organizationId"])
    if found is None:
        raise not_found(f"Organization {ctx.params['organizationId']}")
    return json_response(copy.deepcopy(found))
