"""Viewers reconnect (issue #15): the built-in player (`/player`) and the XR page (`/xr`) play again by themselves
after their server stops and starts again on the same ports, saying so in their status while they wait; the XR page
reopens its pose transport (data channel or WebSocket) with the new viewer. A session that is not there (404) stops
the player after one POST, and a POST redirected (307) elsewhere leaves a viewer the page DELETEs where it landed.

Each restart test has a server of its own (`private_server`), so the shared one is never stopped. The times printed
are measurements, not thresholds: the bounds are generous, since these machines are slow."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, Chrome, Page, ServerProcess, free_port, http_request
from test_xr_page import XR_EYE, close_page, open_xr_page
from whep_client import resource_id

FRAMES_BEFORE = 10  # frames shown before the server stops, and again after it is back
LOSS_TIMEOUT = 30.0  # seconds for the page to notice the server is gone (a 5 s stall at most, when nothing closes)
DOWN_SECONDS = 2.0  # how long the server stays stopped once the page is reconnecting
RECONNECT_TIMEOUT = 90.0  # seconds from the restarted server's readiness to new frames (backoff tops out at 8 s)
RETRY_WINDOW = 3.0  # seconds a stopped player is watched for another POST (the first retry would come after ≤ 0.5 s)

COUNT_WHEP_POSTS = """
window.whepPosts = 0;
const originalFetch = window.fetch;
window.fetch = function (input, init) {
  if (init && init.method === "POST" && String(input).includes("/whep/")) window.whepPosts++;
  return originalFetch.apply(this, arguments);
};
"""


def restart_and_wait(server: ServerProcess, page: Page, reconnecting: str, playing: str) -> tuple[float, float]:
    """Stops the server, waits until the page says it is reconnecting (JS `reconnecting`), keeps it down for
    DOWN_SECONDS, starts it on the same ports and waits for JS `playing`. Returns (seconds from stop to the page
    reconnecting, seconds from the restarted server's readiness to `playing`)."""
    stopped = time.monotonic()
    server.stop()
    assert page.wait_for(reconnecting, LOSS_TIMEOUT), "the page did not say it was reconnecting within %.0f s" % (
        LOSS_TIMEOUT)
    noticed = time.monotonic() - stopped
    time.sleep(DOWN_SECONDS)
    server.start(keep_ports=True)
    ready = time.monotonic()
    assert page.wait_for(playing, RECONNECT_TIMEOUT, interval=0.2), (
        "the page did not play again within %.0f s of the server's restart" % RECONNECT_TIMEOUT)
    return noticed, time.monotonic() - ready


@pytest.mark.browser
def test_player_page_plays_again_after_the_server_restarts(private_server: ServerProcess, chrome: Chrome, request) -> None:  # type: ignore[no-untyped-def]
    server = private_server
    if server.reference:
        pytest.skip("the reference server has no built-in player page")
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate(server.url("/player?autoplay"))
        assert page.wait_for("window.player && window.player.framesShown >= %d" % FRAMES_BEFORE, FIRST_FRAME_TIMEOUT), (
            "no frames within %.0f s; player %s" % (FIRST_FRAME_TIMEOUT, json.dumps(page.evaluate("window.player"))))
        before = page.evaluate("window.player")
        assert before["connections"] == 1 and before["retries"] == 0, before

        noticed, reconnect_seconds = restart_and_wait(
            server, page,
            "window.player.status.includes('reconnecting')",
            "window.player.framesShown >= %d && window.player.attempt === 0 && window.player.status === 'connected'"
            % (before["framesShown"] + FRAMES_BEFORE))
        after = page.evaluate("window.player")
        print("player: noticed the loss %.1f s after the stop; playing again %.1f s after the restarted server was "
              "ready; %d retries, %d connections, %d frames shown" % (
                  noticed, reconnect_seconds, after["retries"], after["connections"], after["framesShown"]))
        assert after["retries"] >= 1 and after["connections"] >= 2, after
        assert server.wait_viewers(lambda n: n == 1, 10) == 1, "the restarted server has no viewer"
        assert page.evaluate("document.getElementById('play').disabled && !document.getElementById('stop').disabled")
    finally:
        page.navigate("about:blank")
        page.close()


@pytest.mark.browser
def test_player_page_stops_at_a_session_that_is_not_there(server: ServerProcess, chrome: Chrome, request) -> None:  # type: ignore[no-untyped-def]
    if server.reference:
        pytest.skip("the reference server has no built-in player page")
    page = chrome.new_page()
    request.node._e2e_console = page.console
    page.send("Page.addScriptToEvaluateOnNewDocument", {"source": COUNT_WHEP_POSTS})
    try:
        page.navigate(server.url("/player?autoplay&session=no-such-session"))
        shown = page.wait_for("window.player && window.player.status.includes('no such session')", 20)
        assert shown, "status %r; player %s" % (
            page.evaluate("document.getElementById('status').textContent"), json.dumps(page.evaluate("window.player")))
        time.sleep(RETRY_WINDOW)
        player = page.evaluate("window.player")
        posts = page.evaluate("window.whepPosts")
        print("404: status %r after %d POST(s)" % (player["status"], posts))
        assert posts == 1, "the player POSTed %d offers to a session that is not there" % posts
        assert player["retries"] == 0 and "no such session" in player["status"], player
        assert page.evaluate("!document.getElementById('play').disabled && document.getElementById('stop').disabled")
    finally:
        page.navigate("about:blank")
        page.close()


@pytest.mark.browser
@pytest.mark.xr
@pytest.mark.parametrize("transport", ["datachannel", "websocket"])
def test_xr_page_streams_again_after_the_server_restarts(  # type: ignore[no-untyped-def]
    private_server: ServerProcess, chrome: Chrome, operator_token: str, transport: str, request
) -> None:
    server = private_server
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    page = open_xr_page(chrome, server.url("/xr?eye=%s&transport=%s" % (XR_EYE, transport)), request)
    try:
        page.evaluate("document.getElementById('enter').click()")
        assert page.wait_for(
            "window.xr.framesReceived >= %d && window.xr.state === 'streaming' || window.xr.error" % FRAMES_BEFORE,
            FIRST_FRAME_TIMEOUT + 10), "page %s" % json.dumps(page.evaluate("window.xr"))
        before = page.evaluate("window.xr")
        assert not before["error"] and before["connections"] == 1, before

        noticed, reconnect_seconds = restart_and_wait(
            server, page,
            "window.xr.state.includes('reconnecting')",
            "window.xr.framesReceived >= %d && window.xr.state === 'streaming' && window.xr.attempt === 0"
            % (before["framesReceived"] + FRAMES_BEFORE))
        time.sleep(2.5)  # poses and at least one report on the new viewer
        after = page.evaluate("window.xr")
        assert not after["error"] and after["retries"] >= 1 and after["connections"] >= 2, after
        viewer = resource_id(after["location"])
        listing = {entry["id"]: entry for entry in server.viewer_listing(operator_token)}
        assert viewer in listing, "the page's new viewer %s is not in the listing %s" % (viewer, list(listing))
        counted = listing[viewer].get("xr") or {}
        print("xr over %s: noticed the loss %.1f s after the stop; streaming again %.1f s after the restarted server "
              "was ready; %d retries; the new viewer got %d poses, %d reports" % (
                  transport, noticed, reconnect_seconds, after["retries"], counted.get("posesReceived", 0),
                  counted.get("reportsReceived", 0)))
        assert counted.get("posesReceived", 0) > 0, "no pose reached the new viewer over the %s: %s" % (
            transport, counted)
    finally:
        close_page(page)


class Redirector(http.server.BaseHTTPRequestHandler):
    """Answers a POST with a 307 to the same path on `target` (a WHEP address that moved) and passes the session list
    on, both readable from any origin."""

    target = ""
    seen: list[str] = []  # each request's method (a preflight's: the one it asks for), in the order they came

    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Authorization")

    def do_OPTIONS(self) -> None:  # noqa: N802
        self.seen.append("OPTIONS " + self.headers.get("Access-Control-Request-Method", ""))
        self.send_response(204)
        self._cors()
        self.end_headers()

    def _redirect(self) -> None:
        self.seen.append(self.command)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(307)
        self._cors()
        self.send_header("Location", self.target + self.path)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = _redirect  # noqa: N815

    def do_GET(self) -> None:  # noqa: N802
        """The session list, passed on (the server lets no other origin read it)."""
        status, _, body = http_request("GET", self.target + self.path, timeout=5)
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def redirector(server: ServerProcess):  # type: ignore[no-untyped-def]
    handler = type("ToServer", (Redirector,), {"target": server.base_url, "seen": []})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1], handler.seen
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_player_page_follows_a_redirected_post_and_deletes_where_it_landed(  # type: ignore[no-untyped-def]
    server: ServerProcess, chrome: Chrome, redirector: tuple[str, list[str]], request
) -> None:
    address, seen = redirector
    if server.reference:
        pytest.skip("the reference server has no built-in player page")
    viewers = server.viewers()
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate(server.url("/player?autoplay&server=" + address))
        assert page.wait_for("window.player && window.player.framesShown >= %d" % FRAMES_BEFORE, FIRST_FRAME_TIMEOUT), (
            "no frames through the redirect within %.0f s; player %s" % (
                FIRST_FRAME_TIMEOUT, json.dumps(page.evaluate("window.player"))))
        assert server.wait_viewers(lambda n: n == viewers + 1, 10) == viewers + 1
        page.evaluate("document.getElementById('stop').click()")
        # The viewer's Location is relative to the server the POST landed on, not to the redirector.
        left = server.wait_viewers(lambda n: n == viewers, 10)
        assert left == viewers, "the page's DELETE did not reach the viewer: %d viewers, %d before" % (left, viewers)
        assert "POST" in seen and not any("DELETE" in method for method in seen), "the redirector saw %s" % seen
    finally:
        page.navigate("about:blank")
        page.close()
