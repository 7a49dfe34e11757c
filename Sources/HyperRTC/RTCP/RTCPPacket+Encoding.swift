extension RTCPPacket {
    /// The packet on the wire, in a new array.
    public func encoded() -> [UInt8] {
        var buffer: [UInt8] = []
        encode(into: &buffer)
        return buffer
    }

    /// The packets back to back as one compound datagram.
    public static func compound(_ packets: [RTCPPacket]) -> [UInt8] {
        var buffer: [UInt8] = []
        for packet in packets {
            packet.encode(into: &buffer)
        }
        return buffer
    }

    /// Appends the packet's wire form to `buffer`; a body that does not end on a 32-bit boundary is padded with
    /// the P bit set.
    public func encode(into buffer: inout [UInt8]) {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: RTCPPacketView.headerLength))
        let (packetType, format) = encodeBody(into: &buffer, packetStart: start)
        precondition(format < 32, "an RTCP count or format field holds 0 through 31, not \(format)")
        let padding = (4 - (buffer.count - start) % 4) % 4
        if padding > 0 {
            buffer.append(contentsOf: repeatElement(0, count: padding - 1))
            buffer.append(UInt8(padding))
        }
        let words = (buffer.count - start) / 4 - 1
        precondition(words <= Int(UInt16.max), "RTCP packet of \(buffer.count - start) bytes is too long")
        buffer[start] = 0x80 | (padding > 0 ? 0x20 : 0) | format
        buffer[start + 1] = packetType
        RTPWire.write(UInt16(words), into: &buffer, at: start + 2)
    }

    private func encodeBody(into buffer: inout [UInt8], packetStart: Int) -> (packetType: UInt8, format: UInt8) {
        switch self {
        case .senderReport(let report):
            RTPWire.append(report.ssrc, to: &buffer)
            RTPWire.append(report.ntpTimestamp, to: &buffer)
            RTPWire.append(report.rtpTimestamp, to: &buffer)
            RTPWire.append(report.packetCount, to: &buffer)
            RTPWire.append(report.octetCount, to: &buffer)
            return (RTCPPacketType.senderReport, Self.encodeReportBlocks(report.reports, into: &buffer))
        case .receiverReport(let report):
            RTPWire.append(report.ssrc, to: &buffer)
            return (RTCPPacketType.receiverReport, Self.encodeReportBlocks(report.reports, into: &buffer))
        case .sourceDescription(let chunks):
            for chunk in chunks {
                RTPWire.append(chunk.ssrc, to: &buffer)
                if let cname = chunk.cname {
                    buffer.append(1)
                    Self.appendText(cname, to: &buffer)
                }
                buffer.append(0)
                Self.appendZerosToWordBoundary(of: &buffer, packetStart: packetStart)
            }
            return (RTCPPacketType.sourceDescription, UInt8(chunks.count))
        case .goodbye(let ssrcs, let reason):
            for ssrc in ssrcs {
                RTPWire.append(ssrc, to: &buffer)
            }
            if let reason {
                Self.appendText(reason, to: &buffer)
                Self.appendZerosToWordBoundary(of: &buffer, packetStart: packetStart)
            }
            return (RTCPPacketType.goodbye, UInt8(ssrcs.count))
        case .genericNACK(let senderSSRC, let mediaSSRC, let lost):
            RTPWire.append(senderSSRC, to: &buffer)
            RTPWire.append(mediaSSRC, to: &buffer)
            GenericNACKEntry.compress(lost) { entry in
                RTPWire.append(entry.packetID, to: &buffer)
                RTPWire.append(entry.bitmask, to: &buffer)
            }
            return (RTCPPacketType.transportLayerFeedback, RTCPFeedbackFormat.genericNACK)
        case .pictureLossIndication(let senderSSRC, let mediaSSRC):
            RTPWire.append(senderSSRC, to: &buffer)
            RTPWire.append(mediaSSRC, to: &buffer)
            return (RTCPPacketType.payloadSpecificFeedback, RTCPFeedbackFormat.pictureLossIndication)
        case .fullIntraRequest(let senderSSRC, let requests):
            RTPWire.append(senderSSRC, to: &buffer)
            RTPWire.append(UInt32(0), to: &buffer)
            for request in requests {
                RTPWire.append(request.ssrc, to: &buffer)
                buffer.append(request.sequence)
                buffer.append(contentsOf: repeatElement(0, count: 3))
            }
            return (RTCPPacketType.payloadSpecificFeedback, RTCPFeedbackFormat.fullIntraRequest)
        case .receiverEstimatedMaximumBitrate(let senderSSRC, let bitrate, let ssrcs):
            precondition(ssrcs.count <= 255, "a REMB lists at most 255 SSRCs, not \(ssrcs.count)")
            let (exponent, mantissa) = REMBBitrate.split(bitrate)
            RTPWire.append(senderSSRC, to: &buffer)
            RTPWire.append(UInt32(0), to: &buffer)
            buffer.append(contentsOf: Self.rembIdentifier)
            buffer.append(UInt8(ssrcs.count))
            buffer.append(exponent << 2 | UInt8(mantissa >> 16))
            RTPWire.append(UInt16(truncatingIfNeeded: mantissa), to: &buffer)
            for ssrc in ssrcs {
                RTPWire.append(ssrc, to: &buffer)
            }
            return (RTCPPacketType.payloadSpecificFeedback, RTCPFeedbackFormat.applicationLayer)
        case .transportFeedback(let senderSSRC, let mediaSSRC, let raw):
            RTPWire.append(senderSSRC, to: &buffer)
            RTPWire.append(mediaSSRC, to: &buffer)
            buffer.append(contentsOf: raw)
            return (RTCPPacketType.transportLayerFeedback, RTCPFeedbackFormat.transportWideCongestionControl)
        case .unknown(let packetType, let format, let body):
            buffer.append(contentsOf: body)
            return (packetType, format)
        }
    }

    private static func encodeReportBlocks(_ reports: [ReportBlock], into buffer: inout [UInt8]) -> UInt8 {
        precondition(reports.count <= 31, "an RTCP report carries at most 31 blocks, not \(reports.count)")
        for report in reports {
            report.encode(into: &buffer)
        }
        return UInt8(reports.count)
    }

    /// Appends a length byte and at most 255 bytes of `text`'s UTF-8, cut before a character boundary if longer.
    private static func appendText(_ text: String, to buffer: inout [UInt8]) {
        let utf8 = text.utf8
        var length = min(utf8.count, 255)
        if utf8.count > length {
            while length > 0 && utf8[utf8.index(utf8.startIndex, offsetBy: length)] & 0xC0 == 0x80 {
                length -= 1
            }
        }
        buffer.append(UInt8(length))
        buffer.append(contentsOf: utf8.prefix(length))
    }

    private static func appendZerosToWordBoundary(of buffer: inout [UInt8], packetStart: Int) {
        buffer.append(contentsOf: repeatElement(0, count: (4 - (buffer.count - packetStart) % 4) % 4))
    }
}
