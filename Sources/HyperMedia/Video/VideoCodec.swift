/// The video codecs the encoder and decoder speak: VP8 (every WebRTC peer) and VP9 (better compression).
public enum VideoCodec: String, CaseIterable, Sendable {
    case vp8
    case vp9

    /// Parses a command-line or configuration value such as `vp8` or `VP9`.
    public init(argument: String) throws(MediaError) {
        guard let codec = VideoCodec(rawValue: argument.lowercased()) else {
            let expected = Self.allCases.map(\.rawValue).joined(separator: " or ")
            throw MediaError(.invalidSettings, "unknown codec '\(argument)' (expected \(expected))")
        }
        self = codec
    }
}
