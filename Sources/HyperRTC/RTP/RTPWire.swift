/// Big-endian reads and writes shared by the RTP and RTCP codecs; callers check bounds before reading.
enum RTPWire {
    static func uint16(_ bytes: [UInt8], at offset: Int) -> UInt16 {
        UInt16(bytes[offset]) << 8 | UInt16(bytes[offset + 1])
    }

    static func uint24(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 16 | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2])
    }

    static func uint32(_ bytes: [UInt8], at offset: Int) -> UInt32 {
        UInt32(uint16(bytes, at: offset)) << 16 | UInt32(uint16(bytes, at: offset + 2))
    }

    static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        UInt64(uint32(bytes, at: offset)) << 32 | UInt64(uint32(bytes, at: offset + 4))
    }

    static func append<Value: FixedWidthInteger>(_ value: Value, to buffer: inout [UInt8]) {
        var shift = Value.bitWidth - 8
        while shift >= 0 {
            buffer.append(UInt8(truncatingIfNeeded: value >> shift))
            shift -= 8
        }
    }

    static func write(_ value: UInt16, into buffer: inout [UInt8], at offset: Int) {
        buffer[offset] = UInt8(truncatingIfNeeded: value >> 8)
        buffer[offset + 1] = UInt8(truncatingIfNeeded: value)
    }

    /// Makes room for `additional` more bytes, growing geometrically so repeated appends stay linear.
    static func reserve(_ additional: Int, in buffer: inout [UInt8]) {
        let needed = buffer.count + additional
        if buffer.capacity < needed {
            buffer.reserveCapacity(max(needed, 2 * buffer.capacity))
        }
    }

    /// Whether `a` comes after `b` in RTP's wrapping 16-bit sequence space (RFC 3550 §A.1).
    static func isNewer(_ a: UInt16, than b: UInt16) -> Bool {
        a != b && (a &- b) < 0x8000
    }

    /// Whether `a` comes after `b` in RTP's wrapping 32-bit timestamp space.
    static func isNewer(_ a: UInt32, than b: UInt32) -> Bool {
        a != b && (a &- b) < 0x8000_0000
    }
}
