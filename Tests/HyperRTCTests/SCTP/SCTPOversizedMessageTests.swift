import Testing

@testable import HyperRTC

/// A message larger than `maxMessageSize` is discarded fragment by fragment without holding its bytes.
@Suite struct SCTPOversizedMessageTests {
    @Test func anOversizedMessageIsDroppedAndTheNextOneArrives() {
        var configuration = SCTPConfiguration()
        configuration.maxMessageSize = 4000
        var peer = SCTPTestPeer(configuration: configuration)
        peer.connect()
        _ = peer.openChannel(0)
        let tsn = peer.nextTSN
        peer.nextTSN &+= 4
        for index in 0..<4 {
            let flags: UInt8 = 0x04 | (index == 0 ? 0x02 : 0) | (index == 3 ? 0x01 : 0)
            let fragment = SCTPTestPeer.data(
                tsn: tsn &+ UInt32(index), stream: 0, ppid: 53, flags: flags, [UInt8](repeating: 1, count: 1500))
            #expect(peer.send(fragment).isEmpty)
        }
        #expect(peer.server.counters.oversizedMessages == 1)
        #expect(peer.server.reassembly.bufferedBytes == 0)
        #expect(peer.send(peer.message([5])) == [.message(channel: 0, binary: true, bytes: [5])])
        #expect(SCTPTestPeer.sacks(in: peer.drain()).last?.cumulativeTSN == peer.nextTSN &- 1)
    }

    @Test func sendingMoreThanTheMaximumThrows() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        #expect(throws: RTCError.self) {
            try peer.server.send([UInt8](repeating: 0, count: 65_537), channel: 0, binary: true, now: 0)
        }
        #expect(throws: RTCError.self) { try peer.server.send([1], channel: 9, binary: true, now: 0) }
    }
}
