import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperControl
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Prometheus
import Testing

/// The HTTP control plane through Hummingbird's router test client, with a real media server behind it.
@Suite(.serialized) struct ControlPlaneTests {
    static func withApplication(_ test: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let logger = Logger(label: "test")
        let media = try MediaServer(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0),
            device: .preferred,
            logger: logger
        )
        try await media.start()
        let catalog = try SceneCatalog.locate()
        let scene = try catalog.scene(named: "tesseract")
        await media.addSession(
            id: "default",
            settings: SessionSettings(sceneName: "tesseract", scene: scene, width: 64, height: 36, framesPerSecond: 10)
        )
        let app = buildApplication(
            configuration: ControlPlaneConfiguration(host: "127.0.0.1", port: 0, catalog: catalog),
            media: media,
            registry: PrometheusCollectorRegistry(),
            logger: logger
        )
        do {
            try await app.test(.router, test)
        } catch {
            await media.shutdown()
            throw error
        }
        await media.shutdown()
    }

    @Test func liveness() async throws {
        try await Self.withApplication { client in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("live"))
            }
        }
    }

    @Test func offerWithWrongContentTypeIs415ProblemJSON() async throws {
        try await Self.withApplication { client in
            try await client.execute(
                uri: "/whep/default",
                method: .post,
                headers: [.contentType: "text/plain"],
                body: ByteBuffer(string: "v=0")
            ) { response in
                #expect(response.status == .unsupportedMediaType)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(String(buffer: response.body).contains("application/sdp"))
            }
        }
    }

    @Test func malformedOfferIs400AndUnknownSessionIs404() async throws {
        try await Self.withApplication { client in
            try await client.execute(
                uri: "/whep/default",
                method: .post,
                headers: [.contentType: "application/sdp"],
                body: ByteBuffer(string: "this is not sdp")
            ) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("SDP"))
            }
            try await client.execute(
                uri: "/whep/nope",
                method: .post,
                headers: [.contentType: "application/sdp"],
                body: ByteBuffer(string: "v=0\r\n")
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func preflightAllowsCrossOriginWHEP() async throws {
        try await Self.withApplication { client in
            try await client.execute(
                uri: "/whep/default",
                method: .options,
                headers: [.origin: "http://player.example", .accessControlRequestMethod: "POST"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.accessControlAllowOrigin] == "http://player.example")
                #expect(response.headers[HTTPField.Name("Accept-Post")!] == "application/sdp")
                #expect(response.headers[.accessControlExposeHeaders]?.contains("Location") == true)
                #expect(response.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            }
        }
    }

    @Test func deleteOfUnknownViewerIs404() async throws {
        try await Self.withApplication { client in
            try await client.execute(uri: "/whep/default/unknown", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
