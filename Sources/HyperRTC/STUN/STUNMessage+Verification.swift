extension STUNMessage {
    /// Whether the datagram's MESSAGE-INTEGRITY is the HMAC-SHA1 under `key` of the message before it, with the
    /// header length counting up to the end of MESSAGE-INTEGRITY (RFC 8489 §14.5). False when absent or malformed.
    public static func verifyIntegrity(_ bytes: [UInt8], key: [UInt8]) -> Bool {
        guard let walk = try? STUNAttributeWalk(bytes),
            let entry = walk.entries.first(where: { $0.type == STUNAttributeType.messageIntegrity }),
            entry.valueRange.count == MessageAuthenticationCode.sha1.length
        else { return false }
        var signed = Array(bytes[..<entry.offset])
        STUNWireFormat.setLength(entry.valueRange.upperBound - STUNWireFormat.headerLength, in: &signed)
        let expected = MessageAuthenticationCode.sha1.code(key: key, message: signed)
        return MessageAuthenticationCode.constantTimeEqual(expected, bytes[entry.valueRange])
    }

    /// Whether the datagram ends in a FINGERPRINT that matches the CRC-32 of everything before it XOR 0x5354554E
    /// (RFC 8489 §14.7). False when absent, malformed or not last.
    public static func verifyFingerprint(_ bytes: [UInt8]) -> Bool {
        guard let walk = try? STUNAttributeWalk(bytes), let entry = walk.entries.last,
            entry.type == STUNAttributeType.fingerprint, entry.valueRange.count == 4
        else { return false }
        let expected = ReflectedCRC32.ieee.checksum(bytes[..<entry.offset]) ^ STUNWireFormat.fingerprintXOR
        return STUNWireFormat.uint32(bytes, at: entry.valueRange.lowerBound) == expected
    }
}
