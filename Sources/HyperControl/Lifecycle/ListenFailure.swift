import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The HTTP server could not listen (or stopped listening): the address and the system's reason, with a hint for the
/// two an operator meets most, a port already taken and a port below 1024 without the privilege to bind it.
public struct ListenFailure: Error, Sendable, CustomStringConvertible {
    public var address: String
    public var reason: String

    public init(address: String, error: any Error) {
        self.address = address
        guard let error = error as? IOError else {
            reason = "\(error)"
            return
        }
        let system = String(cString: strerror(error.errnoCode))
        switch error.errnoCode {
        case EADDRINUSE: reason = "\(system) (another process listens on this port)"
        case EACCES: reason = "\(system) (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
        default: reason = system
        }
    }

    public var description: String { "cannot serve HTTP on \(address): \(reason)" }
}
