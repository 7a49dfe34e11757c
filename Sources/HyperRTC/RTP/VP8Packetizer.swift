/// Splits one VP8 frame into RTP packets with the RFC 7741 payload descriptor: X=1, S on the first packet of the frame,
/// PID 0, I=1 with a 15-bit picture ID (M=1) that increments per frame; marker bit on the last packet. Frames given a
/// temporal layer also carry L=1 and T=1: the TL0PICIDX (counting base-layer frames), the TID, Y=1 on upper-layer
/// frames (they reference only the base layer) and N=1 on them (nothing references them), so an SFU can drop the
/// upper layer for one viewer and the receiver knows what it may skip.
public struct VP8Packetizer: Sendable {
    static let descriptorLength = 4
    static let layeredDescriptorLength = 6

    public let payloadType: UInt8
    public let ssrc: UInt32
    /// The largest RTP payload, descriptor included.
    public let maximumPayloadSize: Int
    /// The sequence number the next packet gets; it continues across frames and wraps.
    public private(set) var nextSequenceNumber: UInt16
    /// The TL0PICIDX of the latest base-layer frame: the next base-layer frame gets one more, upper-layer frames
    /// this one.
    public private(set) var nextTL0PictureIndex: UInt8 = .random(in: 0...255)
    /// The 15-bit picture ID the next frame gets.
    public private(set) var nextPictureID: UInt16

    public init(
        payloadType: UInt8, ssrc: UInt32, maximumPayloadSize: Int = 1200,
        initialSequenceNumber: UInt16 = .random(in: .min ... .max),
        initialPictureID: UInt16 = .random(in: 0...0x7FFF)
    ) {
        precondition(
            maximumPayloadSize > Self.descriptorLength,
            "a VP8 RTP payload needs room for the \(Self.descriptorLength)-byte descriptor and data")
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.maximumPayloadSize = maximumPayloadSize
        self.nextSequenceNumber = initialSequenceNumber
        self.nextPictureID = initialPictureID & 0x7FFF
    }

    /// The frame's packets, as few as fit, sized by `PacketSizes` (all equal but a shorter last); an empty frame
    /// yields none.
    public mutating func packetize(frame: [UInt8], timestamp: UInt32, temporalLayer: Int? = nil) -> [RTPPacket] {
        guard !frame.isEmpty else { return [] }
        let descriptorLength = temporalLayer == nil ? Self.descriptorLength : Self.layeredDescriptorLength
        let sizes = PacketSizes(total: frame.count, capacity: maximumPayloadSize - descriptorLength)
        let pictureID = nextPictureID
        let layer = UInt8(clamping: max(0, temporalLayer ?? 0))
        if temporalLayer != nil, layer == 0 { nextTL0PictureIndex &+= 1 }
        var packets: [RTPPacket] = []
        packets.reserveCapacity(sizes.count)
        var offset = 0
        for index in 0..<sizes.count {
            let size = sizes.size(of: index)
            var payload: [UInt8] = []
            payload.reserveCapacity(descriptorLength + size)
            payload.append((index == 0 ? 0x90 : 0x80) | (layer > 0 ? 0x20 : 0))
            payload.append(temporalLayer == nil ? 0x80 : 0xE0)
            payload.append(0x80 | UInt8(pictureID >> 8))
            payload.append(UInt8(truncatingIfNeeded: pictureID))
            if temporalLayer != nil {
                payload.append(nextTL0PictureIndex)
                payload.append(layer << 6 | (layer > 0 ? 0x20 : 0))
            }
            payload.append(contentsOf: frame[offset..<offset + size])
            offset += size
            packets.append(
                RTPPacket(
                    payloadType: payloadType, sequenceNumber: nextSequenceNumber, timestamp: timestamp, ssrc: ssrc,
                    marker: index == sizes.count - 1, payload: payload))
            nextSequenceNumber &+= 1
        }
        nextPictureID = (pictureID + 1) & 0x7FFF
        return packets
    }
}
