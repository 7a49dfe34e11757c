extension DTLSTransport {
    /// What the transport asks of its owner after each input.
    public enum Event: Equatable, Sendable {
        /// One datagram to send to the peer.
        case send([UInt8])
        /// The handshake finished and the peer's certificate matched its fingerprint; reported once.
        case connected(SRTPKeyingMaterial)
        /// The association is dead: the handshake failed, the fingerprint did not match, or a fatal alert arrived.
        case failed(RTCError)
        /// The peer sent close_notify.
        case closed
        /// One application data record from the connected peer: an SCTP packet of its data channels (RFC 8261).
        case applicationData([UInt8])
    }
}
