#if canImport(Glibc)
    import Glibc
#endif

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

    /// The fields of `/proc/self/stat` (proc(5)) the figures need, converted to seconds and bytes.
    struct Stat {
        var cpuSeconds: Double
        var virtualBytes: Double
        var residentBytes: Double
        var startTimeSeconds: Double?

        static func read() -> Stat? {
            #if os(Linux)
                guard let text = readFile("/proc/self/stat"), let close = text.lastIndex(of: ")") else { return nil }
                // After the command name in parentheses (which may hold spaces): field 3 (state) onwards.
                let fields = text[text.index(after: close)...].split(separator: " ")
                func field(_ number: Int) -> Double? { Double(fields[safe: number - 3] ?? "") }
                let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
                let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
                guard ticks > 0, let user = field(14), let system = field(15), let virtual = field(23),
                    let resident = field(24)
                else { return nil }
                var start: Double?
                if let startTicks = field(22), let boot = bootTimeSeconds() { start = boot + startTicks / ticks }
                return Stat(
                    cpuSeconds: (user + system) / ticks, virtualBytes: virtual, residentBytes: resident * pageSize,
                    startTimeSeconds: start)
            #else
                return nil
            #endif
        }

        /// `btime` of `/proc/stat`: when the machine booted, in seconds since the epoch.
        private static func bootTimeSeconds() -> Double? {
            guard let text = readFile("/proc/stat") else { return nil }
            for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
                return Double(line.dropFirst(6).trimmingCharacters(in: " "))
            }
            return nil
        }
    }

    private static func openDescriptors() -> Double? {
        #if os(Linux)
            guard let directory = opendir("/proc/self/fd") else { return nil }
            defer { closedir(directory) }
            var count = 0
            while let entry = readdir(directory) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(2), as: UTF8.self) }
                if !name.hasPrefix(".") { count += 1 }
            }
            return Double(count - 1)  // the directory stream's own descriptor
        #else
            return nil
        #endif
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

    private static func readFile(_ path: String) -> String? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Collection {
    fileprivate subscript(safe index: Index) -> Element? {
        indices.contains(index) ? self[index] : nil
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> Substring {
        var text = self
        while text.first == character { text = text.dropFirst() }
        while text.last == character { text = text.dropLast() }
        return text
    }
}
