import Synchronization

/// Open HTTP connections per client address, shared by every event loop of the server.
final class ClientConnectionTable: Sendable {
    private let limit: Int
    private let counts = Mutex<[String: Int]>([:])

    init(limit: Int) {
        self.limit = limit
    }

    /// Counts a new connection of `client`, or refuses it (false) when the client already holds `limit`.
    func open(_ client: String) -> Bool {
        counts.withLock { counts in
            let count = counts[client, default: 0]
            guard count < limit else { return false }
            counts[client] = count + 1
            return true
        }
    }

    func close(_ client: String) {
        counts.withLock { counts in
            guard let count = counts[client] else { return }
            counts[client] = count > 1 ? count - 1 : nil
        }
    }

    func count(of client: String) -> Int {
        counts.withLock { $0[client, default: 0] }
    }
}
