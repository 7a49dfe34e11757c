/// One chunk of an SCTP packet as it is on the wire (RFC 4960 §3.2): its type, flags and unpadded value.
///
/// The typed views (`SCTPDataChunk`, `SCTPInitChunk`, …) decode the value of the kinds this server acts on.
struct SCTPChunk: Equatable, Sendable {
    var type: UInt8
    var flags: UInt8
    var value: [UInt8]

    init(type: UInt8, flags: UInt8 = 0, value: [UInt8] = []) {
        self.type = type
        self.flags = flags
        self.value = value
    }

    /// What a receiver that does not know `type` does with it, from the type's upper two bits (RFC 4960 §3.2).
    enum UnknownTypeRule {
        case stopAndDiscard, stopAndReport, skip, skipAndReport

        init(type: UInt8) {
            switch type >> 6 {
            case 0: self = .stopAndDiscard
            case 1: self = .stopAndReport
            case 2: self = .skip
            default: self = .skipAndReport
            }
        }
    }

    /// The padded length this chunk takes in a packet.
    var encodedLength: Int { 4 + value.count + SCTPWire.padding(for: value.count) }

    func encode(into bytes: inout [UInt8]) {
        bytes += [type, flags]
        SCTPWire.append(UInt16(4 + value.count), to: &bytes)
        bytes += value
        bytes += [UInt8](repeating: 0, count: SCTPWire.padding(for: value.count))
    }
}

/// The chunk types this server reads or writes (RFC 4960 §3.2, RFC 3758 §3.2, RFC 6525 §3.1).
enum SCTPChunkType {
    static let data: UInt8 = 0
    static let initiation: UInt8 = 1
    static let initiationAck: UInt8 = 2
    static let selectiveAck: UInt8 = 3
    static let heartbeat: UInt8 = 4
    static let heartbeatAck: UInt8 = 5
    static let abort: UInt8 = 6
    static let shutdown: UInt8 = 7
    static let shutdownAck: UInt8 = 8
    static let error: UInt8 = 9
    static let cookieEcho: UInt8 = 10
    static let cookieAck: UInt8 = 11
    static let shutdownComplete: UInt8 = 14
    static let reconfiguration: UInt8 = 0x82
    static let forwardTSN: UInt8 = 0xC0
}
