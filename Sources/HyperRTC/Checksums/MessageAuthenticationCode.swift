internal import COpenSSL

/// HMAC through OpenSSL: SHA-1 for STUN MESSAGE-INTEGRITY, SHA-256 for SCTP state cookies and the keyed audit chain.
public enum MessageAuthenticationCode: Sendable {
    case sha1
    case sha256

    /// Bytes of the code.
    public var length: Int {
        switch self {
        case .sha1: 20
        case .sha256: 32
        }
    }

    public func code(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var digestLength: UInt32 = 0
        // OpenSSL gives a NULL key a meaning of its own, so an empty key is passed as a valid pointer and length 0.
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                HMAC(
                    self == .sha1 ? EVP_sha1() : EVP_sha256(), keyBuffer.baseAddress, Int32(key.count),
                    messageBuffer.baseAddress, messageBuffer.count, &digest, &digestLength)
            }
        }
        precondition(result != nil && digestLength == UInt32(length), "OpenSSL HMAC (\(self)) failed")
        return Array(digest.prefix(length))
    }

    /// Compares two codes in time that does not depend on where they first differ.
    public static func constantTimeEqual(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
