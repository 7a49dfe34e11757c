import Foundation
import HyperMedia
import HyperRTC
import Logging
import Metrics
import NIOCore

/// Everything the media socket does, confined to its event loop: demultiplexes datagrams (RFC 7983) to
/// viewers by remote address or ICE username, drives each viewer's ICE-lite, DTLS and SRTP, answers NACKs within
/// each viewer's retransmission budget, weighs PLI/FIR with the session's keyframe request policy, and fans every
/// encoded frame out to the session's connected viewers.
final class MediaRouter {
    let configuration: SFUConfiguration
    let logger: Logger
    var channel: (any Channel)?
    var requestKeyframe: (String) -> Void = { _ in }
    var viewerCountChanged: (String, Int) -> Void = { _, _ in }

    private var viewers: [String: Viewer] = [:]
    private var viewersByUfrag: [String: Viewer] = [:]
    private var viewersByAddress: [SocketAddress: Viewer] = [:]
    private var sessionViewers: [String: Set<String>] = [:]
    private var tracks: [String: VideoTrack] = [:]
    private var audioTracks: [String: AudioTrack] = [:]
    private(set) var unroutableDatagrams = 0
    let writer = SRTPDatagramWriter(segmentation: false)
    /// Queued bytes after which `deliver` flushes mid-frame, so that one frame to many viewers never fills the
    /// channel's write buffer (4 MiB high-water mark) before anything reached the socket.
    static let flushThreshold = 256 << 10
    /// How far above the stream's rate a viewer's estimate may grow (GCC: 1.5× what is sent).
    static let estimateHeadroom = 1.5

    private let packetsSent = Counter(label: "hypercube_rtp_packets_sent_total")
    private let bytesSent = Counter(label: "hypercube_rtp_bytes_sent_total")
    private let packetsDropped = Counter(label: "hypercube_rtp_packets_dropped_total")
    private let nacks = Counter(label: "hypercube_nacks_received_total")
    private let retransmissions = Counter(label: "hypercube_rtp_retransmissions_total")
    private let ignoredNACKs = Counter(label: "hypercube_nacks_ignored_total")
    private let duplicateRetransmissions = Counter(
        label: "hypercube_rtp_retransmissions_refused_total", dimensions: [("reason", "duplicate")])
    private let overBudgetRetransmissions = Counter(
        label: "hypercube_rtp_retransmissions_refused_total", dimensions: [("reason", "budget")])
    private let keyframeRequests = Counter(label: "hypercube_keyframe_requests_total")
    private let refusedKeyframeRequests = Counter(label: "hypercube_keyframe_requests_refused_total")
    private let badDatagrams = Counter(label: "hypercube_udp_datagrams_rejected_total")
    private let datagramsSent = Counter(label: "hypercube_udp_datagrams_sent_total")
    private let reportedLoss = Recorder(label: "hypercube_viewer_reported_fraction_lost")
    private let layerSwitches = Counter(label: "hypercube_viewer_layer_switches_total")

    init(configuration: SFUConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    static func now() -> Double {
        Double(NIODeadline.now().uptimeNanoseconds) / 1e9
    }

    // MARK: sessions and viewers

    func addTrack(sessionID: String, ssrc: UInt32, codec: VideoCodec) {
        tracks[sessionID] = VideoTrack(ssrc: ssrc, codec: codec, metrics: SessionMetrics(sessionID: sessionID))
        audioTracks[sessionID] = AudioTrack(ssrc: ssrc &+ 1)
        sessionViewers[sessionID] = []
    }

    func removeSession(_ sessionID: String) {
        for id in sessionViewers[sessionID] ?? [] { removeViewer(id, reason: "session ended") }
        sessionViewers[sessionID] = nil
        tracks[sessionID] = nil
        audioTracks[sessionID] = nil
    }

    func viewerCount(sessionID: String) -> Int {
        sessionViewers[sessionID]?.count ?? 0
    }

    func hasViewer(_ id: String, sessionID: String) -> Bool {
        viewers[id]?.sessionID == sessionID
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
        viewersByUfrag[viewer.ice.local.ufrag] = viewer
        sessionViewers[viewer.sessionID, default: []].insert(viewer.id)
        viewerCountChanged(viewer.sessionID, viewerCount(sessionID: viewer.sessionID))
        logger.info("viewer joined", metadata: ["session": "\(viewer.sessionID)", "viewer": "\(viewer.id)"])
    }

    /// Starts an ICE restart (RFC 8445 §9) for a viewer: new local credentials, the viewer's new ones, a new
    /// ETag. DTLS and SRTP carry on, and media keeps going to the current address until checks with the new
    /// credentials select one; a restart that selects nothing within the ICE timeout removes the viewer.
    func restartICE(viewerID: String, sessionID: String, remote: ICECredentials, now: Double)
        -> (local: ICECredentials, etag: String)?
    {
        guard let viewer = viewers[viewerID], viewer.sessionID == sessionID, viewer.state != .closed else { return nil }
        let local = ICECredentials.random()
        viewersByUfrag[viewer.ice.local.ufrag] = nil
        viewer.ice = ICELiteAgent(local: local, remote: remote)
        viewersByUfrag[local.ufrag] = viewer
        viewer.remoteICE = remote
        viewer.iceRestartedAt = now
        viewer.etag = "\"\(UUID().uuidString.prefix(8).lowercased())\""
        logger.info("ICE restart", metadata: ["session": "\(sessionID)", "viewer": "\(viewerID)"])
        return (local, viewer.etag)
    }

    func removeViewer(_ id: String, reason: String) {
        guard let viewer = viewers.removeValue(forKey: id) else { return }
        if viewer.state == .connected, let address = viewer.socketAddress {
            for case .send(let datagram) in viewer.dtls.close() { send(datagram, to: address) }
            channel?.flush()
        }
        viewer.state = .closed
        viewersByUfrag[viewer.ice.local.ufrag] = nil
        if let address = viewer.socketAddress, viewersByAddress[address] === viewer {
            viewersByAddress[address] = nil
        }
        sessionViewers[viewer.sessionID]?.remove(id)
        tracks[viewer.sessionID]?.keyframeRequests.forget(viewerID: id)
        viewerCountChanged(viewer.sessionID, viewerCount(sessionID: viewer.sessionID))
        logger.info(
            "viewer left: \(reason)",
            metadata: [
                "session": "\(viewer.sessionID)", "viewer": "\(id)", "packets": "\(viewer.packetsSent)",
                "dropped": "\(viewer.packetsDropped)", "nacks": "\(viewer.nacksReceived)",
            ]
        )
    }

    // MARK: inbound datagrams

    func receive(_ bytes: [UInt8], from address: SocketAddress) {
        let kind = PacketKind.classify(bytes)
        var viewer = viewersByAddress[address]
        if viewer == nil, kind == .stun, let ufrag = ICELiteAgent.localUfrag(inRequest: bytes) {
            viewer = viewersByUfrag[ufrag]
        }
        guard let viewer else {
            unroutableDatagrams += 1
            badDatagrams.increment()
            return
        }
        let now = Self.now()
        switch kind {
        case .stun:
            handleSTUN(bytes, from: address, viewer: viewer, now: now)
        case .dtls:
            guard viewer.socketAddress == address else { return }
            handle(viewer.dtls.receive(bytes), viewer: viewer)
        case .rtcp:
            handleRTCP(bytes, viewer: viewer, now: now)
        case .rtp, .unknown:
            badDatagrams.increment()
        }
    }

    private func handleSTUN(_ bytes: [UInt8], from address: SocketAddress, viewer: Viewer, now: Double) {
        let remote = RTCAddress(host: address.ipAddress ?? "", port: address.port ?? 0)
        for action in viewer.ice.receive(bytes, from: remote, now: now) {
            switch action {
            case .send(let response, _):
                send(response, to: address)
                channel?.flush()
            case .selected:
                viewer.iceRestartedAt = nil
                if let previous = viewer.socketAddress, viewersByAddress[previous] === viewer {
                    viewersByAddress[previous] = nil
                }
                viewer.socketAddress = address
                viewersByAddress[address] = viewer
            case .rejected(let reason):
                badDatagrams.increment()
                logger.debug("STUN rejected: \(reason)", metadata: ["viewer": "\(viewer.id)"])
            }
        }
    }

    private func handle(_ events: [DTLSTransport.Event], viewer: Viewer) {
        for event in events {
            switch event {
            case .send(let datagram):
                if let address = viewer.socketAddress { send(datagram, to: address) }
            case .connected(let keys):
                do {
                    viewer.srtp = try SRTPSession(keys: keys)
                    viewer.state = .connected
                    viewer.awaitingKeyframe = true
                    logger.info(
                        "viewer connected (\(keys.profile.rawValue))",
                        metadata: ["session": "\(viewer.sessionID)", "viewer": "\(viewer.id)"]
                    )
                    keyframeForJoiningViewer(sessionID: viewer.sessionID, now: Self.now())
                } catch {
                    removeViewer(viewer.id, reason: "SRTP setup failed: \(error)")
                }
            case .failed(let error):
                removeViewer(viewer.id, reason: "DTLS failed: \(error)")
            case .closed:
                removeViewer(viewer.id, reason: "DTLS closed by the viewer")
            }
        }
        channel?.flush()
    }

    private func handleRTCP(_ bytes: [UInt8], viewer: Viewer, now: Double) {
        guard let srtp = viewer.srtp, let plain = try? srtp.unprotectRTCP(bytes),
            let packets = try? RTCPPacket.parseCompound(plain), var track = tracks[viewer.sessionID]
        else {
            badDatagrams.increment()
            return
        }
        for packet in packets {
            switch packet {
            case .genericNACK(_, let mediaSSRC, let lost):
                viewer.nacksReceived += 1
                nacks.increment()
                answerNACK(mediaSSRC: mediaSSRC, lost: lost, viewer: viewer, track: track, now: now)
            case .pictureLossIndication(_, let mediaSSRC):
                requestKeyframe(from: viewer, mediaSSRC: mediaSSRC, track: &track, now: now)
            case .fullIntraRequest(_, let requests):
                let named = requests.contains { $0.ssrc == track.ssrc } ? track.ssrc : requests.first?.ssrc ?? 0
                requestKeyframe(from: viewer, mediaSSRC: named, track: &track, now: now)
            case .receiverEstimatedMaximumBitrate(_, let bitrate, _):
                viewer.estimator.onREMB(bitrate: Int(clamping: bitrate), now: now)
                logger.debug(
                    "REMB \(bitrate) bit/s, estimate \(viewer.estimator.estimate)",
                    metadata: ["viewer": "\(viewer.id)"])
            case .receiverReport(let report):
                for block in report.reports where block.ssrc == track.ssrc {
                    let fraction = Double(block.fractionLost) / 256
                    viewer.estimator.onLoss(fractionLost: fraction, now: now)
                    reportedLoss.record(fraction)
                }
            default:
                break
            }
        }
        adaptLayers(of: viewer, to: track, now: now)
        tracks[viewer.sessionID] = track
        channel?.flush()
    }

    /// Weighs a viewer's PLI or FIR with the session's `KeyframeRequestPolicy`.
    private func requestKeyframe(from viewer: Viewer, mediaSSRC: UInt32, track: inout VideoTrack, now: Double) {
        viewer.keyframeRequests += 1
        keyframeRequests.increment()
        switch track.keyframeRequests.request(from: viewer.id, mediaSSRC: mediaSSRC, now: now) {
        case .keyframe: requestKeyframe(viewer.sessionID)
        case .owed: break
        case .tooSoon, .unknownSSRC: refusedKeyframeRequests.increment()
        }
    }

    /// Resends what the viewer's `NackResponder` allows of the packets a NACK names.
    private func answerNACK(mediaSSRC: UInt32, lost: [UInt16], viewer: Viewer, track: VideoTrack, now: Double) {
        let outcome = viewer.nackResponder.respond(
            mediaSSRC: mediaSSRC, lost: lost, now: now, streamBytesPerSecond: Double(track.rates.rates(now: now).all) / 8,
            keyframeBytes: track.lastKeyframeBytes
        ) { sequence in
            guard let original = viewer.originalSequenceNumber(of: sequence),
                let bytes = track.retransmissions.packet(sequenceNumber: original)
            else { return nil }
            return (original, bytes)
        }
        if outcome.ignored {
            ignoredNACKs.increment()
            return
        }
        if outcome.duplicates > 0 { duplicateRetransmissions.increment(by: outcome.duplicates) }
        if outcome.overBudget > 0 { overBudgetRetransmissions.increment(by: outcome.overBudget) }
        viewer.retransmissionsRefused += outcome.refused
        guard !outcome.resends.isEmpty else { return }
        viewer.retransmitted += outcome.resends.count
        retransmissions.increment(by: outcome.resends.count)
        for resend in outcome.resends {
            account(
                sendRTP(
                    [resend.packet][...], to: viewer, payloadType: viewer.videoPayloadType,
                    sequenceOffset: resend.sequenceOffset))
        }
    }

    /// Weighs the viewer's bandwidth estimate against what the stream sends (`TemporalLayerPolicy`): a viewer that
    /// cannot take the whole stream gets the base layer only. The encoder and the other viewers are not affected.
    private func adaptLayers(of viewer: Viewer, to track: VideoTrack, now: Double) {
        let rates = track.rates.rates(now: now)
        guard rates.all > 0 else { return }
        viewer.estimator.limitGrowth(to: Int(Self.estimateHeadroom * Double(rates.all)))
        guard track.rates.highestLayer > 0 else { return }
        let estimate = viewer.estimator.estimate
        guard
            let change = viewer.layers.update(
                estimate: Double(estimate), streamRate: Double(rates.all), baseRate: Double(rates.base), now: now)
        else { return }
        viewer.layerSwitches += 1
        layerSwitches.increment()
        logger.info(
            change == .heldToBase ? "viewer held to the base layer" : "viewer sent every layer again",
            metadata: [
                "session": "\(viewer.sessionID)", "viewer": "\(viewer.id)", "estimate": "\(estimate)",
                "streamBitrate": "\(rates.all)", "baseBitrate": "\(rates.base)",
                "raiseDelay": "\(viewer.layers.raiseDelay)",
            ]
        )
    }

    // MARK: outbound media

    /// Fans one encoded frame out to the session's connected viewers: packetized once, then per viewer only SRTP and
    /// the send. Records glass-to-wire: the frame's render start to its last packet handed to the socket.
    func deliver(_ frame: EncodedFrame, timing: SessionFrameTiming, sessionID: String) {
        guard var track = tracks[sessionID] else { return }
        let now = Self.now()
        let packets = track.packetize(frame, now: now)
        var total = SRTPDatagramWriter.Result()
        var unflushed = 0
        for id in sessionViewers[sessionID] ?? [] {
            guard let viewer = viewers[id], viewer.state == .connected else { continue }
            if viewer.awaitingKeyframe {
                guard frame.isKeyframe else { continue }
                viewer.awaitingKeyframe = false
            }
            if frame.temporalLayer > viewer.layers.maximumLayer {
                if let first = packets.first {
                    viewer.skipFrame(first: VideoTrack.sequenceNumber(of: first), packets: packets.count)
                }
                continue
            }
            if viewer.renumbers {
                for packet in packets { viewer.recordSent(original: VideoTrack.sequenceNumber(of: packet)) }
            }
            let result = sendRTP(
                packets[...], to: viewer, payloadType: viewer.videoPayloadType, sequenceOffset: viewer.sequenceOffset)
            total.add(result)
            unflushed += result.bytes
            if unflushed >= Self.flushThreshold {
                channel?.flush()
                unflushed = 0
            }
        }
        channel?.flush()
        account(total)
        let end = NIODeadline.now().uptimeNanoseconds
        let nanoseconds = end > timing.renderStartUptimeNanoseconds ? end - timing.renderStartUptimeNanoseconds : 0
        track.metrics.record(isKeyframe: frame.isKeyframe, timing: timing, glassToWireNanoseconds: nanoseconds)
        track.timings.record(
            glassToWireMilliseconds: Double(nanoseconds) / 1e6,
            renderMilliseconds: timing.renderMilliseconds,
            encodeMilliseconds: timing.encodeMilliseconds
        )
        tracks[sessionID] = track
    }

    /// Sends one Opus packet to every connected viewer of the session that negotiated audio.
    func deliverAudio(_ packet: AudioPacket, sessionID: String) {
        guard var track = audioTracks[sessionID] else { return }
        let bytes = track.packetize(packet, now: Self.now())
        audioTracks[sessionID] = track
        let packets = [bytes]
        var total = SRTPDatagramWriter.Result()
        for id in sessionViewers[sessionID] ?? [] {
            guard let viewer = viewers[id], viewer.state == .connected, !viewer.awaitingKeyframe,
                let audio = viewer.negotiated.audio
            else { continue }
            total.add(sendRTP(packets[...], to: viewer, payloadType: UInt8(audio.payloadType)))
        }
        channel?.flush()
        account(total)
    }

    func frameTimings(sessionID: String) -> FrameTimingSummary? {
        tracks[sessionID]?.timings.summary
    }

    /// A keyframe at once for a viewer that just connected.
    private func keyframeForJoiningViewer(sessionID: String, now: Double) {
        tracks[sessionID]?.keyframeRequests.viewerJoined(now: now)
        requestKeyframe(sessionID)
    }

    /// Queues `packets` to one viewer with its payload type and SRTP keys, unflushed; drops them all while the
    /// socket's write buffer is over its high-water mark, so a stalled socket sheds load instead of queueing it.
    private func sendRTP(
        _ packets: ArraySlice<[UInt8]>, to viewer: Viewer, payloadType: UInt8, sequenceOffset: UInt16 = 0
    ) -> SRTPDatagramWriter.Result {
        guard let srtp = viewer.srtp, let address = viewer.socketAddress, let channel else { return .init() }
        guard channel.isWritable else {
            viewer.packetsDropped += packets.count
            return .init(failed: packets.count)
        }
        let result = writer.write(
            packets, payloadType: payloadType, sequenceOffset: sequenceOffset, srtp: srtp, to: address, on: channel)
        viewer.packetsSent &+= UInt32(truncatingIfNeeded: result.packets)
        viewer.octetsSent &+= UInt32(truncatingIfNeeded: result.payloadBytes)
        viewer.packetsDropped += result.failed
        return result
    }

    /// Adds what a fan-out queued to the server's counters, once per frame rather than per packet.
    private func account(_ result: SRTPDatagramWriter.Result) {
        if result.packets > 0 { packetsSent.increment(by: result.packets) }
        if result.bytes > 0 { bytesSent.increment(by: result.bytes) }
        if result.datagrams > 0 { datagramsSent.increment(by: result.datagrams) }
        if result.failed > 0 { packetsDropped.increment(by: result.failed) }
    }

    private func send(_ bytes: [UInt8], to address: SocketAddress) {
        guard let channel else { return }
        let buffer = channel.allocator.buffer(bytes: bytes)
        channel.write(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    // MARK: timers

    /// Runs every 100 ms: DTLS retransmissions, connection and consent timeouts, sender reports, keyframes
    /// owed to requests that arrived inside a debounce window.
    func tick() {
        let now = Self.now()
        for viewer in Array(viewers.values) {
            switch viewer.state {
            case .connecting:
                if now - viewer.createdAt > configuration.iceTimeout {
                    removeViewer(viewer.id, reason: "did not connect within \(configuration.iceTimeout) s")
                    continue
                }
                if let timeout = viewer.dtls.timeout, timeout <= 0 {
                    handle(viewer.dtls.handleTimeout(), viewer: viewer)
                }
            case .connected:
                if let restarted = viewer.iceRestartedAt, now - restarted > configuration.iceTimeout {
                    removeViewer(viewer.id, reason: "ICE restart did not complete within \(configuration.iceTimeout) s")
                    continue
                }
                if viewer.ice.consentExpired(now: now) {
                    removeViewer(viewer.id, reason: "consent expired")
                    continue
                }
                if now - viewer.lastSenderReportAt >= 1 {
                    sendSenderReport(to: viewer, now: now)
                }
                if let track = tracks[viewer.sessionID] { adaptLayers(of: viewer, to: track, now: now) }
            case .closed:
                continue
            }
        }
        for (sessionID, var track) in tracks {
            if track.keyframeRequests.keyframeDue(now: now) { requestKeyframe(sessionID) }
            tracks[sessionID] = track
        }
        channel?.flush()
    }

    private func sendSenderReport(to viewer: Viewer, now: Double) {
        guard let track = tracks[viewer.sessionID], let srtp = viewer.srtp, let address = viewer.socketAddress else {
            return
        }
        viewer.lastSenderReportAt = now
        let report = SenderReport(
            ssrc: track.ssrc,
            ntpTimestamp: Self.ntpTimestamp(Date()),
            rtpTimestamp: track.rtpTimestamp(at: now),
            packetCount: viewer.packetsSent,
            octetCount: viewer.octetsSent,
            reports: []
        )
        var reports = [RTCPPacket.senderReport(report)]
        if viewer.negotiated.audio != nil, let audio = audioTracks[viewer.sessionID], audio.started {
            reports.append(
                .senderReport(
                    SenderReport(
                        ssrc: audio.ssrc,
                        ntpTimestamp: report.ntpTimestamp,
                        rtpTimestamp: audio.rtpTimestamp(at: now),
                        packetCount: 0,
                        octetCount: 0,
                        reports: []
                    )
                )
            )
        }
        guard let protected = try? srtp.protectRTCP(RTCPPacket.compound(reports)) else { return }
        send(protected, to: address)
    }

    /// NTP format: seconds since 1900 in the high 32 bits, fraction in the low 32.
    static func ntpTimestamp(_ date: Date) -> UInt64 {
        let seconds = date.timeIntervalSince1970 + 2_208_988_800
        let whole = UInt64(seconds)
        let fraction = UInt64((seconds - Double(whole)) * 4_294_967_296)
        return whole << 32 | fraction
    }

    func closeAll() {
        for id in Array(viewers.keys) { removeViewer(id, reason: "server shutting down") }
    }

    func summary(of id: String) -> ViewerSummary? {
        viewers[id].map(ViewerSummary.init)
    }

    func viewerSummaries(sessionID: String) -> [ViewerSummary] {
        (sessionViewers[sessionID] ?? []).compactMap { viewers[$0] }.map(ViewerSummary.init)
    }
}

/// A viewer as the control plane reports it.
public struct ViewerSummary: Sendable, Equatable {
    public var id: String
    public var etag: String
    /// The viewer's ICE username fragment from its offer; a PATCH carrying another one is an ICE restart.
    public var remoteUfrag: String
    public var state: String
    public var packetsSent: Int
    public var packetsDropped: Int
    public var nacksReceived: Int
    public var retransmitted: Int
    /// NACKed packets not resent: asked for again within 100 ms, or over the viewer's retransmission budget.
    public var retransmissionsRefused: Int
    public var keyframeRequests: Int
    public var estimatedBitrate: Int
    /// The highest temporal layer the viewer is sent; nil for all of them.
    public var maximumTemporalLayer: Int?
    public var layerSwitches: Int
    /// Frames not sent to this viewer because their layer was above its maximum.
    public var framesSkipped: Int

    init(_ viewer: Viewer) {
        id = viewer.id
        etag = viewer.etag
        remoteUfrag = viewer.remoteICE.ufrag
        state = viewer.state.rawValue
        packetsSent = Int(viewer.packetsSent)
        packetsDropped = viewer.packetsDropped
        nacksReceived = viewer.nacksReceived
        retransmitted = viewer.retransmitted
        retransmissionsRefused = viewer.retransmissionsRefused
        keyframeRequests = viewer.keyframeRequests
        estimatedBitrate = viewer.estimator.estimate
        maximumTemporalLayer = viewer.layers.heldToBase ? 0 : nil
        layerSwitches = viewer.layerSwitches
        framesSkipped = viewer.framesSkipped
    }
}
