/// A SACK chunk (RFC 4960 §3.3.4): the cumulative TSN, the receive window, gap blocks and duplicate TSNs.
struct SCTPSelectiveAck: Equatable, Sendable {
    var cumulativeTSN: UInt32
    var advertisedWindow: UInt32
    /// Blocks of TSNs received above the cumulative TSN, as offsets from it (start and end inclusive).
    var gapBlocks: [ClosedRange<UInt16>]
    var duplicates: [UInt32]
}

extension SCTPSelectiveAck {
    init(_ chunk: SCTPChunk) throws(RTCError) {
        let value = chunk.value
        guard value.count >= 12 else { throw RTCError(.malformedPacket, "SCTP SACK of \(value.count) bytes") }
        cumulativeTSN = SCTPWire.uint32(value, at: 0)
        advertisedWindow = SCTPWire.uint32(value, at: 4)
        let gapCount = Int(SCTPWire.uint16(value, at: 8))
        let duplicateCount = Int(SCTPWire.uint16(value, at: 10))
        guard value.count >= 12 + 4 * (gapCount + duplicateCount) else {
            throw RTCError(.malformedPacket, "SCTP SACK lists more gap blocks and duplicates than it holds")
        }
        gapBlocks = []
        for index in 0..<gapCount {
            let start = SCTPWire.uint16(value, at: 12 + 4 * index)
            let end = SCTPWire.uint16(value, at: 14 + 4 * index)
            guard start <= end else { throw RTCError(.malformedPacket, "SCTP SACK gap block ends before it starts") }
            gapBlocks.append(start...end)
        }
        duplicates = (0..<duplicateCount).map { SCTPWire.uint32(value, at: 12 + 4 * (gapCount + $0)) }
    }

    var chunk: SCTPChunk {
        var value: [UInt8] = []
        SCTPWire.append(cumulativeTSN, to: &value)
        SCTPWire.append(advertisedWindow, to: &value)
        SCTPWire.append(UInt16(gapBlocks.count), to: &value)
        SCTPWire.append(UInt16(duplicates.count), to: &value)
        for block in gapBlocks {
            SCTPWire.append(block.lowerBound, to: &value)
            SCTPWire.append(block.upperBound, to: &value)
        }
        for duplicate in duplicates {
            SCTPWire.append(duplicate, to: &value)
        }
        return SCTPChunk(type: SCTPChunkType.selectiveAck, value: value)
    }
}
