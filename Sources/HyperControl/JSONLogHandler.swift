import Foundation
import HyperJSON
public import Logging

/// Writes one JSON object per log line to standard output: time, level, label, message and metadata
/// (request id, session, viewer …), the shape log collectors ingest without parsing rules.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    /// Metadata added to every line at the time it is written: the active trace's `trace_id` and `span_id` when traces
    /// are exported.
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String

    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var object: JSONObject = [
            "time": .string(Self.timestamp()),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string("\(event.message)"),
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided, uniquingKeysWith: { $1 }) }
        for (key, value) in merged.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = .string("\(value)")
        }
        FileHandle.standardOutput.write(Data((JSONValue.object(object).canonicalText + "\n").utf8))
    }

    private static func timestamp() -> String {
        Timestamp.string(Date())
    }
}
