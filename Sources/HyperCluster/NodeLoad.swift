/// The load a node measures and reports with each heartbeat, for operators and dashboards.
///
/// Placement does not read it: a heartbeat is seconds old, so placement sums the pixel rates of the sessions
/// a node owns instead.
public struct NodeLoad: Sendable, Hashable {
    public var sessions: Int
    public var pixelRate: Int64
    public var viewers: Int
    public var egressBitsPerSecond: Int64

    public init(sessions: Int = 0, pixelRate: Int64 = 0, viewers: Int = 0, egressBitsPerSecond: Int64 = 0) {
        self.sessions = sessions
        self.pixelRate = pixelRate
        self.viewers = viewers
        self.egressBitsPerSecond = egressBitsPerSecond
    }
}
