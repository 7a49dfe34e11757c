import HyperRTC
import Testing

/// Encoding: header bits, attribute layout, and that every attribute survives an encode–parse round trip.
@Suite struct STUNMessageEncodingTests {
    private let transactionID: [UInt8] = Array(1...12)

    @Test(arguments: [
        (STUNClass.request, UInt16(0x0001)), (.indication, 0x0011), (.successResponse, 0x0101),
        (.errorResponse, 0x0111),
    ])
    func classBitsOfBinding(messageClass: STUNClass, type: UInt16) throws {
        let message = STUNMessage(
            messageClass: messageClass, method: STUNMessage.bindingMethod, transactionID: transactionID,
            attributes: [])
        let bytes = message.encoded(integrityKey: nil, fingerprint: false)
        #expect(bytes.count == 20)
        #expect(UInt16(bytes[0]) << 8 | UInt16(bytes[1]) == type)
        #expect(try STUNMessage(parsing: bytes) == message)
    }

    @Test func methodBitsInterleaveAroundTheClass() throws {
        let message = STUNMessage(
            messageClass: .errorResponse, method: 0xFFF, transactionID: transactionID, attributes: [])
        let bytes = message.encoded(integrityKey: nil, fingerprint: false)
        #expect(bytes[0] == 0x3F && bytes[1] == 0xFF)
        #expect(try STUNMessage(parsing: bytes).method == 0xFFF)
    }

    @Test func everyAttributeRoundTrips() throws {
        let attributes: [STUNAttribute] = [
            .username("viewer:server"),
            .xorMappedAddress(RTCAddress(host: "203.0.113.9", port: 50000)),
            .xorMappedAddress(RTCAddress(host: "fe80::1:2", port: 1)),
            .xorMappedAddress(RTCAddress(host: "::ffff:192.0.2.7", port: 65535)),
            .xorMappedAddress(RTCAddress(host: "::", port: 0)),
            .priority(0x6E00_1EFF),
            .useCandidate,
            .iceControlling(0x0123_4567_89AB_CDEF),
            .iceControlled(UInt64.max),
            .errorCode(code: 487, reason: "Role Conflict"),
            .unknown(type: 0xC057, value: [0, 1, 0, 10, 9]),
        ]
        let message = STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: transactionID,
            attributes: attributes)
        let bytes = message.encoded(integrityKey: Array("secret".utf8), fingerprint: true)
        #expect(bytes.count % 4 == 0)
        let parsed = try STUNMessage(parsing: bytes)
        #expect(Array(parsed.attributes.prefix(attributes.count)) == attributes)
        #expect(parsed.attributes.count == attributes.count + 2)
        #expect(STUNMessage.verifyIntegrity(bytes, key: Array("secret".utf8)))
        #expect(!STUNMessage.verifyIntegrity(bytes, key: Array("Secret".utf8)))
        #expect(STUNMessage.verifyFingerprint(bytes))
    }

    @Test func ipv6TextIsCanonical() throws {
        let cases = [
            ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"),
            ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
            ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            ("0:0:0:0:0:0:0:1", "::1"),
            ("1::", "1::"),
        ]
        for (written, canonical) in cases {
            let message = STUNMessage(
                messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: transactionID,
                attributes: [.xorMappedAddress(RTCAddress(host: written, port: 7))])
            let parsed = try STUNMessage(parsing: message.encoded(integrityKey: nil, fingerprint: false))
            #expect(parsed.attributes == [.xorMappedAddress(RTCAddress(host: canonical, port: 7))])
        }
    }

    @Test func addressesThatAreNotLiteralsAreLeftOut() {
        for host in ["viewer.local", "1.2.3", "256.1.1.1", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9"] {
            let message = STUNMessage(
                messageClass: .successResponse, method: STUNMessage.bindingMethod, transactionID: transactionID,
                attributes: [.xorMappedAddress(RTCAddress(host: host, port: 7))])
            #expect(message.encoded(integrityKey: nil, fingerprint: false).count == 20, "\(host)")
        }
    }

    @Test func existingIntegrityAndFingerprintAreReplaced() throws {
        let message = STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: transactionID,
            attributes: [.username("a:b"), .messageIntegrity([UInt8](repeating: 7, count: 20)), .fingerprint(1)])
        let bytes = message.encoded(integrityKey: nil, fingerprint: true)
        #expect(try STUNMessage(parsing: bytes).attributes.count == 2)
        #expect(STUNMessage.verifyFingerprint(bytes))
        #expect(!STUNMessage.verifyIntegrity(bytes, key: []))
    }

    @Test func emptyKeyStillAuthenticates() {
        let message = STUNMessage(
            messageClass: .request, method: STUNMessage.bindingMethod, transactionID: transactionID, attributes: [])
        let bytes = message.encoded(integrityKey: [], fingerprint: false)
        #expect(STUNMessage.verifyIntegrity(bytes, key: []))
        #expect(!STUNMessage.verifyIntegrity(bytes, key: [1]))
    }

    @Test func looksLikeSTUNFollowsRFC7983() {
        #expect(STUNMessage.looksLikeSTUN(RFC5769.request))
        var dtls = RFC5769.request
        dtls[0] = 22
        #expect(!STUNMessage.looksLikeSTUN(dtls))
        var rtp = RFC5769.request
        rtp[0] = 0x80
        #expect(!STUNMessage.looksLikeSTUN(rtp))
        #expect(!STUNMessage.looksLikeSTUN(Array(RFC5769.request.prefix(19))))
        var oddLength = RFC5769.request
        oddLength[3] = 0x57
        #expect(!STUNMessage.looksLikeSTUN(oddLength))
    }

    @Test func randomTransactionIDsDiffer() {
        let first = STUNMessage.randomTransactionID()
        #expect(first.count == 12)
        #expect(first != STUNMessage.randomTransactionID())
    }

    @Test func addressDescription() {
        #expect(RTCAddress(host: "127.0.0.1", port: 5000).description == "127.0.0.1:5000")
        #expect(RTCAddress(host: "::1", port: 5000).description == "[::1]:5000")
    }
}
