/// An `a=` line kept as written: `a=<name>` (a flag) or `a=<name>:<value>`.
public struct SDPAttribute: Hashable, Sendable {
    public var name: String
    public var value: String?

    public init(name: String, value: String? = nil) {
        self.name = name
        self.value = value
    }

    /// The text after `a=`.
    public var lineValue: String {
        value.map { "\(name):\($0)" } ?? name
    }
}
