import HyperRTC
import Testing

@testable import HyperSFU

/// NACK answers in virtual time: SSRC and negotiation checks, de-duplication, and the per-viewer byte budget that
/// keeps a NACK flood from amplifying.
@Suite struct NackResponderTests {
    static let ssrc: UInt32 = 0xCAFE_F00D
    static let packetBytes = 1200
    /// A 2 Mbit/s stream.
    static let streamBytesPerSecond = 250_000.0
    static let keyframeBytes = 40_000

    /// A full retransmission buffer of 1 200-byte packets, as the track keeps them.
    static let buffer: RetransmissionBuffer = {
        var buffer = RetransmissionBuffer(capacity: 2048)
        for sequence in 0..<2048 {
            buffer.store(
                [UInt8](repeating: UInt8(sequence & 0xFF), count: packetBytes), sequenceNumber: UInt16(sequence))
        }
        return buffer
    }()

    static func lookup(_ sequence: UInt16) -> (sequenceNumber: UInt16, bytes: [UInt8])? {
        buffer.packet(sequenceNumber: sequence).map { (sequence, $0) }
    }

    func respond(
        _ responder: inout NackResponder, _ lost: [UInt16], now: Double, ssrc: UInt32 = Self.ssrc,
        keyframeBytes: Int = Self.keyframeBytes
    ) -> NackResponder.Outcome {
        responder.respond(
            mediaSSRC: ssrc, lost: lost, now: now, streamBytesPerSecond: Self.streamBytesPerSecond,
            keyframeBytes: keyframeBytes, packet: Self.lookup)
    }

    /// The sequence numbers of a generic NACK with `entries` FCI entries of BLP 0xFFFF, as parsing expands them.
    static func floodNACK(entries: Int, first: Int) -> [UInt16] {
        let bytes = RTCPPacket.compound([
            .genericNACK(
                senderSSRC: 1, mediaSSRC: ssrc,
                lost: (0..<entries * 17).map { UInt16(truncatingIfNeeded: first + $0) })
        ])
        guard case .genericNACK(_, _, let lost)? = try? RTCPPacket.parseCompound(bytes).first else { return [] }
        return lost
    }

    @Test func aNACKFloodResendsNoMoreThanTheBudget() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let nack = Self.floodNACK(entries: 350, first: 0)
        #expect(nack.count == 350 * 17)
        var bytesResent = 0
        var resent = 0
        var refused = 0
        var now = 10.0
        for _ in 0..<153 {
            let outcome = respond(&responder, nack, now: now)
            bytesResent += outcome.resends.reduce(0) { $0 + $1.packet.count }
            resent += outcome.resends.count
            refused += outcome.refused
            now += 0.001
        }
        let elapsed = now - 10
        let cap =
            RetransmissionBudget.capacity(keyframeBytes: Self.keyframeBytes)
            + RetransmissionBudget.rate(streamBytesPerSecond: Self.streamBytesPerSecond) * elapsed
        #expect(Double(bytesResent) <= cap, "\(bytesResent) bytes resent, cap \(cap)")
        #expect(bytesResent >= RetransmissionBudget.minimumCapacity - Self.packetBytes, "the burst is usable")
        #expect(refused == 153 * 2048 - resent, "every buffered packet asked for is resent or counted as refused")
    }

    @Test func aSustainedFloodIsHeldToHalfTheStreamRate() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        var bytesResent = 0
        for step in 0..<1000 {
            let nack = Self.floodNACK(entries: 20, first: (step * 340) % 2048)
            let outcome = respond(&responder, nack, now: 100 + Double(step) * 0.01)
            bytesResent += outcome.resends.reduce(0) { $0 + $1.packet.count }
        }
        let cap = Double(RetransmissionBudget.minimumCapacity) + 0.5 * Self.streamBytesPerSecond * 10
        #expect(Double(bytesResent) <= cap)
        #expect(Double(bytesResent) >= 0.5 * Self.streamBytesPerSecond * 9, "the budget refills at half the rate")
    }

    @Test func aLostKeyframeIsResentWholeAtOnce() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let keyframeBytes = 100 * Self.packetBytes
        let outcome = respond(&responder, (500..<600).map { UInt16($0) }, now: 1, keyframeBytes: keyframeBytes)
        #expect(outcome.resends.count == 100)
        #expect(outcome.refused == 0)
    }

    @Test func aPacketIsNotResentTwiceWithinTheResendInterval() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        #expect(respond(&responder, [7, 7, 8], now: 1).resends.count == 2)
        let again = respond(&responder, [7, 8, 9], now: 1 + NackResponder.resendInterval / 2)
        #expect(again.resends.map(\.packet) == [Self.lookup(9)!.bytes])
        #expect(again.duplicates == 2)
        #expect(respond(&responder, [7, 8], now: 1 + NackResponder.resendInterval).resends.count == 2)
    }

    @Test func aNACKIsReadNoFurtherThanTheBufferHoldsNorPastAnEmptyBudget() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let repeated = respond(&responder, [UInt16](repeating: 5, count: 10_000), now: 1)
        #expect(repeated.resends.count == 1)
        #expect(repeated.duplicates == NackResponder.memory - 1, "entries past the buffer's size are not read")
        var spent = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let all = (0..<2048).map { UInt16($0) }
        let first = respond(&spent, all, now: 1)
        #expect(first.resends.count + first.overBudget == 2048)
        #expect(first.resends.count < 2048, "the budget ran out")
        #expect(first.resends.map(\.packet.count).reduce(0, +) <= RetransmissionBudget.minimumCapacity)
    }

    @Test func anotherMediaSSRCOrAViewerWithoutNackIsIgnored() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let foreign = respond(&responder, [1, 2, 3], now: 1, ssrc: Self.ssrc &+ 1)
        #expect(foreign.ignored && foreign.resends.isEmpty)
        var unnegotiated = NackResponder(mediaSSRC: Self.ssrc, negotiated: false)
        let refused = respond(&unnegotiated, [1, 2, 3], now: 1)
        #expect(refused.ignored && refused.resends.isEmpty)
    }

    @Test func packetsNoLongerBufferedAreSkippedWithoutCountingAsRefused() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let outcome = respond(&responder, [5000, 6000], now: 1)
        #expect(outcome.resends.isEmpty && outcome.refused == 0 && !outcome.ignored)
    }

    @Test func renumberedViewersGetTheTrackPacketUnderTheirOwnNumber() {
        var responder = NackResponder(mediaSSRC: Self.ssrc, negotiated: true)
        let outcome = responder.respond(
            mediaSSRC: Self.ssrc, lost: [90], now: 1, streamBytesPerSecond: 0, keyframeBytes: 0
        ) { rewritten in Self.lookup(rewritten &+ 10) }
        #expect(outcome.resends == [NackResponder.Resend(packet: Self.lookup(100)!.bytes, sequenceOffset: 10)])
    }
}
