import Foundation
import HyperJSON
import Logging
import Synchronization
import Testing

@testable import HyperControl

/// What the audit log survives without restarting its chain: a crash mid-append, an fsync that fails after the
/// write, a byte that is not UTF-8.
struct AuditRecoveryTests {
    static let logger = Logger(label: "test")

    static func lines(_ url: URL) throws -> [String] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func aTornLastLineIsTruncatedAndTheChainContinues() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 3)
            log.close()
            let intact = try Data(contentsOf: log.url)
            let handle = try FileHandle(forWritingTo: log.url)
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("{\"seq\":4,\"tor".utf8))
            try handle.close()

            let reopened = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(try Data(contentsOf: log.url) == intact)
            #expect(reopened.count == 3)
            let entry = try reopened.append(actor: "bob", action: "flag.set", target: "stereo", old: false, new: true)
            #expect(entry.seq == 4)
            let text = try String(contentsOf: log.url, encoding: .utf8)
            #expect(try AuditChainVerifier.verify(text: text, key: testAuditKey).count == 4)
            let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            #expect(!names.contains { $0.hasPrefix("audit.jsonl.broken-") })
        }
    }

    @Test func aLastEntryCutOffBeforeItsNewlineIsKept() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 2)
            log.close()
            let text = try String(contentsOf: log.url, encoding: .utf8)
            try Data(text.dropLast().utf8).write(to: log.url)
            let reopened = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(reopened.count == 2)
            try reopened.append(actor: "bob", action: "flag.set", target: "stereo", old: false, new: true)
            let after = try String(contentsOf: log.url, encoding: .utf8)
            #expect(try AuditChainVerifier.verify(text: after, key: testAuditKey).map(\.seq) == [1, 2, 3])
        }
    }

    @Test func aFailedFsyncLeavesNoEntryAndTheChainContinues() async throws {
        try await withStateDirectory { directory in
            _ = try AuditLogTests.fill(directory, count: 2)
            let failing = Mutex(true)
            let log = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger) { descriptor in
                failing.withLock { $0 } ? -1 : fsync(descriptor)
            }
            let before = try Data(contentsOf: log.url)
            #expect(throws: StateError.self) {
                try log.append(actor: "bob", action: "flag.set", target: "stereo", old: false, new: true)
            }
            #expect(try Data(contentsOf: log.url) == before)
            #expect(log.count == 2)
            failing.withLock { $0 = false }
            #expect(try log.append(actor: "bob", action: "flag.set", target: "stereo", old: false, new: true).seq == 3)
            log.close()
            let reopened = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(reopened.entries.map(\.action) == ["flag.set", "flag.set", "flag.set"])
        }
    }

    @Test func anInvalidUTF8ByteIsReportedWithItsLineAndTheLogStillOpens() async throws {
        try await withStateDirectory { directory in
            let log = try AuditLogTests.fill(directory, count: 3)
            log.close()
            var bytes = Array(try Data(contentsOf: log.url))
            let secondLine = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
            let actor = bytes[secondLine...].firstIndex(of: UInt8(ascii: "a"))!
            bytes[actor] = 0xFF
            try Data(bytes).write(to: log.url)

            let scan = AuditLogScan(bytes: bytes, key: testAuditKey)
            #expect(scan.failure == AuditChainVerifier.Failure(line: 2, reason: "invalid UTF-8"))
            #expect(scan.entries.count == 1)
            let reopened = try AuditLog.open(directory: directory, key: testAuditKey, logger: Self.logger)
            #expect(reopened.entries.map(\.action) == ["flag.set", "audit.reset"])
            #expect(reopened.entries[1].old["reason"]?.stringValue == "line 2: invalid UTF-8")
        }
    }
}
