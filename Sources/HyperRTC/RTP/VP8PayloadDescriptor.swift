/// The VP8 payload descriptor at the start of every VP8 RTP payload (RFC 7741 §4.2).
struct VP8PayloadDescriptor: Equatable, Sendable {
    var isNonReference: Bool
    var isStartOfPartition: Bool
    var partitionIndex: UInt8
    /// 7- or 15-bit picture ID when the sender includes one.
    var pictureID: UInt16?
    /// TL0PICIDX (L=1): the base-layer frame count the frame belongs to.
    var tl0PictureIndex: UInt8?
    /// TID (T=1): the frame's temporal layer, 0 for the base.
    var temporalLayer: UInt8?
    /// Y: the frame depends only on the base layer.
    var layerSync = false
    /// How many payload bytes the descriptor takes; the VP8 data follows.
    var length: Int

    var isStartOfFrame: Bool { isStartOfPartition && partitionIndex == 0 }

    init(parsing payload: [UInt8]) throws(RTCError) {
        guard let first = payload.first else {
            throw RTCError(.malformedPacket, "VP8 payload is empty")
        }
        isNonReference = first & 0x20 != 0
        isStartOfPartition = first & 0x10 != 0
        partitionIndex = first & 0x0F
        pictureID = nil
        length = 1
        if first & 0x80 != 0 {
            guard payload.count > length else {
                throw RTCError(.malformedPacket, "VP8 descriptor sets X but the extension byte is missing")
            }
            let extensions = payload[1]
            length = 2
            if extensions & 0x80 != 0 {
                guard payload.count > length else {
                    throw RTCError(.malformedPacket, "VP8 descriptor sets I but the picture ID is missing")
                }
                if payload[length] & 0x80 != 0 {
                    guard payload.count > length + 1 else {
                        throw RTCError(.malformedPacket, "VP8 descriptor has a 15-bit picture ID cut to one byte")
                    }
                    pictureID = (UInt16(payload[length] & 0x7F) << 8) | UInt16(payload[length + 1])
                    length += 2
                } else {
                    pictureID = UInt16(payload[length])
                    length += 1
                }
            }
            if extensions & 0x40 != 0 {
                guard payload.count > length else {
                    throw RTCError(.malformedPacket, "VP8 descriptor sets L but the TL0PICIDX is missing")
                }
                tl0PictureIndex = payload[length]
                length += 1
            }
            if extensions & 0x30 != 0 {
                guard payload.count > length else {
                    throw RTCError(.malformedPacket, "VP8 descriptor sets T or K but the TID/KEYIDX byte is missing")
                }
                if extensions & 0x20 != 0 {
                    temporalLayer = payload[length] >> 6
                    layerSync = payload[length] & 0x20 != 0
                }
                length += 1
            }
        }
        guard payload.count > length else {
            throw RTCError(
                .malformedPacket,
                "VP8 descriptor takes \(length) of \(payload.count) payload bytes, leaving no VP8 data")
        }
    }
}
