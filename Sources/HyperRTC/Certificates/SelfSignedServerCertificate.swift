internal import COpenSSL

/// A self-signed ECDSA P-256 certificate and key, in PEM, for an HTTPS server reached by the addresses it names
/// (subjectAltName), and the check that decides whether a kept pair still serves those addresses.
public enum SelfSignedServerCertificate {
    /// Certificate and private key as PEM text, valid from an hour ago (headset clocks drift) for `days` days.
    public static func make(
        commonName: String, hosts: [String], days: Int
    ) throws(RTCError) -> (certificate: String, privateKey: String) {
        ERR_clear_error()
        defer { ERR_clear_error() }
        let key = try DTLSCertificate.makeP256Key()
        defer { EVP_PKEY_free(key) }
        guard let certificate = X509_new() else {
            throw RTCError.openSSL(.cryptoFailure, "X509_new failed")
        }
        defer { X509_free(certificate) }
        let names = hosts.map { IPAddressLiteral.bytes($0) == nil ? "DNS:\($0)" : "IP:\($0)" }
        try DTLSCertificate.fill(
            certificate, key: key, commonName: commonName, validity: days * 24 * 3600, backdate: 3600,
            extensions: [
                (NID_basic_constraints, "critical,CA:FALSE"), (NID_key_usage, "critical,digitalSignature"),
                (NID_ext_key_usage, "serverAuth"), (NID_subject_alt_name, names.joined(separator: ",")),
            ])
        let certificateText = try pem { PEM_write_bio_X509($0, certificate) }
        let keyText = try pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) }
        return (certificateText, keyText)
    }

    /// Whether `certificate` and `privateKey` (PEM) belong together, name every one of `hosts`, and stay valid for
    /// `seconds` more.
    public static func serves(certificate: String, privateKey: String, hosts: [String], forSeconds seconds: Int) -> Bool
    {
        ERR_clear_error()
        defer { ERR_clear_error() }
        guard let parsed = read(certificate, { PEM_read_bio_X509($0, nil, nil, nil) }) else { return false }
        defer { X509_free(parsed) }
        guard let key = read(privateKey, { PEM_read_bio_PrivateKey($0, nil, nil, nil) }) else { return false }
        defer { EVP_PKEY_free(key) }
        var deadline = time(nil) + seconds
        guard X509_check_private_key(parsed, key) == 1, X509_cmp_time(X509_get0_notAfter(parsed), &deadline) > 0
        else { return false }
        return hosts.allSatisfy { host in
            IPAddressLiteral.bytes(host) == nil
                ? X509_check_host(parsed, host, host.utf8.count, 0, nil) == 1
                : X509_check_ip_asc(parsed, host, 0) == 1
        }
    }

    private static func pem(_ write: (OpaquePointer?) -> Int32) throws(RTCError) -> String {
        guard let bio = BIO_new(BIO_s_mem()) else { throw RTCError.openSSL(.cryptoFailure, "BIO_new failed") }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { throw RTCError.openSSL(.cryptoFailure, "cannot write PEM") }
        var bytes = [UInt8](repeating: 0, count: Int(hc_bio_pending(bio)))
        let count = bytes.withUnsafeMutableBytes { BIO_read(bio, $0.baseAddress, Int32($0.count)) }
        return String(decoding: bytes.prefix(Int(max(count, 0))), as: UTF8.self)
    }

    private static func read(_ text: String, _ parse: (OpaquePointer?) -> OpaquePointer?) -> OpaquePointer? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { buffer in
            guard let bio = BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)) else { return nil }
            defer { BIO_free(bio) }
            return parse(bio)
        }
    }
}
