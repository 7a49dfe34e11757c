/// One RTCP packet located inside a compound datagram during parsing: header fields and where its body ends.
struct RTCPPacketView {
    static let headerLength = 4

    let bytes: [UInt8]
    /// Where the packet's header starts.
    let offset: Int
    /// Where its body ends, padding excluded.
    let end: Int

    var format: UInt8 { bytes[offset] & 0x1F }
    var packetType: UInt8 { bytes[offset + 1] }
    var length: Int { end - offset }
    var body: [UInt8] { Array(bytes[offset + Self.headerLength..<end]) }

    func uint32(at position: Int) -> UInt32 {
        RTPWire.uint32(bytes, at: offset + position)
    }

    func error(_ what: String, _ detail: String) -> RTCError {
        RTCError(.malformedPacket, "RTCP \(what) at offset \(offset) \(detail)")
    }

    func requireLength(atLeast minimum: Int, for what: String, detail: String = "") throws(RTCError) {
        guard length >= minimum else {
            throw error(what, "is \(length) bytes, needs at least \(minimum)\(detail)")
        }
    }

    /// The bytes as UTF-8 text, or nil when they are not valid UTF-8.
    func text(from start: Int, count: Int) -> String? {
        let slice = bytes[offset + start..<offset + start + count]
        let text = String(decoding: slice, as: UTF8.self)
        return text.utf8.elementsEqual(slice) ? text : nil
    }
}
