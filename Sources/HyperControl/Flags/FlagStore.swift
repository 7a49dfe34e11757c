public import Foundation
public import Logging
import Synchronization

/// The live feature flags: validated changes are written to `flags.json`, recorded in the audit log and then
/// announced to listeners (the render sessions, the metrics), in that order, one change at a time.
public final class FlagStore: Sendable {
    public typealias Listener = @Sendable (FlagChange, FlagSet) -> Void

    private let flags: Mutex<FlagSet>
    private let listeners = Mutex<[Listener]>([])
    private let file: FlagStateFile
    private let audit: AuditLog

    private init(flags: FlagSet, file: FlagStateFile, audit: AuditLog) {
        self.flags = Mutex(flags)
        self.file = file
        self.audit = audit
    }

    /// Loads the flags persisted in `directory` (defaults when there are none or the file is corrupt) and applies
    /// the start-up overrides over them; an override that changes a value is persisted and audited.
    public static func open(
        directory: URL,
        overrides: StartupFlagOverrides,
        audit: AuditLog,
        logger: Logger,
        now: Date = Date()
    ) throws(StateError) -> FlagStore {
        let file = FlagStateFile(directory: directory)
        var flags = file.load(logger: logger)
        var changed = false
        for (variable, name) in StartupFlagOverrides.variables {
            guard let value = overrides.values[name] else { continue }
            let old = flags[name].value
            guard old != .bool(value) else { continue }
            let actor = StartupFlagOverrides.actor(for: name)
            flags.apply(name, value: .bool(value), by: actor, at: now)
            try audit.append(
                actor: actor, action: "flag.override", target: name.rawValue, old: old.json, new: .bool(value),
                time: now
            )
            logger.notice("\(variable)=\(value) overrides the persisted flag \(name.rawValue)=\(old)")
            changed = true
        }
        if changed { try file.save(flags) }
        return FlagStore(flags: flags, file: file, audit: audit)
    }

    /// The flags now.
    public var current: FlagSet {
        flags.withLock { $0 }
    }

    /// Validates and applies a change by `actor`: persisted, audited, then every listener is told. Setting a flag
    /// to the value it has changes nothing and records nothing.
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
            do {
                try file.save(next)
            } catch {
                throw FlagError(.persistenceFailed, "could not persist the flag change: \(error)")
            }
            do {
                try audit.append(
                    actor: actor, action: "flag.set", target: change.name.rawValue, old: change.old.json,
                    new: change.new.json, time: time
                )
            } catch {
                try? file.save(flags)
                throw FlagError(.persistenceFailed, "could not record the flag change in the audit log: \(error)")
            }
            flags = next
            return (change, next)
        }
        if change.old != change.new {
            for listener in listeners.withLock({ $0 }) { listener(change, snapshot) }
        }
        return change
    }

    /// Calls `listener` after every applied change, on the thread that made it.
    public func onChange(_ listener: @escaping Listener) {
        listeners.withLock { $0.append(listener) }
    }
}
