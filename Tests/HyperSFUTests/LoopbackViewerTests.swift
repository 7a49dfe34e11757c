import HyperRTC
import HyperSFU
import HyperViewer
import Synchronization
import Testing

/// A Swift load viewer against an in-process media server over loopback UDP: real ICE, DTLS-SRTP, RTP and RTCP in
/// both directions, and the server's answers to PLI, NACK, ICE restart and WHEP DELETE.
@Suite(.loopbackMediaServer) struct LoopbackViewerTests {
    private var fixture: LoopbackMediaServer.Fixture {
        get throws { try #require(LoopbackMediaServer.current) }
    }

    @Test func receivesDecodableVP8StartingWithAKeyframe() async throws {
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, decodes: true, connectTimeout: LoopbackMediaServer.connectLimit))
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
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, connectTimeout: LoopbackMediaServer.connectLimit))
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

    @Test func aViewerWithTooLittleBandwidthGetsTheBaseLayerGaplessThenEveryLayerAgain() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, decodes: true, connectTimeout: LoopbackMediaServer.connectLimit))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 10 })
        // The stream's bitrate in media time (frame sizes over the RTP timestamps they span), so that a machine too
        // busy to render 15 frames a second does not read as a thin stream.
        let first = log.frames.count
        #expect(await log.wait(upTo: .seconds(30)) { _ in log.frames.count >= first + 15 })
        let sample = Array(log.frames[first...])
        let mediaSeconds = Double(sample.last!.timestamp &- sample.first!.timestamp) / 90_000
        let streamBitrate = Double(sample.dropFirst().reduce(0) { $0 + $1.byteCount } * 8) / max(mediaSeconds, 1e-3)
        #expect(Set(log.frames.compactMap(\.temporalLayer)) == [0, 1], "the session should encode two layers")
        // The estimator never goes below 100 kbit/s, and the base layer is chosen below 85 % of the stream: the stream
        // must be well above 100 / 0.85 ≈ 118 kbit/s for a REMB of 1 bit/s to drop it (the tiny static test scene
        // encodes at about 200).
        try #require(streamBitrate > 150_000, "the test stream must send well over the estimator's 100 kbit/s floor")

        // A REMB far below the stream: from the next frame on, only the base layer, renumbered without gaps.
        try await viewer.sendEstimatedMaximumBitrate(1)
        #expect(await log.wait(upTo: .seconds(1)) { _ in true })
        try await Task.sleep(for: .milliseconds(300))
        let cutAt = ContinuousClock.now
        let cutStatistics = await viewer.statistics()
        try await Task.sleep(for: .seconds(2))
        let held = log.frames.filter { $0.arrival > cutAt }
        let heldSummary = await fixture.summary(of: viewer)
        let heldStatistics = await viewer.statistics()
        // Counts, not wall time (a busy machine stretches the 2 s): the base layer is every other frame, so the
        // server skipped about as many upper-layer frames for this viewer as it delivered.
        #expect(held.count >= 10, "\(held.count) frames in 2 s of a 15 fps stream's base layer")
        #expect(held.allSatisfy { $0.temporalLayer == 0 }, "upper-layer frames reached a viewer held to the base")
        #expect(heldSummary?.maximumTemporalLayer == 0)
        let skipped = heldSummary?.framesSkipped ?? 0
        #expect(skipped >= 10 && skipped + 2 >= held.count, "\(skipped) frames skipped, \(held.count) delivered")
        #expect(heldStatistics.lostPackets == cutStatistics.lostPackets, "skipped frames left sequence gaps")

        // A NACK names the viewer's own (renumbered) sequence number and gets that packet again.
        let sequenceNumber = UInt16(truncatingIfNeeded: heldStatistics.highestSequenceNumber)
        try await viewer.requestRetransmission(of: [sequenceNumber])
        #expect(
            await log.wait(upTo: .seconds(1)) { events in
                events.contains(.retransmission(sequenceNumber: sequenceNumber, identicalToOriginal: true))
            }, "renumbered packet \(sequenceNumber) did not come back identical after its NACK")

        // Room again: every layer returns after the raise delay.
        try await viewer.sendEstimatedMaximumBitrate(100_000_000)
        let raisedAt = ContinuousClock.now
        let raised = await log.wait(upTo: .seconds(5)) { _ in
            log.frames.contains { $0.arrival > raisedAt && $0.temporalLayer == 1 }
        }
        try await Task.sleep(for: .milliseconds(500))
        let final = await viewer.statistics()
        let finalSummary = await fixture.summary(of: viewer)
        await viewer.close()

        #expect(raised, "upper-layer frames did not return within 5 s of a high REMB")
        #expect(finalSummary?.maximumTemporalLayer == nil)
        #expect(finalSummary?.layerSwitches == 2)
        // RFC 3550 loss: expected minus received, so the NACKed duplicate counts −1; a gap would count +1 or more.
        #expect(final.lostPackets <= 0, "the renumbered stream should have no gaps at all")
        #expect(final.decodeFailures == 0 && final.unprotectFailures == 0 && final.incompleteFrames == 0)
        #expect(final.framesDecoded == final.framesCompleted)
    }

    @Test func iceRestartKeepsTheStreamAndAdoptsTheNewCredentials() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, decodes: true, connectTimeout: LoopbackMediaServer.connectLimit))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 })
        let before = try #require(await fixture.summary(of: viewer))

        let media = fixture.media
        let location = viewer.location
        let exchanged = Mutex<(fragment: String, etag: String)?>(nil)
        try await viewer.restartICE { local in
            let answer = try await media.restartICE(
                sessionID: LoopbackMediaServer.sessionID, viewerID: location, remote: local, ifMatch: "*")
            exchanged.withLock { $0 = answer }
            return ICECredentials(
                ufrag: try #require(SDPFragment.attribute("ice-ufrag", in: answer.fragment)),
                password: try #require(SDPFragment.attribute("ice-pwd", in: answer.fragment)))
        }
        let restartedAt = ContinuousClock.now
        let completed = await log.wait(upTo: .seconds(3)) { _ in
            log.frames.filter { $0.arrival > restartedAt }.count >= 15
        }
        let statistics = await viewer.statistics()
        let after = try #require(await fixture.summary(of: viewer))
        await viewer.close()

        let answer = try #require(exchanged.withLock { $0 })
        #expect(answer.fragment.contains("a=ice-lite\r\n") && answer.fragment.contains("a=candidate:"))
        #expect(answer.fragment.hasSuffix("a=end-of-candidates\r\n"))
        #expect(answer.etag == after.etag && after.etag != before.etag)
        #expect(after.remoteUfrag != before.remoteUfrag && after.state == "connected")
        #expect(completed, "frames stopped after the ICE restart")
        #expect(statistics.iceRestartsCompleted == 1, "the server never answered a check with the new credentials")
        #expect(statistics.decodeFailures == 0 && statistics.unprotectFailures == 0)
    }

    @Test func pictureLossIndicationBringsAKeyframeWithinTheSessionInterval() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, connectTimeout: LoopbackMediaServer.connectLimit))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 })
        let requestedAt = ContinuousClock.now
        try await viewer.requestKeyframe()
        // Requests share one keyframe per session interval (1 s), counted from the keyframe this viewer joined with.
        let answered = await log.wait(upTo: .seconds(2)) { _ in
            log.frames.contains { $0.isKeyframe && $0.arrival > requestedAt }
        }
        let summary = await fixture.summary(of: viewer)
        await viewer.close()

        #expect(answered, "no keyframe within the session's keyframe interval and a second of the PLI")
        #expect(summary?.keyframeRequests == 1)
    }

    @Test func nackForAReceivedPacketResendsTheSameBytes() async throws {
        let fixture = try fixture
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(verifies: true, connectTimeout: LoopbackMediaServer.connectLimit))
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
        let viewer = try await fixture.connectViewer(
            LoadViewerConfiguration(connectTimeout: LoopbackMediaServer.connectLimit))
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
}
