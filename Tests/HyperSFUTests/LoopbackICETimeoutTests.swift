import HyperRTC
import HyperSFU
import HyperViewer
import Testing

/// The server's ICE timeout over loopback UDP, against a media server whose timeout is short: a viewer whose
/// certificate is not the one its offer named, or whose checks never authenticate, is removed — and not before the
/// timeout. No viewer here has to connect, so a busy machine cannot fail these tests. (An ICE restart that never
/// completes is tested in virtual time, in `MediaRouterConsentTests`.)
@Suite(.loopbackMediaServer(iceTimeout: LoopbackMediaServer.shortICETimeout)) struct LoopbackICETimeoutTests {
    static let iceTimeout = LoopbackMediaServer.shortICETimeout

    private var fixture: LoopbackMediaServer.Fixture {
        get throws { try #require(LoopbackMediaServer.current) }
    }

    @Test func offerWithAWrongFingerprintNeverConnectsAndIsRemoved() async throws {
        let fixture = try fixture
        let ours = fixture.client.certificate.fingerprint
        let stranger = try DTLSCertificate.generate().fingerprint
        let createdAt = ContinuousClock.now
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(connectTimeout: 3)) { offer in
            offer.replacing("a=fingerprint:sha-256 \(ours)", with: "a=fingerprint:sha-256 \(stranger)")
        }
        let log = ViewerEventLog(viewer)
        await #expect(throws: LoadViewerError.self) { try await viewer.connected() }

        // Generous: a busy machine delays the server's 100 ms timer, never the rule itself.
        let deadline = createdAt + .seconds(Self.iceTimeout + 10)
        var listed = await fixture.lists(viewer)
        while listed, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            listed = await fixture.lists(viewer)
        }
        let state = await viewer.statistics().state
        await viewer.close()

        #expect(!listed, "the server still lists the viewer \(Self.iceTimeout + 10) s after its offer")
        #expect(!log.all.contains(.connected))
        guard case .failed = state else {
            Issue.record("the viewer ended \(state), not failed")
            return
        }
    }

    /// Removed at the ICE timeout, not before: the first poll that no longer finds the viewer comes at least the ICE
    /// timeout after the offer (a busy machine only delays the poll, which cannot make this fail).
    @Test func viewerWhoseChecksNeverAuthenticateIsRemovedAtTheICETimeout() async throws {
        let fixture = try fixture
        let createdAt = ContinuousClock.now
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(connectTimeout: 3)) { offer in
            offer.replacing(/a=ice-ufrag:[^\r\n]+/, with: "a=ice-ufrag:unknown")
        }
        var removedAfter: Duration?
        let deadline = createdAt + .seconds(Self.iceTimeout + 10)
        while ContinuousClock.now < deadline {
            if await !fixture.lists(viewer) {
                removedAfter = ContinuousClock.now - createdAt
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        await #expect(throws: LoadViewerError.self) { try await viewer.connected() }
        await viewer.close()

        let removed = try #require(removedAfter, "the server still lists the viewer 10 s after its ICE timeout")
        #expect(
            removed >= .seconds(Self.iceTimeout),
            "the server removed a connecting viewer \(removed) after its offer, before its ICE timeout")
    }
}
