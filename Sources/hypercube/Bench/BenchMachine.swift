import Foundation

/// The machine a benchmark ran on: cores, CPU model and memory, from /proc and Foundation.
struct BenchMachine: Codable, Equatable {
    var cores: Int
    var cpu: String
    var memoryGiB: Double
    var os: String

    static var current: BenchMachine {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .flatMap { $0.split(separator: ":", maxSplits: 1).last }
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        let info = ProcessInfo.processInfo
        return BenchMachine(
            cores: info.activeProcessorCount, cpu: model,
            memoryGiB: (Double(info.physicalMemory) / Double(1 << 30) * 10).rounded() / 10,
            os: info.operatingSystemVersionString)
    }
}
