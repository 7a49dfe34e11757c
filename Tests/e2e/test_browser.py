"""(b) Headless Chromium plays the stream through player/whep-player.html, served from another origin (so the
POST, the DELETE and the reading of Location/ETag all go through CORS). Over a window cut by the server's counters
(delivery.py), the frames Chromium received and decoded are compared with the frames the server sent it, and the
longest interval between presented frames with the rate the session really sent at."""

from __future__ import annotations

import asyncio
import json
import math
import time

import pytest

from delivery import Delivery, assert_delivered, take_snapshot
from harness import FIRST_FRAME_TIMEOUT, HEIGHT, WIDTH, Chrome, Page, PlayerOrigin, ServerProcess, http_request
from whep_client import WhepError, WhepViewer, resource_id

WATCH_SECONDS = 5.0
SETTLE_SECONDS = 5.0  # at most, after the window, for the packets the server counted to reach Chromium


def watch_delivery(server: ServerProcess, page: Page, token: str, session: str, seconds: float) -> tuple[Delivery, dict]:
    """Chromium's delivery over `seconds` of play, from getStats() read right after each server snapshot; returns it
    and the stats at the end of the window. The frame counts may be off the server's by the frames sent while
    getStats() ran, plus a few in flight (`frame_slack`)."""
    viewer = resource_id(page.evaluate("window.player.location"))
    start = take_snapshot(server, token, session)
    before = page.evaluate("window.stats()")
    page.evaluate("window.restartWatch()")
    reading = time.time() - start.t
    time.sleep(seconds)
    end = take_snapshot(server, token, session)
    after = page.evaluate("window.stats()")
    reading += time.time() - end.t
    watch = page.evaluate("window.player.watch")

    def arrived(stats: dict) -> int:
        return stats["packetsReceived"] + stats["audioPacketsReceived"]

    def lost(stats: dict) -> int:
        return stats["packetsLost"] + stats["audioPacketsLost"]

    counted = end.viewers[viewer]["packetsSent"] if end.counted and viewer in end.viewers else 0
    deadline = time.monotonic() + SETTLE_SECONDS
    settled = after
    while arrived(settled) < counted and time.monotonic() < deadline:
        time.sleep(0.05)
        settled = page.evaluate("window.stats()")
    a, b = (start.viewers.get(viewer), end.viewers.get(viewer)) if start.counted else ({}, {})
    assert a is not None and b is not None, "Chromium's viewer %s is not in the operator listing" % viewer
    delivery = Delivery(
        name="chromium",
        seconds=end.t - start.t,
        counted=start.counted,
        session_frames=(end.frames_sent[0] - start.frames_sent[1], end.frames_sent[1] - start.frames_sent[0])
        if start.counted else (0, 0),
        skipped=b.get("framesSkipped", 0) - a.get("framesSkipped", 0),
        packets_sent=b.get("packetsSent", 0) - a.get("packetsSent", 0),
        packets_dropped=b.get("packetsDropped", 0) - a.get("packetsDropped", 0),
        packets_counted=counted,
        packets_arrived=arrived(settled),
        frames=after["framesReceived"] - before["framesReceived"],
        missing_sequences=lost(after) - lost(before),
        decoded=after["framesDecoded"] - before["framesDecoded"],
        longest_undecoded_run=0,
        longest_gap=watch["longestGapMs"] / 1000 if watch["frames"] > 1 else float("inf"),
        longest_wire_gap=float("nan"),
    )
    delivery.frame_slack = 3 + math.ceil(reading * delivery.rate)
    return delivery, after


@pytest.mark.browser
def test_chromium_plays_every_frame_without_a_stall(  # type: ignore[no-untyped-def]
    server: ServerProcess, chrome: Chrome, player_origin: PlayerOrigin, operator_token: str, request
) -> None:
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate(player_origin.player_url(server.whep_url()))
        first = page.wait_for("window.player && (window.player.firstFrameMs || window.player.error)", FIRST_FRAME_TIMEOUT)
        player = page.evaluate("window.player")
        assert player and not player.get("error"), "player error: %s" % (player or {}).get("error")
        assert first, "no video frame within %.0f s; player state %s; stats %s" % (
            FIRST_FRAME_TIMEOUT, json.dumps(player), json.dumps(page.evaluate("window.stats()")))
        assert player["postStatus"] == 201
        assert player["location"], "the player could not read Location (Access-Control-Expose-Headers?)"
        assert player["etag"], "the player could not read ETag (Access-Control-Expose-Headers?)"

        delivery, stats = watch_delivery(server, page, operator_token, "default", WATCH_SECONDS)
        print("first frame %.0f ms after POST; stats after the window: %s" % (player["firstFrameMs"], json.dumps(stats)))
        print(delivery.describe())

        assert stats["connectionState"] == "connected", stats
        assert_delivered(delivery)
        assert (stats["frameWidth"], stats["frameHeight"]) == (WIDTH, HEIGHT), stats
        assert stats["codec"] and stats["codec"].lower() == "video/vp8", stats

        status = page.evaluate("window.stopWhep()")
        assert status == 200, "DELETE from the page answered %s (CORS preflight for DELETE on the Location?)" % status
    finally:
        page.navigate("about:blank")
        page.close()


@pytest.mark.browser
def test_chromium_plays_a_vp9_session_that_aiortc_cannot_join(  # type: ignore[no-untyped-def]
    server: ServerProcess, chrome: Chrome, player_origin: PlayerOrigin, operator_token: str, request
) -> None:
    if server.reference:
        pytest.skip("the reference server has one VP8 session")
    auth = {"Authorization": "Bearer %s" % operator_token, "Content-Type": "application/json"}
    body = json.dumps({"scene": "tesseract", "size": "%dx%d" % (WIDTH, HEIGHT), "fps": 30, "codec": "vp9"}).encode()
    status, _, created = http_request("POST", server.url("/v1/sessions"), body, auth)
    assert status == 201, created[:300]
    session = json.loads(created)
    assert session["codec"] == "vp9", session
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        # aiortc offers VP8 and H264 only: the answer says what is missing
        refused = asyncio.run(_aiortc_post_status(server.url(session["whep"])))
        assert refused[0] in (400, 406) and "VP9" in refused[1], refused

        page.navigate(player_origin.player_url(server.url(session["whep"])))
        first = page.wait_for("window.player && (window.player.firstFrameMs || window.player.error)", FIRST_FRAME_TIMEOUT)
        player = page.evaluate("window.player")
        assert first and not player.get("error"), "player: %s" % json.dumps(player)
        delivery, stats = watch_delivery(server, page, operator_token, session["id"], WATCH_SECONDS)
        print("VP9 session: first frame %.0f ms after POST; stats %s" % (player["firstFrameMs"], json.dumps(stats)))
        print(delivery.describe())
        assert stats["codec"] and stats["codec"].lower() == "video/vp9", stats
        assert_delivered(delivery)
        assert (stats["frameWidth"], stats["frameHeight"]) == (WIDTH, HEIGHT), stats
        page.evaluate("window.stopWhep()")
    finally:
        page.navigate("about:blank")
        page.close()
        http_request("DELETE", server.url("/v1/sessions/%s" % session["id"]), headers=auth)


async def _aiortc_post_status(whep_url: str) -> tuple[int, str]:
    viewer = WhepViewer(whep_url, name="vp9-refused")
    try:
        await viewer.connect()
        return viewer.post_status or 0, ""
    except WhepError as error:
        return error.status, error.body
    finally:
        await viewer.close(delete=False)
