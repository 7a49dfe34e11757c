import HyperRTC
import Testing

struct RTPReceiveStatisticsTests {
    private static func packet(_ sequenceNumber: UInt16, timestamp: UInt32) -> RTPPacket {
        RTPPacket(payloadType: 96, sequenceNumber: sequenceNumber, timestamp: timestamp, ssrc: 9, payload: [0])
    }

    @Test func gapsCountAsLossAndAConstantDelayHasNoJitter() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        let missing: Set<UInt16> = [5, 6, 20]
        for sequenceNumber in UInt16(0)..<50 where !missing.contains(sequenceNumber) {
            statistics.record(
                Self.packet(sequenceNumber, timestamp: UInt32(sequenceNumber) * 3000),
                arrival: 100 + Double(sequenceNumber) / 30 + 0.05)
        }
        #expect(statistics.received == 47)
        #expect(statistics.lost == 3)
        #expect(statistics.extendedHighestSequenceNumber == 49)
        #expect(statistics.jitter < 0.01)
        let block = statistics.reportBlock(ssrc: 9)
        #expect(block.ssrc == 9)
        #expect(block.fractionLost == UInt8(3 * 256 / 50))
        #expect(block.cumulativeLost == 3)
        #expect(block.highestSequenceNumber == 49)
        #expect(block.jitter == 0)
        #expect(block.lastSenderReport == 0 && block.delaySinceLastSenderReport == 0)
    }

    @Test func alternatingDelaysGiveJitter() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        for index in 0..<500 {
            let delay = index % 2 == 0 ? 0.0 : 0.010
            statistics.record(
                Self.packet(UInt16(index), timestamp: UInt32(index) &* 3000 &+ 0xFFFF_0000),
                arrival: Double(index) / 30 + delay)
        }
        #expect(statistics.lost == 0)
        #expect(abs(statistics.jitter - 900) < 10)
        #expect(statistics.reportBlock(ssrc: 9).jitter > 0)
    }

    @Test func sequenceWrapExtendsTheHighestSequenceNumber() {
        var statistics = RTPReceiveStatistics(clockRate: 48_000)
        var sequenceNumber: UInt16 = 65530
        for index in 0..<20 {
            statistics.record(
                Self.packet(sequenceNumber, timestamp: UInt32(index) * 960), arrival: Double(index) * 0.02)
            sequenceNumber &+= 1
        }
        #expect(statistics.extendedHighestSequenceNumber == 65536 + 13)
        #expect(statistics.lost == 0)
        #expect(statistics.received == 20)
    }

    @Test func reorderingIsNotLoss() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        for (index, sequenceNumber) in [UInt16(1), 2, 4, 3, 5].enumerated() {
            statistics.record(Self.packet(sequenceNumber, timestamp: 0), arrival: Double(index))
        }
        #expect(statistics.lost == 0)
        #expect(statistics.extendedHighestSequenceNumber == 5)
    }

    @Test func fractionLostCoversTheIntervalSinceTheLastReport() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        for sequenceNumber in UInt16(0)..<10 where sequenceNumber != 4 {
            statistics.record(Self.packet(sequenceNumber, timestamp: 0), arrival: 0)
        }
        let first = statistics.makeReportBlock(ssrc: 9, now: 1)
        #expect(first.fractionLost == 25)
        for sequenceNumber in UInt16(10)..<20 {
            statistics.record(Self.packet(sequenceNumber, timestamp: 0), arrival: 0)
        }
        let second = statistics.makeReportBlock(ssrc: 9, now: 2)
        #expect(second.fractionLost == 0)
        #expect(second.cumulativeLost == 1)
    }

    @Test func senderReportTimesFeedLSRAndDLSR() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        statistics.record(Self.packet(1, timestamp: 0), arrival: 10)
        let report = SenderReport(
            ssrc: 9, ntpTimestamp: 0x0001_2345_6789_ABCD, rtpTimestamp: 0, packetCount: 1, octetCount: 1)
        statistics.recordSenderReport(report, arrival: 10)
        let block = statistics.makeReportBlock(ssrc: 9, now: 10.5)
        #expect(block.lastSenderReport == 0x2345_6789)
        #expect(block.delaySinceLastSenderReport == 32768)
    }

    @Test func aSenderRestartIsFollowedAfterTwoSequentialPackets() {
        var statistics = RTPReceiveStatistics(clockRate: 90_000)
        for sequenceNumber in UInt16(100)..<110 {
            statistics.record(Self.packet(sequenceNumber, timestamp: 0), arrival: 0)
        }
        statistics.record(Self.packet(30_000, timestamp: 0), arrival: 0)
        #expect(statistics.extendedHighestSequenceNumber == 109)
        statistics.record(Self.packet(30_001, timestamp: 0), arrival: 0)
        #expect(statistics.extendedHighestSequenceNumber == 30_001)
        #expect(statistics.received == 1)
        #expect(statistics.lost == 0)
    }
}
