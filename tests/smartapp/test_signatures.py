"""Signature verification on the shared vectors: synthetic SmartThings-shaped, real partial, and the draft's own."""

from __future__ import annotations

import json
import warnings
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx
import pytest

from smartthings_client.smartapp import (
    AppRsaKeyResolver,
    PadlockKeyResolver,
    SignatureError,
    SmartThingsKeyResolver,
    app_rsa_key_id,
    verify_request,
)
from smartthings_client.smartapp.signatures import _public_key, signing_string, verify_signature

from ..fixtures import FIXTURES

SIGNATURES = FIXTURES / "webhook" / "signatures"
SYNTHETIC = SIGNATURES / "synthetic"
VECTORS = sorted(p for p in SYNTHETIC.glob("*.json") if p.name != "keys.json")


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class FakeKeyServer:
    """Serves the test padlock certificate at its keyId and counts fetches."""

    def __init__(self, key_id: str, pem: bytes) -> None:
        self.key_id, self.pem = key_id, pem
        self.paths: list[str] = []
        self.transport = httpx.MockTransport(self.answer)

    def answer(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        assert request.url.host == "key.smartthings.com"
        if request.url.path == self.key_id:
            return httpx.Response(200, content=self.pem)
        return httpx.Response(404)


@pytest.fixture
def key_server() -> FakeKeyServer:
    keys = load(SYNTHETIC / "keys.json")
    return FakeKeyServer(keys["padlock_key_id"], (SYNTHETIC / "test-padlock-cert.pem").read_bytes())


@pytest.fixture
def resolver(key_server: FakeKeyServer) -> SmartThingsKeyResolver:
    return SmartThingsKeyResolver(
        PadlockKeyResolver(transport=key_server.transport),
        AppRsaKeyResolver((SYNTHETIC / "test-app-rsa-public-key.pem").read_bytes()),
    )


def moment(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


@pytest.mark.parametrize("path", VECTORS, ids=[p.stem for p in VECTORS])
def test_synthetic_vectors(path: Path, resolver: SmartThingsKeyResolver) -> None:
    vector = load(path)
    arguments = (vector["method"], vector["target_url"], vector["headers"], vector["body"].encode(), resolver)
    if vector["expect"] == "valid":
        assert verify_request(*arguments, now=moment(vector["verify_at"])) == vector["key_id"]
        return
    reason = vector["expect"].removeprefix("reject:")
    with pytest.raises(SignatureError) as refused:
        verify_request(*arguments, now=moment(vector["verify_at"]))
    assert refused.value.reason == reason


def test_a_valid_vector_is_refused_once_tampered_or_out_of_time(resolver: SmartThingsKeyResolver) -> None:
    vector = load(SYNTHETIC / "padlock-install-valid.json")
    at = moment(vector["verify_at"])
    body = vector["body"].encode()

    def reason(**changes: Any) -> str:
        headers = {**vector["headers"], **changes.pop("headers", {})}
        with pytest.raises(SignatureError) as refused:
            verify_request(
                changes.get("method", "POST"), changes.get("url", vector["target_url"]), headers,
                changes.get("body", body), resolver, now=changes.get("now", at),
            )  # fmt: skip
        return refused.value.reason

    assert reason(body=body.replace(b"INSTALL", b"UPDATE")) == "digest-mismatch"
    assert reason(body=body + b" ") == "digest-mismatch"
    assert reason(now=datetime(2026, 11, 2, 10, 20, 31, tzinfo=timezone.utc)) == "date-skew"  # 301 s late
    assert reason(now=datetime(2026, 11, 2, 10, 10, 29, tzinfo=timezone.utc)) == "date-skew"  # 301 s early
    assert reason(url="https://webhook.example.test/elsewhere") == "bad-signature"
    assert reason(method="PUT") == "bad-signature"
    assert reason(headers={"Date": "Mon, 02 Nov 2026 10:15:31 UTC"}) == "bad-signature"
    assert reason(headers={"Authorization": ""}) == "unsigned"
    assert reason(headers={"Authorization": "Bearer abc"}) == "unsigned"
    assert reason(headers={"Authorization": 'Signature keyId="/pl/x'}) == "malformed"
    forged = vector["headers"]["Authorization"].replace("/pl/useast1/6d", "/pl/useast1/6e")
    assert reason(headers={"Authorization": forged}) == "unknown-key"
    outside = vector["headers"]["Authorization"].replace("/pl/useast1/", "/../etc/")
    assert reason(headers={"Authorization": outside}) == "unknown-key"


def test_parameters_in_any_order_with_spaces(resolver: SmartThingsKeyResolver) -> None:
    vector = load(SYNTHETIC / "padlock-install-valid.json")
    params = vector["headers"]["Authorization"].removeprefix("Signature ").split('",')
    reordered = "Signature " + '", '.join(reversed([p.rstrip('"') for p in params])) + '"'
    headers = {**vector["headers"], "Authorization": reordered}
    at = moment(vector["verify_at"])
    assert verify_request("POST", vector["target_url"], headers, vector["body"].encode(), resolver, now=at)


def test_padlock_keys_are_fetched_once_and_unknown_ones_briefly_remembered(key_server: FakeKeyServer) -> None:
    clock = [0.0]
    padlock = PadlockKeyResolver(transport=key_server.transport, negative_ttl=60, clock=lambda: clock[0])
    for _ in range(3):
        padlock.resolve(key_server.key_id)
    unknown = "/pl/useast1/00-11"
    for _ in range(3):
        with pytest.raises(SignatureError, match="does not know"):
            padlock.resolve(unknown)
    assert key_server.paths == [key_server.key_id, unknown]
    clock[0] = 61
    with pytest.raises(SignatureError):
        padlock.resolve(unknown)
    assert key_server.paths == [key_server.key_id, unknown, unknown]


def test_key_server_failures_are_not_cached() -> None:
    calls: list[int] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx.ConnectError("down", request=request)
        if len(calls) == 2:
            return httpx.Response(503)
        if len(calls) == 3:
            return httpx.Response(200, content=b"<html>not a certificate</html>")
        return httpx.Response(200, content=(SYNTHETIC / "test-padlock-cert.pem").read_bytes())

    padlock = PadlockKeyResolver(transport=httpx.MockTransport(flaky))
    key_id = load(SYNTHETIC / "keys.json")["padlock_key_id"]
    for reason in ("key-server", "key-server", "key-server"):
        with pytest.raises(SignatureError) as failed:
            padlock.resolve(key_id)
        assert failed.value.reason == reason
    padlock.resolve(key_id)
    assert len(calls) == 4


def test_app_rsa_key_ids_are_the_md5_fingerprint() -> None:
    keys = load(SYNTHETIC / "keys.json")
    assert app_rsa_key_id((SYNTHETIC / "test-app-rsa-public-key.pem").read_bytes()) == keys["app_rsa_key_id"]
    real = load(SIGNATURES / "real" / "app-rsa-pysmartapp-pass.json")
    real_id = real["headers"]["Authorization"].split('keyId="', 1)[1].split('"', 1)[0]
    assert app_rsa_key_id((SIGNATURES / "real" / "app-rsa-pysmartapp-public-key.pem").read_bytes()) == real_id
    other = AppRsaKeyResolver((SYNTHETIC / "test-app-rsa-public-key.pem").read_text())
    with pytest.raises(SignatureError, match="APP_RSA"):
        other.resolve(real_id)


@pytest.mark.parametrize(("name", "verifies"), [("pass", True), ("fail", False)])
def test_the_real_app_rsa_request(name: str, verifies: bool) -> None:
    # The published body is not the signed bytes, so only the signature itself can be checked.
    real = load(SIGNATURES / "real" / f"app-rsa-pysmartapp-{name}.json")
    key = _public_key((SIGNATURES / "real" / "app-rsa-pysmartapp-public-key.pem").read_bytes())
    headers = real["headers"]
    text = signing_string("POST", "/", headers, ["(request-target)", "digest", "date"])
    signature = headers["Authorization"].split('signature="', 1)[1].split('"', 1)[0]
    if verifies:
        verify_signature(key, text, signature)
    else:
        with pytest.raises(SignatureError, match="does not match"):
            verify_signature(key, text, signature)


def test_the_real_padlock_signatures_verify_against_the_real_certificate() -> None:
    real = load(SIGNATURES / "real" / "st-padlock-core-sdk.json")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # reading the certificate's odd issuer would warn: it is never read
        key = _public_key((SIGNATURES / "real" / "st-padlock-cert-2020.pem").read_bytes())
    record = real["records"][0]
    text = signing_string(record["method"], record["path"], record["headers"], ["(request-target)", "digest", "date"])
    assert text == record["signing_string_added_by_us"]
    signature = record["headers"]["authorization"].split('signature="', 1)[1].split('"', 1)[0]
    verify_signature(key, text, signature)
    with pytest.raises(SignatureError):
        verify_signature(key, text.replace("post /", "post /x"), signature)


def test_the_drafts_appendix_a() -> None:
    cavage = load(SIGNATURES / "cavage-appendix-a" / "vectors.json")
    key = _public_key((SIGNATURES / "cavage-appendix-a" / "public-key.pem").read_bytes())
    request = cavage["request"]
    for case in cavage["cases"]:
        names = (case["headers_param"] or "date").split()
        text = signing_string(request["method"], request["path"], request["headers"], names)
        assert text == case["signing_string"]
        verify_signature(key, text, case["authorization"].split('signature="', 1)[1].split('"', 1)[0])
    # The "Default" case signs the Date alone: a SmartThings verifier refuses it whatever the signature.
    default = {**request["headers"], "Authorization": cavage["cases"][0]["authorization"]}
    with pytest.raises(SignatureError) as refused:
        verify_request("POST", request["path"], default, request["body"].encode(), SmartThingsKeyResolver())
    assert refused.value.reason == "headers-not-covered"
