public import Foundation
public import HyperJSON

/// Where the audit chain ends: the newest entry's `seq` and `hash`, and `mac`, an HMAC of both under the audit key.
/// `flags.json` keeps a copy so that a log whose newest entries were deleted no longer reaches it, and the MAC keeps
/// whoever lacks the key from moving that copy to a shortened log.
public struct AuditHead: Sendable, Hashable, CustomStringConvertible {
    public var seq: Int
    public var hash: String
    public var mac: String?

    public init(seq: Int, hash: String, mac: String? = nil) {
        self.seq = seq
        self.hash = hash
        self.mac = mac
    }

    /// Reads `{"seq": N, "hash": "…", "mac": "…"}`; `nil` without `seq` or `hash`.
    public init?(json: JSONValue?) {
        guard let seq = json?["seq"]?.integerValue, let hash = json?["hash"]?.stringValue else { return nil }
        self.init(seq: seq, hash: hash, mac: json?["mac"]?.stringValue)
    }

    /// The head with its MAC: HMAC-SHA256 under `key` of `hypercube-audit-head\n<seq>\n<hash>`.
    public func signed(with key: AuditKey) -> AuditHead {
        let mac = SHA256.hmacHex(key: key.bytes, Array("hypercube-audit-head\n\(seq)\n\(hash)".utf8))
        return AuditHead(seq: seq, hash: hash, mac: mac)
    }

    /// The head recorded as `audit_head` in the flags file at `url`; `nil` when it has none or cannot be read.
    public init?(flagsFile url: URL) {
        guard let data = try? Data(contentsOf: url), let document = try? JSONValue(parsing: data) else { return nil }
        self.init(json: document["audit_head"])
    }

    public var json: JSONValue {
        var fields: JSONObject = ["seq": .integer(seq), "hash": .string(hash)]
        if let mac { fields["mac"] = .string(mac) }
        return .object(fields)
    }

    public var description: String { "seq \(seq) (hash \(hash))" }

    /// Why `entries` (a verified chain, oldest first) does not reach this head, or `nil` when it does. With `key`,
    /// the head must also carry its MAC.
    public func mismatch(in entries: [AuditEntry], key: AuditKey?) -> String? {
        if let key, mac != signed(with: key).mac {
            return
                "the audit head in flags.json (\(self)) does not carry its MAC under the audit key: flags.json was edited"
        }
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
