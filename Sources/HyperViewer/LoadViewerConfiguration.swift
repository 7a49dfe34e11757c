/// What one load viewer does beyond connecting and counting packets.
public struct LoadViewerConfiguration: Sendable, Equatable {
    /// SRTP-unprotect every packet, check it, reassemble VP8 frames and report them as events. Costs CPU per packet;
    /// a viewer that does not verify only reads the clear RTP header (sequence number, timestamp) of each packet.
    public var verifies: Bool
    /// Decode the reassembled frames with libvpx (verifying viewers only).
    public var decodes: Bool
    /// Hand every reassembled frame to the viewer's frame sink and NACK gaps at once: a relay pulling a session from
    /// the node that renders it. Implies `verifies`.
    public var forwardsFrames: Bool
    /// Seconds between ICE consent checks once connected (RFC 7675 asks for about 5 s at most).
    public var consentInterval: Double
    /// Seconds between RTCP receiver reports, or nil for none.
    public var receiverReportInterval: Double?
    /// Seconds from the answer to DTLS connected before the viewer gives up.
    public var connectTimeout: Double

    public init(
        verifies: Bool = false,
        decodes: Bool = false,
        consentInterval: Double = 2.5,
        receiverReportInterval: Double? = 1,
        connectTimeout: Double = 10,
        forwardsFrames: Bool = false
    ) {
        self.verifies = verifies || forwardsFrames
        self.forwardsFrames = forwardsFrames
        self.decodes = decodes
        self.consentInterval = consentInterval
        self.receiverReportInterval = receiverReportInterval
        self.connectTimeout = connectTimeout
    }
}
