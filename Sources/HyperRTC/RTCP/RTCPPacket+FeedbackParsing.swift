extension RTCPPacket {
    static let feedbackHeaderLength = 12
    static let rembIdentifier: [UInt8] = Array("REMB".utf8)

    static func parseTransportLayerFeedback(_ view: RTCPPacketView) throws(RTCError) -> RTCPPacket {
        try view.requireLength(atLeast: feedbackHeaderLength, for: "transport-layer feedback")
        let senderSSRC = view.uint32(at: 4)
        let mediaSSRC = view.uint32(at: 8)
        switch view.format {
        case RTCPFeedbackFormat.genericNACK:
            let fciLength = view.length - feedbackHeaderLength
            guard fciLength % GenericNACKEntry.wireLength == 0 else {
                throw view.error("generic NACK", "has a \(fciLength)-byte FCI, not a multiple of 4")
            }
            var lost: [UInt16] = []
            lost.reserveCapacity(fciLength / GenericNACKEntry.wireLength)
            var position = view.offset + feedbackHeaderLength
            while position < view.end {
                let entry = GenericNACKEntry(
                    packetID: RTPWire.uint16(view.bytes, at: position),
                    bitmask: RTPWire.uint16(view.bytes, at: position + 2))
                entry.expand(into: &lost)
                position += GenericNACKEntry.wireLength
            }
            return .genericNACK(senderSSRC: senderSSRC, mediaSSRC: mediaSSRC, lost: lost)
        case RTCPFeedbackFormat.transportWideCongestionControl:
            return .transportFeedback(
                senderSSRC: senderSSRC, mediaSSRC: mediaSSRC,
                raw: Array(view.bytes[view.offset + feedbackHeaderLength..<view.end]))
        default:
            return .unknown(packetType: view.packetType, format: view.format, body: view.body)
        }
    }

    static func parsePayloadSpecificFeedback(_ view: RTCPPacketView) throws(RTCError) -> RTCPPacket {
        try view.requireLength(atLeast: feedbackHeaderLength, for: "payload-specific feedback")
        let senderSSRC = view.uint32(at: 4)
        switch view.format {
        case RTCPFeedbackFormat.pictureLossIndication:
            guard view.length == feedbackHeaderLength else {
                throw view.error("picture loss indication", "is \(view.length) bytes, expected 12")
            }
            return .pictureLossIndication(senderSSRC: senderSSRC, mediaSSRC: view.uint32(at: 8))
        case RTCPFeedbackFormat.fullIntraRequest:
            let fciLength = view.length - feedbackHeaderLength
            guard fciLength % 8 == 0 else {
                throw view.error("full intra request", "has a \(fciLength)-byte FCI, not a multiple of 8")
            }
            var requests: [FullIntraRequestEntry] = []
            requests.reserveCapacity(fciLength / 8)
            for position in stride(from: feedbackHeaderLength, to: view.length, by: 8) {
                requests.append(
                    FullIntraRequestEntry(
                        ssrc: view.uint32(at: position), sequence: view.bytes[view.offset + position + 4]))
            }
            return .fullIntraRequest(senderSSRC: senderSSRC, requests: requests)
        case RTCPFeedbackFormat.applicationLayer
        where view.length >= 16 && view.bytes[view.offset + 12..<view.offset + 16].elementsEqual(rembIdentifier):
            return try parseREMB(view, senderSSRC: senderSSRC)
        default:
            return .unknown(packetType: view.packetType, format: view.format, body: view.body)
        }
    }

    private static func parseREMB(_ view: RTCPPacketView, senderSSRC: UInt32) throws(RTCError) -> RTCPPacket {
        try view.requireLength(atLeast: 20, for: "REMB")
        let count = Int(view.bytes[view.offset + 16])
        guard view.length == 20 + 4 * count else {
            throw view.error("REMB", "lists \(count) SSRCs in \(view.length) bytes, expected \(20 + 4 * count)")
        }
        let packed = RTPWire.uint24(view.bytes, at: view.offset + 17)
        guard let bitrate = REMBBitrate.combine(packed) else {
            throw view.error("REMB", "has a bitrate of \(packed & 0x3_FFFF) × 2^\(packed >> 18), beyond 64 bits")
        }
        var ssrcs: [UInt32] = []
        ssrcs.reserveCapacity(count)
        for index in 0..<count {
            ssrcs.append(view.uint32(at: 20 + 4 * index))
        }
        return .receiverEstimatedMaximumBitrate(senderSSRC: senderSSRC, bitrate: bitrate, ssrcs: ssrcs)
    }
}
