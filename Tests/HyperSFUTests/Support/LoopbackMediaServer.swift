import HyperRender
import HyperSFU
import HyperScene
import HyperViewer
import Logging
import Testing

/// One in-process media server for a whole suite, streaming the tesseract at 160×90 and 15 fps on the UDP port the
/// kernel gives it (of 127.0.0.1 unless the suite names another bind address), plus a `LoadClient` for its viewers.
/// Tests read it from `current`. Its ICE and pending-viewer timeouts are 30 s, so that a viewer's handshake on a busy machine never meets
/// them; suites that test those timeouts name shorter ones and connect no viewer that must succeed.
struct LoopbackMediaServer: SuiteTrait, TestScoping {
    /// Seconds a test viewer may take to connect: a bound on a failure only, generous because the whole suite runs
    /// in parallel on two cores (ten seconds were once not enough for a handshake there).
    static let connectLimit = 60.0

    /// The ICE timeout of suites that test it (`loopbackMediaServer(iceTimeout:)`).
    static let shortICETimeout = 2.0

    static let sessionID = "default"
    static let width = 160
    static let height = 90

    var bindHost = "127.0.0.1"
    var iceTimeout = 30.0
    /// The host candidates of the answers; load viewers connect to the first.
    var announceHosts = ["127.0.0.1"]

    /// What a test of the suite works with.
    struct Fixture: Sendable {
        let media: MediaServer
        let client: LoadClient

        /// A load viewer of the session, its offer passed through `rewrite` before `MediaServer.createViewer`.
        func connectViewer(
            _ configuration: LoadViewerConfiguration = LoadViewerConfiguration(),
            rewritingOffer rewrite: @escaping @Sendable (String) -> String = { $0 }
        ) async throws -> LoadViewer {
            let media = self.media
            return try await client.connectViewer(configuration: configuration) { offer in
                let resource = try await media.createViewer(
                    sessionID: LoopbackMediaServer.sessionID, offer: rewrite(offer))
                return WHEPExchangeResult(answer: resource.answer, location: resource.viewerID)
            }
        }

        /// Whether the server still lists the viewer whose WHEP location (here its ID) is `location`.
        func lists(_ viewer: LoadViewer) async -> Bool {
            await media.viewers(sessionID: LoopbackMediaServer.sessionID).contains { $0.id == viewer.location }
        }

        func summary(of viewer: LoadViewer) async -> ViewerSummary? {
            await media.viewer(sessionID: LoopbackMediaServer.sessionID, viewerID: viewer.location)
        }
    }

    @TaskLocal static var current: Fixture?

    func provideScope(
        for test: Test,
        testCase: Test.Case?,
        performing function: @Sendable () async throws -> Void
    ) async throws {
        var logger = Logger(label: "loopback-viewer-tests")
        logger.logLevel = .warning
        let media = try MediaServer(
            configuration: SFUConfiguration(
                bindHost: bindHost,
                udpPort: 0,
                announceHosts: announceHosts,
                iceTimeout: iceTimeout,
                pendingViewerTimeout: iceTimeout
            ),
            device: .preferred,
            logger: logger
        )
        let client = try LoadClient(threads: 1)
        do {
            try await media.start()
            let scene = try SceneCatalog.locate().scene(named: "tesseract")
            await media.addSession(
                id: Self.sessionID,
                settings: SessionSettings(
                    sceneName: "tesseract", scene: scene, width: Self.width, height: Self.height, framesPerSecond: 15)
            )
            try await Self.waitUntilReady(media)
            try await Self.$current.withValue(Fixture(media: media, client: client)) {
                try await function()
            }
        } catch {
            await client.shutdown()
            await media.shutdown()
            throw error
        }
        await client.shutdown()
        await media.shutdown()
    }

    private static func waitUntilReady(_ media: MediaServer) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while !media.readiness.ready {
            guard ContinuousClock.now < deadline else {
                Issue.record("the media server is not ready after 30 s: \(media.readiness.reason)")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

extension Trait where Self == LoopbackMediaServer {
    /// Runs the suite against one shared `LoopbackMediaServer`.
    static var loopbackMediaServer: Self { Self() }

    /// Runs the suite against one shared `LoopbackMediaServer` bound to `bindHost` and announcing `announceHosts`.
    static func loopbackMediaServer(bindHost: String, announcing announceHosts: [String]) -> Self {
        Self(bindHost: bindHost, announceHosts: announceHosts)
    }

    /// Runs the suite against one shared `LoopbackMediaServer` whose ICE and pending-viewer timeouts are `seconds`.
    static func loopbackMediaServer(iceTimeout seconds: Double) -> Self {
        Self(iceTimeout: seconds)
    }
}
