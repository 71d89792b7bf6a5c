"""``st.hub_devices``: each call's request and answers decoded.

No real capture of ``/hubdevices`` exists (contract §11): answers are built from the official core SDK's ``Hub``,
``EnrolledChannel`` and ``InstalledDriver`` types; the characteristics are the real ``hubData`` of the
pysmartthings hub fixture (a free-form map).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from smartthings_client import Hub, InstalledDriver
from smartthings_client.errors import MissingScopeError, NotFoundError, ResponseDecodeError
from smartthings_client.models.hubdevices import EnrolledChannel
from smartthings_client.resources.hub_devices import AsyncHubDevices, HubDevices

from .fixtures import INVALID_ID_NAMES, INVALID_IDS, MODES, Mode, Recorder, pysmartthings, run_resource

HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
DRIVER = "01976eca-e7ff-4d1b-91db-9c980ce668d7"
CHANNEL = "15ea8adc-8be7-4ea6-8b51-4155f56dc6cf"
DEVICE = "840889cf-976a-5485-a188-76795941c5bd"

HUB_DOC = {
    "id": HUB,
    "name": "SmartThings v3 Hub",
    "eui": "D052A8B6033F0001",
    "owner": "3c19270b-fca6-5cde-82bc-86a37e52cfa8",
    "serialNumber": "123",
    "firmwareVersion": "000.055.00005",
}
ENROLLED = [{"channelId": CHANNEL, "name": "Default", "createdDate": "2021-06-01T00:00:00Z", "subscriptionUrl": "u"}]
INSTALLED_DOC = {
    "driverId": DRIVER,
    "name": "Zigbee Switch",
    "version": "2024-12-17T18:00:36.611958104",
    "channelId": CHANNEL,
    "developer": "SmartThings",
    "vendorSupportInformation": "https://support.smartthings.com",
    "permissions": {"zigbee": {}, "lan": {"max": 1}},
}


def run(mode: Mode, handler: Callable[[httpx.Request], httpx.Response], call: Callable[[Any], Any]) -> Any:
    return run_resource(
        mode,
        handler,
        call,
        sync_resource=lambda st: HubDevices(st._transport),
        async_resource=lambda ast: AsyncHubDevices(ast._transport),
    )


def real_hub_data() -> dict[str, Any]:
    """The ``hub.hubData`` of a real hub device document (pysmartthings ``devices_4.json``)."""
    hubs = [d for d in pysmartthings("devices_4.json")["items"] if d.get("type") == "HUB"]
    hub_data: dict[str, Any] = hubs[0]["hub"]["hubData"]
    return hub_data


_H = f"/v1/hubdevices/{HUB}"


@pytest.mark.parametrize("mode", MODES)
def test_get(mode: Mode) -> None:
    server = Recorder(HUB_DOC)
    hub = run(mode, server, lambda h: h.get(HUB))
    assert (server.only.method, server.only.url.path) == ("GET", _H)
    assert isinstance(hub, Hub)
    assert (hub.eui, hub.serial_number, hub.firmware_version) == ("D052A8B6033F0001", "123", "000.055.00005")


@pytest.mark.parametrize("mode", MODES)
def test_characteristics_are_a_free_form_map(mode: Mode) -> None:
    data = real_hub_data()
    server = Recorder(data)
    result = run(mode, server, lambda h: h.characteristics(HUB))
    assert server.only.url.path == f"{_H}/characteristics"
    assert result == data


def test_characteristics_must_be_an_object() -> None:
    with pytest.raises(ResponseDecodeError):
        run("sync", Recorder([1, 2]), lambda h: h.characteristics(HUB))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("answer", [ENROLLED, {"items": ENROLLED}], ids=["plain array", "paged object"])
def test_enrolled_channels_always_ask_for_driver_channels(mode: Mode, answer: Any) -> None:
    server = Recorder(answer)
    channels = run(mode, server, lambda h: h.enrolled_channels(HUB))
    assert (server.only.url.path, server.only.url.query) == (f"{_H}/channels", b"channelType=DRIVERS")
    assert isinstance(channels, list)
    assert isinstance(channels[0], EnrolledChannel)
    assert channels[0].subscription_url == "u"
    assert channels[0].created_date is not None


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("device_id", "query"), [(None, b""), (DEVICE, f"deviceId={DEVICE}".encode())])
def test_installed_drivers(mode: Mode, device_id: str | None, query: bytes) -> None:
    server = Recorder([INSTALLED_DOC])
    drivers = run(mode, server, lambda h: h.installed_drivers(HUB, device_id=device_id))
    assert (server.only.url.path, server.only.url.query) == (f"{_H}/drivers", query)
    assert isinstance(drivers[0], InstalledDriver)
    assert drivers[0].permissions == {"zigbee": {}, "lan": {"max": 1}}  # a map here, an array on EdgeDriver
    assert drivers[0].vendor_support_information == "https://support.smartthings.com"


@pytest.mark.parametrize("mode", MODES)
def test_get_installed_driver(mode: Mode) -> None:
    server = Recorder(INSTALLED_DOC)
    driver = run(mode, server, lambda h: h.get_installed_driver(HUB, DRIVER))
    assert server.only.url.path == f"{_H}/drivers/{DRIVER}"
    assert driver.channel_id == CHANNEL


WRITES: list[tuple[str, Callable[[Any], Any], str, str, bytes, Any]] = [
    (
        "install",
        lambda h: h.install_driver(HUB, DRIVER, channel_id=CHANNEL),
        "PUT",
        f"{_H}/drivers/{DRIVER}",
        b"",
        {"channelId": CHANNEL},
    ),
    ("uninstall", lambda h: h.uninstall_driver(HUB, DRIVER), "DELETE", f"{_H}/drivers/{DRIVER}", b"", None),
    (
        "switch",
        lambda h: h.switch_driver(HUB, DEVICE, DRIVER),
        "PATCH",
        f"{_H}/childdevice/{DEVICE}",
        b"",
        {"driverId": DRIVER},
    ),
    (
        "switch forced",
        lambda h: h.switch_driver(HUB, DEVICE, DRIVER, force_update=True),
        "PATCH",
        f"{_H}/childdevice/{DEVICE}",
        b"forceUpdate=true",
        {"driverId": DRIVER},
    ),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("label", "call", "method", "path", "query", "body"), WRITES, ids=[w[0] for w in WRITES])
def test_writes_send_their_body_and_accept_an_empty_answer(
    mode: Mode, label: str, call: Callable[[Any], Any], method: str, path: str, query: bytes, body: Any
) -> None:
    server = Recorder(content=b"")
    assert run(mode, server, call) is None
    request = server.only
    assert (request.method, request.url.path, request.url.query) == (method, path, query)
    assert (server.body_of() if request.content else None) == body


@pytest.mark.parametrize(("bad", "error"), INVALID_IDS, ids=INVALID_ID_NAMES)
def test_invalid_ids_are_refused_before_sending(bad: Any, error: type[Exception]) -> None:
    server = Recorder(HUB_DOC)
    calls: list[Callable[[Any], Any]] = [
        lambda h: h.get(bad),
        lambda h: h.installed_drivers(HUB, device_id=bad),
        lambda h: h.install_driver(HUB, DRIVER, channel_id=bad),
        lambda h: h.switch_driver(HUB, DEVICE, bad),
        lambda h: h.switch_driver(HUB, bad, DRIVER),
    ]
    for call in calls:
        if bad is None and call is calls[1]:
            continue  # None is "no filter" there
        with pytest.raises(error):
            run("sync", server, call)
    assert server.requests == []


@pytest.mark.parametrize("mode", MODES)
def test_403_names_the_operation_and_its_scope(mode: Mode) -> None:
    with pytest.raises(MissingScopeError) as caught:
        run(mode, Recorder(status=403, content=b""), lambda h: h.get(HUB))
    assert "hub_devices.get" in str(caught.value)
    assert "r:hubs" in str(caught.value)


@pytest.mark.parametrize("mode", MODES)
def test_404(mode: Mode) -> None:
    body = {"requestId": "1", "error": {"code": "NotFoundError", "message": "no hub", "details": []}}
    with pytest.raises(NotFoundError):
        run(mode, Recorder(body, status=404), lambda h: h.get_installed_driver(HUB, DRIVER))
