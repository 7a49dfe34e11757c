internal import COpenSSL

/// A self-signed ECDSA P-256 certificate and key for DTLS, and its SHA-256 fingerprint for SDP.
///
/// Immutable after creation; the OpenSSL context it holds is reference-counted and shared by every transport using it.
public final class DTLSCertificate: @unchecked Sendable {
    static let validitySeconds = 30 * 24 * 60 * 60

    /// Uppercase hex bytes joined by ':' (32 bytes): the value part of a=fingerprint:sha-256.
    public let fingerprint: String

    /// The SSL_CTX configured with this certificate, shared by all transports that present it.
    let context: DTLSContext

    private init(fingerprint: String, context: DTLSContext) {
        self.fingerprint = fingerprint
        self.context = context
    }

    /// Generates a fresh key pair and a certificate valid for 30 days from now, with a random serial number.
    public static func generate(commonName: String = "hypercube") throws(RTCError) -> DTLSCertificate {
        ERR_clear_error()
        let key = try makeP256Key()
        defer { EVP_PKEY_free(key) }
        guard let certificate = X509_new() else {
            throw RTCError.openSSL(.cryptoFailure, "X509_new failed")
        }
        defer { X509_free(certificate) }
        try fill(certificate, key: key, commonName: commonName)
        let fingerprint = try CertificateFingerprint(certificate: certificate)
        let context = try DTLSContext(certificate: certificate, privateKey: key)
        return DTLSCertificate(fingerprint: fingerprint.description, context: context)
    }

    static func makeP256Key() throws(RTCError) -> OpaquePointer {
        guard let keyContext = EVP_PKEY_CTX_new_from_name(nil, "EC", nil) else {
            throw RTCError.openSSL(.cryptoFailure, "EC key context unavailable")
        }
        defer { EVP_PKEY_CTX_free(keyContext) }
        var key: OpaquePointer?
        guard EVP_PKEY_keygen_init(keyContext) == 1,
            EVP_PKEY_CTX_set_group_name(keyContext, "P-256") == 1,
            EVP_PKEY_generate(keyContext, &key) == 1,
            let key
        else {
            throw RTCError.openSSL(.cryptoFailure, "P-256 key generation failed")
        }
        return key
    }

    /// Makes `certificate` a v3 certificate for `commonName`, self-signed with `key`, valid from `backdate` seconds ago
    /// to `validity` seconds from now, with `extensions` (`X509V3_EXT_conf_nid` values by NID) added before it is signed.
    static func fill(
        _ certificate: OpaquePointer, key: OpaquePointer, commonName: String, validity: Int = validitySeconds,
        backdate: Int = 0, extensions: [(nid: Int32, value: String)] = []
    ) throws(RTCError) {
        var serial: UInt64 = 0
        guard withUnsafeMutableBytes(of: &serial, { RAND_bytes($0.baseAddress, Int32($0.count)) }) == 1 else {
            throw RTCError.openSSL(.cryptoFailure, "no random bytes for the certificate serial")
        }
        serial = max(serial >> 1, 1)
        guard let name = X509_get_subject_name(certificate),
            X509_set_version(certificate, Int(X509_VERSION_3)) == 1,
            ASN1_INTEGER_set_uint64(X509_get_serialNumber(certificate), serial) == 1,
            X509_gmtime_adj(X509_getm_notBefore(certificate), -backdate) != nil,
            X509_gmtime_adj(X509_getm_notAfter(certificate), validity) != nil,
            X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, commonName, -1, -1, 0) == 1,
            X509_set_issuer_name(certificate, name) == 1,
            X509_set_pubkey(certificate, key) == 1
        else {
            throw RTCError.openSSL(.cryptoFailure, "cannot build the self-signed certificate for \"\(commonName)\"")
        }
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, certificate, certificate, nil, nil, 0)
        for (nid, value) in extensions {
            guard let made = X509V3_EXT_conf_nid(nil, &context, nid, value) else {
                throw RTCError.openSSL(.cryptoFailure, "cannot make the certificate extension \(value)")
            }
            defer { X509_EXTENSION_free(made) }
            guard X509_add_ext(certificate, made, -1) == 1 else {
                throw RTCError.openSSL(.cryptoFailure, "cannot add the certificate extension \(value)")
            }
        }
        guard X509_sign(certificate, key, EVP_sha256()) > 0 else {
            throw RTCError.openSSL(.cryptoFailure, "cannot build the self-signed certificate for \"\(commonName)\"")
        }
    }
}
