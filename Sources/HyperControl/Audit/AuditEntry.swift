public import HyperJSON

/// One line of the audit log: who did what to which target, the value before and after, and the hash chain
/// (`hash` = HMAC-SHA256 under the audit key of the canonical JSON of every other field when `alg` is
/// `hmac-sha256`, plain SHA-256 for entries written before the chain was keyed; `prev_hash` the previous `hash`).
public struct AuditEntry: Sendable, Hashable {
    /// `prev_hash` of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)
    /// The `alg` of a keyed entry.
    public static let keyedAlgorithm = "hmac-sha256"

    public var seq: Int
    public var time: String
    public var actor: String
    public var action: String
    public var target: String
    public var old: JSONValue
    public var new: JSONValue
    public var prevHash: String
    /// Whether `hash` is an HMAC under the audit key (`"alg": "hmac-sha256"`) rather than an unkeyed SHA-256.
    public var keyed: Bool
    public var hash: String

    /// A new entry chained to `prevHash`, its hash computed: an HMAC when `key` is given, else unkeyed SHA-256.
    public init(
        seq: Int,
        time: String,
        actor: String,
        action: String,
        target: String,
        old: JSONValue,
        new: JSONValue,
        prevHash: String,
        key: AuditKey? = nil
    ) {
        self.seq = seq
        self.time = time
        self.actor = actor
        self.action = action
        self.target = target
        self.old = old
        self.new = new
        self.prevHash = prevHash
        self.keyed = key != nil
        self.hash = ""
        self.hash = computedHash(key: key) ?? ""
    }

    /// Reads one log line; the hash is taken as written, so a verifier can compare it with `computedHash`.
    public init(line: some Collection<UInt8>) throws(AuditError) {
        guard String(validating: line, as: UTF8.self) != nil else { throw AuditError("invalid UTF-8") }
        let value: JSONValue
        do {
            value = try JSONValue(parsing: line)
        } catch {
            throw AuditError("not JSON: \(error)")
        }
        guard case .object(let fields) = value else { throw AuditError("not a JSON object") }
        func string(_ key: String) throws(AuditError) -> String {
            guard let text = fields[key]?.stringValue else {
                throw AuditError("field \"\(key)\" is missing or not a string")
            }
            return text
        }
        let expected: Set = ["alg", "seq", "time", "actor", "action", "target", "old", "new", "prev_hash", "hash"]
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
        switch fields["alg"] {
        case nil: self.keyed = false
        case .string(Self.keyedAlgorithm)?: self.keyed = true
        case let other?: throw AuditError("unknown \"alg\" \(other.canonicalText)")
        }
    }

    /// Every field but `hash`: the bytes the hash covers, in canonical JSON.
    var hashedJSON: JSONValue {
        var fields: JSONObject = [
            "seq": .integer(seq), "time": .string(time), "actor": .string(actor), "action": .string(action),
            "target": .string(target), "old": old, "new": new, "prev_hash": .string(prevHash),
        ]
        if keyed { fields["alg"] = .string(Self.keyedAlgorithm) }
        return .object(fields)
    }

    /// The hash (hex) of the canonical JSON of every field but `hash`: HMAC-SHA256 under `key` for a keyed entry
    /// (`nil` without a key), SHA-256 for an unkeyed one.
    public func computedHash(key: AuditKey?) -> String? {
        let bytes = Array(hashedJSON.canonicalText.utf8)
        guard keyed else { return SHA256.hex(bytes) }
        return key.map { SHA256.hmacHex(key: $0.bytes, bytes) }
    }

    /// Where the chain stands after this entry.
    public var head: AuditHead {
        AuditHead(seq: seq, hash: hash)
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
