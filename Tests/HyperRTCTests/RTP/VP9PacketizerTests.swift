import HyperRTC
import Testing

/// RFC 9628 flexible-mode descriptors: I with a 15-bit picture ID, F, B/E on the frame's first and last packets, and
/// on inter frames P with one P_DIFF of 1.
struct VP9PacketizerTests {
    @Test func keyframeDescriptorsCarryBEndAndAPictureID() {
        var packetizer = VP9Packetizer(
            payloadType: 98, ssrc: 9, maximumPayloadSize: 103, initialSequenceNumber: 65_535, initialPictureID: 0x1234)
        let frame = (0..<250).map { UInt8(truncatingIfNeeded: $0) }
        let packets = packetizer.packetize(frame: frame, timestamp: 90, isKeyframe: true)
        #expect(packets.count == 3, "100 data bytes per packet after the 3-byte keyframe descriptor")
        #expect(packets.map { $0.payload[0] } == [0x98, 0x90, 0x94], "I|F, B on the first, E on the last, P never")
        #expect(packets.allSatisfy { Array($0.payload[1...2]) == [0x92, 0x34] })
        #expect(packets.map(\.marker) == [false, false, true])
        #expect(packets.map(\.sequenceNumber) == [65_535, 0, 1])
        #expect(Array(packets.map { $0.payload.dropFirst(3) }.joined()) == frame)
        let sizes = packets.map { $0.payload.count }
        #expect(Set(sizes.dropLast()).count == 1 && sizes.last! <= sizes.first!)
    }

    @Test func interFramesReferenceThePreviousPictureAndIDsWrap() {
        var packetizer = VP9Packetizer(payloadType: 98, ssrc: 9, initialPictureID: 0x7FFF)
        let key = packetizer.packetize(frame: [1, 2, 3], timestamp: 0, isKeyframe: true)
        let inter = packetizer.packetize(frame: Array(repeating: 7, count: 2000), timestamp: 3000, isKeyframe: false)
        #expect(key.count == 1 && key[0].payload[0] == 0x9C && key[0].marker)
        #expect(Array(key[0].payload[1...2]) == [0xFF, 0xFF])
        #expect(inter.count == 2)
        #expect(inter.map { $0.payload[0] } == [0xD8, 0xD4], "P|I|F with B, then E")
        #expect(inter.allSatisfy { Array($0.payload[1...3]) == [0x80, 0x00, 0x02] }, "picture ID 0, P_DIFF 1, N 0")
        #expect(Array(inter.map { $0.payload.dropFirst(4) }.joined()) == Array(repeating: 7, count: 2000))
        #expect(packetizer.packetize(frame: [], timestamp: 0, isKeyframe: false).isEmpty)
        #expect(packetizer.nextPictureID == 1)
    }
}
