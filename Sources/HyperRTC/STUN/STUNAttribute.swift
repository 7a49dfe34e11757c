/// One STUN attribute (RFC 8489 §14, RFC 8445 §16): decoded where ICE reads the value, raw bytes otherwise.
public enum STUNAttribute: Equatable, Sendable {
    case username(String)
    /// The 20-byte HMAC-SHA1 carried by MESSAGE-INTEGRITY.
    case messageIntegrity([UInt8])
    case fingerprint(UInt32)
    case xorMappedAddress(RTCAddress)
    case priority(UInt32)
    case useCandidate
    /// The tie-breaker of an agent in the controlling role.
    case iceControlling(UInt64)
    /// The tie-breaker of an agent in the controlled role.
    case iceControlled(UInt64)
    /// An error response's code, 300-699, and its reason phrase.
    case errorCode(code: Int, reason: String)
    case unknown(type: UInt16, value: [UInt8])

    /// The attribute type code this value is carried under.
    public var type: UInt16 {
        switch self {
        case .username: STUNAttributeType.username
        case .messageIntegrity: STUNAttributeType.messageIntegrity
        case .fingerprint: STUNAttributeType.fingerprint
        case .xorMappedAddress: STUNAttributeType.xorMappedAddress
        case .priority: STUNAttributeType.priority
        case .useCandidate: STUNAttributeType.useCandidate
        case .iceControlling: STUNAttributeType.iceControlling
        case .iceControlled: STUNAttributeType.iceControlled
        case .errorCode: STUNAttributeType.errorCode
        case .unknown(let type, _): type
        }
    }
}
