/// The bitrate field of a REMB message (draft-alvestrand-rmcat-remb): a 6-bit exponent and an 18-bit mantissa.
enum REMBBitrate {
    static let mantissaBits = 18

    /// Exponent and mantissa of the largest representable bitrate not above `bitrate`.
    static func split(_ bitrate: UInt64) -> (exponent: UInt8, mantissa: UInt32) {
        var mantissa = bitrate
        var exponent: UInt8 = 0
        while mantissa >= 1 << mantissaBits {
            mantissa >>= 1
            exponent += 1
        }
        return (exponent, UInt32(mantissa))
    }

    /// The bitrate the three packed bytes (exponent in the top 6 bits) describe, or nil when it exceeds 64 bits.
    static func combine(_ packed: UInt32) -> UInt64? {
        let exponent = Int(packed >> 18)
        let mantissa = UInt64(packed & 0x3_FFFF)
        guard mantissa.leadingZeroBitCount >= exponent else { return nil }
        return mantissa << exponent
    }
}
