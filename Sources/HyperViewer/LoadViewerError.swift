/// Why a load viewer or the control-plane client could not do what was asked.
public struct LoadViewerError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// A UDP or TCP socket could not be opened, bound or connected.
        case socket
        /// The WHEP exchange (the offer's POST) failed or was refused.
        case exchange
        /// The SDP answer lacks what the viewer needs: ICE credentials, a sha-256 fingerprint, a UDP candidate.
        case badAnswer
        /// An HTTP response could not be read or had an unexpected status.
        case http
        /// The viewer is not connected (yet, or any more), so it cannot send RTCP.
        case notConnected
        /// ICE or DTLS did not finish, or failed.
        case connectionFailed
        /// Something did not happen within its time limit.
        case timeout
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
