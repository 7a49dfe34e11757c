public import Foundation
public import HyperJSON
public import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The tamper-evident audit log, `audit.jsonl` in the state directory: one JSON entry per line, each chained to
/// the previous one by HMAC-SHA256 under the audit key and fsync'ed before the change it records counts. Entries
/// stay in memory for paging.
public final class AuditLog: Sendable {
    public static let fileName = "audit.jsonl"

    private struct State {
        var entries: [AuditEntry]
        var descriptor: Int32?
    }

    public let url: URL
    private let key: AuditKey
    private let sync: @Sendable (Int32) -> Int32
    private let state: Mutex<State>

    private init(
        url: URL, key: AuditKey, entries: [AuditEntry], descriptor: Int32, sync: @escaping @Sendable (Int32) -> Int32
    ) {
        self.url = url
        self.key = key
        self.sync = sync
        self.state = Mutex(State(entries: entries, descriptor: descriptor))
    }

    /// Opens the log in `directory`, verifying the chain under `key`. An incomplete last line (a crash mid-append) is
    /// cut off with a warning and the chain continues. A log that fails verification at some line (an altered entry,
    /// a line that is not UTF-8 or not JSON) is kept whole beside it (`audit.jsonl.broken-<time>`) and cut back to
    /// the entries before that line; the error is logged with the line number and the chain continues with an
    /// `audit.reset` entry naming the kept file and the reason. A log of unkeyed entries only (written
    /// before the chain was keyed) gets an `audit.keyed` entry that ties them to the keyed chain.
    public static func open(
        directory: URL,
        key: AuditKey,
        logger: Logger,
        sync: @escaping @Sendable (Int32) -> Int32 = { fsync($0) }
    ) throws(StateError) -> AuditLog {
        let url = directory.appendingPathComponent(fileName)
        var entries: [AuditEntry] = []
        var reset: (file: String, reason: String, kept: Int)?
        if FileManager.default.fileExists(atPath: url.path) {
            let bytes: [UInt8]
            do {
                bytes = Array(try Data(contentsOf: url))
            } catch {
                throw StateError(path: url.path, "cannot read the audit log: \(error.localizedDescription)")
            }
            let scan = AuditLogScan(bytes: bytes, key: key)
            entries = scan.entries
            if let failure = scan.failure {
                // The whole file is kept under a second name first, then the log is cut back to the entries that
                // verify (an atomic replace): a crash in between leaves the broken log in place to be found again.
                let aside = try DurableFile.keepAside(url, suffix: "broken")
                try DurableFile.replace(url, with: Array(bytes[..<scan.verifiedLength]))
                logger.error(
                    "audit log \(url.path) fails verification at \(failure); kept the \(entries.count) entries before it, the whole file is kept as \(aside.path), and the chain continues from seq \(entries.count)"
                )
                reset = (aside.lastPathComponent, failure.description, entries.count)
            } else {
                try repair(url, scan: scan, size: bytes.count, logger: logger)
            }
        }
        let log = AuditLog(
            url: url, key: key, entries: entries, descriptor: try DurableFile.openForAppend(url), sync: sync)
        if let reset {
            try log.append(
                actor: "hypercube",
                action: "audit.reset",
                target: fileName,
                old: [
                    "file": .string(reset.file), "reason": .string(reset.reason), "kept_entries": .integer(reset.kept),
                ],
                new: .null
            )
        } else if let last = entries.last, !last.keyed {
            try log.append(
                actor: "hypercube", action: "audit.keyed", target: fileName, old: .integer(entries.count),
                new: .string(AuditEntry.keyedAlgorithm)
            )
        }
        return log
    }

    /// Cuts a torn last line off and ends a last entry that lacks its newline.
    private static func repair(_ url: URL, scan: AuditLogScan, size: Int, logger: Logger) throws(StateError) {
        guard scan.tornLine != nil || scan.lacksFinalNewline else { return }
        let descriptor = try DurableFile.openForAppend(url)
        defer { DurableFile.close(descriptor) }
        if let torn = scan.tornLine {
            try DurableFile.truncate(descriptor, to: scan.verifiedLength, path: url.path)
            logger.warning(
                "audit log \(url.path): line \(torn) is incomplete (\(size - scan.verifiedLength) bytes, a write cut off by a crash); truncated it, the chain continues from seq \(scan.entries.count)"
            )
        }
        if scan.lacksFinalNewline {
            try DurableFile.append(Array("\n".utf8), to: descriptor, path: url.path)
        }
    }

    /// Appends an entry and returns it once it is on disk. When the write or its fsync fails, the bytes are cut off
    /// again and the chain stays where it was.
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
        let key = self.key
        let sync = self.sync
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
                prevHash: state.entries.last?.hash ?? AuditEntry.genesisHash,
                key: key
            )
            try DurableFile.append(
                Array((entry.json.canonicalText + "\n").utf8), to: descriptor, path: path, sync: sync)
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

    /// Every entry, oldest first.
    public var entries: [AuditEntry] {
        state.withLock { $0.entries }
    }

    /// The newest entry's seq and hash, signed; seq 0 for an empty log.
    public var head: AuditHead {
        sign(state.withLock { $0.entries.last?.head ?? AuditHead(seq: 0, hash: AuditEntry.genesisHash) })
    }

    /// `head` with its MAC under this log's key.
    public func sign(_ head: AuditHead) -> AuditHead {
        head.signed(with: key)
    }

    /// Why this log does not reach `head` (or `head` lacks its MAC), `nil` when it does.
    public func mismatch(of head: AuditHead) -> String? {
        head.mismatch(in: entries, key: key)
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
