/// A PostgreSQL notification channel the nodes of a cluster share.
public enum ClusterChannel: String, Sendable, CaseIterable {
    /// Feature-flag changes: every node reloads its flags.
    case flags
    /// Session placement, adoption or release: nodes refresh their view of who serves what.
    case sessions

    /// The channel's name in PostgreSQL, prefixed like the cluster's tables.
    public var name: String { "hypercube_\(rawValue)" }
}
