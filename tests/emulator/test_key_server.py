"""The emulator's ST_PADLOCK key server: in-process at https://key.smartthings.com, served at <origin>/keys."""

from __future__ import annotations

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from smartthings_client.testing import Emulator


def public_pem(certificate: bytes) -> str:
    key = x509.load_pem_x509_certificate(certificate).public_key()
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def test_the_served_key_server_hands_out_the_certificate_of_the_signing_key_under_its_key_id(emu: Emulator) -> None:
    hook = emu.webhook(emu.create_app("keys"), "http://127.0.0.1:1/smartthings")
    assert hook.key.key_id.startswith("/pl/useast1/")
    with emu.serve(port=0) as server:
        assert server.key_server_url == server.url + "/keys"
        answer = httpx.get(server.key_server_url + hook.key.key_id, timeout=5)
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/x-pem-file"
        assert public_pem(answer.content) == hook.public_key_pem
        assert httpx.get(server.key_server_url + "/pl/useast1/00-11", timeout=5).status_code == 404
        assert httpx.post(server.key_server_url + hook.key.key_id, timeout=5).status_code == 404
        # Another emulator of the same process signs with the same key: an app may cache what it fetched.
        other = Emulator()
        assert other.webhook(other.create_app("keys"), "http://127.0.0.1:1/").key.key_id == hook.key.key_id
        with other.serve(port=0) as second:
            assert httpx.get(second.key_server_url + hook.key.key_id, timeout=5).content == answer.content


def test_in_process_the_key_server_is_at_its_smartthings_host_only(emu: Emulator) -> None:
    key_id = emu.webhook(emu.create_app("keys"), "http://127.0.0.1:1/").key.key_id
    with httpx.Client(transport=emu.transport) as http:
        assert http.get("https://key.smartthings.com" + key_id).status_code == 200
        assert http.get("https://api.smartthings.com/keys" + key_id).status_code != 200
