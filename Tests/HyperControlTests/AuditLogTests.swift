import Foundation
import HyperJSON
import Logging
import Testing

@testable import HyperControl

/// The hash-chained audit log: appends, paging, reopening, and verification naming the first altered line.
struct AuditLogTests {
    static let logger = Logger(label: "test")

    static func fill(_ directory: URL, count: Int) throws -> AuditLog {
        let log = try AuditLog.open(directory: directory, key: testAuditKey, logger: logger)
        for index in 1...count {
            try log.append(
                actor: "alice", action: "flag.set", target: "bitrate", old: .integer(index), new: .integer(index + 1)
            )
        }
        return log
    }

    @Test func entriesChainFromGenesisAndPageNewestFirst() async throws {
        try await withStateDirectory { directory in
            let log = try Self.fill(directory, count: 5)
            let (page, total) = log.page(PageRequest(limit: 2, offset: 1))
            #expect(total == 5)
            #expect(page.map(\.seq) == [4, 3])
            let all = log.page(PageRequest()).entries.reversed()
            #expect(all.first?.prevHash == AuditEntry.genesisHash)
            #expect(zip(all.dropFirst(), all).allSatisfy { $0.prevHash == $1.hash })
            #expect(log.page(PageRequest(limit: 10, offset: 5)).entries.isEmpty)
        }
    }

    @Test func reopeningContinuesTheChain() async throws {
        try await withStateDirectory { directory in
            _ = try Self.fill(directory, count: 3)
            let log = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            try log.append(
                actor: "bob", action: "session.create", target: "s-1", old: .null, new: ["scene": "tesseract"])
            let text = try String(contentsOf: log.url, encoding: .utf8)
            let entries = try AuditChainVerifier.verify(text: text, key: testAuditKey)
            #expect(entries.count == 4)
            #expect(entries.last?.actor == "bob")
        }
    }

    @Test func verifyNamesTheFirstEditedLine() async throws {
        try await withStateDirectory { directory in
            let log = try Self.fill(directory, count: 4)
            var lines = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n").map(String.init)
            lines[2] = lines[2].replacingOccurrences(of: "\"actor\":\"alice\"", with: "\"actor\":\"mallory\"")
            let failure = #expect(throws: AuditChainVerifier.Failure.self) {
                try AuditChainVerifier.verify(text: lines.joined(separator: "\n") + "\n", key: testAuditKey)
            }
            #expect(failure?.line == 3)
            #expect(failure?.reason.contains("does not match the entry's contents under the audit key") == true)
        }
    }

    @Test func verifyNamesARemovedLineAndAForgedLink() async throws {
        try await withStateDirectory { directory in
            let log = try Self.fill(directory, count: 4)
            let lines = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n").map(String.init)
            var removed = lines
            removed.remove(at: 1)
            #expect(throws: AuditChainVerifier.Failure(line: 2, reason: "seq is 3, expected 2")) {
                try AuditChainVerifier.verify(text: removed.joined(separator: "\n"), key: testAuditKey)
            }
            #expect(
                throws: AuditChainVerifier.Failure(
                    line: 1, reason: "not JSON: $: expected a value, found 'g' (line 1, column 1)")
            ) {
                try AuditChainVerifier.verify(text: "garbage\n")
            }
        }
    }

    @Test func aBrokenLineInTheMiddleKeepsTheEntriesBeforeItAndTheChainContinues() async throws {
        try await withStateDirectory { directory in
            let log = try Self.fill(directory, count: 3)
            log.close()
            var lines = try String(contentsOf: log.url, encoding: .utf8).split(separator: "\n").map(String.init)
            lines[1] = lines[1].replacingOccurrences(of: "\"actor\":\"alice\"", with: "\"actor\":\"mallory\"")
            try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: log.url)
            let reopened = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            let entries = reopened.page(PageRequest()).entries
            #expect(entries.map(\.action) == ["audit.reset", "flag.set"])
            #expect(entries.map(\.seq) == [2, 1])
            #expect(entries[0].prevHash == entries[1].hash)
            #expect(entries[0].old["reason"]?.stringValue?.hasPrefix("line 2:") == true)
            #expect(entries[0].old["kept_entries"] == .integer(1))
            // The whole broken file is kept, byte for byte, under the name the reset entry gives.
            let kept = try #require(entries[0].old["file"]?.stringValue)
            #expect(kept.hasPrefix("audit.jsonl.broken-"))
            #expect(
                try String(contentsOf: directory.appendingPathComponent(kept), encoding: .utf8)
                    == lines.joined(separator: "\n") + "\n")
            // What is on disk now verifies, and the next start finds nothing to repair.
            reopened.close()
            #expect(
                try AuditChainVerifier.verify(text: String(contentsOf: log.url, encoding: .utf8), key: testAuditKey)
                    .count == 2)
            let again = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(again.entries.map(\.action) == ["flag.set", "audit.reset"])
        }
    }

    @Test func theHashIsSHA256OfPythonsCanonicalJSON() {
        // hashlib.sha256(json.dumps(entry_without_hash, sort_keys=True, separators=(",", ":"),
        //                ensure_ascii=False).encode()).hexdigest() for this entry:
        let entry = AuditEntry(
            seq: 1, time: "2026-01-02T03:04:05.678Z", actor: "jwt:zoë", action: "flag.set", target: "projection",
            old: "scene", new: ["a\"b": "tab\there", "n": 1, "x": [true, nil]], prevHash: AuditEntry.genesisHash
        )
        #expect(
            entry.hashedJSON.canonicalText
                == #"{"action":"flag.set","actor":"jwt:zoë","new":{"a\"b":"tab\there","n":1,"x":[true,null]},"old":"scene","prev_hash":"0000000000000000000000000000000000000000000000000000000000000000","seq":1,"target":"projection","time":"2026-01-02T03:04:05.678Z"}"#
        )
        #expect(entry.hash == "9d4c9a1186b0707caf8f16b267328d2c90f7f79cd84238bf637a309a629329b8")
    }
}
