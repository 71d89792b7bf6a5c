"""The emulator playing SmartThings towards a webhook SmartApp: signed lifecycle POSTs (keys in ``_keys``).

A target is an ASGI app, a WSGI app, or a URL (real HTTP, e.g. a loopback server).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import httpx

from ._errors import JsonDict
from ._keys import signing_key

if TYPE_CHECKING:
    from ._emulator import Emulator, Installation

@dataclass(frozen=True)
class Delivery:
    """What the webhook answered to one lifecycle request."""

    lifecycle: str
    status: int
    body: Any
    request: JsonDict


def _is_asgi(target: Callable[..., Any]) -> bool:
    call = getattr(target, "__call__", None)  # noqa: B004 (bound methods and callable objects alike)
    return inspect.iscoroutinefunction(target) or inspect.iscoroutinefunction(call)


def _transport(target: str | Callable[..., Any]) -> httpx.BaseTransport | None:
    if isinstance(target, str):
        return None
    if _is_asgi(target):
        return None  # sent with httpx.ASGITransport from an event loop of its own
    return httpx.WSGITransport(app=target)


class Webhook:
    """SmartThings' side of one webhook app: every method POSTs one signed lifecycle request and returns the
    :class:`Delivery` (also appended to :attr:`deliveries`).  Made by :meth:`Emulator.webhook`.

    ``key`` is the signing key (``key.key_id``, ``key.sign(method, target_url, body, date)`` for forging tests).
    """

    def __init__(
        self,
        emulator: Emulator,
        app_id: str,
        target: str | Callable[..., Any],
        target_url: str,
        signature_type: str,
    ) -> None:
        self.emulator = emulator
        self.app_id = app_id
        self.target = target
        self.target_url = target_url
        self.key = signing_key(signature_type)
        self.deliveries: list[Delivery] = []
        self._sync_transport = _transport(target)

    @property
    def public_key_pem(self) -> str:
        """The app's public key (what an APP_RSA app is given when created)."""
        return self.key.public_key_pem

    def post(self, payload: JsonDict, *, signed: bool = True, headers: Mapping[str, str] | None = None) -> Delivery:
        """POST any lifecycle payload (signed unless told otherwise; ``headers`` override, for tampering tests)."""
        body = json.dumps(payload, separators=(",", ":")).encode()
        sent = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "AHC/2.1"}
        if signed:
            now = datetime.fromtimestamp(self.emulator.clock.now(), tz=timezone.utc)
            sent.update(self.key.sign("POST", self.target_url, body, now))
        sent.update(headers or {})
        url = self.target if isinstance(self.target, str) else self.target_url
        response = self._send(url, sent, body)
        try:
            answer: Any = response.json()
        except ValueError:
            answer = response.text
        lifecycle = str(payload.get("lifecycle") or payload.get("messageType"))
        delivery = Delivery(lifecycle, response.status_code, answer, payload)
        self.deliveries.append(delivery)
        return delivery

    def _send(self, url: str, headers: Mapping[str, str], body: bytes) -> httpx.Response:
        if isinstance(self.target, str) or self._sync_transport is not None:
            # SmartThings gives a webhook 10 s.
            with httpx.Client(transport=self._sync_transport, timeout=10.0) as http:
                return http.post(url, headers=headers, content=body)
        target = self.target

        async def send() -> httpx.Response:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=target), timeout=10.0) as http:
                response = await http.post(url, headers=headers, content=body)
                await response.aread()
                return response

        result: list[httpx.Response] = []
        failure: list[BaseException] = []

        def run() -> None:  # a thread of its own, so a caller inside an event loop works too
            try:
                result.append(asyncio.run(send()))
            except BaseException as exc:
                failure.append(exc)

        worker = threading.Thread(target=run, name="smartthings-emulator-webhook")
        worker.start()
        worker.join(30)
        if failure:
            raise failure[0]
        if not result:
            raise TimeoutError("the ASGI webhook did not answer within 30 s")
        return result[0]

    # --- the lifecycles -----------------------------------------------------------------------------------------

    def ping(self) -> Delivery:
        """PING (unsigned, as SmartThings sends it)."""
        return self.post(self.emulator.lifecycle_payload("PING", app_id=self.app_id), signed=False)

    def confirm(self) -> Delivery:
        """CONFIRMATION: a confirmation URL the app must visit (see :meth:`Emulator.is_confirmed`)."""
        return self.post(self.emulator.confirmation_request(self.app_id))

    def configuration(self, phase: str = "INITIALIZE", **kwargs: Any) -> Delivery:
        """CONFIGURATION, phase INITIALIZE or PAGE (``page_id=``, ``previous_page_id=``, ``config=``)."""
        return self.post(self.emulator.lifecycle_payload("CONFIGURATION", phase=phase, app_id=self.app_id, **kwargs))

    def install(
        self,
        permissions: Iterable[str] | None = None,
        location_id: str | None = None,
        config: Mapping[str, Any] | None = None,
    ) -> tuple[Installation, Delivery]:
        """INSTALL: the app is installed (tokens issued) and told so; returns the installation and the answer.

        ``config`` is what the user chose on the app's configuration pages, as ``installedApp.config`` carries it:
        setting id -> list of entries (``valueType`` plus its ``deviceConfig``, ``stringConfig``, ``modeConfig``...),
        e.g. ``{"lights": [{"valueType": "DEVICE", "deviceConfig": {"deviceId": device_id, "componentId": "main"}}]}``.
        ``permissions`` default to the app's whitelist, ``location_id`` to the seeded location.
        """
        installation = self.emulator.install(self.app_id, permissions, location_id, config)
        return installation, self.post(installation.payload)

    def update(self, installed_app_id: str, **kwargs: Any) -> Delivery:
        """UPDATE: new tokens, and the configuration ``config=`` (shaped as in :meth:`install`; ``None`` keeps it)
        and ``permissions=``."""
        return self.post(self.emulator.update(installed_app_id, **kwargs))

    def event(self, installed_app_id: str, events: list[JsonDict] | None = None) -> Delivery | None:
        """EVENT with ``events``, or with what the world queued for the installed app (None when nothing is)."""
        payload = self.emulator.event(installed_app_id, events)
        if not payload["eventData"]["events"]:
            return None
        return self.post(payload)

    def deliver_events(self) -> list[Delivery]:
        """One EVENT per installed app of this app that has queued events (device changes matching its
        subscriptions, mode changes, due schedules)."""
        return [d for iid in self.emulator.installed_app_ids(self.app_id) if (d := self.event(iid)) is not None]

    def uninstall(self, installed_app_id: str) -> Delivery:
        """UNINSTALL: the installed app is removed and its tokens revoked."""
        return self.post(self.emulator.uninstall(installed_app_id))
