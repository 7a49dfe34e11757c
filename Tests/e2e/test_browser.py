"""(b) Headless Chromium plays the stream through player/whep-player.html, served from another origin (so the
POST, the DELETE and the reading of Location/ETag all go through CORS)."""

from __future__ import annotations

import json
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, HEIGHT, WIDTH, Chrome, PlayerOrigin, ServerProcess

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
