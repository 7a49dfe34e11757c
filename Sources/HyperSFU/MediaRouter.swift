import Foundation
import HyperMedia
import HyperRTC
import Logging
import Metrics
import NIOCore

/// Everything the media socket does, confined to its event loop: demultiplexes datagrams (RFC 7983) to viewers,
/// drives each viewer's ICE-lite (with RFC 7675 consent before media moves), DTLS and SRTP, answers NACKs within each
/// viewer's retransmission budget, weighs PLI/FIR with the session's keyframe request policy, and fans every encoded
/// frame out to the session's connected viewers. It does no IO: time is an input (`now`, seconds on
/// `MediaRouter.now()`'s clock), datagrams leave through a `MediaTransmitter` and new identities come from
/// `ViewerIdentities`.
final class MediaRouter {
    let configuration: SFUConfiguration
    let logger: Logger
    /// The way out to the media sockets; each viewer's datagrams leave through the one its nomination reached
    /// (`Viewer.socket`).
    let transmitter: any MediaTransmitter
    /// New local ICE credentials and ETags, for ICE restarts.
    let identities: ViewerIdentities
    /// Asks the render behind a track (a session's, or an XR viewer's own) for a keyframe.
    var requestKeyframe: (String) -> Void = { _ in }
    /// Called when an XR viewer's own track ends (the viewer left), so that its render stops.
    var xrTrackEnded: (String) -> Void = { _ in }
    /// Called once per viewer with its join timeline: at its first keyframe, or with the reason it left before.
    var joinTraced: (JoinTimeline, _ failure: String?) -> Void = { _, _ in }
    /// Called with one fanned-out frame per track and `frameTraceInterval`, for a trace of its stages.
    var frameTraced: (FrameTrace) -> Void = { _ in }
    /// Seconds between a track's traced frames.
    var frameTraceInterval = 1.0

    var viewers: [String: Viewer] = [:]
    var viewersByUfrag: [String: Viewer] = [:]
    /// Viewers by their selected (verified) address: where their media, DTLS and RTCP come from.
    var viewersByAddress: [SocketAddress: Viewer] = [:]
    /// Viewers by the address they nominated that has not answered our check yet: only its DTLS is held.
    var viewersByNomination: [SocketAddress: Viewer] = [:]
    /// Viewers by the transaction ID of their outstanding consent check, to route its answer.
    var viewersByCheck: [[UInt8]: Viewer] = [:]
    var sessionViewers: [String: Set<String>] = [:]
    /// Video tracks by key: a session's ID for the stream its spectators share, `Viewer.trackKey` for an XR viewer's.
    var tracks: [String: VideoTrack] = [:]
    /// XR viewers by their track key: each is the only one its track goes to.
    var xrViewers: [String: Viewer] = [:]
    var audioTracks: [String: AudioTrack] = [:]
    var unroutableDatagrams = 0
    let writer = SRTPDatagramWriter(segmentation: false)
    /// How far above the stream's rate a viewer's estimate may grow (GCC: 1.5× what is sent).
    static let estimateHeadroom = 1.5

    /// Media bytes sent, as a rate over the last two seconds (sampled by `tick`).
    var egress = EgressMeter()

    let packetsSent = Counter(label: "hypercube_rtp_packets_sent_total")
    let bytesSent = Counter(label: "hypercube_rtp_bytes_sent_total")
    let packetsDropped = Counter(label: "hypercube_rtp_packets_dropped_total")
    let nacks = Counter(label: "hypercube_nacks_received_total")
    let retransmissions = Counter(label: "hypercube_rtp_retransmissions_total")
    let ignoredNACKs = Counter(label: "hypercube_nacks_ignored_total")
    let duplicateRetransmissions = Counter(
        label: "hypercube_rtp_retransmissions_refused_total", dimensions: [("reason", "duplicate")])
    let overBudgetRetransmissions = Counter(
        label: "hypercube_rtp_retransmissions_refused_total", dimensions: [("reason", "budget")])
    let keyframeRequests = Counter(label: "hypercube_keyframe_requests_total")
    let refusedKeyframeRequests = Counter(label: "hypercube_keyframe_requests_refused_total")
    let badDatagrams = Counter(label: "hypercube_udp_datagrams_rejected_total")
    let datagramsSent = Counter(label: "hypercube_udp_datagrams_sent_total")
    let reportedLoss = Recorder(label: "hypercube_viewer_reported_fraction_lost")
    let layerSwitches = Counter(label: "hypercube_viewer_layer_switches_total")
    let xrPoses = Counter(label: "hypercube_xr_poses_received_total")
    let xrDroppedMessages = Dictionary(
        uniqueKeysWithValues: XRMessage.Rejection.allCases.map {
            ($0, Counter(label: "hypercube_xr_messages_dropped_total", dimensions: [("reason", $0.rawValue)]))
        })
    /// Pose sample → first drawn, as XR viewers report it (their clock).
    let xrMotionToPhoton = Metrics.Timer(label: "hypercube_xr_motion_to_photon_seconds")
    /// Pose received → the frame's last packet handed to the socket (server clock).
    let xrPoseToWire = Metrics.Timer(label: "hypercube_xr_pose_to_wire_seconds")
    let xrResidualRotation = Recorder(label: "hypercube_xr_residual_rotation_degrees")
    let xrRepeatedFrames = Counter(label: "hypercube_xr_repeated_frames_total")

    /// Seconds from the router's clock (`now`) to Unix time, for the wall-clock time sender reports carry.
    let unixTimeOffset: Double

    /// - Parameters:
    ///   - transmitter: Where the router's datagrams go.
    ///   - identities: Where ICE restarts get their credentials and ETags.
    ///   - unixTimeOffset: Unix time minus `now`'s clock; by default measured once, here.
    init(
        configuration: SFUConfiguration, logger: Logger, transmitter: any MediaTransmitter,
        identities: ViewerIdentities = .random,
        unixTimeOffset: Double = Date().timeIntervalSince1970 - MediaRouter.now()
    ) {
        self.configuration = configuration
        self.logger = logger
        self.transmitter = transmitter
        self.identities = identities
        self.unixTimeOffset = unixTimeOffset
    }

    /// The clock the driver stamps the router's inputs with: monotonic seconds.
    static func now() -> Double {
        Double(NIODeadline.now().uptimeNanoseconds) / 1e9
    }

    // MARK: sessions and viewers

    /// Adds a session's track; a `relayed` one (frames pulled from another node at `framesPerSecond`) replays the
    /// frames since its latest keyframe to a joining viewer.
    func addTrack(sessionID: String, ssrc: UInt32, codec: VideoCodec, relayed framesPerSecond: Double? = nil) {
        tracks[sessionID] = VideoTrack(ssrc: ssrc, codec: codec, metrics: SessionMetrics(sessionID: sessionID))
        if let framesPerSecond {
            tracks[sessionID]?.replaysOnJoin = true
            tracks[sessionID]?.maximumReplayFrames = max(1, Int(framesPerSecond.rounded()))
        }
        audioTracks[sessionID] = AudioTrack(ssrc: ssrc &+ 1)
        sessionViewers[sessionID] = []
    }

    /// Adds an XR viewer's own track (its SSRC was in the viewer's answer); `addViewer` then makes it its only viewer.
    /// Its series on `/metrics` are labelled with the track key.
    func addXRTrack(key: String, ssrc: UInt32, codec: VideoCodec) {
        tracks[key] = VideoTrack(
            ssrc: ssrc, codec: codec, metrics: SessionMetrics(sessionID: key, countsViewers: false))
    }

    func removeSession(_ sessionID: String) {
        for id in sessionViewers[sessionID] ?? [] { removeViewer(id, reason: "session ended") }
        sessionViewers[sessionID] = nil
        tracks.removeValue(forKey: sessionID)?.metrics.destroy()
        audioTracks[sessionID] = nil
    }

    /// The session's `hypercube_viewers` gauge, after a viewer joined or left.
    private func recordViewerCount(sessionID: String) {
        tracks[sessionID]?.metrics.viewers?.record(viewerCount(sessionID: sessionID))
    }

    func viewerCount(sessionID: String) -> Int {
        sessionViewers[sessionID]?.count ?? 0
    }

    func hasViewer(_ id: String, sessionID: String) -> Bool {
        viewers[id]?.sessionID == sessionID
    }

    /// Viewers from `client` that have not connected yet (ICE or DTLS unfinished).
    func pendingViewerCount(client: String) -> Int {
        viewers.values.reduce(0) { count, viewer in
            count + (viewer.client == client && viewer.state == .connecting ? 1 : 0)
        }
    }

    func ssrc(sessionID: String) -> UInt32? {
        tracks[sessionID]?.ssrc
    }

    func negotiatedVideo(of viewerID: String) -> NegotiatedTrack? {
        viewers[viewerID]?.negotiated.video
    }

    func codec(sessionID: String) -> VideoCodec? {
        tracks[sessionID]?.codec
    }

    func addViewer(_ viewer: Viewer) {
        viewers[viewer.id] = viewer
        if viewer.xr != nil {
            xrViewers[viewer.trackKey] = viewer
            tracks[viewer.trackKey]?.playoutDelayExtensionID = viewer.negotiated.video.playoutDelayExtensionID
        }
        viewersByUfrag[viewer.ice.local.ufrag] = viewer
        sessionViewers[viewer.sessionID, default: []].insert(viewer.id)
        recordViewerCount(sessionID: viewer.sessionID)
        logger.info("viewer joined", metadata: ["session": "\(viewer.sessionID)", "viewer": "\(viewer.id)"])
    }

    /// Starts an ICE restart (RFC 8445 §9) for a viewer: new local credentials, the viewer's new ones, a new
    /// ETag. DTLS and SRTP carry on, and media keeps going to the current address until checks with the new
    /// credentials select one; a restart that selects nothing within the ICE timeout removes the viewer.
    func restartICE(viewerID: String, sessionID: String, remote: ICECredentials, now: Double)
        -> (local: ICECredentials, etag: String)?
    {
        guard let viewer = viewers[viewerID], viewer.sessionID == sessionID, viewer.state != .closed else { return nil }
        let local = identities.iceCredentials()
        viewersByUfrag[viewer.ice.local.ufrag] = nil
        viewer.ice = ICELiteAgent(local: local, remote: remote)
        syncICERoutes(of: viewer, source: nil)
        viewersByUfrag[local.ufrag] = viewer
        viewer.remoteICE = remote
        viewer.iceRestartedAt = now
        viewer.etag = identities.etag()
        logger.info("ICE restart", metadata: ["session": "\(sessionID)", "viewer": "\(viewerID)"])
        return (local, viewer.etag)
    }

    func removeViewer(_ id: String, reason: String) {
        guard let viewer = viewers.removeValue(forKey: id) else { return }
        if viewer.state == .connected, let address = viewer.socketAddress {
            for case .send(let datagram) in viewer.dtls.close() { send(datagram, to: address, on: viewer.socket) }
            transmitter.flush()
        }
        viewer.state = .closed
        viewersByUfrag[viewer.ice.local.ufrag] = nil
        if let address = viewer.socketAddress, viewersByAddress[address] === viewer {
            viewersByAddress[address] = nil
        }
        forgetICERoutes(of: viewer)
        if let timeline = viewer.joinTimeline {
            viewer.joinTimeline = nil
            joinTraced(timeline, "left before its first keyframe: \(reason)")
        }
        sessionViewers[viewer.sessionID]?.remove(id)
        tracks[viewer.trackKey]?.keyframeRequests.forget(viewerID: id)
        if let xr = viewer.xr {
            xr.poseSocket?.finish()
            xrViewers[viewer.trackKey] = nil
            tracks.removeValue(forKey: viewer.trackKey)?.metrics.destroy()
            xrTrackEnded(viewer.trackKey)
        }
        recordViewerCount(sessionID: viewer.sessionID)
        logger.info(
            "viewer left: \(reason)",
            metadata: [
                "session": "\(viewer.sessionID)", "viewer": "\(id)", "packets": "\(viewer.packetsSent)",
                "dropped": "\(viewer.packetsDropped)", "nacks": "\(viewer.nacksReceived)",
            ]
        )
    }

    // MARK: DTLS

    func handle(_ events: [DTLSTransport.Event], viewer: Viewer, now: Double) {
        for event in events {
            switch event {
            case .send(let datagram):
                if let address = viewer.socketAddress { send(datagram, to: address, on: viewer.socket) }
            case .connected(let keys):
                do {
                    viewer.srtp = try SRTPSession(keys: keys)
                    viewer.state = .connected
                    viewer.awaitingKeyframe = true
                    viewer.joinTimeline?.dtlsConnected = now
                    logger.info(
                        "viewer connected (\(keys.profile.rawValue))",
                        metadata: ["session": "\(viewer.sessionID)", "viewer": "\(viewer.id)"]
                    )
                    if !replayForJoiningViewer(viewer, now: now) {
                        keyframeForJoiningViewer(trackKey: viewer.trackKey, now: now)
                    }
                    startDataChannels(of: viewer, now: now)
                } catch {
                    removeViewer(viewer.id, reason: "SRTP setup failed: \(error)")
                }
            case .applicationData(let packet):
                receiveSCTP(packet, viewer: viewer, now: now)
            case .failed(let error):
                removeViewer(viewer.id, reason: "DTLS failed: \(error)")
            case .closed:
                removeViewer(viewer.id, reason: "DTLS closed by the viewer")
            }
        }
        transmitter.flush()
    }

    /// Sends a viewer that just connected to a relayed track the packets since the latest keyframe, so it decodes at
    /// once; false when there is nothing to replay.
    private func replayForJoiningViewer(_ viewer: Viewer, now: Double) -> Bool {
        guard viewer.xr == nil, let packets = tracks[viewer.trackKey]?.replayFromKeyframe() else { return false }
        viewer.awaitingKeyframe = false
        account(sendRTP(packets[...], to: viewer, payloadType: viewer.videoPayloadType))
        sentFirstKeyframe(to: viewer, now: now)
        return true
    }

    /// The viewer's first keyframe left: its join is complete.
    func sentFirstKeyframe(to viewer: Viewer, now: Double) {
        guard var timeline = viewer.joinTimeline else { return }
        viewer.joinTimeline = nil
        timeline.firstKeyframe = now
        joinTraced(timeline, nil)
    }

    /// A keyframe at once for a viewer that just connected.
    private func keyframeForJoiningViewer(trackKey: String, now: Double) {
        tracks[trackKey]?.keyframeRequests.viewerJoined(now: now)
        requestKeyframe(trackKey)
    }

    // MARK: outbound

    /// Queues `bytes` to `address` on media socket `socket`, unflushed.
    func send(_ bytes: [UInt8], to address: SocketAddress, on socket: Int) {
        transmitter.queue(ByteBuffer(bytes: bytes), to: address, on: socket, segmentSize: nil)
    }

    // MARK: timers

    /// Runs every 100 ms: pending-viewer, connection and consent timeouts, consent checks, DTLS retransmissions,
    /// sender reports, keyframes owed to requests that arrived inside the session's quiet interval.
    func tick(now: Double) {
        egress.sample(now: now)
        for viewer in Array(viewers.values) {
            switch viewer.state {
            case .connecting:
                if viewer.socketAddress == nil, now - viewer.createdAt > configuration.pendingViewerTimeout {
                    removeViewer(
                        viewer.id, reason: "no address answered ICE within \(configuration.pendingViewerTimeout) s")
                    continue
                }
                if now - viewer.createdAt > configuration.iceTimeout {
                    removeViewer(viewer.id, reason: "did not connect within \(configuration.iceTimeout) s")
                    continue
                }
                tickICE(of: viewer, now: now)
                if let timeout = viewer.dtls.timeout, timeout <= 0 {
                    handle(viewer.dtls.handleTimeout(), viewer: viewer, now: now)
                }
            case .connected:
                if let restarted = viewer.iceRestartedAt, now - restarted > configuration.iceTimeout {
                    removeViewer(viewer.id, reason: "ICE restart did not complete within \(configuration.iceTimeout) s")
                    continue
                }
                tickICE(of: viewer, now: now)
                if viewer.ice.consentExpired(now: now) {
                    removeViewer(viewer.id, reason: "consent expired")
                    continue
                }
                if now - viewer.lastSenderReportAt >= 1 {
                    sendSenderReport(to: viewer, now: now)
                }
                if let track = tracks[viewer.trackKey] { adaptLayers(of: viewer, to: track, now: now) }
                tickDataChannels(of: viewer, now: now)
            case .closed:
                continue
            }
        }
        for (sessionID, var track) in tracks {
            if track.keyframeRequests.keyframeDue(now: now) { requestKeyframe(sessionID) }
            tracks[sessionID] = track
        }
        transmitter.flush()
    }

    func closeAll() {
        for id in Array(viewers.keys) { removeViewer(id, reason: "server shutting down") }
    }

    func frameTimings(sessionID: String) -> FrameTimingSummary? {
        tracks[sessionID]?.timings.summary
    }

    func summary(of id: String) -> ViewerSummary? {
        viewers[id].map(ViewerSummary.init)
    }

    func viewerSummaries(sessionID: String) -> [ViewerSummary] {
        (sessionViewers[sessionID] ?? []).compactMap { viewers[$0] }.map(ViewerSummary.init)
    }
}
