import HyperRTC
import Testing

struct VP8PacketizerTests {
    @Test func descriptorBytesFollowRFC7741() {
        var packetizer = VP8Packetizer(
            payloadType: 96, ssrc: 0xABCD, maximumPayloadSize: 104, initialSequenceNumber: 10,
            initialPictureID: 0x1234)
        let packets = packetizer.packetize(frame: Array(repeating: 0x55, count: 250), timestamp: 9000)
        #expect(packets.count == 3)
        #expect(Array(packets[0].payload.prefix(4)) == [0x90, 0x80, 0x92, 0x34])
        #expect(Array(packets[1].payload.prefix(4)) == [0x80, 0x80, 0x92, 0x34])
        #expect(Array(packets[2].payload.prefix(4)) == [0x80, 0x80, 0x92, 0x34])
        let next = packetizer.packetize(frame: [0x31, 0, 0], timestamp: 12000)
        #expect(next[0].payload == [0x90, 0x80, 0x92, 0x35, 0x31, 0, 0])
    }

    @Test func framesSplitIntoEqualPacketsAndAShorterLastWithinTheMaximum() {
        var packetizer = VP8Packetizer(payloadType: 96, ssrc: 1, initialSequenceNumber: 0, initialPictureID: 0)
        for size in [1, 2, 1195, 1196, 1197, 2392, 2393, 2500, 3589, 10_000, 65_432, 300_001] {
            let frame = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31) }
            let packets = packetizer.packetize(frame: frame, timestamp: 0)
            let dataSizes = packets.map { $0.payload.count - 4 }
            #expect(packets.count == (size + 1195) / 1196, "frame of \(size) bytes")
            #expect(packets.allSatisfy { $0.payload.count <= 1200 })
            #expect(Set(dataSizes.dropLast()).count <= 1, "frame of \(size) bytes split as \(dataSizes)")
            #expect(dataSizes.last! >= 1 && dataSizes.last! <= dataSizes.first!, "frame of \(size): \(dataSizes)")
            #expect(dataSizes.first! - dataSizes.last! < packets.count, "frame of \(size) bytes split as \(dataSizes)")
            #expect(Array(packets.map { $0.payload.dropFirst(4) }.joined()) == frame)
        }
    }

    @Test func framesOfMorePacketsThanBytesPerPacketFillAllButTheLast() {
        var packetizer = VP8Packetizer(payloadType: 96, ssrc: 1, maximumPayloadSize: 14)
        for size in [11, 100, 101, 109, 110, 1000] {
            let frame = (0..<size).map { UInt8(truncatingIfNeeded: $0) }
            let packets = packetizer.packetize(frame: frame, timestamp: 0)
            let dataSizes = packets.map { $0.payload.count - 4 }
            #expect(packets.count == (size + 9) / 10, "frame of \(size) bytes")
            #expect(Set(dataSizes.dropLast()).count <= 1 && dataSizes.last! >= 1, "\(size): \(dataSizes)")
            #expect(Array(packets.map { $0.payload.dropFirst(4) }.joined()) == frame)
        }
    }

    @Test func temporalLayersAddTL0PICIDXAndTIDThatTheDepacketizerReads() throws {
        var packetizer = VP8Packetizer(
            payloadType: 96, ssrc: 7, maximumPayloadSize: 106, initialSequenceNumber: 0, initialPictureID: 40)
        var depacketizer = VP8Depacketizer()
        var tl0: [UInt8] = []
        for (index, layer) in [0, 1, 0, 1, 0].enumerated() {
            let frame = [UInt8(index * 2)] + [UInt8](repeating: UInt8(index), count: 250)
            let packets = packetizer.packetize(frame: frame, timestamp: UInt32(index) * 3000, temporalLayer: layer)
            #expect(packets.count == 3, "100 data bytes per packet after the 6-byte descriptor")
            for packet in packets {
                #expect(packet.payload[1] == 0xE0, "X byte with I, L and T")
                #expect(packet.payload[5] == (layer == 0 ? 0x00 : 0x60), "TID \(layer), Y on the upper layer")
                #expect(packet.payload[0] & 0x20 == (layer == 0 ? 0 : 0x20), "N on the upper layer")
            }
            tl0.append(packets[0].payload[4])
            var emitted: VP8Depacketizer.VP8Frame?
            for packet in packets { emitted = try depacketizer.push(packet) ?? emitted }
            let decoded = try #require(emitted)
            #expect(decoded.data == frame)
            #expect(decoded.temporalLayer == UInt8(layer))
            #expect(decoded.tl0PictureIndex == packets[0].payload[4])
            #expect(decoded.pictureID == UInt16(40 + index))
        }
        // TL0PICIDX counts base-layer frames; an upper-layer frame carries its base frame's.
        #expect(tl0[1] == tl0[0] && tl0[2] == tl0[0] &+ 1 && tl0[3] == tl0[2] && tl0[4] == tl0[2] &+ 1)
    }

    @Test func markerOnlyOnTheLastPacketAndHeaderFieldsCarried() {
        var packetizer = VP8Packetizer(payloadType: 98, ssrc: 0x1122_3344, maximumPayloadSize: 504)
        let packets = packetizer.packetize(frame: Array(repeating: 1, count: 2000), timestamp: 0xFFFF_FFF0)
        #expect(packets.map(\.marker) == [false, false, false, true])
        #expect(packets.allSatisfy { $0.payloadType == 98 && $0.ssrc == 0x1122_3344 && $0.timestamp == 0xFFFF_FFF0 })
        #expect(packets.map { $0.payload[0] & 0x10 != 0 } == [true, false, false, false])
    }

    @Test func sequenceNumbersContinueAcrossFramesAndWrap() {
        var packetizer = VP8Packetizer(
            payloadType: 96, ssrc: 1, maximumPayloadSize: 100, initialSequenceNumber: 65534, initialPictureID: 0)
        let first = packetizer.packetize(frame: Array(repeating: 0, count: 250), timestamp: 0)
        #expect(first.map(\.sequenceNumber) == [65534, 65535, 0])
        #expect(packetizer.nextSequenceNumber == 1)
        let second = packetizer.packetize(frame: Array(repeating: 0, count: 10), timestamp: 3000)
        #expect(second.map(\.sequenceNumber) == [1])
        #expect(packetizer.nextSequenceNumber == 2)
    }

    @Test func pictureIDIncrementsPerFrameAndWrapsAt32767() {
        var packetizer = VP8Packetizer(payloadType: 96, ssrc: 1, maximumPayloadSize: 100, initialPictureID: 32766)
        var pictureIDs: [UInt16] = []
        for _ in 0..<3 {
            let packets = packetizer.packetize(frame: Array(repeating: 0, count: 300), timestamp: 0)
            let ids = Set(packets.map { UInt16(($0.payload[2] & 0x7F)) << 8 | UInt16($0.payload[3]) })
            #expect(ids.count == 1)
            #expect(packets.allSatisfy { $0.payload[2] & 0x80 != 0 })
            pictureIDs.append(ids.first!)
        }
        #expect(pictureIDs == [32766, 32767, 0])
    }

    @Test func initialPictureIDIsKeptTo15Bits() {
        let packetizer = VP8Packetizer(payloadType: 96, ssrc: 1, initialPictureID: 0xFFFF)
        #expect(packetizer.nextPictureID == 0x7FFF)
        for _ in 0..<20 {
            #expect(VP8Packetizer(payloadType: 96, ssrc: 1).nextPictureID <= 0x7FFF)
        }
    }

    @Test func emptyFrameYieldsNoPackets() {
        var packetizer = VP8Packetizer(payloadType: 96, ssrc: 1, initialSequenceNumber: 7, initialPictureID: 3)
        #expect(packetizer.packetize(frame: [], timestamp: 0).isEmpty)
        #expect(packetizer.nextSequenceNumber == 7)
        #expect(packetizer.nextPictureID == 3)
    }
}
