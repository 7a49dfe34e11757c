/// A type-length-value parameter as INIT, HEARTBEAT, RE-CONFIG and error causes carry them (RFC 4960 §3.2.1).
struct SCTPParameter: Equatable, Sendable {
    var type: UInt16
    var value: [UInt8]

    /// INIT and INIT-ACK parameters (RFC 4960 §3.3.3, RFC 3758 §3.1, RFC 5061 §4.2.7).
    static let stateCookie: UInt16 = 7
    static let supportedExtensions: UInt16 = 0x8008
    static let forwardTSNSupported: UInt16 = 0xC000
    /// RE-CONFIG parameters (RFC 6525 §4).
    static let outgoingResetRequest: UInt16 = 13
    static let reconfigurationResponse: UInt16 = 16
    /// The ERROR cause that reports a chunk type we do not know (RFC 4960 §3.3.10.6).
    static let unrecognizedChunkType: UInt16 = 6

    /// Splits `bytes` into parameters; the last one may omit its padding.
    static func parseList(_ bytes: ArraySlice<UInt8>) throws(RTCError) -> [SCTPParameter] {
        var parameters: [SCTPParameter] = []
        var offset = bytes.startIndex
        while offset < bytes.endIndex {
            guard bytes.endIndex - offset >= 4 else {
                throw RTCError(.malformedPacket, "SCTP parameter header truncated at offset \(offset)")
            }
            let length = Int(SCTPWire.uint16(bytes, at: offset - bytes.startIndex + 2))
            guard length >= 4, length <= bytes.endIndex - offset else {
                throw RTCError(.malformedPacket, "SCTP parameter declares \(length) bytes at offset \(offset)")
            }
            let type = SCTPWire.uint16(bytes, at: offset - bytes.startIndex)
            parameters.append(SCTPParameter(type: type, value: Array(bytes[offset + 4..<offset + length])))
            offset = min(bytes.endIndex, offset + length + SCTPWire.padding(for: length))
        }
        return parameters
    }

    func encode(into bytes: inout [UInt8]) {
        SCTPWire.append(type, to: &bytes)
        SCTPWire.append(UInt16(4 + value.count), to: &bytes)
        bytes += value
        bytes += [UInt8](repeating: 0, count: SCTPWire.padding(for: value.count))
    }
}
