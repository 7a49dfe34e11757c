import HyperRTC
import Testing

struct VP8DepacketizerTests {
    private static func packetize(_ frames: [[UInt8]], initialPictureID: UInt16 = 100) -> [[RTPPacket]] {
        var packetizer = VP8Packetizer(
            payloadType: 96, ssrc: 42, initialSequenceNumber: 65500, initialPictureID: initialPictureID)
        return frames.enumerated().map { index, frame in
            packetizer.packetize(frame: frame, timestamp: UInt32(index) &* 3000 &+ 0xFFFF_0000)
        }
    }

    @Test func inOrderPacketsReassembleEveryFrameOnItsMarker() throws {
        let frames = VP8TestFrames.sequence(count: 30, seed: 1)
        var depacketizer = VP8Depacketizer()
        for (index, packets) in Self.packetize(frames, initialPictureID: 32760).enumerated() {
            for packet in packets.dropLast() {
                #expect(try depacketizer.push(packet) == nil)
            }
            let frame = try #require(try depacketizer.push(packets.last!))
            #expect(frame.data == frames[index])
            #expect(frame.timestamp == packets[0].timestamp)
            #expect(frame.pictureID == UInt16((32760 + index) % 32768))
            #expect(frame.isKeyframe == (index % 5 == 0))
        }
        #expect(depacketizer.droppedFrames == 0)
        #expect(depacketizer.sequenceGaps == 0)
    }

    @Test func packetsShuffledWithinEachFrameStillReassemble() throws {
        let frames = VP8TestFrames.sequence(count: 30, seed: 2)
        var random = RTPTestRandom(seed: 3)
        var depacketizer = VP8Depacketizer()
        var emitted: [VP8Depacketizer.VP8Frame] = []
        for packets in Self.packetize(frames) {
            for packet in packets.shuffled(using: &random) {
                if let frame = try depacketizer.push(packet) {
                    emitted.append(frame)
                }
            }
        }
        #expect(emitted.map(\.data) == frames)
        #expect(depacketizer.droppedFrames == 0)
    }

    @Test func lostPacketsDropTheirFrameAndNeverEmitAWrongOne() throws {
        let frames = VP8TestFrames.sequence(count: 40, seed: 4)
        var random = RTPTestRandom(seed: 5)
        let stream = Self.packetize(frames)
        var lostFrames: Set<Int> = []
        var depacketizer = VP8Depacketizer()
        var emitted: [VP8Depacketizer.VP8Frame] = []
        for (index, packets) in stream.enumerated() {
            var delivered = packets.shuffled(using: &random)
            if index % 4 == 1 {
                delivered.remove(at: Int.random(in: 0..<delivered.count, using: &random))
                lostFrames.insert(index)
            }
            for packet in delivered {
                if let frame = try depacketizer.push(packet) {
                    emitted.append(frame)
                }
            }
        }
        let timestamps = stream.map { $0[0].timestamp }
        for frame in emitted {
            let index = try #require(timestamps.firstIndex(of: frame.timestamp))
            #expect(frame.data == frames[index])
            #expect(!lostFrames.contains(index))
        }
        #expect(emitted.count == frames.count - lostFrames.count)
        #expect(depacketizer.sequenceGaps == lostFrames.count)
        #expect(depacketizer.droppedFrames <= lostFrames.count)
    }

    @Test func duplicatesAndLatePacketsAreIgnored() throws {
        var random = RTPTestRandom(seed: 6)
        let frames = (0..<3).map { _ in VP8TestFrames.interframe(size: 3000, random: &random) }
        let stream = Self.packetize(frames)
        var depacketizer = VP8Depacketizer()
        #expect(try depacketizer.push(stream[0][0]) == nil)
        #expect(try depacketizer.push(stream[0][0]) == nil)
        var completed: VP8Depacketizer.VP8Frame?
        for packet in stream[0].dropFirst() {
            completed = try depacketizer.push(packet)
        }
        #expect(completed?.data == frames[0])
        #expect(try depacketizer.push(stream[0].last!) == nil)
        #expect(try depacketizer.push(stream[0][0]) == nil)
        #expect(depacketizer.droppedFrames == 0)
    }

    @Test func aFrameWithoutItsFirstOrMarkerPacketNeverCompletes() throws {
        var random = RTPTestRandom(seed: 8)
        let frames = (0..<3).map { _ in VP8TestFrames.keyframe(size: 2500, random: &random) }
        let stream = Self.packetize(frames)
        var depacketizer = VP8Depacketizer()
        for packet in stream[0].dropFirst() {
            #expect(try depacketizer.push(packet) == nil)
        }
        for packet in stream[1].dropLast() {
            #expect(try depacketizer.push(packet) == nil)
        }
        var last: VP8Depacketizer.VP8Frame?
        for packet in stream[2] {
            last = try depacketizer.push(packet)
        }
        #expect(last?.data == frames[2])
        #expect(depacketizer.droppedFrames == 2)
        #expect(depacketizer.sequenceGaps == 0)
    }

    @Test func descriptorsFromOtherSendersAreParsed() throws {
        let sevenBitPictureIDWithTL0AndTID: [UInt8] = [
            0x90, 0xE0, 0x05, 0x11, 0x40, 0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A,
        ]
        let packet = RTPPacket(
            payloadType: 96, sequenceNumber: 1, timestamp: 90, ssrc: 2, marker: true,
            payload: sevenBitPictureIDWithTL0AndTID)
        var depacketizer = VP8Depacketizer()
        let frame = try #require(try depacketizer.push(packet))
        #expect(frame.pictureID == 5)
        #expect(frame.data == [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A])
        #expect(frame.isKeyframe)

        let minimal = RTPPacket(
            payloadType: 96, sequenceNumber: 2, timestamp: 180, ssrc: 2, marker: true, payload: [0x10, 0x31, 0x00])
        let interframe = try #require(try depacketizer.push(minimal))
        #expect(interframe.pictureID == nil)
        #expect(!interframe.isKeyframe)
    }

    static let malformedDescriptors: [(payload: [UInt8], message: String)] = [
        ([], "VP8 payload is empty"),
        ([0x90], "VP8 descriptor sets X but the extension byte is missing"),
        ([0x90, 0x80], "VP8 descriptor sets I but the picture ID is missing"),
        ([0x90, 0x80, 0x81], "VP8 descriptor has a 15-bit picture ID cut to one byte"),
        ([0x90, 0x80, 0x81, 0x02], "VP8 descriptor takes 4 of 4 payload bytes, leaving no VP8 data"),
        ([0x10], "VP8 descriptor takes 1 of 1 payload bytes, leaving no VP8 data"),
        ([0x90, 0x40], "VP8 descriptor sets L but the TL0PICIDX is missing"),
        ([0x90, 0x60, 0x07], "VP8 descriptor sets T or K but the TID/KEYIDX byte is missing"),
    ]

    @Test(arguments: malformedDescriptors)
    func malformedDescriptorIsRejected(payload: [UInt8], message: String) {
        var depacketizer = VP8Depacketizer()
        let packet = RTPPacket(
            payloadType: 96, sequenceNumber: 1, timestamp: 0, ssrc: 1, marker: true, payload: payload)
        let error = #expect(throws: RTCError.self) { try depacketizer.push(packet) }
        #expect(error?.code == .malformedPacket)
        #expect(error?.message == message)
    }
}
