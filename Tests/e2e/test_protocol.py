"""(e) WHEP protocol details and error answers, request by request (draft-ietf-wish-whep, RFC 9725 for the
PATCH/ETag rules WHEP borrows from WHIP, RFC 9457 problem details)."""

from __future__ import annotations

import asyncio
import json
import re
import secrets
from urllib.parse import urljoin

import pytest

from harness import ServerProcess, http_request
from whep_client import LOOPBACK  # noqa: F401  (importing whep_client confines ICE to loopback)

pytestmark = pytest.mark.protocol

ORIGIN = "http://127.0.0.1:9"  # some other origin; nothing needs to listen there


def make_offer(audio: bool = True) -> str:
    """A real recvonly offer from aiortc (ICE gathered), its peer connection closed afterwards."""
    from aiortc import RTCConfiguration, RTCPeerConnection

    async def offer() -> str:
        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc.addTransceiver("video", direction="recvonly")
        if audio:
            pc.addTransceiver("audio", direction="recvonly")
        await pc.setLocalDescription(await pc.createOffer())
        sdp = pc.localDescription.sdp
        await pc.close()
        return sdp

    return asyncio.run(offer())


@pytest.fixture(scope="module")
def offer() -> str:
    return make_offer()


def header_list(value: str | None) -> set[str]:
    return {part.strip().lower() for part in (value or "").split(",") if part.strip()}


def assert_problem(status: int, headers: dict, body: bytes, expected: tuple[int, ...]) -> dict:
    assert status in expected, "expected %s, got %d: %r" % (" or ".join(map(str, expected)), status, body[:300])
    media_type = headers.get("content-type", "").split(";")[0].strip().lower()
    assert media_type == "application/problem+json", "error %d has Content-Type %r, not application/problem+json" % (
        status, headers.get("content-type"))
    problem = json.loads(body)
    assert isinstance(problem, dict), problem
    assert isinstance(problem.get("detail"), str) and problem["detail"].strip(), "problem without a detail: %s" % problem
    if "status" in problem:
        assert problem["status"] == status, problem
    return problem


class Resource:
    """A WHEP session created by a POST (never connected); deleted at the end of the test."""

    def __init__(self, server: ServerProcess, offer: str, headers: dict | None = None) -> None:
        all_headers = {"Content-Type": "application/sdp"}
        all_headers.update(headers or {})
        self.status, self.headers, body = http_request("POST", server.whep_url(), offer.encode(), all_headers)
        self.answer = body.decode("utf-8", "replace")
        assert self.status == 201, "POST answered %d: %s" % (self.status, self.answer[:300])
        self.location = urljoin(server.whep_url(), self.headers.get("location", ""))
        self.etag = self.headers.get("etag")

    def delete(self) -> int:
        status, _, _ = http_request("DELETE", self.location)
        return status


def sdpfrag(offer: str, ufrag: str, pwd: str, candidate_port: int = 9) -> str:
    m_line = re.search(r"^m=video .*$", offer, re.M).group(0).strip()
    mid = re.search(r"^a=mid:(\S+)", offer, re.M).group(1)
    return (
        "a=ice-ufrag:%s\r\na=ice-pwd:%s\r\n%s\r\na=mid:%s\r\n"
        "a=candidate:1 1 udp 2130706431 127.0.0.1 %d typ host\r\na=end-of-candidates\r\n"
    ) % (ufrag, pwd, m_line, mid, candidate_port)


def offer_credentials(offer: str) -> tuple[str, str]:
    return (re.search(r"a=ice-ufrag:(\S+)", offer).group(1), re.search(r"a=ice-pwd:(\S+)", offer).group(1))


# ------------------------------------------------------------------------------------------------ service endpoints


def test_ready_and_player_url_printed(server: ServerProcess) -> None:
    status, _, _ = http_request("GET", server.url("/health/ready"))
    assert status == 200
    assert server.player_url, "the server printed no line with its player URL (http://127.0.0.1:%d/...)" % server.port


def test_sessions_and_metrics_list_default(server: ServerProcess) -> None:
    sessions = server.sessions()
    assert isinstance(sessions.get("sessions"), list), sessions
    default = [s for s in sessions["sessions"] if s.get("id") == "default"]
    assert len(default) == 1, sessions
    assert isinstance(default[0].get("viewers"), int), default[0]
    assert server.metrics_viewers() is not None, 'GET /metrics has no hypercube_viewers{session="default"} sample'


# ------------------------------------------------------------------------------------------------ CORS and headers


def test_options_preflight_advertises_cors_and_accept_post(server: ServerProcess) -> None:
    status, headers, _ = http_request(
        "OPTIONS",
        server.whep_url(),
        headers={
            "Origin": ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, authorization",
        },
    )
    assert status == 200, "OPTIONS answered %d" % status
    assert headers.get("access-control-allow-origin") in ("*", ORIGIN), headers
    methods = header_list(headers.get("access-control-allow-methods"))
    assert {"post", "patch", "delete"} <= methods, "Access-Control-Allow-Methods: %r" % headers.get("access-control-allow-methods")
    allowed = header_list(headers.get("access-control-allow-headers"))
    assert {"content-type", "authorization", "if-match"} <= allowed, "Access-Control-Allow-Headers: %r" % (
        headers.get("access-control-allow-headers"))
    exposed = header_list(headers.get("access-control-expose-headers"))
    assert {"location", "etag"} <= exposed, "Access-Control-Expose-Headers: %r" % headers.get("access-control-expose-headers")
    assert "application/sdp" in header_list(headers.get("accept-post")), "Accept-Post: %r" % headers.get("accept-post")


def test_post_answers_201_with_location_etag_and_sendonly_answer(server: ServerProcess, offer: str) -> None:
    resource = Resource(server, offer, headers={"Origin": ORIGIN})
    try:
        headers = resource.headers
        assert headers.get("location"), "201 without Location"
        assert resource.etag, "201 without ETag"
        assert headers.get("content-type", "").split(";")[0].strip().lower() == "application/sdp", headers
        # the browser reads Location and ETag from the POST response itself, so CORS applies to it too
        assert headers.get("access-control-allow-origin") in ("*", ORIGIN), "POST response lacks Access-Control-Allow-Origin"
        assert {"location", "etag"} <= header_list(headers.get("access-control-expose-headers")), (
            "POST response lacks Access-Control-Expose-Headers: Location, ETag")
        answer = resource.answer
        assert answer.startswith("v=0"), answer[:200]
        video = re.search(r"^m=video (\d+) .*?(?=^m=|\Z)", answer, re.M | re.S)
        assert video and video.group(1) != "0", "the answer rejects or lacks the video section:\n" + answer
        section = video.group(0)
        assert re.search(r"a=rtpmap:\d+ VP8/90000", section, re.I), "the answer's video section has no VP8:\n" + section
        assert re.search(r"^a=(sendonly|sendrecv)", section, re.M), "the answer's video section is not sendonly:\n" + section
        for attribute in ("a=ice-ufrag:", "a=ice-pwd:", "a=fingerprint:", "a=setup:"):
            assert attribute in answer, "the answer lacks %s" % attribute
        assert re.search(r"a=setup:(active|passive)", answer), "an answer's a=setup must be active or passive"
        assert re.search(r"a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host", answer, re.I), (
            "the answer has no host candidate on the announced 127.0.0.1:\n" + answer)
    finally:
        resource.delete()


# ------------------------------------------------------------------------------------------------ PATCH


def test_patch_trickle_candidates_answers_204(server: ServerProcess, offer: str) -> None:
    resource = Resource(server, offer)
    try:
        ufrag, pwd = offer_credentials(offer)
        headers = {"Content-Type": "application/trickle-ice-sdpfrag"}
        if resource.etag:
            headers["If-Match"] = resource.etag
        status, _, body = http_request("PATCH", resource.location, sdpfrag(offer, ufrag, pwd).encode(), headers)
        assert status == 204, "trickle PATCH answered %d: %r" % (status, body[:300])
    finally:
        resource.delete()


def test_patch_with_stale_etag_answers_412(server: ServerProcess, offer: str) -> None:
    resource = Resource(server, offer)
    try:
        ufrag, pwd = offer_credentials(offer)
        headers = {"Content-Type": "application/trickle-ice-sdpfrag", "If-Match": '"not-the-current-etag"'}
        status, _, body = http_request("PATCH", resource.location, sdpfrag(offer, ufrag, pwd).encode(), headers)
        assert status == 412, "PATCH with a stale If-Match answered %d: %r" % (status, body[:300])
    finally:
        resource.delete()


def test_patch_ice_restart_answers_200_with_new_etag_or_422(server: ServerProcess, offer: str) -> None:
    resource = Resource(server, offer)
    try:
        frag = sdpfrag(offer, secrets.token_hex(4), secrets.token_hex(16))
        headers = {"Content-Type": "application/trickle-ice-sdpfrag", "If-Match": "*"}
        status, answer_headers, body = http_request("PATCH", resource.location, frag.encode(), headers)
        assert status in (200, 422), "ICE-restart PATCH answered %d: %r" % (status, body[:300])
        if status == 200:
            new_etag = answer_headers.get("etag")
            assert new_etag and new_etag != resource.etag, "ICE restart must return a new ETag (old %s, new %s)" % (
                resource.etag, new_etag)
            media_type = answer_headers.get("content-type", "").split(";")[0].strip().lower()
            assert media_type == "application/trickle-ice-sdpfrag", answer_headers
            text = body.decode()
            assert "a=ice-ufrag:" in text and "a=ice-pwd:" in text, text
    finally:
        resource.delete()


# ------------------------------------------------------------------------------------------------ DELETE


def test_delete_twice_second_is_404(server: ServerProcess, offer: str) -> None:
    resource = Resource(server, offer)
    status, headers, _ = http_request(
        "OPTIONS",
        resource.location,
        headers={"Origin": ORIGIN, "Access-Control-Request-Method": "DELETE"},
    )
    assert status == 200, "OPTIONS on the session URL answered %d" % status
    assert headers.get("access-control-allow-origin") in ("*", ORIGIN), headers
    assert "delete" in header_list(headers.get("access-control-allow-methods")), headers
    assert resource.delete() == 200
    status, headers, body = http_request("DELETE", resource.location)
    assert_problem(status, headers, body, (404,))


# ------------------------------------------------------------------------------------------------ errors


def test_post_with_wrong_content_type_is_415(server: ServerProcess, offer: str) -> None:
    status, headers, body = http_request("POST", server.whep_url(), offer.encode(), {"Content-Type": "text/plain"})
    assert_problem(status, headers, body, (415,))


def test_post_malformed_sdp_is_400(server: ServerProcess) -> None:
    garbage = b"v=0\r\nthis is not an offer\r\nm=video banana\r\n\x00\xff"
    status, headers, body = http_request("POST", server.whep_url(), garbage, {"Content-Type": "application/sdp"})
    assert_problem(status, headers, body, (400,))
    status, headers, body = http_request("POST", server.whep_url(), b"", {"Content-Type": "application/sdp"})
    assert_problem(status, headers, body, (400,))


def test_post_to_unknown_session_is_404(server: ServerProcess, offer: str) -> None:
    status, headers, body = http_request(
        "POST", server.whep_url("no-such-session-%s" % secrets.token_hex(3)), offer.encode(), {"Content-Type": "application/sdp"}
    )
    assert_problem(status, headers, body, (404,))


def test_post_without_a_common_codec_is_400_or_406(server: ServerProcess, offer: str) -> None:
    munged = re.sub(r"(a=rtpmap:\d+ )(VP8|H264|opus|PCMU|PCMA|G722)/", r"\1X-UNSUPPORTED/", offer, flags=re.I)
    assert munged != offer
    status, headers, body = http_request("POST", server.whep_url(), munged.encode(), {"Content-Type": "application/sdp"})
    assert_problem(status, headers, body, (400, 406))
