/// Where a load viewer's transport stands: ICE and DTLS in progress, media flowing, or ended.
public enum LoadViewerState: Sendable, Equatable {
    /// ICE checks or the DTLS handshake have not finished yet.
    case connecting
    /// DTLS-SRTP is up; media is counted (and checked, for a verifying viewer).
    case connected
    /// The server sent close_notify (WHEP DELETE, shutdown), or the viewer closed.
    case closed
    /// ICE, DTLS or SRTP setup failed, or the viewer did not connect in time; the reason is for the log.
    case failed(String)
}
