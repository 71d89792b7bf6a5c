"""Benchmarks (not tests): the client's cost against raw httpx, and its decoding against pysmartthings.

    python3 dev.py bench          # sets up .venv-bench on Python 3.13 with pysmartthings 4.x

1. Per-call time of ``devices.get`` (decode included) against ``httpx.Client.get`` + ``json.loads`` on the same
   in-process transport, sync and async; printed as a ratio (target <= 1.25).
2. Decode time of devices_8.json and the largest device status against pysmartthings decoding the same bytes
   (target: no slower).

Each figure is the best of several rounds (the minimum is the least disturbed by the machine's other work), and
rounds alternate between the two sides so both see the same conditions.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import orjson

from smartthings_client import AsyncSmartThings, SmartThings
from smartthings_client.models import Device, DeviceStatus
from smartthings_client.models.converter import decoder

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "pysmartthings"
DEVICE_ID = "440063de-a200-40b5-8a6b-f3399eaa0370"
URL = f"https://api.smartthings.com/v1/devices/{DEVICE_ID}"
ROUNDS = 9


def _best(samples: list[float]) -> float:
    return min(samples)


def _time_sync(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return (time.perf_counter() - start) / calls


async def _time_async(fn: Callable[[], Awaitable[object]], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        await fn()
    return (time.perf_counter() - start) / calls


def _compare(name: str, ours: list[float], theirs: list[float], label: str) -> float:
    ratio = _best(ours) / _best(theirs)
    print(
        f"{name:34s} ours {_best(ours) * 1e6:8.1f} us   {label} {_best(theirs) * 1e6:8.1f} us   "
        f"ratio {ratio:.3f}   (median ratio {statistics.median(ours) / statistics.median(theirs):.3f})"
    )
    return ratio


def overhead() -> tuple[float, float]:
    body = (FIXTURES / "device.json").read_bytes()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "application/json"})
    )
    raw = httpx.Client(transport=transport)
    st = SmartThings("benchmark-token", transport=transport)
    calls = 2000
    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(2):  # warm up both paths (decoder generation, connection pool)
        _time_sync(lambda: st.devices.get(DEVICE_ID), 200)
        _time_sync(lambda: json.loads(raw.get(URL).content), 200)
    for _ in range(ROUNDS):
        theirs.append(_time_sync(lambda: json.loads(raw.get(URL).content), calls))
        ours.append(_time_sync(lambda: st.devices.get(DEVICE_ID), calls))
    sync_ratio = _compare("devices.get (sync)", ours, theirs, "raw httpx")
    st.close()
    raw.close()

    async def run_async() -> float:
        araw = httpx.AsyncClient(transport=transport)
        ast = AsyncSmartThings("benchmark-token", transport=transport)

        async def raw_get() -> object:
            return json.loads((await araw.get(URL)).content)

        async def our_get() -> object:
            return await ast.devices.get(DEVICE_ID)

        ours_a: list[float] = []
        theirs_a: list[float] = []
        await _time_async(our_get, 400)
        await _time_async(raw_get, 400)
        for _ in range(ROUNDS):
            theirs_a.append(await _time_async(raw_get, calls))
            ours_a.append(await _time_async(our_get, calls))
        await ast.aclose()
        await araw.aclose()
        return _compare("devices.get (async)", ours_a, theirs_a, "raw httpx")

    return sync_ratio, asyncio.run(run_async())


def decoding() -> list[float] | None:
    try:
        from pysmartthings.models import DeviceResponse as TheirDevices
        from pysmartthings.models import DeviceStatus as TheirStatus
    except ImportError:
        print(f"pysmartthings is not installed in this Python ({sys.version.split()[0]}); skipping decode comparison")
        return None
    statuses = sorted((FIXTURES / "device_status").glob("*.json"), key=lambda p: p.stat().st_size)
    cases = [
        ("devices_8.json", (FIXTURES / "devices_8.json").read_bytes(), Device, TheirDevices),
        (f"status {statuses[-1].name}", statuses[-1].read_bytes(), DeviceStatus, TheirStatus),
    ]
    ratios = []
    for name, raw_bytes, ours_type, theirs_type in cases:
        decode = decoder(ours_type)
        if ours_type is Device:

            def ours_fn(data: bytes = raw_bytes, decode: Callable[[object], object] = decode) -> object:
                return [decode(item) for item in orjson.loads(data)["items"]]
        else:

            def ours_fn(data: bytes = raw_bytes, decode: Callable[[object], object] = decode) -> object:
                return decode(orjson.loads(data))

        def theirs_fn(data: bytes = raw_bytes, cls: type = theirs_type) -> object:
            return cls.from_json(data)  # type: ignore[attr-defined]

        calls = 50 if len(raw_bytes) > 100_000 else 200
        _time_sync(ours_fn, 20)
        _time_sync(theirs_fn, 20)
        ours: list[float] = []
        theirs: list[float] = []
        for _ in range(ROUNDS):
            theirs.append(_time_sync(theirs_fn, calls))
            ours.append(_time_sync(ours_fn, calls))
        ratios.append(_compare(f"decode {name}", ours, theirs, "pysmartthings"))
    return ratios


def main() -> None:
    print(f"Python {sys.version.split()[0]}, httpx {httpx.__version__}")
    sync_ratio, async_ratio = overhead()
    ratios = decoding()
    print()
    print(f"overhead target <= 1.25: sync {sync_ratio:.3f}, async {async_ratio:.3f}")
    if ratios is not None:
        print("decode target <= 1.00 (no slower than pysmartthings): " + ", ".join(f"{r:.3f}" for r in ratios))


if __name__ == "__main__":
    main()
