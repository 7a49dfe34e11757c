import Foundation
import HyperMedia
public import HyperRTC
public import HyperRender
public import Logging
import Metrics
import NIOCore
import NIOPosix
import Synchronization
import Tracing

/// The media side of Hypercube: render sessions, the UDP media port (one socket per local address) all viewers
/// share, and WHEP viewer creation. Safe to call from any thread; socket and viewer state live on one event loop.
public final class MediaServer: Sendable {
    public let configuration: SFUConfiguration
    public let certificate: DTLSCertificate
    let group: MultiThreadedEventLoopGroup
    let loop: any EventLoop
    let router: NIOLoopBoundBox<MediaRouter>
    /// The router's transmitter: the media sockets' channels, which the server binds, installs and rebinds.
    private let sockets: NIOLoopBoundBox<MediaSockets>
    private let sessions = Mutex<[String: StreamSession]>([:])
    /// Sessions rendered on other nodes and relayed here, by session id.
    let relays = Mutex<[String: RelaySession]>([:])
    /// XR viewers' own renders, by their track key (`Viewer.xrTrackKey`).
    private let xrRenders = Mutex<[String: StreamSession]>([:])
    /// Per media socket, whether it is bound now.
    private let bound = Mutex<[Bool]>([])
    /// Per media socket, the local address it is bound to.
    private let socketHosts = Mutex<[String]>([])
    /// The port every media socket binds: `configuration.udpPort`, or the one the kernel chose when that is 0.
    private let boundPort: Mutex<Int>
    /// Media sent over the last two seconds, bits per second (updated every 100 ms from the router).
    private let egress = Mutex(0.0)
    /// Whether `readiness` has answered ready once: from then on a warming session does not hold it back.
    private let everReady = Mutex(false)
    private let socketRebinds = Counter(label: "hypercube_udp_socket_rebinds_total")
    let draining = Mutex(false)
    /// False once the media loop is shutting down, so render and audio threads stop handing it work.
    let loopOpen = Mutex(true)
    private let shutdownRun = Mutex<Task<Void, Never>?>(nil)
    let logger: Logger
    /// The one Vulkan device every render of this server (sessions and XR viewers) shares.
    private let device: SharedVulkanDevice

    public init(configuration: SFUConfiguration, device: DeviceSelection, logger: Logger) throws(RTCError) {
        self.configuration = configuration
        self.boundPort = Mutex(configuration.udpPort)
        self.certificate = try DTLSCertificate.generate()
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.loop = group.next()
        self.logger = logger
        self.device = SharedVulkanDevice(selection: device)
        // The router holds its sockets, so the two cannot be sent to the loop one by one: both are made there, each
        // then boxed for the loop. The loop is new and idle, so the wait is short.
        let loop = self.loop
        (router, sockets) = try! loop.submit {
            let sockets = MediaSockets()
            let router = MediaRouter(configuration: configuration, logger: logger, transmitter: sockets)
            return (NIOLoopBoundBox(router, eventLoop: loop), NIOLoopBoundBox(sockets, eventLoop: loop))
        }.wait()
    }

    /// Binds the media sockets (`MediaSocketAddresses`) and starts the media timers.
    public func start() async throws {
        let router = self.router
        let channels = try await bindSockets()
        var segmentation = false
        if configuration.udpSegmentation {
            if let reason = await UDPSegmentationProbe.run(on: loop) {
                logger.warning("UDP segmentation offload off: \(reason)")
            } else {
                segmentation = true
            }
        }
        for (index, channel) in channels.enumerated() {
            try await install(channel, at: index, segmentation: segmentation)
        }
        try await loop.submit {
            router.value.requestKeyframe = { [weak self] key in
                if let relay = self?.relays.withLock({ $0[key] }) {
                    relay.requestKeyframe()
                } else {
                    (self?.session(key) ?? self?.xrRenders.withLock { $0[key] })?.requestKeyframe()
                }
            }
            router.value.xrTrackEnded = { [weak self] key in
                self?.xrRenders.withLock { $0.removeValue(forKey: key) }?.stop()
            }
            // Spans are made after the fact from the router's times, with whatever tracer the process bootstrapped
            // (none: a no-op).
            router.value.joinTraced = { timeline, failure in
                MediaTraces.join(timeline, failure: failure, clock: .now, tracer: InstrumentationSystem.tracer)
            }
            router.value.frameTraced = { frame in
                MediaTraces.frame(frame, clock: .now, tracer: InstrumentationSystem.tracer)
            }
        }.get()
        let egressGauge = Gauge(label: "hypercube_egress_bits_per_second")
        loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { [weak self] _ in
            router.value.tick(now: MediaRouter.now())
            let rate = router.value.egress.bitsPerSecond
            self?.egress.withLock { $0 = rate }
            egressGauge.record(rate)
        }
        let urls = socketHosts.withLock { $0 }.map { "udp://\(Self.hostForURL($0)):\(udpPort)" }
        logger.info(
            "media sockets bound on \(urls.joined(separator: ", "))", metadata: ["udpSegmentation": "\(segmentation)"])
    }

    /// The media (RTP, audio and retransmissions) this server sent over the last two seconds, in bits per second.
    public var egressBitsPerSecond: Double {
        egress.withLock { $0 }
    }

    /// The UDP port the media sockets are bound to (the kernel's choice when `configuration.udpPort` is 0).
    public var udpPort: Int { boundPort.withLock { $0 } }

    /// The host candidates of answers: every announced host on the bound port.
    var candidates: [RTCAddress] {
        let port = udpPort
        return configuration.announceHosts.map { RTCAddress(host: $0, port: port) }
    }

    /// One socket per address of `MediaSocketAddresses`; a specific address that is not local (an announced public
    /// address) is skipped, any other failure fails the start.
    ///
    /// The port is ours alone. Several sockets on one port need `SO_REUSEADDR`, which on Linux also lets any other
    /// process's `SO_REUSEADDR` socket bind the same port — and take this server's datagrams (the most recently bound
    /// socket receives them), or be handed the port by a bind to port 0. So a single socket binds without it, and a
    /// plan of several first claims the port with a socket without it, which fails if anything holds the port.
    private func bindSockets() async throws -> [any Channel] {
        let planned = MediaSocketAddresses.discover(
            bindHost: configuration.bindHost, announced: configuration.announceHosts)
        let shared = planned.count > 1
        if shared {
            let port = try await claimPort()
            boundPort.withLock { $0 = port }
        }
        var channels: [any Channel] = []
        var hosts: [String] = []
        for host in planned {
            do {
                let channel = try await bindSocket(host: host, index: channels.count, shared: shared)
                if !shared, let port = channel.localAddress?.port { boundPort.withLock { $0 = port } }
                channels.append(channel)
                hosts.append(host)
            } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL && host != configuration.bindHost {
                logger.info("\(host) is not a local address: viewers reaching it arrive on another media socket")
            } catch {
                for channel in channels { try? await channel.close() }
                throw error
            }
        }
        socketHosts.withLock { $0 = hosts }
        bound.withLock { $0 = Array(repeating: false, count: hosts.count) }
        return channels
    }

    /// Binds `configuration.bindHost` on the configured port without `SO_REUSEADDR` and closes it again: the port,
    /// free of every other socket at that moment (the kernel's choice when the configured port is 0).
    private func claimPort() async throws -> Int {
        let probe = try await DatagramBootstrap(group: loop)
            .bind(host: configuration.bindHost, port: configuration.udpPort)
            .get()
        let port = probe.localAddress?.port ?? configuration.udpPort
        try await probe.close()
        return port
    }

    private func bindSocket(host: String, index: Int, shared: Bool) async throws -> any Channel {
        let router = self.router
        return try await DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_reuseaddr), value: shared ? 1 : 0)
            .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
            .channelOption(.socketOption(.so_sndbuf), value: 4 << 20)
            .channelOption(.writeBufferWaterMark, value: .init(low: 1 << 20, high: 4 << 20))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        MediaChannelHandler(router: router.value, socket: index))
                }
            }
            .bind(host: host, port: udpPort)
            .get()
    }

    /// Hands the router `channel` as socket `index` and watches it: a socket that closes while the server runs is
    /// rebound.
    private func install(_ channel: any Channel, at index: Int, segmentation: Bool) async throws {
        let router = self.router
        let sockets = self.sockets
        Gauge(label: "hypercube_udp_segmentation_enabled").record(segmentation ? 1 : 0)
        try await loop.submit {
            sockets.value.install(channel, at: index)
            router.value.writer.segmentation = segmentation
        }.get()
        bound.withLock { $0[index] = true }
        channel.closeFuture.whenComplete { [weak self] _ in
            guard let self, !self.draining.withLock({ $0 }), self.loopOpen.withLock({ $0 }) else { return }
            Task { await self.rebind(index) }
        }
    }

    /// Media socket `index` closed under the server — a fatal send error, such as a NIC refusing segmented datagrams
    /// (`EIO`). Binds the same address and port again, and every socket sends without segmentation from then on; keeps
    /// every viewer: their state lives in the router and their address is unchanged, so they lose only what was in
    /// flight. Readiness is 503 meanwhile.
    private func rebind(_ index: Int) async {
        bound.withLock { $0[index] = false }
        socketRebinds.increment()
        let host = socketHosts.withLock { $0[index] }
        let url = "udp://\(Self.hostForURL(host)):\(udpPort)"
        logger.error("media socket \(url) closed unexpectedly; binding it again without UDP segmentation")
        for attempt in 1...10 {
            guard !draining.withLock({ $0 }), loopOpen.withLock({ $0 }) else { return }
            do {
                let shared = socketHosts.withLock { $0.count > 1 }
                try await install(
                    try await bindSocket(host: host, index: index, shared: shared), at: index, segmentation: false)
                logger.notice("media socket \(url) bound again (attempt \(attempt))")
                return
            } catch {
                logger.error("binding the media socket \(url) again failed (attempt \(attempt)): \(error)")
                try? await Task.sleep(for: .milliseconds(200 * attempt))
            }
        }
        logger.critical("the media socket \(url) could not be bound again; readiness stays 503")
    }

    private static func hostForURL(_ host: String) -> String {
        host.contains(":") ? "[\(host)]" : host
    }

    /// Closes every media socket as a fatal socket error would, for tests of `rebind`.
    func closeMediaSocketForTesting() async {
        let sockets = self.sockets
        try? await loop.submit { sockets.value.closeAll() }.get()
    }

    /// The local addresses of the bound media sockets, in the router's socket order.
    var mediaSocketHosts: [String] {
        socketHosts.withLock { $0 }
    }

    /// Whether the media socket is bound and sending with UDP segmentation.
    var usesUDPSegmentation: Bool {
        get async {
            let router = self.router
            return (try? await loop.submit { router.value.writer.segmentation }.get()) ?? false
        }
    }

    // MARK: sessions

    /// Starts rendering and encoding a session; its frames fan out to its viewers.
    @discardableResult
    public func addSession(id: String, settings: SessionSettings) async -> StreamSession {
        let session = StreamSession(id: id, settings: settings, logger: logger)
        let ssrc = UInt32.random(in: 1...UInt32.max)
        let router = self.router
        let codec = settings.codec
        // A session relayed here until now (its owner died and this node took it over) keeps its track, so its
        // viewers stay connected and see the local render from its first keyframe on.
        if let relay = relays.withLock({ $0.removeValue(forKey: id) }), relay.settings.codec == codec {
            relay.stop()
        } else {
            try? await loop.submit { router.value.addTrack(sessionID: id, ssrc: ssrc, codec: codec) }.get()
        }
        sessions.withLock { $0[id] = session }
        let loop = self.loop
        session.start(device: device) { frame, timing in
            guard self.loopOpen.withLock({ $0 }) else { return }
            loop.execute { router.value.deliver(frame, timing: timing, trackKey: id, now: MediaRouter.now()) }
        }
        session.startAudio { packet in
            guard self.loopOpen.withLock({ $0 }) else { return }
            loop.execute { router.value.deliverAudio(packet, sessionID: id, now: MediaRouter.now()) }
        }
        return session
    }

    /// Starts an XR viewer's own render: the session's scene, frame rate and codec, as a stereo pair at the viewer's
    /// eye size, fed by its pose inbox, delivered to its track `key` only. It stops when the viewer leaves.
    func startXRRender(key: String, session settings: SessionSettings, request: XRViewerRequest, inbox: XRPoseInbox) {
        var xrSettings = settings
        xrSettings.width = request.eyeWidth * 2
        xrSettings.height = request.eyeHeight
        xrSettings.bitrate = XRBitrate.forStereo(
            width: xrSettings.width, height: xrSettings.height, framesPerSecond: settings.framesPerSecond)
        let render = StreamSession(
            id: key, settings: xrSettings, logger: logger, xr: (inbox, request.fovDegrees))
        xrRenders.withLock { $0[key] = render }
        let router = self.router
        let loop = self.loop
        render.start(device: device) { frame, timing in
            guard self.loopOpen.withLock({ $0 }) else { return }
            loop.execute { router.value.deliver(frame, timing: timing, trackKey: key, now: MediaRouter.now()) }
        }
        // The viewer may have left while its render started.
        loop.execute {
            if router.value.xrViewers[key] == nil {
                self.xrRenders.withLock { $0.removeValue(forKey: key) }?.stop()
            }
        }
    }

    public func removeSession(id: String) async {
        guard let session = sessions.withLock({ $0.removeValue(forKey: id) }) else { return }
        session.stop()
        let router = self.router
        try? await loop.submit { router.value.removeSession(id) }.get()
    }

    public func session(_ id: String) -> StreamSession? {
        sessions.withLock { $0[id] }
    }

    /// Width × height × fps summed over every running render: the sessions' and the XR viewers' own.
    public var renderedPixelRate: Int {
        let renders = sessions.withLock { Array($0.values) } + xrRenders.withLock { Array($0.values) }
        return renders.reduce(0) { $0 + $1.settings.pixelRate }
    }

    public var sessionIDs: [String] {
        sessions.withLock { Array($0.keys).sorted() }
    }

    public func viewerCount(sessionID: String) async -> Int {
        let router = self.router
        return (try? await loop.submit { router.value.viewerCount(sessionID: sessionID) }.get()) ?? 0
    }

    /// Glass-to-wire, render and encode percentiles over the session's last frames; nil for an unknown session.
    public func frameTimings(sessionID: String) async -> FrameTimingSummary? {
        let router = self.router
        return try? await loop.submit { router.value.frameTimings(sessionID: sessionID) }.get()
    }

    public func viewers(sessionID: String) async -> [ViewerSummary] {
        let router = self.router
        return (try? await loop.submit { router.value.viewerSummaries(sessionID: sessionID) }.get()) ?? []
    }

    // MARK: health and shutdown

    /// Ready when the socket is bound and every session has encoded a frame recently; otherwise why not. A session
    /// still warming up (no frame yet) holds readiness back only until the server was first ready, or once it has
    /// warmed up for `warmUpLimit`: creating a session later (`POST /v1/sessions`, a cluster placing one here) must not
    /// take a serving node out of its Service while the new render starts.
    public var readiness: (ready: Bool, reason: String) {
        guard bound.withLock({ !$0.isEmpty && !$0.contains(false) }) else {
            return (false, "UDP media socket not bound")
        }
        guard !draining.withLock({ $0 }) else { return (false, "shutting down") }
        let started = everReady.withLock { $0 }
        for id in sessionIDs {
            guard let session = session(id) else { continue }
            let status = session.status
            if let failure = status.failure { return (false, "session \(id) failed: \(failure)") }
            guard status.framesEncoded > 0, let last = status.lastFrameAt else {
                let warming = Date().timeIntervalSince(session.createdAt)
                if !started {
                    return (false, "session \(id) has not encoded its first frame (GPU and encoder warming up)")
                }
                if warming > Self.warmUpLimit {
                    return (false, "session \(id) has not encoded its first frame in \(Int(warming)) s")
                }
                continue
            }
            if Date().timeIntervalSince(last) > 5 {
                return (false, "session \(id) produced no frame for \(Int(Date().timeIntervalSince(last))) s")
            }
        }
        everReady.withLock { $0 = true }
        return (true, "ok")
    }

    /// How long a session created after the server was ready may take to its first frame before readiness fails.
    static let warmUpLimit = 30.0

    /// Stops accepting viewers, ends every viewer with close_notify, stops sessions and closes the socket. Runs
    /// once: a later call waits for the first to finish, since the media loop cannot take work once it is shut down.
    public func shutdown() async {
        let run = shutdownRun.withLock { run in
            if let run { return run }
            let started = Task { await self.shutDownOnce() }
            run = started
            return started
        }
        await run.value
    }

    private func shutDownOnce() async {
        draining.withLock { $0 = true }
        let router = self.router
        try? await loop.submit { router.value.closeAll() }.get()
        for id in sessionIDs { await removeSession(id: id) }
        for id in relayIDs { await removeRelay(id: id) }
        let sockets = self.sockets
        try? await loop.submit { sockets.value.closeAll() }.get()
        loopOpen.withLock { $0 = false }
        try? await group.shutdownGracefully()
    }
}
