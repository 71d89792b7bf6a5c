"""``st.organizations``: the developer organizations of the account (whose ids developer-side calls send as
``X-ST-Organization``)."""

from __future__ import annotations

from .._operation import Request
from ..models.converter import decode_as
from ..models.organizations import Organization
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncOrganizations", "Organizations"]

_decode_organization = decode_as(Organization)
_NOTE = "No scope is documented for organizations; a personal access token of the account works (unverified)."


class _Organizations(ResourceBase):
    _group = "organizations"

    @paged("organizations.list", "GET", "/organizations", note=_NOTE)
    def list(self) -> Request[Organization]:
        """Every organization the account belongs to (one of them ``is_default_user_org``)."""
        return Request(_decode_organization)

    @endpoint("organizations.get", "GET", "/organizations/{organizationId}", note=_NOTE)
    def get(self, organization_id: str) -> Request[Organization]:
        """One organization."""
        return Request(_decode_organization, path={"organizationId": organization_id})


class Organizations(_Organizations, SyncResource):
    """Developer organizations (blocking).  Reach it as ``SmartThings().organizations``."""


class AsyncOrganizations(_Organizations, AsyncResource):
    """Developer organizations (async).  Reach it as ``AsyncSmartThings().organizations``."""
