public import Foundation

/// The secret the audit chain's HMAC is keyed with: `HYPERCUBE_AUDIT_KEY`, else the text of `audit.key` in the state
/// directory (32 random bytes as hex, created 0600 on first start). Whoever can write the log but not read the key
/// cannot forge a chain that verifies.
public struct AuditKey: Sendable, Hashable {
    public static let environmentVariable = "HYPERCUBE_AUDIT_KEY"
    public static let fileName = "audit.key"
    /// Shortest key accepted, in bytes.
    public static let minimumLength = 16

    public let bytes: [UInt8]

    public init(_ text: String) throws(StateError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.utf8.count >= Self.minimumLength else {
            throw StateError(
                path: Self.environmentVariable, "the audit key must be at least \(Self.minimumLength) bytes")
        }
        bytes = Array(trimmed.utf8)
    }

    /// The key from the environment, else from `audit.key` in `directory`; with `create`, a missing file is made.
    /// `nil` when there is neither and `create` is false.
    public static func load(
        directory: URL,
        environment: [String: String],
        create: Bool
    ) throws(StateError) -> AuditKey? {
        if let text = environment[environmentVariable], !text.isEmpty { return try AuditKey(text) }
        let url = directory.appendingPathComponent(fileName)
        if FileManager.default.fileExists(atPath: url.path) {
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw StateError(path: url.path, "cannot read the audit key: \(error.localizedDescription)")
            }
            do {
                return try AuditKey(text)
            } catch {
                throw StateError(path: url.path, error.message)
            }
        }
        guard create else { return nil }
        var generator = SystemRandomNumberGenerator()
        let text = (0..<32).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return byte < 16 ? "0" + String(byte, radix: 16) : String(byte, radix: 16)
        }.joined()
        try DurableFile.replace(url, with: Array((text + "\n").utf8))
        return try AuditKey(text)
    }
}
