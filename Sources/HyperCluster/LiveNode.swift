public import Foundation

/// A node whose registration has not expired, as the database sees it.
public struct LiveNode: Sendable, Hashable {
    public var node: ClusterNode
    /// The load of its last heartbeat.
    public var load: NodeLoad
    /// The summed pixel rate of the sessions it owns: what placement compares with its budget.
    public var committedPixelRate: Int64
    /// How many sessions it owns.
    public var ownedSessions: Int
    public var startedAt: Date
    public var heartbeatAt: Date
    public var expiresAt: Date
}
