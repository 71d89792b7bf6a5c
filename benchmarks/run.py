"""Benchmarks (not tests), each printed as a ratio measured in one run with interleaved rounds.

    python3 dev.py bench          # sets up .venv-bench on Python 3.13 with pysmartthings 4.x and httpx-aiohttp

1. Async fan-out: 1,000 device-status reads (a 62 KB body) over loopback, 50 in flight, against pysmartthings
   and raw aiohttp + orjson (no decoding); httpx's own async transport and httpx-aiohttp for reference.
   Target: ours/pysmartthings >= 1.2 in throughput.
2. Sync fan-out (50 threads) against raw ``httpx.Client.get`` + ``orjson.loads``.
3. Per-call overhead of ``devices.get`` over raw httpx + ``json.loads`` on an in-process transport (<= 1.10).
4. Start-up: ``from smartthings_client import SmartThings, AsyncSmartThings`` and ``smartthings-client --help``
   against ``import httpx`` (<= 2.0); the pytest plugin's cost to a run that does not use it (< 50 ms).
5. Paging 100,000 devices: time per device and peak memory, against 10,000 (flat: ratio ~1).
6. The emulator over HTTP: device-status requests/s with 50 in flight (>= 1,000).
7. The device mirror: memory for 2,000 devices, events/s on one core, beside pysmartthings' subscribe path
   (benchmarks/_mirror.py).

``python3 dev.py bench mirror paging`` runs only the benches named (names: see ``BENCHES``).

Throughput figures are medians of interleaved rounds; per-call figures are the best of several rounds (the
minimum is the least disturbed by the machine's other work).
"""

from __future__ import annotations

import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _loopback import serve

from smartthings_client import AsyncSmartThings, SmartThings

# The real device statuses the tests use (tests/data/pysmartthings, with its provenance README).
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "pysmartthings"
STATUS = max((FIXTURES / "device_status").glob("*.json"), key=lambda p: p.stat().st_size)
DEVICE_ID = "440063de-a200-40b5-8a6b-f3399eaa0370"
URL = f"https://api.smartthings.com/v1/devices/{DEVICE_ID}"
ROUNDS = 5
READS, IN_FLIGHT = 1000, 50
RESULTS: list[tuple[str, float, str, bool]] = []


def report(name: str, value: float, target: str, met: bool) -> None:
    RESULTS.append((name, value, target, met))


# --- 1. async fan-out ------------------------------------------------------------------------------------------


async def _fan(call: Callable[[], Awaitable[object]]) -> float:
    gate = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        async with gate:
            await call()

    start = time.perf_counter()
    await asyncio.gather(*(one() for _ in range(READS)))
    return READS / (time.perf_counter() - start)


def _ours(origin: str, transport: Callable[[], httpx.AsyncBaseTransport] | None = None) -> Callable[[], float]:
    async def run() -> float:
        extra: dict[str, Any] = {} if transport is None else {"transport": transport()}
        async with AsyncSmartThings("token", base_url=origin + "/v1", **extra) as st:
            await _fan(lambda: st.devices.status(DEVICE_ID))  # warm: connections and decoders
            return await _fan(lambda: st.devices.status(DEVICE_ID))

    return lambda: asyncio.run(run())


def _raw_aiohttp(origin: str) -> Callable[[], float]:
    import aiohttp

    async def run() -> float:
        async with aiohttp.ClientSession() as session:

            async def one() -> None:
                async with session.get(f"{origin}/v1/devices/{DEVICE_ID}/status") as response:
                    orjson.loads(await response.read())

            await _fan(one)
            return await _fan(one)

    return lambda: asyncio.run(run())


def _pysmartthings(origin: str) -> Callable[[], float] | None:
    try:
        from pysmartthings import SmartThings as TheirClient
    except ImportError:
        return None
    import aiohttp
    from yarl import URL as YURL

    class ToLoopback(aiohttp.ClientSession):  # pysmartthings always calls https://api.smartthings.com
        def _request(self, method: str, str_or_url: Any, **kwargs: Any) -> Any:
            return super()._request(method, YURL(origin).with_path(YURL(str(str_or_url)).path), **kwargs)

    async def run() -> float:
        async with ToLoopback() as session:
            st = TheirClient(session=session)
            st.authenticate("token")
            await _fan(lambda: st.get_device_status(DEVICE_ID))
            return await _fan(lambda: st.get_device_status(DEVICE_ID))

    return lambda: asyncio.run(run())


def _contest(contestants: dict[str, Callable[[], float]], rounds: int = ROUNDS) -> dict[str, float]:
    samples: dict[str, list[float]] = {name: [] for name in contestants}
    for _ in range(rounds):
        for name, run in contestants.items():
            samples[name].append(run())
    return {name: statistics.median(values) for name, values in samples.items()}


def async_fan_out() -> None:
    import warnings

    warnings.simplefilter("ignore", DeprecationWarning)  # aiohttp frowns on subclassing ClientSession
    with serve(STATUS) as origin:
        contestants: dict[str, Callable[[], float]] = {"ours (aiohttp under httpx)": _ours(origin)}
        theirs = _pysmartthings(origin)
        if theirs is not None:
            contestants["pysmartthings"] = theirs
        contestants["raw aiohttp + orjson"] = _raw_aiohttp(origin)
        contestants["ours on httpx's own transport"] = _ours(
            origin, lambda: httpx.AsyncHTTPTransport(limits=httpx.Limits(max_connections=50))
        )
        try:
            from httpx_aiohttp import AiohttpTransport
        except ImportError:
            pass
        else:
            contestants["ours on httpx-aiohttp"] = _ours(origin, AiohttpTransport)
        rates = _contest(contestants)
    print(f"async fan-out: {READS} reads of a {STATUS.stat().st_size // 1000} KB status, {IN_FLIGHT} in flight")
    for name, rate in rates.items():
        print(f"  {name:32s} {rate:7.0f} req/s")
    ours = rates["ours (aiohttp under httpx)"]
    if "pysmartthings" in rates:
        ratio = ours / rates["pysmartthings"]
        report("async fan-out, ours/pysmartthings", ratio, ">= 1.20", ratio >= 1.2)
    report("async fan-out, ours/raw aiohttp", ours / rates["raw aiohttp + orjson"], "(reference)", True)
    report("async fan-out, ours/ours on httpx", ours / rates["ours on httpx's own transport"], "(reference)", True)

    # The worst case for what the client keeps between answers: nothing in one answer was seen before.
    with serve(STATUS, fresh=True) as origin:
        fresh = {"ours": _ours(origin), "raw aiohttp + orjson": _raw_aiohttp(origin)}
        if theirs is not None:
            fresh["pysmartthings"] = _pysmartthings(origin)  # type: ignore[assignment]
        fresh_rates = _contest(fresh)
    print("  every answer with timestamps never seen before:")
    for name, rate in fresh_rates.items():
        print(f"  {name:32s} {rate:7.0f} req/s")
    if "pysmartthings" in fresh_rates:
        ratio = fresh_rates["ours"] / fresh_rates["pysmartthings"]
        report("async fan-out, fresh timestamps, ours/pysmartthings", ratio, "(reference)", True)


# --- 2. sync fan-out -------------------------------------------------------------------------------------------


def sync_fan_out() -> None:
    def threaded(call: Callable[[], object]) -> float:
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            list(pool.map(lambda _: call(), range(50)))  # warm
            start = time.perf_counter()
            list(pool.map(lambda _: call(), range(READS)))
            return READS / (time.perf_counter() - start)

    with serve(STATUS) as origin:
        limits = httpx.Limits(max_connections=IN_FLIGHT, max_keepalive_connections=IN_FLIGHT)
        with (
            SmartThings("token", base_url=origin + "/v1") as st,
            httpx.Client(limits=limits, headers={"Authorization": "Bearer token"}) as raw,
        ):
            url = f"{origin}/v1/devices/{DEVICE_ID}/status"
            rates = _contest(
                {
                    "ours": lambda: threaded(lambda: st.devices.status(DEVICE_ID)),
                    "raw httpx + orjson": lambda: threaded(lambda: orjson.loads(raw.get(url).content)),
                }
            )
    print(f"sync fan-out: {READS} reads, {IN_FLIGHT} threads")
    for name, rate in rates.items():
        print(f"  {name:32s} {rate:7.0f} req/s")
    ratio = rates["ours"] / rates["raw httpx + orjson"]
    report("sync fan-out, ours/raw httpx (decoding included)", ratio, "(reference)", True)


# --- 3. per-call overhead --------------------------------------------------------------------------------------


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


def overhead() -> None:
    body = (FIXTURES / "device.json").read_bytes()
    transport = httpx.MockTransport(
        lambda request: httpx.Response(200, content=body, headers={"content-type": "application/json"})
    )
    calls, rounds = 2000, 9
    # For reference, httpx spared the same work the library spares it (no cookie store, the URL parsed once,
    # orjson): what remains between the two is the library's own layer and decoding into models.
    from smartthings_client._http_clients import ApiClient

    parsed, bearer = httpx.URL(URL), {"Authorization": "Bearer token"}
    with (
        httpx.Client(transport=transport) as raw,
        ApiClient(transport=transport) as lean,
        SmartThings("token", transport=transport) as st,
    ):
        ours: list[float] = []
        theirs: list[float] = []
        leaner: list[float] = []
        for _ in range(2):
            _time_sync(lambda: st.devices.get(DEVICE_ID), 200)
            _time_sync(lambda: json.loads(raw.get(URL).content), 200)
            _time_sync(lambda: orjson.loads(lean.get(parsed, headers=bearer).content), 200)
        for _ in range(rounds):
            theirs.append(_time_sync(lambda: json.loads(raw.get(URL).content), calls))
            ours.append(_time_sync(lambda: st.devices.get(DEVICE_ID), calls))
            leaner.append(_time_sync(lambda: orjson.loads(lean.get(parsed, headers=bearer).content), calls))
    sync_ratio = min(ours) / min(theirs)
    print(
        f"devices.get (sync):  ours {min(ours) * 1e6:6.1f} us, raw httpx {min(theirs) * 1e6:6.1f} us, "
        f"httpx spared the same work {min(leaner) * 1e6:6.1f} us"
    )

    async def run_async() -> tuple[float, float]:
        async with httpx.AsyncClient(transport=transport) as araw, AsyncSmartThings("t", transport=transport) as ast:

            async def raw_get() -> object:
                return json.loads((await araw.get(URL)).content)

            async def our_get() -> object:
                return await ast.devices.get(DEVICE_ID)

            ours_a: list[float] = []
            theirs_a: list[float] = []
            await _time_async(our_get, 400)
            await _time_async(raw_get, 400)
            for _ in range(rounds):
                theirs_a.append(await _time_async(raw_get, calls))
                ours_a.append(await _time_async(our_get, calls))
            return min(ours_a), min(theirs_a)

    ours_best, theirs_best = asyncio.run(run_async())
    print(f"devices.get (async): ours {ours_best * 1e6:6.1f} us, raw httpx {theirs_best * 1e6:6.1f} us")
    report("per call, devices.get/raw httpx (sync)", sync_ratio, "<= 1.10", sync_ratio <= 1.10)
    lean_ratio = min(ours) / min(leaner)
    report("per call, devices.get/httpx spared the same work (sync)", lean_ratio, "(reference)", True)
    async_ratio = ours_best / theirs_best
    report("per call, devices.get/raw httpx (async)", async_ratio, "<= 1.10", async_ratio <= 1.10)


# --- 4. start-up -----------------------------------------------------------------------------------------------


def _process_seconds(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _import_seconds(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    return float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)


def start_up() -> None:
    cli = str(Path(sys.executable).parent / "smartthings-client")
    rounds = 15
    samples: dict[str, list[float]] = {k: [] for k in ("httpx", "ours", "httpx process", "help")}
    for _ in range(rounds):
        samples["httpx"].append(_import_seconds("import httpx"))
        samples["ours"].append(_import_seconds("from smartthings_client import SmartThings, AsyncSmartThings"))
        samples["httpx process"].append(_process_seconds([sys.executable, "-c", "import httpx"]))
        samples["help"].append(_process_seconds([cli, "--help"]))
    best = {name: min(values) for name, values in samples.items()}
    print(
        f"import: smartthings_client {best['ours'] * 1e3:.0f} ms, httpx {best['httpx'] * 1e3:.0f} ms; "
        f"`smartthings-client --help` {best['help'] * 1e3:.0f} ms, `python -c 'import httpx'` "
        f"{best['httpx process'] * 1e3:.0f} ms"
    )
    ratio = best["ours"] / best["httpx"]
    report("import smartthings_client / import httpx", ratio, "<= 2.00", ratio <= 2.0)
    ratio = best["help"] / best["httpx process"]
    report("smartthings-client --help / python -c 'import httpx'", ratio, "<= 2.00", ratio <= 2.0)

    try:
        import pytest  # noqa: F401
    except ImportError:
        print("pytest is not installed here; skipping the plugin's cost")
        return
    with tempfile.TemporaryDirectory() as folder:
        test = Path(folder) / "test_nothing.py"
        test.write_text("def test_nothing():\n    pass\n")
        base = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test)]
        with_plugin: list[float] = []
        without: list[float] = []
        for _ in range(rounds):
            with_plugin.append(_process_seconds(base))
            without.append(_process_seconds([*base, "-p", "no:smartthings"]))
    cost = (statistics.median(with_plugin) - statistics.median(without)) * 1e3
    print(f"pytest run: {statistics.median(with_plugin) * 1e3:.0f} ms with the plugin, "
          f"{statistics.median(without) * 1e3:.0f} ms without")
    report("pytest plugin cost to a run not using it (ms)", cost, "< 50", cost < 50)


# --- 5. paging -------------------------------------------------------------------------------------------------


def _paging_transport(total: int, page_size: int = 200) -> httpx.MockTransport:
    template = orjson.loads((FIXTURES / "devices_8.json").read_bytes())["items"]

    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "0"))
        first = page * page_size
        items = []
        for index in range(first, min(total, first + page_size)):
            item = dict(template[index % len(template)])
            item["deviceId"] = f"00000000-0000-0000-0000-{index:012d}"
            items.append(item)
        body: dict[str, Any] = {"items": items, "_links": {}}
        if first + page_size < total:
            body["_links"]["next"] = {"href": f"https://api.smartthings.com/v1/devices?page={page + 1}"}
        return httpx.Response(200, content=orjson.dumps(body), headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def _page_time(total: int) -> float:
    """Seconds per device to page through ``total`` devices."""
    with SmartThings("token", transport=_paging_transport(total)) as st:
        start = time.perf_counter()
        count = sum(1 for _ in st.devices.list())
        elapsed = time.perf_counter() - start
    assert count == total
    return elapsed / total


def _page_peak_memory(total: int) -> int:
    """Peak bytes allocated while paging through ``total`` devices (a separate run: tracing allocations slows
    every one of them, and more so the more blocks are alive, so it would distort the time)."""
    with SmartThings("token", transport=_paging_transport(total)) as st:
        tracemalloc.start()
        count = sum(1 for _ in st.devices.list())
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert count == total
    return peak


def paging() -> None:
    _page_time(1_000)  # warm: imports and decoders are built on first use
    small = (min(_page_time(10_000) for _ in range(3)), min(_page_peak_memory(10_000) for _ in range(2)))
    large = (min(_page_time(100_000) for _ in range(2)), _page_peak_memory(100_000))
    print(
        f"paging: {large[0] * 1e6:.1f} us/device over 100,000 (10,000: {small[0] * 1e6:.1f}); "
        f"peak {large[1] / 1e6:.1f} MB (10,000: {small[1] / 1e6:.1f} MB) - time includes the mock server"
    )
    report("paging, time per device 100k/10k", large[0] / small[0], "~1 (flat)", large[0] / small[0] < 1.3)
    report("paging, peak memory 100k/10k", large[1] / small[1], "~1 (flat)", large[1] / small[1] < 1.3)


# --- 6. the emulator over HTTP ---------------------------------------------------------------------------------

_EMULATOR = """
import sys, time
from smartthings_client.testing import Emulator
emu = Emulator()
server = emu.serve(port=0)
print(server.base_url, emu.issue_pat(), emu.find_devices(["switch"])[0], flush=True)
sys.stdin.read()
"""


def emulator_throughput() -> None:
    import aiohttp

    child = subprocess.Popen(
        [sys.executable, "-c", _EMULATOR], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None
        base_url, token, device = child.stdout.readline().split()

        async def run() -> float:
            headers = {"Authorization": f"Bearer {token}"}
            async with aiohttp.ClientSession(headers=headers) as session:

                async def one() -> None:
                    async with session.get(f"{base_url}/devices/{device}/status") as response:
                        assert response.status == 200
                        await response.read()

                await _fan(one)
                return statistics.median([await _fan(one) for _ in range(3)])

        rate = asyncio.run(run())
    finally:
        child.communicate("")
    print(f"emulator over HTTP: {rate:.0f} device-status requests/s, {IN_FLIGHT} in flight (its own process)")
    report("emulator over HTTP, requests/s", rate, ">= 1000", rate >= 1000)


# --- 7. the device mirror (benchmarks/_mirror.py) -----------------------------------------------------------------


def device_mirror() -> None:
    from _mirror import device_mirror as run

    run(report)


BENCHES: dict[str, Callable[[], None]] = {
    "async_fan_out": async_fan_out,
    "sync_fan_out": sync_fan_out,
    "overhead": overhead,
    "start_up": start_up,
    "paging": paging,
    "emulator": emulator_throughput,
    "mirror": device_mirror,
}


def main() -> None:
    print(f"Python {sys.version.split()[0]}, httpx {httpx.__version__}\n")
    wanted = sys.argv[1:] or list(BENCHES)  # e.g. `python3 dev.py bench mirror`: only those
    unknown = [name for name in wanted if name not in BENCHES]
    if unknown:
        raise SystemExit(f"unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in wanted:
        BENCHES[name]()
        print()
    print(f"{'figure':55s} {'value':>8s}  target")
    for name, value, target, met in RESULTS:
        print(f"{name:55s} {value:8.2f}  {target:10s} {'met' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
