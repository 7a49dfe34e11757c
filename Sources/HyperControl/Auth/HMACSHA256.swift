internal import COpenSSL
import HyperRTC

/// HMAC-SHA256 and a constant-time comparison through OpenSSL, for HS256 tokens and the operator token.
enum HMACSHA256 {
    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        MessageAuthenticationCode.sha256.code(key: key, message: message)
    }

    /// Whether two byte strings are equal, in time that depends only on their length (`CRYPTO_memcmp`).
    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Whether two secrets are equal without revealing where they differ or how long they are: their SHA-256
    /// digests are compared in constant time.
    static func secretsEqual(_ lhs: String, _ rhs: String) -> Bool {
        constantTimeEqual(SHA256.digest(Array(lhs.utf8)), SHA256.digest(Array(rhs.utf8)))
    }
}
