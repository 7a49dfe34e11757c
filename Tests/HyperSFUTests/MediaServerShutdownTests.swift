import HyperRender
import HyperSFU
import Logging
import Testing

/// `MediaServer.shutdown()` runs once: a second call (the service group's drain, then `serve`'s error path) used to
/// hand work to the already shut-down media loop and wait forever for it.
@Suite struct MediaServerShutdownTests {
    @Test(.timeLimit(.minutes(1)))
    func shuttingDownTwiceReturns() async throws {
        let media = try MediaServer(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0, udpSegmentation: false),
            device: .preferred,
            logger: Logger(label: "test")
        )
        try await media.start()
        await media.shutdown()
        await media.shutdown()
        #expect(!media.readiness.ready)
    }

    @Test(.timeLimit(.minutes(1)))
    func concurrentShutdownsAllReturn() async throws {
        let media = try MediaServer(
            configuration: SFUConfiguration(bindHost: "127.0.0.1", udpPort: 0, udpSegmentation: false),
            device: .preferred,
            logger: Logger(label: "test")
        )
        try await media.start()
        await withDiscardingTaskGroup { group in
            for _ in 0..<4 { group.addTask { await media.shutdown() } }
        }
        #expect(!media.readiness.ready)
    }
}
