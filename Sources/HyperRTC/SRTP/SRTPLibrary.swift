internal import CSRTP

/// libsrtp2's process-wide state, initialised exactly once before the first session.
enum SRTPLibrary {
    private static let initializationStatus: UInt32 = srtp_init().rawValue

    static func initialize() throws(RTCError) {
        let status = srtp_err_status_t(rawValue: initializationStatus)
        guard status == srtp_err_status_ok else {
            throw RTCError.srtp(status, "srtp_init")
        }
    }
}
