"""`drivers logcat`: a hub's live driver logs over TLS on loopback (the emulator's hub log endpoint), with the
hub's certificate pinned on first use and a changed one refused before anything is sent."""

from __future__ import annotations

import datetime
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from smartthings_client.testing import Emulator
from smartthings_client.testing._hub_logs import HubLogServer

from .fixtures import run_cli, send_cli_clients_to

HUB = "6a2d07a4-dd77-48bc-9acf-017029aaf099"
ZIGBEE_SWITCH = "01976eca-e7ff-4d1b-91db-9c980ce668d7"
ZIGBEE_CONTACT = "408981c2-91d4-4dfc-bbfb-84ca0205d993"


def self_signed(folder: Path, name: str) -> tuple[str, str]:
    """A hub-like self-signed certificate and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_path), str(key_path)


@pytest.fixture
def emu(monkeypatch: pytest.MonkeyPatch) -> Emulator:
    emulator = Emulator()
    send_cli_clients_to(monkeypatch, emulator.transport)
    return emulator


@pytest.fixture
def hub(emu: Emulator, tmp_path: Path) -> Iterator[HubLogServer]:
    with emu.serve_hub_logs(HUB, *self_signed(tmp_path, "hub")) as server:
        server.log(ZIGBEE_SWITCH, "switch joined", "info")
        server.log(ZIGBEE_CONTACT, "contact opened", "debug")
        server.log(ZIGBEE_SWITCH, "battery low", "warn")
        yield server


def known_hubs() -> Path:
    return Path(os.environ["XDG_CONFIG_HOME"]) / "smartthings-client" / "known_hubs.json"


def logcat(capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer, *argv: str) -> tuple[int, str, str]:
    return run_cli(capsys, "drivers", "logcat", *argv, "--hub-address", hub.address, "--token", emu.issue_pat())


def test_first_use_pins_the_certificate_then_streams(
    capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer
) -> None:
    code, out, err = logcat(capsys, emu, hub, ZIGBEE_SWITCH)
    assert code == 0, err
    assert [line.split(None, 1)[1] for line in out.splitlines()] == [
        "INFO  Zigbee Switch  switch joined",
        "WARN  Zigbee Switch  battery low",
    ]
    assert f"pinned the certificate of the hub at {hub.address}" in err
    pinned = json.loads(known_hubs().read_text())[hub.address]["fingerprint"]
    assert len(pinned.split(":")) == 32
    code, _, err = logcat(capsys, emu, hub, ZIGBEE_SWITCH)
    assert code == 0
    assert "pinned" not in err  # known now: nothing to say


def test_a_changed_certificate_is_refused_before_the_token_is_sent(
    capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer
) -> None:
    known_hubs().parent.mkdir(parents=True)
    known_hubs().write_text(json.dumps({hub.address: {"fingerprint": "AA:BB"}}))
    code, out, err = logcat(capsys, emu, hub, "--all")
    assert (code, out) == (1, "")
    assert f"the certificate of the hub at {hub.address} has changed: pinned SHA-256 AA:BB, now " in err
    assert f"delete the {hub.address} entry from {known_hubs()}" in err
    assert hub.requests == []  # the TLS handshake only: no request, no token
    assert json.loads(known_hubs().read_text())[hub.address]["fingerprint"] == "AA:BB"


def test_all_drivers_from_a_level_on_as_json(
    capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer
) -> None:
    code, out, err = logcat(capsys, emu, hub, "--all", "--log-level", "debug", "--json")
    assert code == 0, err
    assert [(m["driver_name"], m["message"]) for m in json.loads(out)] == [
        ("Zigbee Switch", "switch joined"),
        ("Zigbee Contact", "contact opened"),
        ("Zigbee Switch", "battery low"),
    ]
    code, out, _ = logcat(capsys, emu, hub, "--all", "--log-level", "warn")
    assert [line.split(None, 1)[1] for line in out.splitlines()] == ["WARN  Zigbee Switch  battery low"]
    assert hub.requests[-1] == "/drivers/logs"


def test_a_driver_not_on_the_hub_is_not_found(
    capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer
) -> None:
    code, out, err = logcat(capsys, emu, hub, "00000000-0000-0000-0000-000000000000")
    assert (code, out) == (5, "")
    assert "is not installed on the hub" in err
    assert "Zigbee Switch (01976eca-e7ff-4d1b-91db-9c980ce668d7)" in err


def test_a_refused_token_is_an_authentication_error(capsys: pytest.CaptureFixture[str], hub: HubLogServer) -> None:
    code, out, err = run_cli(capsys, "drivers", "logcat", "--all", "--hub-address", hub.address, "--token", "bogus")
    assert (code, out) == (3, "")
    assert f"the hub at {hub.address} refused the token (401)" in err
    assert "bogus" not in err


def test_no_driver_off_a_terminal_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], emu: Emulator, hub: HubLogServer
) -> None:
    code, _, err = logcat(capsys, emu, hub)
    assert code == 2
    assert "pass a DRIVER_ID or --all" in err


def test_an_unreachable_hub_says_where_it_looked(capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    code, _, err = run_cli(
        capsys, "drivers", "logcat", "--all", "--hub-address", f"127.0.0.1:{port}", "--token", emu.issue_pat()
    )
    assert code == 1
    assert f"cannot reach the hub's live log at 127.0.0.1:{port}: connection refused" in err


@pytest.mark.parametrize("address", ["hub.local", "10.0.0.300", "10.0.0.3:99999"])
def test_a_bad_address_is_a_usage_error(address: str, capsys: pytest.CaptureFixture[str], emu: Emulator) -> None:
    code, _, err = run_cli(capsys, "drivers", "logcat", "--all", "--hub-address", address, "--token", emu.issue_pat())
    assert code == 2
    assert "--hub-address" in err
