"""The built-in player page (`/player`) with `?server=` naming a hostile server: the session list it answers is
shown as text and none of its markup runs (it used to go in through innerHTML under a policy allowing
'unsafe-inline')."""

from __future__ import annotations

import http.server
import json
import threading

import pytest

from harness import Chrome, ServerProcess, free_port

HOSTILE_ID = '<img src=x onerror="window.pwned=(window.pwned||0)+1">'
HOSTILE_SCENE = "<script>window.pwned=(window.pwned||0)+1</script><b>bold</b>"


class HostileSessions(http.server.BaseHTTPRequestHandler):
    """Answers /v1/sessions with markup in every field, readable from any origin."""

    def do_GET(self) -> None:  # noqa: N802
        body = json.dumps(
            {"sessions": [{"id": HOSTILE_ID, "scene": HOSTILE_SCENE, "width": 1, "height": 1, "fps": 1}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture
def hostile_server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), HostileSessions)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield "http://127.0.0.1:%d" % httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_player_shows_a_hostile_session_list_as_text(server: ServerProcess, chrome: Chrome, hostile_server: str, request) -> None:  # type: ignore[no-untyped-def]
    if server.reference:
        pytest.skip("the reference server has no built-in player page")
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate(server.url("/player?server=" + hostile_server))
        listed = page.wait_for("document.querySelectorAll('#session option').length", 15)
        assert listed == 1, "the player listed no session from %s; console: %s" % (hostile_server, page.console)
        option = page.evaluate("document.querySelector('#session option').textContent")
        value = page.evaluate("document.querySelector('#session option').value")
        assert HOSTILE_ID in option and HOSTILE_SCENE in option, option
        assert value == HOSTILE_ID, value
        assert page.evaluate("window.pwned === undefined"), "markup from ?server= ran: window.pwned = %s" % page.evaluate("window.pwned")
        assert page.evaluate("document.querySelectorAll('img, b, #session script').length") == 0
        violations = [line for line in page.console if "Content Security Policy" in line]
        assert not violations, "the page's own code broke its policy: %s" % violations
    finally:
        page.navigate("about:blank")
        page.close()
