#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds a port on 127.0.0.1 that is free right now, for starting a server on a known port in tests and benchmarks
/// (another process may still take it before the server binds it).
public enum LoopbackPort {
    /// Which kind of socket the port must be free for.
    public enum Transport: Sendable {
        case tcp, udp
    }

    /// Binds a socket to port 0, reads the port the kernel chose and closes the socket.
    public static func unused(_ transport: Transport) throws(LoadViewerError) -> Int {
        #if canImport(Glibc)
            let type = Int32(transport == .tcp ? SOCK_STREAM.rawValue : SOCK_DGRAM.rawValue)
        #else
            let type = transport == .tcp ? SOCK_STREAM : SOCK_DGRAM
        #endif
        let descriptor = socket(AF_INET, type, 0)
        guard descriptor >= 0 else { throw LoadViewerError(.socket, "socket() failed: errno \(errno)") }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bind(descriptor, address, length) == 0 && getsockname(descriptor, address, &length) == 0
            }
        }
        guard bound else { throw LoadViewerError(.socket, "cannot bind 127.0.0.1:0: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
