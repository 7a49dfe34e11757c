import Testing

@testable import HyperRTC

/// Fragmented messages (RFC 4960 §6.9) rebuilt in any arrival order, and ordered streams released in sequence.
@Suite struct SCTPReassemblyTests {
    @Test func anUnorderedMessageIsRebuiltFromFragmentsArrivingOutOfOrder() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let message = (0..<3000).map { UInt8($0 % 251) }
        let tsn = peer.nextTSN
        peer.nextTSN &+= 3
        let first = SCTPTestPeer.data(tsn: tsn, stream: 0, ppid: 53, flags: 0x06, Array(message[0..<1000]))
        let middle = SCTPTestPeer.data(tsn: tsn &+ 1, stream: 0, ppid: 53, flags: 0x04, Array(message[1000..<2000]))
        let last = SCTPTestPeer.data(tsn: tsn &+ 2, stream: 0, ppid: 53, flags: 0x05, Array(message[2000...]))
        #expect(peer.send(last).isEmpty)
        #expect(peer.send(first).isEmpty)
        #expect(peer.server.reassembly.bufferedBytes == 2000)
        #expect(peer.send(middle) == [.message(channel: 0, binary: true, bytes: message)])
        #expect(peer.server.reassembly.bufferedBytes == 0)
    }

    @Test func orderedMessagesAreReleasedInSequence() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let one = peer.message([1], ordered: true)
        let two = peer.message([2], ordered: true)
        #expect(peer.send(two).isEmpty)
        #expect(
            peer.send(one) == [
                .message(channel: 0, binary: true, bytes: [1]), .message(channel: 0, binary: true, bytes: [2]),
            ])
    }
}
