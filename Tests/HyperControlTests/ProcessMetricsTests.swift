import Foundation
import Testing

@testable import HyperControl

/// The process families on `/metrics` describe this process: each standard name once, typed, with values that agree
/// with what the test knows of itself. (Tests/e2e/test_metrics.py compares them with
/// `/proc` of a real server.)
@Suite struct ProcessMetricsTests {
    private func figures() throws -> [String: Double] {
        let text = ProcessMetrics.text()
        var values: [String: Double] = [:]
        var types: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ")
            if line.hasPrefix("# TYPE ") {
                types[String(parts[2])] = String(parts[3])
            } else if !line.hasPrefix("#") {
                #expect(parts.count == 2, "a sample line has a name and a value: \(line)")
                values[String(parts[0])] = try #require(Double(String(parts[1])), "\(line)")
            }
        }
        #expect(types["process_cpu_seconds_total"] == "counter")
        for name in values.keys where name != "process_cpu_seconds_total" { #expect(types[name] == "gauge", "\(name)") }
        return values
    }

    @Test func everyFamilyIsThereWithASaneValue() throws {
        let values = try figures()
        #expect(
            Set(values.keys) == [
                "process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                "process_open_fds", "process_max_fds", "process_start_time_seconds",
            ])
        #expect(try #require(values["process_cpu_seconds_total"]) > 0)
        let resident = try #require(values["process_resident_memory_bytes"])
        #expect(resident > Double(1 << 20) && resident <= values["process_virtual_memory_bytes"] ?? 0)
        let started = try #require(values["process_start_time_seconds"])
        let now = Date().timeIntervalSince1970
        #expect(started <= now + 1 && started > now - 86_400, "started \(now - started) s ago")
        let open = try #require(values["process_open_fds"])
        #expect(open >= 3 && open <= values["process_max_fds"] ?? 0)
    }

    /// A command name may hold spaces and parentheses: the fields are counted after its last ')'.
    @Test func aStatLineIsReadAroundAnOddCommandName() throws {
        let fields = (3...24).map { $0 == 3 ? "S" : String($0 * 10) }.joined(separator: " ")
        let stat = try #require(ProcStat("4242 (NIO-ELT-0 (x) #1) \(fields)"))
        #expect(stat.name == "NIO-ELT-0 (x) #1")
        #expect(stat.field(14) == 140 && stat.field(24) == 240 && stat.field(25) == nil && stat.field(3) == nil)
        #expect(ProcStat("no command field") == nil)
        #expect(try #require(ProcStat(path: "/proc/self/stat")).cpuSeconds ?? 0 > 0)
    }
}
