/// The one timeline audio and video share: seconds since the stream started, written on each medium's RTP clock
/// (90 kHz for video, 48 kHz for Opus audio), so a frame and a packet stamped for the same instant play together.
public enum MediaClock {
    /// Ticks per second of the video RTP clock (RFC 7741 for VP8).
    public static let videoClockRate = 90_000
    /// Ticks per second of the Opus RTP clock, whatever rate the audio is coded at (RFC 7587).
    public static let audioClockRate = 48_000

    /// The video timestamp of `seconds`, rounded to the nearest tick.
    public static func videoTimestamp(seconds: Double) -> Int64 {
        timestamp(seconds: seconds, rate: videoClockRate)
    }

    /// The audio timestamp of `seconds`, rounded to the nearest tick.
    public static func audioTimestamp(seconds: Double) -> Int64 {
        timestamp(seconds: seconds, rate: audioClockRate)
    }

    public static func seconds(videoTimestamp: Int64) -> Double {
        Double(videoTimestamp) / Double(videoClockRate)
    }

    public static func seconds(audioTimestamp: Int64) -> Double {
        Double(audioTimestamp) / Double(audioClockRate)
    }

    private static func timestamp(seconds: Double, rate: Int) -> Int64 {
        precondition(seconds.isFinite, "a media time must be finite, got \(seconds)")
        return Int64((seconds * Double(rate)).rounded())
    }
}
