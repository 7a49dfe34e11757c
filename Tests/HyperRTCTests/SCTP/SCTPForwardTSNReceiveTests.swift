import Testing

@testable import HyperRTC

/// Receiving from a `maxRetransmits: 0` sender: unordered messages arrive past gaps, and FORWARD-TSN (RFC 3758
/// §3.6) moves the cumulative TSN over what was abandoned.
@Suite struct SCTPForwardTSNReceiveTests {
    static func forward(to tsn: UInt32, _ streams: [(UInt16, UInt16)] = []) -> [UInt8] {
        SCTPTestPeer.chunk(
            0xC0, SCTPTestPeer.be32(tsn) + streams.flatMap { SCTPTestPeer.be16($0.0) + SCTPTestPeer.be16($0.1) })
    }

    @Test func unorderedMessagesPassAGapThatForwardTSNCloses() throws {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let lost = peer.message([1])
        _ = lost
        #expect(peer.send(peer.message([2])) == [.message(channel: 0, binary: true, bytes: [2])])
        let gapped = try #require(SCTPTestPeer.sacks(in: peer.drain()).last)
        #expect(gapped.cumulativeTSN == peer.nextTSN &- 3)
        #expect(gapped.gaps == [2...2])
        #expect(peer.send(Self.forward(to: peer.nextTSN &- 2)).isEmpty)
        let forwarded = try #require(SCTPTestPeer.sacks(in: peer.drain()).last)
        #expect(forwarded.cumulativeTSN == peer.nextTSN &- 1)
        #expect(forwarded.gaps.isEmpty)
    }

    @Test func forwardTSNDropsSkippedFragments() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let tsn = peer.nextTSN
        peer.nextTSN &+= 2
        #expect(peer.send(SCTPTestPeer.data(tsn: tsn &+ 1, stream: 0, ppid: 53, flags: 0x04, [9, 9])).isEmpty)
        #expect(peer.server.reassembly.bufferedBytes == 2)
        #expect(peer.send(Self.forward(to: tsn &+ 1)).isEmpty)
        #expect(peer.server.reassembly.bufferedBytes == 0)
        #expect(peer.send(peer.message([3])) == [.message(channel: 0, binary: true, bytes: [3])])
    }

    @Test func forwardTSNReleasesOrderedMessagesWaitingBehindASkippedOne() {
        var peer = SCTPTestPeer()
        peer.connect()
        _ = peer.openChannel(0)
        let skipped = peer.nextTSN
        _ = peer.message([1], ordered: true)
        #expect(peer.send(peer.message([2], ordered: true)).isEmpty)
        #expect(peer.send(Self.forward(to: skipped, [(0, 1)])) == [.message(channel: 0, binary: true, bytes: [2])])
    }
}
