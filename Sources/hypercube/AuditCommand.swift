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

    /// `hypercube audit verify FILE`: exit 0 with "ok: N entries" when the chain holds, else 1 naming the first bad line.
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Verify the hash chain of an audit log.",
            discussion: """
                Every line must parse, count seq up from 1, carry the previous line's hash as prev_hash (64 zeros for \
                the first) and a hash equal to the SHA-256 of its canonical JSON without the hash field.
                """
        )

        @Argument(help: "The audit log, e.g. state/audit.jsonl.")
        var file: String

        func run() throws {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                throw fail(ValidationError("cannot read \(file): \(error.localizedDescription)"))
            }
            do {
                let entries = try AuditChainVerifier.verify(text: text)
                print("ok: \(entries.count) entries")
            } catch {
                throw fail(ValidationError("\(file) \(error)"))
            }
        }
    }
}
