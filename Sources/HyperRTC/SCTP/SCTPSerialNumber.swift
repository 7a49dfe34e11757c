/// Serial number comparison (RFC 1982) for TSNs and stream sequence numbers, which wrap (RFC 4960 §1.6).
extension UInt32 {
    func precedes(_ other: UInt32) -> Bool { Int32(bitPattern: self &- other) < 0 }
}

extension UInt16 {
    func precedes(_ other: UInt16) -> Bool { Int16(bitPattern: self &- other) < 0 }
}
