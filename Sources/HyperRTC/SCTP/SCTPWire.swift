/// Big-endian reads and writes shared by the SCTP chunk and parameter codecs.
enum SCTPWire {
    static func uint16(_ bytes: some RandomAccessCollection<UInt8>, at offset: Int) -> UInt16 {
        let start = bytes.index(bytes.startIndex, offsetBy: offset)
        return UInt16(bytes[start]) << 8 | UInt16(bytes[bytes.index(after: start)])
    }

    static func uint32(_ bytes: some RandomAccessCollection<UInt8>, at offset: Int) -> UInt32 {
        UInt32(uint16(bytes, at: offset)) << 16 | UInt32(uint16(bytes, at: offset + 2))
    }

    static func append(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        append(UInt16(value >> 16), to: &bytes)
        append(UInt16(value & 0xFFFF), to: &bytes)
    }

    /// Zero bytes that bring `length` to a multiple of four, as chunks and parameters are padded.
    static func padding(for length: Int) -> Int { (4 - length % 4) % 4 }
}
