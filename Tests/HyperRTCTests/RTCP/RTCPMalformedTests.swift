import HyperRTC
import Testing

struct RTCPMalformedTests {
    static let emptyReceiverReport: [UInt8] = [0x80, 201, 0x00, 0x01, 0, 0, 0, 1]

    static let malformed: [(bytes: [UInt8], message: String)] = [
        ([], "RTCP datagram is empty"),
        ([0x80, 201, 0x00, 0x07, 0, 0, 0, 1], "RTCP packet at offset 0 declares 32 bytes, only 8 remain"),
        ([0x40, 201, 0x00, 0x01, 0, 0, 0, 1], "RTCP version 1 at offset 0, expected 2"),
        (
            emptyReceiverReport + [0x80, 201, 0x00, 0x00],
            "RTCP receiver report at offset 8 is 4 bytes, needs at least 8 for 0 report blocks"
        ),
        (emptyReceiverReport + [0x80, 201], "RTCP header at offset 8 needs 4 bytes, only 2 remain"),
        (emptyReceiverReport + [0, 0, 0, 0], "RTCP version 0 at offset 8, expected 2"),
        (
            [0x81, 201, 0x00, 0x01, 0, 0, 0, 1],
            "RTCP receiver report at offset 0 is 8 bytes, needs at least 32 for 1 report block"
        ),
        (
            [0x80, 200, 0x00, 0x01, 0, 0, 0, 1],
            "RTCP sender report at offset 0 is 8 bytes, needs at least 28 for 0 report blocks"
        ),
        ([0xA0, 201, 0x00, 0x01, 0, 0, 0, 9], "RTCP padding at offset 0 declares 9 bytes of a 4-byte body"),
        ([0xA0, 201, 0x00, 0x01, 0, 0, 0, 0], "RTCP padding at offset 0 declares 0 bytes of a 4-byte body"),
        (
            [0x81, 206, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0],
            "RTCP picture loss indication at offset 0 is 16 bytes, expected 12"
        ),
        (
            [0x81, 205, 0x00, 0x01, 0, 0, 0, 1],
            "RTCP transport-layer feedback at offset 0 is 8 bytes, needs at least 12"
        ),
        (
            [0xA1, 205, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 2, 0, 100, 0, 2],
            "RTCP generic NACK at offset 0 has a 2-byte FCI, not a multiple of 4"
        ),
        (
            [0x84, 206, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2],
            "RTCP full intra request at offset 0 has a 4-byte FCI, not a multiple of 8"
        ),
        (
            [0x8F, 206, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 0, 0x52, 0x45, 0x4D, 0x42, 2, 0x0E, 0xDC, 0x6C, 0, 0, 0, 1],
            "RTCP REMB at offset 0 lists 2 SSRCs in 24 bytes, expected 28"
        ),
        (
            [0x8F, 206, 0x00, 0x04, 0, 0, 0, 1, 0, 0, 0, 0, 0x52, 0x45, 0x4D, 0x42, 0, 0xFF, 0xFF, 0xFF],
            "RTCP REMB at offset 0 has a bitrate of 262143 × 2^63, beyond 64 bits"
        ),
        (
            [0x81, 202, 0x00, 0x02, 0, 0, 0, 1, 1, 4, 0x61, 0x62],
            "RTCP source description at offset 0 has an item of type 1 declaring 4 bytes, only 2 remain"
        ),
        (
            [0x81, 202, 0x00, 0x02, 0, 0, 0, 1, 1, 2, 0x61, 0x62],
            "RTCP source description at offset 0 ends before chunk 1's item list is terminated"
        ),
        (
            [0x82, 202, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 0],
            "RTCP source description at offset 0 ends inside chunk 2 of 2"
        ),
        (
            [0x81, 202, 0x00, 0x03, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0],
            "RTCP source description at offset 0 has 4 bytes after its 1 chunks"
        ),
        (
            [0x81, 202, 0x00, 0x03, 0, 0, 0, 1, 1, 2, 0xC3, 0x28, 0, 0, 0, 0],
            "RTCP source description at offset 0 has a CNAME that is not valid UTF-8"
        ),
        (
            [0x82, 203, 0x00, 0x01, 0, 0, 0, 1],
            "RTCP goodbye at offset 0 is 8 bytes, needs at least 12 for 2 sources"
        ),
        (
            [0x81, 203, 0x00, 0x02, 0, 0, 0, 1, 9, 0x62, 0x79, 0x65],
            "RTCP goodbye at offset 0 declares a 9-byte reason, only 3 bytes follow"
        ),
    ]

    @Test(arguments: malformed)
    func malformedCompoundIsRejectedPrecisely(bytes: [UInt8], message: String) {
        let error = #expect(throws: RTCError.self) { try RTCPPacket.parseCompound(bytes) }
        #expect(error?.code == .malformedPacket)
        #expect(error?.message == message)
    }

    @Test func randomBytesNeverCrash() {
        var random = RTPTestRandom(seed: 3550)
        var parsedCount = 0
        for _ in 0..<10_000 {
            var bytes = random.bytes(4 * Int.random(in: 1..<12, using: &random))
            bytes[0] = 0x80 | bytes[0] & 0x3F
            bytes[1] = UInt8.random(in: 200...206, using: &random)
            bytes[2] = 0
            bytes[3] = UInt8(bytes.count / 4 - 1)
            if let packets = try? RTCPPacket.parseCompound(bytes) {
                parsedCount += 1
                #expect(packets.count == 1)
            }
        }
        #expect(parsedCount > 100)
    }

    @Test func unstructuredRandomBytesNeverCrash() {
        var random = RTPTestRandom(seed: 5761)
        for _ in 0..<10_000 {
            _ = try? RTCPPacket.parseCompound(random.bytes(Int.random(in: 0..<64, using: &random)))
        }
    }
}
