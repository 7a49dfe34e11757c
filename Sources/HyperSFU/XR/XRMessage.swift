/// A message an XR viewer sends on its `pose` data channel (docs/xr.md), decoded and checked.
enum XRMessage: Equatable {
    case pose(XRPose)
    case report(XRClientReport)

    /// Why a message was dropped, as the `reason` label of `hypercube_xr_messages_dropped_total`.
    enum Rejection: String, Error, CaseIterable {
        /// Not a type this server knows.
        case type
        /// Not the length its type has.
        case length
        /// A non-finite or out-of-range number.
        case value
        /// Over the viewer's message rate.
        case rate
        /// Text where the protocol has binary, or a channel other than `pose`.
        case channel
    }

    static let poseType: UInt8 = 1
    static let reportType: UInt8 = 2
    static let frameTimingType: UInt8 = 3

    /// Decodes one binary message; never traps, whatever the bytes.
    static func decode(_ bytes: [UInt8]) throws(Rejection) -> XRMessage {
        guard let type = bytes.first else { throw .length }
        switch type {
        case poseType: return .pose(try XRPose(decoding: bytes))
        case reportType: return .report(try XRClientReport(decoding: bytes))
        default: throw .type
        }
    }
}

/// Little-endian reads from a message whose length was already checked.
struct LittleEndianReader {
    let bytes: [UInt8]

    func u16(at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func u32(at offset: Int) -> UInt32 {
        (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[offset + $1]) << (8 * $1) }
    }

    func f32(at offset: Int) -> Double {
        Double(Float(bitPattern: u32(at: offset)))
    }

    func f64(at offset: Int) -> Double {
        Double(bitPattern: (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) })
    }
}

/// Little-endian appends, for the messages the server sends.
struct LittleEndianWriter {
    private(set) var bytes: [UInt8] = []

    mutating func u8(_ value: UInt8) {
        bytes.append(value)
    }

    mutating func u16(_ value: UInt16) {
        bytes += [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)]
    }

    mutating func u32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }

    mutating func f32(_ value: Double) {
        u32(Float(value).bitPattern)
    }
}
