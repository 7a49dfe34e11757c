/// A certificate fingerprint from `a=fingerprint` (RFC 8122 §5): how each side authenticates the DTLS peer.
public struct SDPFingerprint: Hashable, Sendable {
    /// The hash function's textual name in lower case, such as `sha-256`.
    public var algorithm: String
    /// Upper-case hex byte pairs joined by colons.
    public var value: String

    /// Digest sizes of the hash functions RFC 8122 names, to reject truncated values.
    static let digestLengths = [
        "md2": 16, "md5": 16, "sha-1": 20, "sha-224": 28, "sha-256": 32, "sha-384": 48, "sha-512": 64,
    ]

    public init(algorithm: String, value: String) {
        self.algorithm = algorithm.lowercased()
        self.value = value.uppercased()
    }

    /// The fingerprint of a digest computed locally, such as SHA-256 over our DTLS certificate's DER bytes.
    public init(algorithm: String = "sha-256", digest: [UInt8]) {
        let hex = digest.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return digits.count == 1 ? "0" + digits : digits
        }
        self.init(algorithm: algorithm, value: hex.joined(separator: ":"))
    }

    /// Parses the value of `a=fingerprint:`, such as `sha-256 AB:CD:…`.
    public init(attribute: String) throws(RTCError) {
        let parts = attribute.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, Self.isHexPairs(parts[1]) else {
            throw RTCError(
                .malformedSDP,
                "a=fingerprint needs '<hash function> <hex byte pairs separated by colons>', got '\(attribute)'")
        }
        self.init(algorithm: String(parts[0]), value: String(parts[1]))
        let byteCount = (value.count + 1) / 3
        if let expected = Self.digestLengths[algorithm], expected != byteCount {
            throw RTCError(
                .malformedSDP, "a=fingerprint \(algorithm) has \(byteCount) bytes, expected \(expected)")
        }
    }

    /// The value of `a=fingerprint:`.
    public var attributeValue: String { "\(algorithm) \(value)" }

    /// The digest bytes the value spells.
    public var digest: [UInt8] {
        value.split(separator: ":").compactMap { UInt8($0, radix: 16) }
    }

    private static func isHexPairs(_ text: Substring) -> Bool {
        let pairs = text.split(separator: ":", omittingEmptySubsequences: false)
        return pairs.allSatisfy { pair in
            pair.utf8.count == 2
                && pair.utf8.allSatisfy { byte in
                    (0x30...0x39).contains(byte) || (0x41...0x46).contains(byte) || (0x61...0x66).contains(byte)
                }
        }
    }
}
