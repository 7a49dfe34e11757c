import NIOCore
import NIOPosix

/// The local address this machine sends from to reach a host: what a UDP socket connected to it is bound to, as the
/// routing table picks it. A relay offers it as its one candidate, so the upstream node can reach it back.
enum LocalAddress {
    static func toward(host: String, port: Int, group: any EventLoopGroup) async throws -> String {
        let remote = try SocketAddress.makeAddressResolvingHost(host, port: port)
        let wildcard = remote.protocol == .inet6 ? "::" : "0.0.0.0"
        let channel = try await DatagramBootstrap(group: group).bind(host: wildcard, port: 0).get()
        defer { channel.close(promise: nil) }
        try await channel.connect(to: remote).get()
        guard let local = channel.localAddress?.ipAddress else {
            throw SFUError(.internalFailure, "no local address routes to \(host)")
        }
        return local
    }
}
