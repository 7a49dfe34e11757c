import HyperMedia
import HyperRTC
import Testing

@testable import HyperSFU

/// The session's RTP track: one packetization for all viewers, retransmission memory, sender-report clock.
@Suite struct VideoTrackTests {
    @Test func packetsAreStoredForRetransmission() throws {
        var track = VideoTrack(ssrc: 0x1234_5678, metrics: SessionMetrics(sessionID: "test"))
        let frame = EncodedFrame(
            data: [0x10, 0x02, 0x00, 0x9d, 0x01, 0x2a] + [UInt8](repeating: 7, count: 3000),
            pts: 9000,
            duration: 3000,
            isKeyframe: true,
            temporalLayer: 0
        )
        let packets = track.packetize(frame, now: 10)
        #expect(packets.count == 3)
        for bytes in packets {
            let packet = try RTPPacket(parsing: bytes)
            #expect(packet.ssrc == 0x1234_5678)
            #expect(packet.timestamp == 9000)
            #expect(track.retransmissions.packet(sequenceNumber: packet.sequenceNumber) == bytes)
        }
        #expect(try RTPPacket(parsing: packets.last!).marker)
    }

    @Test func senderReportClockExtrapolatesAt90kHz() {
        var track = VideoTrack(ssrc: 1, metrics: SessionMetrics(sessionID: "test"))
        _ = track.packetize(
            EncodedFrame(data: [1, 2, 3], pts: 90_000, duration: 3000, isKeyframe: false, temporalLayer: 0), now: 5)
        #expect(track.rtpTimestamp(at: 5.5) == 90_000 + 45_000)
    }
}
