extension STUNMessage {
    /// Parses a whole datagram, rejecting anything truncated, mis-padded or inconsistent with `.malformedPacket`.
    ///
    /// Attributes after MESSAGE-INTEGRITY other than FINGERPRINT are dropped, as RFC 8489 §14.5 requires; an
    /// attribute after FINGERPRINT is an error, since FINGERPRINT must be last (§14.7).
    public init(parsing bytes: [UInt8]) throws(RTCError) {
        let walk = try STUNAttributeWalk(bytes)
        let type = STUNWireFormat.uint16(bytes, at: 0)
        let transactionID = Array(bytes[8..<20])
        var attributes: [STUNAttribute] = []
        var sawIntegrity = false
        var sawFingerprint = false
        for entry in walk.entries {
            if sawFingerprint {
                throw RTCError(
                    .malformedPacket,
                    "STUN attribute \(STUNWireFormat.hex16(entry.type)) at offset \(entry.offset) follows FINGERPRINT, "
                        + "which must be last")
            }
            switch entry.type {
            case STUNAttributeType.fingerprint:
                sawFingerprint = true
            case STUNAttributeType.messageIntegrity:
                if sawIntegrity { continue }
                sawIntegrity = true
            default:
                if sawIntegrity { continue }
            }
            attributes.append(
                try STUNAttribute(
                    type: entry.type, value: Array(bytes[entry.valueRange]), offset: entry.offset,
                    transactionID: transactionID))
        }
        self.init(
            messageClass: STUNClass(typeBits: type), method: STUNMethod.method(fromType: type),
            transactionID: transactionID, attributes: attributes)
    }
}
