/// The attribute type codes this module understands (RFC 8489 §18.3, RFC 8445 §16.1).
enum STUNAttributeType {
    static let username: UInt16 = 0x0006
    static let messageIntegrity: UInt16 = 0x0008
    static let errorCode: UInt16 = 0x0009
    static let unknownAttributes: UInt16 = 0x000A
    static let xorMappedAddress: UInt16 = 0x0020
    static let priority: UInt16 = 0x0024
    static let useCandidate: UInt16 = 0x0025
    static let fingerprint: UInt16 = 0x8028
    static let iceControlled: UInt16 = 0x8029
    static let iceControlling: UInt16 = 0x802A

    static let understood: Set<UInt16> = [
        username, messageIntegrity, errorCode, xorMappedAddress, priority, useCandidate, fingerprint,
        iceControlled, iceControlling,
    ]

    /// Types below 0x8000 must be understood by the receiver or the request is refused (RFC 8489 §14).
    static func isComprehensionRequired(_ type: UInt16) -> Bool {
        type < 0x8000
    }
}
