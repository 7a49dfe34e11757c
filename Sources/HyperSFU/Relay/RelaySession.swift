public import Foundation
import HyperMedia
import HyperRTC
import HyperViewer
import Logging
import Metrics
import NIOCore
import NIOPosix
import Synchronization

/// A session rendered on another node, pulled from it as one WHEP viewer and fanned out to this node's viewers as if
/// it were rendered here: the frames are reassembled and handed to the same fan-out (its own sequence numbers, its own
/// retransmission buffer, so viewers' NACKs are answered here), viewers' keyframe requests go upstream as a PLI, and
/// loss on the upstream link is NACKed at once; a frame after loss that is not a keyframe is held back until one
/// comes, so no viewer sees a broken picture. When the upstream closes, fails or goes quiet the relay connects again
/// with backoff, to the same node or to the one `retarget` names, while this node's viewers stay connected.
public final class RelaySession: Sendable {
    public let id: String
    /// The session's picture as the owner renders it (for listings and admission; nothing is rendered here).
    public let settings: SessionSettings
    public let createdAt = Date()

    /// What the relay is doing now, for listings and readiness.
    public struct Status: Sendable, Equatable {
        public var upstream: String
        public var connected = false
        public var framesRelayed = 0
        public var framesHeldBack = 0
        /// Opus packets passed on from the upstream.
        public var audioPacketsRelayed = 0
        public var reconnects = 0
        public var lastFrameAt: Date?
        public var lastError: String?

        public init(upstream: String) {
            self.upstream = upstream
        }
    }

    private struct State {
        var upstream: RelayUpstream
        var viewer: LoadViewer?
        var stopped = false
        var awaitingKeyframe = true
        var lastKeyframeRequest = -Double.infinity
        var status: Status
    }

    /// 48 kHz samples in one of the sessions' Opus packets (20 ms).
    static let opusPacketSamples = 960

    /// Seconds without a frame after which the upstream counts as gone.
    static let silenceLimit = 4.0
    /// Seconds between keyframe requests sent upstream.
    static let keyframeRequestInterval = 0.25

    private let state: Mutex<State>
    private let logger: Logger
    private let framesRelayed: Counter
    private let reconnects: Counter
    private let task = Mutex<Task<Void, Never>?>(nil)

    init(id: String, settings: SessionSettings, upstream: RelayUpstream, logger: Logger) {
        self.id = id
        self.settings = settings
        state = Mutex(State(upstream: upstream, status: Status(upstream: upstream.description)))
        var logger = logger
        logger[metadataKey: "session"] = "\(id)"
        logger[metadataKey: "relay"] = "\(upstream)"
        self.logger = logger
        framesRelayed = Counter(label: "hypercube_relay_frames_total", dimensions: [("session", id)])
        reconnects = Counter(label: "hypercube_relay_reconnects_total", dimensions: [("session", id)])
    }

    public var status: Status { state.withLock { $0.status } }
    public var upstream: RelayUpstream { state.withLock { $0.upstream } }

    /// Starts pulling; each frame goes to `deliver` on the upstream viewer's event loop.
    func start(
        group: any EventLoopGroup, certificate: DTLSCertificate,
        deliver: @escaping @Sendable (EncodedFrame, SessionFrameTiming) -> Void,
        deliverAudio: @escaping @Sendable (AudioPacket) -> Void
    ) {
        let run = Task { [self] in
            var backoff = 0.25
            while !Task.isCancelled, !state.withLock({ $0.stopped }) {
                let relayedBefore = status.framesRelayed
                await pullOnce(group: group, certificate: certificate, deliver: deliver, deliverAudio: deliverAudio)
                guard !state.withLock({ $0.stopped }) else { return }
                backoff = status.framesRelayed > relayedBefore ? 0.25 : min(backoff * 2, 2)
                state.withLock { $0.status.reconnects += 1 }
                reconnects.increment()
                try? await Task.sleep(for: .seconds(backoff))
            }
        }
        task.withLock { $0 = run }
    }

    /// Pulls from the upstream now until its viewer closes, fails or goes quiet.
    private func pullOnce(
        group: any EventLoopGroup, certificate: DTLSCertificate,
        deliver: @escaping @Sendable (EncodedFrame, SessionFrameTiming) -> Void,
        deliverAudio: @escaping @Sendable (AudioPacket) -> Void
    ) async {
        let upstream = self.upstream
        let frameDuration = Int64((90_000 / max(settings.framesPerSecond, 1)).rounded())
        do {
            let host = try await LocalAddress.toward(host: upstream.host, port: upstream.port, group: group)
            var client = upstream.client
            client.timeout = 5
            let viewer = try await LoadViewer.connect(
                group: group, certificate: certificate,
                configuration: LoadViewerConfiguration(connectTimeout: 5, forwardsFrames: true), host: host,
                frameSink: { [self] frame, followsLoss in
                    relay(frame, followsLoss: followsLoss, frameDuration: frameDuration, deliver: deliver)
                },
                audioSink: { [self] payload, timestamp in
                    state.withLock { $0.status.audioPacketsRelayed += 1 }
                    // The upstream's RTP timestamp as it is: this node's audio track keeps its clock, so the
                    // sound stays in step with the relayed video's sender reports.
                    deliverAudio(
                        AudioPacket(data: payload, timestamp: Int64(timestamp), duration: Self.opusPacketSamples))
                },
                exchange: client.whepExchange(path: upstream.path))
            let replaced = state.withLock { state -> Bool in
                guard !state.stopped, state.upstream == upstream else { return true }
                state.viewer = viewer
                state.awaitingKeyframe = true
                return false
            }
            if replaced {
                await viewer.close()
                return
            }
            try await viewer.connected()
            state.withLock {
                $0.status.connected = true
                $0.status.lastError = nil
            }
            logger.info("relay connected")
            try? await viewer.requestKeyframe()
            await watch(viewer)
        } catch {
            state.withLock {
                $0.status.lastError = "\(error)"
                $0.status.connected = false
            }
            logger.warning("relay upstream failed: \(error)")
        }
        let viewer = state.withLock { state -> LoadViewer? in
            state.status.connected = false
            defer { state.viewer = nil }
            return state.viewer
        }
        await viewer?.close()
    }

    /// Returns when the viewer closes or fails, or no frame came for `silenceLimit` seconds.
    private func watch(_ viewer: LoadViewer) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await event in viewer.events {
                    switch event {
                    case .closed, .failed: return
                    case .connected, .frame, .retransmission: continue
                    }
                }
            }
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    let quiet = state.withLock { state -> Bool in
                        guard !state.stopped, state.viewer === viewer else { return true }
                        let last = state.status.lastFrameAt ?? Date.distantPast
                        return Date().timeIntervalSince(last) > Self.silenceLimit
                    }
                    if quiet { return }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    private func relay(
        _ frame: VP8Depacketizer.VP8Frame, followsLoss: Bool, frameDuration: Int64,
        deliver: @Sendable (EncodedFrame, SessionFrameTiming) -> Void
    ) {
        let arrival = NIODeadline.now().uptimeNanoseconds
        let forward = state.withLock { state -> Bool in
            if followsLoss { state.awaitingKeyframe = true }
            if frame.isKeyframe { state.awaitingKeyframe = false }
            guard !state.awaitingKeyframe else {
                state.status.framesHeldBack += 1
                return false
            }
            state.status.framesRelayed += 1
            state.status.lastFrameAt = Date()
            return true
        }
        guard forward else {
            requestKeyframe()
            return
        }
        framesRelayed.increment()
        deliver(
            EncodedFrame(
                data: frame.data, pts: Int64(frame.timestamp), duration: frameDuration, isKeyframe: frame.isKeyframe,
                temporalLayer: Int(frame.temporalLayer ?? 0)),
            SessionFrameTiming(renderStartUptimeNanoseconds: arrival, renderMilliseconds: 0, encodeMilliseconds: 0))
    }

    /// Asks the upstream for a keyframe (a viewer here joined or lost one), at most every `keyframeRequestInterval`.
    public func requestKeyframe() {
        let now = Double(NIODeadline.now().uptimeNanoseconds) / 1e9
        let viewer = state.withLock { state -> LoadViewer? in
            guard now - state.lastKeyframeRequest >= Self.keyframeRequestInterval else { return nil }
            state.lastKeyframeRequest = now
            return state.viewer
        }
        guard let viewer else { return }
        Task { try? await viewer.requestKeyframe() }
    }

    /// Pulls from another node from now on (the session moved); this node's viewers stay connected.
    public func retarget(_ upstream: RelayUpstream) {
        let old = state.withLock { state -> LoadViewer? in
            guard state.upstream != upstream else { return nil }
            state.upstream = upstream
            state.status.upstream = upstream.description
            defer { state.viewer = nil }
            return state.viewer
        }
        guard let old else { return }
        logger.info("relay moves to \(upstream)")
        Task { await old.close() }
    }

    /// Stops pulling for good: the upstream viewer closes and the relay's series leave `/metrics`.
    func stop() {
        framesRelayed.destroy()
        reconnects.destroy()
        let viewer = state.withLock { state -> LoadViewer? in
            state.stopped = true
            defer { state.viewer = nil }
            return state.viewer
        }
        task.withLock { $0?.cancel() }
        guard let viewer else { return }
        Task { await viewer.close() }
    }
}
