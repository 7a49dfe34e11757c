extension STUNAttribute {
    /// Decodes one attribute value; `offset` (of the attribute header) and the transaction ID give context.
    init(type: UInt16, value: [UInt8], offset: Int, transactionID: [UInt8]) throws(RTCError) {
        func requireLength(_ expected: Int, _ name: String) throws(RTCError) {
            guard value.count == expected else {
                throw RTCError(
                    .malformedPacket, "STUN \(name) at offset \(offset) is \(value.count) bytes, expected \(expected)")
            }
        }
        switch type {
        case STUNAttributeType.username:
            self = .username(try Self.utf8(value, "USERNAME", offset: offset))
        case STUNAttributeType.messageIntegrity:
            try requireLength(MessageAuthenticationCode.sha1.length, "MESSAGE-INTEGRITY")
            self = .messageIntegrity(value)
        case STUNAttributeType.fingerprint:
            try requireLength(4, "FINGERPRINT")
            self = .fingerprint(STUNWireFormat.uint32(value, at: 0))
        case STUNAttributeType.xorMappedAddress:
            self = .xorMappedAddress(try Self.xorMappedAddress(value, offset: offset, transactionID: transactionID))
        case STUNAttributeType.priority:
            try requireLength(4, "PRIORITY")
            self = .priority(STUNWireFormat.uint32(value, at: 0))
        case STUNAttributeType.useCandidate:
            try requireLength(0, "USE-CANDIDATE")
            self = .useCandidate
        case STUNAttributeType.iceControlling:
            try requireLength(8, "ICE-CONTROLLING")
            self = .iceControlling(STUNWireFormat.uint64(value, at: 0))
        case STUNAttributeType.iceControlled:
            try requireLength(8, "ICE-CONTROLLED")
            self = .iceControlled(STUNWireFormat.uint64(value, at: 0))
        case STUNAttributeType.errorCode:
            self = try Self.errorCode(value, offset: offset)
        default:
            self = .unknown(type: type, value: value)
        }
    }

    private static func utf8(_ value: [UInt8], _ name: String, offset: Int) throws(RTCError) -> String {
        guard let text = String(validating: value, as: UTF8.self) else {
            throw RTCError(.malformedPacket, "STUN \(name) at offset \(offset) is not valid UTF-8")
        }
        return text
    }

    private static func xorMappedAddress(
        _ value: [UInt8], offset: Int, transactionID: [UInt8]
    ) throws(RTCError) -> RTCAddress {
        let family = value.count >= 2 ? value[1] : 0
        let addressLength: Int
        switch family {
        case 0x01: addressLength = 4
        case 0x02: addressLength = 16
        default:
            throw RTCError(
                .malformedPacket,
                "STUN XOR-MAPPED-ADDRESS at offset \(offset) has address family \(family), "
                    + "expected 1 (IPv4) or 2 (IPv6)")
        }
        guard value.count == 4 + addressLength else {
            throw RTCError(
                .malformedPacket,
                "STUN XOR-MAPPED-ADDRESS at offset \(offset) is \(value.count) bytes, expected \(4 + addressLength)")
        }
        let port = STUNWireFormat.uint16(value, at: 2) ^ UInt16(STUNWireFormat.magicCookie >> 16)
        let mask = xorMask(transactionID: transactionID)
        let address = (0..<addressLength).map { value[4 + $0] ^ mask[$0] }
        return RTCAddress(host: IPAddressLiteral.text(address), port: Int(port))
    }

    /// The magic cookie followed by the transaction ID: what X-Address bytes are XORed with (RFC 8489 §14.2).
    static func xorMask(transactionID: [UInt8]) -> [UInt8] {
        var mask: [UInt8] = []
        STUNWireFormat.append(STUNWireFormat.magicCookie, to: &mask)
        return mask + transactionID
    }

    private static func errorCode(_ value: [UInt8], offset: Int) throws(RTCError) -> STUNAttribute {
        guard value.count >= 4 else {
            throw RTCError(
                .malformedPacket, "STUN ERROR-CODE at offset \(offset) is \(value.count) bytes, expected at least 4")
        }
        let errorClass = Int(value[2] & 0x07)
        let number = Int(value[3])
        guard (3...6).contains(errorClass), number < 100 else {
            throw RTCError(
                .malformedPacket,
                "STUN ERROR-CODE at offset \(offset) has class \(errorClass) and number \(number), outside 300-699")
        }
        let reason = try utf8(Array(value[4...]), "ERROR-CODE reason", offset: offset)
        return .errorCode(code: errorClass * 100 + number, reason: reason)
    }
}
