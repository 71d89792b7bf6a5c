"""The emulator's signing keys and its key server (SmartThings' ``https://key.smartthings.com``).

SmartThings signs every lifecycle request (but PING) with an HTTP signature (draft-cavage: ``rsa-sha256`` over
``(request-target) digest date``; the path without its query).  The emulator holds an ST_PADLOCK key and a
self-signed certificate, which its key server hands out for the keyId it puts in the ``Signature`` header, and can
also sign as APP_RSA (keyId ``/SmartThings/<md5 fingerprint>``).  Written from the contract, not from the client's
verifier; uses ``cryptography`` (imported when a key is first made).

The key server answers ``GET https://key.smartthings.com/pl/...`` in-process, and ``GET <origin>/keys/pl/...`` on a
served emulator: an app in another process (or language) sets its key server to ``<origin>/keys`` and appends the
keyId, exactly as it appends it to ``https://key.smartthings.com`` in production.  The keys live as long as the
process, so such an app may fetch a certificate once and cache it.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from urllib.parse import urlsplit

import httpx

from .._optional import require

__all__ = ["KEY_SERVER_HOST", "KEY_SERVER_PATH", "SigningKey", "key_server_response", "requested_key_id", "signing_key"]

KEY_SERVER_HOST = "key.smartthings.com"
#: Where a served emulator serves its key server (``SmartApp(key_server=f"{server.url}/keys")``).
KEY_SERVER_PATH = "/keys"
_REGION = "useast1"


class SigningKey:
    """An RSA key, its keyId and (for ST_PADLOCK) the certificate the key server hands out."""

    def __init__(self, kind: str) -> None:
        require("cryptography", extra="smartapp", purpose="signing webhook requests")
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        self.kind = kind
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = self._key.public_key()
        self.public_key_pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
        if kind == "ST_PADLOCK":
            serial = x509.random_serial_number()
            name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "key.smartthings.test")])
            now = datetime.now(timezone.utc)
            cert = (
                x509.CertificateBuilder()
                .subject_name(name)
                .issuer_name(name)
                .public_key(public)
                .serial_number(serial)
                .not_valid_before(now - timedelta(days=1))
                .not_valid_after(now + timedelta(days=30))
                .sign(self._key, hashes.SHA256())
            )
            self.certificate_pem = cert.public_bytes(serialization.Encoding.PEM)
            hex_serial = f"{serial:x}"
            hex_serial = ("0" + hex_serial) if len(hex_serial) % 2 else hex_serial
            self.key_id = f"/pl/{_REGION}/" + "-".join(hex_serial[i : i + 2] for i in range(0, len(hex_serial), 2))
        elif kind == "APP_RSA":
            self.certificate_pem = b""
            openssh = public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
            digest = hashlib.md5(base64.b64decode(openssh.split()[1]), usedforsecurity=False).hexdigest()
            self.key_id = "/SmartThings/" + ":".join(digest[i : i + 2] for i in range(0, 32, 2))
        else:
            raise ValueError("signature_type must be ST_PADLOCK or APP_RSA")

    def sign(self, method: str, target_url: str, body: bytes, date: datetime) -> dict[str, str]:
        """The headers SmartThings sends with ``body``: Date, Digest and the Authorization signature."""
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import padding

        digest = "SHA256=" + base64.b64encode(hashlib.sha256(body).digest()).decode()
        date_text = format_datetime(date.astimezone(timezone.utc), usegmt=True).replace("GMT", "UTC")
        path = urlsplit(target_url).path or "/"
        text = f"(request-target): {method.lower()} {path}\ndigest: {digest}\ndate: {date_text}"
        signature = base64.b64encode(self._key.sign(text.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
        authorization = (
            f'Signature keyId="{self.key_id}",signature="{signature}",'
            'headers="(request-target) digest date",algorithm="rsa-sha256"'
        )
        return {"Date": date_text, "Digest": digest, "Authorization": authorization}


_KEYS: dict[str, SigningKey] = {}
_KEYS_GUARD = threading.Lock()


def signing_key(kind: str) -> SigningKey:
    """One key per kind per process: generating RSA keys is the slow part, and tests make many emulators."""
    with _KEYS_GUARD:
        key = _KEYS.get(kind)
        if key is None:
            key = _KEYS[kind] = SigningKey(kind)
        return key


def requested_key_id(request: httpx.Request, *, loopback: bool) -> str | None:
    """The keyId a key-server request asks for, or None when ``request`` is not for the key server."""
    if request.url.host == KEY_SERVER_HOST:
        return request.url.path
    if loopback and request.url.path.startswith(KEY_SERVER_PATH + "/"):
        return request.url.path.removeprefix(KEY_SERVER_PATH)
    return None


def key_server_response(method: str, key_id: str) -> httpx.Response:
    """The key server's answer: the emulator's ST_PADLOCK certificate for its keyId, else 404."""
    key = signing_key("ST_PADLOCK")
    if method in ("GET", "HEAD") and key_id == key.key_id:
        return httpx.Response(200, headers={"content-type": "application/x-pem-file"}, content=key.certificate_pem)
    return httpx.Response(404, content=b"")
