"""(a) One aiortc viewer: what it decodes is the right size, at the right rate, not blank, and moving; DELETE
detaches it."""

from __future__ import annotations

import asyncio
import json
import os
import statistics

import pytest

from harness import BLANK_STD, FIRST_FRAME_TIMEOUT, FPS, HEIGHT, MIN_FPS, MIN_MOTION, WIDTH, ServerProcess, http_request
from whep_client import WhepViewer

STREAM_SECONDS = 6.0
REQUIRE_AUDIO = os.environ.get("E2E_REQUIRE_AUDIO", "1") == "1"  # E2E_REQUIRE_AUDIO=0 for servers without Opus


def viewer_listing(server: ServerProcess, token: str) -> tuple:
    status, _, body = http_request(
        "GET", server.url("/v1/sessions/default/viewers"), headers={"Authorization": "Bearer %s" % token}, timeout=5)
    return status, (json.loads(body) if status == 200 else body[:300])


@pytest.mark.stream
def test_one_viewer_decodes_moving_video_then_delete_detaches(server: ServerProcess, operator_token: str) -> None:
    before = server.viewers()
    during: dict[str, float] = {}

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = WhepViewer(server.whep_url(), name="single", analyse_every=1)
        try:
            await viewer.connect()
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "no decoded frame within %.0f s" % FIRST_FRAME_TIMEOUT
            await asyncio.sleep(1.0)
            during["viewers"] = await asyncio.to_thread(server.viewers)
            during["metric"] = await asyncio.to_thread(server.metrics_viewers)
            during["listing"] = await asyncio.to_thread(viewer_listing, server, operator_token)
            await viewer.collect_until(viewer.frames[0].t + STREAM_SECONDS)
            status = await viewer.delete()
            during["delete"] = status
        finally:
            await viewer.close(delete=False)
        return viewer

    viewer = asyncio.run(scenario())
    s = viewer.summary()
    print(s.describe())

    assert s.post_status == 201
    assert s.location, "201 without a Location header"
    assert s.etag, "201 without an ETag header"
    assert set(s.sizes) == {(WIDTH, HEIGHT)}, "decoded sizes %s, expected %dx%d" % (set(s.sizes), WIDTH, HEIGHT)
    window = s.t_end - s.t_first
    assert window >= STREAM_SECONDS - 0.1
    assert s.fps() >= MIN_FPS, "decoded %.1f fps over %.1f s after the first frame (need >= %.1f of %d)" % (
        s.fps(), window, MIN_FPS, FPS)

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
        status, listing = during["listing"]
        assert status == 200, "GET /v1/sessions/default/viewers answered %s: %s" % (status, listing)
        ours = [v for v in listing["viewers"] if s.location and s.location.endswith("/" + v["id"])]
        assert len(ours) == 1, "the viewer %s is not in the operator listing %s" % (s.location, listing)
        assert ours[0]["state"] == "connected" and ours[0]["packetsSent"] > 0, ours[0]
        assert ours[0]["temporalLayers"] == "all" and ours[0]["estimatedBitrate"] > 0, ours[0]
    assert during["delete"] == 200, "DELETE on the Location answered %s" % during["delete"]
    after = server.wait_viewers(lambda n: n < during["viewers"], timeout=5)
    assert after < during["viewers"], "viewer count did not drop within 5 s of DELETE: still %d" % after
