/// Checks an audit log's hash chain line by line: each line parses, `seq` counts up from 1, `prev_hash` is the
/// previous line's `hash` (64 zeros for the first) and `hash` matches the entry. Used by `hypercube audit verify`
/// and when the server opens its log.
public struct AuditChainVerifier: Sendable {
    /// The first line that breaks the chain: 1-based line number and the reason.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var reason: String

        public var description: String { "line \(line): \(reason)" }
    }

    /// The verified entries, oldest first.
    public private(set) var entries: [AuditEntry] = []

    public init() {}

    /// Verifies the whole text of a log.
    public static func verify(text: String) throws(Failure) -> [AuditEntry] {
        var verifier = AuditChainVerifier()
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        for (index, line) in lines.enumerated() {
            try verifier.append(line: line, number: index + 1)
        }
        return verifier.entries
    }

    /// Checks the next line against the chain so far and keeps its entry.
    public mutating func append(line: some StringProtocol, number: Int) throws(Failure) {
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
        let computed = entry.computedHash
        guard entry.hash == computed else {
            throw Failure(
                line: number,
                reason:
                    "hash \(entry.hash) does not match the entry's contents (computed \(computed)): the entry was altered"
            )
        }
        entries.append(entry)
    }
}
