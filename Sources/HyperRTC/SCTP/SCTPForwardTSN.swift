/// A FORWARD-TSN chunk (RFC 3758 §3.2): the receiver moves its cumulative TSN to `newCumulativeTSN`, giving up on
/// what it misses below, and for ordered streams stops waiting for messages up to the listed sequence numbers.
struct SCTPForwardTSN: Equatable, Sendable {
    struct SkippedStream: Equatable, Sendable {
        var stream: UInt16
        var streamSequence: UInt16
    }

    var newCumulativeTSN: UInt32
    var skippedStreams: [SkippedStream]
}

extension SCTPForwardTSN {
    init(_ chunk: SCTPChunk) throws(RTCError) {
        let value = chunk.value
        guard value.count >= 4, value.count % 4 == 0 else {
            throw RTCError(.malformedPacket, "SCTP FORWARD-TSN of \(value.count) bytes")
        }
        newCumulativeTSN = SCTPWire.uint32(value, at: 0)
        skippedStreams = stride(from: 4, to: value.count, by: 4).map {
            SkippedStream(stream: SCTPWire.uint16(value, at: $0), streamSequence: SCTPWire.uint16(value, at: $0 + 2))
        }
    }

    var chunk: SCTPChunk {
        var value: [UInt8] = []
        SCTPWire.append(newCumulativeTSN, to: &value)
        for skipped in skippedStreams {
            SCTPWire.append(skipped.stream, to: &value)
            SCTPWire.append(skipped.streamSequence, to: &value)
        }
        return SCTPChunk(type: SCTPChunkType.forwardTSN, value: value)
    }
}
