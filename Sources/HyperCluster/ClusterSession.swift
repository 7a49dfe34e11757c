public import Foundation

/// A session as the cluster records it: who owns it, whether the lease is live, and who relays it.
public struct ClusterSession: Sendable, Hashable {
    public var id: String
    public var ownerNodeID: String
    /// The owner's WHEP base URL, `nil` when the owner has left the cluster.
    public var ownerWHEPBaseURL: String?
    /// Whether the owner's lease is live; an expired lease may be claimed by any node.
    public var leaseIsLive: Bool
    public var leaseExpiresAt: Date
    /// The fencing token: it grows with every claim, so a node that lost the session can tell.
    public var generation: Int64
    /// The opaque settings document the session was placed with.
    public var settings: String
    public var pixelRate: Int64
    public var createdAt: Date
    /// The nodes relaying it, live ones only.
    public var relays: [ClusterRelay]
}
