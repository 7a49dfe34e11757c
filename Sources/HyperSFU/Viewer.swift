import HyperRTC
import NIOCore

/// One WHEP viewer of a session: its ICE-lite agent, DTLS association, SRTP keys and send counters. Lives on
/// the media event loop; never touched from another thread.
final class Viewer {
    enum State: String {
        case connecting
        case connected
        case closed
    }

    let id: String
    let sessionID: String
    /// The video track the viewer receives: the session's (`sessionID`) for a spectator, its own for an XR viewer.
    let trackKey: String
    /// An XR viewer's poses, data channel and figures; nil for a spectator.
    let xr: XRViewerState?
    /// The WHEP resource's current ETag; an ICE restart replaces it.
    var etag: String
    /// The subject of the principal that created the WHEP resource, the only one that may change or end it; nil when
    /// viewing is open.
    var owner: String?
    /// The client address (or IPv6 /64) the offer came from, whose viewers still connecting are capped.
    var client: String?
    let negotiated: NegotiatedSession
    let createdAt: Double
    var ice: ICELiteAgent
    /// The viewer's ICE credentials: from its offer, then from its latest ICE restart.
    var remoteICE: ICECredentials
    /// When the latest ICE restart began; cleared when the new credentials select an address.
    var iceRestartedAt: Double?
    let dtls: DTLSTransport
    var srtp: SRTPSession?
    var state = State.connecting
    /// Where media, DTLS and retransmissions go: the address the viewer nominated that answered our consent check.
    var socketAddress: SocketAddress?
    /// The media socket every datagram to the viewer leaves through, so that its source is the local address the
    /// viewer's nomination went to: the address it checks our STUN responses and media against (RFC 8445 §7.2.5.2.1).
    var socket = 0
    /// The address the viewer nominated that has not answered our check yet, as the router routes it.
    var nominatedSocketAddress: SocketAddress?
    /// The media socket the nomination came in on: our checks to the nominated address leave through it, and it becomes
    /// `socket` when that address is selected.
    var nominatedSocket = 0
    /// The transaction ID of the agent's outstanding check, as the router routes its answer.
    var routedCheck: [UInt8]?
    /// DTLS datagrams from the nominated address before any address was selected (a ClientHello that overtook the
    /// answer to our check), handed to DTLS once that address answers.
    var heldDTLS: [[UInt8]] = []
    var awaitingKeyframe = true
    /// The viewer's way to its first keyframe, for its join trace; nil once handed over (`MediaRouter.joinTraced`).
    var joinTimeline: JoinTimeline?
    var estimator: BandwidthEstimator
    var packetsSent: UInt32 = 0
    var octetsSent: UInt32 = 0
    var packetsDropped = 0
    var nacksReceived = 0
    var retransmitted = 0
    /// NACKed packets not resent: asked for again too soon, or over the viewer's retransmission budget.
    var retransmissionsRefused = 0
    /// Which NACKed packets this viewer is sent again.
    var nackResponder: NackResponder
    var keyframeRequests = 0
    var lastSenderReportAt: Double = 0
    /// Which temporal layers this viewer is sent: all of them until its bandwidth estimate falls below the stream's
    /// rate, then the base layer (half the frame rate) until the estimate has room again.
    var layers = TemporalLayerPolicy()
    var layerSwitches = 0
    var framesSkipped = 0
    /// Video packets not sent because their frame's layer was dropped: what this viewer's sequence numbers run
    /// behind the track's, so that it sees a gapless stream.
    var sequenceOffset: UInt16 = 0
    /// The track's sequence number behind each rewritten one this viewer was sent, indexed by the rewritten
    /// number modulo its size, for NACKs; allocated at the first dropped frame (until then they are equal).
    private(set) var originalSequenceNumbers: [(rewritten: UInt16, original: UInt16)] = []

    init(
        id: String,
        sessionID: String,
        etag: String,
        negotiated: NegotiatedSession,
        local: ICECredentials,
        dtls: DTLSTransport,
        createdAt: Double,
        initialBitrate: Int,
        xr: XRViewerState? = nil
    ) {
        self.id = id
        self.sessionID = sessionID
        self.xr = xr
        self.trackKey = xr == nil ? sessionID : Self.xrTrackKey(viewerID: id)
        self.etag = etag
        self.negotiated = negotiated
        self.createdAt = createdAt
        self.ice = ICELiteAgent(local: local, remote: negotiated.remoteICE)
        self.remoteICE = negotiated.remoteICE
        self.dtls = dtls
        self.estimator = BandwidthEstimator(initial: initialBitrate)
        self.nackResponder = NackResponder(mediaSSRC: negotiated.video.ssrc, negotiated: negotiated.video.nack)
    }

    var videoPayloadType: UInt8 { UInt8(negotiated.video.payloadType) }

    /// The key of an XR viewer's own track and render: never a session ID, which has no `/`.
    static func xrTrackKey(viewerID: String) -> String {
        "xr/\(viewerID)"
    }

    static let sequenceMapSize = 2048

    /// Skips a frame of `packets` packets, the first numbered `first` on the track, for this viewer: later packets
    /// are renumbered to close the gap.
    func skipFrame(first: UInt16, packets: Int) {
        if originalSequenceNumbers.isEmpty {
            // Until now every packet went out under its own number.
            originalSequenceNumbers = Array(repeating: (0, 0), count: Self.sequenceMapSize)
            for back in 1...Self.sequenceMapSize {
                let sequence = first &- UInt16(back)
                originalSequenceNumbers[Int(sequence) % Self.sequenceMapSize] = (sequence, sequence)
            }
        }
        sequenceOffset &+= UInt16(truncatingIfNeeded: packets)
        framesSkipped += 1
    }

    /// Whether this viewer's sequence numbers have ever been renumbered (and NACKs need translating).
    var renumbers: Bool { !originalSequenceNumbers.isEmpty }

    /// Remembers which track packet goes out as which of this viewer's sequence numbers.
    func recordSent(original: UInt16) {
        guard !originalSequenceNumbers.isEmpty else { return }
        let rewritten = original &- sequenceOffset
        originalSequenceNumbers[Int(rewritten) % Self.sequenceMapSize] = (rewritten, original)
    }

    /// The track's sequence number of the packet this viewer knows as `rewritten`; nil when it is no longer known.
    func originalSequenceNumber(of rewritten: UInt16) -> UInt16? {
        guard !originalSequenceNumbers.isEmpty else { return rewritten }
        let entry = originalSequenceNumbers[Int(rewritten) % Self.sequenceMapSize]
        return entry.rewritten == rewritten ? entry.original : nil
    }
}
