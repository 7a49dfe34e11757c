import Foundation
import HyperJSON
import Logging
import Synchronization
import Testing

@testable import HyperControl

/// Flags persisted in the state directory: atomic writes, restarts, corrupt files, start-up overrides, listeners.
struct FlagStoreTests {
    static let logger = Logger(label: "test")

    static func open(_ directory: URL, overrides: StartupFlagOverrides = .init()) throws -> FlagStore {
        let audit = try AuditLog.open(directory: directory, key: testAuditKey, logger: logger)
        return try FlagStore.open(directory: directory, overrides: overrides, audit: audit, logger: logger)
    }

    @Test func changesSurviveARestartAndAreAudited() async throws {
        try await withStateDirectory { directory in
            let store = try Self.open(directory)
            try store.set("projection", to: "slice", by: "alice")
            try store.set("bitrate", to: 4_000_000, by: "bob")
            try store.set("bitrate", to: 4_000_000, by: "bob")

            let reopened = try Self.open(directory)
            #expect(reopened.current.projection == "slice")
            #expect(reopened.current.bitrate == 4_000_000)
            #expect(reopened.current[.bitrate].updatedBy == "bob")
            #expect(reopened.current[.stereo].updatedAt == nil)

            let entries = try AuditChainVerifier.verify(
                text: String(contentsOf: directory.appendingPathComponent("audit.jsonl"), encoding: .utf8),
                key: testAuditKey
            )
            #expect(entries.map(\.action) == ["flag.set", "flag.set"])
            #expect(entries.map(\.target) == ["projection", "bitrate"])
            #expect(entries[1].old == .integer(2_000_000) && entries[1].new == .integer(4_000_000))
            #expect(entries[0].actor == "alice")
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
                $0.contains(".tmp")
            }
            #expect(leftovers.isEmpty)
        }
    }

    @Test func aCorruptStateFileIsMovedAsideAndDefaultsAreUsed() async throws {
        try await withStateDirectory { directory in
            let file = directory.appendingPathComponent("flags.json")
            try Data("{\"version\": 1, \"flags\": [".utf8).write(to: file)
            let store = try Self.open(directory)
            #expect(store.current == FlagSet())
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(names.contains { $0.hasPrefix("flags.json.corrupt-") })
            #expect(AuditHead(flagsFile: file)?.seq == 0)
            try store.set("fps_cap", to: 60, by: "alice")
            #expect(try Self.open(directory).current.fpsCap == 60)
        }
    }

    @Test func anInvalidStoredValueFallsBackToItsDefault() async throws {
        try await withStateDirectory { directory in
            let text = #"{"version":1,"flags":{"fps_cap":{"value":999},"stereo":{"value":true},"warp":{"value":1}}}"#
            try Data(text.utf8).write(to: directory.appendingPathComponent("flags.json"))
            let flags = try Self.open(directory).current
            #expect(flags.fpsCap == 120)
            #expect(flags.stereo)
        }
    }

    @Test func environmentOverridesWinOverPersistedValuesAndAreAudited() async throws {
        try await withStateDirectory { directory in
            try Self.open(directory).set("advanced_rendering", to: false, by: "alice")
            let store = try Self.open(
                directory, overrides: .init(values: [.advancedRendering: true, .experimentalFeatures: false]))
            #expect(store.current.advancedRendering)
            #expect(store.current[.advancedRendering].updatedBy == "env:ADVANCED_RENDERING")
            #expect(try Self.open(directory).current.advancedRendering)
            let entries = try AuditChainVerifier.verify(
                text: String(contentsOf: directory.appendingPathComponent("audit.jsonl"), encoding: .utf8),
                key: testAuditKey
            )
            #expect(entries.map(\.action) == ["flag.set", "flag.override"])
        }
    }

    @Test func listenersHearEachAppliedChangeOnce() async throws {
        try await withStateDirectory { directory in
            let store = try Self.open(directory)
            let heard = Mutex<[FlagChange]>([])
            store.onChange { change, flags in
                #expect(flags[change.name].value == change.new)
                heard.withLock { $0.append(change) }
            }
            try store.set("stereo", to: true, by: "alice")
            try store.set("stereo", to: true, by: "alice")
            #expect(throws: FlagError.self) { try store.set("stereo", to: "yes", by: "alice") }
            #expect(heard.withLock { $0.map(\.name) } == [.stereo])
        }
    }
}
