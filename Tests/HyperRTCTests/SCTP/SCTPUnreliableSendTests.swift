import Testing

@testable import HyperRTC

/// Server-to-client messages on a `maxRetransmits: 0` channel: sent once, unordered, abandoned when lost, and
/// skipped with FORWARD-TSN (RFC 3758 §3.5); dropped rather than queued when the window is full.
@Suite struct SCTPUnreliableSendTests {
    /// A connected peer with channel 2 open and the DCEP ACK acknowledged.
    static func connected(window: UInt32 = 131_072) -> SCTPTestPeer {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(2)
        _ = peer.drain()
        _ = peer.send(SCTPTestPeer.sack(cumulative: peer.serverInitialTSN, window: window))
        _ = peer.drain()
        return peer
    }

    static func dataChunks(_ packets: [[SCTPTestPeer.Chunk]]) -> [SCTPTestPeer.Chunk] {
        packets.flatMap { $0 }.filter { $0.type == 0 }
    }

    static func forwardTSNs(_ packets: [[SCTPTestPeer.Chunk]]) -> [UInt32] {
        packets.flatMap { $0 }.filter { $0.type == 0xC0 }.map { SCTPTestPeer.read32($0.value, 0) }
    }

    @Test func messagesGoOutUnorderedAndALostOneIsForwardedOverAfterThreeMissingReports() throws {
        var peer = Self.connected()
        let first = peer.serverInitialTSN &+ 1
        for byte: UInt8 in 1...3 {
            #expect(try peer.server.send([byte], channel: 2, binary: true, now: 0))
        }
        let data = Self.dataChunks(peer.drain())
        #expect(data.map(\.flags) == [0x07, 0x07, 0x07])
        #expect(data.map { SCTPTestPeer.read32($0.value, 0) } == [first, first &+ 1, first &+ 2])
        #expect(data.map { SCTPTestPeer.read32($0.value, 8) } == [53, 53, 53])
        for _ in 0..<2 {
            _ = peer.send(SCTPTestPeer.sack(cumulative: first, gaps: [(2, 2)]))
            #expect(Self.forwardTSNs(peer.drain()).isEmpty)
        }
        _ = peer.send(SCTPTestPeer.sack(cumulative: first, gaps: [(2, 2)]))
        let forwarded = peer.drain()
        #expect(Self.forwardTSNs(forwarded) == [first &+ 1])
        #expect(Self.dataChunks(forwarded).isEmpty)
        _ = peer.send(SCTPTestPeer.sack(cumulative: first &+ 2))
        #expect(peer.drain().isEmpty)
        #expect(peer.server.nextTimeout == nil)
    }

    @Test func anUnacknowledgedTailIsForwardedOverWhenTheTimerExpires() throws {
        var peer = Self.connected()
        try peer.server.send([1], channel: 2, binary: false, now: 0)
        #expect(Self.dataChunks(peer.drain()).count == 1)
        let timeout = try #require(peer.server.nextTimeout)
        peer.now = timeout
        #expect(peer.server.handleTimeout(now: timeout).isEmpty)
        let packets = peer.drain()
        #expect(Self.dataChunks(packets).isEmpty)
        #expect(Self.forwardTSNs(packets) == [peer.serverInitialTSN &+ 1])
    }

    @Test func messagesBeyondThePeerWindowAreDropped() throws {
        var peer = Self.connected(window: 100)
        #expect(try peer.server.send([UInt8](repeating: 1, count: 64), channel: 2, binary: true, now: 0))
        #expect(try !peer.server.send([UInt8](repeating: 2, count: 64), channel: 2, binary: true, now: 0))
        #expect(peer.server.counters.droppedOutgoingMessages == 1)
        #expect(Self.dataChunks(peer.drain()).count == 1)
    }

    @Test func aLargeMessageIsFragmentedWithinThePacketSize() throws {
        var peer = Self.connected()
        try peer.server.send([UInt8](repeating: 3, count: 3000), channel: 2, binary: true, now: 0)
        var sizes: [Int] = []
        while let packet = peer.server.pollTransmit(now: 0) { sizes.append(packet.count) }
        #expect(sizes.count == 3 && sizes.allSatisfy { $0 <= 1200 })
    }
}
