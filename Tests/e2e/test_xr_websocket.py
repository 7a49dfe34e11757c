"""The XR pose WebSocket (docs/xr.md, "WebSocket fallback") with aiortc viewers that have no data channel.

What is checked, on what the viewers decoded and what the server counted:
- poses sent on the WebSocket drive the viewer's render: its frames carry their sample times as RTP timestamps, and
  frame timings (type 3) come back on the WebSocket keyed by the pose ids sent;
- junk on the socket (text, oversized, wrong type, a flood of 2000) is dropped and counted by reason, in the viewer
  listing and /metrics, while a spectator keeps receiving frames;
- an upgrade for an unknown viewer or a spectator is refused before it happens;
- a client that sends poses and never reads its socket leaves the server up, its memory bounded and the spectator
  served.
"""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import struct
import time
from urllib.parse import urlsplit

import aiohttp
import pytest

from harness import FIRST_FRAME_TIMEOUT, ServerProcess, http_request
from test_xr import pose_message, rtp_of, xr_url
from whep_client import WhepViewer, resource_id

POSE_INTERVAL = 0.011


def pose_url(viewer: WhepViewer) -> str:
    return viewer.location.replace("http://", "ws://", 1) + "/pose"


class SocketPoseSender:
    """Sends poses on a pose WebSocket at 90 Hz, remembering each one's RTP timestamp and id."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.next_id = 1
        self.sent: dict[int, int] = {}  # rtp timestamp -> pose id
        self.origin = time.monotonic()

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            sample_ms = (time.monotonic() - self.origin) * 1000 + 1000
            await self.ws.send_bytes(pose_message(self.next_id, sample_ms))
            self.sent[rtp_of(sample_ms)] = self.next_id
            self.next_id += 1
            await asyncio.sleep(POSE_INTERVAL)


def dropped_metric(server: ServerProcess) -> dict[str, float]:
    _, _, body = http_request("GET", server.url("/metrics"))
    out: dict[str, float] = {}
    for line in body.decode().splitlines():
        if line.startswith("hypercube_xr_messages_dropped_total{"):
            reason = line.split('reason="', 1)[1].split('"', 1)[0]
            out[reason] = float(line.rsplit(" ", 1)[1])
    return out


def rss_kib(pid: int) -> int:
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@pytest.mark.xr
@pytest.mark.stream
def test_poses_on_the_websocket_drive_a_viewer_without_a_data_channel(
    server: ServerProcess, operator_token: str
) -> None:
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    result: dict = {}

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = WhepViewer(xr_url(server), name="xr-ws", audio=False, analyse_every=1)
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=4, keep_thumbs=False)
        await viewer.connect()
        await spectator.connect()
        timings: list[bytes] = []
        async with aiohttp.ClientSession() as http:
            async with http.ws_connect(pose_url(viewer), protocols=("hypercube-pose",)) as ws:
                assert ws.protocol == "hypercube-pose"

                async def read() -> None:
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            timings.append(message.data)

                reading = asyncio.ensure_future(read())
                sender = SocketPoseSender(ws)
                feeding = asyncio.ensure_future(sender.run(time.monotonic() + FIRST_FRAME_TIMEOUT + 10))
                try:
                    assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "XR viewer decoded nothing"
                    assert await spectator.wait_first_frame(FIRST_FRAME_TIMEOUT), "spectator decoded nothing"
                    await asyncio.sleep(3)
                    before = dropped_metric(server)
                    await ws.send_str("a text message")
                    await ws.send_bytes(b"\x01" * 100)
                    await ws.send_bytes(b"\x09" * 60)
                    for index in range(2000):
                        await ws.send_bytes(pose_message(10_000_000 + index, 1.0 + index * 0.001))
                    spectator_at, viewer_at = len(spectator.frames), len(viewer.frames)
                    await asyncio.sleep(3)
                    result["spectator_after"] = len(spectator.frames) - spectator_at
                    result["viewer_after"] = len(viewer.frames) - viewer_at
                    result["metric_before"], result["metric_after"] = before, dropped_metric(server)
                    result["listing"] = await asyncio.to_thread(server.viewer_listing, operator_token)
                finally:
                    feeding.cancel()
                    reading.cancel()
        await viewer.close()
        await spectator.close()
        return viewer, sender, timings

    viewer, sender, timings = asyncio.run(scenario())
    stamped = [f for f in viewer.frames if f.rtp_timestamp is not None]
    exact = [f for f in stamped if f.rtp_timestamp in sender.sent]
    assert len(exact) >= 0.5 * len(stamped) > 0, (len(exact), len(stamped))
    frame_timings = [m for m in timings if len(m) == 56 and m[0] == 3]
    assert frame_timings, "no frame timing on the WebSocket"
    sent_ids = set(sender.sent.values()) | set(range(10_000_000, 10_002_000))
    for message in frame_timings:
        assert struct.unpack_from("<I", message, 4)[0] in sent_ids
    record = {v["id"]: v for v in result["listing"]}[resource_id(viewer.location)]
    dropped = record["xr"]["messagesDropped"]
    print("server figures: %s; %d timings received" % (record["xr"], len(frame_timings)))
    assert dropped.get("channel", 0) >= 1 and dropped.get("length", 0) >= 1, dropped
    assert dropped.get("type", 0) + dropped.get("rate", 0) >= 1 and dropped.get("rate", 0) >= 1000, dropped
    before, after = result["metric_before"], result["metric_after"]
    for reason in ("channel", "length", "rate"):
        assert after.get(reason, 0) > before.get(reason, 0), (reason, before, after)
    assert result["spectator_after"] > 0, "the spectator's stream stopped"
    assert result["viewer_after"] > 0, "the XR viewer's stream stopped"
    assert server.alive()


@pytest.mark.xr
@pytest.mark.protocol
def test_upgrades_for_unknown_viewers_and_spectators_are_refused(server: ServerProcess) -> None:
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    headers = {
        "Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
    }
    status, _, body = http_request("GET", server.whep_url() + "/no-such-viewer/pose", None, headers)
    assert status == 404 and b"no viewer" in body, (status, body)

    async def spectator_upgrade() -> int:
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False)
        await spectator.connect()
        try:
            status, _, _ = await asyncio.to_thread(
                http_request, "GET", spectator.location + "/pose", None, headers)
            return status
        finally:
            await spectator.close()

    assert asyncio.run(spectator_upgrade()) == 409


@pytest.mark.xr
@pytest.mark.hostile
def test_a_viewer_that_sends_poses_and_never_reads_leaves_the_server_bounded(server: ServerProcess) -> None:
    """A raw WebSocket client sends poses for 8 s and never reads while the server writes a timing per frame: the
    server stays up, its RSS grows by no more than a bound, and a spectator keeps receiving frames."""
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    result: dict = {}

    async def scenario() -> None:
        viewer = WhepViewer(xr_url(server), name="xr-deaf", audio=False, keep_thumbs=False)
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=8, keep_thumbs=False)
        await viewer.connect()
        await spectator.connect()
        assert await spectator.wait_first_frame(FIRST_FRAME_TIMEOUT), "spectator decoded nothing"
        address = urlsplit(viewer.location)
        raw = socket.socket()
        raw.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        raw.connect((address.hostname, address.port))
        key = base64.b64encode(os.urandom(16)).decode()
        raw.sendall((
            "GET %s/pose HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n" % (address.path, address.netloc, key)
        ).encode())
        answer = raw.recv(1024)  # the 101 only; nothing after it is ever read
        assert answer.startswith(b"HTTP/1.1 101"), answer[:200]
        raw.setblocking(False)
        rss_start = rss_kib(server.proc.pid)
        spectator_at = len(spectator.frames)
        origin, pose_id, sent = time.monotonic(), 1, 0
        while time.monotonic() - origin < 8:
            payload = pose_message(pose_id, (time.monotonic() - origin) * 1000 + 1000)
            mask = os.urandom(4)
            frame = bytes([0x82, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            try:
                raw.send(frame)
                sent += 1
            except BlockingIOError:
                pass
            pose_id += 1
            await asyncio.sleep(POSE_INTERVAL)
        result["sent"] = sent
        result["rss_growth_kib"] = rss_kib(server.proc.pid) - rss_start
        result["spectator_frames"] = len(spectator.frames) - spectator_at
        raw.close()
        await viewer.close()
        await spectator.close()

    asyncio.run(scenario())
    print("poses sent %d, server RSS grew %d KiB, spectator got %d frames" % (
        result["sent"], result["rss_growth_kib"], result["spectator_frames"]))
    assert result["sent"] > 100
    assert result["rss_growth_kib"] < 64 * 1024, result
    assert result["spectator_frames"] > 0
    assert server.alive()
