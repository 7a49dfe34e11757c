/// Where `ClusterStore.placeSession` put a new session.
public struct SessionPlacement: Sendable, Hashable {
    public var ownerNodeID: String
    public var ownerWHEPBaseURL: String
    public var generation: Int64

    public init(ownerNodeID: String, ownerWHEPBaseURL: String, generation: Int64) {
        self.ownerNodeID = ownerNodeID
        self.ownerWHEPBaseURL = ownerWHEPBaseURL
        self.generation = generation
    }
}
