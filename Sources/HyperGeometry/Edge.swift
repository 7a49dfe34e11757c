/// An undirected edge between two vertices of a polytope, stored with the smaller index first so that equal edges
/// compare and hash equal.
public struct Edge: Hashable, Sendable {
    public var a: Int
    public var b: Int

    public init(_ a: Int, _ b: Int) {
        precondition(a != b, "An edge joins two distinct vertices, got \(a) twice")
        self.a = min(a, b)
        self.b = max(a, b)
    }
}
