import Foundation
import HyperCluster
import HyperControl
import HyperJSON
import Logging
import Synchronization

/// Feature flags shared by every node of a cluster: an operator's change on one node is recorded in the database and
/// announced (last write wins); every other node applies it to its own flags (and so its sessions), and its audit log
/// names the node and operator it came from (`cluster:NODE:ACTOR`). A change made while the database is unreachable
/// is published when it is back; a node that missed announcements reads all flags again when it listens again.
final class ClusterFlagReplication: Sendable {
    static let actorPrefix = "cluster:"

    let store: ClusterStore
    let flags: FlagStore
    let nodeID: String
    let logger: Logger
    /// Local changes not yet recorded in the database, by flag name: the newest value and who set it.
    private let unpublished = Mutex<[String: (value: String, actor: String)]>([:])

    init(store: ClusterStore, flags: FlagStore, nodeID: String, logger: Logger) {
        self.store = store
        self.flags = flags
        self.nodeID = nodeID
        self.logger = logger
    }

    /// Starts sending this node's operators' changes to the cluster.
    func follow() {
        flags.onChange { [self] change, _ in
            guard !change.actor.hasPrefix(Self.actorPrefix) else { return }
            unpublished.withLock { $0[change.name.rawValue] = (change.new.json.canonicalText, change.actor) }
            Task { try? await publishPending() }
        }
    }

    /// Records the local changes the database has not seen yet; throws (keeping them) while it is unreachable.
    func publishPending() async throws {
        for (name, change) in unpublished.withLock({ $0 }) {
            try await store.publishFlag(name: name, value: change.value, actor: change.actor, nodeID: nodeID)
            unpublished.withLock { pending in
                if pending[name]?.value == change.value { pending[name] = nil }
            }
        }
    }

    /// Applies every flag another node set last and this node does not have yet.
    func pull() async throws {
        let pending = unpublished.withLock { Set($0.keys) }
        for flag in try await store.flags() where flag.nodeID != nodeID && !pending.contains(flag.name) {
            let value: JSONValue
            do {
                value = try JSONValue(parsing: flag.value.utf8)
            } catch {
                logger.error("flag \(flag.name) from node \(flag.nodeID) is not JSON (\(error)): \(flag.value)")
                continue
            }
            guard let name = FlagName(rawValue: flag.name), flags.current[name].value.json != value else { continue }
            do {
                try flags.set(
                    flag.name, to: value, by: "\(Self.actorPrefix)\(flag.nodeID):\(flag.actor)", at: flag.updatedAt)
                logger.info("applied flag \(flag.name) set by \(flag.actor) on node \(flag.nodeID)")
            } catch {
                logger.error("cannot apply flag \(flag.name) from node \(flag.nodeID): \(error)")
            }
        }
    }
}
