import HyperRTC
import HyperSFU
import Testing

/// A Swift load viewer against an in-process media server over loopback UDP: real ICE, DTLS-SRTP, RTP and RTCP in
/// both directions, and the server's answers to PLI, NACK, WHEP DELETE and a wrong certificate.
@Suite(.loopbackMediaServer) struct LoopbackViewerTests {
    private var fixture: LoopbackMediaServer.Fixture {
        get throws { try #require(LoopbackMediaServer.current) }
    }

    @Test func receivesDecodableVP8StartingWithAKeyframe() async throws {
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true, decodes: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        try await Task.sleep(for: .seconds(2))
        let frames = log.frames
        let statistics = await viewer.statistics()
        await viewer.close()

        #expect(frames.count >= 15, "\(frames.count) frames in 2 s of a 15 fps stream")
        #expect(frames.first?.isKeyframe == true, "the first frame a viewer gets must be a keyframe")
        #expect(frames.allSatisfy { $0.decodedWidth == LoopbackMediaServer.width })
        #expect(frames.allSatisfy { $0.decodedHeight == LoopbackMediaServer.height })
        #expect(statistics.framesDecoded == statistics.framesCompleted)
        #expect(statistics.decodeFailures == 0)
        #expect(statistics.unprotectFailures == 0)
        #expect(statistics.malformedPackets == 0)
        #expect(statistics.unprotectedPackets == statistics.rtpPackets)
        #expect(statistics.lostPackets == 0)
    }

    @Test func frameTimingsCoverTheDeliveredFramesAndContainRenderAndEncode() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        try await viewer.connected()
        try await Task.sleep(for: .seconds(1))
        let timings = try #require(await fixture.media.frameTimings(sessionID: LoopbackMediaServer.sessionID))
        await viewer.close()

        #expect(timings.frames >= 15 && timings.window == min(timings.frames, 1024))
        // Each frame's glass-to-wire contains its render and encode times, so every order statistic does too.
        let tolerance = 0.01
        #expect(timings.glassToWire.p50 + tolerance >= timings.render.p50)
        #expect(timings.glassToWire.p50 + tolerance >= timings.encode.p50)
        #expect(timings.glassToWire.max + tolerance >= timings.render.max)
        #expect(timings.glassToWire.p50 > 0 && timings.glassToWire.p50 <= timings.glassToWire.p99)
        #expect(timings.glassToWire.p99 <= timings.glassToWire.max)
        #expect(await fixture.media.frameTimings(sessionID: "no-such-session") == nil)
    }

    @Test func pictureLossIndicationBringsAKeyframeWithinOneSecond() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 })
        let requestedAt = ContinuousClock.now
        try await viewer.requestKeyframe()
        let answered = await log.wait(upTo: .seconds(1)) { _ in
            log.frames.contains { $0.isKeyframe && $0.arrival > requestedAt }
        }
        let summary = await fixture.summary(of: viewer)
        await viewer.close()

        #expect(answered, "no keyframe within 1 s of the PLI")
        #expect(summary?.keyframeRequests == 1)
    }

    @Test func nackForAReceivedPacketResendsTheSameBytes() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 3 })
        let sequenceNumber = UInt16(truncatingIfNeeded: await viewer.statistics().highestSequenceNumber)
        try await viewer.requestRetransmission(of: [sequenceNumber])
        let resent = await log.wait(upTo: .seconds(1)) { events in
            events.contains { event in
                guard case .retransmission(sequenceNumber, _) = event else { return false }
                return true
            }
        }
        let summary = await fixture.summary(of: viewer)
        await viewer.close()

        #expect(resent, "packet \(sequenceNumber) was not sent again within 1 s of the NACK")
        #expect(log.all.contains(.retransmission(sequenceNumber: sequenceNumber, identicalToOriginal: true)))
        #expect(summary?.nacksReceived == 1)
        #expect(summary?.retransmitted == 1)
    }

    @Test func deleteEndsTheViewerWithCloseNotify() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer()
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await fixture.lists(viewer))

        try await fixture.media.deleteViewer(sessionID: LoopbackMediaServer.sessionID, viewerID: viewer.location)
        let closed = await log.wait(upTo: .seconds(2)) { $0.contains(.closed) }
        let state = await viewer.statistics().state
        let listed = await fixture.lists(viewer)
        await viewer.close()

        #expect(closed, "no close_notify within 2 s of DELETE; events: \(log.all)")
        #expect(state == .closed)
        #expect(!listed)
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

        let deadline = createdAt + .seconds(LoopbackMediaServer.iceTimeout + 1)
        var listed = await fixture.lists(viewer)
        while listed, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            listed = await fixture.lists(viewer)
        }
        let state = await viewer.statistics().state
        await viewer.close()

        #expect(!listed, "the server still lists the viewer \(LoopbackMediaServer.iceTimeout + 1) s after its offer")
        #expect(!log.all.contains(.connected))
        guard case .failed = state else {
            Issue.record("the viewer ended \(state), not failed")
            return
        }
    }

    @Test func viewerWhoseChecksNeverAuthenticateIsRemovedAtTheICETimeout() async throws {
        let fixture = try fixture
        let createdAt = ContinuousClock.now
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(connectTimeout: 3)) { offer in
            offer.replacing(/a=ice-ufrag:[^\r\n]+/, with: "a=ice-ufrag:unknown")
        }
        await #expect(throws: LoadViewerError.self) { try await viewer.connected() }
        try await Task.sleep(until: createdAt + .seconds(LoopbackMediaServer.iceTimeout / 2))
        let listedBeforeTimeout = await fixture.lists(viewer)

        let deadline = createdAt + .seconds(LoopbackMediaServer.iceTimeout + 1)
        var listed = listedBeforeTimeout
        while listed, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            listed = await fixture.lists(viewer)
        }
        await viewer.close()

        #expect(listedBeforeTimeout, "the server removed a connecting viewer before its ICE timeout")
        #expect(!listed, "the server still lists the viewer \(LoopbackMediaServer.iceTimeout + 1) s after its offer")
    }
}
