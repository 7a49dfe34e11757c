"""Media-plane attacks against the real binary (issue #10), on 127.0.0.0/8 only.

A viewer knows its own ICE password from its answer. It sends a Binding request with USE-CANDIDATE and a valid
MESSAGE-INTEGRITY from a victim address (a socket on 127.0.0.2 that never answers), then floods generic NACKs with
hundreds of BLP=0xFFFF entries, SRTCP-protected with its own keys, from the victim address and from its own verified
address. The server must send the victim nothing but STUN and no more bytes than came from there, keep the attacker's
media where it was, hold the attacker's retransmissions to its budget, and keep a good viewer receiving the frames
the session encodes. Every loop is bounded in time."""

from __future__ import annotations

import asyncio
import binascii
import hashlib
import hmac
import json
import multiprocessing
import os
import re
import socket
import struct
import time

import pytest
from prometheus_client.parser import text_string_to_metric_families

from harness import FIRST_FRAME_TIMEOUT, ServerProcess, http_request, percentile
from hostile import _template_offer
from whep_client import WhepViewer

VICTIM_HOST = "127.0.0.2"
ATTACK_SECONDS = 4.0
FORGED_BINDING_INTERVAL = 0.5
NACK_INTERVAL = 0.01
NACK_ENTRIES = 320  # 1 292-byte RTCP packets (what fits SRTCP in 1 500 bytes), each naming 5 440 sequence numbers
MAGIC_COOKIE = 0x2112A442


def _attribute(kind: int, value: bytes) -> bytes:
    return struct.pack("!HH", kind, len(value)) + value + b"\x00" * ((4 - len(value) % 4) % 4)


def signed_binding_request(username: str, password: str, nominate: bool = True, transaction: bytes = b"") -> bytes:
    """A Binding request as a controlling agent nominates with (USE-CANDIDATE), correctly signed and fingerprinted;
    without `nominate`, a plain connectivity check."""
    transaction = transaction or os.urandom(12)
    attributes = _attribute(0x0006, username.encode())  # USERNAME
    attributes += _attribute(0x0024, struct.pack("!I", 0x6E7F00FF))  # PRIORITY
    attributes += _attribute(0x802A, os.urandom(8))  # ICE-CONTROLLING
    if nominate:
        attributes += _attribute(0x0025, b"")  # USE-CANDIDATE
    signed_length = len(attributes) + 24
    header = struct.pack("!HHI", 0x0001, signed_length, MAGIC_COOKIE) + transaction
    mac = hmac.new(password.encode(), header + attributes, hashlib.sha1).digest()
    body = attributes + _attribute(0x0008, mac)  # MESSAGE-INTEGRITY
    message = struct.pack("!HHI", 0x0001, signed_length + 8, MAGIC_COOKIE) + transaction + body
    crc = (binascii.crc32(message) ^ 0x5354554E) & 0xFFFFFFFF
    return message + _attribute(0x8028, struct.pack("!I", crc))  # FINGERPRINT


def nack_flood(sender_ssrc: int, media_ssrc: int, first: int) -> bytes:
    """A generic NACK (RTPFB FMT 1) of NACK_ENTRIES entries, each a PID and BLP 0xFFFF."""
    fci = b"".join(struct.pack("!HH", (first + 17 * i) & 0xFFFF, 0xFFFF) for i in range(NACK_ENTRIES))
    return struct.pack("!BBHII", 0x81, 205, 2 + NACK_ENTRIES, sender_ssrc, media_ssrc) + fci


def frames_encoded(server: ServerProcess, session: str = "default") -> float:
    status, _, body = http_request("GET", server.url("/metrics"), timeout=5)
    assert status == 200, "GET /metrics answered %d" % status
    for family in text_string_to_metric_families(body.decode()):
        for sample in family.samples:
            if sample.name == "hypercube_frames_sent_total" and sample.labels.get("session") == session:
                return sample.value
    raise AssertionError("/metrics has no hypercube_frames_sent_total for session %r" % session)


def listed_viewer(server: ServerProcess, token: str, location: str) -> dict | None:
    """The viewer's entry in GET /v1/sessions/default/viewers, or None when the server does not list it."""
    status, _, body = http_request(
        "GET", server.url("/v1/sessions/default/viewers"), headers={"Authorization": "Bearer " + token}, timeout=5
    )
    assert status == 200, "GET /v1/sessions/default/viewers answered %d" % status
    for viewer in json.loads(body)["viewers"]:
        if location.rstrip("/").endswith(viewer["id"]):
            return viewer
    return None


def viewer_counters(server: ServerProcess, token: str, location: str) -> dict:
    viewer = listed_viewer(server, token, location)
    assert viewer is not None, "the server does not list viewer %s" % location
    return viewer


class Victim:
    """A socket on 127.0.0.2 that never answers: counts what the server sends it, and sends the forged datagrams."""

    def __init__(self, server_port: int) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((VICTIM_HOST, 0))
        self.sock.setblocking(False)
        self.server = ("127.0.0.1", server_port)
        self.bytes_in = 0
        self.bytes_out = 0
        self.datagrams_in = 0
        self.non_stun_in = 0

    def send(self, payload: bytes) -> None:
        try:
            self.sock.sendto(payload, self.server)
            self.bytes_out += len(payload)
        except (BlockingIOError, OSError):
            pass

    def drain(self) -> None:
        for _ in range(10_000):
            try:
                data, _ = self.sock.recvfrom(65536)
            except (BlockingIOError, OSError):
                return
            self.datagrams_in += 1
            self.bytes_in += len(data)
            if not data or data[0] > 3:  # RFC 7983: STUN is 0..3; DTLS, SRTP and SRTCP are not
                self.non_stun_in += 1

    def close(self) -> None:
        self.sock.close()


STUN_PROBE_INTERVAL = 0.02


def stun_rtt_process(whep_url: str, server_port: int, seconds: float, queue) -> None:  # type: ignore[no-untyped-def]
    """Child process: joins as a viewer of its own (a WHEP offer, then ICE checks from a plain socket) and times the
    server's answer to a signed connectivity check every 20 ms for `seconds`: another viewer's STUN round trip, in
    ms, timed in its own process so that the test's aiortc peers do not count. Puts "ready" once it has joined, then
    the list, or the failure."""
    import asyncio as child_asyncio

    try:
        offer = child_asyncio.run(_template_offer())
        status, _, body = http_request(
            "POST", whep_url, body=offer.encode(), headers={"Content-Type": "application/sdp"}, timeout=10)
        if status != 201:
            raise AssertionError("the probe's POST answered %d: %r" % (status, body[:200]))
        answer = body.decode()
        username = "%s:%s" % (
            re.search(r"a=ice-ufrag:(\S+)", answer).group(1), re.search(r"a=ice-ufrag:(\S+)", offer).group(1))
        password = re.search(r"a=ice-pwd:(\S+)", answer).group(1)
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(1.0)
        queue.put(("ready", None))
        rtts: list[float] = []
        lost = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            transaction = os.urandom(12)
            began = time.perf_counter()
            sock.sendto(signed_binding_request(username, password, nominate=False, transaction=transaction),
                        ("127.0.0.1", server_port))
            try:
                while True:
                    data, _ = sock.recvfrom(2048)
                    if len(data) >= 20 and data[0:2] == b"\x01\x01" and data[8:20] == transaction:
                        rtts.append((time.perf_counter() - began) * 1000)
                        break
            except socket.timeout:
                lost += 1
            time.sleep(STUN_PROBE_INTERVAL)
        sock.close()
        queue.put(("ok", (rtts, lost)))
    except Exception as exc:  # noqa: BLE001  (reported to the test)
        queue.put(("error", repr(exc)))


@pytest.mark.hostile
@pytest.mark.slow
def test_forged_nomination_and_nack_flood_reach_no_victim_and_spare_a_good_viewer(
    server: ServerProcess, operator_token: str
) -> None:
    report: dict = {}

    async def scenario() -> None:
        good = WhepViewer(server.whep_url(), name="good", audio=False, analyse_every=10, keep_thumbs=False)
        attacker = WhepViewer(server.whep_url(), name="attacker", audio=False, analyse_every=30, keep_thumbs=False)
        victim = Victim(server.udp_port)
        try:
            await good.connect()
            await attacker.connect()
            assert await good.wait_first_frame(FIRST_FRAME_TIMEOUT), "the good viewer got no frame"
            assert await attacker.wait_first_frame(FIRST_FRAME_TIMEOUT), "the attacker got no frame"
            await asyncio.sleep(1.0)

            server_ufrag = re.search(r"a=ice-ufrag:(\S+)", attacker.answer_sdp or "").group(1)
            server_pwd = re.search(r"a=ice-pwd:(\S+)", attacker.answer_sdp or "").group(1)
            client_ufrag = re.search(r"a=ice-ufrag:(\S+)", attacker.offer_sdp or "").group(1)
            media_ssrc = int(re.search(r"a=ssrc:(\d+) ", attacker.answer_sdp or "").group(1))
            dtls = attacker.pc.getTransceivers()[0].receiver.transport
            sender_ssrc = 0x0A77AC4E

            # Another viewer's STUN round trip, timed in its own process: before the flood, then during it.
            context = multiprocessing.get_context("spawn")
            for phase, seconds in (("quiet", 1.5), ("flood", ATTACK_SECONDS)):
                queue = context.Queue()
                prober = context.Process(
                    target=stun_rtt_process, args=(server.whep_url(), server.udp_port, seconds, queue), daemon=True)
                prober.start()
                kind, result = await asyncio.to_thread(queue.get, True, 60)
                assert kind == "ready", "the STUN probe failed: %s" % (result,)
                if phase == "quiet":
                    kind, result = await asyncio.to_thread(queue.get, True, 60)
                    await asyncio.to_thread(prober.join, 10)
                    assert kind == "ok", "the STUN probe failed: %s" % (result,)
                    report["stun quiet"] = result
            # The second prober measures while the flood runs; its figures are read after the attack.
            report["prober"], report["prober queue"] = prober, queue

            before = viewer_counters(server, operator_token, attacker.location or "")
            good_before = viewer_counters(server, operator_token, good.location or "")
            frames_before = frames_encoded(server)
            attacker_packets_before = attacker.rtp_packets
            report["start"] = time.time()
            deadline = time.monotonic() + ATTACK_SECONDS
            next_binding = 0.0
            step = 0
            while time.monotonic() < deadline:
                if time.monotonic() >= next_binding:
                    victim.send(signed_binding_request("%s:%s" % (server_ufrag, client_ufrag), server_pwd))
                    next_binding = time.monotonic() + FORGED_BINDING_INTERVAL
                nack = nack_flood(sender_ssrc, media_ssrc, (step * NACK_ENTRIES * 17) & 0xFFFF)
                victim.send(dtls._tx_srtp.protect_rtcp(nack))  # forged: from the victim's address
                await dtls._send_rtp(nack)  # from the attacker's own, verified address
                victim.drain()
                step += 1
                await asyncio.sleep(NACK_INTERVAL)
            report["end"] = time.time()
            report["nacks"] = step
            kind, result = await asyncio.to_thread(report["prober queue"].get, True, 60)
            await asyncio.to_thread(report["prober"].join, 10)
            assert kind == "ok", "the STUN probe failed: %s" % (result,)
            report["stun flood"] = result
            after = viewer_counters(server, operator_token, attacker.location or "")

            settle = time.monotonic() + 1.5
            while time.monotonic() < settle:
                victim.drain()
                await asyncio.sleep(0.05)
            frames_after = frames_encoded(server)
            good_after = viewer_counters(server, operator_token, good.location or "")
            report["counted_until"] = time.time()
            report["good_skipped"] = good_after["framesSkipped"] - good_before["framesSkipped"]
            await good.collect_until(time.time() + 1.0)
            report["frames_encoded"] = frames_after - frames_before
            report["attacker_packets"] = attacker.rtp_packets - attacker_packets_before
            report["before"], report["after"] = before, after
        finally:
            victim.close()
            await attacker.close()
            await good.close()
        report["victim"] = victim
        report["good"] = good.summary()

    asyncio.run(scenario())
    victim: Victim = report["victim"]
    good = report["good"]
    before, after = report["before"], report["after"]
    start, end = report["start"], report["end"]
    print(good.describe())
    for phase in ("quiet", "flood"):
        rtts, lost = report["stun " + phase]
        print("another viewer's STUN round trip, %s: p50 %.2f / p99 %.2f / max %.2f ms over %d checks, %d unanswered"
              % (phase, percentile(rtts, 0.5), percentile(rtts, 0.99), max(rtts, default=float("nan")), len(rtts),
                 lost))
        # Counts, not speed: every check is answered (a lost loopback datagram would show as one unanswered).
        assert len(rtts) > 0 and lost <= 1, "%s: %d checks answered, %d not" % (phase, len(rtts), lost)
    print(
        "victim: %d datagrams, %d bytes in, %d bytes forged from there; attacker: %d NACK rounds, retransmitted %d, "
        "refused %d, %d packets received during the attack"
        % (
            victim.datagrams_in, victim.bytes_in, victim.bytes_out, report["nacks"],
            after["retransmitted"] - before["retransmitted"],
            after["retransmissionsRefused"] - before["retransmissionsRefused"], report["attacker_packets"],
        )
    )

    # nothing but STUN reached the unverified address, and never more bytes than were sent from it
    assert victim.non_stun_in == 0, "%d datagrams other than STUN reached the victim" % victim.non_stun_in
    assert victim.bytes_in <= victim.bytes_out, "the victim got %d bytes for the %d forged from its address" % (
        victim.bytes_in, victim.bytes_out)

    # the attacker's media stayed on its own verified address
    assert report["attacker_packets"] > 0, "the forged nomination moved the attacker's media away"

    # the NACK flood from the verified address was held to the budget: half the stream's packets plus a burst
    retransmitted = after["retransmitted"] - before["retransmitted"]
    stream_packets = (after["packetsSent"] - before["packetsSent"]) - retransmitted
    assert after["retransmissionsRefused"] > before["retransmissionsRefused"], "no retransmission was refused"
    assert retransmitted <= 0.75 * stream_packets + 200, "%d retransmissions for %d stream packets" % (
        retransmitted, stream_packets)

    # the good viewer got the frames the session encoded for it (less those its own bandwidth estimate had the server
    # skip) during the attack and the settling after it, counted over the same span shifted by a little decoding
    # lag, so that frames in flight at either edge balance out
    encoded = report["frames_encoded"]
    sent = encoded - report["good_skipped"]
    counted_until = report["counted_until"]
    assert sent > 0, "the session sent the good viewer no frame during the attack"
    lag = 0.3
    received = sum(1 for t in good.frame_times if start + lag <= t <= counted_until + lag)
    frame_interval = (counted_until - start) / sent
    gap = good.longest_gap(start + lag, end + lag)
    print("good viewer: decoded %d of the %d frames sent to it (%d encoded), longest gap %.2f s (frame interval %.3f s)"
          % (received, sent, encoded, gap, frame_interval))
    assert received >= 0.8 * sent, "the good viewer decoded %d of the %d frames the server sent it" % (received, sent)
    assert gap <= max(1.0, 10 * frame_interval), "the good viewer went %.2f s without a frame" % gap


@pytest.mark.hostile
def test_a_viewer_whose_only_address_is_forged_never_sends_it_more_than_stun(
    server: ServerProcess, operator_token: str
) -> None:
    """The initial selection: an offer whose ICE only ever comes from the victim's address. The viewer must never
    connect, the victim must get nothing but STUN and no more bytes than came from there, and the slot must be
    freed by the timeouts."""
    offer = asyncio.run(_template_offer())
    status, headers, body = http_request(
        "POST", server.whep_url(), body=offer.encode(), headers={"Content-Type": "application/sdp"}, timeout=10
    )
    assert status == 201, "POST answered %d: %r" % (status, body[:300])
    answer = body.decode()
    location = headers.get("location", "")
    server_ufrag = re.search(r"a=ice-ufrag:(\S+)", answer).group(1)
    server_pwd = re.search(r"a=ice-pwd:(\S+)", answer).group(1)
    client_ufrag = re.search(r"a=ice-ufrag:(\S+)", offer).group(1)
    dtls_client_hello = bytes([22, 0xFE, 0xFD]) + b"\x00" * 8 + struct.pack("!H", 60) + os.urandom(60)
    victim = Victim(server.udp_port)
    try:
        deadline = time.monotonic() + 4.0
        while time.monotonic() < deadline:
            victim.send(signed_binding_request("%s:%s" % (server_ufrag, client_ufrag), server_pwd))
            victim.send(dtls_client_hello)
            for _ in range(5):
                victim.drain()
                time.sleep(0.05)
        settle = time.monotonic() + 1.0
        while time.monotonic() < settle:
            victim.drain()
            time.sleep(0.05)
    finally:
        victim.close()
    print("victim: %d datagrams, %d bytes in, %d bytes forged from there" % (
        victim.datagrams_in, victim.bytes_in, victim.bytes_out))
    assert victim.datagrams_in > 0, "the forged Binding requests were not even answered"
    assert victim.non_stun_in == 0, "%d datagrams other than STUN reached the victim" % victim.non_stun_in
    assert victim.bytes_in <= victim.bytes_out, "the victim got %d bytes for the %d forged from its address" % (
        victim.bytes_in, victim.bytes_out)
    # no address ever answered, so the viewer never connected and its slot goes at the pending or ICE timeout
    entry = listed_viewer(server, operator_token, location)
    assert entry is None or entry["state"] == "connecting", "the viewer whose only address was forged: %s" % entry
    deadline = time.monotonic() + 15.0
    while entry is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        entry = listed_viewer(server, operator_token, location)
    assert entry is None, "the viewer whose only address was forged is still listed 15 s later: %s" % entry
