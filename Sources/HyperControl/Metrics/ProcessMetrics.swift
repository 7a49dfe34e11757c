import Foundation

/// The process's own figures in the Prometheus client libraries' standard names, read from `/proc/self` at each
/// scrape: CPU seconds, resident and virtual memory, open and maximum file descriptors, start time. Operators' process
/// dashboards and the fd-exhaustion alerts they already have work unchanged.
enum ProcessMetrics {
    /// The exposition text of the figures that could be read (none off Linux).
    static func text() -> String {
        var lines: [String] = []
        func add(_ name: String, _ type: String, _ help: String, _ value: Double?) {
            guard let value else { return }
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            lines.append("\(name) \(format(value))")
        }
        let stat = Stat.read()
        add("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", stat?.cpuSeconds)
        add("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", stat?.residentBytes)
        add("process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", stat?.virtualBytes)
        add("process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
            stat?.startTimeSeconds)
        add("process_open_fds", "gauge", "Number of open file descriptors.", openDescriptors())
        add("process_max_fds", "gauge", "Maximum number of open file descriptors.", maximumDescriptors())
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    private static func format(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// The fields of `/proc/self/stat` the figures need, converted to seconds and bytes.
    struct Stat {
        var cpuSeconds: Double
        var virtualBytes: Double
        var residentBytes: Double
        var startTimeSeconds: Double?

        static func read() -> Stat? {
            guard let stat = ProcStat(path: "/proc/self/stat"), let cpu = stat.cpuSeconds,
                let virtual = stat.field(23), let resident = stat.field(24)
            else { return nil }
            var start: Double?
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            if let startTicks = stat.field(22), let boot = bootTimeSeconds() { start = boot + startTicks / ticks }
            return Stat(
                cpuSeconds: cpu, virtualBytes: virtual, residentBytes: resident * Double(sysconf(Int32(_SC_PAGESIZE))),
                startTimeSeconds: start)
        }

        /// `btime` of `/proc/stat`: when the machine booted, in seconds since the epoch.
        private static func bootTimeSeconds() -> Double? {
            guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8) else { return nil }
            let line = text.split(separator: "\n").first { $0.hasPrefix("btime ") }
            return line.flatMap { Double($0.dropFirst(6).trimmingCharacters(in: .whitespaces)) }
        }
    }

    /// The entries of `/proc/self/fd`, less the one the listing itself holds open.
    private static func openDescriptors() -> Double? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map { Double($0.count - 1) }
    }

    private static func maximumDescriptors() -> Double? {
        #if os(Linux)
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
            return Double(limit.rlim_cur)
        #else
            return nil
        #endif
    }
}
