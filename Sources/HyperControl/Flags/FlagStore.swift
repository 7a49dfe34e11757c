public import Foundation
public import HyperJSON
public import Logging
import ServiceLifecycle
import Synchronization

/// The live feature flags: validated changes are recorded in the audit log, written to `flags.json` (with the
/// audit head) and then announced to listeners (the render sessions, the metrics), in that order, one at a time.
/// The log is the record of intent: a change it holds that `flags.json` lacks is applied at the next start.
public final class FlagStore: Sendable {
    public typealias Listener = @Sendable (FlagChange, FlagSet) -> Void

    private let flags: Mutex<FlagSet>
    /// Names a listener so that it can be removed.
    public struct ListenerID: Hashable, Sendable {
        let value: Int
    }

    private let listeners = Mutex<(next: Int, all: [(id: ListenerID, listener: Listener)])>((0, []))
    private let file: FlagStateFile
    private let audit: AuditLog

    private init(flags: FlagSet, file: FlagStateFile, audit: AuditLog) {
        self.flags = Mutex(flags)
        self.file = file
        self.audit = audit
    }

    /// Loads the flags persisted in `directory` (defaults when there are none or the file is corrupt), checks that the
    /// audit log still reaches the head `flags.json` records (an `audit.head-mismatch` entry and an error log when
    /// not), applies flag changes the log recorded after that head (a crash came between the two writes) and then
    /// the start-up overrides; an override that changes a value is audited and persisted.
    public static func open(
        directory: URL,
        overrides: StartupFlagOverrides,
        audit: AuditLog,
        logger: Logger,
        now: Date = Date()
    ) throws(StateError) -> FlagStore {
        let file = FlagStateFile(directory: directory)
        var (flags, recordedHead) = file.load(logger: logger)
        if let recordedHead {
            if let mismatch = audit.mismatch(of: recordedHead) {
                logger.error("audit log \(audit.url.path) does not reach the head flags.json records: \(mismatch)")
                try audit.append(
                    actor: "hypercube", action: "audit.head-mismatch", target: AuditLog.fileName,
                    old: recordedHead.json, new: ["reason": .string(mismatch)], time: now
                )
            } else {
                rollForward(&flags, entries: audit.entries.dropFirst(recordedHead.seq), logger: logger)
            }
        }
        for (variable, name) in StartupFlagOverrides.variables {
            guard let value = overrides.values[name] else { continue }
            let old = flags[name].value
            guard old != .bool(value) else { continue }
            let actor = StartupFlagOverrides.actor(for: name)
            try audit.append(
                actor: actor, action: "flag.override", target: name.rawValue, old: old.json, new: .bool(value),
                time: now
            )
            flags.apply(name, value: .bool(value), by: actor, at: now)
            logger.notice("\(variable)=\(value) overrides the persisted flag \(name.rawValue)=\(old)")
        }
        try file.save(flags, auditHead: audit.head)
        return FlagStore(flags: flags, file: file, audit: audit)
    }

    /// A crash between the record and `flags.json` leaves at most one write's entries behind: a `flag.set` (and its
    /// `flag.revert` when saving failed) or the start-up overrides. More means `flags.json` was put back from an
    /// older copy, which is then taken as it is.
    static let pendingFlagEntryLimit = 2

    /// Applies the flag entries (`flag.set`, `flag.override`, `flag.revert`) of `entries`, in order, when they are
    /// few enough to be what a crash left pending.
    private static func rollForward(_ flags: inout FlagSet, entries: ArraySlice<AuditEntry>, logger: Logger) {
        let pending = entries.filter { $0.action.hasPrefix("flag.") }
        guard pending.count <= pendingFlagEntryLimit else {
            logger.warning(
                "flags.json is \(pending.count) flag changes behind the audit log (put back from an older copy?); using it as it is"
            )
            return
        }
        for entry in pending {
            guard let name = FlagName(rawValue: entry.target),
                let value = try? FlagDefinition.named(name).type.validate(entry.new, flag: name),
                flags[name].value != value
            else { continue }
            flags.apply(name, value: value, by: entry.actor, at: Timestamp.date(entry.time))
            logger.warning(
                "audit entry seq \(entry.seq) set \(name.rawValue)=\(value) but flags.json missed it (the server stopped between the two writes); applied it"
            )
        }
    }

    /// The flags now.
    public var current: FlagSet {
        flags.withLock { $0 }
    }

    /// Validates and applies a change by `actor`: audited, persisted, then every listener is told. When persisting
    /// fails after the record, a `flag.revert` entry records that the change did not happen. Setting a flag to the
    /// value it has changes nothing and records nothing.
    @discardableResult
    public func set(_ name: String, to json: JSONValue, by actor: String, at time: Date = Date()) throws(FlagError)
        -> FlagChange
    {
        let file = self.file
        let audit = self.audit
        let (change, snapshot) = try flags.withLock { flags throws(FlagError) -> (FlagChange, FlagSet) in
            var next = flags
            let change = try next.set(name, to: json, by: actor, at: time)
            guard change.old != change.new else { return (change, flags) }
            let entry: AuditEntry
            do {
                entry = try audit.append(
                    actor: actor, action: "flag.set", target: change.name.rawValue, old: change.old.json,
                    new: change.new.json, time: time
                )
            } catch {
                throw FlagError(.persistenceFailed, "could not record the flag change in the audit log: \(error)")
            }
            do {
                try file.save(next, auditHead: audit.sign(entry.head))
            } catch {
                let reverted = try? audit.append(
                    actor: "hypercube", action: "flag.revert", target: change.name.rawValue, old: change.new.json,
                    new: change.old.json, time: time
                )
                throw FlagError(
                    .persistenceFailed,
                    "could not persist the flag change: \(error)"
                        + (reverted == nil ? "; recording the revert in the audit log failed too" : "")
                )
            }
            flags = next
            return (change, next)
        }
        if change.old != change.new {
            for (_, listener) in listeners.withLock({ $0.all }) { listener(change, snapshot) }
        }
        return change
    }

    /// Calls `listener` after every applied change, on the thread that made it.
    @discardableResult
    public func onChange(_ listener: @escaping Listener) -> ListenerID {
        listeners.withLock { listeners in
            let id = ListenerID(value: listeners.next)
            listeners.next += 1
            listeners.all.append((id, listener))
            return id
        }
    }

    /// How many listeners follow the flags now.
    var listenerCount: Int { listeners.withLock { $0.all.count } }

    /// Stops calling the listener `onChange` returned `id` for.
    public func removeListener(_ id: ListenerID) {
        listeners.withLock { $0.all.removeAll { $0.id == id } }
    }

    /// Calls `listener` with the current flags, then after every change until the task is told to shut down
    /// gracefully (or cancelled); for services that follow the flags for their lifetime.
    func follow(_ listener: @escaping Listener, initially: (FlagSet) -> Void) async {
        let id = onChange(listener)
        defer { removeListener(id) }
        initially(current)
        try? await gracefulShutdown()
    }
}
