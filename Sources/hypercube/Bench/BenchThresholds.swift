import Foundation
import HyperJSON

/// Checked-in limits for `bench run --thresholds` (Benchmarks/thresholds/*.json, version 2): the device the figures
/// must come from, and per figure id a `max` it may not exceed and/or a `min` it may not fall under. A figure the run
/// did not produce fails, so a run that skipped a case, or fell back to another device, cannot pass.
struct BenchThresholds {
    static let supportedVersion = 2

    struct Limit {
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
        do {
            return try BenchThresholds(json: try JSONValue(parsing: data))
        } catch let error as JSONParseError {
            throw BenchThresholdsError("\(path): not JSON: \(error)")
        } catch let error as BenchThresholdsError {
            throw BenchThresholdsError("\(path): \(error.description)")
        }
    }

    /// Reads a thresholds document strictly: unknown members and mistyped values are errors, so a typo in a limit
    /// cannot silently turn it off.
    init(json document: JSONValue) throws(BenchThresholdsError) {
        func object(_ value: JSONValue?, _ path: String, keys: Set<String>) throws(BenchThresholdsError) -> JSONObject {
            guard case .object(let members)? = value else { throw BenchThresholdsError("\(path): expected an object") }
            if let extra = members.keys.first(where: { !keys.contains($0) }) {
                throw BenchThresholdsError(
                    "\(path).\(extra): unknown member; expected \(keys.sorted().joined(separator: ", "))")
            }
            return members
        }
        func number(_ value: JSONValue?, _ path: String) throws(BenchThresholdsError) -> Double? {
            guard let value else { return nil }
            guard let number = value.doubleValue else {
                throw BenchThresholdsError("\(path): expected a number, got \(value.typeDescription)")
            }
            return number
        }
        let top = try object(document, "$", keys: ["version", "about", "device", "figures"])
        guard let version = top["version"]?.integerValue else {
            throw BenchThresholdsError("$.version: expected an integer")
        }
        guard version == Self.supportedVersion else {
            throw BenchThresholdsError("version \(version); this hypercube reads version \(Self.supportedVersion)")
        }
        self.version = version
        about = top["about"]?.stringValue
        guard let device = top["device"]?.stringValue else { throw BenchThresholdsError("$.device: expected a string") }
        self.device = device
        guard case .object(let listed)? = top["figures"] else {
            throw BenchThresholdsError("$.figures: expected an object")
        }
        var figures: [String: Limit] = [:]
        for (id, value) in listed {
            let limit = try object(value, "$.figures.\(id)", keys: ["max", "min"])
            figures[id] = Limit(
                max: try number(limit["max"], "$.figures.\(id).max"),
                min: try number(limit["min"], "$.figures.\(id).min"))
        }
        self.figures = figures
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
