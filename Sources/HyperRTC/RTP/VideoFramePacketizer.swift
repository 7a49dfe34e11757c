/// What the VP8 and VP9 packetizers share: the stream's numbering (sequence numbers that continue across frames and
/// wrap, a 15-bit picture ID per frame) and cutting a frame into `PacketSizes` payloads, each behind the payload
/// descriptor its codec writes, with the marker on the last packet.
struct VideoFramePacketizer: Sendable {
    let payloadType: UInt8
    let ssrc: UInt32
    /// The largest RTP payload, descriptor included.
    let maximumPayloadSize: Int
    private(set) var nextSequenceNumber: UInt16
    private(set) var nextPictureID: UInt16

    init(
        codec: String, payloadType: UInt8, ssrc: UInt32, maximumPayloadSize: Int, longestDescriptor: Int,
        initialSequenceNumber: UInt16, initialPictureID: UInt16
    ) {
        precondition(
            maximumPayloadSize > longestDescriptor,
            "a \(codec) RTP payload needs room for the \(longestDescriptor)-byte descriptor and data")
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.maximumPayloadSize = maximumPayloadSize
        self.nextSequenceNumber = initialSequenceNumber
        self.nextPictureID = initialPictureID & 0x7FFF
    }

    /// The frame's packets, as few as fit; an empty frame yields none. `writeDescriptor` appends the
    /// `descriptorLength`-byte descriptor of the packet at an index (`first`, `last`) for the frame's picture ID.
    mutating func packetize(
        frame: [UInt8],
        timestamp: UInt32,
        descriptorLength: Int,
        writeDescriptor: (_ payload: inout [UInt8], _ first: Bool, _ last: Bool, _ pictureID: UInt16) -> Void
    ) -> [RTPPacket] {
        guard !frame.isEmpty else { return [] }
        let sizes = PacketSizes(total: frame.count, capacity: maximumPayloadSize - descriptorLength)
        let pictureID = nextPictureID
        var packets: [RTPPacket] = []
        packets.reserveCapacity(sizes.count)
        var offset = 0
        for index in 0..<sizes.count {
            let size = sizes.size(of: index)
            let last = index == sizes.count - 1
            var payload: [UInt8] = []
            payload.reserveCapacity(descriptorLength + size)
            writeDescriptor(&payload, index == 0, last, pictureID)
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
