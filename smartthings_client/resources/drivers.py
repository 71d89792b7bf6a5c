"""``st.drivers``: the Edge drivers you uploaded, the default drivers, driver revisions and package upload."""

from __future__ import annotations

from collections.abc import Iterable

from .._operation import Request, ignore_body, one_or_many, organization_header, query
from ..models.converter import decode_as
from ..models.drivers import EdgeDriver, EdgeDriverSummary
from ._base import AsyncResource, ResourceBase, SyncResource, endpoint, paged

__all__ = ["AsyncDrivers", "Drivers"]

_decode_summary = decode_as(EdgeDriverSummary)
_decode_driver = decode_as(EdgeDriver)

_DRIVER = "/drivers/{driverId}"
_R_DRIVERS = (("r:drivers:*",),)
_W_DRIVERS = (("w:drivers:*",),)
# Token kinds: drivers belong to a developer account.  The PAT page offers "Drivers: Read all / Manage all", and
# the official CLI makes these calls with its own OAuth login, which this library counts as a SmartApp-kind
# token; so no kind is refused before sending.
_NOTE = (
    "Scope unknown in every source; r:/w:drivers:* follow the PAT page's 'Drivers: Read all / Manage all drivers' "
    "(unverified). Developer-side: use a personal access token or an OAuth login; an installed SmartApp's token "
    "will most likely get 403."
)


class _Drivers(ResourceBase):
    _group = "drivers"

    @paged("drivers.list", "GET", "/drivers", _R_DRIVERS, note=_NOTE)
    def list(
        self, *, driver_id: str | Iterable[str] | None = None, organization_id: str | None = None
    ) -> Request[EdgeDriverSummary]:
        """The drivers you own (their latest revisions), fetched page by page.

        ``driver_id`` (one or several) keeps only those drivers; ``organization_id`` lists a developer
        organization's drivers (``X-ST-Organization``).
        """
        params = query(("driverIds", one_or_many(driver_id, "driver_id"))) or None
        return Request(_decode_summary, params=params, headers=organization_header(organization_id))

    @paged("drivers.list_default", "GET", "/drivers/default", _R_DRIVERS, note=_NOTE)
    def list_default(self) -> Request[EdgeDriver]:
        """The drivers of the default channel, which hubs use without enrolling (SmartThings' own drivers)."""
        return Request(_decode_driver)

    @endpoint("drivers.get", "GET", _DRIVER, _R_DRIVERS, note=_NOTE)
    def get(self, driver_id: str, *, organization_id: str | None = None) -> Request[EdgeDriver]:
        """One driver, at its latest revision."""
        return Request(_decode_driver, path={"driverId": driver_id}, headers=organization_header(organization_id))

    @endpoint("drivers.get_revision", "GET", f"{_DRIVER}/versions/{{version}}", _R_DRIVERS, note=_NOTE)
    def get_revision(
        self, driver_id: str, version: str, *, organization_id: str | None = None
    ) -> Request[EdgeDriver]:
        """One revision of a driver; ``version`` is the revision's ``version`` string."""
        path = {"driverId": driver_id, "version": version}
        return Request(_decode_driver, path=path, headers=organization_header(organization_id))

    @endpoint("drivers.delete", "DELETE", _DRIVER, _W_DRIVERS, note=_NOTE)
    def delete(self, driver_id: str, *, organization_id: str | None = None) -> Request[None]:
        """Delete a driver you own (every revision)."""
        headers = organization_header(organization_id)
        return Request(ignore_body, path={"driverId": driver_id}, headers=headers, empty_ok=True)

    @endpoint("drivers.upload", "POST", "/drivers/package", _W_DRIVERS, note=_NOTE)
    def upload(
        self, archive: bytes | bytearray | memoryview, *, organization_id: str | None = None
    ) -> Request[EdgeDriver]:
        """Upload a zipped driver package (as the CLI's ``edge:drivers:package`` builds it).

        Uploading a package whose ``packageKey`` you already used makes a new revision of that driver.  Returns
        the driver at its new revision; assign it to a channel with ``st.channels.assign_driver``.
        """
        if isinstance(archive, (bytearray, memoryview)):
            archive = bytes(archive)
        if not isinstance(archive, bytes):
            raise TypeError(f"archive must be the zip file's bytes, not {type(archive).__name__}")
        if not archive.startswith(b"PK"):
            raise ValueError("archive is not a zip file (a driver package is the zipped driver folder)")
        headers = {"Content-Type": "application/zip", **(organization_header(organization_id) or {})}
        return Request(_decode_driver, content=archive, headers=headers)


class Drivers(_Drivers, SyncResource):
    """Edge drivers (blocking).  Reach it as ``SmartThings().drivers``."""


class AsyncDrivers(_Drivers, AsyncResource):
    """Edge drivers (async).  Reach it as ``AsyncSmartThings().drivers``."""
