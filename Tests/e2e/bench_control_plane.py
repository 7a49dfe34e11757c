#!/usr/bin/env python3
"""Control plane under load: `wrk` on /health/ready and /v1/flags while aiortc viewers stream, against the same
viewers with no HTTP load, in one run. A benchmark, not a test: it prints Markdown tables.

    Tests/e2e/.venv/bin/python Tests/e2e/bench_control_plane.py --bin .build/release/hypercube
    Tests/e2e/.venv/bin/python Tests/e2e/bench_control_plane.py --bin .build/release/hypercube --seconds 30 --viewers 5

One server (320x180 at 30 fps, like the end-to-end tests). Phase 1: the viewers stream for --seconds with no HTTP
load (the reference). Phase 2: the same number of fresh viewers stream for --seconds while two `wrk -t1 -c10`
processes hammer /health/ready and /v1/flags for the same time. Viewers run in their own process, so their decoding
does not share the Python interpreter with this script. Reported: wrk's requests/s, p50/p99 latency and errors
(non-2xx and socket errors); per phase the viewers' decoded fps (min and mean) and longest gap between frames, and
the ratio of the phases' mean fps.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import FPS, HERE, ServerProcess  # noqa: E402
from whep_client import ViewerSpec, ViewerSummary, run_viewers_in_processes  # noqa: E402

# wrk prints latencies as 1.23ms, 456.00us or 1.02s
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text)
    if not match:
        raise ValueError("cannot read wrk latency %r" % text)
    return float(match.group(1)) * _UNITS[match.group(2)]


def parse_wrk(output: str) -> dict:
    """Requests/s, p50 and p99 (ms) and error count from `wrk --latency` output."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.M)
    if not (rate and p50 and p99):
        raise ValueError("unexpected wrk output:\n" + output)
    errors = 0
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sockets:
        errors += sum(int(g) for g in sockets.groups())
    return {"rate": float(rate.group(1)), "p50": _milliseconds(p50.group(1)), "p99": _milliseconds(p99.group(1)),
            "errors": errors}


def stream(whep_url: str, viewers: int, seconds: float, prefix: str) -> list[ViewerSummary]:
    groups = [[ViewerSpec("%s-%d" % (prefix, i), analyse_every=1000)] for i in range(viewers)]
    # one process for all viewers keeps the interpreters' CPU down on small machines
    return run_viewers_in_processes(whep_url, [sum(groups, [])], start_delay=4.0, duration=seconds,
                                    timeout=seconds + 60)


def fps_window(summary: ViewerSummary, settle: float) -> tuple[float, float]:
    """Decoded fps and longest gap from `settle` s after the viewer's first frame to the end."""
    if not summary.frame_times:
        return 0.0, float("inf")
    start = summary.frame_times[0] + settle
    return summary.fps(start), summary.longest_gap(start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="the hypercube binary to start")
    parser.add_argument("--viewers", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=10, help="wrk connections per route")
    args = parser.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        print("error: wrk is not installed (apt-get install wrk)", file=sys.stderr)
        return 2

    state = tempfile.mkdtemp(prefix="hypercube-bench-state-")
    server = ServerProcess(str(Path(args.bin).resolve()), reference=False, log_dir=HERE / ".logs",
                           env={"HYPERCUBE_STATE_DIR": state, "HYPERCUBE_ICE_TIMEOUT_SECONDS": "5"})
    server.start()
    whep_url = server.whep_url()
    try:
        quiet = stream(whep_url, args.viewers, args.seconds, "quiet")
        outputs: dict[str, str] = {}

        def run_wrk(path: str) -> None:
            time.sleep(3.0)  # covers the viewers' window: they connect 4 s after their process starts
            result = subprocess.run(
                [wrk, "-t1", "-c%d" % args.connections, "-d%ds" % int(args.seconds + 2), "--latency",
                 server.url(path)],
                capture_output=True, text=True, timeout=args.seconds + 30)
            outputs[path] = result.stdout + result.stderr

        threads = [threading.Thread(target=run_wrk, args=(p,)) for p in ("/health/ready", "/v1/flags")]
        for t in threads:
            t.start()
        loaded = stream(whep_url, args.viewers, args.seconds, "loaded")
        for t in threads:
            t.join()
    finally:
        server.stop()
        shutil.rmtree(state, ignore_errors=True)

    print()
    print("Control plane under load: %s, %dx%s at %d fps, %d aiortc viewers, %.0f s per phase, %d cores" % (
        args.bin, 320, "180", FPS, args.viewers, args.seconds, os.cpu_count() or 0))
    print()
    print("| route | requests/s | p50 | p99 | errors |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for path in ("/health/ready", "/v1/flags"):
        r = parse_wrk(outputs[path])
        print("| %s | %.0f | %.1f ms | %.1f ms | %d |" % (path, r["rate"], r["p50"], r["p99"], r["errors"]))
    print()
    print("| phase | viewers with frames | fps min | fps mean | longest gap |")
    print("| --- | ---: | ---: | ---: | ---: |")
    means = {}
    for name, summaries in (("no HTTP load", quiet), ("wrk on both routes", loaded)):
        windows = [fps_window(s, 3.0) for s in summaries if s.frame_times]
        fps = [w[0] for w in windows]
        means[name] = statistics.mean(fps) if fps else 0.0
        print("| %s | %d of %d | %.1f | %.1f | %.2f s |" % (
            name, len(windows), len(summaries), min(fps, default=0.0), means[name],
            max((w[1] for w in windows), default=float("inf"))))
    if means["no HTTP load"] > 0:
        print()
        print("fps with wrk / without: %.1f / %.1f = %.3f" % (
            means["wrk on both routes"], means["no HTTP load"], means["wrk on both routes"] / means["no HTTP load"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
