public import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The client an HTTP request counts against for offer rate limits and pending-viewer caps: its IPv4 address, or
/// the /64 of its IPv6 address (a host usually holds a whole /64 and could otherwise rotate through it freely).
public enum ClientAddress {
    public static func key(of address: SocketAddress?) -> String? {
        guard case .v6(let v6)? = address else { return address?.ipAddress }
        // sin6_addr: bytes 8..<24 of a sockaddr_in6 (after family, port and flow info) on Linux and Darwin alike.
        let bytes = withUnsafeBytes(of: v6.address) { Array($0[8..<24]) }
        let mappedIPv4 = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xff && bytes[11] == 0xff
        if mappedIPv4 || bytes[0..<8].allSatisfy({ $0 == 0 }) { return address?.ipAddress }
        let groups = stride(from: 0, to: 8, by: 2).map { index in
            String(UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]), radix: 16)
        }
        return groups.joined(separator: ":") + "::/64"
    }
}
