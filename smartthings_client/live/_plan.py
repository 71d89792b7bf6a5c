"""Every decision of the mirror, once, as a plan of steps that the sync and the async driver each carry out.

The plan is a generator: it yields a step (list the devices, read a status, create a sink, read the stream,
sleep...), the driver performs it with the client's ordinary calls (so whatever the client applies to a call,
retries, and the rate budgets, applies here too) and sends the answer back, or throws the error in.

The cycle: delete the sinks earlier runs left (their ids are in the store) -> create a sink (on 409 "threshold
limit of 2", delete the sinks this mirror owns and retry once) -> open its stream -> re-read every device by REST
(on the first cycle this is the load; later, every difference is a ``resync`` change) -> apply events.  Opening the
stream before the re-read means no event falls between the two; events older than the re-read are skipped.

The stream is renewed (back to "create a sink") when the server ends it, on ``goodbye``, when keepalives come but
no device event has for ``stall_timeout`` (the silent stream), and when a device that reported regularly has gone
quiet and a REST read shows it changed (the stream lost events).  A failure (connection, DNS, 5xx, 404 sink gone,
429) waits a jittered exponential :class:`~smartthings_client.resources.events.Backoff` first, logged once per
attempt; anything else (scopes, a refused refresh token) stops the mirror with that error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Generator, Iterable, Sequence
from datetime import datetime, timezone
from typing import Any, Protocol, runtime_checkable

import attrs

from ..errors import NotFoundError, SinkLimitError, SinkSlotsTakenError, SmartThingsError
from ..models.devices import Device, DeviceHealth, DeviceStatus
from ..models.events import ControlEvent, DeviceEvent, DeviceHealthEvent, DeviceLifecycleEvent, Sink
from ..resources.events import DEFAULT_EVENT_TYPES, IDLE_TIMEOUT, Backoff, SinkStore, _retryable
from ._state import Change, MirrorState, health_from_listing, slim, status_from_listing

log = logging.getLogger("smartthings_client")


@attrs.frozen(kw_only=True)
class MirrorSettings:
    """How the mirror watches its stream; the defaults suit the real API (keepalives about every 60 s).

    * ``stall_timeout``: keepalives arrive but no device event has for this many seconds: re-read by REST and
      renew the stream (the "silent stream" of home-assistant/core#176244).
    * ``quiet_factor``/``quiet_minimum``: a device that sent 3+ events and is then silent for ``quiet_factor``
      times its usual gap (and at least ``quiet_minimum`` s) is re-read by REST, at most ``quiet_batch`` devices
      every ``quiet_check_every`` s.  If it changed, the stream lost events: it is renewed.
    * ``idle_timeout``: no byte at all for this long (not even a keepalive): the connection is dead.
    * ``min_stream_life``: a stream that ends sooner than this without a device event counts as a failure (waits
      a backoff), so a server that closes at once cannot make a tight loop.
    * ``clock``, ``sleep``, ``async_sleep``: injectable, so tests run on an emulated clock and never wait.
    """

    stall_timeout: float = 600.0
    quiet_factor: float = 4.0
    quiet_minimum: float = 900.0
    quiet_check_every: float = 60.0
    quiet_batch: int = 5
    idle_timeout: float = IDLE_TIMEOUT
    min_stream_life: float = 5.0
    backoff: Backoff = attrs.field(factory=Backoff)
    event_types: tuple[str, ...] = DEFAULT_EVENT_TYPES
    sink_name: str = "smartthings-client-mirror"
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Any] | None = None

    def __attrs_post_init__(self) -> None:
        for name in ("stall_timeout", "quiet_factor", "quiet_minimum", "quiet_check_every", "idle_timeout"):
            if getattr(self, name) <= 0:
                raise ValueError(f"MirrorSettings.{name} must be positive")
        if self.quiet_batch < 0:
            raise ValueError("MirrorSettings.quiet_batch must be >= 0")


# --- the steps a driver carries out ------------------------------------------------------------------------------


@attrs.frozen
class ListDevices:
    """``st.devices.list(location_id=..., include_status=True, include_health=True)``, every page."""

    location_ids: tuple[str, ...]


@attrs.frozen
class GetDevice:
    device_id: str


@attrs.frozen
class GetStatus:
    device_id: str


@attrs.frozen
class GetHealth:
    device_id: str


@attrs.frozen
class CreateSink:
    location_ids: tuple[str, ...]
    event_types: tuple[str, ...]
    name: str


@attrs.frozen
class DeleteSink:
    sink_id: str


@attrs.frozen
class Open:
    sink: Sink
    idle_timeout: float


@attrs.frozen
class Read:
    stream: Any


@attrs.frozen
class Close:
    stream: Any


@attrs.frozen
class Emit:
    change: Change


@attrs.frozen
class Sleep:
    seconds: float


Step = ListDevices | GetDevice | GetStatus | GetHealth | CreateSink | DeleteSink | Open | Read | Close | Emit | Sleep
Plan = Generator[Step, Any, None]


class Stop(Exception):
    """Thrown into a plan when the consumer stops: the plan closes its stream and deletes its sink."""


# --- the sink ids this mirror owns, kept in the store --------------------------------------------------------------


@runtime_checkable
class SinkIdsStore(Protocol):
    """A :class:`~smartthings_client.resources.events.SinkStore` that keeps several ids
    (:class:`~smartthings_client.resources.events.MemorySinkStore` and ``FileSinkStore`` do): a sink whose delete
    failed stays recorded next to the current one, so a later start or a 409 can still delete it."""

    def load_all(self) -> list[str]: ...

    def save_all(self, sink_ids: Sequence[str]) -> None: ...


class Ledger:
    """The sink ids this mirror created and has not seen deleted, persisted on every change."""

    def __init__(self, store: SinkStore) -> None:
        self._store = store
        if isinstance(store, SinkIdsStore):
            self.ids = list(store.load_all())
        else:
            single = store.load()
            self.ids = [single] if single else []

    def _save(self) -> None:
        if isinstance(self._store, SinkIdsStore):
            self._store.save_all(self.ids)
        else:  # a one-id store keeps the newest
            self._store.save(self.ids[-1] if self.ids else None)

    def add(self, sink_id: str) -> None:
        self.ids.append(sink_id)
        self._save()

    def discard(self, sink_id: str) -> None:
        if sink_id in self.ids:
            self.ids.remove(sink_id)
            self._save()


def delete_owned(ledger: Ledger, keep: str | None = None) -> Generator[Step, Any, list[str]]:
    """Delete every sink the ledger holds but ``keep``; returns those gone (deleted now, or already gone: 404)."""
    gone = []
    for sink_id in [i for i in ledger.ids if i != keep]:
        try:
            yield DeleteSink(sink_id)
        except NotFoundError:
            pass
        except SmartThingsError as exc:
            log.warning("mirror: could not delete sink %s (%s); it stays recorded", sink_id, type(exc).__name__)
            continue
        ledger.discard(sink_id)
        gone.append(sink_id)
    return gone


def create_sink(ledger: Ledger, step: CreateSink) -> Generator[Step, Any, Sink]:
    """Create the sink; on the 2-sink limit, delete the ones this mirror owns and try once more."""
    try:
        sink: Sink = yield step
    except SinkLimitError as exc:
        deleted = yield from delete_owned(ledger)
        if not deleted:
            raise SinkSlotsTakenError.of(exc, deleted=()) from exc
        log.warning("mirror: sink limit reached; deleted %d sink(s) of earlier runs and retrying", len(deleted))
        try:
            sink = yield step
        except SinkLimitError as again:
            raise SinkSlotsTakenError.of(again, deleted=tuple(deleted)) from again
    ledger.add(sink.subscription_id)
    return sink


def retire(stream: Any, sink: Sink | None, ledger: Ledger) -> Generator[Step, Any, None]:
    """Close the stream and delete the sink; a sink whose delete failed stays in the ledger."""
    if stream is not None:
        yield Close(stream)
    if sink is not None:
        try:
            yield DeleteSink(sink.subscription_id)
        except NotFoundError:
            pass
        except SmartThingsError as exc:
            log.warning("mirror: could not delete sink %s (%s); it stays recorded", sink.id, type(exc).__name__)
            return
        ledger.discard(sink.subscription_id)


# --- REST reads ----------------------------------------------------------------------------------------------------


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def load_all(state: MirrorState, location_ids: tuple[str, ...]) -> Generator[Step, Any, list[Change]]:
    """Every device of the locations with its status and health (one paged list call; a device whose listing
    carries no status is read on its own); the differences from the mirror, as ``resync`` changes."""
    devices: list[Device] = yield ListDevices(location_ids)
    snapshot = []
    for device in devices:
        status = status_from_listing(device)
        health = health_from_listing(device)
        if status is None:
            status = yield GetStatus(device.device_id)
            if health is None:
                reply: DeviceHealth = yield GetHealth(device.device_id)
                health = str(reply.state)
        snapshot.append((slim(device), status, health))
    return state.replace(snapshot, _utcnow(), complete=True)


def load_one(state: MirrorState, device_id: str) -> Generator[Step, Any, list[Change]]:
    """One device re-read by REST (a quiet device, a created or updated one); a device gone is forgotten."""
    try:
        device: Device = yield GetDevice(device_id)
        status: DeviceStatus = yield GetStatus(device_id)
        health: DeviceHealth = yield GetHealth(device_id)
    except NotFoundError:
        state.forget(device_id)
        return []
    return state.replace([(device, status, str(health.state))], _utcnow(), complete=False)


# --- the cycle -------------------------------------------------------------------------------------------------------


def mirror_plan(
    state: MirrorState, location_ids: Iterable[str], settings: MirrorSettings, store: SinkStore
) -> Plan:
    locations = tuple(location_ids)
    ledger = Ledger(store)
    if ledger.ids:
        log.info("mirror: deleting %d sink(s) an earlier run left", len(ledger.ids))
        yield from delete_owned(ledger)
    create = CreateSink(locations, settings.event_types, settings.sink_name)
    failures = 0
    sink: Sink | None = None
    stream: Any = None
    try:
        while True:
            try:
                sink = yield from create_sink(ledger, create)
                stream = yield Open(sink, settings.idle_timeout)
                opened = settings.clock()
                for change in (yield from load_all(state, locations)):
                    yield Emit(change)
                if len(ledger.ids) > 1:  # a sink whose delete failed during an outage: try again now it is over
                    yield from delete_owned(ledger, keep=sink.subscription_id)
                healthy = yield from _follow(state, stream, settings, opened)
                if healthy:
                    failures = 0
                else:
                    failures += 1
                    wait = settings.backoff.delay(failures)
                    log.warning("mirror: the stream ended at once; reconnecting in %.1f s (attempt %d)", wait, failures)
                    yield from retire(stream, sink, ledger)
                    stream = sink = None
                    yield Sleep(wait)
                    continue
            except SmartThingsError as exc:
                if not _retryable(exc):
                    yield from retire(stream, sink, ledger)
                    raise
                failures += 1
                wait = settings.backoff.delay(failures)
                log.warning(
                    "mirror: %s (%s); reconnecting in %.1f s (attempt %d)",
                    type(exc).__name__,
                    _short(exc),
                    wait,
                    failures,
                )
                yield from retire(stream, sink, ledger)
                stream = sink = None
                yield Sleep(wait)
                continue
            yield from retire(stream, sink, ledger)
            stream = sink = None
    except Stop:
        yield from retire(stream, sink, ledger)


def _short(exc: SmartThingsError) -> str:
    text = str(exc)
    return text if len(text) <= 160 else text[:157] + "..."


def _follow(state: MirrorState, stream: Any, settings: MirrorSettings, opened: float) -> Generator[Step, Any, bool]:
    """Apply the stream's events until it must be renewed; whether it was a healthy stream (it delivered a device
    event or lived ``min_stream_life``), so that renewing it needs no backoff.  ``opened``: when the stream was
    opened, the start of the silence the stall watchdog measures."""
    clock = settings.clock
    last_event = last_check = opened
    delivered = False
    while True:
        event = yield Read(stream)
        now = clock()
        if event is None:
            log.info("mirror: the server closed the stream; renewing it")
            break
        if isinstance(event, DeviceEvent):
            last_event, delivered = now, True
            change = state.apply(event, now)
            if change is not None:
                yield Emit(change)
        elif isinstance(event, DeviceHealthEvent):
            last_event, delivered = now, True
            change = state.apply_health(event, now)
            if change is not None:
                yield Emit(change)
        elif isinstance(event, DeviceLifecycleEvent):
            last_event, delivered = now, True
            if event.device_id and event.lifecycle == "DELETE":
                state.forget(event.device_id)
            elif event.device_id:
                for change in (yield from load_one(state, event.device_id)):
                    yield Emit(change)
        elif isinstance(event, ControlEvent) and event.is_goodbye:
            log.info("mirror: goodbye from the server; renewing the stream")
            break
        if now - last_event >= settings.stall_timeout:
            log.warning(
                "mirror: keepalives but no device event for %.0f s; re-reading every device and renewing the stream",
                now - last_event,
            )
            return True
        if settings.quiet_batch and now - last_check >= settings.quiet_check_every:
            last_check = now
            if (yield from _check_quiet(state, settings, now)):
                return True
    return delivered or clock() - opened >= settings.min_stream_life


def _check_quiet(state: MirrorState, settings: MirrorSettings, now: float) -> Generator[Step, Any, bool]:
    """Re-read devices that went quiet; whether one had changed unseen (then the stream is renewed)."""
    missed = False
    for device_id in state.quiet_devices(now, settings.quiet_factor, settings.quiet_minimum, settings.quiet_batch):
        changes = yield from load_one(state, device_id)
        if changes:
            missed = True
            for change in changes:
                yield Emit(change)
        else:
            state.expect_less(device_id, now)
    if missed:
        log.warning("mirror: a quiet device had changed without an event; renewing the stream")
    return missed
