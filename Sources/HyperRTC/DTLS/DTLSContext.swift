internal import COpenSSL

/// An OpenSSL `SSL_CTX` for DTLS-SRTP with one certificate, from which each transport makes its `SSL`.
///
/// DTLS 1.2 only, no session resumption, and a peer certificate required on both sides but authenticated by its SDP
/// fingerprint (see `PeerCertificateCheck`), not by a CA. Each transport sets its own use_srtp profiles.
final class DTLSContext {
    let handle: OpaquePointer

    init(certificate: OpaquePointer, privateKey: OpaquePointer) throws(RTCError) {
        guard let context = SSL_CTX_new(DTLS_method()) else {
            throw RTCError.openSSL(.dtlsFailure, "SSL_CTX_new failed")
        }
        do {
            try Self.configure(context, certificate: certificate, privateKey: privateKey)
        } catch {
            SSL_CTX_free(context)
            throw error
        }
        handle = context
    }

    deinit {
        SSL_CTX_free(handle)
    }

    private static func configure(
        _ context: OpaquePointer,
        certificate: OpaquePointer,
        privateKey: OpaquePointer
    ) throws(RTCError) {
        guard SSL_CTX_use_certificate(context, certificate) == 1,
            SSL_CTX_use_PrivateKey(context, privateKey) == 1,
            SSL_CTX_check_private_key(context) == 1
        else {
            throw RTCError.openSSL(.dtlsFailure, "cannot install the DTLS certificate and key")
        }
        guard hc_ssl_ctx_set_min_proto_version(context, DTLS1_2_VERSION) == 1 else {
            throw RTCError.openSSL(.dtlsFailure, "cannot require DTLS 1.2")
        }
        SSL_CTX_set_options(context, hc_ssl_op_no_query_mtu() | hc_ssl_op_no_ticket())
        hc_ssl_ctx_set_session_cache_mode(context, Int(SSL_SESS_CACHE_OFF))
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT) { _, store in
            PeerCertificateCheck.verify(store: store)
        }
    }
}
