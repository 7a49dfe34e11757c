/// One line of the audit log: who did what to which target, the value before and after, and the hash chain
/// (`hash` = SHA-256 of the canonical JSON of every other field, `prev_hash` the previous entry's `hash`).
public struct AuditEntry: Sendable, Hashable {
    /// `prev_hash` of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    public var seq: Int
    public var time: String
    public var actor: String
    public var action: String
    public var target: String
    public var old: JSONValue
    public var new: JSONValue
    public var prevHash: String
    public var hash: String

    /// A new entry chained to `prevHash`, its hash computed.
    public init(
        seq: Int,
        time: String,
        actor: String,
        action: String,
        target: String,
        old: JSONValue,
        new: JSONValue,
        prevHash: String
    ) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.old = old
        self.new = new
        self.prevHash = prevHash
        self.hash = ""
        self.hash = computedHash
    }

    /// Reads one log line; the hash is taken as written, so a verifier can compare it with `computedHash`.
    public init(line: some StringProtocol) throws(AuditError) {
        guard let value = JSONValue(parsing: Array(line.utf8)), case .object(let fields) = value else {
            throw AuditError("not a JSON object")
        }
        func string(_ key: String) throws(AuditError) -> String {
            guard let text = fields[key]?.stringValue else {
                throw AuditError("field \"\(key)\" is missing or not a string")
            }
            return text
        }
        let expected: Set = ["seq", "time", "actor", "action", "target", "old", "new", "prev_hash", "hash"]
        if let extra = Set(fields.keys).subtracting(expected).sorted().first {
            throw AuditError("unexpected field \"\(extra)\"")
        }
        guard let seq = fields["seq"]?.integerValue else {
            throw AuditError("field \"seq\" is missing or not an integer")
        }
        guard let old = fields["old"], let new = fields["new"] else {
            throw AuditError("field \"old\" or \"new\" is missing")
        }
        self.seq = seq
        self.time = try string("time")
        self.actor = try string("actor")
        self.action = try string("action")
        self.target = try string("target")
        self.old = old
        self.new = new
        self.prevHash = try string("prev_hash")
        self.hash = try string("hash")
    }

    /// Every field but `hash`: the bytes the hash covers, in canonical JSON.
    var hashedJSON: JSONValue {
        [
            "seq": .integer(seq), "time": .string(time), "actor": .string(actor), "action": .string(action),
            "target": .string(target), "old": old, "new": new, "prev_hash": .string(prevHash),
        ]
    }

    /// SHA-256 (hex) of the canonical JSON of every field but `hash`.
    public var computedHash: String {
        SHA256.hex(Array(hashedJSON.canonicalText.utf8))
    }

    /// The entry as the API and the log file show it.
    public var json: JSONValue {
        guard case .object(var fields) = hashedJSON else { return hashedJSON }
        fields["hash"] = .string(hash)
        return .object(fields)
    }
}

/// Why an audit line or chain is not valid.
public struct AuditError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
