/// Splits one VP9 frame into RTP packets with the RFC 9628 payload descriptor in flexible mode, for a stream of one
/// spatial and one temporal layer: I=1 with a 15-bit picture ID (M=1) that increments per frame, F=1, B on the first
/// packet of the frame, E and the RTP marker on the last, and on inter frames P=1 with one reference, P_DIFF=1 (the
/// previous picture), which is what a receiver's frame buffer needs to know when the frame is decodable.
///
/// Packet sizes follow `VP8Packetizer`: all equal but a shorter last, so a frame can go out as one segmented
/// datagram per viewer.
public struct VP9Packetizer: Sendable {
    static let keyframeDescriptorLength = 3
    static let interDescriptorLength = 4

    private var stream: VideoFramePacketizer

    public var payloadType: UInt8 { stream.payloadType }
    public var ssrc: UInt32 { stream.ssrc }
    /// The largest RTP payload, descriptor included.
    public var maximumPayloadSize: Int { stream.maximumPayloadSize }
    public var nextSequenceNumber: UInt16 { stream.nextSequenceNumber }
    public var nextPictureID: UInt16 { stream.nextPictureID }

    public init(
        payloadType: UInt8, ssrc: UInt32, maximumPayloadSize: Int = 1200,
        initialSequenceNumber: UInt16 = .random(in: .min ... .max),
        initialPictureID: UInt16 = .random(in: 0...0x7FFF)
    ) {
        stream = VideoFramePacketizer(
            codec: "VP9", payloadType: payloadType, ssrc: ssrc, maximumPayloadSize: maximumPayloadSize,
            longestDescriptor: Self.interDescriptorLength, initialSequenceNumber: initialSequenceNumber,
            initialPictureID: initialPictureID)
    }

    /// The frame's packets, as few as fit; an empty frame yields none.
    public mutating func packetize(frame: [UInt8], timestamp: UInt32, isKeyframe: Bool) -> [RTPPacket] {
        stream.packetize(
            frame: frame, timestamp: timestamp,
            descriptorLength: isKeyframe ? Self.keyframeDescriptorLength : Self.interDescriptorLength
        ) { payload, first, last, pictureID in
            // I | P | L | F | B | E | V | Z
            payload.append(0x80 | (isKeyframe ? 0 : 0x40) | 0x10 | (first ? 0x08 : 0) | (last ? 0x04 : 0))
            payload.append(0x80 | UInt8(pictureID >> 8))
            payload.append(UInt8(truncatingIfNeeded: pictureID))
            if !isKeyframe {
                payload.append(1 << 1)  // P_DIFF 1, N 0: the one reference is the previous picture
            }
        }
    }
}
