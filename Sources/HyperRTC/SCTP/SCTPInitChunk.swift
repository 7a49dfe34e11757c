/// The body shared by INIT and INIT-ACK (RFC 4960 §3.3.2–3): tag, window, stream counts, first TSN, parameters.
struct SCTPInitChunk: Equatable, Sendable {
    var initiateTag: UInt32
    var advertisedWindow: UInt32
    var outboundStreams: UInt16
    var inboundStreams: UInt16
    var initialTSN: UInt32
    var parameters: [SCTPParameter]
}

extension SCTPInitChunk {
    /// Decodes an INIT or INIT-ACK, rejecting the zero tag and zero stream counts RFC 4960 §3.3.2 forbids.
    init(_ chunk: SCTPChunk) throws(RTCError) {
        guard chunk.value.count >= 16 else {
            throw RTCError(.malformedPacket, "SCTP INIT chunk of \(chunk.value.count) bytes")
        }
        initiateTag = SCTPWire.uint32(chunk.value, at: 0)
        advertisedWindow = SCTPWire.uint32(chunk.value, at: 4)
        outboundStreams = SCTPWire.uint16(chunk.value, at: 8)
        inboundStreams = SCTPWire.uint16(chunk.value, at: 10)
        initialTSN = SCTPWire.uint32(chunk.value, at: 12)
        guard initiateTag != 0, outboundStreams != 0, inboundStreams != 0 else {
            throw RTCError(.malformedPacket, "SCTP INIT has a zero initiate tag or stream count")
        }
        parameters = try SCTPParameter.parseList(chunk.value[16...])
    }

    /// True when the peer announced PR-SCTP (RFC 3758 §3.1).
    var supportsForwardTSN: Bool {
        parameters.contains { $0.type == SCTPParameter.forwardTSNSupported }
            || parameters.contains {
                $0.type == SCTPParameter.supportedExtensions && $0.value.contains(SCTPChunkType.forwardTSN)
            }
    }

    func chunk(type: UInt8) -> SCTPChunk {
        var value: [UInt8] = []
        SCTPWire.append(initiateTag, to: &value)
        SCTPWire.append(advertisedWindow, to: &value)
        SCTPWire.append(outboundStreams, to: &value)
        SCTPWire.append(inboundStreams, to: &value)
        SCTPWire.append(initialTSN, to: &value)
        for parameter in parameters {
            parameter.encode(into: &value)
        }
        return SCTPChunk(type: type, value: value)
    }
}
