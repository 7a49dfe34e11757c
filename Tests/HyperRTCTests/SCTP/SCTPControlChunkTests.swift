import Testing

@testable import HyperRTC

/// HEARTBEAT echo, ABORT, SHUTDOWN and the unknown-chunk rule of RFC 4960 §3.2.
@Suite struct SCTPControlChunkTests {
    @Test func heartbeatIsEchoed() {
        var peer = SCTPTestPeer()
        peer.connect()
        let info: [UInt8] = [0, 1, 0, 12] + [9, 8, 7, 6, 5, 4, 3, 2]
        #expect(peer.send(SCTPTestPeer.chunk(4, info)).isEmpty)
        #expect(peer.drain() == [[SCTPTestPeer.Chunk(type: 5, flags: 0, value: info)]])
    }

    @Test func abortCloses() {
        var peer = SCTPTestPeer()
        peer.connect()
        #expect(peer.send(SCTPTestPeer.chunk(6, [])) == [.closed(reason: "peer sent ABORT")])
        #expect(peer.server.state == .closed)
        #expect(peer.send(SCTPTestPeer.chunk(4, [0, 1, 0, 4])).isEmpty)
        #expect(peer.drain().isEmpty)
    }

    @Test func shutdownIsAcknowledgedAndCompleted() {
        var peer = SCTPTestPeer()
        peer.connect()
        #expect(peer.send(SCTPTestPeer.chunk(7, SCTPTestPeer.be32(peer.serverInitialTSN &- 1))).isEmpty)
        #expect(peer.drain().map { $0.map(\.type) } == [[8]])
        #expect(peer.server.state == .shuttingDown)
        #expect(throws: RTCError.self) { try peer.server.send([1], channel: 0, binary: true, now: 0) }
        #expect(peer.send(SCTPTestPeer.chunk(14, [])) == [.closed(reason: "peer shut the association down")])
    }

    @Test func closeSendsAbort() {
        var peer = SCTPTestPeer()
        peer.connect()
        peer.server.close()
        #expect(peer.drain().map { $0.map(\.type) } == [[6]])
        #expect(peer.server.state == .closed)
    }

    @Test func unknownChunksFollowTheirUpperTwoBits() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        _ = peer.drain()
        #expect(
            peer.send(SCTPTestPeer.chunk(0xBF, [1]), peer.message([1])) == [
                .message(channel: 0, binary: true, bytes: [1])
            ])
        #expect(peer.drain().flatMap { $0 }.filter { $0.type == 9 }.isEmpty)
        #expect(peer.send(SCTPTestPeer.chunk(0x7F, [2]), peer.message([2])).isEmpty)
        let errors = peer.drain().flatMap { $0 }.filter { $0.type == 9 }
        #expect(errors.count == 1 && SCTPTestPeer.read16(errors[0].value, 0) == 6)
        #expect(peer.send(SCTPTestPeer.chunk(0x3F, [3]), peer.message([3])).isEmpty)
        #expect(peer.drain().flatMap { $0 }.filter { $0.type == 9 }.isEmpty)
    }
}
