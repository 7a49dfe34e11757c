/// The members of a JSON object in document order, keys unique. Order is kept so diagnostics name the first
/// offending member as the author wrote it; equality and hashing ignore it, as JSON does, and the canonical writer
/// sorts keys. Lookups are linear: objects here are small (request bodies are capped, scene objects hold a dozen
/// keys).
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    private var storage: [JSONMember] = []

    public init() {}

    /// An object of `dictionary`'s members, ordered by key.
    public init(_ dictionary: [String: JSONValue]) {
        storage = dictionary.sorted { $0.key < $1.key }.map { JSONMember(key: $0.key, value: $0.value) }
    }

    /// Members in the given order; a repeated key keeps its first place and takes the last value.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements)
    }

    /// For the parser, which has already refused duplicate keys.
    init(uniqueMembers: [JSONMember]) {
        storage = uniqueMembers
    }

    /// The value of `key`; setting `nil` removes the member, setting a new key appends it.
    public subscript(key: String) -> JSONValue? {
        get { storage.first { $0.key == key }?.value }
        set {
            let index = storage.firstIndex { $0.key == key }
            switch (index, newValue) {
            case (let index?, let value?): storage[index].value = value
            case (let index?, nil): storage.remove(at: index)
            case (nil, let value?): storage.append(JSONMember(key: key, value: value))
            case (nil, nil): break
            }
        }
    }

    public var keys: [String] { storage.map(\.key) }
    public var count: Int { storage.count }
    public var isEmpty: Bool { storage.isEmpty }

    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        JSONObject(uniqueMembers: try storage.map { JSONMember(key: $0.key, value: try transform($0.value)) })
    }

    /// The members as a dictionary (order dropped).
    public var dictionary: [String: JSONValue] {
        Dictionary(uniqueKeysWithValues: storage.map { ($0.key, $0.value) })
    }

    public func makeIterator() -> some IteratorProtocol<Element> {
        storage.lazy.map { (key: $0.key, value: $0.value) }.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        lhs.count == rhs.count && lhs.storage.allSatisfy { rhs[$0.key] == $0.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for member in storage.sorted(by: { $0.key < $1.key }) {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

/// One `"key": value` pair of a JSON object.
struct JSONMember: Sendable {
    let key: String
    var value: JSONValue
}
