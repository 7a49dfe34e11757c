"""Slow and hostile HTTP clients against the real server (issue #11): 2 000 connections from one address that never
finish their request head, then 2 000 that trickle a body a byte a second. The server keeps at most
--max-connections-per-client of them (the rest are closed as they open), closes the ones it kept after its idle or
request-read timeout, and meanwhile answers /health/live from another address every time and keeps a viewer's
stream going. The probe's latency percentiles are printed (`-s`); they are figures, not assertions."""

from __future__ import annotations

import asyncio
import multiprocessing
import resource
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, http_request, percentile
from nodes import node
from whep_client import WhepViewer

CONNECTIONS = 2000
PER_CLIENT = 256
TIMEOUT = 3  # --http-idle-timeout and --http-request-read-timeout, seconds
PROBE_INTERVAL = 0.01  # seconds between /health/live probes
CLOSE_BOUND = 30.0  # seconds for every kept connection to be closed: a bound on a failure only


@pytest.fixture
def guarded(pytestconfig: pytest.Config):  # type: ignore[no-untyped-def]
    if pytestconfig.getoption("--reference-server"):
        pytest.skip("connection limits are Hypercube's own")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 3 * CONNECTIONS + 1024
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
    server = node(pytestconfig.getoption("--hypercube-bin"), "slowloris", args=(
        "--http-idle-timeout", str(TIMEOUT), "--http-request-read-timeout", str(TIMEOUT),
        "--max-connections-per-client", str(PER_CLIENT)))
    server.start()
    try:
        yield server
    finally:
        server.stop()


def attack_process(port: int, source: str, first: bytes, trickle: bool, queue) -> None:  # type: ignore[no-untyped-def]
    """Child process: the attack on its own event loop, so that it cannot slow the test's viewer and probe."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 3 * CONNECTIONS + 1024), hard), hard))
    try:
        queue.put(("ok", asyncio.run(attack(port, source, first, trickle))))
    except Exception as exc:  # noqa: BLE001  (reported to the test)
        queue.put(("error", repr(exc)))


async def attack(port: int, source: str, first: bytes, trickle: bool) -> dict:
    """Opens CONNECTIONS connections from `source`, each sending `first` (and then a byte a second with `trickle`);
    returns how many the server closed as they opened, and how long the others lived."""
    refused = 0

    async def one() -> float:
        nonlocal refused
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(source, 0))
        except OSError:
            refused += 1
            return 0.0
        opened = time.monotonic()
        try:
            writer.write(first)
            while True:
                if trickle:
                    writer.write(b"x")
                    await writer.drain()
                try:
                    data = await asyncio.wait_for(reader.read(4096), 1.0)
                except asyncio.TimeoutError:
                    if time.monotonic() - opened > CLOSE_BOUND:
                        return float("inf")
                    continue
                if not data:
                    break
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
        return time.monotonic() - opened

    lifetimes = await asyncio.gather(*(one() for _ in range(CONNECTIONS)))
    # Closed by the per-client cap as they open, or kept until a timeout (TIMEOUT s): told apart at half a second
    # short of the timeout, so that a busy machine's slow close of a refused connection still counts as refused.
    kept = [seconds for seconds in lifetimes if seconds >= TIMEOUT - 0.5]
    return {
        "closed at once": CONNECTIONS - len(kept), "refused": refused, "kept": len(kept),
        "longest kept": max(kept, default=0.0), "shortest kept": min(kept, default=0.0),
    }


def probe_process(url: str, stop, queue) -> None:  # type: ignore[no-untyped-def]
    """Child process: GET /health/live every PROBE_INTERVAL until `stop` is set; puts the latencies in ms, or the
    failure. Often enough (some 280 probes an attack) that the p99 is a percentile and not simply the slowest probe.
    Its own process, like the attack's, so that what it times is the server and not the test process's viewer
    (aiortc decoding video on the same cores, under the same interpreter lock)."""
    latencies: list[float] = []
    try:
        while not stop.is_set():
            began = time.monotonic()
            status, _, _ = http_request("GET", url, None, None, 5.0)
            if status != 200:
                raise AssertionError("/health/live answered %d during the attack" % status)
            latencies.append((time.monotonic() - began) * 1000)
            time.sleep(PROBE_INTERVAL)
        queue.put(("ok", latencies))
    except Exception as exc:  # noqa: BLE001  (reported to the test)
        queue.put(("error", repr(exc)))


@pytest.mark.hostile
def test_two_thousand_slow_connections_from_one_address_leave_health_and_a_viewer_alone(guarded) -> None:  # type: ignore[no-untyped-def]
    server = guarded
    results: dict = {}

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(server.whep_url(), name="beside-slowloris", audio=False, analyse_every=8, keep_thumbs=False)
        await viewer.connect()
        assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "the viewer got no frame before the attack"
        try:
            for name, source, first, trickle in (
                ("half-open heads", "127.0.0.2", b"GET /v1/flags HTTP/1.1\r\nHost: x\r\n", False),
                ("trickled bodies", "127.0.0.3",
                 b"POST /v1/flags HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
                 True),
            ):
                frames_before = len(viewer.frames)
                began = time.monotonic()
                context = multiprocessing.get_context("spawn")
                stop = context.Event()
                probes = context.Queue()
                prober = context.Process(
                    target=probe_process, args=(server.url("/health/live"), stop, probes), daemon=True)
                prober.start()
                queue = context.Queue()
                attacker = context.Process(
                    target=attack_process, args=(server.port, source, first, trickle, queue), daemon=True)
                attacker.start()
                kind, outcome = await asyncio.to_thread(queue.get, True, CLOSE_BOUND + 60)
                await asyncio.to_thread(attacker.join, 10)
                stop.set()
                assert kind == "ok", "the attack process failed: %s" % outcome
                probed, latencies = await asyncio.to_thread(probes.get, True, 30)
                await asyncio.to_thread(prober.join, 10)
                assert probed == "ok", "the probe failed: %s" % latencies
                outcome["seconds"] = time.monotonic() - began
                outcome["viewer frames"] = len(viewer.frames) - frames_before
                outcome["health p50 / p99 / max ms"] = (
                    percentile(latencies, 0.5), percentile(latencies, 0.99), max(latencies))
                outcome["health probes"] = len(latencies)
                results[name] = outcome
        finally:
            await viewer.close()
        return viewer

    viewer = asyncio.run(scenario())
    for name, outcome in results.items():
        print("%s: %s" % (name, outcome))
    print(viewer.summary().describe())
    for name, outcome in results.items():
        assert outcome["kept"] <= PER_CLIENT, "%s: the server kept %d connections of one address" % (name, outcome["kept"])
        assert outcome["closed at once"] >= CONNECTIONS - PER_CLIENT, (name, outcome)
        assert outcome["kept"] > 0, "%s: the server kept none of them (its cap is %d)" % (name, PER_CLIENT)
        assert outcome["longest kept"] < CLOSE_BOUND, "%s: a slow connection outlived the timeouts" % name
        assert outcome["health probes"] > 0, name
        assert outcome["viewer frames"] > 0, "%s: the viewer's stream stopped" % name
    assert viewer.summary().longest_gap() < 1.0, viewer.summary().describe()
    assert server.alive()
