import Foundation
import HyperFiles
import Testing

/// The one whole-file writer: the destination only ever holds the old contents or the new ones.
struct AtomicFileWriterTests {
    private func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test func theDestinationHoldsTheOldContentsUntilCommit() throws {
        try withDirectory { directory in
            let url = directory.appendingPathComponent("state.json")
            try AtomicFileWriter.write(Array("old".utf8), to: url, kind: "state", permissions: 0o600)
            let writer = try AtomicFileWriter(url: url, kind: "state")
            try writer.append(Array("new, ".utf8))
            try writer.append(Array("longer".utf8))
            try writer.overwrite(Array("NEW".utf8), at: 0)
            #expect(try String(contentsOf: url, encoding: .utf8) == "old")
            try writer.commit()
            #expect(try String(contentsOf: url, encoding: .utf8) == "NEW, longer")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["state.json"])
            #expect(throws: FileWriteError.self) { try writer.append([1]) }
        }
    }

    @Test func aWriterNeverCommittedLeavesNothingBehind() throws {
        try withDirectory { directory in
            do {
                let writer = try AtomicFileWriter(url: directory.appendingPathComponent("frames.ivf"), kind: "IVF")
                try writer.append([1, 2, 3])
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test func permissionsAreThoseAsked() throws {
        try withDirectory { directory in
            let url = directory.appendingPathComponent("audit.key")
            try AtomicFileWriter.write(Array("secret".utf8), to: url, kind: "key", permissions: 0o600)
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        }
    }

    @Test func aMissingDirectoryIsNamedInTheError() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/x.png")
        do {
            try AtomicFileWriter.write([1], to: url, kind: "PNG")
            Issue.record("wrote into a missing directory")
        } catch {
            #expect(error.message == "cannot create PNG file \(url.path): No such file or directory")
            #expect(error.messageWithoutPath == "cannot create PNG file: No such file or directory")
        }
    }
}
