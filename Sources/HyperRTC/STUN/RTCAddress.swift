/// A UDP transport address as the socket layer reports it: an IP literal and a port.
public struct RTCAddress: Hashable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 literal, such as `127.0.0.1` or `::1`.
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `127.0.0.1:5000` or `[::1]:5000`.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}
