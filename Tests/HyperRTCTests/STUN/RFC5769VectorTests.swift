import HyperRTC
import Testing

/// The RFC 5769 sample messages: decoding, MESSAGE-INTEGRITY and FINGERPRINT against published bytes.
@Suite struct RFC5769VectorTests {
    let key = Array(RFC5769.password.utf8)

    @Test func sampleRequestParses() throws {
        let message = try STUNMessage(parsing: RFC5769.request)
        #expect(message.messageClass == .request)
        #expect(message.method == STUNMessage.bindingMethod)
        #expect(message.transactionID == RFC5769.transactionID)
        #expect(message.username == "evtj:h6vY")
        #expect(
            message.attributes == [
                .unknown(type: 0x8022, value: Array("STUN test client".utf8)),
                .priority(0x6e00_01ff),
                .iceControlled(0x932f_f9b1_5126_3b36),
                .username("evtj:h6vY"),
                .messageIntegrity(STUNHex.bytes("9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2")),
                .fingerprint(0xe57a_3bcf),
            ])
    }

    @Test(arguments: [RFC5769.request, RFC5769.ipv4Response, RFC5769.ipv6Response])
    func integrityAndFingerprintVerify(vector: [UInt8]) {
        #expect(STUNMessage.verifyIntegrity(vector, key: key))
        #expect(STUNMessage.verifyFingerprint(vector))
        #expect(STUNMessage.looksLikeSTUN(vector))
    }

    @Test(arguments: [RFC5769.request, RFC5769.ipv4Response, RFC5769.ipv6Response])
    func wrongPasswordAndFlippedBitsFail(vector: [UInt8]) {
        #expect(!STUNMessage.verifyIntegrity(vector, key: Array("VOkJxbRl1RmTxUk/WvJxBT".utf8)))
        for index in [9, 24, vector.count - 20] {
            var corrupted = vector
            corrupted[index] ^= 0x01
            #expect(!STUNMessage.verifyIntegrity(corrupted, key: key))
            #expect(!STUNMessage.verifyFingerprint(corrupted))
        }
    }

    @Test func ipv4ResponseCarriesTheMappedAddress() throws {
        let message = try STUNMessage(parsing: RFC5769.ipv4Response)
        #expect(message.messageClass == .successResponse)
        #expect(message.attributes.first == .unknown(type: 0x8022, value: Array("test vector".utf8)))
        #expect(message.attributes.contains(.xorMappedAddress(RTCAddress(host: "192.0.2.1", port: 32853))))
    }

    @Test func ipv6ResponseCarriesTheMappedAddress() throws {
        let message = try STUNMessage(parsing: RFC5769.ipv6Response)
        let address = RTCAddress(host: "2001:db8:1234:5678:11:2233:4455:6677", port: 32853)
        #expect(message.attributes.contains(.xorMappedAddress(address)))
    }

    /// Re-encoding gives the vector's bytes up to MESSAGE-INTEGRITY, except padding (the vectors pad with spaces,
    /// we pad with zeros), and a message that verifies under the same password.
    @Test(arguments: [RFC5769.request, RFC5769.ipv4Response, RFC5769.ipv6Response])
    func reEncodes(vector: [UInt8]) throws {
        let message = try STUNMessage(parsing: vector)
        let encoded = message.encoded(integrityKey: key, fingerprint: true)
        #expect(encoded.count == vector.count)
        #expect(try STUNMessage(parsing: encoded).attributes.dropLast(2) == message.attributes.dropLast(2))
        #expect(STUNMessage.verifyIntegrity(encoded, key: key))
        #expect(STUNMessage.verifyFingerprint(encoded))
        let integrityOffset = vector.count - 24 - 8
        let expected = zeroingPadding(Array(vector[..<integrityOffset]))
        #expect(Array(encoded[..<integrityOffset]) == expected)
    }

    /// The vector with every attribute's padding bytes set to zero.
    private func zeroingPadding(_ bytes: [UInt8]) -> [UInt8] {
        var result = bytes
        var offset = 20
        while offset + 4 <= result.count {
            let length = Int(result[offset + 2]) << 8 | Int(result[offset + 3])
            let padded = (length + 3) & ~3
            for index in (offset + 4 + length)..<(offset + 4 + padded) { result[index] = 0 }
            offset += 4 + padded
        }
        return result
    }
}
