"""delivery.py on made-up streams, no server: each way a server can fail a viewer is caught, and a stream that is
only slower (a busy machine) is not."""

from __future__ import annotations

import dataclasses

from delivery import ServerSnapshot, measure, problems, unwrap_sequences
from whep_client import ViewerSummary, WirePacket

VIDEO, AUDIO = 96, 111
VIEWER = "v-1"


@dataclasses.dataclass
class Stream:
    """A viewer's log: `frames` video frames at `fps`, three packets each, one audio packet per frame."""

    frames: int = 120
    fps: float = 30.0
    first_sequence: int = 1000

    def build(self, lost_frames: frozenset = frozenset(), lost_packets: frozenset = frozenset(),
              stall_after: int = -1, stall: float = 0.0) -> tuple[list[WirePacket], list[float]]:
        wire: list[WirePacket] = []
        sent_at: list[float] = []
        sequence, audio_sequence, t = self.first_sequence, 50, 100.0
        for frame in range(self.frames):
            t += 1 / self.fps + (stall if frame == stall_after else 0.0)
            sent_at.append(t)
            for part in range(3):
                if frame not in lost_frames and sequence not in lost_packets:
                    wire.append(WirePacket(t, VIDEO, sequence & 0xFFFF, frame * 3000, part == 2, 1, False))
                sequence += 1
            wire.append(WirePacket(t, AUDIO, audio_sequence, frame * 960, True, 2, False))
            audio_sequence += 1
        return wire, sent_at


def summary(wire: list[WirePacket], decoded: list[tuple[float, int]]) -> ViewerSummary:
    return ViewerSummary(
        name="made-up", error=None, post_status=201, location="/whep/default/" + VIEWER, etag=None, t_post=None,
        t_answer=None, t_connected=None, t_end=None, frame_times=[t for t, _ in decoded], sizes=[], stds=[],
        analysed_times=[], thumbs=[], audio_frames=0, states=[], rtp_packets=len(wire), rtp_dropped=0, nacks_sent=0,
        plis_sent=0, delete_status=None, decoded_timestamps=[ts for _, ts in decoded], wire=wire,
        video_payload_types=[VIDEO])


def snapshots(first_packet: int, last_packet: int, frames_before: int, frames_after: int, t0: float, t1: float,
              skipped: int = 0) -> tuple[ServerSnapshot, ServerSnapshot]:
    def listing(packets: int, skipped: int) -> dict:
        return {VIEWER: {"packetsSent": packets, "packetsDropped": 0, "framesSkipped": skipped}}

    return (ServerSnapshot(t0, (frames_before, frames_before), listing(first_packet, 0)),
            ServerSnapshot(t1, (frames_after, frames_after), listing(last_packet, skipped)))


def window(stream: Stream, wire: list[WirePacket], sent_at: list[float], start: int, end: int, skipped: int = 0):  # type: ignore[no-untyped-def]
    """Snapshots at frame `start` and frame `end` of the stream, as the server would count them: 4 packets a frame."""
    return snapshots(4 * start, 4 * end, start, end + skipped, sent_at[start] - 0.001, sent_at[end] - 0.001, skipped)


def decode_all(wire: list[WirePacket], skip: frozenset = frozenset(), late: float = 0.01) -> list[tuple[float, int]]:
    firsts: dict[int, float] = {}
    for p in wire:
        if p.payload_type == VIDEO:
            firsts.setdefault(p.timestamp, p.t)
    return [(t + late, ts) for ts, t in firsts.items() if ts // 3000 not in skip]


def test_a_complete_stream_passes_and_so_does_a_slower_one() -> None:
    for fps in (30.0, 12.0):  # a machine rendering at 12 fps is busy, not broken
        stream = Stream(fps=fps)
        wire, sent_at = stream.build()
        start, end = window(stream, wire, sent_at, 20, 100)
        d = measure(summary(wire, decode_all(wire)), start, end)
        assert (d.frames, d.decoded, d.missing_sequences) == (80, 80, 0), d.describe()
        assert problems(d) == [], d.describe()


def test_frames_the_server_counted_but_never_sent_fail() -> None:
    stream = Stream()
    wire, sent_at = stream.build(lost_frames=frozenset(range(40, 60)))
    start, end = snapshots(80, 4 * 100 - 60, 20, 100, sent_at[20] - 0.001, sent_at[100] - 0.001)
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert any("new frames reached it" in p for p in problems(d)), d.describe()


def test_a_packet_that_never_arrived_fails() -> None:
    stream = Stream()
    wire, sent_at = stream.build(lost_packets=frozenset({stream.first_sequence + 150}))
    start, end = window(stream, wire, sent_at, 20, 100)
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert d.missing_sequences == 1 and any("never arrived" in p for p in problems(d)), d.describe()


def test_frames_that_do_not_decode_fail() -> None:
    stream = Stream()
    wire, sent_at = stream.build()
    start, end = window(stream, wire, sent_at, 20, 100)
    d = measure(summary(wire, decode_all(wire, skip=frozenset(range(0, 120, 2)))), start, end)
    assert d.decoded == 40 and any("decoded 40 of the 80" in p for p in problems(d)), d.describe()
    assert d.longest_undecoded_run == 1, d.describe()


def test_a_stall_fails_relative_to_the_sessions_own_rate() -> None:
    stream = Stream(fps=12.0)
    wire, sent_at = stream.build(stall_after=60, stall=1.5)  # 1.5 s: 15.5 intervals at the measured 9.8 fps
    start, end = window(stream, wire, sent_at, 20, 100)
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert any("between decoded frames" in p for p in problems(d, max_gap_intervals=15)), d.describe()
    assert not any("between decoded frames" in p for p in problems(d, max_gap_intervals=16)), d.describe()


def test_a_stuck_session_fails_liveness() -> None:
    stream = Stream(fps=2.0)
    wire, sent_at = stream.build()
    start, end = window(stream, wire, sent_at, 20, 100)
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert any("stuck, not busy" in p for p in problems(d)), d.describe()


def test_frames_the_server_skipped_for_the_viewer_are_not_owed() -> None:
    stream = Stream()
    wire, sent_at = stream.build()
    start, end = window(stream, wire, sent_at, 20, 100, skipped=10)
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert d.skipped == 10 and problems(d) == [], d.describe()


def test_a_viewer_that_drops_packets_on_purpose_is_held_to_lower_limits_only() -> None:
    stream = Stream()
    wire, sent_at = stream.build()
    start, end = window(stream, wire, sent_at, 20, 100)
    d = measure(summary(wire, decode_all(wire, skip=frozenset(range(30, 50)))), start, end)
    assert problems(d, decoded_share=0.25, max_gap_intervals=60) == [], d.describe()
    assert problems(d), "decoded 75 %% with a 21-interval gap passes the default limits: %s" % d.describe()
    wire, sent_at = stream.build(lost_packets=frozenset({stream.first_sequence + 150}))
    d = measure(summary(wire, decode_all(wire)), start, end)
    assert any("never arrived" in p for p in problems(d, decoded_share=0.25, max_gap_intervals=60)), d.describe()


def test_sequence_numbers_unwrap() -> None:
    assert unwrap_sequences([65534, 65535, 0, 65535, 1]) == [65534, 65535, 65536, 65535, 65537]
    stream = Stream(first_sequence=65500)
    wire, sent_at = stream.build()
    start, end = window(stream, wire, sent_at, 0, 110)
    assert measure(summary(wire, decode_all(wire)), start, end).missing_sequences == 0
