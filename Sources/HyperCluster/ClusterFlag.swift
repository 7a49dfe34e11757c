public import Foundation

/// A feature flag's value as the cluster shares it: set by `actor` on node `nodeID`, the `version`-th change of it.
public struct ClusterFlag: Sendable, Hashable {
    public var name: String
    /// The value as canonical JSON text.
    public var value: String
    public var actor: String
    public var nodeID: String
    public var version: Int64
    public var updatedAt: Date

    public init(name: String, value: String, actor: String, nodeID: String, version: Int64, updatedAt: Date) {
        self.name = name
        self.value = value
        self.actor = actor
        self.nodeID = nodeID
        self.version = version
        self.updatedAt = updatedAt
    }
}
