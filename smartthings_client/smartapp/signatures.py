"""HTTP Signatures on the lifecycle requests SmartThings POSTs to a webhook (draft-cavage, as SmartThings sends them).

What is checked, and why (``smartapp-backends.md`` §1):

* ``Authorization: Signature keyId=...,signature=...,headers=...,algorithm=...`` (parameters in any order);
* ``algorithm`` is ``rsa-sha256`` (RSASSA-PKCS1-v1_5 with SHA-256) and nothing else;
* the signed headers include ``(request-target)``, ``digest`` and ``date``: a signature over ``date`` alone would
  authenticate neither the body nor the path;
* ``(request-target)`` is the method and the path of the *registered* target URL, without its query string
  (``?code=...`` keys of serverless hosts are not signed);
* the ``Digest`` (``SHA256=`` or ``SHA-256=``) matches the raw body bytes: no SDK checks it, and without it a
  captured signature could carry another body;
* ``Date`` is within ``max_skew`` seconds of now, either way (the whole difference, days included).

Keys: ``/pl/...`` keyIds are ST_PADLOCK certificates fetched from the key server (:class:`PadlockKeyResolver`:
strict keyId pattern, fixed host, no redirects, a short timeout, an LRU cache, one fetch at a time per keyId, a
short memory of unknown keyIds); ``/SmartThings/...`` keyIds are the app's own APP_RSA public key(s)
(:class:`AppRsaKeyResolver`, matched by their MD5 fingerprint).  Any failure is a :class:`SignatureError`, whose
``reason`` is one word for logs; callers answer 401 and say nothing more.
"""

from __future__ import annotations

import base64
import hashlib
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

import httpx

from .._optional import require
from ..errors import SmartThingsError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

__all__ = [
    "DEFAULT_KEY_SERVER",
    "DEFAULT_MAX_SKEW",
    "AppRsaKeyResolver",
    "KeyResolver",
    "PadlockKeyResolver",
    "SignatureError",
    "SmartThingsKeyResolver",
    "app_rsa_key_id",
    "signing_string",
    "verify_request",
    "verify_signature",
]

DEFAULT_KEY_SERVER = "https://key.smartthings.com"
DEFAULT_MAX_SKEW = 300.0
_REQUIRED = ("(request-target)", "digest", "date")
_PARAM = re.compile(r'\s*([A-Za-z]+)\s*=\s*"([^"]*)"\s*(?:,|$)')
_PADLOCK_ID = re.compile(r"/pl/[a-z0-9-]{1,32}/[0-9a-f]{2}(?:-[0-9a-f]{2}){0,31}")
_DIGEST_NAMES = ("sha256", "sha-256")


class SignatureError(SmartThingsError):
    """A lifecycle request whose signature does not check out; ``reason`` says which check failed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def require_cryptography() -> None:
    """Checking signatures needs ``cryptography``: :class:`~smartthings_client.errors.MissingDependencyError` naming
    the ``[smartapp]`` extra when it is not installed."""
    require("cryptography", extra="smartapp", purpose="checking SmartThings request signatures")


def _public_key(pem: bytes | str) -> RSAPublicKey:
    """An RSA public key from a PEM public key or certificate (the certificate's issuer is never read)."""
    require_cryptography()
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    data = pem.encode() if isinstance(pem, str) else pem
    key: Any = (
        x509.load_pem_x509_certificate(data).public_key()
        if b"BEGIN CERTIFICATE" in data
        else serialization.load_pem_public_key(data)
    )
    if not isinstance(key, RSAPublicKey):
        raise ValueError("the key is not an RSA key")
    return key


def app_rsa_key_id(pem: bytes | str) -> str:
    """The keyId SmartThings sends with an APP_RSA key: ``/SmartThings/`` + its MD5 fingerprint (SSH wire form)."""
    require_cryptography()
    from cryptography.hazmat.primitives import serialization

    openssh = _public_key(pem).public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    blob = base64.b64decode(openssh.split()[1])
    digest = hashlib.md5(blob, usedforsecurity=False).hexdigest()
    return "/SmartThings/" + ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


class KeyResolver(Protocol):
    """Finds the public key of a keyId (raise :class:`SignatureError` with reason ``unknown-key`` if none)."""

    def resolve(self, key_id: str) -> RSAPublicKey:
        """The RSA public key that ``key_id`` names."""
        ...


class AppRsaKeyResolver:
    """APP_RSA: the public key(s) SmartThings returned when the app was created (``webhookSmartApp.publicKey``)."""

    def __init__(self, public_keys: Iterable[bytes | str] | bytes | str) -> None:
        listed = [public_keys] if isinstance(public_keys, (bytes, str)) else list(public_keys)
        if not listed:
            raise ValueError("give at least one APP_RSA public key (PEM)")
        self._keys = {app_rsa_key_id(pem): _public_key(pem) for pem in listed}

    def resolve(self, key_id: str) -> RSAPublicKey:
        key = self._keys.get(key_id)
        if key is None:
            raise SignatureError("unknown-key", "the request's APP_RSA keyId matches none of the app's public keys")
        return key

    def __repr__(self) -> str:
        return f"AppRsaKeyResolver({sorted(self._keys)})"


class PadlockKeyResolver:
    """ST_PADLOCK: certificates from the key server by keyId, cached (they never change for a keyId).

    ``transport`` is for tests (the emulator serves a key server); ``timeout`` bounds a fetch, which happens once
    per keyId; an unknown keyId (404) is remembered for ``negative_ttl`` seconds so random keyIds cannot make this
    server fetch on every request.
    """

    def __init__(
        self,
        key_server: str = DEFAULT_KEY_SERVER,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 5.0,
        cache_size: int = 64,
        ttl: float = 24 * 3600.0,
        negative_ttl: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.key_server = key_server.rstrip("/")
        self._transport = transport
        self._timeout = timeout
        self._size = cache_size
        self._ttl = ttl
        self._negative_ttl = negative_ttl
        self._clock = clock
        self._cache: OrderedDict[str, tuple[float, RSAPublicKey | None]] = OrderedDict()
        self._guard = threading.Lock()
        self._fetching: dict[str, threading.Lock] = {}
        self.fetches = 0

    def _cached(self, key_id: str) -> tuple[bool, RSAPublicKey | None]:
        with self._guard:
            entry = self._cache.get(key_id)
            if entry is None or entry[0] < self._clock():
                return False, None
            self._cache.move_to_end(key_id)
            return True, entry[1]

    def _remember(self, key_id: str, key: RSAPublicKey | None) -> None:
        with self._guard:
            self._cache[key_id] = (self._clock() + (self._ttl if key is not None else self._negative_ttl), key)
            self._cache.move_to_end(key_id)
            while len(self._cache) > self._size:
                self._cache.popitem(last=False)

    def resolve(self, key_id: str) -> RSAPublicKey:
        if not _PADLOCK_ID.fullmatch(key_id):
            raise SignatureError("unknown-key", "the request's keyId is not an ST_PADLOCK keyId")
        found, key = self._cached(key_id)
        if not found:
            with self._guard:
                gate = self._fetching.setdefault(key_id, threading.Lock())
            with gate:  # one fetch per keyId; the others wait for it and read the cache
                found, key = self._cached(key_id)
                if not found:
                    key = self._fetch(key_id)
                    self._remember(key_id, key)
            with self._guard:
                self._fetching.pop(key_id, None)
        if key is None:
            raise SignatureError("unknown-key", "the key server does not know the request's keyId")
        return key

    def _fetch(self, key_id: str) -> RSAPublicKey | None:
        self.fetches += 1
        try:
            with httpx.Client(transport=self._transport, timeout=self._timeout, follow_redirects=False) as http:
                response = http.get(self.key_server + key_id)
        except httpx.HTTPError as exc:
            # Not cached: the next request tries again.
            raise SignatureError("key-server", f"the key server could not be reached ({type(exc).__name__})") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise SignatureError("key-server", f"the key server answered {response.status_code}")
        try:
            return _public_key(response.content)
        except ValueError:
            raise SignatureError("key-server", "the key server's answer is not an RSA certificate") from None

    def __repr__(self) -> str:
        return f"PadlockKeyResolver({self.key_server!r})"


class SmartThingsKeyResolver:
    """Routes by keyId: ``/pl/`` to the key server, ``/SmartThings/`` to the app's APP_RSA keys (if given)."""

    def __init__(self, padlock: PadlockKeyResolver | None = None, app_rsa: AppRsaKeyResolver | None = None) -> None:
        self.padlock = padlock if padlock is not None else PadlockKeyResolver()
        self.app_rsa = app_rsa

    def resolve(self, key_id: str) -> RSAPublicKey:
        if key_id.startswith("/pl/"):
            return self.padlock.resolve(key_id)
        if key_id.startswith("/SmartThings/") and self.app_rsa is not None:
            return self.app_rsa.resolve(key_id)
        raise SignatureError("unknown-key", "the request's keyId is of no kind this app accepts")


def _header(headers: Mapping[str, str] | Iterable[tuple[str, str]], name: str) -> str | None:
    items = headers.items() if isinstance(headers, Mapping) else headers
    for key, value in items:
        if key.lower() == name:
            return value
    return None


def _parameters(authorization: str | None) -> dict[str, str]:
    if not authorization:
        raise SignatureError("unsigned", "the request has no Authorization header")
    scheme, _, rest = authorization.strip().partition(" ")
    if scheme.lower() != "signature":
        raise SignatureError("unsigned", "the Authorization header is not an HTTP signature")
    params: dict[str, str] = {}
    position = 0
    rest = rest.strip()
    while position < len(rest):
        match = _PARAM.match(rest, position)
        if match is None:
            raise SignatureError("malformed", "the signature header cannot be read")
        params[match.group(1).lower()] = match.group(2)
        position = match.end()
    for name in ("keyid", "signature"):
        if not params.get(name):
            raise SignatureError("malformed", f"the signature header has no {name}")
    return params


def signing_string(
    method: str, path: str, headers: Mapping[str, str] | Iterable[tuple[str, str]], names: list[str]
) -> str:
    """The text that is signed: one ``name: value`` line per signed header, joined by newlines."""
    lines = []
    for name in names:
        if name == "(request-target)":
            lines.append(f"(request-target): {method.lower()} {path}")
            continue
        value = _header(headers, name)
        if value is None:
            raise SignatureError("malformed", f"the signed header {name!r} is missing")
        lines.append(f"{name}: {value.strip()}")
    return "\n".join(lines)


def verify_signature(key: RSAPublicKey, text: str, signature_b64: str) -> None:
    """Check an rsa-sha256 signature of ``text``; :class:`SignatureError` (``bad-signature``) if it does not match."""
    require_cryptography()
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    try:
        signature = base64.b64decode(signature_b64, validate=True)
        key.verify(signature, text.encode(), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        raise SignatureError("bad-signature", "the signature does not match the request") from None


def _check_digest(digest: str | None, body: bytes) -> None:
    if digest is None:
        raise SignatureError("malformed", "the request has no Digest header")
    algorithm, _, value = digest.strip().partition("=")
    if algorithm.lower() not in _DIGEST_NAMES:
        raise SignatureError("digest-algorithm", "the Digest is not SHA-256")
    if value != base64.b64encode(hashlib.sha256(body).digest()).decode():
        raise SignatureError("digest-mismatch", "the body does not match the signed Digest")


def _check_date(date: str | None, now: datetime, max_skew: float) -> None:
    try:
        sent = parsedate_to_datetime(date) if date else None
    except (TypeError, ValueError):
        sent = None
    if sent is None:
        raise SignatureError("malformed", "the request has no readable Date header")
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=timezone.utc)
    if abs((now - sent).total_seconds()) > max_skew:
        raise SignatureError("date-skew", "the request's Date is outside the accepted window (replayed or skewed)")


def verify_request(
    method: str,
    target_url: str,
    headers: Mapping[str, str] | Iterable[tuple[str, str]],
    body: bytes,
    resolver: KeyResolver,
    *,
    now: datetime | None = None,
    max_skew: float = DEFAULT_MAX_SKEW,
) -> str:
    """Verify a signed lifecycle request; returns its keyId, raises :class:`SignatureError`.

    ``target_url`` is the app's registered target URL (or the request path): only its path is signed.
    ``body`` is the raw body, as received.
    """
    headers = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
    params = _parameters(_header(headers, "authorization"))
    if params.get("algorithm", "").lower() != "rsa-sha256":
        raise SignatureError("algorithm", "the signature algorithm is not rsa-sha256")
    names = params.get("headers", "date").lower().split()
    if any(required not in names for required in _REQUIRED):
        raise SignatureError("headers-not-covered", "the signature does not cover (request-target), digest and date")
    path = urlsplit(target_url).path or "/"
    text = signing_string(method, path, headers, names)
    key = resolver.resolve(params["keyid"])
    verify_signature(key, text, params["signature"])
    _check_digest(_header(headers, "digest"), body)
    _check_date(_header(headers, "date"), now or datetime.now(timezone.utc), max_skew)
    return params["keyid"]
