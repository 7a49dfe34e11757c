import HyperRTC
import NIOCore
import Testing

@testable import HyperSFU

/// What the router hands its `MediaTransmitter`, in virtual time: a frame as one segmented datagram per viewer when
/// UDP segmentation is on (one datagram per packet when off), each segment one SRTP packet; and nothing but a dropped
/// count while the viewer's socket is over its write buffer's high-water mark.
@Suite struct MediaRouterTransmitTests {
    let good = RouterHarness.address("127.0.0.1", 40_000)

    @Test(arguments: [true, false])
    func aFrameLeavesAsOneSegmentedDatagramWhenSegmentationIsOn(segmentation: Bool) throws {
        let harness = try RouterHarness()
        harness.router.writer.segmentation = segmentation
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        harness.deliverFrame(now: 1.1, bytes: 11_000)
        let media = harness.sent()
        let srtp = try #require(harness.clientSRTP)
        #expect(media.count > 1 && media.allSatisfy { $0.to == good })
        #expect(harness.transmitter.segmentedDatagrams == (segmentation ? 1 : 0))
        for datagram in media {
            let packet = try srtp.unprotectRTP(datagram.bytes)
            #expect(packet[1] & 0x7F == 96, "the viewer's payload type")
        }
        #expect(harness.viewer.packetsSent == UInt32(media.count))
    }

    @Test func aFullSocketDropsMediaAndCountsItUntilItDrains() throws {
        let harness = try RouterHarness()
        harness.connect(from: good, now: 1)
        _ = harness.sent()
        harness.transmitter.full = [harness.viewer.socket]
        harness.deliverFrame(now: 1.1, bytes: 6000)
        #expect(harness.sent().isEmpty)
        #expect(harness.viewer.packetsDropped > 0)
        #expect(harness.viewer.packetsSent == 0)
        let dropped = harness.viewer.packetsDropped
        harness.transmitter.full = []
        harness.deliverFrame(now: 1.2, keyframe: false, bytes: 6000)
        #expect(harness.sent().contains { PacketKind.classify($0.bytes) == .rtp })
        #expect(harness.viewer.packetsDropped == dropped)
    }
}
