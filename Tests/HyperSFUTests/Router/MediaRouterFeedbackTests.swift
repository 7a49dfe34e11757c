import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// NACK and PLI floods through the whole router (SRTCP in, SRTP out) in virtual time: a verified viewer's NACK flood
/// is held to its retransmission budget, NACKs from an unverified address or for another SSRC get nothing, and a PLI
/// flood costs the session one keyframe per viewer interval.
@Suite struct MediaRouterFeedbackTests {
    let good = RouterHarness.address("127.0.0.1", 40_000)
    let victim = RouterHarness.address("127.0.0.2", 9)
    static let frameBytes = 6000
    static let framesPerSecond = 30.0

    /// Connects the viewer and streams two seconds of frames, so the track has measured its rate; returns the
    /// sequence numbers the viewer was sent and the time.
    func streamingHarness() throws -> (harness: RouterHarness, sequenceNumbers: [UInt16], now: Double) {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        var sequenceNumbers: [UInt16] = []
        var now = 1.0
        for frame in 0..<Int(2 * Self.framesPerSecond) {
            now = 1 + Double(frame) / Self.framesPerSecond
            harness.deliverFrame(now: now, keyframe: frame == 0, bytes: Self.frameBytes)
            for (bytes, _) in harness.sent() where PacketKind.classify(bytes) == .rtp {
                sequenceNumbers.append(UInt16(bytes[2]) << 8 | UInt16(bytes[3]))
            }
        }
        return (harness, sequenceNumbers, now)
    }

    func nack(_ lost: [UInt16], ssrc: UInt32 = RouterHarness.ssrc) -> [RTCPPacket] {
        [
            .receiverReport(ReceiverReport(ssrc: 0xBEEF, reports: [])),
            .genericNACK(senderSSRC: 0xBEEF, mediaSSRC: ssrc, lost: lost),
        ]
    }

    @Test func aVerifiedViewersNACKFloodIsHeldToItsBudget() throws {
        var (harness, sequenceNumbers, now) = try streamingHarness()
        try #require(sequenceNumbers.count > 100)
        let start = now
        var bytesResent = 0
        var packetsResent = 0
        for _ in 0..<153 {
            now += 0.001
            try harness.sendRTCP(nack(sequenceNumbers), from: good, now: now)
            for (bytes, to) in harness.sent() where PacketKind.classify(bytes) == .rtp {
                #expect(to == good)
                bytesResent += bytes.count
                packetsResent += 1
            }
        }
        let streamBytesPerSecond = Double(Self.frameBytes) * Self.framesPerSecond
        let cap =
            RetransmissionBudget.capacity(keyframeBytes: Self.frameBytes)
            + RetransmissionBudget.rate(streamBytesPerSecond: streamBytesPerSecond) * (now - start)
        let srtpOverhead = Double(packetsResent * 16)
        #expect(Double(bytesResent) <= cap * 1.05 + srtpOverhead, "\(bytesResent) bytes resent, cap \(cap)")
        #expect(packetsResent > 0)
        let summary = try #require(harness.router.summary(of: harness.viewer.id))
        #expect(summary.retransmitted == packetsResent)
        #expect(summary.retransmissionsRefused >= 153 * sequenceNumbers.count - packetsResent - sequenceNumbers.count)
    }

    @Test func nacksFromAnUnverifiedAddressOrForAnotherSSRCGetNothing() throws {
        let (harness, sequenceNumbers, now) = try streamingHarness()
        try harness.sendRTCP(nack(sequenceNumbers), from: victim, now: now + 0.01)
        #expect(harness.sent().isEmpty, "a NACK from an address that never answered a check is not routed")
        try harness.sendRTCP(nack(sequenceNumbers, ssrc: RouterHarness.ssrc &+ 7), from: good, now: now + 0.02)
        #expect(harness.sent().isEmpty, "a NACK for another SSRC is ignored")
        try harness.sendRTCP(nack(Array(sequenceNumbers.suffix(3))), from: good, now: now + 0.03)
        #expect(harness.sent().filter { PacketKind.classify($0.bytes) == .rtp }.count == 3)
    }

    @Test func aPLIFloodCostsTheSessionOneKeyframePerViewerInterval() throws {
        var (harness, _, now) = try streamingHarness()
        let joined = harness.keyframesRequested
        let start = now
        for _ in 0..<500 {
            now += 0.01
            try harness.sendRTCP(
                [.pictureLossIndication(senderSSRC: 0xBEEF, mediaSSRC: RouterHarness.ssrc)], from: good, now: now)
            harness.router.tick(now: now)
        }
        let forced = harness.keyframesRequested - joined
        #expect(forced >= 1)
        #expect(forced <= Int((now - start) / KeyframeRequestPolicy.viewerInterval) + 1, "\(forced) keyframes in 5 s")
        try harness.sendRTCP(
            [.pictureLossIndication(senderSSRC: 0xBEEF, mediaSSRC: RouterHarness.ssrc &+ 1)], from: good,
            now: now + KeyframeRequestPolicy.viewerInterval)
        #expect(harness.keyframesRequested - joined == forced, "a PLI for an unknown SSRC is ignored")
    }
}
