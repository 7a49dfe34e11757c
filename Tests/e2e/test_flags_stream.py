"""A flag switched at run time changes what a connected viewer decodes, from the next frames on, without a stall.

advanced_rendering=false makes the renderer draw plain edges instead of the scene's translucent faces. The tesseract
covers about 14 % of a 320x180 picture with faces and about 3 % with edges only (`hypercube render --faces
true|false`), so the share of pixels that differ from the background, measured on the frames the viewer decodes,
must fall when the flag goes off and come back when it goes on again.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import statistics
import time

import numpy as np
import pytest

from delivery import Delivery, ServerSnapshot, assert_delivered, measure, settle, take_snapshot
from harness import FIRST_FRAME_TIMEOUT, ServerProcess
from whep_client import WhepViewer

PHASE_SECONDS = 2.0
SETTLE_SECONDS = 0.5  # after the PUT answered: the change applies from the next frame, and frames are in flight
FRAMES_AFTER_SWITCH = 15  # the decoded frames, from the PUT on, among which a projection switch must show


def coverage(thumb: np.ndarray) -> float:
    """Share of pixels whose grey level differs from the picture's median (the background) by more than 12."""
    grey = thumb.astype(np.float32).mean(axis=2)
    return float((np.abs(grey - np.median(grey)) > 12).mean())


def put_flag(server: ServerProcess, token: str, name: str, value: object) -> None:
    status = server.write(token, "PUT", "/v1/flags/%s" % name, json.dumps({"value": value}).encode())
    assert status == 200, "PUT /v1/flags/%s %r answered %d" % (name, value, status)


@dataclasses.dataclass
class Switch:
    value: object
    sent: float  # time.time() just before the PUT
    answered: float  # ... and once it was answered


def watch_while_switching(
    server: ServerProcess, token: str, flag: str, values: list, lead_in: float, seconds: float
) -> tuple[WhepViewer, list[Switch], Delivery]:
    """One viewer watches for `lead_in` s, then `flag` takes each of `values` in turn, `seconds` apart. Returns the
    viewer, the switches, and the viewer's delivery from the first switch to the end; the flag gets its original
    value back whatever happens."""
    original = server.flag(flag)["value"]
    switched: list[Switch] = []
    window: list[ServerSnapshot] = []

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(server.whep_url(), name=flag, analyse_every=1)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no decoded frame within %.0f s" % (
                FIRST_FRAME_TIMEOUT
            )
            await viewer.collect_until(time.time() + lead_in)
            window.append(await asyncio.to_thread(take_snapshot, server, token))
            for value in values:
                sent = time.time()
                await asyncio.to_thread(put_flag, server, token, flag, value)
                switched.append(Switch(value, sent, time.time()))
                await viewer.collect_until(time.time() + seconds)
            window.append(await asyncio.to_thread(take_snapshot, server, token))
            await settle(viewer, window[-1], 5.0)
        finally:
            await viewer.close()
        return viewer

    try:
        viewer = asyncio.run(scenario())
    finally:
        put_flag(server, token, flag, original)
    return viewer, switched, measure(viewer.summary(), window[0], window[1])


@pytest.mark.stream
def test_advanced_rendering_switch_changes_the_decoded_picture_without_a_stall(
    server: ServerProcess, operator_token: str
) -> None:
    if server.reference:
        pytest.skip("the reference server has no feature flags")
    put_flag(server, operator_token, "advanced_rendering", True)
    viewer, switched, delivery = watch_while_switching(
        server, operator_token, "advanced_rendering", [True, False, True], 0.0, SETTLE_SECONDS + PHASE_SECONDS)
    names = ["faces", "edges", "faces again"]
    phases = {name: (switch.answered + SETTLE_SECONDS, switch.answered + SETTLE_SECONDS + PHASE_SECONDS)
              for name, switch in zip(names, switched)}

    print(viewer.summary().describe())
    print(delivery.describe())
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
    assert_delivered(delivery)  # every frame across the switches arrived and decoded, without a stall


def frame_jump(frames: list, at: float) -> tuple[float, float]:
    """Largest mean-abs-diff between consecutive analysed frames among the FRAMES_AFTER_SWITCH decoded from `at` on,
    and the median one before `at`."""
    analysed = [f for f in frames if f.thumb is not None]
    diffs = [(b.t, float(np.abs(b.thumb.astype(np.int16) - a.thumb.astype(np.int16)).mean()))
             for a, b in zip(analysed, analysed[1:])]
    after = [d for t, d in diffs if t >= at][:FRAMES_AFTER_SWITCH]
    before = [d for t, d in diffs if t < at]
    return max(after, default=0.0), statistics.median(before) if before else float("inf")


@pytest.mark.stream
def test_projection_switch_changes_the_next_decoded_frames(server: ServerProcess, operator_token: str) -> None:
    if server.reference:
        pytest.skip("the reference server has no feature flags")
    put_flag(server, operator_token, "projection", "scene")
    viewer, switched, delivery = watch_while_switching(
        server, operator_token, "projection", ["slice", "scene"], 1.5, 1.5)
    print(delivery.describe())

    for switch in switched:
        # the PUT answers once the change is queued for the next frame: the next few decoded frames show it
        jump, typical = frame_jump(viewer.frames, switch.sent)
        print("projection -> %s: largest frame-to-frame change %.2f, typical %.2f" % (switch.value, jump, typical))
        assert jump > max(3 * typical, 2.0), (
            "switching the projection to %s did not change the next %d frames: largest change %.2f, typical %.2f"
            % (switch.value, FRAMES_AFTER_SWITCH, jump, typical))
    assert_delivered(delivery)  # no stall around a projection switch
