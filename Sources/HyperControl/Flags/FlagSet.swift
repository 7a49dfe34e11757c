public import Foundation
public import HyperJSON

/// Every flag's state, as a plain value: validation and changes happen here, persistence and notification in
/// `FlagStore`.
public struct FlagSet: Sendable, Hashable {
    private var states: [FlagName: FlagState]

    /// All flags at their defaults.
    public init() {
        states = Dictionary(
            uniqueKeysWithValues: FlagDefinition.all.map {
                ($0.name, FlagState(definition: $0, value: $0.defaultValue))
            })
    }

    /// Flags in catalogue order.
    public var all: [FlagState] {
        FlagDefinition.all.map { states[$0.name]! }
    }

    public subscript(name: FlagName) -> FlagState {
        states[name]!
    }

    /// The flag called `name`; `.unknownFlag` lists the known names.
    public func state(named name: String) throws(FlagError) -> FlagState {
        guard let flag = FlagName(rawValue: name) else {
            throw FlagError(
                .unknownFlag,
                "no flag '\(name)'; flags: \(FlagName.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        return self[flag]
    }

    /// Validates `json` for the flag and applies it; returns the change (old equal to new when nothing changed).
    public mutating func set(
        _ name: String,
        to json: JSONValue,
        by actor: String,
        at time: Date
    ) throws(FlagError) -> FlagChange {
        let current = try state(named: name)
        let flag = current.definition.name
        let value = try current.definition.type.validate(json, flag: flag)
        apply(flag, value: value, by: actor, at: time)
        return FlagChange(name: flag, old: current.value, new: value, actor: actor, time: time)
    }

    /// Sets a value that is already valid (read back from the state file or the environment).
    mutating func apply(_ name: FlagName, value: FlagValue, by actor: String?, at time: Date?) {
        states[name]?.value = value
        states[name]?.updatedAt = time
        states[name]?.updatedBy = actor
    }

    public var experimentalFeatures: Bool { self[.experimentalFeatures].value.boolValue ?? false }
    public var advancedRendering: Bool { self[.advancedRendering].value.boolValue ?? true }
    public var projection: String { self[.projection].value.stringValue ?? "scene" }
    public var stereo: Bool { self[.stereo].value.boolValue ?? false }
    public var fpsCap: Int { self[.fpsCap].value.integerValue ?? 240 }
    public var codec: String { self[.codec].value.stringValue ?? "vp8" }
    public var bitrate: Int { self[.bitrate].value.integerValue ?? 2_000_000 }
    public var resolutionCap: PictureSize {
        self[.resolutionCap].value.stringValue.flatMap { try? PictureSize(parsing: $0) }
            ?? FlagDefinition.largestPicture
    }
}
