import ArgumentParser
import Foundation
import HyperControl

/// `hypercube audit`: work with the hash-chained audit log the server writes to its state directory.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit log (audit.jsonl in the state directory).",
        subcommands: [Verify.self]
    )

    /// `hypercube audit verify FILE`: exit 0 with "ok: N entries" (and how many are unkeyed, if any) when the chain holds under the audit key and reaches
    /// the head `flags.json` records, else 1 naming the first bad line or the missing head.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the keyed hash chain of an audit log.",
            discussion: """
                Every line must be UTF-8 JSON, count seq up from 1, carry the previous line's hash as prev_hash (64 \
                zeros for the first) and a hash equal to the HMAC-SHA256, under the audit key, of its canonical JSON \
                without the hash field (plain SHA-256 for unkeyed entries written before the chain was keyed, which \
                may only come first). The key is $HYPERCUBE_AUDIT_KEY, else audit.key beside the log. The log must \
                also reach the head (seq and hash) recorded in flags.json beside it, or it was truncated.
                """
        )

        @Argument(help: "The audit log, e.g. state/audit.jsonl.")
        var file: String

        @Option(help: "The flags file holding the audit head (default: flags.json beside the log; skipped if absent).")
        var flags: String?

        func run() throws {
            let url = URL(fileURLWithPath: file)
            let directory = url.deletingLastPathComponent()
            let bytes: [UInt8]
            let key: AuditKey?
            do {
                bytes = Array(try Data(contentsOf: url))
                key = try AuditKey.load(
                    directory: directory, environment: ProcessInfo.processInfo.environment, create: false)
            } catch {
                throw fail(ValidationError("cannot read \(file) or its key: \(error)"))
            }
            let scan = AuditLogScan(bytes: bytes, key: key)
            if let failure = scan.failure { throw fail(ValidationError("\(file) \(failure)")) }
            if let torn = scan.tornLine {
                throw fail(ValidationError("\(file) line \(torn): incomplete last line (a write was cut off)"))
            }
            if key != nil, let last = scan.entries.last, !last.keyed {
                throw fail(
                    ValidationError(
                        "\(file) line \(scan.entries.count): no keyed entry: the log was rewritten without the key, or no keyed server has opened it yet"
                    ))
            }
            let flagsURL = flags.map { URL(fileURLWithPath: $0) } ?? directory.appendingPathComponent("flags.json")
            if let head = AuditHead(flagsFile: flagsURL), let mismatch = head.mismatch(in: scan.entries, key: key) {
                throw fail(ValidationError("\(file): \(mismatch)"))
            }
            let unkeyed = scan.entries.filter { !$0.keyed }.count
            print(
                "ok: \(scan.entries.count) entries" + (unkeyed > 0 ? " (\(unkeyed) unkeyed, from before the key)" : ""))
        }
    }
}
