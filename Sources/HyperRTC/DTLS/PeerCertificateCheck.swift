internal import COpenSSL

/// Authenticates the peer's certificate by its SHA-256 fingerprint from SDP, during the handshake.
///
/// Self-signed certificates carry no CA trust, so chain errors are ignored and only the leaf's digest decides.
/// OpenSSL reaches this object through ex_data on the `SSL`; the transport owns it and outlives the `SSL`.
final class PeerCertificateCheck {
    /// The ex_data slot on an `SSL` that points to its `PeerCertificateCheck`.
    static let exDataIndex: Int32 = CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_SSL, 0, nil, nil, nil, nil)

    let expected: CertificateFingerprint
    /// The fingerprint the peer presented when it did not match `expected`.
    private(set) var mismatch: CertificateFingerprint?

    init(expected: CertificateFingerprint) {
        self.expected = expected
    }

    /// Whether `certificate` (an `X509`) is the one the peer's SDP announced; remembers a mismatch.
    func accepts(_ certificate: OpaquePointer) -> Bool {
        guard let presented = try? CertificateFingerprint(certificate: certificate) else { return false }
        if presented == expected { return true }
        mismatch = presented
        return false
    }

    /// The body of the `SSL_verify_cb`: accepts the chain exactly when its leaf matches the expected fingerprint.
    static func verify(store: OpaquePointer?) -> Int32 {
        guard let store,
            let ssl = X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()),
            let check = SSL_get_ex_data(OpaquePointer(ssl), exDataIndex)
        else { return 0 }
        guard X509_STORE_CTX_get_error_depth(store) == 0 else { return 1 }
        guard let leaf = X509_STORE_CTX_get_current_cert(store),
            Unmanaged<PeerCertificateCheck>.fromOpaque(check).takeUnretainedValue().accepts(leaf)
        else {
            X509_STORE_CTX_set_error(store, X509_V_ERR_CERT_REJECTED)
            return 0
        }
        return 1
    }
}
