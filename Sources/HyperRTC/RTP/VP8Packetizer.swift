/// Splits one VP8 frame into RTP packets with the RFC 7741 payload descriptor: X=1, S on the first packet of the frame,
/// PID 0, I=1 with a 15-bit picture ID (M=1) that increments per frame; marker bit on the last packet. Frames given a
/// temporal layer also carry L=1 and T=1: the TL0PICIDX (counting base-layer frames), the TID, Y=1 on upper-layer
/// frames (they reference only the base layer) and N=1 on them (nothing references them), so an SFU can drop the
/// upper layer for one viewer and the receiver knows what it may skip.
public struct VP8Packetizer: Sendable {
    static let descriptorLength = 4
    static let layeredDescriptorLength = 6

    private var stream: VideoFramePacketizer
    /// The TL0PICIDX of the latest base-layer frame: the next base-layer frame gets one more, upper-layer frames
    /// this one.
    public private(set) var nextTL0PictureIndex: UInt8 = .random(in: 0...255)

    public var payloadType: UInt8 { stream.payloadType }
    public var ssrc: UInt32 { stream.ssrc }
    /// The largest RTP payload, descriptor included.
    public var maximumPayloadSize: Int { stream.maximumPayloadSize }
    /// The sequence number the next packet gets; it continues across frames and wraps.
    public var nextSequenceNumber: UInt16 { stream.nextSequenceNumber }
    /// The 15-bit picture ID the next frame gets.
    public var nextPictureID: UInt16 { stream.nextPictureID }

    public init(
        payloadType: UInt8, ssrc: UInt32, maximumPayloadSize: Int = 1200,
        initialSequenceNumber: UInt16 = .random(in: .min ... .max),
        initialPictureID: UInt16 = .random(in: 0...0x7FFF)
    ) {
        stream = VideoFramePacketizer(
            codec: "VP8", payloadType: payloadType, ssrc: ssrc, maximumPayloadSize: maximumPayloadSize,
            longestDescriptor: Self.descriptorLength, initialSequenceNumber: initialSequenceNumber,
            initialPictureID: initialPictureID)
    }

    /// The frame's packets, as few as fit, sized by `PacketSizes` (all equal but a shorter last); an empty frame
    /// yields none.
    public mutating func packetize(frame: [UInt8], timestamp: UInt32, temporalLayer: Int? = nil) -> [RTPPacket] {
        guard !frame.isEmpty else { return [] }
        let layer = UInt8(clamping: max(0, temporalLayer ?? 0))
        if temporalLayer != nil, layer == 0 { nextTL0PictureIndex &+= 1 }
        let tl0PictureIndex = nextTL0PictureIndex
        return stream.packetize(
            frame: frame, timestamp: timestamp,
            descriptorLength: temporalLayer == nil ? Self.descriptorLength : Self.layeredDescriptorLength
        ) { payload, first, _, pictureID in
            payload.append((first ? 0x90 : 0x80) | (layer > 0 ? 0x20 : 0))
            payload.append(temporalLayer == nil ? 0x80 : 0xE0)
            payload.append(0x80 | UInt8(pictureID >> 8))
            payload.append(UInt8(truncatingIfNeeded: pictureID))
            if temporalLayer != nil {
                payload.append(tl0PictureIndex)
                payload.append(layer << 6 | (layer > 0 ? 0x20 : 0))
            }
        }
    }
}
