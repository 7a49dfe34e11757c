/// Synthetic VP8 frames with just enough of the VP8 frame header for keyframe detection (RFC 6386 §9.1).
enum VP8TestFrames {
    /// A keyframe: P bit (bit 0 of the first byte) clear, the start code 9d 01 2a at offset 3, then 640×360.
    static func keyframe(size: Int, random: inout RTPTestRandom) -> [UInt8] {
        precondition(size >= 10)
        return [0x10, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01] + random.bytes(size - 10)
    }

    /// An interframe: P bit set, no start code.
    static func interframe(size: Int, random: inout RTPTestRandom) -> [UInt8] {
        precondition(size >= 3)
        return [0x31, 0x04, 0x00] + random.bytes(size - 3)
    }

    /// `count` frames, a keyframe first and every fifth, of sizes from one to several packets.
    static func sequence(count: Int, seed: UInt64) -> [[UInt8]] {
        var random = RTPTestRandom(seed: seed)
        return (0..<count).map { index in
            let size = Int.random(in: 10...6000, using: &random)
            return index % 5 == 0
                ? keyframe(size: size, random: &random) : interframe(size: size, random: &random)
        }
    }
}
