#!/usr/bin/env python3
"""Time to first frame, POST sent -> first decoded frame, over N joins, for an aiortc viewer and for headless
Chromium (the player page records performance.now() before its POST and at the first requestVideoFrameCallback).
A benchmark, not a test: it prints a Markdown table.

    Tests/e2e/.venv/bin/python Tests/e2e/bench_first_frame.py --bin .build/release/hypercube
    Tests/e2e/.venv/bin/python Tests/e2e/bench_first_frame.py --reference       # the aiortc reference server
    Tests/e2e/.venv/bin/python Tests/e2e/bench_first_frame.py --url http://127.0.0.1:8080   # a running server
    Tests/e2e/.venv/bin/python Tests/e2e/bench_first_frame.py --compare .build/release/hypercube  # both, and the ratio

Each client first does one warm-up join that is not counted. Joins are sequential, each one DELETEd before the
next. p95 of 10 samples is the nearest-rank percentile, i.e. the slowest join.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import HERE, Chrome, PlayerOrigin, ServerProcess, find_chromium  # noqa: E402
from whep_client import WhepViewer  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


async def aiortc_joins(whep_url: str, joins: int) -> tuple[list[float], list[float]]:
    first, signalling = [], []
    for i in range(joins + 1):
        viewer = WhepViewer(whep_url, name="bench-%d" % i, analyse_every=1000, keep_thumbs=False)
        try:
            await viewer.connect()
            if not await viewer.wait_first_frame(20):
                raise RuntimeError("aiortc join %d: no frame within 20 s" % i)
        finally:
            await viewer.close()
        if i > 0:  # the first join warms up
            first.append(viewer.frames[0].t - viewer.t_post)
            signalling.append(viewer.t_answer - viewer.t_post)
        await asyncio.sleep(0.3)
    return first, signalling


def chromium_joins(whep_url: str, joins: int) -> tuple[list[float], list[float]]:
    binary = find_chromium()
    if binary is None:
        raise RuntimeError("chromium is not installed (apt-get install chromium)")
    origin = PlayerOrigin()
    chrome = Chrome(binary, HERE / ".logs")
    first, signalling = [], []
    try:
        page = chrome.new_page()
        for i in range(joins + 1):
            page.navigate(origin.player_url(whep_url))
            ok = page.wait_for("window.player && (window.player.firstFrameMs || window.player.error)", 20)
            player = page.evaluate("window.player")
            if not ok or player.get("error"):
                raise RuntimeError("chromium join %d: %s\n%s" % (i, player, "\n".join(page.console[-20:])))
            page.evaluate("window.stopWhep()")
            page.navigate("about:blank")
            if i > 0:
                first.append(player["firstFrameMs"] / 1000)
                signalling.append((player["tAnswer"] - player["tPost"]) / 1000)
            time.sleep(0.3)
    finally:
        chrome.close()
        origin.close()
    return first, signalling


def row(name: str, first: list[float], signalling: list[float]) -> str:
    ms = [v * 1000 for v in first]
    return "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |" % (
        name,
        len(ms),
        statistics.median(ms),
        percentile(ms, 95),
        min(ms),
        max(ms),
        statistics.median([v * 1000 for v in signalling]),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--bin", help="the hypercube binary to start")
    which.add_argument("--reference", action="store_true", help="start Tests/e2e/reference_server.py")
    which.add_argument("--url", help="base URL of a server that is already running")
    which.add_argument("--compare", metavar="BIN", help="the reference server, then this hypercube binary, and the "
                       "ratio of their p50s (the figure the first-frame goal is set for)")
    parser.add_argument("--joins", type=int, default=10)
    parser.add_argument("--no-chromium", action="store_true")
    args = parser.parse_args()
    if args.compare:
        reference = measure(None, True, args)
        ours = measure(args.compare, False, args)
        print()
        print("| client | ours p50 ms | reference p50 ms | ours ÷ reference |")
        print("| --- | ---: | ---: | ---: |")
        for (name, first, _), (_, ref_first, _) in zip(ours, reference):
            a, b = statistics.median(first) * 1000, statistics.median(ref_first) * 1000
            print("| %s | %.0f | %.0f | %.2f |" % (name, a, b, a / b))
        return 0
    measure(args.bin, args.reference, args)
    return 0


def measure(binary: str | None, reference: bool, args: argparse.Namespace) -> list:
    """Starts the server (or uses --url), joins with each client, prints the table and returns its rows."""
    server = None
    if args.url:
        base = args.url.rstrip("/")
        label = base
    else:
        server = ServerProcess(
            binary and str(Path(binary).resolve()),
            reference=reference,
            log_dir=HERE / ".logs",
            env={"HYPERCUBE_ICE_TIMEOUT_SECONDS": os.environ.get("E2E_ICE_TIMEOUT_SECONDS", "5")},
        )
        server.start()
        base = server.base_url
        label = "reference server (aiortc %s)" % _aiortc_version() if reference else binary
    whep_url = base + "/whep/default"
    try:
        results = [("aiortc %s" % _aiortc_version(), *asyncio.run(aiortc_joins(whep_url, args.joins)))]
        if not args.no_chromium:
            results.append(("Chromium %s (headless)" % _chromium_version(), *chromium_joins(whep_url, args.joins)))
    finally:
        if server is not None:
            server.stop()

    print()
    print("Time to first frame against %s, 320x180 at 30 fps, %d cores, %d joins per client after one warm-up:" % (
        label, os.cpu_count() or 0, args.joins))
    print()
    print("| client | joins | p50 ms | p95 ms | min ms | max ms | POST->answer p50 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, first, signalling in results:
        print(row(name, first, signalling))
    return results


def _aiortc_version() -> str:
    import aiortc

    return aiortc.__version__


def _chromium_version() -> str:
    import subprocess

    binary = find_chromium()
    try:
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=20).stdout
        return out.split()[1] if out else "?"
    except Exception:  # noqa: BLE001
        return "?"


if __name__ == "__main__":
    sys.exit(main())
