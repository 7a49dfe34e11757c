import Synchronization

/// Set once when shutdown begins: readiness turns 503 and writes are refused while in-flight work finishes.
public final class DrainState: Sendable {
    private let draining = Atomic<Bool>(false)

    public init() {}

    public var isDraining: Bool {
        draining.load(ordering: .acquiring)
    }

    public func begin() {
        draining.store(true, ordering: .releasing)
    }
}
