/// A session lease a node still holds after `ClusterStore.renewLeases`.
public struct SessionLease: Sendable, Hashable {
    public var sessionID: String
    /// The fencing token; a node that sees it change for a session it serves was adopted away and back.
    public var generation: Int64

    public init(sessionID: String, generation: Int64) {
        self.sessionID = sessionID
        self.generation = generation
    }
}
