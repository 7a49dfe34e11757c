/// Packing of the 12-bit STUN method around the two class bits of the 14-bit message type (RFC 8489 §5).
enum STUNMethod {
    static func method(fromType type: UInt16) -> UInt16 {
        (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2)
    }

    static func type(method: UInt16, messageClass: STUNClass) -> UInt16 {
        (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2) | messageClass.typeBits
    }
}
