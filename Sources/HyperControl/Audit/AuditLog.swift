public import Foundation
public import Logging
import Synchronization

/// The tamper-evident audit log, `audit.jsonl` in the state directory: one JSON entry per line, each chained to
/// the previous one by SHA-256 and fsync'ed before the change it records counts. Entries stay in memory for paging.
public final class AuditLog: Sendable {
    public static let fileName = "audit.jsonl"

    private struct State {
        var entries: [AuditEntry]
        var descriptor: Int32?
    }

    public let url: URL
    private let state: Mutex<State>

    private init(url: URL, entries: [AuditEntry], descriptor: Int32) {
        self.url = url
        self.state = Mutex(State(entries: entries, descriptor: descriptor))
    }

    /// Opens the log in `directory`, verifying the chain. A log that fails verification is moved aside
    /// (`audit.jsonl.broken-<time>`), logged as an error, and a new chain starts with an `audit.reset` entry naming it.
    public static func open(directory: URL, logger: Logger) throws(StateError) -> AuditLog {
        let url = directory.appendingPathComponent(fileName)
        var entries: [AuditEntry] = []
        var reset: (file: String, reason: String)?
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw StateError(path: url.path, "cannot read the audit log: \(error.localizedDescription)")
            }
            let verification = Result { () throws(AuditChainVerifier.Failure) in
                try AuditChainVerifier.verify(text: text)
            }
            switch verification {
            case .success(let verified):
                entries = verified
                if !text.isEmpty, !text.hasSuffix("\n") {
                    let descriptor = try DurableFile.openForAppend(url)
                    defer { DurableFile.close(descriptor) }
                    try DurableFile.append(Array("\n".utf8), to: descriptor, path: url.path)
                }
            case .failure(let failure):
                let aside = try DurableFile.moveAside(url, suffix: "broken")
                logger.error(
                    "audit log \(url.path) fails verification at \(failure); moved it aside to \(aside.path) and started a new chain"
                )
                reset = (aside.lastPathComponent, failure.description)
            }
        }
        let log = AuditLog(url: url, entries: entries, descriptor: try DurableFile.openForAppend(url))
        if let reset {
            try log.append(
                actor: "hypercube",
                action: "audit.reset",
                target: fileName,
                old: ["file": .string(reset.file), "reason": .string(reset.reason)],
                new: .null
            )
        }
        return log
    }

    /// Appends an entry and returns it once it is on disk.
    @discardableResult
    public func append(
        actor: String,
        action: String,
        target: String,
        old: JSONValue,
        new: JSONValue,
        time: Date = Date()
    ) throws(StateError) -> AuditEntry {
        let path = url.path
        return try state.withLock { state throws(StateError) -> AuditEntry in
            guard let descriptor = state.descriptor else { throw StateError(path: path, "the audit log is closed") }
            let entry = AuditEntry(
                seq: (state.entries.last?.seq ?? 0) + 1,
                time: Timestamp.string(time),
                actor: actor,
                action: action,
                target: target,
                old: old,
                new: new,
                prevHash: state.entries.last?.hash ?? AuditEntry.genesisHash
            )
            try DurableFile.append(Array((entry.json.canonicalText + "\n").utf8), to: descriptor, path: path)
            state.entries.append(entry)
            return entry
        }
    }

    /// Entries newest first, `limit` of them after skipping `offset`, and how many there are in all.
    func page(_ page: PageRequest) -> (entries: [AuditEntry], total: Int) {
        state.withLock { state in
            (Array(page.slice(Array(state.entries.reversed()))), state.entries.count)
        }
    }

    public var count: Int {
        state.withLock { $0.entries.count }
    }

    /// Closes the file; later appends fail.
    public func close() {
        state.withLock { state in
            if let descriptor = state.descriptor { DurableFile.close(descriptor) }
            state.descriptor = nil
        }
    }

    deinit {
        close()
    }
}
