internal import COpenSSL
import HyperRTC

/// SHA-256 through OpenSSL: the audit chain's hash and the digests compared in constant time by the token check.
enum SHA256 {
    static func digest(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = input.withUnsafeBufferPointer { buffer in
            EVP_Digest(buffer.baseAddress, buffer.count, &digest, &length, EVP_sha256(), nil)
        }
        precondition(result == 1 && length == 32, "OpenSSL SHA-256 failed")
        return Array(digest.prefix(32))
    }

    /// The digest as 64 lowercase hex digits.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        hexString(digest(bytes))
    }

    /// HMAC-SHA256 of `bytes` under `key`, as 64 lowercase hex digits: the keyed audit chain's hash.
    static func hmacHex(key: [UInt8], _ bytes: some Collection<UInt8>) -> String {
        hexString(MessageAuthenticationCode.sha256.code(key: key, message: Array(bytes)))
    }

    private static func hexString(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
