"""Bench 7: the device mirror with 2,000 devices (``python3 dev.py bench mirror``).

* Load: 2,000 emulated devices (switch, level, temperature, battery) read by the mirror through the in-process
  emulator: wall time, and the memory the mirror keeps (tracemalloc, after the load, with the client closed).
* Events: 20,000 DEVICE_EVENT frames already queued on the mirror's sink, consumed by ``mirror.changes()`` through
  the real client path (httpx streaming, SSE parsing, typed decoding, applying, handing out the change).  CPU
  seconds per event give the events/s one core sustains, and the share of a core that 200 events/s costs.
* pysmartthings 4.x (where installed, Python 3.13): its ``subscribe`` path keeps no state; what it does per event is
  parse the SSE message and decode it (``Event.from_json``-style mashumaro decoding) before calling the listener.
  The same 20,000 messages are decoded by that code, so the comparison is parse+decode against parse+decode+apply.
"""

from __future__ import annotations

import gc
import json
import random
import threading
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

Report = Callable[[str, float, str, bool], None]

DEVICES, EVENTS, RATE = 2000, 20_000, 200
CAPABILITIES = ["switch", "switchLevel", "temperatureMeasurement", "battery"]


def _frames(devices: list[str], location_id: str, count: int) -> list[bytes]:
    rng = random.Random(7)
    frames = []
    base = int(time.time() * 1000)
    for index in range(count):
        device = rng.choice(devices)
        choice = rng.randrange(3)
        value: Any
        if choice == 0:
            capability, attribute, value = "switch", "switch", rng.choice(["on", "off"])
        elif choice == 1:
            capability, attribute, value = "switchLevel", "level", rng.randrange(101)
        else:
            capability, attribute, value = "temperatureMeasurement", "temperature", round(rng.uniform(15, 25), 1)
        payload = {
            "eventTime": base + index,
            "eventType": "DEVICE_EVENT",
            "deviceEvent": {
                "eventId": f"e{index}",
                "locationId": location_id,
                "ownerId": location_id,
                "ownerType": "LOCATION",
                "deviceId": device,
                "componentId": "main",
                "capability": capability,
                "attribute": attribute,
                "value": value,
                "valueType": "string" if isinstance(value, str) else "number",
                "stateChange": True,
                "subscriptionName": "bench",
                "commandId": "",
                "sensitive": False,
            },
        }
        frames.append(f"event: DEVICE_EVENT\ndata: {json.dumps(payload, separators=(',', ':'))}\n\n".encode())
    return frames


def _ours(report: Report) -> tuple[list[bytes], float]:
    from smartthings_client import SmartAppToken, SmartThings
    from smartthings_client.live import DeviceMirror, MirrorSettings
    from smartthings_client.testing import Emulator

    emu = Emulator(seed=False, page_size=200)
    location_id = emu.add_location("Bench")
    install = emu.install_sse_app(location_id)
    devices = emu.add_devices(DEVICES, CAPABILITIES, location_id=location_id)
    credential = SmartAppToken(
        install.auth_token,
        installed_app_id=install.installed_app_id,
        location_id=location_id,
        scopes=install.payload["installData"]["installedApp"]["permissions"],
    )
    frames = _frames(devices, location_id, EVENTS)

    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    with SmartThings(credential, transport=emu.transport) as st:
        mirror = DeviceMirror(st, location_id, settings=MirrorSettings(stall_timeout=1e9, quiet_batch=0))
        started = time.perf_counter()
        mirror.load()
        load_seconds = time.perf_counter() - started
    gc.collect()
    kept = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del mirror
    gc.collect()
    print(
        f"mirror load: {DEVICES} devices in {load_seconds:.2f} s (under tracemalloc); kept {kept / 1e6:.1f} MB "
        f"({kept / DEVICES:.0f} B/device)"
    )
    report("mirror: memory kept for 2,000 devices, MB", kept / 1e6, "<= 20", kept / 1e6 <= 20)

    def queue_when_streaming() -> None:  # the server's side: every frame queued at once on the mirror's sink
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            sinks = emu.event_sinks
            if sinks and emu.stream_connections(sinks[0]):
                sink = emu._state.sinks[sinks[0]]
                for frame in frames:
                    sink._push(frame)
                return
            time.sleep(0.01)

    threading.Thread(target=queue_when_streaming, daemon=True).start()
    with SmartThings(credential, transport=emu.transport) as st:
        mirror = DeviceMirror(st, location_id, settings=MirrorSettings(stall_timeout=1e9, quiet_batch=0))
        changes = mirror.changes()
        applied = 0
        cpu = wall = 0.0
        sink: Any = None
        for _ in changes:
            if sink is None:  # the first change: from here the clock runs
                sink = emu._state.sinks[emu.event_sinks[0]]
                cpu, wall = time.process_time(), time.perf_counter()
                continue
            applied += 1
            if not sink._frames:
                break
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        changes.close()  # type: ignore[attr-defined]
    consumed = EVENTS - 1  # the first event started the clock
    rate = consumed / cpu
    print(
        f"mirror events: {consumed} events ({applied} changes) in {cpu:.2f} CPU s ({wall:.2f} s wall): "
        f"{rate:,.0f} events/s on one core; {RATE} events/s use {100 * RATE / rate:.1f}% of a core"
    )
    report("mirror: events/s on one core (2,000 devices)", rate, ">= 2000", rate >= 2000)
    report("mirror: share of a core at 200 events/s, %", 100 * RATE / rate, "<= 10", 100 * RATE / rate <= 10)
    return frames, rate


def _pysmartthings(frames: list[bytes], ours: float) -> None:
    """pysmartthings 4.x's subscribe path, from the SSE message on: ``_dispatch_event`` decodes the message
    (mashumaro) and calls the device-event listeners; it keeps no state.  The socket read and its line splitting
    are left out (in our figure they are in), so this is a floor of its cost."""
    try:
        from pysmartthings import SmartThings as TheirClient
    except ImportError:
        print("pysmartthings: not installed here (python3 dev.py bench installs it on Python 3.13)")
        return
    messages = [frame.decode().split("data: ", 1)[1].strip() for frame in frames]
    their = TheirClient()
    seen: list[Any] = []
    their.add_unspecified_device_event_listener(seen.append)
    dispatch = their._dispatch_event
    started = time.process_time()
    for message in messages:
        dispatch("DEVICE_EVENT", message)
    cpu = time.process_time() - started
    assert len(seen) == len(messages)
    rate = len(messages) / cpu
    print(
        f"pysmartthings subscribe path (decode + listener, no state, no socket): {rate:,.0f} events/s on one "
        f"core; ours (socket, SSE, decode, state, change) {ours:,.0f}: ratio {ours / rate:.2f}"
    )


def device_mirror(report: Report) -> None:
    frames, rate = _ours(report)
    _pysmartthings(frames, rate)
