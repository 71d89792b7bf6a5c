"""``st.schema``: ST Schema (cloud-to-cloud) connectors, their installation page, the connectors installed in
locations, and ``st.schema.invitations`` for connectors that are not published."""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from .._operation import Request, ignore_body, organization_header, query, segment
from ..errors import ScopeError
from ..models.converter import decode_as, encode
from ..models.schema import (
    InstalledSchemaApp,
    SchemaApp,
    SchemaAppCredentials,
    SchemaAppInvitation,
    SchemaAppRequest,
    SchemaPage,
)
from ..scopes import PAT_ONLY
from ._base import AsyncResource, Flow, ResourceBase, SyncResource, collect, declared_flow, endpoint

__all__ = ["AsyncSchema", "AsyncSchemaInvitations", "Schema", "SchemaInvitations"]

_decode_app = decode_as(SchemaApp)
_decode_apps = decode_as(tuple[SchemaApp, ...])
_decode_credentials = decode_as(SchemaAppCredentials)
_decode_page = decode_as(SchemaPage)
_decode_installed = decode_as(InstalledSchemaApp)
_decode_installed_list = decode_as(tuple[InstalledSchemaApp, ...])
_decode_invitation = decode_as(SchemaAppInvitation)

_APPS = "/schema/apps"
_APP = "/schema/apps/{endpointAppId}"
_INSTALLED = "/schema/installedapps/{isaId}"
# No source names the scopes of the ST Schema API; connectors belong to the developer account, which the
# SmartThings CLI reaches with a personal access token.
_NOTE = (
    "ST Schema connectors belong to a developer account, managed with a personal access token; the scope is not "
    "documented (unverified)."
)
_INSTALLED_NOTE = "Installed connectors belong to a location; the scope is not documented (unverified)."


def _apps(data: Any) -> builtins.list[SchemaApp]:
    # {userId, endpointApps: [...]}; an account without connectors may answer without the list.
    if isinstance(data, Mapping):
        return list(_decode_apps(data.get("endpointApps") or ()))
    return []


def _installed_list(data: Any) -> builtins.list[InstalledSchemaApp]:
    # {installedSmartApps: [...]}; the official SDK reads a missing body as no installed connectors.
    if isinstance(data, Mapping):
        return list(_decode_installed_list(data.get("installedSmartApps") or ()))
    return []


def _invitation_id(data: Any) -> str:
    invitation_id = data.get("invitationId") if isinstance(data, Mapping) else None
    if not isinstance(invitation_id, str) or not invitation_id:
        raise ValueError("SmartThings returned no invitationId")
    return invitation_id


def _app_body(request: SchemaAppRequest) -> dict[str, Any]:
    if not isinstance(request, SchemaAppRequest):
        raise TypeError(f"request must be a SchemaAppRequest, not {type(request).__name__}")
    body: dict[str, Any] = encode(request)
    body.setdefault("schemaType", "st-schema")
    return body


class _SchemaInvitations(ResourceBase):
    _group = "schema.invitations"

    @endpoint("schema.invitations.create", "POST", "/invites/schemaApp", (), PAT_ONLY, note=_NOTE)
    def create(
        self, schema_app_id: str, *, description: str | None = None, accept_limit: int | None = None
    ) -> Request[str]:
        """Invite people to install a connector that is not published; returns the invitation id."""
        segment(schema_app_id, "schema_app_id")
        if accept_limit is not None and accept_limit < 1:
            raise ValueError("accept_limit must be at least 1")
        body = {
            key: value
            for key, value in (
                ("schemaAppId", schema_app_id),
                ("description", description),
                ("acceptLimit", accept_limit),
            )
            if value is not None
        }
        return Request(_invitation_id, json=body)

    @declared_flow("schema.invitations.list", "GET", "/invites/schemaApp", (), PAT_ONLY, note=_NOTE)
    def list(self, schema_app_id: str) -> Flow[builtins.list[SchemaAppInvitation]]:
        """Every invitation of a connector (all pages).

        SmartThings answers 403 for a connector that has no invitations; that is returned as an empty list, as
        the official SDK does.
        """
        segment(schema_app_id, "schema_app_id")
        params = query(("schemaAppId", schema_app_id))
        try:
            invitations: builtins.list[SchemaAppInvitation] = yield from collect(
                Request(_decode_invitation, params=params)
            )
        except ScopeError:
            return []
        return invitations

    @endpoint("schema.invitations.revoke", "DELETE", "/invites/schemaApp/{invitationId}", (), PAT_ONLY, note=_NOTE)
    def revoke(self, invitation_id: str) -> Request[None]:
        """Revoke an invitation."""
        return Request(ignore_body, path={"invitationId": invitation_id}, empty_ok=True)


class _Schema(ResourceBase):
    _group = "schema"

    @endpoint("schema.list", "GET", _APPS, (), PAT_ONLY, note=_NOTE)
    def list(self) -> Request[builtins.list[SchemaApp]]:
        """The connectors of the account."""
        return Request(_apps)

    @endpoint("schema.list_for_organization", "GET", f"{_APPS}/organizations/", (), PAT_ONLY, note=_NOTE)
    def list_for_organization(self, *, organization_id: str | None = None) -> Request[builtins.list[SchemaApp]]:
        """The connectors of a developer organization (``organization_id``), or of all the organizations of the
        account when it is ``None``."""
        return Request(_apps, headers=organization_header(organization_id))

    @endpoint("schema.get", "GET", _APP, (), PAT_ONLY, note=_NOTE)
    def get(self, endpoint_app_id: str) -> Request[SchemaApp]:
        """One connector, by its ``viper_...`` id."""
        return Request(_decode_app, path={"endpointAppId": endpoint_app_id})

    @endpoint("schema.create", "POST", _APPS, (), PAT_ONLY, note=_NOTE)
    def create(self, request: SchemaAppRequest, *, organization_id: str | None = None) -> Request[SchemaAppCredentials]:
        """Create a connector; returns its id and its SmartThings client id and secret (store the secret now).

        ``schema_type`` defaults to ``st-schema``; ``organization_id`` picks the developer organization.
        """
        headers = organization_header(organization_id)
        return Request(_decode_credentials, json=_app_body(request), headers=headers, secret_response=True)

    @endpoint(
        "schema.update",
        "PUT",
        _APP,
        (),
        PAT_ONLY,
        note=_NOTE + " SmartThings answers with an empty body and refuses certified (cst, wwst) connectors.",
    )
    def update(
        self, endpoint_app_id: str, request: SchemaAppRequest, *, organization_id: str | None = None
    ) -> Request[None]:
        """Replace a connector's settings."""
        headers = organization_header(organization_id)
        return Request(
            ignore_body,
            path={"endpointAppId": endpoint_app_id},
            json=_app_body(request),
            headers=headers,
            empty_ok=True,
        )

    @endpoint("schema.delete", "DELETE", _APP, (), PAT_ONLY, note=_NOTE)
    def delete(self, endpoint_app_id: str) -> Request[None]:
        """Delete a connector."""
        return Request(ignore_body, path={"endpointAppId": endpoint_app_id}, empty_ok=True)

    @endpoint(
        "schema.regenerate_credentials",
        "POST",
        "/schema/oauth/stclient/credentials",
        (),
        PAT_ONLY,
        note=_NOTE + " The old client id and secret stop working.",
    )
    def regenerate_credentials(self, endpoint_app_id: str) -> Request[SchemaAppCredentials]:
        """A new SmartThings client id and secret for a connector (store the secret now)."""
        segment(endpoint_app_id, "endpoint_app_id")
        body = {"endpointAppId": endpoint_app_id}
        return Request(_decode_credentials, json=body, secret_response=True)

    @endpoint("schema.get_page", "GET", "/schema/install/{endpointAppId}", note=_INSTALLED_NOTE)
    def get_page(self, endpoint_app_id: str, location_id: str) -> Request[SchemaPage]:
        """A connector's installation page for a location: a login link (``REQUIRES_LOGIN``), or the installed
        connector and its devices (``LOGGED_IN``)."""
        segment(location_id, "location_id")
        params = query(("locationId", location_id), ("type", "oauthLink"))
        return Request(_decode_page, path={"endpointAppId": endpoint_app_id}, params=params)

    @endpoint("schema.list_installed", "GET", "/schema/installedapps/location/{locationId}", note=_INSTALLED_NOTE)
    def list_installed(self, location_id: str) -> Request[builtins.list[InstalledSchemaApp]]:
        """The connectors installed in a location."""
        return Request(_installed_list, path={"locationId": location_id}, empty_ok=True)

    @endpoint("schema.get_installed", "GET", _INSTALLED, note=_INSTALLED_NOTE)
    def get_installed(self, isa_id: str) -> Request[InstalledSchemaApp]:
        """One installed connector with its devices."""
        return Request(_decode_installed, path={"isaId": isa_id})

    @endpoint(
        "schema.delete_installed",
        "DELETE",
        _INSTALLED,
        note=_INSTALLED_NOTE + " Deleting it also deletes the devices it created.",
    )
    def delete_installed(self, isa_id: str) -> Request[None]:
        """Uninstall a connector from its location, with its devices."""
        return Request(ignore_body, path={"isaId": isa_id}, empty_ok=True)


class SchemaInvitations(_SchemaInvitations, SyncResource):
    """Invitations to unpublished connectors (blocking): ``SmartThings().schema.invitations``."""


class AsyncSchemaInvitations(_SchemaInvitations, AsyncResource):
    """Invitations to unpublished connectors (async): ``AsyncSmartThings().schema.invitations``."""


class Schema(_Schema, SyncResource):
    """ST Schema connectors (blocking), with ``invitations``: ``SmartThings().schema``."""

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.invitations = SchemaInvitations(transport)


class AsyncSchema(_Schema, AsyncResource):
    """ST Schema connectors (async), with ``invitations``: ``AsyncSmartThings().schema``."""

    def __init__(self, transport: Any) -> None:
        super().__init__(transport)
        self.invitations = AsyncSchemaInvitations(transport)
