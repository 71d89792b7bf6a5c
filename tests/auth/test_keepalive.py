"""Keep-alive: refresh every stored pair older than the threshold, and report the ones that need a person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from smartthings_client.auth import KeepaliveReport, MemoryTokenStore, TokenStore, keepalive
from smartthings_client.testing import EmulatedApp, Emulator, Installation

from .helpers import DAY, make_token, token_calls


def installed(emu: Emulator, app: EmulatedApp, store: TokenStore) -> Installation:
    installation = emu.install(app)
    make_token(emu, app, installation, store=store).save()
    return installation


def test_old_pairs_are_refreshed_fresh_ones_left_and_dead_ones_reported(
    emu: Emulator, app: EmulatedApp, store: TokenStore
) -> None:
    old = installed(emu, app, store)
    dead = installed(emu, app, store)
    emu.update(dead.installed_app_id)  # its stored refresh token no longer works
    emu.clock.advance(15 * DAY)
    fresh = installed(emu, app, store)
    report = keepalive(store, transport=emu.transport, clock=emu.clock.now)
    assert report.refreshed == (old.installed_app_id,)
    assert report.fresh == (fresh.installed_app_id,)
    assert list(report.reauthorization_required) == [dead.installed_app_id]
    assert report.failed == {}
    assert not report.ok
    assert token_calls(emu) == 2
    stored = store.load(old.installed_app_id)
    assert stored is not None
    assert stored.refresh_token != old.refresh_token
    assert stored.updated_at.timestamp() == emu.clock.now()
    # The dead record is kept for inspection; the report names the way out and no secret.
    dead_record = store.load(dead.installed_app_id)
    assert dead_record is not None
    text = str(report)
    assert "need reauthorization 1" in text
    assert dead.refresh_token not in text
    assert app.client_secret not in text
    # Right after, everything is fresh.
    again = keepalive(store, transport=emu.transport, clock=emu.clock.now, keys=[old.installed_app_id])
    assert again == KeepaliveReport(fresh=(old.installed_app_id,))
    assert again.ok


def test_secrets_can_be_supplied_and_missing_ones_are_reported(emu: Emulator, app: EmulatedApp) -> None:
    store = MemoryTokenStore()
    installation = emu.install(app)
    token = make_token(emu, app, installation, store=store)
    token.store_client_secret = False
    token.save()
    emu.clock.advance(15 * DAY)
    missing = keepalive(store, transport=emu.transport, clock=emu.clock.now)
    assert "no client secret" in missing.failed[installation.installed_app_id]
    assert token_calls(emu) == 0
    by_client = keepalive(
        store, transport=emu.transport, clock=emu.clock.now, client_secrets={app.client_id: app.client_secret}
    )
    assert by_client.refreshed == (installation.installed_app_id,)
    stored = store.load(installation.installed_app_id)
    assert stored is not None
    assert stored.client_secret is None  # still not stored


def test_a_failing_token_endpoint_is_reported_per_token(emu: Emulator, app: EmulatedApp) -> None:
    store = MemoryTokenStore()
    first = installed(emu, app, store)
    second = installed(emu, app, store)
    emu.clock.advance(15 * DAY)
    emu.faults.add("server_error", method="POST", path="/oauth/token", status=503)
    report = keepalive(store, transport=emu.transport, clock=emu.clock.now)
    assert len(report.failed) == 1
    assert "ServerError" in next(iter(report.failed.values()))
    assert len(report.refreshed) == 1
    assert set(report.refreshed) | set(report.failed) == {first.installed_app_id, second.installed_app_id}


def test_a_negative_age_is_refused() -> None:
    with pytest.raises(ValueError, match="older_than"):
        keepalive(MemoryTokenStore(), older_than=timedelta(days=-1))
