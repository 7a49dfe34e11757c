extension STUNMessage {
    /// The wire form, with MESSAGE-INTEGRITY (HMAC-SHA1 under `integrityKey`) and FINGERPRINT appended on request.
    ///
    /// MESSAGE-INTEGRITY and FINGERPRINT values already in `attributes` are left out and recomputed as asked; an
    /// XOR-MAPPED-ADDRESS whose host is not an IP literal is left out. The transaction ID must be 12 bytes.
    public func encoded(integrityKey: [UInt8]?, fingerprint: Bool) -> [UInt8] {
        precondition(transactionID.count == 12, "a STUN transaction ID is 12 bytes, not \(transactionID.count)")
        var bytes: [UInt8] = []
        STUNWireFormat.append(STUNMethod.type(method: method, messageClass: messageClass), to: &bytes)
        STUNWireFormat.append(UInt16(0), to: &bytes)
        STUNWireFormat.append(STUNWireFormat.magicCookie, to: &bytes)
        bytes += transactionID
        for attribute in attributes {
            switch attribute {
            case .messageIntegrity, .fingerprint:
                continue
            default:
                guard let value = attribute.encodedValue(transactionID: transactionID) else { continue }
                Self.append(type: attribute.type, value: value, to: &bytes)
            }
        }
        if let integrityKey {
            STUNWireFormat.setLength(
                bytes.count - STUNWireFormat.headerLength + 4 + MessageAuthenticationCode.sha1.length, in: &bytes)
            let code = MessageAuthenticationCode.sha1.code(key: integrityKey, message: bytes)
            Self.append(type: STUNAttributeType.messageIntegrity, value: code, to: &bytes)
        }
        if fingerprint {
            STUNWireFormat.setLength(bytes.count - STUNWireFormat.headerLength + 8, in: &bytes)
            var value: [UInt8] = []
            STUNWireFormat.append(ReflectedCRC32.ieee.checksum(bytes) ^ STUNWireFormat.fingerprintXOR, to: &value)
            Self.append(type: STUNAttributeType.fingerprint, value: value, to: &bytes)
        }
        STUNWireFormat.setLength(bytes.count - STUNWireFormat.headerLength, in: &bytes)
        return bytes
    }

    private static func append(type: UInt16, value: [UInt8], to bytes: inout [UInt8]) {
        precondition(value.count <= 0xFFFF, "a STUN attribute value is at most 65535 bytes, not \(value.count)")
        STUNWireFormat.append(type, to: &bytes)
        STUNWireFormat.append(UInt16(value.count), to: &bytes)
        bytes += value
        bytes += [UInt8](repeating: 0, count: STUNWireFormat.paddedLength(value.count) - value.count)
    }
}
