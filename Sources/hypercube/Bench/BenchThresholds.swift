import Foundation

/// Checked-in limits for `bench run --thresholds` (Benchmarks/thresholds/*.json, version 2): the device the figures
/// must come from, and per figure id a `max` it may not exceed and/or a `min` it may not fall under. A figure the run
/// did not produce fails, so a run that skipped a case, or fell back to another device, cannot pass.
struct BenchThresholds: Codable {
    static let supportedVersion = 2

    struct Limit: Codable {
        var max: Double?
        var min: Double?
    }

    var version: Int
    var about: String?
    /// Part of the device description the run must have used ("NVIDIA"); empty accepts any device.
    var device: String
    var figures: [String: Limit]

    static func load(path: String) throws -> BenchThresholds {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let thresholds = try JSONDecoder().decode(BenchThresholds.self, from: data)
        guard thresholds.version == supportedVersion else {
            throw BenchThresholdsError(
                "\(path) is version \(thresholds.version); this hypercube reads version \(supportedVersion)")
        }
        return thresholds
    }

    /// One line per comparison: `ok   …` within the limit, `FAIL …` past it (or missing), in figure order.
    func check(_ report: BenchReport) -> (lines: [String], failures: Int) {
        var lines: [String] = []
        var failures = 0
        func record(_ passed: Bool, _ line: String) {
            lines.append((passed ? "ok   " : "FAIL ") + line)
            if !passed { failures += 1 }
        }
        let deviceMatches = device.isEmpty || report.device.description.localizedCaseInsensitiveContains(device)
        let wanted = device.isEmpty ? "any" : "wanted one named \"\(device)\""
        record(deviceMatches, "device: \(wanted), the run used \"\(report.device.description)\"")
        let values = Dictionary(report.figures.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for (id, limit) in figures.sorted(by: { $0.key < $1.key }) {
            guard let figure = values[id] else {
                record(false, "\(id): not measured by this run")
                continue
            }
            let shown = "\(id) = \(Self.format(figure.value)) \(figure.unit)"
            if let max = limit.max {
                record(figure.value <= max, "\(shown) (max \(Self.format(max)))")
            }
            if let min = limit.min {
                record(figure.value >= min, "\(shown) (min \(Self.format(min)))")
            }
        }
        return (lines, failures)
    }

    private static func format(_ value: Double) -> String {
        String(format: "%.4g", value)
    }
}
