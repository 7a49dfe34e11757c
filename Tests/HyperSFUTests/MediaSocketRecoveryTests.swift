import HyperRTC
import Testing

@testable import HyperSFU
@testable import HyperViewer

/// A media socket that closes under the server (a fatal send error) is bound again on the same port, without UDP
/// segmentation, and the connected viewer keeps receiving without reconnecting.
@Suite(.loopbackMediaServer) struct MediaSocketRecoveryTests {
    @Test func aClosedMediaSocketIsBoundAgainAndTheViewerKeepsReceiving() async throws {
        let fixture = try #require(LoopbackMediaServer.current)
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, decodes: true, connectTimeout: LoopbackMediaServer.connectLimit))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        let (before, resumed) = await fixture.closeMediaSocketsAndWaitForFrames(log)
        #expect(before)
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
