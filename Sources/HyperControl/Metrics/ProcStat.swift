import Foundation

/// One `stat` file of Linux's /proc (proc(5)) — a process's or a thread's: its command name and the numbered fields
/// after it. The one parser behind the process metrics on `/metrics` and the fan-out benchmark's CPU figures.
public struct ProcStat: Sendable {
    /// The command (or thread) name, field 2, without its parentheses (it may hold spaces).
    public let name: String
    /// Fields 3 (state) on.
    private let fields: [Substring]

    /// Reads and parses `path`; nil when it cannot be read or has no command field.
    public init?(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        self.init(text)
    }

    public init?(_ text: String) {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        name = String(text[text.index(after: open)..<close])
        fields = text[text.index(after: close)...].split(separator: " ")
    }

    /// Field `number` as proc(5) numbers them (14 is utime), when it is there and numeric.
    public func field(_ number: Int) -> Double? {
        let index = number - 3
        return fields.indices.contains(index) ? Double(fields[index]) : nil
    }

    /// User plus system CPU seconds (fields 14 and 15).
    public var cpuSeconds: Double? {
        guard let user = field(14), let system = field(15) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
