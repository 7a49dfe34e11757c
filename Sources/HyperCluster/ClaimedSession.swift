/// A session a node took over by claim or adoption, with what it needs to start serving it.
public struct ClaimedSession: Sendable, Hashable {
    public var id: String
    public var settings: String
    public var pixelRate: Int64
    /// The fencing token of this node's ownership.
    public var generation: Int64
}
