import HyperRTC
import Testing

struct RetransmissionBufferTests {
    private static func bytes(_ sequenceNumber: UInt16) -> [UInt8] {
        [UInt8(sequenceNumber >> 8), UInt8(truncatingIfNeeded: sequenceNumber), 0xEE]
    }

    @Test func keepsTheLastCapacityPacketsAndEvictsOlderOnes() {
        var buffer = RetransmissionBuffer(capacity: 1024)
        for sequenceNumber in UInt16(0)..<2000 {
            buffer.store(Self.bytes(sequenceNumber), sequenceNumber: sequenceNumber)
        }
        #expect(buffer.packet(sequenceNumber: 975) == nil)
        #expect(buffer.packet(sequenceNumber: 976) == Self.bytes(976))
        #expect(buffer.packet(sequenceNumber: 1999) == Self.bytes(1999))
        #expect(buffer.packet(sequenceNumber: 2000) == nil)
        #expect(buffer.packet(sequenceNumber: 0) == nil)
    }

    @Test func sequenceNumbersWrapWithAnyCapacity() {
        var buffer = RetransmissionBuffer(capacity: 100)
        var sequenceNumber: UInt16 = 65500
        for _ in 0..<120 {
            buffer.store(Self.bytes(sequenceNumber), sequenceNumber: sequenceNumber)
            sequenceNumber &+= 1
        }
        let newest = sequenceNumber &- 1
        #expect(newest == 83)
        for age in UInt16(0)..<100 {
            #expect(buffer.packet(sequenceNumber: newest &- age) == Self.bytes(newest &- age), "age \(age)")
        }
        #expect(buffer.packet(sequenceNumber: 65520) == Self.bytes(65520))
        #expect(buffer.packet(sequenceNumber: 65535) == Self.bytes(65535))
        #expect(buffer.packet(sequenceNumber: 0) == Self.bytes(0))
        #expect(buffer.packet(sequenceNumber: 65519) == nil)
        #expect(buffer.packet(sequenceNumber: 84) == nil)
    }

    @Test func unsentSequenceNumbersAreMissing() {
        var buffer = RetransmissionBuffer(capacity: 64)
        #expect(buffer.packet(sequenceNumber: 0) == nil)
        for sequenceNumber in stride(from: UInt16(10), to: 40, by: 2) {
            buffer.store(Self.bytes(sequenceNumber), sequenceNumber: sequenceNumber)
        }
        #expect(buffer.packet(sequenceNumber: 20) == Self.bytes(20))
        #expect(buffer.packet(sequenceNumber: 21) == nil)
        #expect(buffer.packet(sequenceNumber: 9) == nil)
    }

    @Test func aLateStoreDoesNotMoveTheWindowBack() {
        var buffer = RetransmissionBuffer(capacity: 8)
        for sequenceNumber in UInt16(100)..<110 {
            buffer.store(Self.bytes(sequenceNumber), sequenceNumber: sequenceNumber)
        }
        buffer.store(Self.bytes(103), sequenceNumber: 103)
        #expect(buffer.packet(sequenceNumber: 109) == Self.bytes(109))
        #expect(buffer.packet(sequenceNumber: 102) == Self.bytes(102))
        #expect(buffer.packet(sequenceNumber: 101) == nil)
    }
}
