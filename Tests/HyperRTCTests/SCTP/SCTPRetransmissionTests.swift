import Testing

@testable import HyperRTC

/// The DCEP ACK, the one thing sent reliably, is retransmitted by T3-rtx with a doubling timeout until a SACK
/// covers it, and the association fails when it never is (RFC 4960 §6.3.3, §8.2).
@Suite struct SCTPRetransmissionTests {
    static func dataTSNs(_ packets: [[SCTPTestPeer.Chunk]]) -> [UInt32] {
        packets.flatMap { $0 }.filter { $0.type == 0 }.map { SCTPTestPeer.read32($0.value, 0) }
    }

    @Test func theAcknowledgementIsRetransmittedUntilASackCoversIt() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        #expect(Self.dataTSNs(peer.drain()) == [peer.serverInitialTSN])
        #expect(peer.server.nextTimeout == 1)
        peer.now = 1
        _ = peer.server.handleTimeout(now: 1)
        #expect(Self.dataTSNs(peer.drain()) == [peer.serverInitialTSN])
        #expect(peer.server.nextTimeout == 3)
        _ = peer.send(SCTPTestPeer.sack(cumulative: peer.serverInitialTSN))
        _ = peer.drain()
        #expect(peer.server.nextTimeout == nil)
        _ = peer.server.handleTimeout(now: 10)
        #expect(peer.drain().isEmpty)
    }

    @Test func theAssociationFailsWhenRetransmissionsRunOut() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        var transmissions = Self.dataTSNs(peer.drain()).count
        var events: [SCTPEvent] = []
        while let timeout = peer.server.nextTimeout, events.isEmpty {
            peer.now = timeout
            events = peer.server.handleTimeout(now: timeout)
            let packets = peer.drain()
            transmissions += Self.dataTSNs(packets).count
            if !events.isEmpty { #expect(packets.flatMap { $0 }.map(\.type) == [6]) }
        }
        #expect(transmissions == 1 + peer.server.configuration.maxRetransmissions)
        #expect(events == [.closed(reason: "peer stopped acknowledging reliable data")])
        #expect(peer.server.state == .closed)
    }
}
