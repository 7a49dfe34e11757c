import Testing

@testable import HyperRTC

/// CRC32c against the iSCSI test vectors of RFC 3720 §B.4 and the common check value.
@Suite struct SCTPCRC32CTests {
    @Test func rfc3720Vectors() {
        #expect(ReflectedCRC32.castagnoli.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(ReflectedCRC32.castagnoli.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(ReflectedCRC32.castagnoli.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    @Test func checkValue() {
        #expect(ReflectedCRC32.castagnoli.checksum(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func packetsCarryTheChecksumLeastSignificantByteFirst() {
        let packet = SCTPPacket(
            sourcePort: 5000, destinationPort: 5000, verificationTag: 7, chunks: [SCTPChunk(type: 11)]
        ).encoded()
        #expect(packet == SCTPTestPeer.packet(tag: 7, [SCTPTestPeer.chunk(11, [])]))
        #expect(SCTPPacket.hasValidChecksum(packet))
    }
}
