"""(d) Hostile input while a good viewer streams: garbage and truncated STUN/DTLS/RTP datagrams at the server's
UDP port, spoofed ICE checks, malformed and misdirected POSTs, an offer whose a=fingerprint is not the client's
certificate, and 200 offers that never connect. Every frame the server sends the good viewer while the attack runs
must reach it and nearly all must decode with no long gap (delivery.py), the forged-fingerprint connection must
never connect, and the server must drop every dead viewer within the cleanup timeout
(HYPERCUBE_ICE_TIMEOUT_SECONDS=5 is set for the server by conftest)."""

from __future__ import annotations

import asyncio
import multiprocessing
import re
import time

import pytest

from delivery import assert_delivered, measure, settle, take_snapshot
from harness import CLEANUP_TIMEOUT, FIRST_FRAME_TIMEOUT, ServerProcess, http_request
from hostile import attack
from whep_client import WhepViewer, rewrite_fingerprint

ABANDONED_OFFERS = 200
FINGERPRINT_WATCH_SECONDS = 8.0
SETTLE_SECONDS = 5.0  # at most, after the window, for its last packets to arrive and decode


def candidate_ports(sdp: str) -> set[int]:
    return {int(m.group(1)) for m in re.finditer(r"a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (\d+) typ", sdp, re.I)}


@pytest.mark.hostile
@pytest.mark.slow
def test_hostile_input_does_not_disturb_a_viewer_and_dead_viewers_are_dropped(
    server: ServerProcess, operator_token: str
) -> None:
    report: dict = {}

    async def scenario() -> tuple[WhepViewer, WhepViewer]:
        good = WhepViewer(server.whep_url(), name="good", analyse_every=10)
        forged = WhepViewer(server.whep_url(), name="forged-fingerprint", offer_transform=rewrite_fingerprint, audio=False)
        try:
            await good.connect()
            assert await good.wait_first_frame(FIRST_FRAME_TIMEOUT), "the good viewer got no frame"
            await asyncio.sleep(1.0)

            ports = sorted(candidate_ports(good.answer_sdp or "") | {server.udp_port})
            server_ufrag = re.search(r"a=ice-ufrag:(\S+)", good.answer_sdp).group(1)
            client_ufrag = re.search(r"a=ice-ufrag:(\S+)", good.offer_sdp).group(1)
            report["udp_ports"] = ports

            ctx = multiprocessing.get_context("spawn")
            queue = ctx.Queue()
            process = ctx.Process(
                target=attack,
                args=(server.whep_url(), server.whep_url("no-such-session"), ports, server_ufrag, client_ufrag,
                      ABANDONED_OFFERS, queue),
                daemon=True,
            )
            report["start"] = await asyncio.to_thread(take_snapshot, server, operator_token)
            process.start()

            # the forged-fingerprint viewer tries to connect while the attack runs
            try:
                await forged.connect()
            except Exception as exc:  # noqa: BLE001  (refusing the POST is also "not connecting")
                report["forged_post_error"] = repr(exc)
            await asyncio.sleep(FINGERPRINT_WATCH_SECONDS)
            report["forged"] = forged.summary()
            await forged.close(delete=False)  # no DELETE: the server must clean it up by itself

            kind, payload = await asyncio.to_thread(queue.get, True, 120)
            await asyncio.to_thread(process.join, 10)
            assert kind == "ok", "attack process failed:\n%s" % payload
            report["attack"] = payload
            report["end"] = await asyncio.to_thread(take_snapshot, server, operator_token)
            report["attack_end"] = time.time()

            # every abandoned or refused viewer must go away; the good one stays
            deadline = time.monotonic() + CLEANUP_TIMEOUT
            count = await asyncio.to_thread(server.viewers)
            while count != 1 and time.monotonic() < deadline:
                await asyncio.sleep(0.5)
                count = await asyncio.to_thread(server.viewers)
            report["final_viewers"] = count
            report["cleanup_seconds"] = time.time() - report["attack_end"]
            await settle(good, report["end"], SETTLE_SECONDS)
        finally:
            await forged.close(delete=False)
            await good.close()
        return good, forged

    good, forged = asyncio.run(scenario())
    s = good.summary()
    attack_result = report["attack"]
    print(s.describe())
    print("forged-fingerprint viewer:", report["forged"].describe())
    print("udp ports attacked %s: %s" % (report["udp_ports"], attack_result["udp"]))
    print("malformed POSTs:", attack_result["http"]["malformed"])
    print("abandoned offers (status: count):", attack_result["http"]["offers"])
    print("viewers back to %d after %.1f s" % (report["final_viewers"], report["cleanup_seconds"]))

    # the good viewer got every frame the server sent it while under attack, and decoded them without a stall
    delivery = measure(s, report["start"], report["end"])
    print(delivery.describe())
    assert_delivered(delivery)

    # the forged fingerprint never connected and never decoded anything
    forged_summary = report["forged"]
    assert "connected" not in forged_summary.states, "a peer whose certificate does not match a=fingerprint connected: %s" % (
        forged_summary.describe())
    assert forged_summary.frames == 0, forged_summary.describe()

    # malformed POSTs were refused with the right client errors as problem+json, never a crash or a 5xx
    expected = {
        "malformed sdp": (400,),
        "binary garbage": (400,),
        "huge sdp": (400, 413),
        "wrong content type": (415,),
        "unknown session": (404,),
    }
    for label, status, content_type in attack_result["http"]["malformed"]:
        assert status in expected[label], "%s: answered %s (expected %s)" % (label, status, " or ".join(map(str, expected[label])))
        if status != 413:  # a body-size limit may answer before the WHEP handler does
            assert content_type.split(";")[0].strip().lower() == "application/problem+json", "%s: Content-Type %r" % (
                label, content_type)

    # abandoned offers were accepted, or refused for load (503) or for the client's offer rate or pending viewers
    # (429), with Retry-After
    offers = attack_result["http"]["offers"]
    unexpected = {k: v for k, v in offers.items() if k not in (201, 429, 503)}
    assert not unexpected, "abandoned offers got %s (only 201, 429 or 503 expected); errors %s" % (
        offers, attack_result["http"]["errors"])
    assert attack_result["http"]["missing_retry_after"] == 0, "429 or 503 without Retry-After"

    # and every dead viewer was dropped within the timeout
    assert report["final_viewers"] == 1, (
        "GET /v1/sessions still lists %d viewers %.0f s after the attack (expected 1: only the good viewer)"
        % (report["final_viewers"], CLEANUP_TIMEOUT))
    assert server.alive(), "the server died"
    status, _, _ = http_request("GET", server.url("/health/ready"))
    assert status == 200, "/health/ready answered %d after the attack" % status
