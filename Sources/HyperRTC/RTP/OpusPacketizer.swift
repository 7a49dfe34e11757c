/// Wraps each Opus frame in one RTP packet (RFC 7587): timestamps on the 48 kHz clock, marker bit clear.
public struct OpusPacketizer: Sendable {
    public let payloadType: UInt8
    public let ssrc: UInt32
    /// The sequence number the next packet gets.
    public private(set) var nextSequenceNumber: UInt16

    public init(payloadType: UInt8, ssrc: UInt32, initialSequenceNumber: UInt16 = .random(in: .min ... .max)) {
        self.payloadType = payloadType
        self.ssrc = ssrc
        self.nextSequenceNumber = initialSequenceNumber
    }

    public mutating func packetize(_ opusFrame: [UInt8], timestamp: UInt32) -> RTPPacket {
        let packet = RTPPacket(
            payloadType: payloadType, sequenceNumber: nextSequenceNumber, timestamp: timestamp, ssrc: ssrc,
            payload: opusFrame)
        nextSequenceNumber &+= 1
        return packet
    }
}
