internal import COpenSSL

/// HMAC-SHA1 through OpenSSL, the keyed hash of STUN MESSAGE-INTEGRITY (RFC 8489 §14.5).
enum HMACSHA1 {
    static let digestLength = 20

    static func authenticationCode(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var digestLength: UInt32 = 0
        // OpenSSL gives a NULL key a meaning of its own, so an empty key is passed as a valid pointer and length 0.
        let keyBytes = key.isEmpty ? [0] : key
        let result = keyBytes.withUnsafeBufferPointer { keyBuffer in
            message.withUnsafeBufferPointer { messageBuffer in
                HMAC(
                    EVP_sha1(), keyBuffer.baseAddress, Int32(key.count), messageBuffer.baseAddress,
                    messageBuffer.count, &digest, &digestLength)
            }
        }
        precondition(result != nil && digestLength == UInt32(Self.digestLength), "OpenSSL HMAC-SHA1 failed")
        return Array(digest.prefix(Self.digestLength))
    }

    /// Compares two codes in time that does not depend on where they first differ.
    static func constantTimeEqual(_ lhs: some Collection<UInt8>, _ rhs: some Collection<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(lhs, rhs) {
            difference |= left ^ right
        }
        return difference == 0
    }
}
