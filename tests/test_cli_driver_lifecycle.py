"""`drivers package|install|uninstall|switch|prune`: an Edge driver from its folder onto a hub, against the
emulator's seeded hub and channel."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from smartthings_client import SmartThings
from smartthings_client.testing import Emulator

from .fixtures import run_cli, send_cli_clients_to

HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
MY_CHANNEL = "8e6a2f1c-4d3b-4a5e-b7c9-0f1e2d3c4b5a"
MY_DRIVER = "5f0b2d3e-8c1a-4b7e-9d2f-6a4c1e0b7d93"
ZIGBEE_SWITCH = "01976eca-e7ff-4d1b-91db-9c980ce668d7"  # installed on the hub; no device runs it
ZIGBEE_CONTACT = "408981c2-91d4-4dfc-bbfb-84ca0205d993"  # installed on the hub; the Deck Door runs it
ENERGY_MONITOR = "f0af21a2-d5a1-437c-b10a-b34a87394b71"  # a Z-Wave device of the hub


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    return emulator


def installed(emu: Emulator) -> set[str]:
    with SmartThings(emu.issue_pat(), transport=emu.transport) as st:
        return {driver.driver_id for driver in st.hub_devices.installed_drivers(HUB)}


def driver_folder(root: Path, *, init: bool = True, config: str = "name: 'Button'\npackageKey: 'my.button'\n") -> Path:
    folder = root / "button"
    (folder / "profiles").mkdir(parents=True)
    (folder / "src" / "lib").mkdir(parents=True)
    (folder / "config.yml").write_text(config)
    (folder / "fingerprints.yaml").write_text("zigbeeManufacturer: []\n")
    (folder / "profiles" / "button.yaml").write_text("name: button\ncomponents: []\n")
    if init:
        (folder / "src" / "init.lua").write_text("return {}\n")
    (folder / "src" / "lib" / "util.lua").write_text("return 1\n")
    (folder / "src" / ".DS_Store").write_text("junk")
    return folder


def test_package_build_only_zips_the_folder_as_smartthings_cli_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = driver_folder(tmp_path)
    code, out, err = run_cli(capsys, "drivers", "package", str(folder), "--build-only", str(tmp_path / "d.zip"))
    assert code == 0, err
    assert out.splitlines()[1].split()[0] == str(tmp_path / "d.zip")
    with zipfile.ZipFile(tmp_path / "d.zip") as archive:
        assert sorted(archive.namelist()) == [
            "config.yml",
            "fingerprints.yml",
            "profiles/button.yml",
            "src/init.lua",
            "src/lib/util.lua",
        ]


@pytest.mark.parametrize(
    ("broken", "message"),
    [("init", "has no src/init.lua"), ("yaml", "config.yml is not valid YAML"), ("folder", "is not a driver folder")],
)
def test_a_broken_driver_folder_is_a_usage_error(
    broken: str, message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if broken == "folder":
        folder = tmp_path / "nothing"
    else:
        folder = driver_folder(
            tmp_path, init=broken != "init", config="name: [unclosed\n" if broken == "yaml" else "a: 1\n"
        )
    code, out, err = run_cli(capsys, "drivers", "package", str(folder), "--build-only", str(tmp_path / "d.zip"))
    assert (code, out) == (2, "")
    assert message in err
    assert not (tmp_path / "d.zip").exists()


def test_package_uploads_assigns_and_installs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], emu: Emulator
) -> None:
    token = emu.issue_pat()
    with SmartThings(token, transport=emu.transport) as st:
        st.channels.enroll_hub(MY_CHANNEL, HUB)
    folder = driver_folder(tmp_path)
    argv = ["drivers", "package", str(folder), "--assign", MY_CHANNEL, "--install", "--hub", HUB, "--token", token]
    code, out, err = run_cli(capsys, *argv, "--json")
    assert code == 0, err
    driver = json.loads(out)
    assert driver["packageKey"] == "my.button"
    assert driver["driverId"] in installed(emu)


def test_install_and_uninstall_with_the_profile_hub_and_channel(
    capsys: pytest.CaptureFixture[str], emu: Emulator
) -> None:
    token = emu.issue_pat()
    with SmartThings(token, transport=emu.transport) as st:
        st.channels.enroll_hub(MY_CHANNEL, HUB)
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "smartthings-client" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"default:\n  token: {token}\n  hub: {HUB}\n  channel: {MY_CHANNEL}\n")
    code, out, err = run_cli(capsys, "drivers", "install", MY_DRIVER)
    assert code == 0, err
    assert MY_DRIVER in installed(emu)
    assert token not in out + err
    code, _, err = run_cli(capsys, "drivers", "uninstall", MY_DRIVER)
    assert code == 0, err
    assert MY_DRIVER not in installed(emu)


def test_install_without_a_channel_says_so(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, _, err = run_cli(capsys, "drivers", "install", MY_DRIVER, "--hub", HUB, "--token", emu.issue_pat())
    assert code == 2
    assert "give --channel" in err


def test_switch_a_device_to_another_driver(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    token = emu.issue_pat()
    argv = ["drivers", "switch", ENERGY_MONITOR, "--driver", ZIGBEE_SWITCH, "--token", token, "--json"]
    code, out, err = run_cli(capsys, *argv, "--force")
    assert code == 0, err
    assert json.loads(out)["previousDriverId"] == "b98b34ce-1d1d-480c-bb17-41307a90cde0"
    with SmartThings(token, transport=emu.transport) as st:
        block = st.devices.get(ENERGY_MONITOR).integration
    assert block is not None
    assert block["driverId"] == ZIGBEE_SWITCH


def test_prune_lists_unused_drivers_and_uninstalls_only_with_yes(
    capsys: pytest.CaptureFixture[str], emu: Emulator
) -> None:
    token = emu.issue_pat()
    code, out, err = run_cli(capsys, "drivers", "prune", "--hub", HUB, "--token", token)
    assert code == 0, err
    assert ZIGBEE_SWITCH in out
    assert ZIGBEE_CONTACT not in out  # the Deck Door runs it
    assert "pass --yes" in err
    assert ZIGBEE_SWITCH in installed(emu)
    code, out, err = run_cli(capsys, "drivers", "prune", "--hub", HUB, "--yes", "--token", token, "-o", "json")
    assert code == 0, err
    assert json.loads(out)["uninstalled"] == [ZIGBEE_SWITCH]
    assert installed(emu) == {ZIGBEE_CONTACT}


def test_package_zip_is_what_the_upload_receives(tmp_path: Path) -> None:
    from smartthings_client._cli.driver_lifecycle import build_package

    archive = build_package(driver_folder(tmp_path))
    assert zipfile.ZipFile(io.BytesIO(archive)).read("src/init.lua") == b"return {}\n"


def test_hubs_drivers_and_channels_show_default_to_the_profile(
    capsys: pytest.CaptureFixture[str], emu: Emulator
) -> None:
    config = Path(os.environ["XDG_CONFIG_HOME"]) / "smartthings-client" / "config.yaml"
    config.parent.mkdir(parents=True)
    config.write_text(f"default:\n  token: {emu.issue_pat()}\n  hub: {HUB}\n  channel: {MY_CHANNEL}\n")
    code, out, err = run_cli(capsys, "hubs", "drivers", "-o", "json")
    assert code == 0, err
    assert {d["driverId"] for d in json.loads(out)} == {ZIGBEE_SWITCH, ZIGBEE_CONTACT}
    code, out, err = run_cli(capsys, "channels", "show", "-o", "json")
    assert code == 0, err
    assert json.loads(out)["channelId"] == MY_CHANNEL


def test_channels_show_without_a_channel_says_so(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, _, err = run_cli(capsys, "channels", "show", "--token", emu.issue_pat())
    assert code == 2
    assert "give a CHANNEL_ID" in err
