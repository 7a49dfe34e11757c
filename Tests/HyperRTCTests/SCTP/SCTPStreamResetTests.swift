import Testing

@testable import HyperRTC

/// Closing a data channel by stream reset (RFC 6525, RFC 8831 §6.7): the peer's Outgoing SSN Reset Request is
/// answered "success performed", the channel closes, and we reset our side of the stream in the same chunk.
@Suite struct SCTPStreamResetTests {
    static func resetRequest(sequence: UInt32, lastTSN: UInt32, streams: [UInt16]) -> [UInt8] {
        let value =
            SCTPTestPeer.be32(sequence) + SCTPTestPeer.be32(0) + SCTPTestPeer.be32(lastTSN)
            + streams.flatMap(SCTPTestPeer.be16)
        return SCTPTestPeer.chunk(
            0x82, SCTPTestPeer.be16(13) + SCTPTestPeer.be16(UInt16(4 + value.count)) + value + [0, 0])
    }

    @Test func aResetStreamClosesItsChannelAndIsResetBack() throws {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(2)
        _ = peer.drain()
        _ = peer.send(SCTPTestPeer.sack(cumulative: peer.serverInitialTSN))
        let request = Self.resetRequest(sequence: peer.initialTSN, lastTSN: peer.nextTSN &- 1, streams: [2])
        #expect(peer.send(request) == [.channelClosed(2)])
        #expect(peer.server.channels.isEmpty)
        let reconfig = try #require(peer.drain().flatMap { $0 }.first { $0.type == 0x82 })
        let parameters = SCTPTestPeer.parameters(in: reconfig.value, from: 0)
        try #require(parameters.count == 2)
        #expect(parameters[0].type == 16)
        #expect(parameters[0].value == SCTPTestPeer.be32(peer.initialTSN) + SCTPTestPeer.be32(1))
        #expect(parameters[1].type == 13)
        #expect(Array(parameters[1].value[12...]) == SCTPTestPeer.be16(2))
        let ours = SCTPTestPeer.read32(parameters[1].value, 0)
        #expect(peer.send(request).isEmpty)
        #expect(peer.drain().flatMap { $0 }.contains { $0.type == 0x82 })
        let response = SCTPTestPeer.be16(16) + SCTPTestPeer.be16(12) + SCTPTestPeer.be32(ours) + SCTPTestPeer.be32(1)
        _ = peer.send(SCTPTestPeer.chunk(0x82, response))
        #expect(peer.server.streamReset.outstanding == nil)
        #expect(peer.server.nextTimeout == nil)
    }

    @Test func aResetAheadOfMissingDataIsInProgress() throws {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(2)
        let request = Self.resetRequest(sequence: peer.initialTSN, lastTSN: peer.nextTSN &+ 5, streams: [2])
        #expect(peer.send(request).isEmpty)
        let reconfig = try #require(peer.drain().flatMap { $0 }.first { $0.type == 0x82 })
        #expect(Array(reconfig.value[4...]) == SCTPTestPeer.be32(peer.initialTSN) + SCTPTestPeer.be32(6))
        #expect(peer.server.channels[2] != nil)
    }
}
