internal import CSRTP

extension RTCError {
    /// An `.srtpFailure` naming the libsrtp2 call and the status it returned.
    static func srtp(_ status: srtp_err_status_t, _ operation: String) -> RTCError {
        RTCError(.srtpFailure, "\(operation) failed: \(status.name) (\(status.rawValue))")
    }
}

extension srtp_err_status_t {
    fileprivate var name: String {
        switch self {
        case srtp_err_status_fail: "failure"
        case srtp_err_status_bad_param: "bad parameter"
        case srtp_err_status_alloc_fail: "allocation failed"
        case srtp_err_status_init_fail: "initialisation failed"
        case srtp_err_status_auth_fail: "authentication failed"
        case srtp_err_status_cipher_fail: "cipher failed"
        case srtp_err_status_replay_fail: "replayed packet"
        case srtp_err_status_replay_old: "packet too old for the replay window"
        case srtp_err_status_no_ctx: "no stream for this SSRC"
        case srtp_err_status_key_expired: "key expired"
        case srtp_err_status_parse_err: "malformed packet"
        case srtp_err_status_pkt_idx_old: "packet index too old"
        case srtp_err_status_pkt_idx_adv: "packet index advanced too far"
        default: "status"
        }
    }
}
