import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperJSON
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Prometheus

@testable import HyperControl

/// The audit key the unit tests chain with.
let testAuditKey = try! AuditKey("test-audit-key-0123456789abcdef")

/// A fresh temporary state directory, removed after `body`.
func withStateDirectory<T>(_ body: (URL) async throws -> T) async throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hypercube-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try await body(directory)
}

/// Which media side a `TestServer` runs on.
enum TestMedia {
    /// `InMemoryMediaService`: no UDP, no Vulkan. What the HTTP route tests use.
    case inMemory
    /// A real `MediaServer` on loopback rendering a tiny default session (lavapipe where there is no GPU), for the
    /// few tests of what only it does behind a route (its own caps and compare-and-swap under concurrency, the XR
    /// pose socket hand-off).
    case real
}

/// The control plane under test, with a default session on the chosen media side.
struct TestServer {
    static let operatorToken = "test-operator-token-0123456789"
    static let jwtSecret = Array("test-jwt-secret-0123456789abcdef0123".utf8)
    static let logger = Logger(label: "test")

    let media: any MediaService
    let state: ControlState
    let registry: PrometheusCollectorRegistry
    let directory: URL

    /// Returns once the application's services follow the flags (the session binding and the flag metrics start
    /// with the application, concurrently with the test); false if they did not within 20 s.
    func flagsFollowed() async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while state.flags.listenerCount < 2 {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// The in-memory media side, when the server runs on it.
    var inMemory: InMemoryMediaService? { media as? InMemoryMediaService }

    static func run(
        access: AccessPolicy = AccessPolicy(operatorToken: operatorToken, jwtSecret: jwtSecret),
        pixelRateLimit: Int = PixelRateBudget.defaultLimit,
        tls: ControlPlaneConfiguration.TLSFiles? = nil,
        connections: HTTPConnectionLimits = HTTPConnectionLimits(),
        cors: CORSPolicy = CORSPolicy(),
        testing: TestingSetup = .router,
        media kind: TestMedia = .inMemory,
        _ test: @Sendable (any TestClientProtocol, TestServer) async throws -> Void
    ) async throws {
        try await withStateDirectory { directory in
            let media = try await makeMedia(kind)
            let catalog = try SceneCatalog.locate()
            let scene = try catalog.scene(named: "tesseract")
            _ = await media.startSession(
                id: "default",
                settings: SessionSettings(
                    sceneName: "tesseract", scene: scene, width: 64, height: 36, framesPerSecond: 10
                )
            )
            let state = try ControlState.open(directory: directory, overrides: .init(), logger: logger)
            let registry = PrometheusCollectorRegistry()
            let server = TestServer(media: media, state: state, registry: registry, directory: directory)
            let app = try buildApplication(
                configuration: ControlPlaneConfiguration(
                    host: "127.0.0.1",
                    port: 0,
                    catalog: catalog,
                    access: access,
                    pixelRateLimit: pixelRateLimit,
                    tls: tls,
                    connections: connections,
                    cors: cors
                ),
                media: media,
                state: state,
                registry: registry,
                logger: logger
            )
            do {
                try await app.test(testing) { client in try await test(client, server) }
            } catch {
                await media.shutdown()
                throw error
            }
            await media.shutdown()
        }
    }

    private static func makeMedia(_ kind: TestMedia) async throws -> any MediaService {
        switch kind {
        case .inMemory:
            return InMemoryMediaService()
        case .real:
            // No test viewer here runs ICE: its resource must outlive a busy machine's slowest test (the default 8 s
            // for viewers that never answer ICE once removed one mid-test).
            let media = try MediaServer(
                configuration: SFUConfiguration(
                    bindHost: "127.0.0.1", udpPort: 0, iceTimeout: 600, pendingViewerTimeout: 600),
                device: .preferred,
                logger: logger
            )
            try await media.start()
            return media
        }
    }
}

extension HTTPFields {
    static var operatorAuthorization: HTTPFields {
        [.authorization: "Bearer \(TestServer.operatorToken)"]
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }
}

/// A JWT signed with the test secret, expiring `expiresIn` seconds from now.
func testToken(role: String, subject: String = "tester", expiresIn: Double = 300) -> String {
    JSONWebToken.sign(
        claims: [
            "sub": .string(subject), "role": .string(role),
            "exp": .integer(Int(Date().timeIntervalSince1970 + expiresIn)),
        ],
        secret: TestServer.jwtSecret
    )
}

/// The response body parsed as JSON.
func json(_ buffer: ByteBuffer) -> JSONValue {
    (try? JSONValue(parsing: buffer.readableBytesView)) ?? .null
}
