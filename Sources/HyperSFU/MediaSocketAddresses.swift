public import NIOCore

/// The local addresses the media port is bound on, one socket each, so that every viewer is answered from the address
/// it sent to (RFC 8445 §7.2.5.2.1; swift-nio cannot choose a send's source address on one wildcard socket).
///
/// A specific `bindHost` is the only one. A wildcard `bindHost` gets every interface address of its families (IPv4;
/// IPv4 and IPv6 for `::`, link-local IPv6 excepted), loopback and every announced address, each bound on its own, and
/// then the wildcard itself last: the kernel hands a datagram to the socket bound to its destination, and the wildcard
/// socket catches what no other does (an address added after start, another 127.0.0.0/8 address) and answers from the
/// address the kernel picks, as a single socket did. Announced addresses that are not local (a NAT's public address)
/// fail to bind and are skipped: their datagrams arrive on the interface address the NAT forwards to, bound already.
public enum MediaSocketAddresses {
    /// The addresses to bind, specific ones first, the wildcard (if `bindHost` is one) last, without duplicates.
    public static func plan(bindHost: String, announced: [String], interfaces: [SocketAddress]) -> [String] {
        guard isWildcard(bindHost) else { return [bindHost] }
        let includesIPv6 = bindHost == "::"
        var specific: [String] = []
        let loopback = includesIPv6 ? ["127.0.0.1", "::1"] : ["127.0.0.1"]
        let interfaceHosts = interfaces.compactMap { address -> String? in
            switch address {
            case .v4: return address.ipAddress
            case .v6 where includesIPv6: return address.ipAddress.flatMap { isLinkLocal($0) ? nil : $0 }
            default: return nil
            }
        }
        for host in announced + interfaceHosts + loopback where !specific.contains(host) && !isWildcard(host) {
            guard let address = try? SocketAddress(ipAddress: host, port: 0) else { continue }
            if case .v6 = address, !includesIPv6 { continue }
            specific.append(host)
        }
        return specific + [bindHost]
    }

    /// From the machine's interfaces.
    public static func discover(bindHost: String, announced: [String]) -> [String] {
        let interfaces = isWildcard(bindHost) ? (try? System.enumerateDevices().compactMap(\.address)) ?? [] : []
        return plan(bindHost: bindHost, announced: announced, interfaces: interfaces)
    }

    static func isWildcard(_ host: String) -> Bool {
        host == "0.0.0.0" || host == "::"
    }

    /// fe80::/10.
    private static func isLinkLocal(_ host: String) -> Bool {
        let first = host.lowercased().prefix(3)
        return ["fe8", "fe9", "fea", "feb"].contains(String(first))
    }
}
