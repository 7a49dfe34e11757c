import Testing

@testable import HyperRTC

/// INIT, INIT-ACK, COOKIE-ECHO, COOKIE-ACK as the server side of RFC 4960 §5.1, with stateless INIT handling.
@Suite struct SCTPHandshakeTests {
    @Test func initIsAnsweredWithACookieAndPartialReliability() throws {
        var peer = SCTPTestPeer()
        #expect(peer.server.receive(SCTPTestPeer.packet(tag: 0, [peer.initChunk]), now: 0).isEmpty)
        let packets = peer.drain()
        try #require(packets.count == 1 && packets[0].count == 1)
        let initAck = packets[0][0]
        #expect(initAck.type == 2)
        #expect(SCTPTestPeer.read32(initAck.value, 0) != 0)
        let parameters = SCTPTestPeer.parameters(in: initAck.value, from: 16)
        #expect(parameters.contains { $0.type == 7 && !$0.value.isEmpty })
        let extensions: [UInt8] = parameters.first(where: { $0.type == 0x8008 }).map { $0.value } ?? []
        #expect(extensions.contains(0xC0) && extensions.contains(0x82))
        #expect(parameters.contains { $0.type == 0xC000 })
        #expect(peer.server.state == .listening)
    }

    @Test func cookieEchoEstablishesOnceAndARetransmissionIsAcknowledgedAgain() {
        var peer = SCTPTestPeer()
        _ = peer.server.receive(SCTPTestPeer.packet(tag: 0, [peer.initChunk]), now: 0)
        let initAck = peer.drain()[0][0]
        peer.serverTag = SCTPTestPeer.read32(initAck.value, 0)
        let cookieEcho = SCTPTestPeer.chunk(10, SCTPTestPeer.cookie(in: initAck))
        #expect(peer.send(cookieEcho) == [.established])
        #expect(peer.drain().map { $0.map(\.type) } == [[11]])
        #expect(peer.send(cookieEcho).isEmpty)
        #expect(peer.drain().map { $0.map(\.type) } == [[11]])
        #expect(peer.server.state == .established)
    }

    @Test func aRetransmittedInitLeavesTheFirstCookieValid() {
        var peer = SCTPTestPeer()
        _ = peer.server.receive(SCTPTestPeer.packet(tag: 0, [peer.initChunk]), now: 0)
        _ = peer.server.receive(SCTPTestPeer.packet(tag: 0, [peer.initChunk]), now: 0.5)
        let answers = peer.drain()
        #expect(answers.count == 2)
        peer.serverTag = SCTPTestPeer.read32(answers[0][0].value, 0)
        peer.now = 1
        #expect(peer.send(SCTPTestPeer.chunk(10, SCTPTestPeer.cookie(in: answers[0][0]))) == [.established])
    }

    @Test func forgedExpiredOrMistaggedCookiesAreDropped() {
        var peer = SCTPTestPeer()
        _ = peer.server.receive(SCTPTestPeer.packet(tag: 0, [peer.initChunk]), now: 0)
        let initAck = peer.drain()[0][0]
        let tag = SCTPTestPeer.read32(initAck.value, 0)
        var cookie = SCTPTestPeer.cookie(in: initAck)
        #expect(
            peer.server.receive(SCTPTestPeer.packet(tag: tag &+ 1, [SCTPTestPeer.chunk(10, cookie)]), now: 1).isEmpty)
        #expect(peer.server.receive(SCTPTestPeer.packet(tag: tag, [SCTPTestPeer.chunk(10, cookie)]), now: 61).isEmpty)
        cookie[0] ^= 1
        #expect(peer.server.receive(SCTPTestPeer.packet(tag: tag, [SCTPTestPeer.chunk(10, cookie)]), now: 1).isEmpty)
        #expect(peer.server.state == .listening)
        #expect(peer.server.counters.badVerificationTag == 1)
        #expect(peer.server.counters.outOfTheBlue == 2)
    }

    @Test func anInitFloodAllocatesNothing() {
        var peer = SCTPTestPeer()
        var random = RTPTestRandom(seed: 4960)
        for _ in 0..<10_000 {
            var initChunk = peer.initChunk
            initChunk.replaceSubrange(4..<8, with: SCTPTestPeer.be32(UInt32.random(in: 1...UInt32.max, using: &random)))
            _ = peer.server.receive(SCTPTestPeer.packet(tag: 0, [initChunk]), now: 0)
        }
        #expect(peer.server.state == .listening)
        #expect(peer.server.queuedPackets.count <= SCTPAssociation.maxQueuedPackets)
        #expect(peer.server.channels.isEmpty && peer.server.controlChunks.isEmpty)
        _ = peer.drain()
        #expect(peer.connect() == [.established])
    }
}
