/// Why a cluster-store call failed, with the detail an operator or the calling node needs to act on it.
public struct ClusterError: Error, CustomStringConvertible, Equatable {
    public enum Code: Sendable, Equatable {
        /// The `--cluster` URL is malformed; the message names the part.
        case invalidURL
        /// The password file named for the cluster database could not be read.
        case passwordUnavailable
        /// PostgreSQL could not be reached or did not answer within the store's call timeout.
        case databaseUnavailable
        /// Creating or upgrading the cluster schema failed.
        case migrationFailed
        /// The session is leased by another node.
        case notOwner
        /// No live node has the pixel-rate budget left for the session.
        case noCapacity
        /// A session with this id already exists.
        case duplicateSession
        /// No session has this id.
        case unknownSession
        /// No node with this id is registered (it left, or was never registered).
        case unknownNode
        /// PostgreSQL refused a statement for another reason; the message carries its error.
        case queryFailed
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
