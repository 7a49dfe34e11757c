import HyperRTC
import Testing

/// Strict parsing: every inconsistency is a `.malformedPacket` with a precise message, and nothing crashes.
@Suite struct STUNMessageParsingTests {
    private let vectors = [RFC5769.request, RFC5769.ipv4Response, RFC5769.ipv6Response]

    @Test func everyTruncationIsRejected() {
        for vector in vectors {
            for length in 0..<vector.count {
                _ = expectMalformedSTUN(Array(vector.prefix(length)))
            }
        }
    }

    @Test func trailingBytesAreRejected() {
        for vector in vectors {
            for extra in 1...7 {
                _ = expectMalformedSTUN(vector + [UInt8](repeating: 0, count: extra))
            }
        }
    }

    @Test func shortHeaderIsNamed() {
        #expect(expectMalformedSTUN([0, 1, 0, 0]) == "STUN message is 4 bytes, shorter than the 20-byte header")
    }

    @Test func wrongCookieIsNamed() {
        var bytes = RFC5769.request
        bytes[4] = 0x22
        #expect(expectMalformedSTUN(bytes) == "STUN magic cookie is 0x2212a442, expected 0x2112a442")
    }

    @Test func leadingBitsMustBeZero() {
        var bytes = RFC5769.request
        bytes[0] = 0x40
        #expect(expectMalformedSTUN(bytes)?.contains("two zero bits") == true)
    }

    @Test func declaredLengthMustMatch() {
        var bytes = RFC5769.request
        bytes[3] = 0x5c
        #expect(expectMalformedSTUN(bytes) == "STUN header declares 92 bytes of attributes, 88 follow")
        bytes[3] = 0x59
        #expect(expectMalformedSTUN(bytes) == "STUN message length 89 is not a multiple of 4")
    }

    @Test func attributeOverrunIsNamedWithOffset() {
        let header = STUNHex.bytes("0001 0010 2112a442 000000000000000000000000")
        let bytes = header + STUNHex.bytes("0006 0028 61626364 65666768 696a6b6c")
        #expect(expectMalformedSTUN(bytes) == "STUN attribute 0x0006 at offset 20 declares 40 bytes, 12 remain")
    }

    @Test func missingPaddingIsRejected() {
        let header = STUNHex.bytes("0001 0008 2112a442 000000000000000000000000")
        let bytes = header + STUNHex.bytes("0006 0005 61626364")
        #expect(
            expectMalformedSTUN(bytes) == "STUN attribute 0x0006 at offset 20 declares 5 bytes (8 padded), 4 remain")
    }

    @Test func wrongFixedSizesAreRejected() {
        let header = STUNHex.bytes("0001 0008 2112a442 000000000000000000000000")
        #expect(
            expectMalformedSTUN(header + STUNHex.bytes("0024 0003 01020300"))
                == "STUN PRIORITY at offset 20 is 3 bytes, expected 4")
        #expect(
            expectMalformedSTUN(header + STUNHex.bytes("0020 0004 00030000"))?.contains("address family 3") == true)
        #expect(expectMalformedSTUN(header + STUNHex.bytes("0006 0004 ff feff fe"))?.contains("UTF-8") == true)
    }

    @Test func attributeAfterFingerprintIsRejected() {
        let bytes = RFC5769.request + STUNHex.bytes("0025 0000")
        var fixed = bytes
        fixed[3] += 4
        #expect(expectMalformedSTUN(fixed)?.contains("follows FINGERPRINT") == true)
    }

    @Test func attributesAfterIntegrityAreIgnored() throws {
        var message = STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: RFC5769.transactionID,
            attributes: [.username("a:b")])
        var bytes = message.encoded(integrityKey: [1, 2, 3], fingerprint: false)
        bytes += STUNHex.bytes("0025 0000")
        bytes[3] += 4
        message = try STUNMessage(parsing: bytes)
        #expect(message.attributes.count == 2)
        #expect(!message.attributes.contains(.useCandidate))
    }

    @Test func randomBytesNeverCrash() {
        var generator = STUNFuzzGenerator(state: 5769)
        for _ in 0..<10_000 {
            let bytes = generator.bytes(Int.random(in: 0..<96, using: &generator))
            exerciseEverything(bytes)
        }
    }

    /// Random attribute sections behind a valid header, so the attribute walk itself is fuzzed.
    @Test func randomBodiesBehindValidHeadersNeverCrash() {
        var generator = STUNFuzzGenerator(state: 8489)
        for _ in 0..<10_000 {
            let bodyLength = 4 * Int.random(in: 0..<24, using: &generator)
            var bytes = STUNHex.bytes("0001 0000 2112a442") + generator.bytes(12)
            bytes[2] = UInt8(bodyLength >> 8)
            bytes[3] = UInt8(bodyLength & 0xFF)
            var body = generator.bytes(bodyLength)
            for offset in stride(from: 0, to: bodyLength, by: 8) where Bool.random(using: &generator) {
                body[offset] = UInt8.random(in: 0...0x80, using: &generator) & 0x80
                if offset + 2 < bodyLength { body[offset + 2] = 0 }
            }
            exerciseEverything(bytes + body)
        }
    }

    private func exerciseEverything(_ bytes: [UInt8]) {
        do {
            let message = try STUNMessage(parsing: bytes)
            #expect(STUNMessage.looksLikeSTUN(bytes))
            _ = message.encoded(integrityKey: [1], fingerprint: true)
        } catch {
            #expect(error.code == .malformedPacket)
        }
        _ = STUNMessage.verifyIntegrity(bytes, key: [1, 2, 3])
        _ = STUNMessage.verifyFingerprint(bytes)
        _ = ICELiteAgent.localUfrag(inRequest: bytes)
        var agent = ICELiteAgent(
            local: ICECredentials(ufrag: "a", password: "b"), remote: ICECredentials(ufrag: "c", password: "d"))
        _ = agent.receive(bytes, from: RTCAddress(host: "192.0.2.1", port: 9), now: 0)
    }
}
