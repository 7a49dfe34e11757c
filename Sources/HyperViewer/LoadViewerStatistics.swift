/// A snapshot of one load viewer's counters. Loss comes from RTP sequence numbers, which SRTP leaves in the clear,
/// so every viewer measures it, verifying or not.
public struct LoadViewerStatistics: Sendable, Equatable {
    public var state: LoadViewerState
    /// Seconds from applying the answer to DTLS connected; nil until connected.
    public var connectSeconds: Double?
    /// RTP datagrams received, retransmissions and duplicates included.
    public var rtpPackets: Int
    public var rtpBytes: Int
    public var rtcpPackets: Int
    /// Packets the sequence numbers say should have arrived since the first one.
    public var expectedPackets: Int
    /// Expected minus received: negative when duplicates arrived.
    public var lostPackets: Int
    /// The highest sequence number received, with wraps counted in the upper 16 bits.
    public var highestSequenceNumber: UInt32
    /// Interarrival jitter in milliseconds (RFC 3550 A.8).
    public var jitterMilliseconds: Double
    /// Successful STUN responses to the viewer's connectivity and consent checks.
    public var stunResponses: Int

    /// Verifying viewers: packets that SRTP authenticated and decrypted.
    public var unprotectedPackets: Int
    /// Verifying viewers: packets that failed SRTP authentication or replay checks (duplicates excepted).
    public var unprotectFailures: Int
    /// Verifying viewers: packets that decrypted but had the wrong payload type or a bad VP8 payload descriptor.
    public var malformedPackets: Int
    /// Verifying viewers: frames reassembled, keyframes among them, and frames given up as incomplete.
    public var framesCompleted: Int
    public var keyframes: Int
    public var incompleteFrames: Int
    /// Decoding viewers: frames libvpx decoded and frames it refused.
    public var framesDecoded: Int
    public var decodeFailures: Int
    /// Verifying viewers: sequence numbers received a second time.
    public var retransmissionsReceived: Int
    /// ICE restarts whose new credentials the server answered a check for.
    public var iceRestartsCompleted: Int
    /// Datagrams from another address than the server's candidate, dropped unread: a full ICE agent takes a response
    /// only from where its request went (RFC 8445 §7.2.5.2.1), and a server on several addresses must answer from
    /// the one it was reached on.
    public var datagramsFromElsewhere: Int

    public init(state: LoadViewerState) {
        self.state = state
        connectSeconds = nil
        rtpPackets = 0
        rtpBytes = 0
        rtcpPackets = 0
        expectedPackets = 0
        lostPackets = 0
        highestSequenceNumber = 0
        jitterMilliseconds = 0
        stunResponses = 0
        unprotectedPackets = 0
        unprotectFailures = 0
        malformedPackets = 0
        framesCompleted = 0
        keyframes = 0
        incompleteFrames = 0
        framesDecoded = 0
        decodeFailures = 0
        retransmissionsReceived = 0
        iceRestartsCompleted = 0
        datagramsFromElsewhere = 0
    }

    /// Lost over expected, 0 when nothing was expected; duplicates never make it negative.
    public var lossFraction: Double {
        expectedPackets > 0 ? Double(max(0, lostPackets)) / Double(expectedPackets) : 0
    }
}
