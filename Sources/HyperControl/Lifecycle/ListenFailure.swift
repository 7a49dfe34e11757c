import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A socket the server could not bind (or that stopped listening): what it was for, the address and the system's
/// reason, with a hint for the two an operator meets most, a port already taken and a port below 1024 without the
/// privilege to bind it.
public struct ListenFailure: Error, Sendable, CustomStringConvertible {
    /// What could not be done, as in "cannot serve HTTP".
    public var action: String
    public var address: String
    public var reason: String

    public init(_ action: String = "serve HTTP", address: String, error: any Error) {
        self.action = action
        self.address = address
        guard let error = error as? IOError else {
            reason = "\(error)"
            return
        }
        let system = String(cString: strerror(error.errnoCode))
        switch error.errnoCode {
        case EADDRINUSE: reason = "\(system) (another process uses this port)"
        case EACCES: reason = "\(system) (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
        default: reason = system
        }
    }

    public var description: String { "cannot \(action) on \(address): \(reason)" }
}
