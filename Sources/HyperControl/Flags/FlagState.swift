public import Foundation
public import HyperJSON

/// A flag's current value and who set it when; never-set flags have their default and no author.
public struct FlagState: Sendable, Hashable {
    public var definition: FlagDefinition
    public var value: FlagValue
    public var updatedAt: Date?
    public var updatedBy: String?

    public init(definition: FlagDefinition, value: FlagValue, updatedAt: Date? = nil, updatedBy: String? = nil) {
        self.definition = definition
        self.value = value
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
    }

    /// The flag as the API shows it: name, description, type (with its constraints), default, value and who
    /// changed it when.
    public var json: JSONValue {
        var object: JSONObject = [
            "name": .string(definition.name.rawValue),
            "description": .string(definition.description),
            "type": .string(definition.type.name),
            "default": definition.defaultValue.json,
            "value": value.json,
            "updated_at": updatedAt.map { .string(Timestamp.string($0)) } ?? .null,
            "updated_by": updatedBy.map(JSONValue.string) ?? .null,
        ]
        for (key, constraint) in definition.type.constraints { object[key] = constraint }
        return .object(object)
    }
}

/// One applied flag change, for listeners and the audit log.
public struct FlagChange: Sendable, Hashable {
    public var name: FlagName
    public var old: FlagValue
    public var new: FlagValue
    public var actor: String
    public var time: Date
}
