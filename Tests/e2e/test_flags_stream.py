"""A flag switched at run time changes what a connected viewer decodes, from the next frames on, without a stall.

advanced_rendering=false makes the renderer draw plain edges instead of the scene's translucent faces. The tesseract
covers about 14 % of a 320x180 picture with faces and about 3 % with edges only (`hypercube render --faces
true|false`), so the share of pixels that differ from the background, measured on the frames the viewer decodes,
must fall when the flag goes off and come back when it goes on again.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time

import numpy as np
import pytest

from harness import FIRST_FRAME_TIMEOUT, MIN_FPS, ServerProcess
from whep_client import WhepViewer

PHASE_SECONDS = 2.0
SETTLE_SECONDS = 0.5  # the change applies from the next frame; leave room for frames already in flight


def coverage(thumb: np.ndarray) -> float:
    """Share of pixels whose grey level differs from the picture's median (the background) by more than 12."""
    grey = thumb.astype(np.float32).mean(axis=2)
    return float((np.abs(grey - np.median(grey)) > 12).mean())


def put_flag(server: ServerProcess, token: str, name: str, value: object) -> None:
    status = server.write(token, "PUT", "/v1/flags/%s" % name, json.dumps({"value": value}).encode())
    assert status == 200, "PUT /v1/flags/%s %r answered %d" % (name, value, status)


def watch_while_switching(
    server: ServerProcess, token: str, flag: str, values: list, lead_in: float, seconds: float
) -> tuple[WhepViewer, list[tuple[float, object]]]:
    """One viewer watches for `lead_in` s, then `flag` takes each of `values` in turn, `seconds` apart. Returns the
    viewer and when each value was set; the flag gets its original value back whatever happens."""
    original = server.flag(flag)["value"]
    switched: list[tuple[float, object]] = []

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(server.whep_url(), name=flag, analyse_every=1)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no decoded frame within %.0f s" % (
                FIRST_FRAME_TIMEOUT
            )
            await viewer.collect_until(time.time() + lead_in)
            for value in values:
                switched.append((time.time(), value))
                await asyncio.to_thread(put_flag, server, token, flag, value)
                await viewer.collect_until(time.time() + seconds)
        finally:
            await viewer.close()
        return viewer

    try:
        return asyncio.run(scenario()), switched
    finally:
        put_flag(server, token, flag, original)


@pytest.mark.stream
def test_advanced_rendering_switch_changes_the_decoded_picture_without_a_stall(
    server: ServerProcess, operator_token: str
) -> None:
    if server.reference:
        pytest.skip("the reference server has no feature flags")
    put_flag(server, operator_token, "advanced_rendering", True)
    viewer, switched = watch_while_switching(
        server, operator_token, "advanced_rendering", [True, False, True], 0.0, SETTLE_SECONDS + PHASE_SECONDS)
    names = ["faces", "edges", "faces again"]
    phases = {name: (at + SETTLE_SECONDS, at + SETTLE_SECONDS + PHASE_SECONDS) for name, (at, _) in zip(names, switched)}

    s = viewer.summary()
    print(s.describe())
    medians = {}
    for name, (start, end) in phases.items():
        values = [coverage(f.thumb) for f in viewer.frames if start <= f.t < end and f.thumb is not None]
        assert len(values) >= 10, "only %d analysed frames in the %r phase" % (len(values), name)
        medians[name] = statistics.median(values)
    print("median coverage per phase: %s" % {k: round(v, 4) for k, v in medians.items()})

    assert medians["faces"] > 0.05, "with faces the tesseract covers only %.1f %% of the picture" % (
        medians["faces"] * 100
    )
    assert medians["edges"] < 0.5 * medians["faces"], (
        "advanced_rendering=false did not reach the picture: coverage %.1f %% with faces, %.1f %% after the switch"
        % (medians["faces"] * 100, medians["edges"] * 100)
    )
    assert medians["faces again"] > 0.8 * medians["faces"], (
        "advanced_rendering=true did not bring the faces back: %.1f %% before, %.1f %% after"
        % (medians["faces"] * 100, medians["faces again"] * 100)
    )
    first = phases["faces"][0]
    last = phases["faces again"][1]
    assert s.fps(first, last) >= MIN_FPS, "%.1f fps across the switches (need >= %.1f)" % (s.fps(first, last), MIN_FPS)
    assert s.longest_gap(first, last) < 0.5, "a %.2f s gap between frames around a switch" % s.longest_gap(first, last)


def frame_jump(frames: list, start: float, end: float) -> tuple[float, float]:
    """Largest mean-abs-diff between consecutive analysed frames in [start, end), and the median one before start."""
    analysed = [f for f in frames if f.thumb is not None]
    diffs = [(b.t, float(np.abs(b.thumb.astype(np.int16) - a.thumb.astype(np.int16)).mean()))
             for a, b in zip(analysed, analysed[1:])]
    inside = [d for t, d in diffs if start <= t < end]
    before = [d for t, d in diffs if t < start]
    return max(inside, default=0.0), statistics.median(before) if before else float("inf")


@pytest.mark.stream
def test_projection_switch_changes_the_next_decoded_frames(server: ServerProcess, operator_token: str) -> None:
    if server.reference:
        pytest.skip("the reference server has no feature flags")
    put_flag(server, operator_token, "projection", "scene")
    viewer, switched = watch_while_switching(server, operator_token, "projection", ["slice", "scene"], 1.5, 1.5)
    switches = {value: at for at, value in switched}

    for value, at in switches.items():
        # the PUT answers once the change is queued for the next frame: frames within a few frame times show it
        jump, typical = frame_jump(viewer.frames, at, at + 0.3)
        print("projection -> %s: largest frame-to-frame change %.2f, typical %.2f" % (value, jump, typical))
        assert jump > max(3 * typical, 2.0), (
            "switching the projection to %s did not change the next frames: largest change %.2f within 0.3 s, "
            "typical %.2f" % (value, jump, typical))
    s = viewer.summary()
    assert s.longest_gap(switches["slice"], switches["scene"] + 1.0) < 0.5, "a stall around a projection switch"
