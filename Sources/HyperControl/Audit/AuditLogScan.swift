public import HyperJSON

/// What reading a log's bytes found: the entries of the chain up to the first bad line, where they end, and either
/// a torn last line (no newline, not JSON: a crash mid-append) or the first complete line that breaks the chain.
public struct AuditLogScan: Sendable {
    /// The verified entries, oldest first.
    public private(set) var entries: [AuditEntry] = []
    /// Bytes from the start up to and including the last verified line (and its newline when it has one).
    public private(set) var verifiedLength = 0
    /// The last verified line has no newline after it (the append was cut off just before it).
    public private(set) var lacksFinalNewline = false
    /// 1-based number of an incomplete last line, which the server truncates away.
    public private(set) var tornLine: Int?
    /// The first complete line that breaks the chain.
    public private(set) var failure: AuditChainVerifier.Failure?

    public init(bytes: [UInt8], key: AuditKey?) {
        var verifier = AuditChainVerifier(key: key)
        var start = 0
        var number = 0
        while start < bytes.count {
            number += 1
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n"))
            let end = newline ?? bytes.count
            let line = bytes[start..<end]
            if newline == nil, (try? JSONValue(parsing: line)) == nil {
                tornLine = number
                break
            }
            do {
                try verifier.append(line: line, number: number)
            } catch {
                failure = error
                break
            }
            start = newline.map { $0 + 1 } ?? bytes.count
            verifiedLength = start
            lacksFinalNewline = newline == nil
        }
        entries = verifier.entries
    }
}
