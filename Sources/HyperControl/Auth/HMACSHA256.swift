import HyperRTC

/// HMAC-SHA256 (through HyperRTC's OpenSSL HMAC) and constant-time comparison, for HS256 tokens and the operator token.
enum HMACSHA256 {
    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        MessageAuthenticationCode.sha256.code(key: key, message: message)
    }

    /// Whether two byte strings are equal, in time that does not depend on where they differ (the one comparison
    /// STUN, SCTP cookies, tokens and the audit chain share).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        MessageAuthenticationCode.constantTimeEqual(lhs, rhs)
    }

    /// Whether two secrets are equal without revealing where they differ or how long they are: their SHA-256
    /// digests are compared in constant time.
    static func secretsEqual(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEqual(SHA256.digest(Array(lhs.utf8)), SHA256.digest(Array(rhs.utf8)))
    }
}
