import HyperRTC
import Testing

@testable import HyperSFU
@testable import HyperViewer

/// A burst of offers that never start ICE, all from one client, cannot take a session's slots from real viewers: the
/// client's viewers still connecting are capped when the media loop registers them.
@Suite(.loopbackMediaServer) struct PendingViewerCapTests {
    @Test func aThousandAbandonedOffersFromOneClientLeaveRoomForARealViewer() async throws {
        let fixture = try #require(LoopbackMediaServer.current)
        let media = fixture.media
        let junk = ViewerAdmissionRequest(client: "192.0.2.66", maximumPending: 32)
        var admitted = 0
        var refusals: [SFUError.Code: Int] = [:]
        var mostPending = 0
        for _ in 0..<1_000 {
            let offer = LoadViewerOffer(
                ice: .random(), fingerprint: media.certificate.fingerprint, host: "127.0.0.1", port: 9)
            do {
                _ = try await media.createViewer(
                    sessionID: LoopbackMediaServer.sessionID, offer: offer.sdp, admission: junk)
                admitted += 1
            } catch {
                refusals[error.code, default: 0] += 1
            }
            mostPending = max(mostPending, await media.pendingViewerCount(client: "192.0.2.66"))
        }
        // On a busy machine the burst can outlast the pending timeout, which frees slots for more junk; what must
        // hold is the cap at every moment and that everything else was refused for it.
        #expect(mostPending == 32)
        #expect(admitted >= 32)
        #expect(refusals.keys.allSatisfy { $0 == .tooManyPending })
        #expect(admitted + (refusals[.tooManyPending] ?? 0) == 1_000)

        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(5)) { _ in !log.frames.isEmpty }, "the real viewer got no frame")
        await viewer.close()
    }
}
