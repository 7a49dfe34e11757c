"""What the server says it sent a viewer over a window, against what reached the viewer and what it decoded.

At the window's start and at its end the test takes a `ServerSnapshot`: the session's `hypercube_frames_sent_total`
from /metrics just before and just after the operator listing `GET /v1/sessions/{id}/viewers` (each viewer's
packetsSent, packetsDropped, framesSkipped, ...). The fan-out and the listing both run on the server's media event
loop, so when the listing was taken the session had sent a number of frames between those two readings, and each
viewer had been sent exactly `packetsSent` RTP packets (video, audio and retransmissions). Loopback keeps datagrams
in order, so the viewer's wire log (every SRTP packet that arrived, logged before any injected loss) cut at
packetsSent is cut at that same moment, however late the viewer or the server ran. `measure` derives, with no clock:

- whether the packets the server counted for the viewer arrived (wire log length >= packetsSent at the end), and
  which sequence numbers in the window never arrived (video: not even retransmitted; audio);
- the new video frames in the viewer's part of the log, to compare with the frames the session sent in the
  window less those the server says it skipped for this viewer (its temporal-layer policy);
- which of those frames the viewer decoded (matched by RTP timestamp) and the longest run it did not.

A viewer that drops packets on purpose drops them after the wire log, so it is held to the same counts; only its
decoded share and gap limits are lower.

One clock figure remains, scaled by the session itself: the longest interval between decoded frames of the window,
in frame intervals at the rate the session really sent (its frames in the window / the window's seconds). The only
floor on speed is liveness: a session sending under LIVENESS_SHARE of its nominal rate is stuck, not busy.

Against the reference server (no operator listing) the log is cut at the snapshots' times instead and the
comparisons with server counters are left out.
"""

from __future__ import annotations

import asyncio
import bisect
import dataclasses
import math
import time
from typing import Optional

from harness import DECODED_SHARE, FPS, LIVENESS_SHARE, MAX_GAP_INTERVALS, ServerProcess
from whep_client import ViewerSummary, WhepViewer, WirePacket, resource_id


@dataclasses.dataclass
class ServerSnapshot:
    t: float  # time.time() halfway through the readings
    frames_sent: Optional[tuple[int, int]]  # the session's frames sent, read just before and just after the listing
    viewers: dict[str, dict]  # the operator listing by viewer id; empty for the reference server

    @property
    def counted(self) -> bool:
        return self.frames_sent is not None


def take_snapshot(server: ServerProcess, token: str, session: str = "default") -> ServerSnapshot:
    start = time.time()
    if server.reference:
        return ServerSnapshot(start, None, {})
    before = server.session_metric("hypercube_frames_sent_total", session)
    listing = server.viewer_listing(token, session)
    after = server.session_metric("hypercube_frames_sent_total", session)
    assert before is not None and after is not None, "/metrics has no hypercube_frames_sent_total{session=%r}" % session
    return ServerSnapshot((start + time.time()) / 2, (int(before), int(after)), {v["id"]: v for v in listing})


def unwrap_sequences(sequences: list[int]) -> list[int]:
    """16-bit RTP sequence numbers as ever-growing integers (each taken nearest to the highest one so far)."""
    out: list[int] = []
    highest: Optional[int] = None
    for sequence in sequences:
        if highest is None:
            value = sequence
        else:
            delta = (sequence - highest) & 0xFFFF
            value = highest + (delta - 0x10000 if delta >= 0x8000 else delta)
        out.append(value)
        highest = value if highest is None else max(highest, value)
    return out


def window_bounds(summary: ViewerSummary, start: ServerSnapshot, end: ServerSnapshot) -> tuple[int, int]:
    """The viewer's wire log indices [first, last) of the packets the server sent between the snapshots."""
    if not start.counted:
        times = [p.t for p in summary.wire]
        return bisect.bisect_left(times, start.t), bisect.bisect_right(times, end.t)
    vid = summary.viewer_id
    missing = [name for name, snap in (("start", start), ("end", end)) if vid not in snap.viewers]
    assert not missing, "%s (viewer %s) is not in the operator listing at the window's %s: %s" % (
        summary.name, vid, " and ".join(missing), summary.describe())
    return start.viewers[vid]["packetsSent"], end.viewers[vid]["packetsSent"]


@dataclasses.dataclass
class Delivery:
    name: str
    seconds: float
    counted: bool  # compared with the server's counters (not the reference server)
    session_frames: tuple[int, int]  # frames the session sent in the window: fewest and most the readings allow
    skipped: int  # of those, frames the server skipped for this viewer (framesSkipped)
    packets_sent: int  # packetsSent in the window
    packets_dropped: int  # packetsDropped (shed under back-pressure) in the window
    packets_counted: int  # packetsSent at the window's end
    packets_arrived: int  # every packet that reached the viewer, the window's end and after
    frames: int  # new video frames among the window's packets
    missing_sequences: int  # video (never received, not even retransmitted) and audio sequence numbers in the window
    decoded: int  # of the window's frames, those the viewer decoded
    longest_undecoded_run: int
    longest_gap: float  # seconds between consecutive decoded frames of the window
    longest_wire_gap: float  # seconds between the first packets of consecutive frames of the window; nan: unknown
    # how many frames `frames` may be off the server's count: 0 when the window is cut at the server's packet count
    frame_slack: int = 0

    @property
    def rate(self) -> float:
        """Frames per second the session sent in the window (for the reference server: what reached the viewer)."""
        sent = sum(self.session_frames) / 2 if self.counted else self.frames
        return sent / self.seconds if self.seconds > 0 else 0.0

    @property
    def expected(self) -> float:
        """Frames the server says it sent this viewer in the window (for the reference server: those that reached it)."""
        return sum(self.session_frames) / 2 - self.skipped if self.counted else self.frames

    @property
    def decoded_share(self) -> float:
        return min(1.0, self.decoded / self.expected) if self.expected > 0 else 0.0

    @property
    def gap_intervals(self) -> float:
        return self.longest_gap * self.rate

    def describe(self) -> str:
        counters = (
            "session sent %d..%d frames%s, %d skipped for it; packets sent %d, dropped %d; %d of %d counted arrived; "
            % (self.session_frames[0], self.session_frames[1],
               " (± %d)" % self.frame_slack if self.frame_slack else "", self.skipped, self.packets_sent,
               self.packets_dropped, min(self.packets_arrived, self.packets_counted), self.packets_counted)
            if self.counted
            else "no server counters; "
        )
        wire = "" if math.isnan(self.longest_wire_gap) else " (on the wire %.3f s)" % self.longest_wire_gap
        return (
            "%s over %.1f s: %s%d frames reached it (%.1f fps, %d sequence numbers missing), %d decoded (%.0f %%), "
            "longest undecoded run %d frames, longest gap %.3f s = %.1f frame intervals%s"
            % (self.name, self.seconds, counters, self.frames, self.rate, self.missing_sequences, self.decoded,
               100 * self.decoded_share, self.longest_undecoded_run, self.longest_gap, self.gap_intervals, wire)
        )


def longest_interval(times: list[float]) -> float:
    return max((b - a for a, b in zip(times, times[1:])), default=float("inf"))


def missing_sequences(wire: list[WirePacket], payload_types: set[int], first: int, last: int) -> int:
    """Sequence numbers of the packets with these payload types that never arrived, between the lowest and the
    highest of those logged in wire[first:last] (a late retransmission counts as arrived)."""
    log = [(i, p.sequence) for i, p in enumerate(wire) if p.payload_type in payload_types]
    unwrapped = unwrap_sequences([sequence for _, sequence in log])
    inside = [u for (i, _), u in zip(log, unwrapped) if first <= i < last]
    if not inside:
        return 0
    received = set(unwrapped)
    return sum(1 for u in range(min(inside), max(inside) + 1) if u not in received)


def measure(summary: ViewerSummary, start: ServerSnapshot, end: ServerSnapshot) -> Delivery:
    first, last = window_bounds(summary, start, end)
    video = set(summary.video_payload_types)
    log = [(i, p) for i, p in enumerate(summary.wire) if p.payload_type in video]
    before = {p.timestamp for i, p in log if i < first}

    frames: dict[int, float] = {}  # RTP timestamp -> arrival of its first packet, in order
    for i, p in log:
        if first <= i < last and p.timestamp not in before and p.timestamp not in frames:
            frames[p.timestamp] = p.t
    audio = {p.payload_type for p in summary.wire} - video
    missing = sum(missing_sequences(summary.wire, {pt}, first, last) for pt in video | audio)

    decoded_times = [t for t, ts in zip(summary.frame_times, summary.decoded_timestamps) if ts in frames]
    decoded_set = {ts for ts in summary.decoded_timestamps if ts in frames}
    run = longest_run = 0
    for timestamp in frames:
        run = 0 if timestamp in decoded_set else run + 1
        longest_run = max(longest_run, run)

    if start.counted:
        vid = summary.viewer_id
        a, b = start.viewers[vid], end.viewers[vid]
        session_frames = (end.frames_sent[0] - start.frames_sent[1], end.frames_sent[1] - start.frames_sent[0])
        skipped = b["framesSkipped"] - a["framesSkipped"]
        packets = (b["packetsSent"] - a["packetsSent"], b["packetsDropped"] - a["packetsDropped"], b["packetsSent"])
    else:
        session_frames, skipped, packets = (len(frames), len(frames)), 0, (last - first, 0, last)
    return Delivery(
        name=summary.name,
        seconds=end.t - start.t,
        counted=start.counted,
        session_frames=session_frames,
        skipped=skipped,
        packets_sent=packets[0],
        packets_dropped=packets[1],
        packets_counted=packets[2],
        packets_arrived=len(summary.wire),
        frames=len(frames),
        missing_sequences=missing,
        decoded=len(decoded_set),
        longest_undecoded_run=longest_run,
        longest_gap=longest_interval(sorted(decoded_times)),
        longest_wire_gap=longest_interval(list(frames.values())),
    )


def problems(
    d: Delivery,
    *,
    decoded_share: float = DECODED_SHARE,
    max_gap_intervals: float = MAX_GAP_INTERVALS,
) -> list[str]:
    """Why this delivery is not good enough; empty when it is."""
    found = []
    if d.counted:
        if d.packets_arrived < d.packets_counted:
            found.append("the server counted %d packets sent to it by the window's end but only %d arrived" % (
                d.packets_counted, d.packets_arrived))
        lo, hi = d.session_frames[0] - d.skipped - d.frame_slack, d.session_frames[1] - d.skipped + d.frame_slack
        if not lo <= d.frames <= hi:
            found.append("%d new frames reached it where the server's counters say %d..%d were sent to it" % (
                d.frames, lo, hi))
    if d.missing_sequences:
        found.append("%d sequence numbers in the window never arrived" % d.missing_sequences)
    if d.rate < LIVENESS_SHARE * FPS:
        found.append("the session sent %.1f frames/s, under %.0f %% of its nominal %d: stuck, not busy" % (
            d.rate, 100 * LIVENESS_SHARE, FPS))
    if d.decoded_share < decoded_share:
        found.append("decoded %d of the %.0f frames sent to it (%.0f %%, need >= %.0f %%)" % (
            d.decoded, d.expected, 100 * d.decoded_share, 100 * decoded_share))
    if d.gap_intervals > max_gap_intervals:
        found.append("%.3f s between decoded frames: %.1f frame intervals at the session's %.1f fps (need <= %g)" % (
            d.longest_gap, d.gap_intervals, d.rate, max_gap_intervals))
    return ["%s: %s" % (d.name, problem) for problem in found]


def assert_delivered(d: Delivery, **limits) -> None:  # type: ignore[no-untyped-def]
    found = problems(d, **limits)
    assert not found, "\n".join(found) + "\n" + d.describe()


async def settle(viewer: WhepViewer, end: ServerSnapshot, timeout: float) -> None:
    """Keep receiving until the packets the server counted by `end` have arrived and the last new frame among them is
    decoded, or `timeout` seconds pass; the checks then say what is missing."""
    deadline = time.monotonic() + timeout
    vid = resource_id(viewer.location)
    target = end.viewers[vid]["packetsSent"] if end.counted and vid in end.viewers else None
    while time.monotonic() < deadline:
        if target is None:
            done = time.time() >= end.t
        else:
            done = len(viewer.wire) >= target
        if done:
            break
        await asyncio.sleep(0.02)
    window = viewer.wire[:target] if target is not None else [p for p in viewer.wire if p.t <= end.t]
    video = [p.timestamp for p in window if p.payload_type in viewer.video_payload_types]
    while video and time.monotonic() < deadline and not any(f.rtp_timestamp == video[-1] for f in viewer.frames[-60:]):
        await asyncio.sleep(0.02)
