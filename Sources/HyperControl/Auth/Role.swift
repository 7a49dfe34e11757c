/// What a caller may do: viewers watch and read, operators also change flags and sessions.
public enum Role: String, Sendable, CaseIterable {
    case viewer
    case `operator`

    /// Whether this role includes everything `needed` may do.
    public func allows(_ needed: Role) -> Bool {
        self == .operator || needed == .viewer
    }
}

/// An authenticated caller: who (the audit log's actor) and with what role.
public struct Principal: Sendable, Equatable {
    public var subject: String
    public var role: Role

    public init(subject: String, role: Role) {
        self.subject = subject
        self.role = role
    }
}
