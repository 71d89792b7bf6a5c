"""``st.drivers``: each call's request (method, path, query, headers, raw zip body) and answers decoded.

There is no real capture of the Edge driver endpoints (contract §11: fixtures "none"): the answers below are built
from the official core SDK's ``EdgeDriver`` / ``EdgeDriverSummary`` types and the contract's field list.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import EdgeDriver, EdgeDriverSummary
from smartthings_client.errors import MissingScopeError, NotFoundError, ResponseDecodeError
from smartthings_client.models.drivers import FingerprintType
from smartthings_client.resources.drivers import AsyncDrivers, Drivers

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, run_resource, zip_archive

DRIVER = "5f0b2d3e-8c1a-4b7e-9d2f-6a4c1e0b7d93"
VERSION = "2024-12-17T18:00:36.611958104"
ORG = "0d0c2e8b-7c2b-4f52-9c1e-2b8f5b0e6a11"

# Built from the core SDK types (no real capture exists).
DRIVER_DOC: dict[str, Any] = {
    "driverId": DRIVER,
    "name": "Zigbee Button",
    "description": "buttons",
    "packageKey": "zigbee-button",
    "version": VERSION,
    "deviceIntegrationProfiles": [{"id": "SmartThings/button", "majorVersion": 1}],
    "permissions": [{"name": "zigbee", "attributes": {}}, {"name": "lan", "attributes": {"max": 2}}],
    "fingerprints": [
        {
            "id": "IKEA/Remote",
            "type": "ZIGBEE_MANUFACTURER",
            "deviceLabel": "IKEA Remote",
            "zigbeeManufacturer": {"manufacturer": "IKEA of Sweden", "model": "TRADFRI remote control"},
        },
        {
            "id": "aeon",
            "type": "ZWAVE_MANUFACTURER",
            "zwaveManufacturer": {"manufacturerId": 134, "productType": 2, "productId": 95},
        },
        {
            "id": "generic",
            "type": "ZIGBEE_GENERIC",
            "zigbeeGeneric": {"clusters": {"server": [6, 8]}, "deviceIdentifiers": [256], "zigbeeProfiles": [260]},
            "futureField": True,
        },
    ],
}


def page(*items: Any) -> dict[str, Any]:
    return {"items": list(items), "_links": {"next": None, "previous": None}}


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: Drivers(st._transport),
        async_resource=lambda ast: AsyncDrivers(ast._transport),
    )


CASES: list[tuple[str, Callable[[Any], Any], str, str, str, Any]] = [
    ("list", lambda d: d.list(), "GET", "/v1/drivers", "", page(DRIVER_DOC)),
    (
        "list filtered",
        lambda d: d.list(driver_id=[DRIVER, "other"]),
        "GET",
        "/v1/drivers",
        f"driverIds={DRIVER}&driverIds=other",
        page(DRIVER_DOC),
    ),
    ("list_default", lambda d: d.list_default(), "GET", "/v1/drivers/default", "", page(DRIVER_DOC)),
    ("get", lambda d: d.get(DRIVER), "GET", f"/v1/drivers/{DRIVER}", "", DRIVER_DOC),
    (
        "get_revision",
        lambda d: d.get_revision(DRIVER, VERSION),
        "GET",
        f"/v1/drivers/{DRIVER}/versions/{VERSION}",
        "",
        DRIVER_DOC,
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("label", "call", "method", "path", "query", "answer"), CASES, ids=[c[0] for c in CASES])
def test_read_requests_and_decoding(
    mode: Mode, label: str, call: Callable[[Any], Any], method: str, path: str, query: str, answer: Any
) -> None:
    server = Recorder(answer)
    result = run(mode, server, call)
    request = server.only
    assert (request.method, request.url.path, request.url.query.decode()) == (method, path, query)
    assert request.headers["accept"].startswith("application/")
    driver = result[0] if isinstance(result, list) else result
    assert isinstance(driver, EdgeDriverSummary)
    assert driver.driver_id == DRIVER
    assert driver.version == VERSION
    assert [p.name for p in driver.permissions] == ["zigbee", "lan"]
    assert driver.permissions[1].attributes == {"max": 2}
    assert driver.device_integration_profiles[0].major_version == 1


@pytest.mark.parametrize("mode", MODES)
def test_full_driver_fingerprints_with_open_types_and_unknown_keys(mode: Mode) -> None:
    driver = run(mode, Recorder(DRIVER_DOC), lambda d: d.get(DRIVER))
    assert isinstance(driver, EdgeDriver)
    zigbee, zwave, generic = driver.fingerprints
    assert zigbee.type is FingerprintType.ZIGBEE_MANUFACTURER
    assert zigbee.zigbee_manufacturer is not None
    assert zigbee.zigbee_manufacturer.model == "TRADFRI remote control"
    assert zwave.zwave_manufacturer is not None
    assert (zwave.zwave_manufacturer.manufacturer_id, zwave.zwave_manufacturer.product_id) == (134, 95)
    assert generic.type == "ZIGBEE_GENERIC"  # not a known member: kept as the string
    assert generic.zigbee_generic is not None
    assert generic.zigbee_generic.clusters is not None
    assert generic.zigbee_generic.clusters.server == (6, 8)
    assert generic.extra == {"futureField": True}


@pytest.mark.parametrize("mode", MODES)
def test_organization_header_is_sent(mode: Mode) -> None:
    server = Recorder(DRIVER_DOC)
    run(mode, server, lambda d: d.get(DRIVER, organization_id=ORG))
    assert server.only.headers["x-st-organization"] == ORG


@pytest.mark.parametrize("bad", ["", "a b", "x\r\ny: 1", 7])
def test_invalid_organization_is_refused_before_sending(bad: Any) -> None:
    server = Recorder(DRIVER_DOC)
    with pytest.raises(ValueError, match="organization_id"):
        run("sync", server, lambda d: d.get(DRIVER, organization_id=bad))
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_delete_accepts_an_empty_answer(mode: Mode) -> None:
    server = Recorder(content=b"")
    assert run(mode, server, lambda d: d.delete(DRIVER)) is None
    assert (server.only.method, server.only.url.path) == ("DELETE", f"/v1/drivers/{DRIVER}")


@pytest.mark.parametrize("mode", MODES)
def test_upload_sends_the_zip_bytes_as_is(mode: Mode) -> None:
    archive = zip_archive(**{"config.yml": "name: x\npackageKey: x\n"})
    server = Recorder(DRIVER_DOC)
    driver = run(mode, server, lambda d: d.upload(bytearray(archive), organization_id=ORG))
    request = server.only
    assert (request.method, request.url.path) == ("POST", "/v1/drivers/package")
    assert request.headers["content-type"] == "application/zip"
    assert request.headers["x-st-organization"] == ORG
    assert request.content == archive
    assert driver.driver_id == DRIVER


@pytest.mark.parametrize(
    ("archive", "error"),
    [(b"", ValueError), (b'{"name": "x"}', ValueError), ("PK as text", TypeError), (None, TypeError)],
)
def test_upload_refuses_what_is_not_a_zip_before_sending(archive: Any, error: type[Exception]) -> None:
    server = Recorder(DRIVER_DOC)
    with pytest.raises(error):
        run("sync", server, lambda d: d.upload(archive))
    assert server.requests == []


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(bad: Any, error: type[Exception]) -> None:
    server = Recorder(DRIVER_DOC)
    for call in (lambda d: d.get(bad), lambda d: d.get_revision(DRIVER, bad), lambda d: d.delete(bad)):
        with pytest.raises(error):
            run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_403_names_the_operation_and_its_scope(mode: Mode) -> None:
    server = Recorder(status=403, content=b"")
    with pytest.raises(MissingScopeError) as caught:
        run(mode, server, lambda d: d.upload(zip_archive(a="b")))
    message = str(caught.value)
    assert "drivers.upload" in message
    assert "w:drivers:*" in message


@pytest.mark.parametrize("mode", MODES)
def test_404_is_not_found(mode: Mode) -> None:
    body = {"requestId": "1", "error": {"code": "NotFoundError", "message": "no such driver", "details": []}}
    with pytest.raises(NotFoundError):
        run(mode, Recorder(body, status=404), lambda d: d.get(DRIVER))


@pytest.mark.parametrize("answer", [[], {"name": "no id"}, "<html>"])
def test_malformed_answers_are_typed_errors(answer: Any) -> None:
    content = answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
    with pytest.raises(ResponseDecodeError):
        run("sync", Recorder(content=content), lambda d: d.get(DRIVER))
