/// What a node announces about itself when it joins the cluster.
public struct ClusterNode: Sendable, Hashable {
    /// The node's unique, stable name.
    public var id: String
    /// Where viewers reach this node's WHEP endpoints, e.g. `https://node-a.example:8443/whep`.
    public var whepBaseURL: String
    /// Addresses the node's media sockets are reachable on (ICE candidates announce these).
    public var announceAddresses: [String]
    /// The GPU the node renders on, for operators.
    public var gpu: String
    /// The most rendered pixels per second the node accepts; placement never exceeds it.
    public var pixelRateBudget: Int64

    public init(id: String, whepBaseURL: String, announceAddresses: [String], gpu: String, pixelRateBudget: Int64) {
        self.id = id
        self.whepBaseURL = whepBaseURL
        self.announceAddresses = announceAddresses
        self.gpu = gpu
        self.pixelRateBudget = pixelRateBudget
    }
}
