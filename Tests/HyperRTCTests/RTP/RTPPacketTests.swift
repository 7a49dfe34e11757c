import HyperRTC
import Testing

struct RTPPacketTests {
    @Test func minimalPacketHasTheRFC3550Layout() throws {
        let packet = RTPPacket(
            payloadType: 96, sequenceNumber: 0x1234, timestamp: 0xDEAD_BEEF, ssrc: 0x0102_0304, marker: true,
            payload: [7, 8, 9])
        let bytes = packet.encoded()
        #expect(bytes == [0x80, 0xE0, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 7, 8, 9])
        #expect(try RTPPacket(parsing: bytes) == packet)
    }

    @Test func roundTripKeepsCSRCsExtensionAndPadding() throws {
        var packet = RTPPacket(
            payloadType: 111, sequenceNumber: 65535, timestamp: 48_000, ssrc: 0xCAFE_BABE,
            payload: (0..<100).map { UInt8($0) })
        packet.csrcs = [1, 2, 0xFFFF_FFFF]
        packet.extensionProfile = 0xBEDE
        packet.extensionData = [0x10, 0xAA, 0x00, 0x00, 0x22, 0x01, 0x02, 0x03]
        packet.paddingLength = 4
        let bytes = packet.encoded()
        #expect(bytes.count == packet.encodedCount)
        #expect(bytes.count == 12 + 12 + 4 + 8 + 100 + 4)
        #expect(bytes[0] == 0xB3)
        #expect(Array(bytes[24..<28]) == [0xBE, 0xDE, 0x00, 0x02])
        #expect(Array(bytes.suffix(4)) == [0, 0, 0, 4])
        #expect(try RTPPacket(parsing: bytes) == packet)
    }

    @Test func extensionDataIsZeroPaddedToAWord() throws {
        var packet = RTPPacket(payloadType: 96, sequenceNumber: 1, timestamp: 2, ssrc: 3, payload: [0xFF])
        packet.extensionProfile = 0xBEDE
        packet.extensionData = [0x10, 0x7F]
        let parsed = try RTPPacket(parsing: packet.encoded())
        #expect(parsed.extensionData == [0x10, 0x7F, 0, 0])
        #expect(parsed.payload == [0xFF])
    }

    @Test func emptyExtensionAndEmptyPayloadRoundTrip() throws {
        var packet = RTPPacket(payloadType: 0, sequenceNumber: 0, timestamp: 0, ssrc: 0)
        packet.extensionProfile = 0x1000
        #expect(try RTPPacket(parsing: packet.encoded()) == packet)
    }

    @Test func encodeIntoAppendsAfterExistingBytes() {
        let packet = RTPPacket(payloadType: 96, sequenceNumber: 5, timestamp: 6, ssrc: 7, payload: [1, 2])
        var buffer: [UInt8] = [0xAB]
        packet.encode(into: &buffer)
        packet.encode(into: &buffer)
        #expect(buffer == [0xAB] + packet.encoded() + packet.encoded())
    }

    static let malformed: [(bytes: [UInt8], message: String)] = [
        ([0x80, 0x60, 0x00, 0x01], "RTP packet is 4 bytes, shorter than the 12-byte fixed header"),
        ([], "RTP packet is 0 bytes, shorter than the 12-byte fixed header"),
        ([0x40, 0x60] + Array(repeating: 0, count: 10), "RTP version 1, expected 2"),
        ([0x00, 0x60] + Array(repeating: 0, count: 10), "RTP version 0, expected 2"),
        ([0x83, 0x60] + Array(repeating: 0, count: 14), "header declares 3 CSRCs, only 4 bytes follow"),
        (
            [0x90, 0x60] + Array(repeating: 0, count: 10) + [0xBE, 0xDE],
            "header extension flag set, only 2 bytes follow the CSRC list"
        ),
        (
            [0x90, 0x60] + Array(repeating: 0, count: 10) + [0xBE, 0xDE, 0x00, 0x02, 1, 2, 3],
            "header extension declares 8 bytes, only 3 follow"
        ),
        (
            [0xA0, 0x60] + Array(repeating: 0, count: 10) + [1, 2, 3, 4, 10],
            "padding declares 10 bytes, only 5 bytes follow the header"
        ),
        ([0xA0, 0x60] + Array(repeating: 0, count: 10) + [1, 2, 0], "padding length 0, expected at least 1"),
        ([0xA0, 0x60] + Array(repeating: 0, count: 10), "padding flag set, but no bytes follow the header"),
    ]

    @Test(arguments: malformed)
    func malformedPacketIsRejectedPrecisely(bytes: [UInt8], message: String) {
        let error = #expect(throws: RTCError.self) { try RTPPacket(parsing: bytes) }
        #expect(error?.code == .malformedPacket)
        #expect(error?.message == message)
    }

    @Test func paddingThatFillsTheWholePayloadIsAccepted() throws {
        let bytes: [UInt8] = [0xA0, 0x60] + Array(repeating: 0, count: 10) + [0, 0, 3]
        let packet = try RTPPacket(parsing: bytes)
        #expect(packet.payload.isEmpty)
        #expect(packet.paddingLength == 3)
    }

    @Test func randomBytesNeverCrashAndParsedPacketsReencodeConsistently() throws {
        var random = RTPTestRandom(seed: 7983)
        var parsedCount = 0
        for _ in 0..<10_000 {
            var bytes = random.bytes(Int.random(in: 0..<80, using: &random))
            if !bytes.isEmpty && Bool.random(using: &random) {
                bytes[0] = 0x80 | bytes[0] & 0x3F
            }
            guard let packet = try? RTPPacket(parsing: bytes) else { continue }
            parsedCount += 1
            #expect(try RTPPacket(parsing: packet.encoded()) == packet)
        }
        #expect(parsedCount > 100)
    }
}
