"""(b) Headless Chromium plays the stream through player/whep-player.html, served from another origin (so the
POST, the DELETE and the reading of Location/ETag all go through CORS)."""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, HEIGHT, WIDTH, Chrome, PlayerOrigin, ServerProcess, http_request
from whep_client import WhepError, WhepViewer

WATCH_SECONDS = 5.0


@pytest.mark.browser
def test_chromium_plays_without_freezes(server: ServerProcess, chrome: Chrome, player_origin: PlayerOrigin, request) -> None:  # type: ignore[no-untyped-def]
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

        time.sleep(WATCH_SECONDS)
        stats = page.evaluate("window.stats()")
        print("first frame %.0f ms after POST; stats after %.0f s: %s" % (player["firstFrameMs"], WATCH_SECONDS, json.dumps(stats)))

        assert stats["connectionState"] == "connected", stats
        assert stats["framesDecoded"] > 0, stats
        assert stats["freezeCount"] == 0, "Chromium counted %d freezes (%.2f s in all): %s" % (
            stats["freezeCount"], stats["totalFreezesDuration"], stats)
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
        time.sleep(3.0)
        stats = page.evaluate("window.stats()")
        print("VP9 session: first frame %.0f ms after POST; stats %s" % (player["firstFrameMs"], json.dumps(stats)))
        assert stats["codec"] and stats["codec"].lower() == "video/vp9", stats
        assert stats["framesDecoded"] > 0 and stats["freezeCount"] == 0, stats
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
