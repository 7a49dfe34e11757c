extension [UInt8] {
    /// Appends `value` in little-endian byte order, as IVF stores every integer.
    mutating func appendLittleEndian<Value: FixedWidthInteger>(_ value: Value) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    /// Reads a little-endian integer starting at `offset`; the caller has checked the bounds.
    func littleEndian<Value: FixedWidthInteger>(at offset: Int, as type: Value.Type = Value.self) -> Value {
        var value: Value = 0
        for index in (0..<MemoryLayout<Value>.size).reversed() {
            value = value << 8 | Value(self[offset + index])
        }
        return value
    }
}
