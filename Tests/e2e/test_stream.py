"""(a) One aiortc viewer: every frame the server sent it in the window arrived, nearly all of them decoded, with no
long gap at the rate the session really rendered; what it decodes is the right size, not blank, and moving; the
operator listing shows it; DELETE detaches it."""

from __future__ import annotations

import asyncio
import os
import statistics

import pytest

from delivery import assert_delivered, measure, settle, take_snapshot
from harness import BLANK_STD, FIRST_FRAME_TIMEOUT, HEIGHT, MIN_MOTION, WIDTH, ServerProcess
from whep_client import WhepViewer

STREAM_SECONDS = 6.0
SETTLE_SECONDS = 5.0  # at most, after the window, for its last packets to arrive and decode
REQUIRE_AUDIO = os.environ.get("E2E_REQUIRE_AUDIO", "1") == "1"  # E2E_REQUIRE_AUDIO=0 for servers without Opus


@pytest.mark.stream
def test_one_viewer_decodes_moving_video_then_delete_detaches(server: ServerProcess, operator_token: str) -> None:
    before = server.viewers()
    during: dict = {}

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = WhepViewer(server.whep_url(), name="single", analyse_every=1)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no decoded frame within %.0f s" % FIRST_FRAME_TIMEOUT
            await asyncio.sleep(1.0)
            during["start"] = await asyncio.to_thread(take_snapshot, server, operator_token)
            during["viewers"] = await asyncio.to_thread(server.viewers)
            during["metric"] = await asyncio.to_thread(server.metrics_viewers)
            await asyncio.sleep(STREAM_SECONDS)
            during["end"] = await asyncio.to_thread(take_snapshot, server, operator_token)
            await settle(viewer, during["end"], SETTLE_SECONDS)
            during["delete"] = await viewer.delete()
        finally:
            await viewer.close(delete=False)
        return viewer

    viewer = asyncio.run(scenario())
    s = viewer.summary()
    delivery = measure(s, during["start"], during["end"])
    print(s.describe())
    print(delivery.describe())

    assert s.post_status == 201
    assert s.location, "201 without a Location header"
    assert s.etag, "201 without an ETag header"
    assert set(s.sizes) == {(WIDTH, HEIGHT)}, "decoded sizes %s, expected %dx%d" % (set(s.sizes), WIDTH, HEIGHT)
    assert_delivered(delivery)

    if REQUIRE_AUDIO:
        assert s.audio_frames > 0, "no Opus audio frame decoded (E2E_REQUIRE_AUDIO=1)"

    blank = [std for std in s.stds if std < BLANK_STD]
    assert len(blank) <= 0.05 * len(s.stds), "%d of %d frames are blank (pixel std < %.1f); median std %.1f" % (
        len(blank), len(s.stds), BLANK_STD, statistics.median(s.stds))
    motion = s.motion(spacing=1.0)
    assert motion, "not enough frames to compare 1 s apart"
    assert statistics.median(motion) > MIN_MOTION, (
        "frames 1 s apart barely differ: median mean-abs-diff %.2f (need > %.2f); values %s"
        % (statistics.median(motion), MIN_MOTION, [round(m, 2) for m in motion[:20]]))

    assert during["viewers"] >= before + 1, "GET /v1/sessions said %s viewers while streaming (before: %d)" % (
        during["viewers"], before)
    assert during["metric"] == during["viewers"], "/metrics hypercube_viewers{session=\"default\"} = %s, /v1/sessions = %s" % (
        during["metric"], during["viewers"])
    if not server.reference:
        ours = during["start"].viewers.get(s.viewer_id)
        assert ours is not None, "the viewer %s is not in the operator listing %s" % (s.location, during["start"].viewers)
        assert ours["state"] == "connected" and ours["packetsSent"] > 0, ours
        assert ours["temporalLayers"] == "all" and ours["estimatedBitrate"] > 0, ours
    assert during["delete"] == 200, "DELETE on the Location answered %s" % during["delete"]
    after = server.wait_viewers(lambda n: n < during["viewers"], timeout=10)
    assert after < during["viewers"], "viewer count did not drop within 10 s of DELETE: still %d" % after
