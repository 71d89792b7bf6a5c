"""An optional dependency that is not installed is a SmartThingsError naming the extra, not a bare import error."""

from __future__ import annotations

import sys

import pytest

from smartthings_client import MissingDependencyError, RedisRateLimiter, RedisTokenStore, SmartThingsError
from smartthings_client.smartapp import SmartApp
from smartthings_client.testing import Emulator
from smartthings_client.testing import _keys as emulator_keys

SMARTAPP_EXTRA = "pip install 'smartthings-client[smartapp]'"
REDIS_EXTRA = "pip install 'smartthings-client[redis]'"


@pytest.fixture
def pem() -> str:
    """An APP_RSA public key (made while cryptography is still importable)."""
    return emulator_keys.signing_key("APP_RSA").public_key_pem


@pytest.fixture
def without_cryptography(monkeypatch: pytest.MonkeyPatch) -> None:
    """``import cryptography`` fails as it does when the package is not installed."""
    monkeypatch.setitem(sys.modules, "cryptography", None)


@pytest.fixture
def without_redis(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "redis", None)


def test_an_app_rsa_key_without_cryptography_names_the_smartapp_extra(pem: str, without_cryptography: None) -> None:
    with pytest.raises(
        MissingDependencyError, match=r"cryptography package: pip install 'smartthings-client\[smartapp\]'"
    ):
        SmartApp(target_url="https://x.example/st", app_rsa_public_key=pem)


def test_a_verifying_app_without_cryptography_fails_when_made_not_at_its_first_request(
    without_cryptography: None,
) -> None:
    with pytest.raises(SmartThingsError) as raised:
        SmartApp(target_url="https://x.example/st")
    assert isinstance(raised.value, ImportError)  # `except ImportError` keeps working too
    assert SMARTAPP_EXTRA in str(raised.value)
    # Without signature checks (local experiments) nothing needs it.
    assert (
        SmartApp(target_url="https://x.example/st", verify_signatures=False).handle("GET", "/st", {}, b"").status == 405
    )


def test_the_emulators_webhook_without_cryptography_names_the_smartapp_extra(
    monkeypatch: pytest.MonkeyPatch, without_cryptography: None
) -> None:
    monkeypatch.setattr(emulator_keys, "_KEYS", {})  # keys already made in this process would hide the import
    emu = Emulator()
    with pytest.raises(MissingDependencyError, match=r"smartthings-client\[smartapp\]"):
        emu.webhook(emu.create_app("probe"), "http://127.0.0.1:1/")


def test_redis_token_store_without_redis_names_the_redis_extra(without_redis: None) -> None:
    with pytest.raises(MissingDependencyError, match=r"redis package: pip install 'smartthings-client\[redis\]'"):
        RedisTokenStore.from_url("redis://127.0.0.1:1/0")


def test_redis_rate_limiter_without_redis_names_the_redis_extra(without_redis: None) -> None:
    with pytest.raises(MissingDependencyError, match=r"RedisRateLimiter needs the redis package: pip install"):
        RedisRateLimiter.from_url("redis://127.0.0.1:1/0")


def test_an_encryption_key_without_cryptography_names_the_redis_extra(without_cryptography: None) -> None:
    import redis

    with pytest.raises(MissingDependencyError) as raised:
        RedisTokenStore(redis.Redis(port=1), encryption_key="k" * 44)
    assert REDIS_EXTRA in str(raised.value)
    assert "encryption_key" in str(raised.value)
