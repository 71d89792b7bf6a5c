"""Keep stored refresh tokens alive: refresh every pair not refreshed for a while.

A refresh token dies after 30 days unused, and an idle SmartApp backend or script may not call the API for that
long; Home Assistant refreshed every 14 days for this reason (user-pains §2.2).  Run :func:`keepalive` from a
daily cron job (``smartthings-client auth keepalive``).  Each refresh takes the store's lock like any other, so it
is safe next to running workers; a refused token is reported and the others go on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from datetime import timedelta

import attrs
import httpx

from .._transport import DEFAULT_TIMEOUT
from ..errors import ReauthorizationRequired, SmartThingsError
from .refresh import RefreshableToken, refresh_now
from .stores import TokenStore

__all__ = ["DEFAULT_KEEPALIVE_AGE", "KeepaliveReport", "keepalive"]

#: Refresh pairs older than this; well inside the 30-day life of a refresh token, even if a run is missed.
DEFAULT_KEEPALIVE_AGE = timedelta(days=14)


@attrs.frozen
class KeepaliveReport:
    """What :func:`keepalive` did, by store key.  Messages never contain a token or secret."""

    refreshed: tuple[str, ...] = ()
    fresh: tuple[str, ...] = ()
    reauthorization_required: Mapping[str, str] = attrs.field(factory=dict)
    failed: Mapping[str, str] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """True when no token needs attention."""
        return not self.reauthorization_required and not self.failed

    def __str__(self) -> str:
        lines = [
            f"refreshed {len(self.refreshed)}, still fresh {len(self.fresh)}, "
            f"need reauthorization {len(self.reauthorization_required)}, failed {len(self.failed)}"
        ]
        lines += [f"  {key}: needs reauthorization: {why}" for key, why in self.reauthorization_required.items()]
        lines += [f"  {key}: failed: {why}" for key, why in self.failed.items()]
        return "\n".join(lines)


def keepalive(
    store: TokenStore,
    *,
    older_than: timedelta = DEFAULT_KEEPALIVE_AGE,
    transport: httpx.BaseTransport | None = None,
    client_secret: str | None = None,
    client_secrets: Mapping[str, str] | None = None,
    token_url: str | None = None,
    keys: Iterable[str] | None = None,
    clock: Callable[[], float] = time.time,
) -> KeepaliveReport:
    """Refresh every stored pair (or those under ``keys``) last refreshed more than ``older_than`` ago.

    The client secret comes from ``client_secrets[client_id]``, else ``client_secret``, else the record.
    ``token_url`` overrides the stored one.  ``invalid_grant`` on one token lands in
    ``report.reauthorization_required``; other failures in ``report.failed``; neither stops the rest.
    """
    if older_than < timedelta(0):
        raise ValueError("older_than must not be negative")
    refreshed: list[str] = []
    fresh: list[str] = []
    reauthorize: dict[str, str] = {}
    failed: dict[str, str] = {}
    secrets = dict(client_secrets or {})
    with httpx.Client(transport=transport, timeout=DEFAULT_TIMEOUT, follow_redirects=False) as http:
        for key in list(keys) if keys is not None else store.keys():
            try:
                record = store.load(key)
                if record is None:
                    continue
                if clock() - record.updated_at.timestamp() < older_than.total_seconds():
                    fresh.append(key)
                    continue
                token = RefreshableToken.from_stored(
                    record,
                    store=store,
                    store_key=key,
                    client_secret=secrets.get(record.client_id) or client_secret,
                    token_url=token_url,
                    clock=clock,
                )
                refresh_now(token, http=http)
                refreshed.append(key)
            except ReauthorizationRequired as exc:
                reauthorize[key] = str(exc)
            except (SmartThingsError, httpx.HTTPError, ValueError) as exc:
                failed[key] = f"{type(exc).__name__}: {exc}"
    return KeepaliveReport(
        refreshed=tuple(refreshed), fresh=tuple(fresh), reauthorization_required=reauthorize, failed=failed
    )
