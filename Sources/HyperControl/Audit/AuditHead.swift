public import Foundation

/// Where the audit chain ends: the newest entry's `seq` and `hash`. `flags.json` keeps a copy so that a log whose
/// newest entries were deleted no longer reaches it.
public struct AuditHead: Sendable, Hashable, CustomStringConvertible {
    public var seq: Int
    public var hash: String

    public init(seq: Int, hash: String) {
        self.seq = seq
        self.hash = hash
    }

    /// Reads `{"seq": N, "hash": "…"}`; `nil` for anything else.
    public init?(json: JSONValue?) {
        guard let seq = json?["seq"]?.integerValue, let hash = json?["hash"]?.stringValue else { return nil }
        self.init(seq: seq, hash: hash)
    }

    /// The head recorded as `audit_head` in the flags file at `url`; `nil` when it has none or cannot be read.
    public init?(flagsFile url: URL) {
        guard let data = try? Data(contentsOf: url), let document = JSONValue(parsing: data) else { return nil }
        self.init(json: document["audit_head"])
    }

    public var json: JSONValue {
        ["seq": .integer(seq), "hash": .string(hash)]
    }

    public var description: String { "seq \(seq) (hash \(hash))" }

    /// Why `entries` (a verified chain, oldest first) does not reach this head, or `nil` when it does.
    public func mismatch(in entries: [AuditEntry]) -> String? {
        guard seq > 0 else { return nil }
        guard seq <= entries.count else {
            return
                "the log ends at seq \(entries.count) but flags.json records the head at \(self): entries were deleted"
        }
        let entry = entries[seq - 1]
        guard entry.hash == hash else {
            return "entry seq \(seq) has hash \(entry.hash) but flags.json records \(hash): the log was rewritten"
        }
        return nil
    }
}
