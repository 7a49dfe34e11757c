/// Checks an audit log's hash chain line by line: each line is UTF-8 and parses, `seq` counts up from 1,
/// `prev_hash` is the previous line's `hash` (64 zeros for the first) and `hash` matches the entry: an HMAC under
/// the key for keyed entries, which once begun must continue to the end. Used by `hypercube audit verify` and when
/// the server opens its log.
public struct AuditChainVerifier: Sendable {
    /// The first line that breaks the chain: 1-based line number and the reason.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// The verified entries, oldest first.
    public private(set) var entries: [AuditEntry] = []
    private let key: AuditKey?

    public init(key: AuditKey? = nil) {
        self.key = key
    }

    /// Verifies the whole text of a log, which must end with a complete line (a torn tail is a failure here).
    public static func verify(text: String, key: AuditKey? = nil) throws(Failure) -> [AuditEntry] {
        let scan = AuditLogScan(bytes: Array(text.utf8), key: key)
        if let failure = scan.failure { throw failure }
        if let torn = scan.tornLine {
            throw Failure(line: torn, reason: "incomplete last line (a write was cut off)")
        }
        return scan.entries
    }

    /// Checks the next line against the chain so far and keeps its entry.
    public mutating func append(line: some Collection<UInt8>, number: Int) throws(Failure) {
        let entry: AuditEntry
        do {
            entry = try AuditEntry(line: line)
        } catch {
            throw Failure(line: number, reason: error.message)
        }
        let expectedSeq = (entries.last?.seq ?? 0) + 1
        guard entry.seq == expectedSeq else {
            throw Failure(line: number, reason: "seq is \(entry.seq), expected \(expectedSeq)")
        }
        let expectedPrevious = entries.last?.hash ?? AuditEntry.genesisHash
        guard entry.prevHash == expectedPrevious else {
            throw Failure(
                line: number,
                reason: "prev_hash \(entry.prevHash) does not match the previous entry's hash \(expectedPrevious)"
            )
        }
        if entries.last?.keyed == true, !entry.keyed {
            throw Failure(line: number, reason: "unkeyed entry after keyed ones: the log was rewritten without the key")
        }
        guard let computed = entry.computedHash(key: key) else {
            throw Failure(line: number, reason: "the entry is keyed (HMAC-SHA256) and no audit key was given")
        }
        guard entry.hash == computed else {
            throw Failure(
                line: number,
                reason: entry.keyed
                    ? "HMAC \(entry.hash) does not match the entry's contents under the audit key: the entry was altered or hashed with another key"
                    : "hash \(entry.hash) does not match the entry's contents (computed \(computed)): the entry was altered"
            )
        }
        entries.append(entry)
    }
}
