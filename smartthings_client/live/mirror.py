"""``DeviceMirror`` and ``AsyncDeviceMirror``: the state of every device of some locations, kept true.

Both are thin drivers of one plan (:mod:`._plan`): they carry its steps out with the client's ordinary calls,
blocking or awaited, and hand each change to the subscribers and the iterator.  Reads (``read``, ``status``...)
answer from memory and never call the API.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .._driving import Driving
from .._operation import one_or_many
from ..client import AsyncSmartThings, SmartThings
from ..errors import InvalidArgumentError, SmartThingsError
from ..models.devices import Device, DeviceStatus
from ..resources.events import MemorySinkStore, SinkStore
from . import _plan as plan
from ._state import Change, ChangeFilter, MirrorState, Subscription

if TYPE_CHECKING:
    from ..catalog._runtime import Attribute, Reading

T = TypeVar("T")
C = TypeVar("C")


class _Mirror(Generic[C]):
    """What both mirrors share: the state, its reads and the subscriptions."""

    def __init__(
        self,
        client: C,
        location_ids: str | Iterable[str],
        *,
        store: SinkStore | None = None,
        settings: plan.MirrorSettings | None = None,
    ) -> None:
        try:
            locations = one_or_many(location_ids, "location_ids")
        except (TypeError, ValueError) as exc:
            raise InvalidArgumentError(str(exc)) from exc
        if not locations:
            raise InvalidArgumentError("give at least one location id")
        self.client = client
        self.location_ids: tuple[str, ...] = tuple(locations)
        self.store: SinkStore = store if store is not None else MemorySinkStore()
        self.settings = settings or plan.MirrorSettings()
        self._state = MirrorState()
        self._running = False

    # --- reads, from memory -------------------------------------------------------------------------------------

    @property
    def loaded(self) -> bool:
        """Whether the devices have been read (by :meth:`load` or the first change iteration)."""
        return self._state.loaded

    @property
    def device_ids(self) -> tuple[str, ...]:
        """The mirrored devices."""
        return tuple(self._state.devices)

    def __len__(self) -> int:
        return len(self._state.devices)

    def __contains__(self, device_id: object) -> bool:
        return device_id in self._state.devices

    def device(self, device_id: str) -> Device:
        """The device as last listed (``KeyError`` for a device the mirror does not hold)."""
        return self._state.entry(device_id).device

    def status(self, device_id: str) -> DeviceStatus:
        """The device's whole status as mirrored now (a copy: later changes do not alter it)."""
        return self._state.status(device_id)

    def health(self, device_id: str) -> str | None:
        """``ONLINE``, ``OFFLINE``, ``UNHEALTHY``, ``UNKNOWN`` (not enrolled), or ``None`` when never read."""
        return self._state.entry(device_id).health

    def read(self, device_id: str, key: Attribute[T], component: str = "main") -> T | None:
        """One attribute through a typed key of the catalogue: ``mirror.read(light, switch.SWITCH)`` is
        ``"on"``, ``"off"`` or ``None``."""
        state = self._state.state(device_id, key.capability, key.attribute, component)
        value: T | None = None if state is None else state.value  # as sent (see DeviceStatus.read)
        return value

    def reading(self, device_id: str, key: Attribute[T], component: str = "main") -> Reading[T] | None:
        """One attribute with its unit, time and schema ``problem`` (see ``DeviceStatus.reading``)."""
        state = self._state.state(device_id, key.capability, key.attribute, component)
        return None if state is None else key.reading(state)

    # --- subscriptions ------------------------------------------------------------------------------------------

    def subscribe(
        self,
        callback: Callable[[Change], Any],
        *,
        device_id: str | None = None,
        key: Attribute[Any] | None = None,
        capability: str | None = None,
        attribute: str | None = None,
        component: str | None = None,
    ) -> Subscription:
        """Call ``callback(change)`` for each matching change while the mirror runs (in the thread or task that
        iterates :meth:`changes`; keep it quick).  Filter by device, by a catalogue ``key`` or by
        capability/attribute names, and component; no filter: every change.  ``.cancel()`` the result to stop.
        A callback that raises is logged and stays subscribed."""
        wanted = self._filter(device_id, key, capability, attribute, component)
        subscription = Subscription(self._state.subscribers, wanted, callback)
        self._state.subscribers.append(subscription)
        return subscription

    @staticmethod
    def _filter(
        device_id: str | None,
        key: Attribute[Any] | None,
        capability: str | None,
        attribute: str | None,
        component: str | None,
    ) -> ChangeFilter:
        try:
            return ChangeFilter.of(device_id, key, capability, attribute, component)
        except ValueError as exc:
            raise InvalidArgumentError(str(exc)) from exc

    def _emit(self, step: plan.Emit, wanted: ChangeFilter) -> bool:
        """Tell the subscribers of a change; whether the caller of ``changes()`` wants it too."""
        self._state.notify(step.change)
        return wanted.matches(step.change)

    def _plan(self) -> plan.Plan:
        if self._running:
            raise InvalidArgumentError("this mirror is already running: iterate changes() once at a time")
        return plan.mirror_plan(self._state, self.location_ids, self.settings, self.store)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(locations={list(self.location_ids)}, devices={len(self._state.devices)})"


class DeviceMirror(_Mirror[SmartThings]):
    """The current state of every device of some locations, kept true from the event stream (blocking client).

    ``for change in mirror.changes(): ...`` loads every device, status and health by REST, then applies the
    stream's events, renewing the stream, re-reading and reconnecting by itself (see
    :class:`~smartthings_client.live.MirrorSettings`); stopping the loop deletes the sink.  The token needs the
    reserved ``sse`` scope (like ``st.events``) and ``r:devices:*``.
    """

    def load(self) -> None:
        """Read every device, its status and health by REST now (``changes()`` does it when not yet loaded; on
        later cycles the differences come out as ``resync`` changes)."""
        runner = plan.load_all(self._state, self.location_ids)
        self._run_steps(runner)

    def changes(
        self,
        *,
        device_id: str | None = None,
        key: Attribute[Any] | None = None,
        capability: str | None = None,
        attribute: str | None = None,
        component: str | None = None,
    ) -> Iterator[Change]:
        """Run the mirror for as long as you iterate, yielding the matching changes (all by default; the
        subscribers get theirs too).  Break out (or Ctrl-C) to stop: the stream is closed and the sink deleted.
        Raises what stops the mirror for good: a scope or token error, ``ReauthorizationRequired``,
        ``SinkSlotsTakenError``."""
        wanted = self._filter(device_id, key, capability, attribute, component)
        return self._drive(self._plan(), wanted)

    def _drive(self, steps: plan.Plan, wanted: ChangeFilter) -> Iterator[Change]:
        self._running = True
        driving = Driving(steps, quiet=(plan.Emit, plan.Sleep), stop=plan.Stop)
        try:
            while (step := driving.next_step()) is not None:
                try:
                    if isinstance(step, plan.Emit):
                        if self._emit(step, wanted):
                            yield step.change
                    else:
                        driving.done(self._carry_out(step))
                except SmartThingsError as exc:
                    driving.failed(exc)
                except BaseException as exc:  # the consumer stopped (break, close, Ctrl-C): let the plan clean up
                    driving.interrupted(exc)
            driving.finish()
        finally:
            self._running = False

    def _run_steps(self, steps: Any) -> Any:
        value: Any = None
        pending: SmartThingsError | None = None
        while True:
            try:
                step = steps.send(value) if pending is None else steps.throw(pending)
            except StopIteration as done:
                return done.value
            value = pending = None
            try:
                value = self._carry_out(step)
            except SmartThingsError as exc:
                pending = exc

    def _carry_out(self, step: plan.Step) -> Any:
        st = self.client
        if isinstance(step, plan.Read):
            return next(step.stream, None)
        if isinstance(step, plan.ListDevices):
            return list(st.devices.list(location_id=list(step.location_ids), include_status=True, include_health=True))
        if isinstance(step, plan.GetStatus):
            return st.devices.status(step.device_id)
        if isinstance(step, plan.GetHealth):
            return st.devices.health(step.device_id)
        if isinstance(step, plan.GetDevice):
            return st.devices.get(step.device_id)
        if isinstance(step, plan.CreateSink):
            return st.events.create_sink(list(step.location_ids), event_types=step.event_types, name=step.name)
        if isinstance(step, plan.DeleteSink):
            return st.events.delete_sink(step.sink_id)
        if isinstance(step, plan.Open):
            return st.events.open_stream(step.sink, idle_timeout=step.idle_timeout)
        if isinstance(step, plan.Close):
            step.stream.close()
        elif isinstance(step, plan.Sleep):
            self.settings.sleep(step.seconds)
        return None


class AsyncDeviceMirror(_Mirror[AsyncSmartThings]):
    """The async twin of :class:`DeviceMirror`: ``await mirror.load()``, ``async for change in
    mirror.changes()``; the same decisions, awaited."""

    async def load(self) -> None:
        """Read every device, its status and health by REST now (see :meth:`DeviceMirror.load`)."""
        runner = plan.load_all(self._state, self.location_ids)
        await self._run_steps(runner)

    def changes(
        self,
        *,
        device_id: str | None = None,
        key: Attribute[Any] | None = None,
        capability: str | None = None,
        attribute: str | None = None,
        component: str | None = None,
    ) -> AsyncIterator[Change]:
        """``async for change in mirror.changes()`` (see :meth:`DeviceMirror.changes`); stop with ``break`` and
        ``await it.aclose()``, or by cancelling the task: the sink is deleted."""
        wanted = self._filter(device_id, key, capability, attribute, component)
        return self._drive(self._plan(), wanted)

    async def _drive(self, steps: plan.Plan, wanted: ChangeFilter) -> AsyncIterator[Change]:
        self._running = True
        driving = Driving(steps, quiet=(plan.Emit, plan.Sleep), stop=plan.Stop)
        try:
            while (step := driving.next_step()) is not None:
                try:
                    if isinstance(step, plan.Emit):
                        if self._emit(step, wanted):
                            yield step.change
                    else:
                        driving.done(await self._carry_out(step))
                except SmartThingsError as exc:
                    driving.failed(exc)
                except BaseException as exc:  # the consumer stopped (aclose, cancellation): let the plan clean up
                    driving.interrupted(exc)
            driving.finish()
        finally:
            self._running = False

    async def _run_steps(self, steps: Any) -> Any:
        value: Any = None
        pending: SmartThingsError | None = None
        while True:
            try:
                step = steps.send(value) if pending is None else steps.throw(pending)
            except StopIteration as done:
                return done.value
            value = pending = None
            try:
                value = await self._carry_out(step)
            except SmartThingsError as exc:
                pending = exc

    async def _carry_out(self, step: plan.Step) -> Any:
        st = self.client
        if isinstance(step, plan.Read):
            return await anext(step.stream, None)
        if isinstance(step, plan.ListDevices):
            pages = st.devices.list(location_id=list(step.location_ids), include_status=True, include_health=True)
            return [device async for device in pages]
        if isinstance(step, plan.GetStatus):
            return await st.devices.status(step.device_id)
        if isinstance(step, plan.GetHealth):
            return await st.devices.health(step.device_id)
        if isinstance(step, plan.GetDevice):
            return await st.devices.get(step.device_id)
        if isinstance(step, plan.CreateSink):
            return await st.events.create_sink(list(step.location_ids), event_types=step.event_types, name=step.name)
        if isinstance(step, plan.DeleteSink):
            return await st.events.delete_sink(step.sink_id)
        if isinstance(step, plan.Open):
            return await st.events.open_stream(step.sink, idle_timeout=step.idle_timeout)
        if isinstance(step, plan.Close):
            await step.stream.aclose()
        elif isinstance(step, plan.Sleep):
            if self.settings.async_sleep is not None:
                await self.settings.async_sleep(step.seconds)
            else:
                await asyncio.sleep(step.seconds)
        return None
