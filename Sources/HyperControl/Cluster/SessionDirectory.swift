public import HyperSFU

/// The sessions of a cluster of nodes sharing state (issue #15, `serve --cluster`) as the control plane needs them:
/// where a session this node neither renders nor relays lives, placing new sessions on the node with room, and listing
/// them all. A single node has none, and every session is its own.
public protocol SessionDirectory: Sendable {
    /// This node's id in the cluster.
    var nodeID: String { get }
    /// Whether viewers of a session rendered elsewhere are relayed through this node (one upstream viewer per
    /// session) rather than redirected to its owner with 307.
    var relaysViewers: Bool { get }
    /// The credential a relay presents to the owner's WHEP endpoint, when viewers need one.
    var relayToken: String? { get }
    /// The media this node may send, in bits per second; past it, offers for sessions rendered elsewhere are
    /// redirected to their owner (307) instead of relayed here. nil: no budget.
    var egressBudgetBitsPerSecond: Double? { get }

    /// Where `sessionID` is rendered, or nil when the cluster has no such session.
    func locate(_ sessionID: String) async throws(DirectoryError) -> SessionLocation?
    /// Records a new session on the node with room for it (this one or another) and returns where it went; that node
    /// starts rendering it.
    func place(id: String, document: SessionDocument, pixelRate: Int) async throws(DirectoryError) -> SessionLocation
    /// Ends a session this node renders, cluster-wide.
    func release(_ sessionID: String) async throws(DirectoryError)
    /// Every session in the cluster.
    func listing() async throws(DirectoryError) -> [SessionLocation]
    /// The settings to relay or render `location` with (its scene loaded here).
    func settings(for location: SessionLocation) throws(DirectoryError) -> SessionSettings
}

/// A session as the cluster records it: who renders it, from which settings, and which nodes relay it.
public struct SessionLocation: Sendable, Equatable {
    public var id: String
    public var ownerNodeID: String
    /// The owner's public base URL (`http://HOST:PORT`), where its WHEP endpoint is.
    public var ownerBaseURL: String?
    /// Whether the owner still holds its lease; an expired one means the session is moving to another node.
    public var leaseIsLive: Bool
    public var document: SessionDocument
    /// Nodes relaying it, with their viewer counts.
    public var relays: [String: Int]

    public init(
        id: String, ownerNodeID: String, ownerBaseURL: String?, leaseIsLive: Bool, document: SessionDocument,
        relays: [String: Int] = [:]
    ) {
        self.id = id
        self.ownerNodeID = ownerNodeID
        self.ownerBaseURL = ownerBaseURL
        self.leaseIsLive = leaseIsLive
        self.document = document
        self.relays = relays
    }
}

/// Why the cluster directory could not answer.
public struct DirectoryError: Error, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        /// The shared state (the database) cannot be reached now; retry later.
        case unavailable
        /// No node has room for the session.
        case noCapacity
        /// A session with that id exists.
        case duplicate
        /// The session's recorded settings cannot be used here (an unknown scene, a malformed document).
        case badSettings
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
