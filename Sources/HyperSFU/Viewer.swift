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
    let etag: String
    let negotiated: NegotiatedSession
    let createdAt: Double
    var ice: ICELiteAgent
    let dtls: DTLSTransport
    var srtp: SRTPSession?
    var state = State.connecting
    var socketAddress: SocketAddress?
    var awaitingKeyframe = true
    var estimator: BandwidthEstimator
    var packetsSent: UInt32 = 0
    var octetsSent: UInt32 = 0
    var packetsDropped = 0
    var nacksReceived = 0
    var retransmitted = 0
    var keyframeRequests = 0
    var lastSenderReportAt: Double = 0

    init(
        id: String,
        sessionID: String,
        etag: String,
        negotiated: NegotiatedSession,
        local: ICECredentials,
        dtls: DTLSTransport,
        createdAt: Double,
        initialBitrate: Int
    ) {
        self.id = id
        self.sessionID = sessionID
        self.etag = etag
        self.negotiated = negotiated
        self.createdAt = createdAt
        self.ice = ICELiteAgent(local: local, remote: negotiated.remoteICE)
        self.dtls = dtls
        self.estimator = BandwidthEstimator(initial: initialBitrate)
    }

    var videoPayloadType: UInt8 { UInt8(negotiated.video.payloadType) }
}
