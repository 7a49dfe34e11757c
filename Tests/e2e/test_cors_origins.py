"""CORS by allow-list, seen by headless Chromium on another origin: WHEP answers it, `/v1`, health and metrics
do not (they used to reflect any Origin, so any page could read `/v1/audit` through a visitor's browser)."""

from __future__ import annotations

import pytest

from harness import Chrome, PlayerOrigin, ServerProcess

READ = """fetch(%r, %s).then((r) => r.status).catch((e) => "blocked: " + e.name)"""


@pytest.mark.browser
def test_a_foreign_page_reads_whep_but_not_v1(server: ServerProcess, chrome: Chrome, player_origin: PlayerOrigin, request) -> None:  # type: ignore[no-untyped-def]
    if server.reference:
        pytest.skip("the reference server answers every origin")
    page = chrome.new_page()
    request.node._e2e_console = page.console
    try:
        page.navigate("http://127.0.0.1:%d/" % player_origin.port)
        for path in ("/v1/audit", "/v1/flags", "/v1/sessions", "/health/live", "/metrics"):
            result = page.evaluate(READ % (server.url(path), "{}"))
            assert result == "blocked: TypeError", "a page on another origin read %s: %s" % (path, result)
        preflighted = page.evaluate(READ % (server.url("/v1/flags/stereo"), '{method: "PUT", body: "{}", headers: {"Content-Type": "application/json"}}'))
        assert preflighted == "blocked: TypeError", "a page on another origin sent PUT /v1/flags/stereo: %s" % preflighted
        whep = page.evaluate(READ % (server.whep_url(), '{method: "POST", headers: {"Content-Type": "application/sdp"}, body: "v=0"}'))
        assert whep == 400, "WHEP from another origin: %s (expected the server's 400 for a bad offer, read through CORS)" % whep
    finally:
        page.navigate("about:blank")
        page.close()
