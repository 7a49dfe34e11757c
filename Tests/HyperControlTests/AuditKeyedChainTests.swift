import Foundation
import HyperJSON
import Logging
import Testing

@testable import HyperControl

/// The keyed chain: where the key comes from, and each rewrite `audit verify` must catch — an edited entry, a
/// re-hashed rewrite without the key, reordered lines, a deleted tail — plus the migration of unkeyed entries.
struct AuditKeyedChainTests {
    static let logger = Logger(label: "test")

    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    static func verify(_ lines: [String]) throws(AuditChainVerifier.Failure) -> [AuditEntry] {
        try AuditChainVerifier.verify(text: lines.joined(separator: "\n") + "\n", key: testAuditKey)
    }

    /// `entries` re-chained from genesis with `key` (`nil`: unkeyed) up to index `unkeyedFrom`, unkeyed after it, as
    /// an attacker without the audit key would.
    static func rechain(_ entries: [AuditEntry], key: AuditKey?, unkeyedFrom: Int = .max) -> [String] {
        var previous = AuditEntry.genesisHash
        return entries.enumerated().map { index, entry in
            let forged = AuditEntry(
                seq: entry.seq, time: entry.time, actor: entry.actor, action: entry.action, target: entry.target,
                old: entry.old, new: entry.new, prevHash: previous, key: index < unkeyedFrom ? key : nil
            )
            previous = forged.hash
            return forged.json.canonicalText
        }
    }

    @Test func theKeyFileIsCreatedPrivateAndReusedAndTheEnvironmentWins() async throws {
        try await withStateDirectory { directory in
            let created = try #require(try AuditKey.load(directory: directory, environment: [:], create: true))
            let path = directory.appendingPathComponent(AuditKey.fileName).path
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(created.bytes.count == 64)
            #expect(try AuditKey.load(directory: directory, environment: [:], create: false) == created)
            let fromEnvironment = try AuditKey.load(
                directory: directory, environment: [AuditKey.environmentVariable: "from-the-environment-0123"],
                create: true)
            #expect(fromEnvironment == (try AuditKey("from-the-environment-0123")))
            #expect(throws: StateError.self) { try AuditKey("short") }
        }
    }

    @Test func entriesAreKeyedAndAnotherKeyDoesNotVerify() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 2)
            #expect(log.entries.allSatisfy { $0.keyed })
            let text = try String(contentsOf: log.url, encoding: .utf8)
            #expect(text.contains("\"alg\":\"hmac-sha256\""))
            #expect(throws: AuditChainVerifier.Failure.self) {
                try AuditChainVerifier.verify(text: text, key: AuditKey("another-key-0123456789abcdef"))
            }
            #expect(
                throws: AuditChainVerifier.Failure(
                    line: 1, reason: "the entry is keyed (HMAC-SHA256) and no audit key was given")
            ) {
                try AuditChainVerifier.verify(text: text)
            }
        }
    }

    @Test func aRehashedRewriteWithoutTheKeyFails() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 3)
            var edited = log.entries
            edited[1].actor = "mallory"
            let guessedKey = try AuditKey("a-guessed-key-0123456789abcdef")
            let failure = #expect(throws: AuditChainVerifier.Failure.self) {
                try Self.verify(Self.rechain(edited, key: guessedKey))
            }
            #expect(failure?.line == 1)
            #expect(failure?.reason.contains("under the audit key") == true)
            let downgraded = #expect(throws: AuditChainVerifier.Failure.self) {
                try Self.verify(Self.rechain(edited, key: testAuditKey, unkeyedFrom: 1))
            }
            #expect(downgraded?.line == 2)
            #expect(downgraded?.reason.hasPrefix("unkeyed entry after keyed ones") == true)
        }
    }

    @Test func reorderedLinesFail() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 3)
            var lines = try Self.lines(log.url)
            lines.swapAt(1, 2)
            #expect(throws: AuditChainVerifier.Failure(line: 2, reason: "seq is 3, expected 2")) {
                try Self.verify(lines)
            }
        }
    }

    @Test func aDeletedTailOrAnUnkeyedRewriteMissesTheHeadInFlagsJSON() async throws {
        try await withStateDirectory { directory in
            let store = try FlagStoreTests.open(directory)
            try store.set("stereo", to: true, by: "alice")
            try store.set("bitrate", to: 3_000_000, by: "alice")
            let flagsFile = directory.appendingPathComponent("flags.json")
            let logFile = directory.appendingPathComponent(AuditLog.fileName)
            let head = try #require(AuditHead(flagsFile: flagsFile))
            #expect(head.seq == 2)

            let lines = try Self.lines(logFile)
            let shortened = try Self.verify(Array(lines.dropLast()))
            #expect(head.mismatch(in: shortened, key: testAuditKey)?.contains("entries were deleted") == true)
            let unkeyed = try Self.verify(Self.rechain(try Self.verify(lines), key: nil))
            #expect(head.mismatch(in: unkeyed, key: testAuditKey)?.contains("rewritten") == true)

            let moved = AuditHead(seq: 1, hash: shortened[0].hash, mac: head.mac)
            #expect(moved.mismatch(in: shortened, key: testAuditKey)?.contains("does not carry its MAC") == true)
            #expect(moved.signed(with: testAuditKey).mismatch(in: shortened, key: testAuditKey) == nil)

            try Data((lines.dropLast().joined(separator: "\n") + "\n").utf8).write(to: logFile)
            _ = try FlagStoreTests.open(directory)
            let after = try Self.verify(try Self.lines(logFile))
            #expect(after.map(\.action) == ["flag.set", "audit.head-mismatch"])
            #expect(AuditHead(flagsFile: flagsFile) == after.last?.head.signed(with: testAuditKey))
        }
    }

    @Test func unkeyedEntriesFromBeforeTheKeyAreTiedToTheKeyedChain() async throws {
        try await withStateDirectory { directory in
            let logFile = directory.appendingPathComponent(AuditLog.fileName)
            let legacy = AuditEntry(
                seq: 1, time: "2026-01-02T03:04:05.678Z", actor: "alice", action: "flag.set", target: "stereo",
                old: false, new: true, prevHash: AuditEntry.genesisHash
            )
            try Data((legacy.json.canonicalText + "\n").utf8).write(to: logFile)
            let log = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(log.entries.map(\.action) == ["flag.set", "audit.keyed"])
            #expect(log.entries.map(\.keyed) == [false, true])
            let lines = try Self.lines(logFile)
            #expect(try Self.verify(lines).count == 2)
            let edited = lines[0].replacingOccurrences(of: "alice", with: "mallory")
            #expect(throws: AuditChainVerifier.Failure.self) { try Self.verify([edited, lines[1]]) }
        }
    }
}
