import HyperRTC
import Testing

@testable import HyperSFU

/// A media socket that closes under the server (a fatal send error) is bound again on the same port, without UDP
/// segmentation, and the connected viewer keeps receiving without reconnecting.
@Suite(.loopbackMediaServer) struct MediaSocketRecoveryTests {
    @Test func aClosedMediaSocketIsBoundAgainAndTheViewerKeepsReceiving() async throws {
        let fixture = try #require(LoopbackMediaServer.current)
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true, decodes: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 })

        await fixture.media.closeMediaSocketForTesting()
        let closedAt = ContinuousClock.now
        let resumed = await log.wait(upTo: .seconds(3)) { _ in
            log.frames.filter { $0.arrival > closedAt + .milliseconds(300) }.count >= 5
        }
        let ready = fixture.media.readiness
        let segmentation = await fixture.media.usesUDPSegmentation
        let listed = await fixture.lists(viewer)
        let statistics = await viewer.statistics()
        await viewer.close()

        #expect(resumed, "no frames within 3 s of the socket closing")
        #expect(ready.ready, "readiness after the rebind: \(ready.reason)")
        #expect(!segmentation, "a rebound socket sends without segmentation")
        #expect(listed)
        #expect(statistics.decodeFailures == 0 && statistics.unprotectFailures == 0)
    }
}
