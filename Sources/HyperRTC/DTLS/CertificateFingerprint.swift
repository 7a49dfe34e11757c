internal import COpenSSL

/// The SHA-256 digest of a DER certificate, as carried in SDP's a=fingerprint:sha-256 ("AB:CD:…").
struct CertificateFingerprint: Equatable, CustomStringConvertible {
    static let byteCount = 32

    let bytes: [UInt8]

    /// Parses the value part of a=fingerprint:sha-256: 32 colon-separated hex bytes, either case.
    init(sdpValue: String) throws(RTCError) {
        let parts = sdpValue.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for part in parts {
            guard part.count == 2, part.allSatisfy(\.isHexDigit), let byte = UInt8(part, radix: 16) else { break }
            bytes.append(byte)
        }
        guard parts.count == Self.byteCount, bytes.count == Self.byteCount else {
            throw RTCError(.malformedSDP, "fingerprint \"\(sdpValue)\" is not 32 colon-separated hex bytes (sha-256)")
        }
        self.bytes = bytes
    }

    /// The fingerprint of an OpenSSL `X509` certificate.
    init(certificate: OpaquePointer) throws(RTCError) {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(certificate, EVP_sha256(), &digest, &length) == 1, length == Self.byteCount else {
            throw RTCError.openSSL(.cryptoFailure, "cannot compute the certificate's SHA-256 fingerprint")
        }
        bytes = Array(digest[..<Self.byteCount])
    }

    var description: String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 3)
        for (index, byte) in bytes.enumerated() {
            if index > 0 { text.append(UInt8(ascii: ":")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
