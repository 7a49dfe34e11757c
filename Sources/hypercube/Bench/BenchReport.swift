import Foundation
import HyperRender

/// What `bench run --json` writes: where and on what it ran, and every figure of every stage with its unit.
struct BenchReport: Codable {
    /// Bumped when a field changes meaning or goes away.
    static let currentVersion = 1

    struct Device: Codable, Equatable {
        var name: String
        var kind: String
        var vendorID: String
        var apiVersion: String
        /// As `hypercube devices` prints it; thresholds match their `device` against this.
        var description: String

        init(_ info: GPUDeviceInfo) {
            name = info.name
            kind = info.kind.rawValue
            vendorID = "0x" + String(info.vendorID, radix: 16)
            apiVersion = info.apiVersion
            description = info.description
        }
    }

    struct Stage: Codable {
        var name: String
        var seconds: Double
        var figures: [BenchFigure]
    }

    var version = currentVersion
    var date: String
    /// `git rev-parse HEAD` where the run started, when that works.
    var commit: String?
    var quick: Bool
    var arguments: [String]
    var machine: BenchMachine
    var device: Device
    var stages: [Stage]

    var figures: [BenchFigure] { stages.flatMap(\.figures) }

    func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }

    /// The commit of the working directory, or nil outside a git checkout (or without git).
    static func currentCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let commit = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return commit.isEmpty ? nil : commit
    }
}
