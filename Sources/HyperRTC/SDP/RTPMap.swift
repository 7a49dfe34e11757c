/// One `a=rtpmap` line: the codec a dynamic RTP payload type stands for (RFC 8866 §6.6).
public struct RTPMap: Hashable, Sendable {
    /// The encoding name as the offer spells it, such as `VP8` or `opus`.
    public var codec: String
    public var clockRate: Int
    /// The audio channel count, absent when the line has none.
    public var channels: Int?

    public init(codec: String, clockRate: Int, channels: Int? = nil) {
        self.codec = codec
        self.clockRate = clockRate
        self.channels = channels
    }

    /// `VP8/90000` or `opus/48000/2`.
    public var encoding: String {
        channels.map { "\(codec)/\(clockRate)/\($0)" } ?? "\(codec)/\(clockRate)"
    }

    /// Parses the value of `a=rtpmap:`, `<payload type> <name>/<clock rate>[/<channels>]`.
    static func parse(_ value: String) -> (payloadType: Int, map: RTPMap)? {
        let parts = value.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, let payloadType = SDPNumber.parse(parts[0], in: 0...127) else { return nil }
        let encoding = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard (2...3).contains(encoding.count), !encoding[0].isEmpty,
            let clockRate = SDPNumber.parse(encoding[1], in: 1...Int(Int32.max))
        else { return nil }
        var channels: Int?
        if encoding.count == 3 {
            guard let count = SDPNumber.parse(encoding[2], in: 1...255) else { return nil }
            channels = count
        }
        return (payloadType, RTPMap(codec: String(encoding[0]), clockRate: clockRate, channels: channels))
    }
}
