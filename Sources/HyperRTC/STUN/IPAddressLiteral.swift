/// Conversion between IP address text (`192.0.2.1`, `2001:db8::1`) and its 4 or 16 network-order bytes.
public enum IPAddressLiteral {
    /// The 4 bytes of a dotted-quad IPv4 literal or the 16 bytes of an IPv6 literal; nil for anything else.
    public static func bytes(_ text: String) -> [UInt8]? {
        text.contains(":") ? ipv6Bytes(Substring(text)) : ipv4Bytes(Substring(text))
    }

    /// Dotted quad for 4 bytes; RFC 5952 canonical text for 16 bytes.
    static func text(_ bytes: [UInt8]) -> String {
        bytes.count == 4 ? bytes.map(String.init).joined(separator: ".") : ipv6Text(bytes)
    }

    private static func ipv4Bytes(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCIIDigit), let value = UInt8(part) else {
                return nil
            }
            bytes.append(value)
        }
        return bytes
    }

    private static func ipv6Bytes(_ text: Substring) -> [UInt8]? {
        let halves = text.split(separator: "::", maxSplits: 1, omittingEmptySubsequences: false)
        guard halves.count <= 2, !halves.contains(where: { $0.contains("::") }) else { return nil }
        guard let head = ipv6Groups(halves[0]) else { return nil }
        if halves.count == 1 {
            return head.count == 16 ? head : nil
        }
        guard let tail = ipv6Groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// The bytes of colon-separated hex groups, the last of which may be an embedded IPv4 dotted quad.
    private static func ipv6Groups(_ text: Substring) -> [UInt8]? {
        if text.isEmpty { return [] }
        let groups = text.split(separator: ":", omittingEmptySubsequences: false)
        var bytes: [UInt8] = []
        for (index, group) in groups.enumerated() {
            if index == groups.count - 1, group.contains(".") {
                guard let quad = ipv4Bytes(group) else { return nil }
                bytes += quad
                continue
            }
            guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit), let value = UInt16(group, radix: 16)
            else { return nil }
            bytes += [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)]
        }
        return bytes.count <= 16 ? bytes : nil
    }

    private static func ipv6Text(_ bytes: [UInt8]) -> String {
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return "::ffff:" + text(Array(bytes[12..<16]))
        }
        let groups = (0..<8).map { UInt16(bytes[2 * $0]) << 8 | UInt16(bytes[2 * $0 + 1]) }
        var bestStart = -1
        var bestLength = 1
        var runStart = 0
        for index in 0...8 {
            if index < 8, groups[index] == 0 { continue }
            if index - runStart > bestLength {
                bestStart = runStart
                bestLength = index - runStart
            }
            runStart = index + 1
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestStart >= 0 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
