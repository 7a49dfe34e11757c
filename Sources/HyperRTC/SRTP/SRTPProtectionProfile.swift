/// An SRTP protection profile negotiated through the DTLS use_srtp extension (RFC 5764, RFC 7714).
public enum SRTPProtectionProfile: String, Sendable, CaseIterable {
    case aeadAES128GCM = "SRTP_AEAD_AES_128_GCM"
    case aes128CMHMACSHA1_80 = "SRTP_AES128_CM_SHA1_80"

    /// Length of the SRTP master key in bytes.
    var keyLength: Int { 16 }

    /// Length of the SRTP master salt in bytes.
    var saltLength: Int {
        switch self {
        case .aeadAES128GCM: 12
        case .aes128CMHMACSHA1_80: 14
        }
    }
}
