import Foundation
import HyperJSON
import Logging
import Testing

@testable import HyperControl

/// The audit record comes before the flag state: a change is never in `flags.json` without its entry, and an
/// entry whose change missed `flags.json` (a crash between the two writes) is applied at the next start.
struct FlagAuditOrderingTests {
    static let logger = Logger(label: "test")

    @Test func aChangeTheAuditLogCannotRecordIsNotApplied() async throws {
        try await withStateDirectory { directory in
            let audit = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger) { _ in -1 }
            let store = try FlagStore.open(directory: directory, overrides: .init(), audit: audit, logger: Self.logger)
            let flagsFile = directory.appendingPathComponent("flags.json")
            let before = try Data(contentsOf: flagsFile)
            #expect(throws: FlagError.self) { try store.set("stereo", to: true, by: "alice") }
            #expect(try Data(contentsOf: flagsFile) == before)
            #expect(!store.current.stereo)
            #expect(audit.count == 0)
        }
    }

    @Test func flagsJSONRecordsTheEntryOfTheLastChange() async throws {
        try await withStateDirectory { directory in
            let audit = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            let store = try FlagStore.open(directory: directory, overrides: .init(), audit: audit, logger: Self.logger)
            try store.set("stereo", to: true, by: "alice")
            try audit.append(actor: "bob", action: "session.create", target: "s-1", old: .null, new: .null)
            try store.set("fps_cap", to: 30, by: "alice")
            #expect(AuditHead(flagsFile: directory.appendingPathComponent("flags.json")) == audit.head)
        }
    }

    @Test func aRecordedChangeThatMissedFlagsJSONIsAppliedAtStart() async throws {
        try await withStateDirectory { directory in
            let audit = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            let store = try FlagStore.open(directory: directory, overrides: .init(), audit: audit, logger: Self.logger)
            try store.set("stereo", to: true, by: "alice")
            try audit.append(actor: "bob", action: "flag.set", target: "fps_cap", old: 120, new: 30)
            audit.close()

            let reopened = try FlagStoreTests.open(directory)
            #expect(reopened.current.fpsCap == 30)
            #expect(reopened.current[.fpsCap].updatedBy == "bob")
            #expect(reopened.current.stereo)
        }
    }

    @Test func aChangeFlagsJSONCannotTakeIsRecordedAsReverted() async throws {
        try await withStateDirectory { directory in
            let audit = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            let store = try FlagStore.open(directory: directory, overrides: .init(), audit: audit, logger: Self.logger)
            let flagsFile = directory.appendingPathComponent("flags.json")
            try FileManager.default.removeItem(at: flagsFile)
            try FileManager.default.createDirectory(
                at: flagsFile.appendingPathComponent("blocked"), withIntermediateDirectories: true)
            #expect(throws: FlagError.self) { try store.set("stereo", to: true, by: "alice") }
            #expect(!store.current.stereo)
            #expect(audit.entries.map(\.action) == ["flag.set", "flag.revert"])
            #expect(audit.entries.last?.new == false)

            try FileManager.default.removeItem(at: flagsFile)
            audit.close()
            #expect(!(try FlagStoreTests.open(directory).current.stereo))
        }
    }

    @Test func aFlagsJSONPutBackFromAnOlderCopyIsTakenAsItIs() async throws {
        try await withStateDirectory { directory in
            let flagsFile = directory.appendingPathComponent("flags.json")
            let store = try FlagStoreTests.open(directory)
            try store.set("fps_cap", to: 60, by: "alice")
            let backup = try Data(contentsOf: flagsFile)
            for fps in [50, 40, 30] { try store.set("fps_cap", to: .integer(fps), by: "alice") }
            try backup.write(to: flagsFile)
            #expect(try FlagStoreTests.open(directory).current.fpsCap == 60)
        }
    }
}
