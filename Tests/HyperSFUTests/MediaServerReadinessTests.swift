import HyperRender
import HyperSFU
import HyperScene
import Logging
import Testing

/// Readiness does not flap when a session is added to a server that is already serving: a cluster node that gets a
/// session placed on it, or `POST /v1/sessions`, must not drop out of its Service while the new render warms up.
@Suite struct MediaServerReadinessTests {
    @Test(.timeLimit(.minutes(1)))
    func aSessionAddedToAReadyServerKeepsItReadyWhileItWarmsUp() async throws {
        var logger = Logger(label: "readiness-test")
        logger.logLevel = .warning
        let media = try MediaServer(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0, udpSegmentation: false),
            device: .preferred, logger: logger)
        try await media.start()
        #expect(media.readiness.ready, "no session yet: \(media.readiness.reason)")
        let scene = try SceneCatalog.locate().scene(named: "tesseract")
        await media.addSession(
            id: "late",
            settings: SessionSettings(sceneName: "tesseract", scene: scene, width: 64, height: 36, framesPerSecond: 10))
        // Warming up or already rendering: ready either way.
        #expect(media.readiness.ready, "\(media.readiness.reason)")
        await media.shutdown()
        #expect(!media.readiness.ready)
    }
}
