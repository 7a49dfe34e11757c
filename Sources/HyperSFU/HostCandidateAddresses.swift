public import NIOCore
import NIOPosix

/// The addresses a media socket bound to `bindHost` is reachable on, for SDP host candidates when no address is
/// announced: every interface address of the socket's family except link-local IPv6 (unusable without a zone), the
/// LAN ones first and loopback last, so that a headset or browser on another machine can connect and a viewer on this
/// one still can. A socket bound to one address is reachable on that address only.
public enum HostCandidateAddresses {
    /// From the machine's interfaces; loopback alone when they cannot be listed.
    public static func discover(bindHost: String) -> [String] {
        let interfaces = (try? System.enumerateDevices().compactMap(\.address)) ?? []
        return select(from: interfaces, bindHost: bindHost)
    }

    /// The choice `discover` makes, from given interface addresses.
    public static func select(from interfaces: [SocketAddress], bindHost: String) -> [String] {
        let family: Family
        switch bindHost {
        case "0.0.0.0": family = .ipv4
        case "::": family = .ipv6
        default: return [bindHost]
        }
        var lan: [String] = []
        for address in interfaces {
            guard let host = address.ipAddress, !lan.contains(host) else { continue }
            switch (address, family) {
            case (.v4, .ipv4) where !host.hasPrefix("127."):
                lan.append(host)
            case (.v6, .ipv6) where host != "::1" && !isLinkLocal(host):
                lan.append(host)
            default:
                continue
            }
        }
        return lan + [family == .ipv4 ? "127.0.0.1" : "::1"]
    }

    private enum Family {
        case ipv4
        case ipv6
    }

    /// fe80::/10.
    private static func isLinkLocal(_ host: String) -> Bool {
        let first = host.lowercased().prefix(4)
        return first.count == 4 && ["fe8", "fe9", "fea", "feb"].contains(String(first.prefix(3)))
    }
}
