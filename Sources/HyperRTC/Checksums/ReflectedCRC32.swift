/// A table-driven, reflected 32-bit CRC (initial value and final XOR all ones), the shape both checksums of this
/// stack have: `.ieee` (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320) for STUN FINGERPRINT, `.castagnoli` (CRC32c,
/// 0x82F63B78, RFC 4960 Appendix B / RFC 3309) for SCTP packets.
struct ReflectedCRC32: Sendable {
    static let ieee = ReflectedCRC32(polynomial: 0xEDB8_8320)
    static let castagnoli = ReflectedCRC32(polynomial: 0x82F6_3B78)

    private let table: [UInt32]

    init(polynomial: UInt32) {
        table = (0..<256).map { index in
            var value = UInt32(index)
            for _ in 0..<8 {
                value = value & 1 == 1 ? (value >> 1) ^ polynomial : value >> 1
            }
            return value
        }
    }

    func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
        }
        return ~crc
    }
}
