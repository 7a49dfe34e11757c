"""The WebXR page (`/xr`, docs/xr.md) in headless Chromium: its pose and frame-timing messages are the bytes the
protocol names (checked against Python's struct), the magic window's keys move the head and fill the axes and
buttons fields, and, against the server, it streams: the server counts its poses and its own motion-to-photon
figures are real numbers.

Chromium gives an inline XR session frames only while its page has focus, which a headless tab never has: the tests
turn on DevTools' focus emulation."""

from __future__ import annotations

import json
import math
import struct
import time

import pytest

from harness import FIRST_FRAME_TIMEOUT, Chrome, Page, ServerProcess, http_request
from whep_client import resource_id

POSE_FORMAT = "<BBHIdfffffffffff"  # docs/xr.md, type 1: 60 bytes
TIMING_FORMAT = "<BBHIIfffffffffff"  # type 3: 56 bytes
XR_EYE = "160x90"  # small: an XR viewer gets a render of its own, within the e2e server's GPU budget
FRAMES_TO_DRAW = 30


def open_xr_page(chrome: Chrome, url: str, request, webxr: bool = True) -> Page:  # type: ignore[no-untyped-def]
    """The page at `url`, focused; with webxr=False in a browser without `navigator.xr`."""
    page = chrome.new_page()
    request.node._e2e_console = page.console
    page.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
    if not webxr:
        page.send("Page.addScriptToEvaluateOnNewDocument", {
            "source": "Object.defineProperty(Navigator.prototype, 'xr', { get: () => undefined })"})
    page.navigate(url)
    assert page.wait_for("window.xr !== undefined && document.readyState === 'complete'", 15), (
        "the XR page did not load; console: %s" % page.console)
    return page


def close_page(page: Page) -> None:
    page.navigate("about:blank")
    page.close()


KEYS = {
    "KeyW": ("w", 87), "KeyP": ("p", 80), "ArrowLeft": ("ArrowLeft", 37), "Digit1": ("1", 49),
    "ShiftLeft": ("Shift", 16),
}
SHIFT = 8  # the DevTools modifier bit


def key(page: Page, kind: str, code: str, modifiers: int = 0) -> None:
    name, virtual = KEYS[code]
    page.send("Input.dispatchKeyEvent", {
        "type": kind, "code": code, "key": name, "windowsVirtualKeyCode": virtual, "modifiers": modifiers,
    })


def pose(page: Page) -> dict:
    return page.evaluate("window.xr.pose")


def pose_while_held(page: Page, code: str, condition: str, modifiers: int = 0, timeout: float = 5.0) -> dict:
    """Holds a key until `condition` (JS, over `p`, the pose being sent) holds; returns that pose."""
    key(page, "keyDown", code, modifiers)
    try:
        held = page.wait_for("(p => p && (%s) && p)(window.xr.pose)" % condition, timeout)
        assert held, "holding %s: the pose never met %s; it is %s" % (code, condition, json.dumps(pose(page)))
        return held
    finally:
        key(page, "keyUp", code, modifiers)


@pytest.mark.browser
@pytest.mark.parametrize("webxr", [True, False], ids=["webxr", "no-webxr"])
def test_xr_page_speaks_the_wire_format_and_follows_the_keys(server: ServerProcess, chrome: Chrome, webxr: bool, request) -> None:  # type: ignore[no-untyped-def]
    if server.reference:
        pytest.skip("the reference server has no XR page")
    page = open_xr_page(chrome, server.url("/xr"), request, webxr)
    try:
        if webxr:
            assert page.evaluate("navigator.xr !== undefined"), "Chromium on a loopback origin has no navigator.xr"
        mode = page.evaluate("window.xr.enter({ connect: false })")
        # Chromium has no headset here: an inline session (magic window), or requestAnimationFrame without WebXR
        assert mode == ("inline" if webxr else "fallback"), "enter() gave %r; state %s" % (
            mode, page.evaluate("window.xr.state"))
        assert page.wait_for("window.xr.pose !== null", 10), "no frame ran; state %s" % page.evaluate("window.xr.state")
        print("the page runs %s; first pose %s" % (mode, json.dumps(pose(page))))

        for fields in (
            {"buttons": 1, "ipd": 640, "poseId": 123456789, "sampleTime": 12345.678901,
             "position": [0.25, -1.5, 3.1], "orientation": [0.1, 0.2, 0.3, 0.9], "axes": [1, -1, 0.5, 0]},
            {"buttons": 0, "ipd": 65535, "poseId": 4294967295, "sampleTime": 2.0 ** 40 + 0.5,
             "position": [-1e-7, 1e30, 0], "orientation": [0, 0, 0, 1], "axes": [0, 0, -0.333, 0]},
        ):
            expected = struct.pack(
                POSE_FORMAT, 1, fields["buttons"], fields["ipd"], fields["poseId"], fields["sampleTime"],
                *fields["position"], *fields["orientation"], *fields["axes"])
            encoded = bytes(page.evaluate("Array.from(window.xr.encodePose(%s))" % json.dumps(fields)))
            assert len(encoded) == 60
            assert encoded == expected, "encodePose(%s):\n page   %s\n struct %s" % (fields, encoded.hex(), expected.hex())

        timing = struct.pack(
            TIMING_FORMAT, 3, 0, 0, 77, 0xFFFFFFF0, 1.5, 4.25, 2.75, 9.5, 0.25, -1.5, 2.0, 0.0, 0.5, 0.0, 0.75)
        decoded = page.evaluate("window.xr.decodeTiming(%s)" % json.dumps(list(timing)))
        assert decoded == {
            "poseId": 77, "rtpTimestamp": 0xFFFFFFF0, "receivedToRenderMs": 1.5, "renderMs": 4.25, "encodeMs": 2.75,
            "receivedToWireMs": 9.5, "position": [0.25, -1.5, 2.0], "orientation": [0.0, 0.5, 0.0, 0.75],
        }, decoded
        for wrong in (timing[:-1], b"\x01" + timing[1:], timing + b"\x00"):
            assert page.evaluate("window.xr.decodeTiming(%s)" % json.dumps(list(wrong))) is None, wrong.hex()

        start = pose(page)
        assert start["position"] == [0, 0, 0] and start["orientation"] == [0, 0, 0, 1], start
        assert start["buttons"] == 0 and start["axes"] == [0, 0, 0, 0], start
        moved = pose_while_held(page, "KeyW", "p.position[2] < -0.05")  # forward is −z
        assert abs(moved["position"][0]) < 1e-6 and moved["sampleTime"] > start["sampleTime"], moved
        turned = pose_while_held(page, "ArrowLeft", "p.orientation[1] > 0.05")  # a left turn: about +y
        assert turned["orientation"][3] < 1, turned
        assert pose_while_held(page, "Digit1", "p.axes[0] === 1")["axes"] == [1, 0, 0, 0]
        key(page, "keyDown", "ShiftLeft", SHIFT)
        try:
            assert pose_while_held(page, "Digit1", "p.axes[0] === -1", SHIFT)["axes"] == [-1, 0, 0, 0]
        finally:
            key(page, "keyUp", "ShiftLeft")
        assert pose_while_held(page, "KeyP", "p.buttons === 1")["buttons"] == 1
        assert page.wait_for("window.xr.pose.buttons === 0 && window.xr.pose.axes[0] === 0", 5), pose(page)
        assert page.evaluate("window.xr.posesSent") == 0, "a pose went out with no connection"
        violations = [line for line in page.console if "Content Security Policy" in line]
        assert not violations, "the page's own code broke its policy: %s" % violations
    finally:
        close_page(page)


@pytest.mark.browser
def test_xr_page_streams(server: ServerProcess, chrome: Chrome, operator_token: str, request) -> None:  # type: ignore[no-untyped-def]
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    # The page from another origin (localhost), the server named by ?server=: the POST and DELETE go through CORS.
    url = "http://localhost:%d/xr?%s" % (server.port, "server=%s&eye=%s" % (server.base_url, XR_EYE))
    page = open_xr_page(chrome, url, request)
    try:
        page.evaluate("document.getElementById('enter').click()")
        drawn = page.wait_for(
            "window.xr.framesDrawn >= %d || window.xr.error" % FRAMES_TO_DRAW, FIRST_FRAME_TIMEOUT + 10)
        xr = page.evaluate("window.xr")
        assert not xr["error"], "the page failed: %s" % xr["error"]
        assert drawn, "%d frames drawn within %.0f s; page %s" % (xr["framesDrawn"], FIRST_FRAME_TIMEOUT + 10, xr)
        assert xr["state"] == "streaming", xr
        assert xr["eye"] == {"width": 160, "height": 90}, xr["eye"]
        time.sleep(2.5)  # at least two client reports

        viewer = resource_id(page.evaluate("window.xr.location"))
        listing = {entry["id"]: entry for entry in server.viewer_listing(operator_token)}
        xr = page.evaluate("window.xr")
        assert viewer in listing, "the page's viewer %s is not in the operator listing %s" % (viewer, list(listing))
        counted = listing[viewer].get("xr") or {}
        print("page: %d poses sent, %d frames drawn, %d repeated, motion-to-photon %s; server: %s" % (
            xr["posesSent"], xr["framesDrawn"], xr["repeatedFrames"], xr["motionToPhotonMs"][-10:], counted))
        assert 0 < counted.get("posesReceived", 0) <= xr["posesSent"], (counted, xr["posesSent"])
        reported = counted.get("motionToPhotonMs") or []
        assert reported and all(math.isfinite(ms) and ms > 0 for ms in reported), counted
        assert counted.get("reportsReceived", 0) >= 1 and counted.get("framesTimed", 0) > 0, counted

        figures = xr["motionToPhotonMs"]
        assert figures, "no drawn frame matched a pose the page sent (RTP timestamp ≠ round(sampleTime·90))"
        assert all(math.isfinite(ms) and ms > 0 for ms in figures), figures
        assert all(math.isfinite(deg) and deg >= 0 for deg in xr["residualDegrees"]), xr["residualDegrees"]
        assert xr["timingsReceived"] > 0 and xr["lastTiming"]["poseId"] > 0, xr["lastTiming"]

        page.evaluate("window.xr.leave()")
        deadline = time.monotonic() + 10
        while viewer in {entry["id"] for entry in server.viewer_listing(operator_token)}:
            assert time.monotonic() < deadline, "the viewer %s was still listed 10 s after the page left" % viewer
            time.sleep(0.2)
    finally:
        location = page.evaluate("window.xr && window.xr.location")
        close_page(page)
        if location:
            http_request("DELETE", location)
