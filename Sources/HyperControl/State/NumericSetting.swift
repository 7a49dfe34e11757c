/// Numbers read at start from the environment or the command line: finite and inside the range the server can
/// work with, or a `ConfigurationError` that names the setting, the value and the range (`nan`, `inf`, negatives
/// and typos are refused instead of silently becoming a default or a timer that never fires).
public enum NumericSetting {
    /// The value of `text` for `setting` (an environment variable or `--option`), which must lie in `range`.
    public static func double(
        _ setting: String, _ text: String, in range: ClosedRange<Double>
    ) throws(ConfigurationError) -> Double {
        guard let value = Double(text) else {
            throw ConfigurationError(setting, "'\(text)' is not a number; expected \(describe(range))")
        }
        return try check(setting, value, in: range)
    }

    public static func integer(
        _ setting: String, _ text: String, in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard let value = Int(text) else {
            throw ConfigurationError(
                setting, "'\(text)' is not an integer; expected \(range.lowerBound)...\(range.upperBound)")
        }
        return try check(setting, value, in: range)
    }

    /// `value` (already a number, as from an option) if it is finite and in `range`.
    @discardableResult
    public static func check(
        _ setting: String, _ value: Double, in range: ClosedRange<Double>
    ) throws(ConfigurationError) -> Double {
        guard value.isFinite, range.contains(value) else {
            throw ConfigurationError(setting, "\(value) is out of range; expected \(describe(range))")
        }
        return value
    }

    @discardableResult
    public static func check(
        _ setting: String, _ value: Int, in range: ClosedRange<Int>
    ) throws(ConfigurationError) -> Int {
        guard range.contains(value) else {
            throw ConfigurationError(
                setting, "\(value) is out of range; expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// The environment variable `name` as a number in `range`, or `fallback` when it is unset or empty.
    public static func double(
        environment: [String: String], _ name: String, in range: ClosedRange<Double>, default fallback: Double
    ) throws(ConfigurationError) -> Double {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        return try double(name, text, in: range)
    }

    public static func integer(
        environment: [String: String], _ name: String, in range: ClosedRange<Int>, default fallback: Int
    ) throws(ConfigurationError) -> Int {
        guard let text = environment[name], !text.isEmpty else { return fallback }
        return try integer(name, text, in: range)
    }

    private static func describe(_ range: ClosedRange<Double>) -> String {
        "a finite number in \(format(range.lowerBound))...\(format(range.upperBound))"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
