import Foundation
import HyperJSON
import Logging

/// `flags.json` in the state directory: the flags operators have set, with who set them and when, and the audit
/// head (seq and hash of the audit entry that recorded the last change) so a truncated log is noticed. Written
/// atomically; a file that cannot be read as flags is moved aside and the defaults are used, so a bad file never
/// stops the server from starting.
struct FlagStateFile: Sendable {
    static let fileName = "flags.json"
    static let formatVersion = 1

    let url: URL

    init(directory: URL) {
        url = directory.appendingPathComponent(Self.fileName)
    }

    /// The flags on disk applied over the defaults. A missing file gives the defaults; a corrupt one is renamed
    /// `flags.json.corrupt-<time>` with an error log line. A single stored value that is no longer valid falls back
    /// to its default with a warning.
    func load(logger: Logger) -> (flags: FlagSet, auditHead: AuditHead?) {
        var flags = FlagSet()
        guard FileManager.default.fileExists(atPath: url.path) else { return (flags, nil) }
        let members: JSONObject
        let auditHead: AuditHead?
        do {
            (members, auditHead) = try Self.read(Data(contentsOf: url))
        } catch {
            quarantine(reason: "\(error)", logger: logger)
            return (flags, nil)
        }
        for (name, stored) in members {
            guard let flag = FlagName(rawValue: name) else {
                logger.warning("flags state file \(url.path): ignoring unknown flag '\(name)'")
                continue
            }
            let definition = FlagDefinition.named(flag)
            guard let json = stored["value"], let value = try? definition.type.validate(json, flag: flag) else {
                logger.warning("flags state file \(url.path): invalid value for \(name); using the default")
                continue
            }
            flags.apply(
                flag,
                value: value,
                by: stored["updated_by"]?.stringValue,
                at: stored["updated_at"]?.stringValue.flatMap(Timestamp.date)
            )
        }
        return (flags, auditHead)
    }

    /// Writes every flag that has been set (defaults stay implicit, so a new release's defaults apply to them).
    func save(_ flags: FlagSet, auditHead: AuditHead) throws(StateError) {
        var stored: JSONObject = [:]
        for state in flags.all where state.updatedAt != nil {
            stored[state.definition.name.rawValue] = [
                "value": state.value.json,
                "updated_at": state.updatedAt.map { .string(Timestamp.string($0)) } ?? .null,
                "updated_by": state.updatedBy.map(JSONValue.string) ?? .null,
            ]
        }
        let document: JSONValue = [
            "version": .integer(Self.formatVersion), "flags": .object(stored), "audit_head": auditHead.json,
        ]
        try DurableFile.replace(url, with: Array((document.canonicalText + "\n").utf8))
    }

    private static func read(_ data: Data) throws(StateError) -> (JSONObject, AuditHead?) {
        let document: JSONValue
        do {
            document = try JSONValue(parsing: data)
        } catch {
            throw StateError(path: fileName, "not valid JSON: \(error)")
        }
        guard document["version"] == .integer(formatVersion) else {
            throw StateError(path: fileName, "missing or unsupported \"version\" (expected \(formatVersion))")
        }
        guard case .object(let members)? = document["flags"] else {
            throw StateError(path: fileName, "\"flags\" is not an object")
        }
        return (members, AuditHead(json: document["audit_head"]))
    }

    private func quarantine(reason: String, logger: Logger) {
        do {
            let aside = try DurableFile.moveAside(url, suffix: "corrupt")
            logger.error(
                "flags state file is corrupt (\(reason)); moved it aside to \(aside.path) and started from the default flags"
            )
        } catch {
            logger.error(
                "flags state file is corrupt (\(reason)) and could not be moved aside (\(error)); using the default flags"
            )
        }
    }
}
