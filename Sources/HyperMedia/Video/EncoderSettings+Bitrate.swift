internal import Foundation

extension EncoderSettings {
    /// Parses a bitrate in bits per second: a plain number (`2000000`) or one with a `k` or `M` suffix
    /// (`800k`, `2.5M`). Zero, negative and unparsable values throw `.invalidSettings`.
    public static func parseBitrate(_ text: String) throws(MediaError) -> Int {
        var number = Substring(text.trimmingCharacters(in: .whitespaces))
        var multiplier = 1.0
        switch number.last {
        case "k", "K":
            multiplier = 1e3
            number = number.dropLast()
        case "m", "M":
            multiplier = 1e6
            number = number.dropLast()
        default:
            break
        }
        guard let value = Double(number), value.isFinite else {
            throw MediaError(
                .invalidSettings, "bitrate '\(text)' is not a number with an optional k or M suffix (800k, 2.5M)")
        }
        let bits = (value * multiplier).rounded()
        guard bits >= 1 else {
            throw MediaError(.invalidSettings, "bitrate must be positive, got '\(text)'")
        }
        guard bits <= Double(maximumBitrate) else {
            throw MediaError(.invalidSettings, "bitrate '\(text)' is above the \(maximumBitrate) bit/s limit")
        }
        return Int(bits)
    }
}
