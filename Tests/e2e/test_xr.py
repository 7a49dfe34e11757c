"""XR viewers (docs/xr.md) with aiortc, which has data channels: each opens `?mode=xr` with an unordered,
never-retransmitted `pose` channel, sends a pose every 11 ms and decodes its own side-by-side stereo stream.

What is checked, on what the viewers decoded and what the server counted:
- the frames carry the viewer's poses: their RTP timestamps are the sample times of poses it sent;
- the picture follows the head: with the head turned left the object sits further right in the left eye than with the
  head straight, for two viewers at the same time and for one viewer before and after it turns;
- a spectator of the same session keeps its mono picture and its rate meanwhile;
- the server counted the poses, sent a frame timing per frame keyed by pose id, and dropped junk on the channel
  (wrong type, wrong length, NaN, text) with its reason while the stream went on;
- an XR offer with a bad eye size is refused with a precise 400; one without a data channel is accepted (its poses
  come on the pose WebSocket).
"""

from __future__ import annotations

import asyncio
import math
import struct
import time
from typing import Optional

import numpy as np
import pytest

from harness import FIRST_FRAME_TIMEOUT, HEIGHT, WIDTH, ServerProcess, http_request
from whep_client import WhepError, WhepViewer, resource_id

POSE_INTERVAL = 0.011  # a 90 Hz headset
# Half the session's width and height per eye: a stereo pair costs half a session of the GPU budget (three sessions'
# worth on the e2e server), so the default session and four XR viewers fit.
EYE = (WIDTH // 2, HEIGHT // 2)
FOV = 60  # a narrow field of view: the object is large enough in a small picture to find where it is
TURN_DEGREES = 20.0


def pose_message(pose_id: int, sample_ms: float, yaw_degrees: float = 0.0, z: float = 0.0) -> bytes:
    half = math.radians(yaw_degrees) / 2
    return struct.pack(
        "<BBHIdfffffffffff", 1, 0, 0, pose_id, sample_ms, 0.0, 0.0, z,
        0.0, math.sin(half), 0.0, math.cos(half), 0.0, 0.0, 0.0, 0.0)


def rtp_of(sample_ms: float) -> int:
    return int(round(sample_ms * 90)) & 0xFFFFFFFF


class PoseSender:
    """Sends poses on a viewer's channel at 90 Hz from a monotonic clock, remembering each one's RTP timestamp."""

    def __init__(self, viewer: WhepViewer, yaw_rate: float = 0.0) -> None:
        self.viewer = viewer
        self.yaw = 0.0
        self.yaw_rate = yaw_rate  # degrees a second the head turns
        self.next_id = 1
        self.sent: dict[int, tuple[int, float]] = {}  # rtp timestamp -> (pose id, yaw)
        self.origin = time.monotonic()

    async def run(self, until: float) -> None:
        while time.monotonic() < until:
            sample_ms = (time.monotonic() - self.origin) * 1000 + 1000
            if self.yaw_rate:
                self.yaw = self.yaw_rate * (sample_ms - 1000) / 1000
            self.viewer.channel.send(pose_message(self.next_id, sample_ms, self.yaw))
            self.sent[rtp_of(sample_ms)] = (self.next_id, self.yaw)
            self.next_id += 1
            await asyncio.sleep(POSE_INTERVAL)


def left_eye_centroid(picture: np.ndarray) -> Optional[float]:
    """Brightness-weighted mean column of the left half of a stereo frame, as a fraction of the eye's width."""
    left = picture[:, : picture.shape[1] // 2].astype(np.float32).mean(axis=2)
    weights = np.clip(left - 20, 0, None).sum(axis=0)
    if weights.sum() < 50:
        return None
    return float((weights * np.arange(len(weights))).sum() / weights.sum()) / len(weights)


def frames_with_pose(viewer: WhepViewer, sender: PoseSender, yaw: float) -> list[float]:
    """Left-eye centroids of the frames rendered for poses with this yaw, matched by RTP timestamp."""
    out = []
    for frame in viewer.frames:
        pose = sender.sent.get(frame.rtp_timestamp) if frame.rtp_timestamp is not None else None
        if pose is not None and pose[1] == yaw and frame.thumb is not None:
            centroid = left_eye_centroid(frame.thumb)
            if centroid is not None:
                out.append(centroid)
    return out


def xr_url(server: ServerProcess, **params: str) -> str:
    params = {"eye": "%dx%d" % EYE, "fov": str(FOV), **params}
    query = "&".join(["mode=xr"] + ["%s=%s" % item for item in params.items()])
    return server.whep_url() + "?" + query


async def open_xr(server: ServerProcess, name: str) -> WhepViewer:
    viewer = WhepViewer(xr_url(server), name=name, audio=False, data_channel="pose", analyse_every=1)
    await viewer.connect()
    await asyncio.wait_for(viewer.channel_open.wait(), FIRST_FRAME_TIMEOUT)
    return viewer


@pytest.mark.xr
@pytest.mark.stream
def test_xr_viewers_get_their_own_pose_driven_stereo_render(server: ServerProcess, operator_token: str) -> None:
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    listing: dict = {}

    async def scenario():  # type: ignore[no-untyped-def]
        straight = await open_xr(server, "xr-straight")
        turned = await open_xr(server, "xr-turned")
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=4, keep_thumbs=False)
        await spectator.connect()
        a, b = PoseSender(straight), PoseSender(turned)
        b.yaw = TURN_DEGREES
        try:
            # Both render from their first pose on; run until each decoded frames, then 4 s more.
            until = time.monotonic() + FIRST_FRAME_TIMEOUT + 8
            tasks = [asyncio.ensure_future(a.run(until)), asyncio.ensure_future(b.run(until))]
            assert await straight.wait_first_frame(FIRST_FRAME_TIMEOUT), "XR viewer decoded nothing"
            assert await turned.wait_first_frame(FIRST_FRAME_TIMEOUT), "second XR viewer decoded nothing"
            await asyncio.sleep(4)
            # The straight viewer turns its head: its next frames must follow.
            a.yaw = TURN_DEGREES
            await asyncio.sleep(3)
            # Junk on the channel: dropped and counted, the stream goes on.
            frames_before_junk = len(straight.frames)
            for junk in (b"\x09" * 60, b"\x01" * 10, pose_message(10**6, float("nan")), b""):
                if junk:
                    straight.channel.send(junk)
            straight.channel.send("a text message")
            await asyncio.sleep(1.5)
            # Timings received before the listing is asked for were all counted by the server by then.
            listing["timings_before"] = sum(1 for _, m in straight.channel_messages if len(m) == 56 and m[0] == 3)
            listing["viewers"] = await asyncio.to_thread(server.viewer_listing, operator_token)
            listing["frames_after_junk"] = len(straight.frames) - frames_before_junk
            for task in tasks:
                task.cancel()
        finally:
            for viewer in (straight, turned, spectator):
                await viewer.close()
        return straight, turned, spectator, a, b

    straight, turned, spectator, a, b = asyncio.run(scenario())
    for viewer in (straight, turned):
        sizes = {(f.width, f.height) for f in viewer.frames}
        assert sizes == {(EYE[0] * 2, EYE[1])}, "%s decoded %s, expected %dx%d stereo" % (
            viewer.name, sizes, EYE[0] * 2, EYE[1])
    # The frames carry poses: each one's RTP timestamp is a sent pose's sample time, or (when no newer pose had
    # arrived) a little after one. Most are exact at a 90 Hz pose rate and a 30 fps stream.
    for viewer, sender in ((straight, a), (turned, b)):
        stamped = [f for f in viewer.frames if f.rtp_timestamp is not None]
        exact = [f for f in stamped if f.rtp_timestamp in sender.sent]
        assert len(exact) >= 0.5 * len(stamped), "%s: %d of %d frames carry a sent pose's timestamp" % (
            viewer.name, len(exact), len(stamped))
    # The picture follows the head: turned left, the object sits further right.
    ahead = frames_with_pose(straight, a, 0.0)
    turned_left = frames_with_pose(turned, b, TURN_DEGREES)
    after_turn = frames_with_pose(straight, a, TURN_DEGREES)
    print("left-eye centroid medians: ahead %.3f (%d frames), other viewer turned %.3f (%d), same viewer turned %.3f (%d)" % (
        np.median(ahead), len(ahead), np.median(turned_left), len(turned_left), np.median(after_turn), len(after_turn)))
    assert len(ahead) >= 10 and len(turned_left) >= 10 and len(after_turn) >= 10, (
        len(ahead), len(turned_left), len(after_turn))
    assert np.median(turned_left) > np.median(ahead) + 0.08, (np.median(turned_left), np.median(ahead))
    assert np.median(after_turn) > np.median(ahead) + 0.08, (np.median(after_turn), np.median(ahead))
    # The spectator kept its own mono picture.
    assert {(f.width, f.height) for f in spectator.frames} == {(WIDTH, HEIGHT)}
    assert len(spectator.frames) > 0
    # What the server counted.
    by_id = {v["id"]: v for v in listing["viewers"]}
    record = by_id[resource_id(straight.location)]
    xr = record["xr"]
    assert xr["poseChannelOpen"] is True
    assert xr["posesReceived"] >= 0.5 * (a.next_id - 1), (xr["posesReceived"], a.next_id - 1)
    dropped = xr["messagesDropped"]
    assert dropped.get("type", 0) >= 1 and dropped.get("length", 0) >= 1, dropped
    assert dropped.get("value", 0) >= 1 and dropped.get("channel", 0) >= 1, dropped
    assert listing["frames_after_junk"] > 0, "the stream stopped after junk on the data channel"
    assert "xr" not in by_id[resource_id(spectator.location)]
    # Frame timings came back keyed by the pose ids that were sent, with the frame's RTP timestamp.
    timings = [m for _, m in straight.channel_messages if len(m) == 56 and m[0] == 3]
    print("server figures for the straight viewer: %s; %d frame timings" % (xr, len(timings)))
    assert timings, "no frame timing message on the data channel"
    sent_ids = {pose_id for pose_id, _ in a.sent.values()}
    for message in timings:
        _, _, _, pose_id, rtp, to_render, render, encode, to_wire, *head = struct.unpack("<BBHIIfffffffffff", message)
        assert pose_id in sent_ids
        assert 0 <= to_render <= to_wire and render > 0 and encode > 0, (to_render, render, encode, to_wire)
    assert xr["framesTimed"] >= listing["timings_before"] > 0, (xr["framesTimed"], listing["timings_before"])


@pytest.mark.xr
@pytest.mark.stream
def test_the_render_leads_a_turning_head_by_the_reported_latency(server: ServerProcess) -> None:
    """A head turning at 30°/s whose page reports 60 ms motion-to-photon: the server draws each frame for where the
    head will be when shown, and its frame timings say so — the orientation leads the pose's by about 30°/s × 60 ms."""
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    rate, latency_ms = 30.0, 60.0

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = await open_xr(server, "xr-turning")
        sender = PoseSender(viewer, yaw_rate=rate)
        try:
            feeding = asyncio.ensure_future(sender.run(time.monotonic() + FIRST_FRAME_TIMEOUT + 5))
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "XR viewer decoded nothing"
            reported_at = len(viewer.channel_messages)
            for _ in range(8):
                viewer.channel.send(struct.pack("<BBHIff", 2, 0, 0, sender.next_id - 1, latency_ms, 0.5))
                await asyncio.sleep(0.4)
            feeding.cancel()
        finally:
            await viewer.close()
        return viewer, sender, reported_at

    viewer, sender, reported_at = asyncio.run(scenario())
    yaw_of_pose = {pose_id: yaw for pose_id, yaw in sender.sent.values()}
    leads = []
    for _, message in viewer.channel_messages[reported_at + 5:]:
        if len(message) != 56 or message[0] != 3:
            continue
        fields = struct.unpack("<BBHIIfffffffffff", message)
        pose_id, (qx, qy, qz, qw) = fields[3], fields[12:16]
        if pose_id in yaw_of_pose:
            leads.append(math.degrees(2 * math.atan2(qy, qw)) - yaw_of_pose[pose_id])
    expected = rate * latency_ms / 1000
    print("prediction lead: median %.2f° over %d frames (expected %.2f°)" % (np.median(leads), len(leads), expected))
    assert len(leads) >= 10, leads
    assert abs(np.median(leads) - expected) < 0.5 * expected, (np.median(leads), expected)


@pytest.mark.xr
@pytest.mark.stream
def test_an_xr_stream_at_two_percent_loss_keeps_decoding(server: ServerProcess, operator_token: str) -> None:
    """2 % of the XR viewer's media packets dropped on arrival: NACKs repair them, and nearly every frame the server
    sent it in a 6 s window (its frame timings name each one's RTP timestamp) is decoded."""
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    window: dict = {}

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = WhepViewer(xr_url(server), name="xr-lossy", audio=False, data_channel="pose", drop_rate=0.02,
                            seed=7, keep_thumbs=False)
        await viewer.connect()
        await asyncio.wait_for(viewer.channel_open.wait(), FIRST_FRAME_TIMEOUT)
        sender = PoseSender(viewer)
        try:
            feeding = asyncio.ensure_future(sender.run(time.monotonic() + FIRST_FRAME_TIMEOUT + 12))
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "XR viewer decoded nothing"
            await asyncio.sleep(1)
            timed_at = len(viewer.channel_messages)
            await asyncio.sleep(6)
            window["sent"] = {
                struct.unpack("<I", m[8:12])[0] for _, m in viewer.channel_messages[timed_at:]
                if len(m) == 56 and m[0] == 3}
            await asyncio.sleep(2)  # the window's last frames arrive, are repaired and decoded
            feeding.cancel()
        finally:
            await viewer.close()
        return viewer

    viewer = asyncio.run(scenario())
    s = viewer.summary()
    decoded = {f.rtp_timestamp for f in viewer.frames if f.rtp_timestamp is not None}
    sent = window["sent"]
    print("2 %% loss: %d of the %d frames sent in the window decoded; %s" % (len(sent & decoded), len(sent), s.describe()))
    assert s.rtp_dropped > 0, "loss injection did not happen: " + s.describe()
    assert len(sent) >= 20, len(sent)
    assert len(sent & decoded) >= 0.95 * len(sent), (len(sent & decoded), len(sent))


@pytest.mark.xr
@pytest.mark.protocol
def test_xr_offers_with_bad_sizes_are_refused_and_without_a_data_channel_accepted(server: ServerProcess) -> None:
    if server.reference:
        pytest.skip("the reference server has no XR viewers")

    async def post(url: str, data_channel: Optional[str]) -> tuple[int, str]:
        viewer = WhepViewer(url, audio=False, data_channel=data_channel)
        try:
            await viewer.connect()
            return 201, ""
        except WhepError as error:
            return error.status, error.body
        finally:
            await viewer.close()

    # Without a data channel the viewer sends its poses on the pose WebSocket (test_xr_websocket.py).
    status, body = asyncio.run(post(xr_url(server), None))
    assert status == 201, (status, body)
    status, body = asyncio.run(post(xr_url(server, eye="99x4000"), "pose"))
    assert status == 400 and "eye size" in body, (status, body)
    status, body = asyncio.run(post(xr_url(server, fov="500"), "pose"))
    assert status == 400 and "fov" in body, (status, body)
    status, _, body = http_request("POST", server.whep_url() + "?mode=vr", b"v=0\r\n", {"Content-Type": "application/sdp"})
    assert status == 400 and b"mode=vr" in body, (status, body)


@pytest.mark.xr
@pytest.mark.hostile
def test_a_pose_flood_is_dropped_and_counted_while_the_streams_go_on(server: ServerProcess, operator_token: str) -> None:
    """3000 poses at once, far over the 240 messages a second a viewer may send: the excess is dropped as `rate`,
    the flooding viewer's stream and a spectator's go on."""
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    result: dict = {}

    async def scenario():  # type: ignore[no-untyped-def]
        viewer = await open_xr(server, "xr-flood")
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=8, keep_thumbs=False)
        await spectator.connect()
        sender = PoseSender(viewer)
        try:
            feeding = asyncio.ensure_future(sender.run(time.monotonic() + FIRST_FRAME_TIMEOUT + 6))
            assert await viewer.wait_first_frame(FIRST_FRAME_TIMEOUT), "XR viewer decoded nothing"
            assert await spectator.wait_first_frame(FIRST_FRAME_TIMEOUT), "spectator decoded nothing"
            for index in range(3000):
                viewer.channel.send(pose_message(10_000_000 + index, 1.0 + index * 0.001))
            flooded_at = len(viewer.frames), len(spectator.frames)
            await asyncio.sleep(3)
            result["after"] = len(viewer.frames) - flooded_at[0], len(spectator.frames) - flooded_at[1]
            result["listing"] = await asyncio.to_thread(server.viewer_listing, operator_token)
            feeding.cancel()
        finally:
            await viewer.close()
            await spectator.close()
        return viewer

    viewer = asyncio.run(scenario())
    record = {v["id"]: v for v in result["listing"]}[resource_id(viewer.location)]
    print("after the flood: %d XR frames, %d spectator frames; server: %s" % (*result["after"], record["xr"]))
    assert record["xr"]["messagesDropped"].get("rate", 0) > 0, record["xr"]
    assert result["after"][0] > 0, "the flooding viewer's stream stopped"
    assert result["after"][1] > 0, "the spectator's stream stopped"
    assert server.alive()


@pytest.mark.xr
@pytest.mark.hostile
def test_twenty_xr_viewers_at_once_get_what_the_gpu_budget_allows(server: ServerProcess, operator_token: str) -> None:
    """20 XR offers at once: as many as the GPU budget and the XR cap allow are answered 201 and get frames, the rest
    503 with Retry-After and the reason; the default session keeps rendering and its spectator keeps receiving."""
    if server.reference:
        pytest.skip("the reference server has no XR viewers")
    outcome: dict = {}

    async def one(index: int):  # type: ignore[no-untyped-def]
        viewer = WhepViewer(xr_url(server), name="xr-%d" % index, audio=False, data_channel="pose", keep_thumbs=False)
        try:
            await viewer.connect()
        except WhepError as error:
            return viewer, error
        return viewer, None

    async def scenario():  # type: ignore[no-untyped-def]
        spectator = WhepViewer(server.whep_url(), name="spectator", audio=False, analyse_every=8, keep_thumbs=False)
        await spectator.connect()
        assert await spectator.wait_first_frame(FIRST_FRAME_TIMEOUT), "spectator decoded nothing"
        joined = await asyncio.gather(*(one(index) for index in range(20)))
        accepted = [viewer for viewer, error in joined if error is None]
        senders = []
        for viewer in accepted:
            await asyncio.wait_for(viewer.channel_open.wait(), FIRST_FRAME_TIMEOUT)
            senders.append(PoseSender(viewer))
        until = time.monotonic() + FIRST_FRAME_TIMEOUT + 4
        tasks = [asyncio.ensure_future(sender.run(until)) for sender in senders]
        got = await asyncio.gather(*(viewer.wait_first_frame(FIRST_FRAME_TIMEOUT) for viewer in accepted))
        spectator_at = len(spectator.frames)
        await asyncio.sleep(3)
        outcome["spectator_frames"] = len(spectator.frames) - spectator_at
        outcome["refusals"] = [error for _, error in joined if error is not None]
        outcome["accepted"] = len(accepted)
        outcome["got_frames"] = got
        for task in tasks:
            task.cancel()
        for viewer, _ in joined:
            await viewer.close(delete=viewer.location is not None)
        await spectator.close()

    asyncio.run(scenario())
    refusals = outcome["refusals"]
    print("%d accepted, %d refused: %s" % (outcome["accepted"], len(refusals), {e.status for e in refusals}))
    assert 1 <= outcome["accepted"] <= 4, outcome["accepted"]
    assert outcome["accepted"] + len(refusals) == 20
    for error in refusals:
        assert error.status == 503, (error.status, error.body[:200])
        assert "retry-after" in {k.lower() for k in error.headers}, error.headers
        assert "GPU budget" in error.body or "XR viewers" in error.body, error.body[:300]
    assert all(outcome["got_frames"]), "an accepted XR viewer decoded nothing: %s" % outcome["got_frames"]
    assert outcome["spectator_frames"] > 0, "the spectator got nothing while XR viewers joined"
    assert server.alive()
