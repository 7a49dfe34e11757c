extension RTCPPacket {
    /// Parses a compound RTCP datagram (or a single reduced-size packet), rejecting any packet whose version,
    /// length, padding or body layout is inconsistent.
    public static func parseCompound(_ bytes: [UInt8]) throws(RTCError) -> [RTCPPacket] {
        guard !bytes.isEmpty else {
            throw RTCError(.malformedPacket, "RTCP datagram is empty")
        }
        var packets: [RTCPPacket] = []
        var offset = 0
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= RTCPPacketView.headerLength else {
                throw RTCError(
                    .malformedPacket, "RTCP header at offset \(offset) needs 4 bytes, only \(remaining) remain")
            }
            let version = bytes[offset] >> 6
            guard version == 2 else {
                throw RTCError(.malformedPacket, "RTCP version \(version) at offset \(offset), expected 2")
            }
            let length = 4 * (Int(RTPWire.uint16(bytes, at: offset + 2)) + 1)
            guard length <= remaining else {
                throw RTCError(
                    .malformedPacket,
                    "RTCP packet at offset \(offset) declares \(length) bytes, only \(remaining) remain")
            }
            var end = offset + length
            if bytes[offset] & 0x20 != 0 {
                let padding = Int(bytes[end - 1])
                let bodyLength = length - RTCPPacketView.headerLength
                guard padding > 0, padding <= bodyLength else {
                    throw RTCError(
                        .malformedPacket,
                        "RTCP padding at offset \(offset) declares \(padding) bytes of a \(bodyLength)-byte body")
                }
                end -= padding
            }
            packets.append(try parse(RTCPPacketView(bytes: bytes, offset: offset, end: end)))
            offset += length
        }
        return packets
    }

    private static func parse(_ view: RTCPPacketView) throws(RTCError) -> RTCPPacket {
        switch view.packetType {
        case RTCPPacketType.senderReport:
            return .senderReport(try parseSenderReport(view))
        case RTCPPacketType.receiverReport:
            return .receiverReport(try parseReceiverReport(view))
        case RTCPPacketType.sourceDescription:
            return .sourceDescription(chunks: try parseSourceDescription(view))
        case RTCPPacketType.goodbye:
            return try parseGoodbye(view)
        case RTCPPacketType.transportLayerFeedback:
            return try parseTransportLayerFeedback(view)
        case RTCPPacketType.payloadSpecificFeedback:
            return try parsePayloadSpecificFeedback(view)
        default:
            return .unknown(packetType: view.packetType, format: view.format, body: view.body)
        }
    }

    private static func parseReportBlocks(_ view: RTCPPacketView, from start: Int) -> [ReportBlock] {
        var reports: [ReportBlock] = []
        reports.reserveCapacity(Int(view.format))
        for index in 0..<Int(view.format) {
            reports.append(ReportBlock(parsing: view.bytes, at: view.offset + start + index * ReportBlock.wireLength))
        }
        return reports
    }

    private static func reportBlocksDetail(_ count: Int) -> String {
        " for \(count) report block\(count == 1 ? "" : "s")"
    }

    private static func parseSenderReport(_ view: RTCPPacketView) throws(RTCError) -> SenderReport {
        let count = Int(view.format)
        try view.requireLength(
            atLeast: 28 + count * ReportBlock.wireLength, for: "sender report", detail: reportBlocksDetail(count))
        return SenderReport(
            ssrc: view.uint32(at: 4), ntpTimestamp: RTPWire.uint64(view.bytes, at: view.offset + 8),
            rtpTimestamp: view.uint32(at: 16), packetCount: view.uint32(at: 20), octetCount: view.uint32(at: 24),
            reports: parseReportBlocks(view, from: 28))
    }

    private static func parseReceiverReport(_ view: RTCPPacketView) throws(RTCError) -> ReceiverReport {
        let count = Int(view.format)
        try view.requireLength(
            atLeast: 8 + count * ReportBlock.wireLength, for: "receiver report", detail: reportBlocksDetail(count))
        return ReceiverReport(ssrc: view.uint32(at: 4), reports: parseReportBlocks(view, from: 8))
    }

    private static func parseSourceDescription(_ view: RTCPPacketView) throws(RTCError) -> [SourceDescriptionChunk] {
        let count = Int(view.format)
        let what = "source description"
        var chunks: [SourceDescriptionChunk] = []
        chunks.reserveCapacity(count)
        var position = RTCPPacketView.headerLength
        for index in 0..<count {
            guard view.length - position >= 4 else {
                throw view.error(what, "ends inside chunk \(index + 1) of \(count)")
            }
            var chunk = SourceDescriptionChunk(ssrc: view.uint32(at: position), cname: nil)
            position += 4
            while true {
                guard position < view.length else {
                    throw view.error(what, "ends before chunk \(index + 1)'s item list is terminated")
                }
                let itemType = view.bytes[view.offset + position]
                if itemType == 0 {
                    position = (position + 4) / 4 * 4
                    break
                }
                guard view.length - position >= 2 else {
                    throw view.error(what, "ends inside the header of an item of type \(itemType)")
                }
                let itemLength = Int(view.bytes[view.offset + position + 1])
                guard view.length - position - 2 >= itemLength else {
                    throw view.error(
                        what,
                        "has an item of type \(itemType) declaring \(itemLength) bytes, "
                            + "only \(view.length - position - 2) remain")
                }
                if itemType == 1 && chunk.cname == nil {
                    guard let cname = view.text(from: position + 2, count: itemLength) else {
                        throw view.error(what, "has a CNAME that is not valid UTF-8")
                    }
                    chunk.cname = cname
                }
                position += 2 + itemLength
            }
            guard position <= view.length else {
                throw view.error(what, "ends inside chunk \(index + 1)'s padding")
            }
            chunks.append(chunk)
        }
        guard position == view.length else {
            throw view.error(what, "has \(view.length - position) bytes after its \(count) chunks")
        }
        return chunks
    }

    private static func parseGoodbye(_ view: RTCPPacketView) throws(RTCError) -> RTCPPacket {
        let count = Int(view.format)
        try view.requireLength(atLeast: 4 + 4 * count, for: "goodbye", detail: " for \(count) sources")
        var ssrcs: [UInt32] = []
        ssrcs.reserveCapacity(count)
        for index in 0..<count {
            ssrcs.append(view.uint32(at: 4 + 4 * index))
        }
        let position = 4 + 4 * count
        guard position < view.length else {
            return .goodbye(ssrcs: ssrcs, reason: nil)
        }
        let reasonLength = Int(view.bytes[view.offset + position])
        guard view.length - position - 1 >= reasonLength else {
            throw view.error(
                "goodbye",
                "declares a \(reasonLength)-byte reason, only \(view.length - position - 1) bytes follow")
        }
        guard let reason = view.text(from: position + 1, count: reasonLength) else {
            throw view.error("goodbye", "has a reason that is not valid UTF-8")
        }
        return .goodbye(ssrcs: ssrcs, reason: reason)
    }
}
