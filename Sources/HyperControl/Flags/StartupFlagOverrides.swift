import Foundation

/// Start-up flag values from the environment (`EXPERIMENTAL_FEATURES`, `ADVANCED_RENDERING`): they win over the
/// persisted values, so the runbook step "set them false and restart" works whatever an operator set before.
public struct StartupFlagOverrides: Sendable, Equatable {
    /// The environment variable of each overridable flag.
    public static let variables: [(variable: String, flag: FlagName)] = [
        ("EXPERIMENTAL_FEATURES", .experimentalFeatures),
        ("ADVANCED_RENDERING", .advancedRendering),
    ]

    public var values: [FlagName: Bool]

    public init(values: [FlagName: Bool] = [:]) {
        self.values = values
    }

    /// Reads the variables: `true`/`false`/`1`/`0` (any case); anything else refuses the start with the reason.
    public init(environment: [String: String]) throws(ConfigurationError) {
        var values: [FlagName: Bool] = [:]
        for (variable, flag) in Self.variables {
            guard let text = environment[variable] else { continue }
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1": values[flag] = true
            case "false", "0": values[flag] = false
            default:
                throw ConfigurationError(variable, "'\(text)' is not a boolean; use true, false, 1 or 0")
            }
        }
        self.init(values: values)
    }

    /// The actor recorded for a value the environment set.
    static func actor(for flag: FlagName) -> String {
        "env:" + (variables.first { $0.flag == flag }?.variable ?? flag.rawValue)
    }
}
