import Foundation
import HyperControl

/// CPU time and resident memory of a process, read from Linux's /proc.
struct ProcessUsage {
    /// User plus system CPU seconds of all the process's threads so far.
    var cpuSeconds: Double
    /// The part of `cpuSeconds` spent by threads SwiftNIO names `NIO-ELT-…`: the event loops of the media socket
    /// (fan-out, SRTP, the UDP sends and, on loopback, the kernel's delivery of them) and of HTTP, apart from the
    /// render and encode threads.
    var eventLoopCPUSeconds: Double
    /// Resident set size (VmRSS).
    var residentBytes: Int

    static let eventLoopThreadPrefix = "NIO-ELT-"

    /// Reads `/proc/<pid>/stat`, every `/proc/<pid>/task/<tid>/stat` and `/proc/<pid>/status` (VmRSS).
    static func read(pid: Int32) throws -> ProcessUsage {
        let process = try cpuSeconds(statFile: "/proc/\(pid)/stat")
        var eventLoops = 0.0
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        for task in tasks {
            guard let thread = try? cpuSeconds(statFile: "/proc/\(pid)/task/\(task)/stat"),
                thread.name.hasPrefix(eventLoopThreadPrefix)
            else { continue }
            eventLoops += thread.seconds
        }
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let rssLine = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        guard let kilobytes = rssLine?.split(separator: " ").dropFirst().first.flatMap({ Int($0) }) else {
            throw FanoutBenchError(.procfs, "/proc/\(pid)/status has no VmRSS")
        }
        return ProcessUsage(
            cpuSeconds: process.seconds, eventLoopCPUSeconds: eventLoops, residentBytes: kilobytes * 1024)
    }

    /// This process.
    static func current() throws -> ProcessUsage {
        try read(pid: getpid())
    }

    /// The command (thread) name and utime + stime of a `stat` file.
    private static func cpuSeconds(statFile path: String) throws -> (name: String, seconds: Double) {
        guard let stat = ProcStat(path: path) else { throw FanoutBenchError(.procfs, "\(path) has no command field") }
        guard let seconds = stat.cpuSeconds else { throw FanoutBenchError(.procfs, "\(path) has no utime and stime") }
        return (stat.name, seconds)
    }
}
