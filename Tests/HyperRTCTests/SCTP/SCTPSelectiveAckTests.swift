import Testing

@testable import HyperRTC

/// SACK contents and timing (RFC 4960 §6.2): delayed for a lone packet, immediate on the second, on gaps and on
/// duplicates, with gap blocks and duplicate TSNs reported.
@Suite struct SCTPSelectiveAckTests {
    @Test func aLonePacketIsAcknowledgedAfterTheDelay() throws {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        _ = peer.drain()
        _ = peer.server.handleTimeout(now: 0.2)
        _ = peer.send(SCTPTestPeer.sack(cumulative: peer.serverInitialTSN))
        _ = peer.drain()
        _ = peer.send(peer.message([1]))
        #expect(SCTPTestPeer.sacks(in: peer.drain()).isEmpty)
        #expect(peer.server.nextTimeout == 0.2)
        _ = peer.send(peer.message([2]))
        let sack = try #require(SCTPTestPeer.sacks(in: peer.drain()).first)
        #expect(sack.cumulativeTSN == peer.nextTSN &- 1)
        #expect(sack.window == peer.server.configuration.receiveWindow)
        _ = peer.send(peer.message([3]))
        peer.now = 0.2
        _ = peer.server.handleTimeout(now: 0.2)
        #expect(SCTPTestPeer.sacks(in: peer.drain()).map(\.cumulativeTSN) == [peer.nextTSN &- 1])
    }

    @Test func gapsAndDuplicatesAreReportedAtOnce() throws {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let base = peer.nextTSN &- 1
        let first = peer.message([1])
        _ = peer.message([2])
        let third = peer.message([3])
        _ = peer.message([4])
        let fifth = peer.message([5])
        _ = peer.send(third)
        _ = peer.send(fifth)
        let gapped = try #require(SCTPTestPeer.sacks(in: peer.drain()).last)
        #expect(gapped.cumulativeTSN == base)
        #expect(gapped.gaps == [3...3, 5...5])
        _ = peer.send(first)
        _ = peer.send(first)
        let duplicated = try #require(SCTPTestPeer.sacks(in: peer.drain()).last)
        #expect(duplicated.cumulativeTSN == base &+ 1)
        #expect(duplicated.gaps == [2...2, 4...4])
        #expect(duplicated.duplicates == [base &+ 1])
    }
}
