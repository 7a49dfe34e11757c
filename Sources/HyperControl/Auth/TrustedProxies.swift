import Foundation
import HyperRTC
public import NIOCore

/// The reverse proxies (an ingress, nginx) whose `X-Forwarded-For` names the real client, as addresses or CIDR
/// networks (`--trusted-proxy`). Rate limits and the viewers-connecting cap are keyed on that client; the proxies
/// themselves are not held to the per-client connection cap, since every client's connection arrives through them.
public struct TrustedProxies: Sendable, Equatable {
    struct Network: Sendable, Equatable {
        var address: [UInt8]
        var prefixLength: Int

        func contains(_ bytes: [UInt8]) -> Bool {
            guard bytes.count == address.count else { return false }
            var remaining = prefixLength
            for (mine, theirs) in zip(address, bytes) where remaining > 0 {
                let bits = min(8, remaining)
                let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
                guard mine & mask == theirs & mask else { return false }
                remaining -= bits
            }
            return true
        }
    }

    private var networks: [Network] = []

    public init() {}

    /// Parses `192.0.2.10`, `10.0.0.0/8`, `2001:db8::/32`; a value that is neither names itself in the error.
    public init(parsing values: [String]) throws(ConfigurationError) {
        for value in values {
            let parts = value.split(separator: "/", maxSplits: 1).map(String.init)
            guard let bytes = parts.first.flatMap(IPAddressLiteral.bytes) else {
                throw ConfigurationError("--trusted-proxy", "'\(value)' is not an IP address or CIDR network")
            }
            var prefix = bytes.count * 8
            if parts.count == 2 {
                guard let length = Int(parts[1]), (0...bytes.count * 8).contains(length) else {
                    throw ConfigurationError(
                        "--trusted-proxy", "'\(value)': the prefix length must be 0…\(bytes.count * 8)")
                }
                prefix = length
            }
            networks.append(Network(address: bytes, prefixLength: prefix))
        }
    }

    public var isEmpty: Bool { networks.isEmpty }

    public func contains(_ address: SocketAddress?) -> Bool {
        guard let ip = address?.ipAddress, let bytes = IPAddressLiteral.bytes(ip) else { return false }
        return networks.contains { $0.contains(bytes) }
    }

    /// The address a request comes from: the peer, or, when the peer is a trusted proxy, the right-most address of
    /// `X-Forwarded-For` that is not one of ours (entries further left were written by the client and prove
    /// nothing). An unreadable header leaves the peer.
    public func client(peer: SocketAddress?, forwardedFor: String?) -> SocketAddress? {
        guard let forwardedFor, contains(peer) else { return peer }
        let hops = forwardedFor.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            guard let address = try? SocketAddress(ipAddress: hop, port: 0) else { return peer }
            if !contains(address) { return address }
        }
        return peer
    }
}
