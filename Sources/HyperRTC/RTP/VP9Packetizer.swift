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

    public let payloadType: UInt8
    public let ssrc: UInt32
    /// The largest RTP payload, descriptor included.
    public let maximumPayloadSize: Int
    public private(set) var nextSequenceNumber: UInt16
    public private(set) var nextPictureID: UInt16

    public init(
        payloadType: UInt8, ssrc: UInt32, maximumPayloadSize: Int = 1200,
        initialSequenceNumber: UInt16 = .random(in: .min ... .max),
        initialPictureID: UInt16 = .random(in: 0...0x7FFF)
    ) {
        precondition(
            maximumPayloadSize > Self.interDescriptorLength,
            "a VP9 RTP payload needs room for the \(Self.interDescriptorLength)-byte descriptor and data")
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.maximumPayloadSize = maximumPayloadSize
        self.nextSequenceNumber = initialSequenceNumber
        self.nextPictureID = initialPictureID & 0x7FFF
    }

    /// The frame's packets, as few as fit; an empty frame yields none.
    public mutating func packetize(frame: [UInt8], timestamp: UInt32, isKeyframe: Bool) -> [RTPPacket] {
        guard !frame.isEmpty else { return [] }
        let descriptorLength = isKeyframe ? Self.keyframeDescriptorLength : Self.interDescriptorLength
        let sizes = PacketSizes(total: frame.count, capacity: maximumPayloadSize - descriptorLength)
        let pictureID = nextPictureID
        var packets: [RTPPacket] = []
        packets.reserveCapacity(sizes.count)
        var offset = 0
        for index in 0..<sizes.count {
            let size = sizes.size(of: index)
            let first = index == 0
            let last = index == sizes.count - 1
            var payload: [UInt8] = []
            payload.reserveCapacity(descriptorLength + size)
            // I | P | L | F | B | E | V | Z
            payload.append(0x80 | (isKeyframe ? 0 : 0x40) | 0x10 | (first ? 0x08 : 0) | (last ? 0x04 : 0))
            payload.append(0x80 | UInt8(pictureID >> 8))
            payload.append(UInt8(truncatingIfNeeded: pictureID))
            if !isKeyframe {
                payload.append(1 << 1)  // P_DIFF 1, N 0: the one reference is the previous picture
            }
            payload.append(contentsOf: frame[offset..<offset + size])
            offset += size
            packets.append(
                RTPPacket(
                    payloadType: payloadType, sequenceNumber: nextSequenceNumber, timestamp: timestamp, ssrc: ssrc,
                    marker: last, payload: payload))
            nextSequenceNumber &+= 1
        }
        nextPictureID = (pictureID + 1) & 0x7FFF
        return packets
    }
}
