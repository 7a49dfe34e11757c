import Testing

@testable import HyperSFU
@testable import HyperViewer

/// A server on the wildcard address announcing 127.0.0.2 first, reached there by a load viewer that sends from
/// 127.0.0.1 and, like a full ICE agent (RFC 8445 §7.2.5.2.1), drops whatever comes from another address: STUN,
/// DTLS, media, sender reports and retransmissions all come back from 127.0.0.2 (issue #10, item 6). A single
/// wildcard socket answered from 127.0.0.1, the kernel's choice towards the viewer, and the viewer never connected.
/// The announced 203.0.113.7 (TEST-NET-3; nothing is sent to it) stands for a NAT's public address: not local, so not
/// bound, and the server starts all the same. Serialized: the second test closes the sockets the first one uses.
@Suite(.serialized, .loopbackMediaServer(bindHost: "0.0.0.0", announcing: ["127.0.0.2", "127.0.0.1", "203.0.113.7"]))
struct SecondLoopbackAddressTests {
    @Test func aViewerThatReachedTheSecondAddressIsAnsweredOnlyFromIt() async throws {
        let fixture = try #require(LoopbackMediaServer.current)
        let hosts = fixture.media.mediaSocketHosts
        #expect(hosts.contains("127.0.0.2") && hosts.contains("127.0.0.1") && hosts.last == "0.0.0.0")
        #expect(!hosts.contains("203.0.113.7"))
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        #expect(await log.wait(upTo: .seconds(3)) { _ in log.frames.count >= 5 })
        let sequenceNumber = UInt16(truncatingIfNeeded: await viewer.statistics().highestSequenceNumber)
        try await viewer.requestRetransmission(of: [sequenceNumber])
        let resent = await log.wait(upTo: .seconds(5)) { events in
            events.contains(.retransmission(sequenceNumber: sequenceNumber, identicalToOriginal: true))
        }
        // Long enough for sender reports and a consent check of the viewer's (every 2.5 s).
        try await Task.sleep(for: .seconds(2.5))
        let statistics = await viewer.statistics()
        await viewer.close()

        #expect(statistics.datagramsFromElsewhere == 0, "datagrams came from another address than 127.0.0.2")
        #expect(resent, "packet \(sequenceNumber) was not sent again from 127.0.0.2 within 5 s of the NACK")
        #expect(statistics.rtcpPackets >= 2, "sender reports")
        #expect(statistics.stunResponses >= 2, "the answers to the viewer's connectivity and consent checks")
        #expect(statistics.framesCompleted >= 15 && statistics.unprotectFailures == 0)
    }

    @Test func everySocketIsBoundAgainOnItsOwnAddressAndTheViewerKeepsItsSource() async throws {
        let fixture = try #require(LoopbackMediaServer.current)
        let hosts = fixture.media.mediaSocketHosts
        let viewer = try await fixture.connectViewer(LoadViewerConfiguration(verifies: true))
        let log = ViewerEventLog(viewer)
        try await viewer.connected()
        let (before, resumed) = await fixture.closeMediaSocketsAndWaitForFrames(log)
        #expect(before)
        let ready = fixture.media.readiness
        let statistics = await viewer.statistics()
        await viewer.close()

        #expect(resumed, "no frames within 3 s of the sockets closing")
        #expect(ready.ready, "readiness after the rebind: \(ready.reason)")
        #expect(fixture.media.mediaSocketHosts == hosts)
        #expect(statistics.datagramsFromElsewhere == 0, "datagrams came from another address than 127.0.0.2")
    }
}
