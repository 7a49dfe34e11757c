/// A DATA chunk (RFC 4960 §3.3.1): one fragment of a user message on a stream.
struct SCTPDataChunk: Equatable, Sendable {
    static let headerLength = 12
    static let unorderedFlag: UInt8 = 0x04
    static let beginningFlag: UInt8 = 0x02
    static let endingFlag: UInt8 = 0x01
    /// RFC 7053: the sender asks for a SACK without delay.
    static let immediateFlag: UInt8 = 0x08

    var tsn: UInt32
    var stream: UInt16
    var streamSequence: UInt16
    var protocolIdentifier: UInt32
    var unordered: Bool
    var beginning: Bool
    var ending: Bool
    var immediate = false
    var payload: [UInt8]
}

extension SCTPDataChunk {
    /// Decodes a DATA chunk, which must carry at least one byte of user data (RFC 4960 §6.2).
    init(_ chunk: SCTPChunk) throws(RTCError) {
        guard chunk.value.count > Self.headerLength else {
            throw RTCError(.malformedPacket, "SCTP DATA chunk of \(chunk.value.count) bytes carries no user data")
        }
        tsn = SCTPWire.uint32(chunk.value, at: 0)
        stream = SCTPWire.uint16(chunk.value, at: 4)
        streamSequence = SCTPWire.uint16(chunk.value, at: 6)
        protocolIdentifier = SCTPWire.uint32(chunk.value, at: 8)
        unordered = chunk.flags & Self.unorderedFlag != 0
        beginning = chunk.flags & Self.beginningFlag != 0
        ending = chunk.flags & Self.endingFlag != 0
        immediate = chunk.flags & Self.immediateFlag != 0
        payload = Array(chunk.value[Self.headerLength...])
    }

    var chunk: SCTPChunk {
        var value: [UInt8] = []
        value.reserveCapacity(Self.headerLength + payload.count)
        SCTPWire.append(tsn, to: &value)
        SCTPWire.append(stream, to: &value)
        SCTPWire.append(streamSequence, to: &value)
        SCTPWire.append(protocolIdentifier, to: &value)
        value += payload
        let flags =
            (unordered ? Self.unorderedFlag : 0) | (beginning ? Self.beginningFlag : 0) | (ending ? Self.endingFlag : 0)
            | (immediate ? Self.immediateFlag : 0)
        return SCTPChunk(type: SCTPChunkType.data, flags: flags, value: value)
    }
}
