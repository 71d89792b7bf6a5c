"""Edge drivers, channels and hub devices end to end: the client's calls against the emulator's in-memory world.

The emulator's Edge data is synthetic (no capture exists, contract §11) except the seeded hub's real device
document, whose ``hubDrivers`` list is the hub's installed drivers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.errors import (
    MissingScopeError,
    NotFoundError,
    ScopeError,
    UnprocessableEntityError,
)
from smartthings_client.testing import DEFAULT_START, Emulator, FakeClock

from .fixtures import API, zip_archive

HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
DEFAULT_CHANNEL = "15ea8adc-8be7-4ea6-8b51-4155f56dc6cf"
METER_DRIVER = "b98b34ce-1d1d-480c-bb17-41307a90cde0"
LAMP = "840889cf-976a-5485-a188-76795941c5bd"  # a Zigbee bulb joined through the hub
AEOTEC = "f0af21a2-d5a1-437c-b10a-b34a87394b71"  # a Z-Wave meter joined through the hub
DEN_LAMP = "0b5577db-5074-4b70-a2c5-efec286d264d"  # joined through another hub

CONFIG = "name: 'Button Driver'\npackageKey: button-driver  # the key\npermissions:\n  zigbee: {}\n"
FINGERPRINTS = (
    "zigbeeManufacturer:\n"
    "  - id: IKEA/Remote\n"
    "    deviceLabel: IKEA Remote\n"
    "    manufacturer: IKEA of Sweden\n"
    "    model: TRADFRI remote control\n"
    "    deviceProfileName: button\n"
)


@pytest.fixture
def emu() -> Emulator:
    return Emulator(clock=FakeClock(DEFAULT_START))


@pytest.fixture
def st(emu: Emulator) -> Iterator[SmartThings]:
    with SmartThings(emu.issue_pat(), transport=emu.transport, max_retries=0) as client:
        yield client


@pytest.fixture
def api(emu: Emulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {emu.issue_pat()}"}
    with httpx.Client(transport=emu.transport, base_url=API, headers=headers) as client:
        yield client


def test_upload_assign_enroll_install_switch(st: SmartThings, emu: Emulator) -> None:
    driver = st.drivers.upload(zip_archive(**{"config.yml": CONFIG, "fingerprints.yml": FINGERPRINTS}))
    assert (driver.name, driver.package_key) == ("Button Driver", "button-driver")
    assert [p.name for p in driver.permissions] == ["zigbee"]
    (fingerprint,) = driver.fingerprints
    assert fingerprint.zigbee_manufacturer is not None
    assert fingerprint.zigbee_manufacturer.model == "TRADFRI remote control"
    assert driver.driver_id in {d.driver_id for d in st.drivers.list()}

    channel = st.channels.create("Beta", description="beta drivers", terms_of_service_url="https://example.com/t")
    with pytest.raises(UnprocessableEntityError, match="not enrolled"):
        st.hub_devices.install_driver(HUB, driver.driver_id, channel_id=channel.channel_id)
    st.channels.enroll_hub(channel.channel_id, HUB)
    with pytest.raises(UnprocessableEntityError, match="not assigned"):
        st.hub_devices.install_driver(HUB, driver.driver_id, channel_id=channel.channel_id)
    assigned = st.channels.assign_driver(channel.channel_id, driver.driver_id, str(driver.version))
    assert assigned.version == driver.version
    assert [d.driver_id for d in st.channels.list_assigned_drivers(channel.channel_id)] == [driver.driver_id]
    assert st.channels.get_driver_channel_meta(channel.channel_id, driver.driver_id).fingerprints

    st.hub_devices.install_driver(HUB, driver.driver_id, channel_id=channel.channel_id)
    installed = st.hub_devices.get_installed_driver(HUB, driver.driver_id)
    assert (installed.channel_id, installed.version, installed.permissions) == (
        channel.channel_id,
        driver.version,
        {"zigbee": {}},
    )
    # The hub's device document says the same: installed drivers live in hub.hubDrivers.
    hub_doc = st.devices.get(HUB).extra["hub"]
    assert {"driverId": driver.driver_id, "channelId": channel.channel_id, "driverVersion": driver.version} in (
        hub_doc["hubDrivers"]
    )
    assert {c.channel_id for c in st.hub_devices.enrolled_channels(HUB)} == {DEFAULT_CHANNEL, channel.channel_id}
    assert {c.channel_id for c in st.channels.list(subscriber_id=HUB)} == {DEFAULT_CHANNEL, channel.channel_id}

    # The Zigbee bulb may use the new Zigbee driver; the Z-Wave meter may not.
    assert driver.driver_id in {d.driver_id for d in st.hub_devices.installed_drivers(HUB, device_id=LAMP)}
    assert driver.driver_id not in {d.driver_id for d in st.hub_devices.installed_drivers(HUB, device_id=AEOTEC)}
    st.hub_devices.switch_driver(HUB, LAMP, driver.driver_id, force_update=True)
    assert st.devices.get(LAMP).extra["zigbee"]["driverId"] == driver.driver_id

    st.hub_devices.uninstall_driver(HUB, driver.driver_id)
    with pytest.raises(NotFoundError):
        st.hub_devices.get_installed_driver(HUB, driver.driver_id)
    with pytest.raises(UnprocessableEntityError, match="not installed"):
        st.hub_devices.switch_driver(HUB, LAMP, driver.driver_id)


def test_a_new_upload_of_the_same_package_is_a_new_revision(st: SmartThings, emu: Emulator) -> None:
    first = st.drivers.upload(zip_archive(**{"config.yml": CONFIG}))
    second = st.drivers.upload(zip_archive(**{"config.yml": CONFIG.replace("Button Driver", "Button Driver 2")}))
    assert second.driver_id == first.driver_id
    assert second.version != first.version
    assert st.drivers.get(first.driver_id).name == "Button Driver 2"
    assert st.drivers.get_revision(first.driver_id, str(first.version)).name == "Button Driver"
    with pytest.raises(NotFoundError):
        st.drivers.get_revision(first.driver_id, "1999-01-01T00:00:00.000000000")


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"src/init.lua": "--"}, "config.yml is missing"),
        ({"config.yml": "name: x\n"}, "lacks packageKey"),
        ({"config.yml": "name: [x\n"}, "config.yml could not be read"),
        ({"config.yml": CONFIG, "fingerprints.yml": "zigbeeManufacturer:\n  - model: x\n"}, "needs an id"),
    ],
)
def test_bad_packages_get_a_clear_422(st: SmartThings, files: dict[str, str], message: str) -> None:
    with pytest.raises(UnprocessableEntityError, match=message):
        st.drivers.upload(zip_archive(**files))


def test_an_upload_that_is_not_a_zip_or_not_zip_typed(emu: Emulator, api: httpx.Client) -> None:
    not_zip = api.post("/drivers/package", content=b"PK but not a zip", headers={"content-type": "application/zip"})
    assert not_zip.status_code == 422
    assert "not a zip archive" in not_zip.json()["error"]["message"]
    as_json = api.post("/drivers/package", json={"name": "x"})
    assert as_json.status_code == 415


def test_channels_crud_and_read_only_channels(st: SmartThings) -> None:
    assert [c.name for c in st.channels.list()] == ["My Edge Drivers"]
    assert {c.name for c in st.channels.list(include_read_only=True)} == {"My Edge Drivers", "SmartThings Edge Drivers"}
    channel = st.channels.create("Mine", description="d", terms_of_service_url="https://x")
    renamed = st.channels.update(channel.channel_id, name="Ours", description="d2", terms_of_service_url="https://y")
    assert (renamed.name, renamed.terms_of_service_url) == ("Ours", "https://y")
    assert st.channels.get(channel.channel_id).description == "d2"
    st.channels.delete(channel.channel_id)
    with pytest.raises(NotFoundError):
        st.channels.get(channel.channel_id)
    # SmartThings' own channel is read-only for you.
    with pytest.raises(ScopeError):
        st.channels.delete(DEFAULT_CHANNEL)


def test_unassign_unenroll_and_delete_driver(st: SmartThings) -> None:
    mine = next(iter(st.channels.list()))
    (assigned,) = st.channels.list_assigned_drivers(mine.channel_id)
    st.channels.unassign_driver(mine.channel_id, assigned.driver_id)
    assert st.channels.list_assigned_drivers(mine.channel_id).to_list() == []
    with pytest.raises(NotFoundError):
        st.channels.get_driver_channel_meta(mine.channel_id, assigned.driver_id)
    st.channels.enroll_hub(mine.channel_id, HUB)
    st.channels.enroll_hub(mine.channel_id, HUB)  # idempotent
    st.channels.unenroll_hub(mine.channel_id, HUB)
    assert mine.channel_id not in {c.channel_id for c in st.hub_devices.enrolled_channels(HUB)}
    with pytest.raises(NotFoundError):
        st.channels.enroll_hub(mine.channel_id, LAMP)  # not a hub
    st.drivers.delete(assigned.driver_id)
    assert st.drivers.list().to_list() == []
    with pytest.raises(ScopeError):
        st.drivers.delete(METER_DRIVER)  # SmartThings' driver


def test_hub_reads_come_from_the_real_hub_document(st: SmartThings) -> None:
    hub = st.hub_devices.get(HUB)
    assert (hub.eui, hub.firmware_version) == ("D052A8B6033F0001", "000.055.00005")
    characteristics = st.hub_devices.characteristics(HUB)
    assert characteristics["zigbeeChannel"] == "14"
    installed = {d.driver_id: d for d in st.hub_devices.installed_drivers(HUB)}
    assert set(installed) == {"01976eca-e7ff-4d1b-91db-9c980ce668d7", "408981c2-91d4-4dfc-bbfb-84ca0205d993"}
    with pytest.raises(NotFoundError):
        st.hub_devices.get(LAMP)
    with pytest.raises(UnprocessableEntityError, match="not a device of hub"):
        st.hub_devices.installed_drivers(HUB, device_id=DEN_LAMP)


def test_default_driver_install_from_the_default_channel(st: SmartThings) -> None:
    st.hub_devices.install_driver(HUB, METER_DRIVER, channel_id=DEFAULT_CHANNEL)
    assert METER_DRIVER in {d.driver_id for d in st.hub_devices.installed_drivers(HUB, device_id=AEOTEC)}
    assert {d.driver_id for d in st.drivers.list_default()} >= {METER_DRIVER}


def test_scopes_are_enforced(emu: Emulator) -> None:
    token = emu.issue_pat(scopes=["r:drivers:*", "r:hubs"])
    with SmartThings(token, transport=emu.transport, max_retries=0) as limited:
        assert limited.drivers.list().to_list()
        assert limited.hub_devices.get(HUB).id == HUB
        with pytest.raises(MissingScopeError) as caught:
            limited.channels.list().to_list()
        assert "channels.list" in str(caught.value)
        with pytest.raises(MissingScopeError):
            limited.hub_devices.install_driver(HUB, METER_DRIVER, channel_id=DEFAULT_CHANNEL)


def test_async_client_end_to_end(emu: Emulator) -> None:
    async def main() -> None:
        async with AsyncSmartThings(emu.issue_pat(), transport=emu.transport) as ast:
            drivers = [d async for d in ast.drivers.list_default()]
            assert len(drivers) == 3
            driver = await ast.drivers.upload(zip_archive(**{"config.yml": CONFIG}))
            mine = (await ast.channels.list().to_list())[0]
            await ast.channels.assign_driver(mine.channel_id, driver.driver_id, str(driver.version))
            await ast.channels.enroll_hub(mine.channel_id, HUB)
            await ast.hub_devices.install_driver(HUB, driver.driver_id, channel_id=mine.channel_id)
            installed = await ast.hub_devices.installed_drivers(HUB)
            assert driver.driver_id in {d.driver_id for d in installed}

    asyncio.run(main())
