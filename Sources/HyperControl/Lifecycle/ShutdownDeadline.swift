import Dispatch
public import ServiceLifecycle

/// A last resort for shutdown: once shutdown begins (a signal, or another service failing), the process ends within
/// `limit` whatever still waits — a stuck viewer, a render thread, a loop that will never answer. `expire` runs on a
/// dispatch queue of its own, so nothing the service group or the tasks wait on can hold it back.
public struct ShutdownDeadline: Service {
    let limit: Duration
    let expire: @Sendable (Duration) -> Void

    public init(limit: Duration, expire: @escaping @Sendable (Duration) -> Void) {
        self.limit = limit
        self.expire = expire
    }

    public func run() async throws {
        try? await gracefulShutdown()
        let (seconds, attoseconds) = limit.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        let expire = self.expire
        let limit = self.limit
        DispatchQueue(label: "hypercube.shutdown-deadline").asyncAfter(
            deadline: .now() + .nanoseconds(nanoseconds)
        ) {
            expire(limit)
        }
    }
}
