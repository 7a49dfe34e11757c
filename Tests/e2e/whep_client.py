"""An aiortc WHEP viewer for the end-to-end tests and benchmarks.

    viewer = WhepViewer("http://127.0.0.1:8080/whep/default")
    await viewer.connect()                  # recvonly offer (ICE gathered, no trickle) -> POST -> answer
    await viewer.collect_until(deadline)    # decoded frames with arrival times
    await viewer.close()                    # DELETE on the Location, then close the peer connection
    summary = viewer.summary()              # plain data (picklable), see ViewerSummary

Wire log: every SRTP packet that reaches the viewer (before loss injection) is logged with its arrival time and
its RTP header fields, which SRTP leaves in the clear (see `WirePacket`), and every decoded frame keeps its RTP
timestamp. delivery.py compares both with the server's own counters.

Loss injection: WhepViewer(..., drop_rate=0.3) drops that share of incoming SRTP packets (RTP only, never
RTCP) for this viewer alone, by wrapping its RTCIceTransport._recv: exactly where a lossy network would lose
them, before SRTP unprotect. aiortc's NACK generator and jitter buffer see the gaps, and NACKs and PLIs go back
to the server. (Dropping *after* unprotect, as first planned, is wrong: libsrtp has then already recorded the
packet index in its replay window, so a server that retransmits on the original SSRC and sequence number, which
is legitimate without RTX, would see every retransmission rejected as a replay.)

ICE is restricted to 127.0.0.1 (aioice would otherwise offer every interface address but loopback), so all
test traffic stays on loopback.
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import logging
import random
import re
import socket
import time
from typing import Callable, NamedTuple, Optional
from urllib.parse import urljoin

import aiohttp
import aioice.ice
import numpy as np
from aiortc import RTCConfiguration, RTCPeerConnection, RTCSessionDescription
from aiortc.mediastreams import MediaStreamError
from aiortc.rtp import is_rtcp

LOOPBACK = "127.0.0.1"
# The viewers' UDP receive buffer. The default (208 KiB here) overflows when a viewer process is starved for a
# moment on a loaded machine while the server answers a lossy viewer's NACKs with bursts of retransmissions; a loss
# there is the test machine's, not the server's. (The kernel caps it at net.core.rmem_max.)
RECEIVE_BUFFER_BYTES = 2 << 20
aioice.ice.get_host_addresses = lambda use_ipv4, use_ipv6: [LOOPBACK]  # type: ignore[assignment]

LOG = logging.getLogger("whep_client")


class WhepError(Exception):
    def __init__(self, status: int, body: str, headers: dict) -> None:
        super().__init__("WHEP POST answered %d: %s" % (status, body[:300]))
        self.status = status
        self.body = body
        self.headers = headers


class WirePacket(NamedTuple):
    """One SRTP packet as it arrived at the viewer's ICE transport: the RTP header is not encrypted."""

    t: float  # time.time() when aioice handed it over
    payload_type: int
    sequence: int
    timestamp: int
    marker: bool
    ssrc: int
    dropped: bool  # discarded by the loss injection right after being logged


def parse_rtp_header(data: bytes, t: float, dropped: bool) -> WirePacket:
    return WirePacket(
        t,
        data[1] & 0x7F,
        int.from_bytes(data[2:4], "big"),
        int.from_bytes(data[4:8], "big"),
        bool(data[1] & 0x80),
        int.from_bytes(data[8:12], "big"),
        dropped,
    )


def media_payload_types(sdp: str, kind: str) -> set[int]:
    """The payload types of the `kind` m-section of an SDP that carry media (not rtx, red or ulpfec)."""
    section = re.search(r"^m=%s [^\r\n]*(?:\r?\n(?!m=)[^\r\n]*)*" % kind, sdp, re.M)
    if not section:
        return set()
    text = section.group(0)
    listed = {int(pt) for pt in text.splitlines()[0].split()[3:] if pt.isdigit()}
    rtx = {int(m.group(1)) for m in re.finditer(r"a=rtpmap:(\d+) (?:rtx|red|ulpfec)/", text, re.I)}
    return listed - rtx


def resource_id(location: Optional[str]) -> Optional[str]:
    """A WHEP resource's id, as the operator listing names it: the last segment of its Location."""
    return location.rstrip("/").rsplit("/", 1)[-1] if location else None


@dataclasses.dataclass
class FrameRecord:
    t: float  # time.time() when the decoded frame came out of the track
    width: int
    height: int
    rtp_timestamp: Optional[int] = None  # of the frame it was decoded from
    std: Optional[float] = None  # pixel standard deviation (analysed frames only)
    mean: Optional[float] = None
    thumb: Optional[np.ndarray] = None  # every 4th pixel, rgb24 (analysed frames only)


@dataclasses.dataclass
class ViewerSummary:
    """Everything a test asserts on, as plain data so that it crosses process boundaries."""

    name: str
    error: Optional[str]
    post_status: Optional[int]
    location: Optional[str]
    etag: Optional[str]
    t_post: Optional[float]
    t_answer: Optional[float]
    t_connected: Optional[float]
    t_end: Optional[float]
    frame_times: list[float]
    sizes: list[tuple[int, int]]
    stds: list[float]
    analysed_times: list[float]
    thumbs: list[np.ndarray]
    audio_frames: int
    states: list[str]
    rtp_packets: int
    rtp_dropped: int
    nacks_sent: int
    plis_sent: int
    delete_status: Optional[int]
    decoded_timestamps: list[Optional[int]]  # RTP timestamp of each decoded frame, parallel to frame_times
    wire: list[WirePacket]  # every SRTP packet that arrived, in arrival order
    video_payload_types: list[int]  # the answer's video payload types (retransmission formats excluded)

    @property
    def frames(self) -> int:
        return len(self.frame_times)

    @property
    def viewer_id(self) -> Optional[str]:
        return resource_id(self.location)

    @property
    def t_first(self) -> Optional[float]:
        return self.frame_times[0] if self.frame_times else None

    @property
    def first_frame_seconds(self) -> Optional[float]:
        """POST sent -> first decoded frame."""
        if self.t_post is None or not self.frame_times:
            return None
        return self.frame_times[0] - self.t_post

    def fps(self, start: Optional[float] = None, end: Optional[float] = None) -> float:
        """Decoded frames per second over [start, end]; by default from the first frame to the end of collection."""
        if not self.frame_times:
            return 0.0
        start = self.frame_times[0] if start is None else start
        end = (self.t_end or self.frame_times[-1]) if end is None else end
        if end <= start:
            return 0.0
        n = sum(1 for t in self.frame_times if start <= t <= end)
        return n / (end - start)

    def longest_gap(self, start: Optional[float] = None, end: Optional[float] = None) -> float:
        """Longest interval without a decoded frame within [start, end] (edges included)."""
        if not self.frame_times:
            return float("inf")
        start = self.frame_times[0] if start is None else start
        end = (self.t_end or self.frame_times[-1]) if end is None else end
        times = [start] + [t for t in self.frame_times if start <= t <= end] + [end]
        return max(b - a for a, b in zip(times, times[1:]))

    def motion(self, spacing: float = 1.0) -> list[float]:
        """Mean absolute difference (0..255) between analysed frames about `spacing` seconds apart."""
        diffs = []
        j = 0
        for i, t in enumerate(self.analysed_times):
            while j < len(self.analysed_times) and self.analysed_times[j] < t + spacing:
                j += 1
            if j >= len(self.analysed_times):
                break
            a = self.thumbs[i].astype(np.int16)
            b = self.thumbs[j].astype(np.int16)
            diffs.append(float(np.abs(a - b).mean()))
        return diffs

    def describe(self) -> str:
        return (
            "%s: post=%s frames=%d fps=%.1f first_frame=%s longest_gap=%.2fs sizes=%s states=%s rtp=%d dropped=%d "
            "nacks=%d plis=%d audio_frames=%d delete=%s error=%s"
            % (
                self.name,
                self.post_status,
                self.frames,
                self.fps(),
                "%.2fs" % self.first_frame_seconds if self.first_frame_seconds is not None else None,
                self.longest_gap() if self.frame_times else float("inf"),
                sorted(set(self.sizes)),
                "->".join(self.states),
                self.rtp_packets,
                self.rtp_dropped,
                self.nacks_sent,
                self.plis_sent,
                self.audio_frames,
                self.delete_status,
                self.error,
            )
        )


def rewrite_fingerprint(sdp: str) -> str:
    """Replace every a=fingerprint value with random bytes of the same hash length (same algorithm)."""

    def repl(match: re.Match) -> str:
        algorithm, value = match.group(1), match.group(2)
        count = len(value.split(":"))
        fake = ":".join("%02X" % random.randrange(256) for _ in range(count))
        return "a=fingerprint:%s %s" % (algorithm, fake)

    return re.sub(r"a=fingerprint:(\S+) ([0-9A-Fa-f:]+)", repl, sdp)


class WhepViewer:
    def __init__(
        self,
        url: str,
        *,
        name: str = "viewer",
        audio: bool = True,
        video: bool = True,
        drop_rate: float = 0.0,
        analyse_every: int = 1,
        keep_thumbs: bool = True,
        offer_transform: Optional[Callable[[str], str]] = None,
        seed: Optional[int] = None,
        http_timeout: float = 15.0,
        data_channel: Optional[str] = None,
        ssl_context=None,  # type: ignore[no-untyped-def]  # an ssl.SSLContext for an https server with a test CA
    ) -> None:
        self.url = url
        self.ssl_context = ssl_context
        self.name = name
        self.audio = audio
        self.video = video
        self.drop_rate = drop_rate
        self.analyse_every = max(1, analyse_every)
        self.keep_thumbs = keep_thumbs
        self.offer_transform = offer_transform
        self.random = random.Random(seed)
        self.http_timeout = http_timeout
        # An XR viewer's channel (docs/xr.md): opened in the offer, unordered and never retransmitted.
        self.data_channel_label = data_channel
        self.channel = None
        self.channel_open = asyncio.Event()
        self.channel_messages: list[tuple[float, bytes]] = []

        self.pc: Optional[RTCPeerConnection] = None
        self.http: Optional[aiohttp.ClientSession] = None
        self.location: Optional[str] = None
        self.etag: Optional[str] = None
        self.post_status: Optional[int] = None
        self.answer_sdp: Optional[str] = None
        self.offer_sdp: Optional[str] = None
        self.error: Optional[str] = None
        self.t_post: Optional[float] = None
        self.t_answer: Optional[float] = None
        self.t_connected: Optional[float] = None
        self.t_end: Optional[float] = None
        self.states: list[str] = []
        self.frames: list[FrameRecord] = []
        self.audio_frames = 0
        self.audio_peak = 0  # the loudest decoded sample so far (16-bit PCM): 0 is silence
        self.rtp_packets = 0
        self.rtp_dropped = 0
        self.nacks_sent = 0
        self.plis_sent = 0
        self.delete_status: Optional[int] = None
        self.wire: list[WirePacket] = []
        self._backlogs: list[tuple] = []  # (aioice connection, arrival times of what is queued in it)
        self._timestamp_mapper = None
        self.video_payload_types: set[int] = set()
        self.first_frame = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._closed = False

    # ------------------------------------------------------------------ signalling

    async def connect(self) -> None:
        """Create the recvonly offer, POST it, apply the answer and start consuming media.

        Raises WhepError if the POST is not answered 201."""
        self.http = aiohttp.ClientSession(
            timeout=aiohttp.ClientTimeout(total=self.http_timeout),
            connector=aiohttp.TCPConnector(ssl=self.ssl_context) if self.ssl_context else None,
        )
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        pc = self.pc

        @pc.on("connectionstatechange")
        def on_state() -> None:
            self.states.append(pc.connectionState)
            if pc.connectionState == "connected" and self.t_connected is None:
                self.t_connected = time.time()

        if self.video:
            pc.addTransceiver("video", direction="recvonly")
        if self.audio:
            pc.addTransceiver("audio", direction="recvonly")
        if self.data_channel_label is not None:
            self.channel = pc.createDataChannel(self.data_channel_label, ordered=False, maxRetransmits=0)

            @self.channel.on("open")
            def on_open() -> None:
                self.channel_open.set()

            @self.channel.on("message")
            def on_message(message) -> None:  # type: ignore[no-untyped-def]
                self.channel_messages.append((time.time(), bytes(message) if not isinstance(message, str) else message.encode()))

        offer = await pc.createOffer()
        await pc.setLocalDescription(offer)  # aiortc gathers every candidate here: no trickle needed
        sdp = pc.localDescription.sdp
        if self.offer_transform:
            sdp = self.offer_transform(sdp)
        self.offer_sdp = sdp

        self.t_post = time.time()
        async with self.http.post(self.url, data=sdp.encode(), headers={"Content-Type": "application/sdp"}) as resp:
            body = await resp.text()
            self.post_status = resp.status
            headers = dict(resp.headers)
            if resp.status != 201:
                self.error = "POST %d" % resp.status
                raise WhepError(resp.status, body, headers)
            location = resp.headers.get("Location")
            self.location = urljoin(self.url, location) if location else None
            self.etag = resp.headers.get("ETag")
        self.answer_sdp = body
        self.t_answer = time.time()
        self.video_payload_types = media_payload_types(body, "video")

        await pc.setRemoteDescription(RTCSessionDescription(sdp=body, type="answer"))
        self._install_hooks()
        for transceiver in pc.getTransceivers():
            track = transceiver.receiver.track
            if track is None:
                continue
            if track.kind == "video":
                self._tasks.append(asyncio.ensure_future(self._consume_video(track)))
            else:
                self._tasks.append(asyncio.ensure_future(self._consume_audio(track)))

    def _install_hooks(self) -> None:
        assert self.pc is not None
        transports = []
        for transceiver in self.pc.getTransceivers():
            transport = transceiver.receiver.transport
            if all(transport is not t for t in transports):
                transports.append(transport)
            if transceiver.kind == "video":
                self._wrap_feedback(transceiver.receiver)
        for transport in transports:
            ice = transport.transport  # RTCIceTransport; its _recv is an instance attribute (Connection.recv)
            for protocol in ice._connection._protocols:
                sock = protocol.transport.get_extra_info("socket")
                if sock is not None:
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
            original = ice._recv
            # A datagram counts as arrived when aioice takes it off the socket, not when aiortc gets round to it: a
            # viewer starved of CPU (a busy machine) lags behind its queue, and what is queued has arrived.
            connection = ice._connection
            arrivals: collections.deque[float] = collections.deque()
            original_received = connection.data_received

            def data_received(data: bytes, component: int, _original=original_received, _arrivals=arrivals) -> None:
                _arrivals.append(time.time())
                _original(data, component)

            connection.data_received = data_received
            self._backlogs.append((connection, arrivals))

            async def recv(_original=original, _arrivals=arrivals) -> bytes:
                while True:
                    data = await _original()
                    arrived = _arrivals.popleft() if _arrivals else time.time()
                    if not self._log_arrival(data, arrived):
                        continue
                    return data

            ice._recv = recv

    def _log_arrival(self, data: bytes, arrived: float) -> bool:
        """Logs an RTP packet (SRTP, not SRTCP: RFC 7983, 5761) as arrived; False when the injected loss drops it."""
        if len(data) >= 12 and 127 < data[0] < 192 and not is_rtcp(data):
            self.rtp_packets += 1
            drop = bool(self.drop_rate) and self.random.random() < self.drop_rate
            self.wire.append(parse_rtp_header(data, arrived, drop))
            if drop:
                self.rtp_dropped += 1
                return False
        return True

    def _drain_backlogs(self) -> None:
        """At close: what aioice took off the socket but aiortc never read still arrived; log it."""
        for connection, arrivals in self._backlogs:
            queue = connection._queue
            while not queue.empty():
                item = queue.get_nowait()
                if item is not None:
                    self._log_arrival(item[0], arrivals.popleft() if arrivals else time.time())

    def _wrap_feedback(self, receiver) -> None:  # type: ignore[no-untyped-def]
        send_nack = receiver._send_rtcp_nack
        send_pli = receiver._send_rtcp_pli

        async def nack(media_ssrc: int, lost: list[int]) -> None:
            self.nacks_sent += 1
            await send_nack(media_ssrc, lost)

        async def pli(media_ssrc: int) -> None:
            self.plis_sent += 1
            await send_pli(media_ssrc)

        receiver._send_rtcp_nack = nack
        receiver._send_rtcp_pli = pli
        # aiortc numbers decoded frames from the first frame's RTP timestamp; its origin gives them back
        self._timestamp_mapper = receiver._RTCRtpReceiver__timestamp_mapper

    # ------------------------------------------------------------------ media

    async def _consume_video(self, track) -> None:  # type: ignore[no-untyped-def]
        index = 0
        try:
            while True:
                frame = await track.recv()
                now = time.time()
                origin = self._timestamp_mapper._origin if self._timestamp_mapper else None
                rtp_timestamp = (frame.pts + origin) & 0xFFFFFFFF if frame.pts is not None and origin is not None else None
                record = FrameRecord(now, frame.width, frame.height, rtp_timestamp)
                if index % self.analyse_every == 0:
                    rgb = frame.to_ndarray(format="rgb24")
                    record.std = float(rgb.std())
                    record.mean = float(rgb.mean())
                    if self.keep_thumbs:
                        record.thumb = rgb[::4, ::4].copy()
                self.frames.append(record)
                index += 1
                if not self.first_frame.is_set():
                    self.first_frame.set()
        except MediaStreamError:
            pass
        except asyncio.CancelledError:
            pass

    async def _consume_audio(self, track) -> None:  # type: ignore[no-untyped-def]
        try:
            while True:
                frame = await track.recv()
                self.audio_frames += 1
                samples = frame.to_ndarray()
                if samples.size:
                    self.audio_peak = max(self.audio_peak, int(abs(samples.astype("int32")).max()))
        except (MediaStreamError, asyncio.CancelledError):
            pass

    async def wait_first_frame(self, timeout: float) -> bool:
        try:
            await asyncio.wait_for(self.first_frame.wait(), timeout)
            return True
        except asyncio.TimeoutError:
            return False

    async def collect_until(self, deadline: float) -> None:
        """Keep receiving until time.time() reaches deadline."""
        await asyncio.sleep(max(0.0, deadline - time.time()))
        self.t_end = time.time()

    async def collect_for(self, seconds_after_first_frame: float, first_frame_timeout: float = 20.0) -> bool:
        if not await self.wait_first_frame(first_frame_timeout):
            self.t_end = time.time()
            return False
        await self.collect_until(self.frames[0].t + seconds_after_first_frame)
        return True

    # ------------------------------------------------------------------ teardown

    async def delete(self) -> Optional[int]:
        if self.location is None or self.http is None:
            return None
        async with self.http.delete(self.location) as resp:
            await resp.read()
            self.delete_status = resp.status
            return resp.status

    async def close(self, delete: bool = True) -> None:
        if self._closed:
            return
        self._closed = True
        if self.t_end is None:
            self.t_end = time.time()
        if delete:
            try:
                await self.delete()
            except Exception as exc:  # noqa: BLE001
                self.error = self.error or "DELETE failed: %r" % exc
        for task in self._tasks:
            task.cancel()
        self._drain_backlogs()
        if self.pc is not None:
            await self.pc.close()
        if self.http is not None:
            await self.http.close()

    def summary(self) -> ViewerSummary:
        analysed = [f for f in self.frames if f.std is not None]
        return ViewerSummary(
            name=self.name,
            error=self.error,
            post_status=self.post_status,
            location=self.location,
            etag=self.etag,
            t_post=self.t_post,
            t_answer=self.t_answer,
            t_connected=self.t_connected,
            t_end=self.t_end,
            frame_times=[f.t for f in self.frames],
            sizes=[(f.width, f.height) for f in self.frames],
            stds=[f.std for f in analysed],  # type: ignore[misc]
            analysed_times=[f.t for f in analysed if f.thumb is not None],
            thumbs=[f.thumb for f in analysed if f.thumb is not None],  # type: ignore[misc]
            audio_frames=self.audio_frames,
            states=list(self.states),
            rtp_packets=self.rtp_packets,
            rtp_dropped=self.rtp_dropped,
            nacks_sent=self.nacks_sent,
            plis_sent=self.plis_sent,
            delete_status=self.delete_status,
            decoded_timestamps=[f.rtp_timestamp for f in self.frames],
            wire=list(self.wire),
            video_payload_types=sorted(self.video_payload_types),
        )


# ---------------------------------------------------------------------- groups of viewers, in one or many processes


@dataclasses.dataclass
class ViewerSpec:
    name: str
    drop_rate: float = 0.0
    audio: bool = True
    analyse_every: int = 15
    keep_thumbs: bool = False


def watch_once(url: str, name: str, seconds: float, first_frame_timeout: float, **options) -> ViewerSummary:  # type: ignore[no-untyped-def]
    """One viewer of `url` that collects `seconds` of frames after its first, then leaves: its summary."""

    async def scenario() -> WhepViewer:
        viewer = WhepViewer(url, name=name, **options)
        try:
            await viewer.connect()
            await viewer.collect_for(seconds, first_frame_timeout)
        finally:
            await viewer.close()
        return viewer

    return asyncio.run(scenario()).summary()


async def run_group(url: str, specs: list[ViewerSpec], start_at: float, deadline: float) -> list[ViewerSummary]:
    """Connect every viewer at start_at (time.time()), receive until deadline, DELETE, and summarise."""
    await asyncio.sleep(max(0.0, start_at - time.time()))
    viewers = [
        WhepViewer(
            url,
            name=s.name,
            audio=s.audio,
            drop_rate=s.drop_rate,
            analyse_every=s.analyse_every,
            keep_thumbs=s.keep_thumbs,
            seed=hash(s.name) & 0xFFFF,
        )
        for s in specs
    ]

    async def one(viewer: WhepViewer) -> None:
        try:
            await viewer.connect()
            await viewer.collect_until(deadline)
        except Exception as exc:  # noqa: BLE001
            viewer.error = viewer.error or repr(exc)
            viewer.t_end = time.time()

    await asyncio.gather(*(one(v) for v in viewers))
    await asyncio.gather(*(v.close() for v in viewers), return_exceptions=True)
    return [v.summary() for v in viewers]


def _group_process(url: str, specs: list[ViewerSpec], start_at: float, deadline: float, queue) -> None:  # type: ignore[no-untyped-def]
    try:
        summaries = asyncio.run(run_group(url, specs, start_at, deadline))
        queue.put(("ok", summaries))
    except BaseException as exc:  # noqa: BLE001
        import traceback

        queue.put(("error", traceback.format_exc() or repr(exc)))


def run_viewers_in_processes(
    url: str,
    groups: list[list[ViewerSpec]],
    *,
    start_delay: float,
    duration: float,
    timeout: float,
) -> list[ViewerSummary]:
    """Run each group of viewers in its own process (spawned), all starting together; returns every summary.

    start_delay leaves time for the processes to import aiortc; every viewer connects at the same wall time
    and receives until start + duration."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    start_at = time.time() + start_delay
    deadline = start_at + duration
    processes = [
        ctx.Process(target=_group_process, args=(url, group, start_at, deadline, queue), daemon=True) for group in groups
    ]
    for p in processes:
        p.start()
    results: list[ViewerSummary] = []
    errors: list[str] = []
    import queue as queue_module

    try:
        pending = len(processes)
        give_up = deadline + timeout
        while pending:
            try:
                kind, payload = queue.get(timeout=1.0)
            except queue_module.Empty:
                if time.time() > give_up:
                    errors.append("viewer processes did not report within %.0f s after the deadline" % timeout)
                    break
                if not any(p.is_alive() for p in processes):
                    # every process is gone; give the queue's feeder a moment, then stop waiting
                    try:
                        kind, payload = queue.get(timeout=2.0)
                    except queue_module.Empty:
                        codes = [p.exitcode for p in processes]
                        errors.append("viewer processes exited without reporting (exit codes %s)" % codes)
                        break
                else:
                    continue
            pending -= 1
            if kind == "ok":
                results.extend(payload)
            else:
                errors.append(payload)
    finally:
        for p in processes:
            p.join(timeout=5)
            if p.is_alive():
                p.kill()
    if errors:
        raise RuntimeError("viewer process failed:\n" + "\n".join(errors))
    return results
