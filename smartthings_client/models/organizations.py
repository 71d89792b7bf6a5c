"""Developer organizations: the account's namespaces for custom capabilities, drivers and profiles."""

from __future__ import annotations

import attrs

from ._base import Model

__all__ = ["Organization"]


@attrs.frozen(kw_only=True)
class Organization(Model):
    """An organization the account belongs to; its id goes into ``X-ST-Organization`` for developer-side calls."""

    organization_id: str
    name: str | None = None
    label: str | None = None
    manufacturer_name: str | None = None
    mnid: str | None = None
    warehouse_group_id: str | None = None
    developer_group_id: str | None = None
    admin_group_id: str | None = None
    is_default_user_org: bool | None = None
