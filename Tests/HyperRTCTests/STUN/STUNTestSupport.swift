import HyperRTC
import Testing

/// The RFC 5769 STUN test vectors, and byte helpers for the STUN and ICE tests.
enum RFC5769 {
    static let password = "VOkJxbRl1RmTxUk/WvJxBt"
    static let transactionID = STUNHex.bytes("b7e7a701 bc34d686 fa87dfae")

    /// §2.1: a Binding request with SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT.
    static let request = STUNHex.bytes(
        """
        00010058 2112a442 b7e7a701 bc34d686 fa87dfae
        80220010 5354554e 20746573 7420636c 69656e74
        00240004 6e0001ff
        80290008 932ff9b1 51263b36
        00060009 6576746a 3a683676 59202020
        00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
        80280004 e57a3bcf
        """)

    /// §2.2: a Binding success response with SOFTWARE, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MESSAGE-INTEGRITY,
    /// FINGERPRINT.
    static let ipv4Response = STUNHex.bytes(
        """
        0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200008 0001a147 e112a643
        00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
        80280004 c07d4c96
        """)

    /// §2.3: the same response for 2001:db8:1234:5678:11:2233:4455:6677 port 32853.
    static let ipv6Response = STUNHex.bytes(
        """
        01010048 2112a442 b7e7a701 bc34d686 fa87dfae
        8022000b 74657374 20766563 746f7220
        00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
        00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
        80280004 c8fb0b4c
        """)
}

enum STUNHex {
    /// Bytes from hex digits, ignoring whitespace.
    static func bytes(_ text: String) -> [UInt8] {
        let digits = Array(text.unicodeScalars.filter { !$0.properties.isWhitespace })
        return stride(from: 0, to: digits.count - 1, by: 2).map { index in
            UInt8(String(digits[index]) + String(digits[index + 1]), radix: 16)!
        }
    }
}

/// SplitMix64, seeded, so the fuzzing in these tests is reproducible.
struct STUNFuzzGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

/// Parses `bytes` expecting a `.malformedPacket` error, and returns its message.
func expectMalformedSTUN(
    _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
) -> String? {
    do {
        let message = try STUNMessage(parsing: bytes)
        Issue.record("parsed \(bytes.count) bytes into \(message)", sourceLocation: sourceLocation)
        return nil
    } catch {
        #expect(error.code == .malformedPacket, sourceLocation: sourceLocation)
        return error.message
    }
}
