import Testing

@testable import HyperRTC

/// Damaged, mistagged, truncated and random packets are dropped and counted, never trusted and never a crash.
@Suite struct SCTPRobustnessTests {
    @Test func badChecksumWrongTagAndTruncationAreCounted() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        var damaged = SCTPTestPeer.packet(tag: peer.serverTag, [peer.message([1])])
        damaged[damaged.count - 1] ^= 0x40
        #expect(peer.server.receive(damaged, now: 0).isEmpty)
        #expect(peer.server.receive(SCTPTestPeer.packet(tag: peer.serverTag &+ 1, [peer.message([2])]), now: 0).isEmpty)
        var truncated = SCTPTestPeer.chunk(0, flags: 7, [UInt8](repeating: 0, count: 20))
        truncated.removeLast(8)
        #expect(peer.server.receive(SCTPTestPeer.packet(tag: peer.serverTag, [truncated]), now: 0).isEmpty)
        #expect(peer.server.receive([1, 2, 3], now: 0).isEmpty)
        #expect(peer.server.counters.badChecksum == 2)
        #expect(peer.server.counters.badVerificationTag == 1)
        #expect(peer.server.counters.malformed == 1)
        #expect(peer.server.counters.droppedPackets == 4)
    }

    @Test func tenThousandRandomPacketsNeverCrashOrBreakTheAssociation() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        var random = RTPTestRandom(seed: 8261)
        for round in 0..<10_000 {
            let body = random.bytes(Int.random(in: 0...96, using: &random))
            if round % 2 == 0 {
                _ = peer.server.receive(body, now: 0)
            } else {
                let type = [0, 3, 4, 6, 7, 10, 14, 0x82, 0xC0, 0x40, 0x80, 0xFF][round / 2 % 12]
                var chunk = SCTPTestPeer.chunk(UInt8(type), flags: body.first ?? 0, body)
                if round % 3 == 0, !chunk.isEmpty { chunk.removeLast(Int.random(in: 0...chunk.count, using: &random)) }
                _ = peer.server.receive(SCTPTestPeer.packet(tag: peer.serverTag, [chunk]), now: 0)
            }
            _ = peer.drain()
            if peer.server.state != .established {
                peer = SCTPTestPeer()
                peer.connect()
                _ = peer.openChannel(0)
            }
        }
        #expect(peer.server.counters.droppedPackets > 0)
        #expect(peer.server.state == .established)
        peer.nextTSN = peer.server.received.cumulativeTSN &+ 1
        #expect(peer.send(peer.message([7])) == [.message(channel: 0, binary: true, bytes: [7])])
    }
}
