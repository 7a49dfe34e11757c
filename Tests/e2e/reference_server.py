#!/usr/bin/env python3
"""A reference WHEP server built on aiortc, with the same command line and HTTP contract as `hypercube serve`.

It exists to prove the end-to-end harness in this folder without the Swift server, and as the baseline for
bench_first_frame.py. It is deliberately small, but it behaves like a real one-to-many streamer:

* one shared VP8 encoder per session (libvpx through PyAV) produces moving 320x180 test frames at --fps;
  every viewer's RTCRtpSender only packetizes the shared encoded frames (aiortc's `pack` path), so adding
  viewers costs RTP/SRTP work, not encoder work;
* a picture-loss indication (PLI/FIR) from any viewer forces a keyframe on the shared encoder (rate-limited),
  and a new viewer starts with a keyframe; NACKs are answered from aiortc's per-sender RTP history (RTX);
* Opus audio (silence) per viewer;
* viewers that do not connect (ICE + DTLS) within HYPERCUBE_ICE_TIMEOUT_SECONDS are dropped, and consent
  freshness is tuned so a vanished viewer is dropped after about the same time;
* a DTLS peer certificate that does not match the offer's a=fingerprint is rejected *during* the handshake.

Usage (same flags as the Swift binary; --udp-port is accepted but aiortc binds one ephemeral UDP port per
viewer instead of multiplexing everything on one port):

    python reference_server.py serve --port 8080 --udp-port 50000 --announce-ip 127.0.0.1 --size 320x180 --fps 30
"""

from __future__ import annotations

import argparse
import asyncio
import fractions
import json
import logging
import os
import re
import sys
import time
import uuid
from pathlib import Path

import aioice.ice
import av
import numpy as np
from aiohttp import web
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import AudioStreamTrack, MediaStreamError
from aiortc.rtcdtlstransport import RTCDtlsTransport, certificate_digest
from aiortc.sdp import candidate_from_sdp
from OpenSSL import SSL

LOG = logging.getLogger("reference")
PLAYER_HTML = Path(__file__).with_name("player") / "whep-player.html"
VIDEO_CLOCK = 90000

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "OPTIONS, POST, PATCH, DELETE",
    "Access-Control-Allow-Headers": "Content-Type, Authorization, If-Match",
    "Access-Control-Expose-Headers": "Location, ETag, Link, Accept-Post, Accept-Patch, Retry-After",
    "Access-Control-Max-Age": "600",
}


# --------------------------------------------------------------------------------------------------------------
# DTLS: verify the peer certificate against the offer's fingerprint inside the handshake (aiortc checks only after
# the handshake, which lets the remote side believe it connected).


_original_start = RTCDtlsTransport.start
_original_do_handshake = RTCDtlsTransport._do_handshake


async def _start_with_expected_fingerprints(self, remoteParameters):  # type: ignore[no-untyped-def]
    self._e2e_expected_fingerprints = list(remoteParameters.fingerprints)
    return await _original_start(self, remoteParameters)


async def _do_handshake_verifying(self):  # type: ignore[no-untyped-def]
    expected = getattr(self, "_e2e_expected_fingerprints", None)
    if expected and not getattr(self, "_e2e_verify_installed", False):
        self._e2e_verify_installed = True

        def verify(conn, x509, errno, depth, ok):  # type: ignore[no-untyped-def]
            if depth != 0:
                return True
            cert = x509.to_cryptography()
            for fingerprint in expected:
                algorithm = fingerprint.algorithm.lower()
                try:
                    if fingerprint.value.upper() != certificate_digest(cert, algorithm):
                        LOG.warning("DTLS peer certificate does not match the offer's fingerprint: rejecting")
                        return False
                except KeyError:
                    continue
            return True

        self._ssl.set_verify(SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, verify)
    await _original_do_handshake(self)
    if not self.encrypted:
        try:  # flush the alert OpenSSL queued, so the peer learns at once
            await self._write_ssl()
        except Exception:  # noqa: BLE001
            pass


RTCDtlsTransport.start = _start_with_expected_fingerprints  # type: ignore[method-assign]
RTCDtlsTransport._do_handshake = _do_handshake_verifying  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------------------------------
# UDP: aioice hands every non-STUN datagram, from any address, to DTLS/SRTP, and aiortc's DTLS transport dies on
# an empty one (IndexError in _recv_next), which the hostile-input test found. Accept DTLS/RTP only from a remote
# address that passed an ICE connectivity check, and never an empty datagram.

_original_datagram_received = aioice.ice.StunProtocol.datagram_received


def _guarded_datagram_received(self, data, addr):  # type: ignore[no-untyped-def]
    if not data:
        return
    if 0 <= data[0] <= 3:  # STUN (RFC 7983 demultiplexing): aioice checks integrity itself
        return _original_datagram_received(self, data, addr)
    remote = (addr[0], addr[1])
    connection = self.receiver
    for pair in list(connection._nominated.values()) + list(connection._check_list):
        if pair.protocol is self and pair.remote_addr == remote and (
            pair.state == aioice.ice.CandidatePair.State.SUCCEEDED or pair in connection._nominated.values()
        ):
            return _original_datagram_received(self, data, addr)
    # from an address that never passed a check: drop


aioice.ice.StunProtocol.datagram_received = _guarded_datagram_received  # type: ignore[method-assign]


# --------------------------------------------------------------------------------------------------------------
# The shared video source: one encoder, many viewers.


class PacketTrack(MediaStreamTrack):
    """A video track whose recv() hands out pre-encoded VP8 av.Packets from the shared encoder."""

    kind = "video"

    def __init__(self, source: "SharedVideoSource") -> None:
        super().__init__()
        self.source = source
        self.queue: asyncio.Queue = asyncio.Queue(maxsize=8)
        self.waiting_for_keyframe = True

    def offer(self, packet: av.Packet) -> None:
        if self.waiting_for_keyframe:
            if not packet.is_keyframe:
                return
            self.waiting_for_keyframe = False
        if self.queue.full():  # a slow viewer loses frames, never the others
            try:
                self.queue.get_nowait()
            except asyncio.QueueEmpty:
                pass
            self.waiting_for_keyframe = not packet.is_keyframe
            if self.waiting_for_keyframe:
                self.source.request_keyframe()
                return
        self.queue.put_nowait(packet)

    async def recv(self) -> av.Packet:  # type: ignore[override]
        if self.readyState != "live":
            raise MediaStreamError
        packet = await self.queue.get()
        if packet is None:
            raise MediaStreamError
        return packet

    def stop(self) -> None:
        if self.readyState == "live":
            self.source.unsubscribe(self)
            try:
                self.queue.put_nowait(None)
            except asyncio.QueueFull:
                pass
        super().stop()


class SharedVideoSource:
    def __init__(self, width: int, height: int, fps: int, bitrate: int = 600_000) -> None:
        self.width, self.height, self.fps = width, height, fps
        self.bitrate = bitrate
        self.subscribers: set[PacketTrack] = set()
        self.frames_encoded = 0
        self.keyframes = 0
        self._force_keyframe = True
        self._last_keyframe = 0.0
        self._task: asyncio.Task | None = None
        self._codec = self._make_codec()
        yy, xx = np.mgrid[0:height, 0:width]
        self._xx = xx.astype(np.float32)
        self._yy = yy.astype(np.float32)

    def _make_codec(self) -> av.CodecContext:
        codec = av.CodecContext.create("libvpx", "w")
        codec.width, codec.height = self.width, self.height
        codec.pix_fmt = "yuv420p"
        codec.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        codec.framerate = fractions.Fraction(self.fps, 1)
        codec.bit_rate = self.bitrate
        codec.gop_size = self.fps * 4
        codec.qmin, codec.qmax = 4, 56
        codec.thread_count = 1
        codec.options = {
            "deadline": "realtime",
            "cpu-used": "8",
            "lag-in-frames": "0",
            "error-resilient": "1",
            "bufsize": str(self.bitrate),
            "minrate": str(self.bitrate),
            "maxrate": str(self.bitrate),
            "undershoot-pct": "100",
            "overshoot-pct": "15",
            "static-thresh": "1",
        }
        return codec

    def subscribe(self) -> PacketTrack:
        track = PacketTrack(self)
        self.subscribers.add(track)
        self.request_keyframe(urgent=True)
        return track

    def unsubscribe(self, track: PacketTrack) -> None:
        self.subscribers.discard(track)

    def request_keyframe(self, urgent: bool = False) -> None:
        # Rate-limit picture-loss driven keyframes so one lossy viewer cannot flood everyone with them.
        if urgent or time.monotonic() - self._last_keyframe > 0.3:
            self._force_keyframe = True

    def _picture(self, index: int) -> np.ndarray:
        t = index / self.fps
        w, h = self.width, self.height
        r = (128 + 127 * np.sin(self._xx / 23.0 + t * 2.0)).astype(np.uint8)
        g = (128 + 127 * np.sin(self._yy / 17.0 - t * 1.3)).astype(np.uint8)
        b = (128 + 127 * np.sin((self._xx + self._yy) / 31.0 + t * 0.7)).astype(np.uint8)
        image = np.stack([r, g, b], axis=-1)
        # a white square bouncing around, and a black bar sweeping down: plenty of motion
        size = h // 4
        x = int((w - size) * (0.5 + 0.5 * np.sin(t * 1.7)))
        y = int((h - size) * (0.5 + 0.5 * np.cos(t * 1.1)))
        image[y : y + size, x : x + size] = 255
        bar = int((t * 60) % h)
        image[bar : bar + 6, :] = 0
        return image

    def _encode(self, index: int, keyframe: bool) -> list[av.Packet]:
        frame = av.VideoFrame.from_ndarray(self._picture(index), format="rgb24").reformat(format="yuv420p")
        frame.pts = index * VIDEO_CLOCK // self.fps
        frame.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        if keyframe:
            frame.pict_type = av.video.frame.PictureType.I
        packets = list(self._codec.encode(frame))
        for packet in packets:
            packet.pts = frame.pts
            packet.time_base = fractions.Fraction(1, VIDEO_CLOCK)
        return packets

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        start = time.monotonic()
        index = 0
        while True:
            keyframe = self._force_keyframe
            self._force_keyframe = False
            if keyframe:
                self._last_keyframe = time.monotonic()
            if self.subscribers or index % self.fps == 0:  # keep the encoder warm but idle cheaply
                packets = await loop.run_in_executor(None, self._encode, index, keyframe)
                self.frames_encoded += 1
                for packet in packets:
                    if packet.is_keyframe:
                        self.keyframes += 1
                    for track in list(self.subscribers):
                        track.offer(packet)
            index += 1
            delay = start + index / self.fps - time.monotonic()
            if delay < -1.0:  # fell far behind (machine overloaded): resynchronise instead of bursting
                start = time.monotonic() - index / self.fps
                delay = 0
            await asyncio.sleep(max(0.0, delay))

    def start(self) -> None:
        self._task = asyncio.ensure_future(self.run())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()


# --------------------------------------------------------------------------------------------------------------
# Sessions and viewers.


class Viewer:
    def __init__(self, session: "Session", pc: RTCPeerConnection, track: PacketTrack) -> None:
        self.id = uuid.uuid4().hex
        self.session = session
        self.pc = pc
        self.track = track
        self.etag = '"%s"' % uuid.uuid4().hex
        self.created = time.monotonic()
        self.closed = False
        self.ice_ufrag = ""

    async def close(self, reason: str) -> None:
        if self.closed:
            return
        self.closed = True
        self.session.viewers.pop(self.id, None)
        LOG.info("viewer %s closed (%s); viewers=%d", self.id[:8], reason, len(self.session.viewers))
        self.track.stop()
        try:
            await self.pc.close()
        except Exception:  # noqa: BLE001
            LOG.exception("closing viewer %s", self.id[:8])


class Session:
    def __init__(self, name: str, scene: str, source: SharedVideoSource) -> None:
        self.name = name
        self.scene = scene
        self.source = source
        self.viewers: dict[str, Viewer] = {}


def problem(status: int, title: str, detail: str, headers: dict | None = None) -> web.Response:
    body = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
    }
    all_headers = dict(CORS_HEADERS)
    all_headers.update(headers or {})
    return web.Response(
        status=status,
        text=json.dumps(body),
        content_type="application/problem+json",
        headers=all_headers,
    )


def media_type(request: web.Request) -> str:
    return request.headers.get("Content-Type", "").split(";")[0].strip().lower()


SUPPORTED = {"video": "vp8", "audio": "opus"}


def check_offer(sdp: str) -> tuple[int, str] | None:
    """Cheap structural checks before aiortc sees the offer; returns (status, detail) on failure."""
    if not sdp.lstrip().startswith("v=0"):
        return 400, "the body is not an SDP offer: it must begin with 'v=0'"
    sections = re.split(r"\r?\n(?=m=)", sdp)
    media = [s for s in sections if s.startswith("m=")]
    if not media:
        return 400, "the SDP offer has no media section (m=)"
    for section in media:
        if not re.match(r"m=\S+ \d+(/\d+)? \S+( \S+)+\s*$", section.splitlines()[0]):
            return 400, "unparsable media line %r" % section.splitlines()[0][:80]
    common = 0
    for section in media:
        kind = section[2:].split(" ", 1)[0]
        codec = SUPPORTED.get(kind)
        if codec and re.search(r"a=rtpmap:\d+ %s/" % codec, section, re.IGNORECASE):
            common += 1
    if not common:
        return 406, "no codec in the offer is supported: video must offer VP8, audio Opus"
    return None


class App:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        width, height = (int(v) for v in args.size.lower().split("x"))
        self.source = SharedVideoSource(width, height, args.fps)
        self.sessions = {"default": Session("default", args.scene, self.source)}
        self.ice_timeout = float(os.environ.get("HYPERCUBE_ICE_TIMEOUT_SECONDS", "30"))
        self.max_viewers = int(os.environ.get("HYPERCUBE_MAX_VIEWERS", str(args.max_viewers)))
        self.ready = False
        # Consent freshness: declare a silent viewer gone after about the ICE timeout.
        aioice.ice.CONSENT_INTERVAL = max(0.5, self.ice_timeout / aioice.ice.CONSENT_FAILURES)
        announce = args.announce_ip
        aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [announce]  # type: ignore[assignment]

    # ---- helpers

    def viewer(self, request: web.Request) -> tuple[Session | None, Viewer | None]:
        session = self.sessions.get(request.match_info["session"])
        if session is None:
            return None, None
        return session, session.viewers.get(request.match_info["viewer"])

    async def watchdog(self, viewer: Viewer) -> None:
        await asyncio.sleep(self.ice_timeout)
        if not viewer.closed and viewer.pc.connectionState != "connected":
            await viewer.close("not connected within %.0f s" % self.ice_timeout)

    # ---- handlers

    async def options(self, request: web.Request) -> web.Response:
        headers = dict(CORS_HEADERS)
        headers["Accept-Post"] = "application/sdp"
        headers["Accept-Patch"] = "application/trickle-ice-sdpfrag"
        return web.Response(status=200, headers=headers)

    async def post(self, request: web.Request) -> web.Response:
        name = request.match_info["session"]
        session = self.sessions.get(name)
        if session is None:
            return problem(404, "Not Found", "no session named '%s'; known: %s" % (name, ", ".join(self.sessions)))
        if media_type(request) != "application/sdp":
            return problem(
                415,
                "Unsupported Media Type",
                "a WHEP offer must be sent as application/sdp, not '%s'" % media_type(request),
                {"Accept-Post": "application/sdp"},
            )
        if len(session.viewers) >= self.max_viewers:
            return problem(
                503,
                "Service Unavailable",
                "session '%s' already has %d viewers" % (name, len(session.viewers)),
                {"Retry-After": "5"},
            )
        try:
            sdp = (await request.read()).decode("utf-8")
        except UnicodeDecodeError as exc:
            return problem(400, "Bad Request", "the SDP offer is not UTF-8 text: %s" % exc)
        failure = check_offer(sdp)
        if failure:
            return problem(failure[0], "Bad Request" if failure[0] == 400 else "Not Acceptable", failure[1])

        pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        track = session.source.subscribe()
        viewer = Viewer(session, pc, track)
        try:
            await pc.setRemoteDescription(RTCSessionDescription(sdp=sdp, type="offer"))
            for transceiver in pc.getTransceivers():
                if transceiver.kind == "video":
                    transceiver.sender.replaceTrack(track)
                    transceiver.direction = "sendonly"
                    sender = transceiver.sender
                    sender._send_keyframe = lambda: session.source.request_keyframe()  # PLI/FIR -> shared encoder
                elif transceiver.kind == "audio":
                    transceiver.sender.replaceTrack(AudioStreamTrack())
                    transceiver.direction = "sendonly"
            answer = await pc.createAnswer()
            await pc.setLocalDescription(answer)
        except Exception as exc:  # noqa: BLE001
            track.stop()
            await pc.close()
            return problem(400, "Bad Request", "the SDP offer could not be applied: %s" % exc)

        @pc.on("connectionstatechange")
        async def on_state() -> None:
            LOG.info("viewer %s connection %s", viewer.id[:8], pc.connectionState)
            if pc.connectionState in ("failed", "closed"):
                await viewer.close(pc.connectionState)

        session.viewers[viewer.id] = viewer
        asyncio.ensure_future(self.watchdog(viewer))
        match = re.search(r"a=ice-ufrag:(\S+)", sdp)
        viewer.ice_ufrag = match.group(1) if match else ""
        LOG.info("viewer %s created; viewers=%d", viewer.id[:8], len(session.viewers))
        headers = dict(CORS_HEADERS)
        headers.update(
            {
                "Location": "/whep/%s/%s" % (name, viewer.id),
                "ETag": viewer.etag,
                "Accept-Patch": "application/trickle-ice-sdpfrag",
            }
        )
        return web.Response(status=201, text=pc.localDescription.sdp, content_type="application/sdp", headers=headers)

    async def patch(self, request: web.Request) -> web.Response:
        session, viewer = self.viewer(request)
        if viewer is None:
            return problem(404, "Not Found", "no such WHEP resource")
        if media_type(request) != "application/trickle-ice-sdpfrag":
            return problem(415, "Unsupported Media Type", "PATCH takes application/trickle-ice-sdpfrag")
        if_match = request.headers.get("If-Match")
        if if_match is not None and if_match.strip() != "*" and if_match.strip() != viewer.etag:
            return problem(412, "Precondition Failed", "If-Match %s does not match the ICE session %s" % (if_match, viewer.etag))
        frag = (await request.read()).decode("utf-8", "replace")
        ufrag = re.search(r"a=ice-ufrag:(\S+)", frag)
        if (if_match or "").strip() == "*" or (ufrag and ufrag.group(1) != viewer.ice_ufrag):
            return problem(422, "Unprocessable Content", "this server does not support ICE restarts")
        for line in frag.splitlines():
            line = line.strip()
            if line.startswith("a=candidate:"):
                try:
                    candidate = candidate_from_sdp(line[2:].split(":", 1)[1])
                    candidate.sdpMLineIndex = 0
                    await viewer.pc.addIceCandidate(candidate)
                except Exception as exc:  # noqa: BLE001
                    LOG.info("ignoring candidate %r: %s", line, exc)
        return web.Response(status=204, headers=CORS_HEADERS)

    async def delete(self, request: web.Request) -> web.Response:
        session, viewer = self.viewer(request)
        if viewer is None:
            return problem(404, "Not Found", "no such WHEP resource")
        await viewer.close("DELETE")
        return web.Response(status=200, headers=CORS_HEADERS)

    async def sessions_list(self, request: web.Request) -> web.Response:
        body = {
            "sessions": [
                {
                    "id": s.name,
                    "scene": s.scene,
                    "viewers": len(s.viewers),
                    "width": s.source.width,
                    "height": s.source.height,
                    "fps": s.source.fps,
                }
                for s in self.sessions.values()
            ]
        }
        return web.json_response(body, headers={"Access-Control-Allow-Origin": "*"})

    async def metrics(self, request: web.Request) -> web.Response:
        lines = [
            "# HELP hypercube_viewers Viewers attached to a session.",
            "# TYPE hypercube_viewers gauge",
        ]
        for s in self.sessions.values():
            lines.append('hypercube_viewers{session="%s"} %d' % (s.name, len(s.viewers)))
        lines += [
            "# HELP hypercube_frames_encoded_total Frames encoded.",
            "# TYPE hypercube_frames_encoded_total counter",
            "hypercube_frames_encoded_total %d" % self.source.frames_encoded,
            "# HELP hypercube_keyframes_total Keyframes encoded.",
            "# TYPE hypercube_keyframes_total counter",
            "hypercube_keyframes_total %d" % self.source.keyframes,
        ]
        return web.Response(text="\n".join(lines) + "\n", content_type="text/plain", charset="utf-8")

    async def ready_handler(self, request: web.Request) -> web.Response:
        if not self.ready:
            return web.Response(status=503, text="starting\n")
        return web.Response(text="ready\n")

    async def live_handler(self, request: web.Request) -> web.Response:
        return web.Response(text="live\n")

    async def player(self, request: web.Request) -> web.Response:
        return web.FileResponse(PLAYER_HTML)

    def build(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/health/ready", self.ready_handler)
        app.router.add_get("/health/live", self.live_handler)
        app.router.add_get("/v1/sessions", self.sessions_list)
        app.router.add_get("/metrics", self.metrics)
        app.router.add_get("/", self.player)
        app.router.add_route("OPTIONS", "/whep/{session}", self.options)
        app.router.add_post("/whep/{session}", self.post)
        app.router.add_route("OPTIONS", "/whep/{session}/{viewer}", self.options)
        app.router.add_patch("/whep/{session}/{viewer}", self.patch)
        app.router.add_delete("/whep/{session}/{viewer}", self.delete)
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    async def on_startup(self, app: web.Application) -> None:
        self.source.start()
        self.ready = True

    async def on_shutdown(self, app: web.Application) -> None:
        for session in self.sessions.values():
            for viewer in list(session.viewers.values()):
                await viewer.close("shutdown")
        await self.source.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--udp-port", type=int, default=0, help="accepted for compatibility; aiortc uses ephemeral ports")
    serve.add_argument("--announce-ip", default="127.0.0.1")
    serve.add_argument("--size", default="320x180")
    serve.add_argument("--fps", type=int, default=30)
    serve.add_argument("--scene", default="tesseract")
    serve.add_argument("--max-viewers", type=int, default=64)
    args = parser.parse_args()
    logging.basicConfig(
        level=os.environ.get("REFERENCE_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stdout,
    )
    logging.getLogger("aioice").setLevel(logging.WARNING)
    logging.getLogger("aiortc").setLevel(logging.WARNING)
    app = App(args)
    print(
        "reference WHEP server: player http://%s:%d/ (WHEP endpoint http://%s:%d/whep/default)"
        % (args.host, args.port, args.host, args.port),
        flush=True,
    )
    web.run_app(app.build(), host=args.host, port=args.port, print=None, handle_signals=True, shutdown_timeout=3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
