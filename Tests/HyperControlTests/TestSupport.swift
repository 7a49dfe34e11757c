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

/// The control plane under test, with a real media server streaming a tiny default session.
struct TestServer {
    static let operatorToken = "test-operator-token-0123456789"
    static let jwtSecret = Array("test-jwt-secret-0123456789abcdef0123".utf8)
    static let logger = Logger(label: "test")

    let media: MediaServer
    let state: ControlState
    let registry: PrometheusCollectorRegistry
    let directory: URL

    static func run(
        access: AccessPolicy = AccessPolicy(operatorToken: operatorToken, jwtSecret: jwtSecret),
        pixelRateLimit: Int = PixelRateBudget.defaultLimit,
        tls: ControlPlaneConfiguration.TLSFiles? = nil,
        connections: HTTPConnectionLimits = HTTPConnectionLimits(),
        cors: CORSPolicy = CORSPolicy(),
        testing: TestingSetup = .router,
        _ test: @Sendable (any TestClientProtocol, TestServer) async throws -> Void
    ) async throws {
        try await withStateDirectory { directory in
            // No test viewer here runs ICE: its resource must outlive a busy machine's slowest test (the default 8 s
            // for viewers that never answer ICE once removed one mid-test).
            let media = try MediaServer(
                configuration: SFUConfiguration(
                    bindHost: "127.0.0.1", udpPort: 0, iceTimeout: 600, pendingViewerTimeout: 600),
                device: .preferred,
                logger: logger
            )
            try await media.start()
            let catalog = try SceneCatalog.locate()
            let scene = try catalog.scene(named: "tesseract")
            await media.addSession(
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
