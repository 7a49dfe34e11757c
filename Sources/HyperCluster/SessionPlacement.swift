/// Where `ClusterStore.placeSession` put a new session.
public struct SessionPlacement: Sendable, Hashable {
    public var ownerNodeID: String
    public var ownerWHEPBaseURL: String
    public var generation: Int64
}
