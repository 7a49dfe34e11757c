import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HyperRender
import HyperSFU
import HyperScene
import Logging
import Prometheus
import Testing

@testable import HyperControl

/// HTTPS from PEM files, with HSTS on every response; unusable files refuse to build the application.
@Suite(.serialized) struct TLSTests {
    /// A self-signed certificate and key for localhost, made with the openssl command.
    static func makeCertificate(in directory: URL) throws -> ControlPlaneConfiguration.TLSFiles {
        let certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", certificate, "-days", "1", "-subj", "/CN=localhost",
        ]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        return .init(certificateChain: certificate, privateKey: key)
    }

    @Test func servesHTTPSWithStrictTransportSecurity() async throws {
        try await withStateDirectory { directory in
            let files = try Self.makeCertificate(in: directory)
            try await TestServer.run(tls: files, testing: .ahc(.https)) { client, _ in
                try await client.execute(uri: "/health/live", method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.strictTransportSecurity] == "max-age=31536000")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff")
                }
            }
        }
    }

    @Test func unreadableFilesAreAConfigurationError() async throws {
        try await withStateDirectory { directory in
            let logger = Logger(label: "test")
            let media = try MediaServer(
                configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0), device: .preferred, logger: logger
            )
            let state = try ControlState.open(directory: directory, overrides: .init(), logger: logger)
            let missing = directory.appendingPathComponent("missing.pem").path
            #expect(throws: ConfigurationError.self) {
                _ = try buildApplication(
                    configuration: ControlPlaneConfiguration(
                        host: "127.0.0.1", port: 0, catalog: try SceneCatalog.locate(),
                        tls: .init(certificateChain: missing, privateKey: missing)
                    ),
                    media: media, state: state, registry: PrometheusCollectorRegistry(), logger: logger
                )
            }
            await media.shutdown()
        }
    }
}
