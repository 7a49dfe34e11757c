"""Hostile traffic for test_hostile.py, run in its own process so that its CPU use does not starve the good
viewer's decoder in the test process. Everything goes to 127.0.0.1 only, and every loop is bounded."""

from __future__ import annotations

import asyncio
import binascii
import collections
import os
import random
import re
import secrets
import socket
import struct
import time
from typing import Any

MAGIC_COOKIE = 0x2112A442


# ------------------------------------------------------------------------------------------------ datagrams


def _stun_attribute(kind: int, value: bytes) -> bytes:
    padding = (4 - len(value) % 4) % 4
    return struct.pack("!HH", kind, len(value)) + value + b"\x00" * padding


def stun_binding_request(username: str, *, integrity: bytes | None = None, fingerprint: bool = True) -> bytes:
    """A STUN Binding request with ICE attributes; MESSAGE-INTEGRITY is random (so it must fail verification)."""
    attributes = _stun_attribute(0x0006, username.encode())  # USERNAME
    attributes += _stun_attribute(0x0024, struct.pack("!I", 0x6E7F00FF))  # PRIORITY
    attributes += _stun_attribute(0x802A, os.urandom(8))  # ICE-CONTROLLING
    attributes += _stun_attribute(0x0025, b"")  # USE-CANDIDATE: the spoofer asks to be nominated
    attributes += _stun_attribute(0x0008, integrity or os.urandom(20))  # MESSAGE-INTEGRITY (bogus)
    transaction = os.urandom(12)
    length = len(attributes) + (8 if fingerprint else 0)
    message = struct.pack("!HHI", 0x0001, length, MAGIC_COOKIE) + transaction + attributes
    if fingerprint:
        crc = (binascii.crc32(message) ^ 0x5354554E) & 0xFFFFFFFF
        message += _stun_attribute(0x8028, struct.pack("!I", crc))
    return message


def hostile_datagrams(server_ufrag: str, client_ufrag: str, rng: random.Random) -> list[tuple[str, bytes]]:
    """One round of every kind of bad datagram, labelled."""
    stun = stun_binding_request("%s:%s" % (server_ufrag, client_ufrag))
    dtls_client_hello = (
        bytes([22, 0xFE, 0xFD]) + b"\x00\x00" + b"\x00" * 6 + struct.pack("!H", 200)
        + bytes([1]) + b"\x00\x00\xc4" + b"\x00\x00" + b"\x00\x00\x00" + b"\x00\x00\xc4"
        + b"\xfe\xfd" + os.urandom(32) + b"\x00" + b"\x00" + b"\x00\x04\xc0\x2b\xc0\x2f"
    )
    rtp_header = bytes([0x80, 0x60]) + struct.pack("!HII", rng.randrange(65536), rng.randrange(2**32), rng.randrange(2**32))
    out = [
        ("random", os.urandom(rng.randrange(1, 1400))),
        ("empty", b""),
        ("one byte", bytes([rng.randrange(256)])),
        ("stun: header only, claims a body", struct.pack("!HHI", 0x0001, 100, MAGIC_COOKIE) + os.urandom(12)),
        ("stun: truncated header", struct.pack("!HHI", 0x0001, 0, MAGIC_COOKIE)[:6]),
        ("stun: attribute longer than message", struct.pack("!HHI", 0x0001, 8, MAGIC_COOKIE) + os.urandom(12)
         + struct.pack("!HH", 0x0006, 0xFFFF) + b"abcd"),
        ("stun: spoofed binding request, bad integrity", stun),
        ("stun: spoofed binding request, cut short", stun[: rng.randrange(20, len(stun) - 1)]),
        ("stun: binding success from nowhere", struct.pack("!HHI", 0x0101, 0, MAGIC_COOKIE) + os.urandom(12)),
        ("dtls: client hello cut short", dtls_client_hello[: rng.randrange(1, len(dtls_client_hello))]),
        ("dtls: record length beyond datagram", bytes([22, 0xFE, 0xFD]) + os.urandom(8) + struct.pack("!H", 0x4000)),
        ("dtls: application data garbage", bytes([23, 0xFE, 0xFD]) + os.urandom(rng.randrange(10, 300))),
        ("dtls: alert garbage", bytes([21, 0xFE, 0xFD]) + os.urandom(10)),
        ("rtp: truncated header", rtp_header[: rng.randrange(1, 12)]),
        ("rtp: forged srtp packet", rtp_header + os.urandom(rng.randrange(20, 1200))),
        ("rtp: bad csrc count/extension", bytes([0x9F, 0x60]) + os.urandom(10)),
        ("rtcp: truncated sender report", bytes([0x80, 200, 0x00, 0x06]) + os.urandom(rng.randrange(0, 20))),
        ("rtcp: forged nack", bytes([0x81, 205, 0x00, 0x03]) + os.urandom(12)),
        ("rtcp: length field lies", bytes([0x80, 201, 0xFF, 0xFF]) + os.urandom(8)),
    ]
    return out


def send_udp_garbage(ports: list[int], server_ufrag: str, client_ufrag: str, rounds: int, pace: float) -> dict[str, int]:
    """Send `rounds` rounds of every bad datagram to each port, from two sockets; returns counts per label."""
    rng = random.Random(1234)
    counts: collections.Counter[str] = collections.Counter()
    sockets = []
    for _ in range(2):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        s.setblocking(False)
        sockets.append(s)
    try:
        for round_index in range(rounds):
            for label, payload in hostile_datagrams(server_ufrag, client_ufrag, rng):
                for port in ports:
                    sock = sockets[round_index % len(sockets)]
                    try:
                        sock.sendto(payload, ("127.0.0.1", port))
                        counts[label] += 1
                    except (BlockingIOError, ConnectionRefusedError, OSError):
                        counts["(send failed)"] += 1
                # drain whatever the server answers (it should answer nothing to most of this)
                for s in sockets:
                    try:
                        while True:
                            s.recvfrom(2048)
                            counts["(server replied)"] += 1
                    except (BlockingIOError, ConnectionRefusedError, OSError):
                        pass
            time.sleep(pace)
    finally:
        for s in sockets:
            s.close()
    return dict(counts)


# ------------------------------------------------------------------------------------------------ HTTP


async def _template_offer() -> str:
    import whep_client  # noqa: F401  (confines aioice to loopback)
    from aiortc import RTCConfiguration, RTCPeerConnection

    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTransceiver("video", direction="recvonly")
    pc.addTransceiver("audio", direction="recvonly")
    await pc.setLocalDescription(await pc.createOffer())
    sdp = pc.localDescription.sdp
    await pc.close()
    return sdp


def abandoned_offer(template: str, black_hole_port: int) -> str:
    """The template offer with fresh ICE credentials and its candidates pointing at a socket that never answers."""
    sdp = re.sub(r"a=ice-ufrag:\S+", "a=ice-ufrag:" + secrets.token_hex(4), template)
    sdp = re.sub(r"a=ice-pwd:\S+", "a=ice-pwd:" + secrets.token_hex(16), sdp)
    return re.sub(r"(a=candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 )\d+", r"\g<1>%d" % black_hole_port, sdp, flags=re.I)


async def http_abuse(whep_url: str, unknown_url: str, offers: int, concurrency: int) -> dict[str, Any]:
    import aiohttp

    template = await _template_offer()
    black_hole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    black_hole.bind(("127.0.0.1", 0))
    black_hole_port = black_hole.getsockname()[1]
    result: dict[str, Any] = {"malformed": [], "offers": collections.Counter(), "missing_retry_after": 0, "errors": []}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as http:
            bad_requests = [
                ("malformed sdp", whep_url, b"v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\nm=video\r\na=rtpmap:x\r\n", "application/sdp"),
                ("binary garbage", whep_url, os.urandom(3000), "application/sdp"),
                ("huge sdp", whep_url, b"v=0\r\n" + b"a=x-filler:" + b"A" * 200_000 + b"\r\n", "application/sdp"),
                ("wrong content type", whep_url, template.encode(), "application/json"),
                ("unknown session", unknown_url, template.encode(), "application/sdp"),
            ]
            for label, url, body, content_type in bad_requests:
                try:
                    async with http.post(url, data=body, headers={"Content-Type": content_type}) as resp:
                        await resp.read()
                        result["malformed"].append((label, resp.status, resp.headers.get("Content-Type", "")))
                except Exception as exc:  # noqa: BLE001
                    result["malformed"].append((label, None, repr(exc)))

            queue: asyncio.Queue[int] = asyncio.Queue()
            for i in range(offers):
                queue.put_nowait(i)

            async def worker() -> None:
                while True:
                    try:
                        queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    sdp = abandoned_offer(template, black_hole_port)
                    try:
                        async with http.post(whep_url, data=sdp.encode(), headers={"Content-Type": "application/sdp"}) as resp:
                            await resp.read()
                            result["offers"][resp.status] += 1
                            if resp.status in (429, 503) and not resp.headers.get("Retry-After"):
                                result["missing_retry_after"] += 1
                    except Exception as exc:  # noqa: BLE001
                        result["offers"]["exception"] += 1
                        if len(result["errors"]) < 5:
                            result["errors"].append(repr(exc))

            await asyncio.gather(*(worker() for _ in range(concurrency)))
    finally:
        black_hole.close()
    result["offers"] = dict(result["offers"])
    return result


def attack(
    whep_url: str,
    unknown_url: str,
    udp_ports: list[int],
    server_ufrag: str,
    client_ufrag: str,
    offers: int,
    queue,  # type: ignore[no-untyped-def]
) -> None:
    """Process entry point: UDP garbage in a thread while the HTTP abuse runs; reports one dict on the queue."""
    import threading

    try:
        started = time.time()
        udp_result: dict[str, Any] = {}

        def udp() -> None:
            udp_result.update(send_udp_garbage(udp_ports, server_ufrag, client_ufrag, rounds=120, pace=0.04))

        thread = threading.Thread(target=udp)
        thread.start()
        http_result = asyncio.run(http_abuse(whep_url, unknown_url, offers, concurrency=8))
        thread.join()
        queue.put(("ok", {"udp": udp_result, "http": http_result, "started": started, "ended": time.time()}))
    except BaseException:  # noqa: BLE001
        import traceback

        queue.put(("error", traceback.format_exc()))
