public import Foundation

/// A node relaying a session it does not own to viewers of its own.
public struct ClusterRelay: Sendable, Hashable {
    public var nodeID: String
    public var viewers: Int
    public var updatedAt: Date
}
